"""Reviewing changes: the Norwegian change report, tracked-changes DOCX, textconv, Markdown."""

import os
import re
import shutil
import subprocess
import zipfile
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from samarbeid_docs import cli
from samarbeid_docs.bygging.bygg import DOCX_DIR, build
from samarbeid_docs.kilder import git
from samarbeid_docs.konverter.pdf import find_soffice

from .conftest import REPO, edit, in_ci
from .docx_tekst import docx_lines
from .revisjoner import resolve_all

pytestmark = pytest.mark.slow  # left out of `make test-rask`

AREA = "avtaler/omrader/plan.yaml"


def sh(root, *args):
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(args, cwd=root, env=env, capture_output=True, text=True, check=True)


def repo(root):
    sh(root, "git", "init", "-q", "-b", "main")
    sh(root, "git", "add", "-A")
    sh(root, "git", "commit", "-qm", "første versjon")
    return root


def run(*args):
    return CliRunner().invoke(cli.main, list(args), prog_name="samarbeid")


@pytest.fixture
def real_repo(real_copy):
    return repo(real_copy)


@pytest.fixture
def minimal_repo(minimal):
    return repo(minimal)


def test_nothing_changed(real_repo):
    result = run("-C", str(real_repo), "endringer")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Ingen endringer fra HEAD (") and result.stdout.endswith(
        ") til arbeidskopien.\n")


def test_new_population_figure_recomputes_every_cost_split(real_repo):
    edit(real_repo / "avtaler/kommuner.yaml", "        antall: 1871", "        antall: 1971")
    out = run("-C", str(real_repo), "endringer").stdout
    assert "Felles grunnlag\n  Folketall for Os per 1. januar 2026: 1\u00a0871 → 1\u00a0971\n" in out
    assert ("Ny kostnadsfordeling i 19 avtaler\n"
            "  Røros kommune: 48,8\u00a0% → 48,4\u00a0%\n"
            "  Os kommune: 25,1\u00a0% → 25,6\u00a0%\n"
            "  Holtålen kommune: 26,1\u00a0% → 26,0\u00a0%\n") in out
    assert "NAV" not in out.split("(gjelder")[1].split(")")[0]  # Os is not in the two-party areas


def _add_game(root):
    """One words' change in the agricultural office's tasks."""
    edit(root / "avtaler/omrader/landbruk.yaml", "  - kommunenes forvaltningsoppgaver innen jordbruk og skogbruk",
         "  - kommunenes forvaltningsoppgaver innen jordbruk, skogbruk og vilt")


def test_facts_and_words(real_repo):
    edit(real_repo / "avtaler/omrader/landbruk.yaml", "vertskommune: os", "vertskommune: roros")
    _add_game(real_repo)
    sh(real_repo, "git", "commit", "-qam", "landbruk til Røros")
    out = run("-C", str(real_repo), "endringer", "HEAD~1", "HEAD").stdout
    assert "Felles landbrukskontor (endret)\n  Vertskommune: Os → Røros\n" in out
    assert ("  Tekst, Oppgaver som legges til vertskommunen: kommunenes forvaltningsoppgaver "
            "innen jordbruk{+, skogbruk+} og [-skogbruk-]{+vilt+}\n") in out
    assert "  Tekst, Vertskommune: [-Os-]{+Røros+} kommune er vertskommune for samarbeidet" in out
    assert ("kommune orienterer Statsforvalteren i [-Innlandet-]{+Trøndelag+} og Statsforvalteren i "
            "[-Trøndelag-]{+Innlandet+} om at samarbeidet er videreført") in out
    markdown = run("-C", str(real_repo), "endringer", "HEAD~1", "HEAD", "--format", "markdown").stdout
    assert "### Felles landbrukskontor (endret)\n- Vertskommune: Os → Røros\n" in markdown
    assert "jordbruk<ins>, skogbruk</ins> og <del>skogbruk</del><ins>vilt</ins>" in markdown


