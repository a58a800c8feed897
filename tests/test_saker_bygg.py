"""Building the case papers: PDF/A beside each Word file, the same bytes from the same sources,
only the cases whose sources changed made again, one zip per council, earlier files kept when a
build fails, and the download page's view per council."""

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from samarbeid_docs import cli
from samarbeid_docs.bygging.bygg import build
from samarbeid_docs.bygging.saker import build_cases
from samarbeid_docs.feil import BuildError
from samarbeid_docs.kilder.prosjekt import load_project
from samarbeid_docs.konverter import pdf
from samarbeid_docs.tekst.saker import cases

from .conftest import ROOTS, edit


def _region(tmp_path: Path) -> Path:
    root = tmp_path / "fjellregion"
    shutil.copytree(ROOTS / "fjellregion" / "avtaler", root / "avtaler")
    return root


def _hashes(root: Path) -> dict[str, str]:
    folder = root / "build/saker"
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(root: Path, *args: str):
    result = CliRunner().invoke(cli.main, ["-C", str(root), "saker", *args], prog_name="samarbeid")
    assert result.exit_code == 0, result.output
    return result


def test_same_sources_give_the_same_bytes_and_only_changed_cases_are_made_again(tmp_path):
    root = _region(tmp_path)
    build(root, with_pdf=False)
    first = build_cases(root)
    made = _hashes(root)
    assert len(first.written) == len(first.cases) == 28
    assert {p for p in made if p.endswith(".zip")} == {f"{c}.zip" for c in first.councils}
    assert not [p for p in made if p.endswith(".pdf")]  # no converter given: Word and Markdown
    shutil.rmtree(root / "build/saker")
    (root / ".mellomlager/saker.json").unlink()
    assert build_cases(root).written and _hashes(root) == made  # from nothing: the same bytes
    assert build_cases(root).written == []  # nothing changed: nothing made
    edit(root / "avtaler/omrader/legevakt.yaml", "legevakt hele døgnet", "legevakt hele døgnet, hele året")
    build(root, with_pdf=False)
    again = build_cases(root)
    # the changed area's cases, and the framework and package cases that list every area
    parties = load_project(root).rammeavtale.parter
    assert sorted(again.written) == sorted(
        [f"saker/{c}/legevakt" for c in ("skogli", "breheim")] +
        [f"saker/{c}/{s}" for c in parties for s in ("samlet", "samarbeidsavtale")])
    after = _hashes(root)
    assert after["skogli/legevakt.docx"] != made["skogli/legevakt.docx"]
    assert after["elvheim/barnevern.docx"] == made["elvheim/barnevern.docx"]
    # a case file edited by hand is made again, and only that one
    (root / "build/saker/elvheim/ppt.md").write_text("endret for hånd", encoding="utf-8")
    assert build_cases(root).written == ["saker/elvheim/ppt"]
    assert _hashes(root)["elvheim/ppt.md"] == made["elvheim/ppt.md"]


def test_each_councils_zip_holds_its_agreements_and_its_cases(tmp_path):
    root = _region(tmp_path)
    build(root, with_pdf=False)
    build_cases(root)
    with zipfile.ZipFile(root / "build/saker/skogli.zip") as archive:
        names = archive.namelist()
        assert archive.read("avtaler/legevakt.docx") == (root / "build/docx/legevakt.docx").read_bytes()
        assert archive.read("saker/legevakt.docx") == (root / "build/saker/skogli/legevakt.docx").read_bytes()
    project = load_project(root)
    mine = [c.slug for c in cases(project) if c.council == "skogli"]
    assert [n for n in names if n.startswith("saker/")] == [f"saker/{s}.docx" for s in mine]
    assert "avtaler/legevakt.docx" in names and "avtaler/samarbeidsavtale.docx" in names
    with zipfile.ZipFile(root / "build/saker/elvheim.zip") as archive:
        assert "avtaler/legevakt.docx" not in archive.namelist()  # Elvheim is not in it


def test_an_ended_area_takes_its_cases_with_it(tmp_path):
    root = _region(tmp_path)
    build_cases(root)
    assert (root / "build/saker/skogli/legevakt.docx").is_file()
    edit(root / "avtaler/omrader/legevakt.yaml", "status: ny\n",
         "status: avviklet\navviklet:\n  dato: 2026-06-30\n  grunn: Lagt inn i et større samarbeid.\n"
         "  kilde: {tittel: Testvedtak om avvikling}\n")
    report = build_cases(root)
    assert "saker/skogli/legevakt.docx" in report.removed
    assert not list((root / "build/saker").rglob("legevakt.*"))


