"""Integration: build the real avtaler/ and read every DOCX back with python-docx."""

import re

import pytest

from samarbeid_docs.bygging.bygg import DOCX_DIR, build
from samarbeid_docs.feil import InputError
from samarbeid_docs.kilder.prosjekt import load_project

from .conftest import edit
from .docx_tekst import docx_lines, header_footer

LEFTOVERS = ["{{", "{%", "None", "nan", "True", "False", "null", "undefined", "Error", "TODO"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from .conftest import REPO, _copy_project
    root = _copy_project(tmp_path_factory.mktemp("bygg") / "prosjekt", REPO)
    report = build(root, with_pdf=False)
    return root, report


def test_one_document_per_active_area_plus_framework_and_overview(built):
    root, report = built
    project = load_project(root)
    names = sorted(p.name for p in (root / DOCX_DIR).glob("*.docx"))
    active = [s for s, a in project.omrader.items() if a.status != "avviklet"]
    assert names == sorted([f"{s}.docx" for s in active] + ["oversikt.docx", "samarbeidsavtale.docx"])
    assert len(names) == 27
    assert "kemner.docx" not in names and "arbeidsgiverkontroll.docx" not in names


def _percent(text: str) -> int:
    return int(text.replace("\u00a0%", "").replace(",", ""))


def _number(text: str) -> int:
    return int(text.replace("\u00a0", ""))


def test_every_docx_reads_back_with_parties_host_and_exact_sums(built):
    root, _ = built
    project = load_project(root)
    for slug, area in project.omrader.items():
        if area.status == "avviklet":
            continue
        path = root / DOCX_DIR / f"{slug}.docx"
        lines = docx_lines(path)
        text = "\n".join(lines)
        assert lines[0] == f"[Title] {area.tittel}"
        for party in area.deltakere:
            assert f"{project.kommuner[party].navn} kommune" in text, (slug, party)
        if not area.is_host_model:
            assert "ikke et vertskommunesamarbeid" in text
            continue
        host = project.kommuner[area.vertskommune].navn
        assert f"{host} kommune er vertskommune" in text
        rows = [line.split(" | ") for line in lines
                if re.match(r"^\w+ kommune \| [\d\u00a0]+ \| [\d,]+\u00a0%$", line)]
        assert len(rows) == len(area.deltakere), slug
        total = next(line.split(" | ") for line in lines if line.startswith("Sum | "))
        assert sum(_number(r[1]) for r in rows) == _number(total[1])
        assert sum(_percent(r[2]) for r in rows) == 1000 == _percent(total[2])
        from samarbeid_docs.tekst.kontekst import population_date
        day = population_date(project, area.deltakere)
        populations = {project.kommuner[p].offisielt_navn: project.kommuner[p].folketall_per(day).antall
                       for p in area.deltakere}
        assert {r[0]: _number(r[1]) for r in rows} == populations


def test_no_template_leftovers_or_english_in_any_document(built):
    root, _ = built
    for path in sorted((root / DOCX_DIR).glob("*.docx")):
        text = "\n".join(docx_lines(path)) + "\n".join(header_footer(path))
        for word in LEFTOVERS:
            assert not re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", text), (path.name, word)


def test_overview_lists_ended_areas_with_reason(built):
    root, _ = built
    text = "\n".join(docx_lines(root / DOCX_DIR / "oversikt.docx"))
    # in print, a date is one unbreakable unit
    assert "Felles kemnerkontor | Røros, Os, Holtålen og Tolga | Røros | avviklet 1.\u00a0november\u00a02020" in text
    assert "Felles kemnerkontor: Skatteoppkreverfunksjonen ble overført fra kommunene til Skatteetaten." in text


def test_second_build_writes_nothing(built):
    root, _ = built
    again = build(root, with_pdf=False)
    assert again.written == [] and len(again.unchanged) == 27


def test_files_of_earlier_versions_leave_build(real_copy):
    for legacy in ("build/.arbeid/html", "build/.lås"):
        (real_copy / legacy).parent.mkdir(parents=True, exist_ok=True)
        (real_copy / legacy).mkdir() if legacy.endswith("html") else (real_copy / legacy).touch()
    (real_copy / "build/.manifest.json").write_text("{}", encoding="utf-8")
    build(real_copy, with_pdf=False)
    assert sorted(p.name for p in (real_copy / "build").glob(".*")) == []
    assert (real_copy / ".mellomlager/manifest.json").is_file()


def test_failed_build_leaves_earlier_outputs_intact(real_copy):
    build(real_copy, with_pdf=False)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns)
              for p in (real_copy / DOCX_DIR).glob("*.docx")}
    edit(real_copy / "avtaler/omrader/barnevern.yaml", "tittel: Felles barnevernstjeneste",
         "tittel: Felles barnevern\nvertskomune: roros")
    edit(real_copy / "maler/klausuler/parter.md.j2", "Avtalen er inngått", "Avtalen {{ ukjent }} er inngått")
    with pytest.raises(InputError):
        build(real_copy, with_pdf=False)
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns)
             for p in (real_copy / DOCX_DIR).glob("*.docx")}
    assert after == before
    assert not list((real_copy / DOCX_DIR).glob(".*.tmp"))