def test_a_new_text_under_the_same_version_and_date_is_pointed_out(real_repo):
    """Two different texts with one version and date could be adopted in each other's place:
    the report and the page say which documents need a new date."""
    _add_game(real_repo)
    out = run("-C", str(real_repo), "endringer").stdout
    assert ("Samme versjon, ny tekst\n  Teksten er endret, men versjonen og datoen er de samme som før "
            "i ett dokument: «Felles landbrukskontor». Sett ny dato, og ny versjon der det passer, "
            "under «dato» og «versjon» i avtaler/samarbeidsavtale.yaml") in out
    # a new date answers it
    edit(real_repo / "avtaler/samarbeidsavtale.yaml", "dato: 2026-11-30", "dato: 2026-12-01")
    out = run("-C", str(real_repo), "endringer").stdout
    assert "Samme versjon, ny tekst" not in out and "Felles landbrukskontor (endret)" in out
    # the councils' decisions recorded in the agreement are no new text: its version stays
    sh(real_repo, "git", "commit", "-qam", "vilt")
    area = real_repo / "avtaler/omrader/barnevern.yaml"
    area.write_text(area.read_text(encoding="utf-8") + "behandling:\n  vedtak:\n" + "".join(
        f'    - {{kommune: {k}, dato: 2026-12-10, saksnummer: "PS {n}/26"}}\n'
        for n, k in enumerate(["roros", "os", "holtalen"], start=1)), encoding="utf-8")
    out = run("-C", str(real_repo), "endringer").stdout
    assert "Behandling: Utkast → Vedtatt" in out and "Tekst, Versjonshistorikk:" in out
    assert "Samme versjon, ny tekst" not in out


def _html(markdown: str) -> str:
    """The Markdown as a pull-request comment shows it (CommonMark with GFM tables)."""
    from markdown_it import MarkdownIt
    return MarkdownIt("commonmark").enable("table").render(markdown)


def test_markdown_report_reads_as_a_pull_request_comment(real_repo):
    edit(real_repo / "avtaler/kommuner.yaml", "        antall: 1871", "        antall: 1971")
    edit(real_repo / "avtaler/omrader/landbruk.yaml", "vertskommune: os", "vertskommune: holtalen")
    edit(real_repo / "maler/klausuler/ansatte.md.j2", "De ansatte i tjenesten er ansatt i vertskommunen.",
         "De ansatte i tjenesten er tilsatt i vertskommunen & **ikke** i samarbeidskommunene.")
    markdown = run("-C", str(real_repo), "endringer", "--format", "markdown").stdout
    page = _html(markdown)
    # insertions and deletions are <ins>/<del>, never Markdown bold or strike-through
    assert "<del>Os</del><ins>Holtålen</ins> kommune er vertskommune for samarbeidet" in page
    assert "<ins>tilsatt</ins>" in page and "<del>ansatt</del>" in page
    assert "vertskommunen <ins>&amp; ikke i samarbeidskommunene</ins>." in page  # escaped, not markup
    assert "<summary>I 10 avtaler</summary><ul><li>Felles barnevernstjeneste</li>" in page
    assert "<strong>" not in page and "~~" not in markdown
    # the cost split is a table, the long list of agreements folded
    assert ("<thead>\n<tr>\n<th>Kommune</th>\n<th style=\"text-align:right\">Før</th>\n"
            "<th style=\"text-align:right\">Etter</th>") in page
    assert ("<td>Os kommune</td>\n<td style=\"text-align:right\">25,1\u00a0%</td>\n"
            "<td style=\"text-align:right\">25,6\u00a0%</td>") in page
    assert "<details><summary>Gjelder 19 avtaler</summary><ul><li>Samarbeidsavtale mellom Røros, Os og Holtålen</li><li>Felles barnevernstjeneste</li>" in page
    assert "<li>Felles kontor for plan, miljø, geodata og byggesak</li>" in page


def test_every_document_the_redline_changes_is_in_the_report(real_repo):
    """The report and the tracked-changes DOCX come from the same two versions: a document
    with a change mark is named in the report, and one without is not."""
    from samarbeid_docs.gjennomgang.endringer import changes_between
    from samarbeid_docs.gjennomgang.sporing import tracked_document
    from samarbeid_docs.tekst.dokument import Table
    edit(real_repo / "avtaler/kommuner.yaml", "        antall: 2037", "        antall: 2137")
    edit(real_repo / "avtaler/omrader/landbruk.yaml", "vertskommune: os", "vertskommune: holtalen")
    edit(real_repo / "maler/klausuler/kontroll.md.j2", "fører kontroll", "fører tilsyn og kontroll")
    report, before, after = changes_between(real_repo)
    named = {c.title for c in report.changes} | {t for _, titles in report.shared_text for t in titles}
    named |= {t for _, titles in report.shared_costs for t in titles}

    def marked(doc):
        for block in doc.blocks:
            if getattr(block, "change", "") or (isinstance(block, Table) and any(block.row_changes)):
                return True
            runs = [r for c in (getattr(block, "rows", ()) or ()) for cell in c for r in cell]
            runs += list(getattr(block, "runs", ()) or ())
            runs += [r for item in getattr(block, "items", ()) for r in item.runs]
            if any(r.change for r in runs):
                return True
        return False
    for slug in after.documents:
        doc = tracked_document(before.documents[slug], after.documents[slug])
        assert marked(doc) == (doc.meta.title in named), slug