@pytest.mark.slow
def test_the_case_papers_come_as_pdf_a_and_the_page_lists_them_per_council(tmp_path):
    import pikepdf
    root = _region(tmp_path)
    build(root, with_pdf=False)
    result = _run(root)
    assert "PDF/A av 28 laget nå" in result.stdout
    with pikepdf.open(root / "build/saker/elvheim/lonn.pdf") as document:
        meta = document.open_metadata()
        assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("2", "B")
        assert str(document.docinfo["/Title"]) == "Saksframlegg: Felles lønnskontor"
    made = _hashes(root)
    page = (root / "build/index.html").read_text(encoding="utf-8")
    assert "For Elvheim kommune: fem saker" in page and "Ingen vedtatt." in page
    assert 'href="saker/elvheim/lonn.pdf" type="application/pdf"' in page
    assert 'href="saker/elvheim.zip" download' in page
    # the same bytes from nothing, PDFs included; and the page is the same in either order
    shutil.rmtree(root / "build")
    shutil.rmtree(root / ".mellomlager")
    assert "zip-filene per kommune er ikke laget" in _run(root).stdout  # no agreements built yet
    assert not list((root / "build/saker").glob("*.zip"))
    build(root, with_pdf=False)
    _run(root)
    assert _hashes(root) == made
    assert (root / "build/index.html").read_text(encoding="utf-8") == page
    assert "Ingen endringer" in CliRunner().invoke(
        cli.main, ["-C", str(root), "bygg", "--uten-pdf"], prog_name="samarbeid").stdout


def test_each_council_gets_its_combined_case_with_every_attachment_in_one_pdf(tmp_path):
    """The meeting papers' one file: the council's combined case, then the framework, the
    overview and exactly the sub-agreements it lists (not the others'), with a bookmark each
    and running page numbers; made again only when one of them changes."""
    import pikepdf
    from samarbeid_docs.tekst.saker import package_attachments
    root = _region(tmp_path)
    build(root)
    result = _run(root)
    assert "build/saker/<kommune>/samlet-med-vedlegg.pdf (alle laget nå)" in result.stdout
    project = load_project(root)
    page = (root / "build/index.html").read_text(encoding="utf-8")
    # the file of every agreement is not mistaken for a council's meeting papers
    assert "Alle avtalene samlet (PDF," in page and "Til møtepapirene: bruk kommunens egen samlede " \
        'sak, med vedleggene, under <a href="#saker-tittel">Saker til kommunestyrene</a>' in page
    councils = sorted({c.council for c in cases(project)})
    for council in councils:
        bundle = root / f"build/saker/{council}/samlet-med-vedlegg.pdf"
        slugs = package_attachments(project, council)
        areas = [s for s in slugs if s in project.omrader]
        assert areas and all(council in project.omrader[s].deltakere for s in areas)
        others = [a.tittel for k, a in project.omrader.items()
                  if council not in a.deltakere and a.status != "avviklet"]
        with pikepdf.open(bundle) as joined, pikepdf.open(root / f"build/saker/{council}/samlet.pdf") as paper:
            with joined.open_outline() as outline:
                titles = [item.title for item in outline.root]
                own = [item.title for item in outline.root[0].children]
            assert titles[0] == str(paper.docinfo["/Title"])
            assert "Kommunedirektørens forslag til vedtak" in own  # the case keeps its bookmarks
            expected = []
            for slug in slugs:
                with pikepdf.open(root / f"build/pdf/{slug}.pdf") as part:
                    expected.append((str(part.docinfo["/Title"]), len(part.pages)))
            # numbered as the case numbers its attachments
            assert titles[1:] == [f"Vedlegg {n}: {t}" for n, (t, _) in enumerate(expected, start=1)]
            assert not {t.split(": ", 1)[-1] for t in titles} & set(others)
            case_pages = len(paper.pages)
            total = case_pages + sum(n for _, n in expected)
            assert len(joined.pages) == total
            # one page numbering through the file: the viewer's, and the one printed on each page
            assert joined.Root.PageLabels.Nums[0] == 0 and joined.Root.PageLabels.Nums[1].S == "/D"
            assert int(joined.Root.Outlines.Count) == len(titles)  # each document's headings shut
            meta = joined.open_metadata()
            assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("2", "B")
        import subprocess
        last = subprocess.run(["pdftotext", "-f", str(total), "-l", str(total), str(bundle), "-"],
                              capture_output=True, text=True, check=True).stdout
        first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(bundle), "-"],
                               capture_output=True, text=True, check=True).stdout
        assert f"Saksdokument side {total} av {total}" in last and f"Saksdokument side 1 av {total}" in first
        # each attachment's pages say which attachment they belong to; the case's pages do not
        opening = case_pages + 1
        attached = subprocess.run(["pdftotext", "-f", str(opening), "-l", str(opening), str(bundle), "-"],
                                  capture_output=True, text=True, check=True).stdout
        assert f"Vedlegg 1 \u00b7 Saksdokument side {opening} av {total}" in attached
        assert f"Vedlegg {len(expected)} \u00b7 Saksdokument side {total} av {total}" in last
        assert "Vedlegg 1 \u00b7" not in first
        assert f'href="saker/{council}/samlet-med-vedlegg.pdf" type="application/pdf"' in page
    made = _hashes(root)
    assert "samlet-med-vedlegg.pdf (uendret)" in _run(root).stdout
    assert _hashes(root) == made
    # agreements built again without PDFs from changed sources: no stale file is offered
    edit(root / "avtaler/samarbeidsavtale.yaml", 'versjon: "1.0"', 'versjon: "1.1"')
    build(root, with_pdf=False)
    result = _run(root)
    assert "samlede saken med alle vedleggene i én PDF er ikke laget" in result.stdout
    assert not list((root / "build/saker").glob("*/samlet-med-vedlegg.pdf"))


