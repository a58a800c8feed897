"""A second, fictional region (tests/roots/fjellregion): six parties, a two-party area, a board
area, composite keys with use and agreed shares, an IKS and an ended area. It builds end to end
with the built-in templates only, and nothing of the reference case reaches its documents."""

import re
import zipfile

import pytest
from pypdf import PdfReader

from samarbeid_docs.bygging.bygg import build

from .conftest import ROOTS, _copy_project

# the reference case's names and history; «LOV-1992-…» is a law's identifier, not its history
REFERENCE = re.compile(r"Røros|Holtålen|Tolga|\bOs\b|2016|(?<!LOV-)(?<!lov/)1992|tre kommune|"
                       r"kommunesammenslåing", re.IGNORECASE)


def _texts(root, with_pdf):
    build_dir = root / "build"
    for path in sorted(build_dir.rglob("*")):
        if path.suffix in (".md", ".html"):
            yield path, path.read_text(encoding="utf-8")
        elif path.suffix == ".docx":
            with zipfile.ZipFile(path) as docx:
                yield path, " ".join(docx.read(n).decode("utf-8") for n in docx.namelist()
                                     if n.endswith(".xml"))
        elif path.suffix == ".pdf" and with_pdf:
            yield path, "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def _region(tmp_path):
    root = _copy_project(tmp_path / "fjellregion", ROOTS / "fjellregion")
    assert not (root / "maler").exists()
    return root


def _check(root, with_pdf):
    seen = 0
    for path, text in _texts(root, with_pdf):
        found = REFERENCE.search(text)
        assert not found, (path.relative_to(root), text[max(0, found.start() - 80):found.end() + 40])
        seen += 1
    return seen


def test_a_second_region_builds_without_a_trace_of_the_reference_case(tmp_path):
    root = _region(tmp_path)
    report = build(root, with_pdf=False)
    assert not report.warnings
    assert _check(root, with_pdf=False) > 10
    framework = (root / "build/md/samarbeidsavtale.md").read_text(encoding="utf-8")
    assert "Partene i avtalen er Fjellvik kommune, Dalbygd kommune" in framework
    assert "30\u00a0% av kostnadene fordeles likt" in framework
    assert "Vertskommuneområder" not in framework  # no host principle in the data: no host table
    assert ("Avtalen gjelder fire samarbeidsområder som er vertskommunesamarbeid, hvert med sin egen "
            "delavtale. Tabellene viser i tillegg ett samarbeid som er organisert på annen måte") in framework
    assert "Ett område er avviklet. Det har ingen avtale" in framework
    assert "De seks områdene er ordnet i én gruppe." in framework
    two = (root / "build/md/legevakt.md").read_text(encoding="utf-8")
    assert ("*Delavtale mellom Skogli og Breheim om administrativt vertskommunesamarbeid under "
            "«Samarbeidsavtale for Fjellregionen»*") in two
    assert "Avtalen er inngått mellom Skogli kommune og Breheim kommune." in two
    assert "| Skogli kommune | 2\u00a0100 | 3\u00a0200 | 61,4\u00a0% |" in two
    board = (root / "build/md/ppt.md").read_text(encoding="utf-8")
    assert "| Dalbygd kommune | 3 |" in board
    assert "## 6.2 Myndighet som legges til nemnda" in board or "Myndighet som legges til nemnda" in board
    assert "Kommunestyret i hver deltakerkommune delegerer selv den samme myndigheten til nemnda" in board
    assert "i alle typer saker" not in board  # only what is delegated, listed
    overview = (root / "build/md/oversikt.md").read_text(encoding="utf-8")
    assert "Sainte" not in overview and "## 3 Vertskommuner" in overview
    assert (root / "build/md/revisjon.md").read_text(encoding="utf-8").count("Fjellregionen revisjon IKS")
    assert not (root / "build/md/innkjop.md").exists()


@pytest.mark.slow
def test_the_second_region_as_pdf(tmp_path):
    root = _region(tmp_path)
    build(root)
    assert (root / "build/samlet.pdf").is_file()
    assert _check(root, with_pdf=True) > 20


def test_the_download_page_names_the_key_each_agreement_uses(tmp_path):
    root = _region(tmp_path)
    build(root, with_pdf=False)
    page = (root / "build/index.html").read_text(encoding="utf-8")
    assert ("<caption>Kostnadsnøkkel: 50\u00a0% etter avtalte andeler (Skogli 60\u00a0% og Breheim "
            "40\u00a0%) og 50\u00a0% etter bruk, målt som konsultasjoner i 2025") in page
    assert '<th scope="col" class="tall">Konsultasjoner 2025</th>' in page


def test_the_page_says_when_its_sources_are_from_opens_pdfs_and_prints(tmp_path):
    root = _region(tmp_path)
    build(root, with_pdf=False)
    page = (root / "build/index.html").read_text(encoding="utf-8")
    assert re.search(r"Bygget av samarbeid-docs fra kildene i avtaler/, slik de var \d{1,2}\. \w+ \d{4}\.", page)
    assert "@media print" in (root / "build/assets/stil.css").read_text(encoding="utf-8")
    assert ' download>PDF' not in page and 'type="application/pdf"' not in page  # no PDFs built here


def test_appeals_go_to_the_state_only_under_the_acts_the_host_decides_under(tmp_path):
    """PPT lists the Education Act and the Kindergarten Act, but the board decides only under
    the Kindergarten Act: no appeal under the Education Act can arise from its decisions."""
    from samarbeid_docs.kilder.prosjekt import load_project
    from samarbeid_docs.tekst.kontekst import appeal_routes
    root = _copy_project(tmp_path / "fjellregion", ROOTS / "fjellregion")
    project = load_project(root)
    ppt = project.omrader["ppt"]
    assert [r["lov"] for r in appeal_routes(project, ppt)] == []
    area = root / "avtaler/omrader/ppt.yaml"
    area.write_text(area.read_text(encoding="utf-8").replace(
        "  - å treffe vedtak om spesialpedagogisk hjelp etter barnehageloven\n",
        "  - å treffe vedtak om spesialpedagogisk hjelp etter barnehageloven\n"
        "  - å treffe vedtak om spesialundervisning etter opplæringslova\n"), encoding="utf-8")
    project = load_project(root)
    assert [r["lov"] for r in appeal_routes(project, project.omrader["ppt"])] == ["opplæringslova"]
    # authority that names no act: every act's route, as the agreement cannot tell them apart
    area.write_text(re.sub(r"myndighet:\n(  - .*\n)+", "myndighet:\n  - å treffe enkeltvedtak\n",
                           area.read_text(encoding="utf-8")), encoding="utf-8")
    project = load_project(root)
    assert [r["lov"] for r in appeal_routes(project, project.omrader["ppt"])] == ["opplæringslova"]