def test_table_rows_are_told_by_cell_and_computed_columns_only_once(real_repo):
    edit(real_repo / "avtaler/omrader/landbruk.yaml", "vertskommune: os", "vertskommune: holtalen")
    out = run("-C", str(real_repo), "endringer").stdout
    assert "Os kommune: vertskommune for [-5-] → {+4+}" in out
    assert "Holtålen kommune: vertskommune for [-4-] → {+5+}" in out
    assert "Felles landbrukskontor: vertskommune eller form [-Os-] → {+Holtålen+}" in out
    edit(real_repo / "avtaler/omrader/landbruk.yaml", "vertskommune: holtalen", "vertskommune: os")
    edit(real_repo / "avtaler/kommuner.yaml", "        antall: 1871", "        antall: 1971")
    out = run("-C", str(real_repo), "endringer").stdout
    # the framework's own table of the common key is one of the agreements the new split reaches
    assert "Ny kostnadsfordeling i 19 avtaler" in out
    assert "(gjelder Samarbeidsavtale mellom Røros, Os og Holtålen, Felles barnevernstjeneste," in out
    assert "andel [-" not in out and "folketall 01.01.2026 [-" not in out  # told once, above


def test_budget_participants_status_and_adoption(minimal_repo):
    edit(minimal_repo / AREA, "beløp: 1234567", "beløp: 1300000")
    path = minimal_repo / AREA
    path.write_text(path.read_text(encoding="utf-8") + "behandling:\n  vedtak:\n    - kommune: roros\n"
                    "      dato: 2026-06-16\n      saksnummer: \"PS 45/16\"\n", encoding="utf-8")
    out = run("-C", str(minimal_repo), "endringer").stdout
    assert "  Behandling: Utkast → Til behandling\n" in out
    assert "  Nytt vedtak: Røros 16. juni 2026 (sak PS 45/16)\n" in out
    assert "  Budsjett: kr\u00a01\u00a0234\u00a0567 (2014) → kr\u00a01\u00a0300\u00a0000 (2014)\n" in out
    assert "    - Røros kommune: 64,0\u00a0% → 64,0\u00a0% (kr\u00a0790\u00a0291 → kr\u00a0832\u00a0177)\n" in out


def test_added_and_removed_agreements(real_repo):
    (real_repo / "avtaler/omrader/ppt.yaml").unlink()
    edit(real_repo / "avtaler/samarbeidsavtale.yaml", "områder: [nav, naringsfond, ppt]",
         "områder: [nav, naringsfond, ppt2]")
    shutil.copy(REPO / "avtaler/omrader/ppt.yaml", real_repo / "avtaler/omrader/ppt2.yaml")
    edit(real_repo / "avtaler/omrader/ppt2.yaml", "tittel: Pedagogisk-psykologisk tjeneste (PP-tjenesten)",
         "tittel: PP-tjenesten for Røros og Holtålen")
    out = run("-C", str(real_repo), "endringer").stdout
    assert ("PP-tjenesten for Røros og Holtålen (ny avtale)\n  Deltakere: Røros og Holtålen\n"
            "  Vertskommune: Røros\n  Status: eksisterende\n") in out
    # the framework's table of areas: the row renamed
    assert ("  Samarbeidsområder som bare omfatter Røros og Holtålen: rad «[-Pedagogisk-psykologisk "
            "tjeneste (-]PP-tjenesten[-)-]{+ for Røros og Holtålen+}»\n") in out


def test_a_removed_table_row(real_repo):
    (real_repo / "avtaler/omrader/ppt.yaml").unlink()
    edit(real_repo / "avtaler/samarbeidsavtale.yaml", "områder: [nav, naringsfond, ppt]",
         "områder: [nav, naringsfond]")
    out = run("-C", str(real_repo), "endringer").stdout
    assert ("Tekst, Samarbeidsområder som bare omfatter Røros og Holtålen: [-rad «Pedagogisk-psykologisk "
            "tjeneste (PP-tjenesten)» (deltakere Røros og Holtålen; vertskommune eller form Røros (kontrolleres); "
            "dokument delavtale)-]\n") in out
    assert "Pedagogisk-psykologisk tjeneste (PP-tjenesten) (fjernet)\n" in out


@pytest.mark.parametrize(("args", "message"), [
    (["finnes-ikke"], "Fant ikke revisjonen «finnes-ikke» i git."),
    (["HEAD", "HEAD~5"], "Fant ikke revisjonen «HEAD~5» i git."),
])
def test_bad_revisions(real_repo, args, message):
    result = run("-C", str(real_repo), "endringer", *args)
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output


def test_not_a_git_repository(real_copy):
    result = run("-C", str(real_copy), "endringer")
    assert result.exit_code == 2
    assert "er ikke i et git-depot" in result.stderr