def test_the_page_shows_each_councils_adoption(minimal):
    area = minimal / "avtaler/omrader/plan.yaml"
    edit(area, "kilde:\n  - tittel: Testkilde\n", "kilde:\n  - tittel: Testkilde\nbehandling:\n  vedtak:\n"
         '    - {kommune: roros, dato: 2026-06-10, saksnummer: "PS 12/26"}\n')
    build(minimal, with_pdf=False)
    _run(minimal, "--uten-pdf")
    page = (minimal / "build/index.html").read_text(encoding="utf-8")

    def council(key: str) -> str:
        part = page[page.index(f'id="kommune-{key}"'):]
        return part[:part.index("</section>")]
    assert "Vedtatt 10. juni 2026 (PS 12/26)" in council("roros") and "Én vedtatt." in council("roros")
    assert "1 av 2 avtaler vedtatt" in council("roros")  # the package: the area, not the framework
    assert "Til behandling" in council("holtalen") and "Ingen vedtatt." in council("holtalen")
    edit(area, '"PS 12/26"}\n', '"PS 12/26"}\n    - {kommune: holtalen, dato: 2026-06-12, saksnummer: "PS 30/26"}\n')
    build(minimal, with_pdf=False)
    _run(minimal, "--uten-pdf")
    page = (minimal / "build/index.html").read_text(encoding="utf-8")
    assert "Melding til statsforvalteren: Plan, miljø &amp; geodata &lt;kontor&gt;" in council("roros")
    assert 'href="saker/roros/melding-statsforvalteren-plan.docx"' in council("roros")
    assert "Melding til statsforvalteren" not in council("holtalen")


def test_a_failed_conversion_leaves_the_earlier_case_papers_whole(tmp_path, fake_soffice):
    root = _region(tmp_path)
    fake_soffice("ok")
    with pdf.Converter(root / ".mellomlager/arbeid", 1) as converter:
        build_cases(root, converter=converter)
    before = _hashes(root)
    edit(root / "avtaler/omrader/legevakt.yaml", "legevakt hele døgnet", "legevakt hele døgnet, hele året")
    fake_soffice("crash")
    with pytest.raises(BuildError), pdf.Converter(root / ".mellomlager/arbeid", 1) as converter:
        build_cases(root, converter=converter)
    assert _hashes(root) == before
    assert not (root / ".mellomlager/arbeid/saker").exists()


def test_a_source_error_names_file_and_line_and_leaves_the_cases_as_they_were(tmp_path):
    root = _region(tmp_path)
    _run(root, "--uten-pdf")
    before = _hashes(root)
    edit(root / "avtaler/omrader/legevakt.yaml", "vertskommune: skogli", "vertskommune: fjellby")
    result = CliRunner().invoke(cli.main, ["-C", str(root), "saker", "--uten-pdf"], prog_name="samarbeid")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "avtaler/omrader/legevakt.yaml:6:" in result.stderr and "fjellby" in result.stderr
    assert _hashes(root) == before