def test_template_error_is_located_in_the_clause_file(real_copy):
    edit(real_copy / "maler/klausuler/parter.md.j2", "Avtalen er inngått", "Avtalen {{ ukjent }} er inngått")
    with pytest.raises(InputError) as info:
        build(real_copy, with_pdf=False)
    assert [str(p) for p in info.value.problems] == [
        "maler/klausuler/parter.md.j2:3: FEIL: malen bruker en verdi som ikke finnes "
        "('ukjent' is undefined); sjekk stavemåten"]


def test_template_syntax_error_is_located(real_copy):
    edit(real_copy / "maler/klausuler/kvalitet.md.j2", "# Innhold og kvalitet", "# Innhold {% if %}")
    with pytest.raises(InputError) as info:
        build(real_copy, with_pdf=False)
    assert str(info.value.problems[0]).startswith("maler/klausuler/kvalitet.md.j2:1: FEIL: feil i malsyntaksen")


def test_deleted_area_removes_its_document(real_copy):
    build(real_copy, with_pdf=False)
    (real_copy / "avtaler/omrader/ppt.yaml").unlink()
    edit(real_copy / "avtaler/samarbeidsavtale.yaml", "områder: [nav, naringsfond, ppt]",
         "områder: [nav, naringsfond]")
    report = build(real_copy, with_pdf=False)
    assert [p.name for p in report.removed] == ["ppt.docx", "ppt.md", "ppt.html"]
    assert not (real_copy / DOCX_DIR / "ppt.docx").exists()


def test_the_case_file_is_split_into_parts_of_bounded_size():
    from samarbeid_docs.bygging import bygg
    from samarbeid_docs.tekst.dokument import Document
    size = bygg.VOLUME
    docs = [Document(f"d{i}", None) for i in range(2 * size + size // 2)]
    parts = bygg.volumes(docs)
    assert [(suffix, len(part)) for suffix, part in parts] == [("-1", size), ("-2", size), ("-3", size // 2)]
    assert [d.slug for _, part in parts for d in part] == [d.slug for d in docs]  # in order
    assert bygg.volumes(docs[:size]) == [("", docs[:size])]  # up to one part: build/samlet.pdf


@pytest.mark.slow
def test_a_large_project_gets_its_case_file_in_parts(tmp_path, monkeypatch):
    """Parts of at most VOLUME documents (here 3), each with its own contents page and
    bookmarks, listed on the page; back under the limit, one file again."""
    import shutil
    import pikepdf
    from samarbeid_docs.bygging import bygg
    from .conftest import ROOTS
    root = tmp_path / "fjell"
    shutil.copytree(ROOTS / "fjellregion" / "avtaler", root / "avtaler")
    monkeypatch.setattr(bygg, "VOLUME", 3)
    report = build(root)
    assert report.bundle_parts == 3 and not (root / "build/samlet.pdf").exists()
    sizes = []
    for number in (1, 2, 3):
        with pikepdf.open(root / f"build/samlet-{number}.pdf") as part:
            assert f"del {number} av 3" in str(part.docinfo["/Title"])
            with part.open_outline() as outline:
                sizes.append(len(outline.root) - 1)  # the contents page, then one per document
    assert sizes == [3, 3, 1]
    page = (root / "build/index.html").read_text(encoding="utf-8")
    assert "Alle avtalene i 3 PDF-er med bokmerker" in page and 'href="samlet-3.pdf"' in page
    assert not build(root).bundle_written  # nothing changed: no part joined again
    monkeypatch.setattr(bygg, "VOLUME", 100)
    assert build(root).bundle_parts == 1
    assert (root / "build/samlet.pdf").is_file() and not list((root / "build").glob("samlet-*.pdf"))