def test_invalid_yaml_in_the_old_revision(real_repo):
    edit(real_repo / "avtaler/omrader/nav.yaml", "vertskommune: roros", "vertskommune: [roros")
    sh(real_repo, "git", "commit", "-qam", "ødelagt")
    edit(real_repo / "avtaler/omrader/nav.yaml", "vertskommune: [roros", "vertskommune: roros")
    result = run("-C", str(real_repo), "endringer")
    assert result.exit_code == 2
    assert "Kildene i HEAD (" in result.stderr
    assert ":avtaler/omrader/nav.yaml:" in result.stderr and "FEIL" in result.stderr


def test_export_refuses_paths_outside(tmp_path):
    import io
    import tarfile
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as archive:
        for name in ("avtaler/ok.yaml", "../../etc/ond.yaml"):
            info = tarfile.TarInfo(name)
            info.size = 2
            archive.addfile(info, io.BytesIO(b"a\n"))
    from pathlib import PurePosixPath
    git._extract(data.getvalue(), PurePosixPath("."), tmp_path / "ut")
    assert [p.relative_to(tmp_path).as_posix() for p in (tmp_path).rglob("*.yaml")] == ["ut/avtaler/ok.yaml"]


# -- tracked changes --------------------------------------------------------------------------

def _body(lines):
    start = next(i for i, line in enumerate(lines) if line.startswith("[Heading 1]"))
    return lines[start:]


def test_tracked_changes_accept_gives_new_reject_gives_old(real_repo, tmp_path):
    build(real_repo, with_pdf=False)
    old_dir = tmp_path / "gammel"
    shutil.copytree(real_repo / DOCX_DIR, old_dir)
    edit(real_repo / "avtaler/kommuner.yaml", "        antall: 1871", "        antall: 1971")
    edit(real_repo / "avtaler/omrader/regnskap.yaml",
         "  - regnskapsføring, fakturabehandling og avstemming for de tre kommunene",
         "  - regnskapsføring og avstemming for de tre kommunene\n  - innfordring av kommunale krav")
    edit(real_repo / "maler/klausuler/ansatte.md.j2", "De ansatte i tjenesten er ansatt i vertskommunen.",
         "De ansatte i tjenesten er tilsatt i vertskommunen.")
    edit(real_repo / "maler/klausuler/kvalitet.md.j2",
         "Tjenesten skal utvikles kontinuerlig i tråd med de kravene og forventningene som "
         "offentlige myndigheter og innbyggerne har til den.",
         "")
    sh(real_repo, "git", "config", "user.name", "Kari Nordmann")
    started = datetime.now(timezone.utc).replace(microsecond=0)
    result = run("-C", str(real_repo), "endringer", "--docx")
    assert result.exit_code == 0, result.output
    assert "Skrev 23 dokumenter med sporede endringer i build/endringer/." in result.stdout
    build(real_repo, with_pdf=False)
    tracked = (real_repo / "build/endringer/regnskap.docx").read_bytes()
    xml = zipfile.ZipFile(real_repo / "build/endringer/regnskap.docx").read("word/document.xml").decode()
    # the working tree's changes are the user's, made now
    dates = {datetime.fromisoformat(d.replace("Z", "+00:00")) for d in re.findall(r'w:date="([^"]+)"', xml)}
    assert set(re.findall(r'w:author="([^"]+)"', xml)) == {"Kari Nordmann"}
    assert len(dates) == 1 and started <= dates.pop() <= datetime.now(timezone.utc)
    assert "<w:ins " in xml and "<w:del " in xml and "<w:delText" in xml
    # numbers are replaced whole: «1 871» deleted, «1 971» inserted, never digit by digit
    deleted = re.findall(r"<w:delText[^>]*>([^<]*)</w:delText>", xml)
    inserted = [t for t in re.findall(r"<w:ins [^>]*>.*?</w:ins>", xml)]
    assert "1\u00a0871" in deleted and any(">1\u00a0971<" in t for t in inserted)
    assert not [t for t in deleted if t.strip() and t.strip().isdigit() and len(t.strip()) < 3]
    accepted, rejected = tmp_path / "godtatt.docx", tmp_path / "avvist.docx"
    accepted.write_bytes(resolve_all(tracked, keep="ins"))
    rejected.write_bytes(resolve_all(tracked, keep="del"))
    assert _body(docx_lines(accepted)) == _body(docx_lines(real_repo / DOCX_DIR / "regnskap.docx"))
    assert _body(docx_lines(rejected)) == _body(docx_lines(old_dir / "regnskap.docx"))


def test_tracked_changes_between_commits_carry_the_commit_author_and_date(real_repo):
    edit(real_repo / "avtaler/kommuner.yaml", "        antall: 1871", "        antall: 1971")
    env = {"GIT_AUTHOR_NAME": "Ola Saksbehandler", "GIT_COMMITTER_DATE": "2026-11-02T09:30:00+01:00"}
    subprocess.run(["git", "commit", "-qam", "nytt folketall"], cwd=real_repo, check=True,
                   env={**os.environ, "GIT_AUTHOR_EMAIL": "o@example.org", "GIT_COMMITTER_NAME": "X",
                        "GIT_COMMITTER_EMAIL": "x@example.org", **env})
    result = run("-C", str(real_repo), "endringer", "HEAD~1", "HEAD", "--docx")
    assert result.exit_code == 0, result.output
    xml = zipfile.ZipFile(real_repo / "build/endringer/barnevern.docx").read("word/document.xml").decode()
    assert set(re.findall(r'w:author="([^"]+)"', xml)) == {"Ola Saksbehandler"}
    assert set(re.findall(r'w:date="([^"]+)"', xml)) == {"2026-11-02T08:30:00Z"}


@pytest.mark.skipif(find_soffice() is None and not in_ci(), reason="LibreOffice is not installed")
def test_libreoffice_reads_them_as_tracked_changes(real_repo, tmp_path):
    edit(real_repo / "maler/klausuler/ansatte.md.j2", "De ansatte i tjenesten er ansatt i vertskommunen.",
         "De ansatte i tjenesten er tilsatt i vertskommunen.")
    assert run("-C", str(real_repo), "endringer", "--docx").exit_code == 0
    subprocess.run([find_soffice(), f"-env:UserInstallation={(tmp_path / 'profil').as_uri()}",
                    "--headless", "--convert-to", "odt", "--outdir", str(tmp_path),
                    str(real_repo / "build/endringer/barnevern.docx")], capture_output=True, timeout=120)
    content = zipfile.ZipFile(tmp_path / "barnevern.odt").read("content.xml").decode()
    assert "<text:tracked-changes" in content
    assert "<text:insertion" in content and "<text:deletion" in content


# -- Markdown, text extraction and git textconv ------------------------------------------------

def test_markdown_of_every_document_parses_back_to_the_same_text(minimal):
    """Our own Markdown parser reads the Markdown writer's output back to the same paragraphs,
    so the escaping neither loses nor adds a character."""
    from samarbeid_docs.bygging.bygg import compose_all
    from samarbeid_docs.kilder.prosjekt import load_project
    from samarbeid_docs.skriv.markdown import render_markdown
    from samarbeid_docs.tekst.dokument import ListBlock, Paragraph, Table, plain
    from samarbeid_docs.tekst.klausuler import parse

    area = minimal / "avtaler/omrader/plan.yaml"
    text = area.read_text(encoding="utf-8")
    old = text[text.index("formål:"):text.index("oppgaver:")]
    area.write_text(text.replace(old, "formål: |\n  1. januar 2027 begynner det.\n\n  Det skal:\n"
                                      "  1) gi lik kvalitet:\n     a) i plan;\n     b) i bygg;\n     - 2. mai 2027: bygg;\n"
                                      "     - a) står som skrevet.\n"
                                      "  2) gi - 3. januar - mer.\n"), encoding="utf-8")

    def texts(blocks):
        out = []
        for b in blocks:
            if isinstance(b, Paragraph):
                out.append(plain(b.runs))
            elif isinstance(b, ListBlock):
                out += [(i.level, i.label, plain(i.runs)) for i in b.items]
            elif isinstance(b, Table):
                out += [plain(c) for row in b.rows for c in row]
        return out

    for doc in compose_all(load_project(minimal)):
        original = [t for t in texts(doc.blocks) if not (t if isinstance(t, str) else t[2]).startswith("For ")]
        back = [t for t in texts(parse(render_markdown(doc))) if not (t if isinstance(t, str) else t[2]).startswith("For ")]
        assert back[-len(original):] == original, doc.slug
        if doc.slug == "plan":
            at = original.index("1. januar 2027 begynner det.")
            assert original[at + 1:at + 8] == ["Det skal:", (0, "1)", "gi lik kvalitet:"), (1, "a)", "i plan;"),
                                               (1, "b)", "i bygg;"), (1, "", "2. mai 2027: bygg;"),
                                               (1, "", "a) står som skrevet."), (0, "2)", "gi - 3. januar - mer.")]


def test_build_writes_markdown(minimal):
    build(minimal, with_pdf=False)
    text = (minimal / "build/md/plan.md").read_text(encoding="utf-8")
    assert text.startswith("# Plan, miljø & geodata \\<kontor\\>\n")
    assert "| Røros kommune | 5\u00a0589 | 64,0\u00a0% | 790\u00a0291 |" in text
    assert "{\\{ jinja }}" in text


def test_tekst_prints_docx_and_pdf_text(minimal, tmp_path):
    build(minimal, with_pdf=False)
    result = run("tekst", str(minimal / DOCX_DIR / "plan.docx"))
    assert result.exit_code == 0
    assert result.stdout.startswith("[Topptekst] UTKAST · Plan, miljø & geodata <kontor>")
    bad = tmp_path / "x.txt"
    bad.write_text("hei", encoding="utf-8")
    result = run("tekst", str(bad))
    assert result.exit_code == 2 and "verken en Word-fil (DOCX) eller en PDF" in result.stderr
    assert run("tekst", str(tmp_path / "borte.docx")).exit_code == 2


def test_make_git_oppsett_makes_git_diff_show_text(minimal, tmp_path):
    build(minimal, with_pdf=False)
    shutil.copy(REPO / "Makefile", minimal / "Makefile")
    (minimal / ".gitignore").write_text(".venv\n", encoding="utf-8")
    (minimal / ".venv").symlink_to(REPO / ".venv")
    repo(minimal)
    sh(minimal, "make", "-s", "git-oppsett", "STAMP=")
    assert "*.docx diff=samarbeid-docx" in (minimal / ".gitattributes").read_text(encoding="utf-8")
    sh(minimal, "git", "add", ".gitattributes")
    sh(minimal, "git", "commit", "-qm", "git-oppsett")
    # The folder moves (or is cloned elsewhere): the set-up still finds the program.
    moved = tmp_path / "flyttet"
    shutil.move(minimal, moved)
    edit(moved / AREA, "  - byggesak", "  - byggesak og oppmåling")
    build(moved, with_pdf=False)
    for cwd in (moved, moved / "avtaler"):  # from the top and from a subfolder
        diff = sh(cwd, "git", "diff", "--", str(moved / "build/docx/plan.docx")).stdout
        assert "-byggesak\n+byggesak og oppmåling" in diff
    assert str(REPO) not in sh(moved, "git", "config", "--get", "diff.samarbeid-docx.textconv").stdout


def _changes_section(root) -> str:
    page = (root / "build/index.html").read_text(encoding="utf-8")
    if 'id="endringer-tittel"' not in page:
        return ""
    part = page[page.index('id="endringer-tittel"'):]
    return part[:part.index("</section>")]


def test_the_page_shows_what_changed_since_the_previous_version(minimal_repo):
    root = minimal_repo
    edit(root / AREA, "beløp: 1234567", "beløp: 1300000")
    sh(root, "git", "commit", "-qam", "nytt budsjett")
    first = sh(root, "git", "rev-parse", "--short=7", "HEAD~1").stdout.strip()
    assert git.previous_version(root).startswith(first)  # committed: the commit before
    assert build(root, with_pdf=False)
    result = run("-C", str(root), "endringer", "--nettside")
    assert result.exit_code == 0, result.output
    assert "er skrevet i build/endringer.md og vises på nedlastingssiden" in result.stdout
    section = _changes_section(root)
    assert f"forrige versjon av kildene i git ({first}, lagret " in section
    assert "Budsjett: kr\u00a01\u00a0234\u00a0567 (2014) → kr\u00a01\u00a0300\u00a0000 (2014)" in section
    assert 'href="endringer.html"' in section
    assert "Budsjett: kr" in (root / "build/endringer.md").read_text(encoding="utf-8")
    # the full report as a page of the site: formatted, not raw Markdown, beside the Markdown
    report = (root / "build/endringer.html").read_text(encoding="utf-8")
    assert f"<h1>Endringer fra {first}" in report and "<h2>" in report and "##" not in report
    assert "Budsjett: kr\u00a01\u00a0234\u00a0567 (2014) → kr" in report and 'href="endringer.md"' in report
    # a build of the same sources keeps the section; an edit makes the record stale
    page = (root / "build/index.html").read_bytes()
    build(root, with_pdf=False)
    assert (root / "build/index.html").read_bytes() == page
    edit(root / AREA, "beløp: 1300000", "beløp: 1400000")
    assert git.previous_version(root) == sh(root, "git", "rev-parse", "HEAD").stdout.strip()
    build(root, with_pdf=False)
    assert _changes_section(root) == ""
    assert run("-C", str(root), "endringer", "--nettside").exit_code == 0
    assert "1\u00a0300\u00a0000 (2014) → kr\u00a01\u00a0400\u00a0000" in _changes_section(root)


def test_the_page_says_when_the_previous_version_cannot_be_read(minimal_repo):
    root = minimal_repo
    edit(root / AREA, "vertskommune: roros", "vertskommune: [roros")
    sh(root, "git", "commit", "-qam", "ødelagt")
    edit(root / AREA, "vertskommune: [roros", "vertskommune: roros")
    build(root, with_pdf=False)
    result = run("-C", str(root), "endringer", "--nettside")
    assert result.exit_code == 0 and "Merk: Endringene siden forrige versjon" in result.stdout
    assert "kan ikke vises" in _changes_section(root)
    assert not (root / "build/endringer.md").exists() and not (root / "build/endringer.html").exists()
    assert run("-C", str(root), "endringer", "--nettside", "HEAD", "HEAD").exit_code == 2


def test_without_git_the_page_has_no_changes(minimal):
    build(minimal, with_pdf=False)
    result = run("-C", str(minimal), "endringer", "--nettside")
    assert result.exit_code == 0 and "ingen tidligere versjon i git" in result.stdout
    assert _changes_section(minimal) == ""


def test_a_nynorsk_project_gets_its_change_report_in_nynorsk(tmp_path):
    from .conftest import ROOTS
    from .test_nynorsk import BOKMAL_ONLY, _words_found
    root = tmp_path / "fjord"
    shutil.copytree(ROOTS / "fjordregion" / "avtaler", root / "avtaler")
    repo(root)
    edit(root / "avtaler/omrader/barnevern.yaml", "beløp: 18000000", "beløp: 19000000")
    edit(root / "avtaler/omrader/ppt.yaml", "sterkt fagmiljø", "sterkt og stabilt fagmiljø")
    out = run("-C", str(root), "endringer").stdout
    assert out.startswith("Endringar frå HEAD")
    assert "Felles barnevernsteneste (endra)" in out and "Budsjett: kr\u00a018\u00a0000\u00a0000 (2027)" in out
    assert "{+og stabilt +}" in out
    assert _words_found(out, BOKMAL_ONLY) == []
    out = run("-C", str(root), "endringer", "--format", "markdown").stdout
    assert out.startswith("## Endringar frå HEAD")


def test_the_page_report_refuses_what_the_user_must_fix(minimal_repo):
    """A revision that does not exist, or a broken working copy, is the user's to fix: exit 2
    with the place, as for `samarbeid endringer`; options that do nothing with --nettside too."""
    root = minimal_repo
    result = run("-C", str(root), "endringer", "--nettside", "finnes-ikke")
    assert result.exit_code == 2 and "Fant ikke revisjonen «finnes-ikke»" in result.stderr
    assert run("-C", str(root), "endringer", "--nettside", "--docx").exit_code == 2
    assert run("-C", str(root), "endringer", "--nettside", "--format", "markdown").exit_code == 2
    edit(root / AREA, "vertskommune: roros", "vertskommune: [roros")
    result = run("-C", str(root), "endringer", "--nettside")
    assert result.exit_code == 2 and f"{AREA}:" in result.stderr and "Traceback" not in result.output


def test_a_commit_before_the_sources_is_no_previous_version(minimal):
    sh(minimal, "git", "init", "-q", "-b", "main")
    sh(minimal, "git", "commit", "-q", "--allow-empty", "-m", "tomt depot")
    sh(minimal, "git", "add", "-A")
    sh(minimal, "git", "commit", "-qm", "kildene")
    assert git.previous_version(minimal) is None  # the sources came with the last commit
    result = run("-C", str(minimal), "endringer", "--nettside")
    assert result.exit_code == 0 and "ingen tidligere versjon i git" in result.stdout


def test_the_sources_words_in_the_markdown_report_are_shown_as_written(minimal_repo):
    """A title with Markdown or HTML in it was put raw into the report's heading and facts, so
    GitHub showed emphasis or hid «<!-- … -->»; now it is escaped as in the documents."""
    edit(minimal_repo / AREA, "tittel: Plan, miljø & geodata <kontor>",
         "tittel: Plan *stjerne* ~~strek~~ <!-- k -->")
    out = run("-C", str(minimal_repo), "endringer", "--format", "markdown").stdout
    assert "### Plan \\*stjerne\\* \\~\\~strek\\~\\~ \\<!-- k --\\> (endret)" in out
    from markdown_it import MarkdownIt
    shown = MarkdownIt("commonmark").enable("strikethrough").render(out)
    assert "<h3>Plan *stjerne* ~~strek~~ &lt;!-- k --&gt; (endret)</h3>" in shown


ADOPTED = ("behandling:\n  sendt: 2026-06-01\n  vedtak:\n"
           "    - {kommune: roros, dato: 2026-06-10, saksnummer: PS 1/26}\n"
           "    - {kommune: holtalen, dato: 2026-06-11, saksnummer: PS 2/26}\n")


def _text_changed(root):
    edit(root / AREA, "  - byggesak\n", "  - byggesak og oppmåling\n")


def test_text_changed_after_the_councils_adopted_it_stops_check_and_build(minimal_repo):
    """An adopted agreement reworded under the same version and date would go on showing the
    decisions over a text no council adopted: an error in `sjekk` and `bygg`, and earlier
    outputs stay; a draft may change freely."""
    root = minimal_repo
    _text_changed(root)
    assert run("-C", str(root), "sjekk").exit_code == 0  # a draft
    sh(root, "git", "checkout", "-q", "--", "avtaler")
    (root / AREA).write_text((root / AREA).read_text(encoding="utf-8") + ADOPTED, encoding="utf-8")
    sh(root, "git", "commit", "-qam", "vedtatt")
    # adopting changes the text only where it records the decisions (and the transfer day it
    # gives): not a new text under the same version
    adopted = run("-C", str(root), "endringer", "HEAD~1", "HEAD").output
    assert "Behandling: Utkast → Vedtatt" in adopted and "Samme versjon" not in adopted
    assert run("-C", str(root), "bygg", "--uten-pdf").exit_code == 0
    before = (root / DOCX_DIR / "plan.docx").read_bytes()
    _text_changed(root)
    for args in (("sjekk",), ("bygg", "--uten-pdf")):
        result = run("-C", str(root), *args)
        assert result.exit_code == 2, result.output
        line = next(n for n, text in enumerate((root / AREA).read_text(encoding="utf-8").splitlines(), 1)
                    if text == "behandling:")
        assert (f"{AREA}:{line}:1: FEIL: «Plan, miljø & geodata <kontor>» er vedtatt av kommunestyrene "
                "i Røros og Holtålen (versjon 1.0, 18. mai 2026), men teksten er endret siden forrige "
                "versjon av kildene (") in result.output
        # the decisions of the version in force are kept, not dropped
        assert ("sett ny dato, og ny versjon der det passer, i avtaler/samarbeidsavtale.yaml (de gjelder "
                f"alle avtalene), og før vedtakene av versjon 1.0 inn under historikk i {AREA}; den "
                "versjonen gjelder til den nye er vedtatt") in result.output
    assert (root / DOCX_DIR / "plan.docx").read_bytes() == before
    sh(root, "git", "commit", "-qam", "endret tekst")  # committed: still the same version and date
    assert run("-C", str(root), "sjekk").exit_code == 2


def test_text_changed_after_it_was_sent_is_a_warning(minimal_repo):
    root = minimal_repo
    (root / AREA).write_text((root / AREA).read_text(encoding="utf-8")
                             + "behandling:\n  sendt: 2026-06-01\n", encoding="utf-8")
    sh(root, "git", "commit", "-qam", "sendt")
    _text_changed(root)
    result = run("-C", str(root), "sjekk")
    assert result.exit_code == 0
    assert "ADVARSEL: «Plan, miljø & geodata <kontor>» er sendt til kommunestyrene, men teksten er endret" \
        in result.output
    assert run("-C", str(root), "sjekk", "--streng").exit_code == 2


def test_the_framework_adopted_changes_with_its_tables_and_gets_a_warning(minimal_repo):
    """The framework lists every area: following the tool's own advice once the councils have
    adopted a sub-agreement (its host is agreed, no longer «forslag») changes the framework's
    tables. That is said, but does not stop the build."""
    root = minimal_repo
    (root / AREA).write_text((root / AREA).read_text(encoding="utf-8") + ADOPTED, encoding="utf-8")
    framework = root / "avtaler/samarbeidsavtale.yaml"
    framework.write_text(framework.read_text(encoding="utf-8") + (
        "behandling:\n  sendt: 2026-06-01\n  vedtak:\n"
        "    - {kommune: roros, dato: 2026-06-08, saksnummer: PS 0/26}\n"
        "    - {kommune: holtalen, dato: 2026-06-09, saksnummer: PS 9/26}\n"), encoding="utf-8")
    sh(root, "git", "commit", "-qam", "vedtatt")
    edit(root / AREA, "vertskommune: roros\n",
         "vertskommune: roros\nvertskommune_status: avtalt\nvertskommune_kilde:\n  tittel: Vedtakene\n")
    result = run("-C", str(root), "sjekk")
    assert result.exit_code == 0, result.output
    assert ("ADVARSEL: «Samarbeidsavtale mellom Røros og Holtålen» er vedtatt av kommunestyrene i Røros "
            "og Holtålen, men teksten er endret") in result.output
    assert "FEIL" not in result.output
