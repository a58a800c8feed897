"""A project with more areas than one document lists: the overview in parts, the framework
counting instead of listing, and no document that grows with the number of areas."""

import re
import shutil
from pathlib import Path

import pytest

from samarbeid_docs.bygging.bygg import build
from samarbeid_docs.kilder.prosjekt import load_project
from samarbeid_docs.feil import InputError
from samarbeid_docs.tekst import kontekst
from samarbeid_docs.tekst.sammenstill import compose, plan
from samarbeid_docs.skriv.markdown import render_markdown

from .conftest import edit

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def few_per_part(monkeypatch):
    """Ten areas per document, so the real project's 27 need the overview in three parts."""
    monkeypatch.setattr(kontekst, "LISTED", 10)


def _text(project, slug: str) -> str:
    """The document's Markdown, with its non-breaking spaces (after «del», «punkt», §) as spaces."""
    planned = {p.slug: p for p in plan(project)}
    return render_markdown(compose(project, planned[slug])).replace("\u00a0", " ")


def test_a_small_project_lists_every_area_in_the_framework_and_the_overview():
    project = load_project(ROOT)
    assert not any(p.slug.startswith("oversikt-") for p in plan(project))
    framework = _text(project, "samarbeidsavtale")
    assert "| Felles barnevernstjeneste |" in framework and "De står i vedlegget" not in framework


def test_the_overview_is_split_into_parts_that_list_each_area_once(few_per_part):
    project = load_project(ROOT)
    slugs = [p.slug for p in plan(project)]
    parts = [s for s in slugs if s.startswith("oversikt-")]
    assert parts == ["oversikt-1", "oversikt-2", "oversikt-3"]
    assert slugs[:5] == ["samarbeidsavtale", "oversikt", *parts]  # the appendix before the areas
    titles = [a.tittel for a in project.omrader.values()]
    seen = []
    for number, slug in enumerate(parts, start=1):
        text = _text(project, slug)
        assert text.startswith(f"# Oversikt over samarbeidsområdene, del {number} av 3")
        rows = [t for t in titles if f"| {t} |" in text]
        assert 0 < len(rows) <= 10
        seen += rows
    assert sorted(seen) == sorted(titles)  # every area, ended ones too, exactly once


def test_the_framework_and_the_overview_count_and_point_to_the_parts(few_per_part):
    project = load_project(ROOT)
    for slug in ("samarbeidsavtale", "oversikt"):
        text = _text(project, slug)
        assert "| Felles barnevernstjeneste |" not in text
        assert "Felles barnevernstjeneste" not in text.split("# Fordeling")[0]
    framework = _text(project, "samarbeidsavtale")
    groups = project.rammeavtale.grupper
    ended = sum(project.omrader[s].status == "avviklet" for s in groups[0].omrader)
    assert f"Gruppen har {kontekst.norsk.count_text(len(groups[0].omrader))} områder, hvorav " \
           f"{kontekst.norsk.count_text(ended)} er avviklet. De står i del 1 av vedlegget «Oversikt over " \
           "samarbeidsområdene»." in framework
    assert "del 1–2 av vedlegget" in framework or "del 2–3 av vedlegget" in framework  # over two parts
    assert "Oversikt over samarbeidsområdene, med tre deler (del 1, del 2 og del 3). Vedlegget, med " \
           "alle delene, er en del av avtalen og vedtas sammen med den." in framework
    overview = _text(project, "oversikt")
    assert "de står i egne deler av oversikten, tre i alt, med høyst 10 områder i hver" in overview


def test_an_area_file_may_not_take_the_name_of_a_document(minimal):
    (minimal / "avtaler/omrader/oversikt-2.yaml").write_text(
        (minimal / "avtaler/omrader").glob("*.yaml").__next__().read_text(encoding="utf-8"),
        encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_project(minimal)
    assert any("oversikt-2.yaml" in p.file and "brukes av samarbeidsavtalen og oversikten" in p.message
               for p in info.value.problems)


def test_the_parts_are_built_and_listed_on_the_page(few_per_part, real_copy):
    report = build(real_copy, with_pdf=False)
    made = sorted(p.name for p in (real_copy / "build/docx").glob("oversikt*.docx"))
    assert made == ["oversikt-1.docx", "oversikt-2.docx", "oversikt-3.docx", "oversikt.docx"]
    assert len(report.documents) == 27 + 3
    page = (real_copy / "build/index.html").read_text(encoding="utf-8")
    for number in (1, 2, 3):
        assert f'href="docx/oversikt-{number}.docx"' in page
    # the parts follow the areas: a new title is in the part that lists it
    edit(real_copy / "avtaler/omrader/barnevern.yaml", "tittel: Felles barnevernstjeneste",
         "tittel: Felles barnevernstjeneste for barn")
    build(real_copy, with_pdf=False)
    parts = "".join((real_copy / f"build/md/oversikt-{n}.md").read_text(encoding="utf-8") for n in (1, 2, 3))
    assert parts.count("| Felles barnevernstjeneste for barn |") == 1


def test_a_long_list_of_agreements_is_paged(few_per_part, real_copy, monkeypatch):
    from samarbeid_docs.nettside import side
    monkeypatch.setattr(side, "PER_PAGE", 10)
    build(real_copy, with_pdf=False)
    names = ["index.html", "side-2.html", "side-3.html"]
    assert sorted(p.name for p in (real_copy / "build").glob("*.html")) == sorted(names + ["kilder.html"])
    pages = [(real_copy / "build" / n).read_text(encoding="utf-8") for n in names]
    titles = [a.tittel for a in load_project(real_copy).omrader.values()]
    for title in titles:  # every agreement on exactly one page
        assert sum(f">{title}</" in page for page in pages) == 1, title
    for number, page in enumerate(pages, start=1):
        assert f"Avtalene, side {number} av 3" in page
        assert f'href="{names[number - 1]}" aria-current="page"' in page
        assert page.count('<li class="avtale"') <= 10
    assert "Oversikten består av et hoveddokument og tre deler" in pages[0] and "hoveddokument og" not in pages[1]
    assert 'rel="next" ' not in pages[2] and 'href="side-2.html" rel="next"' in pages[0]
    # fewer agreements later: the pages no longer needed go, and the record follows
    monkeypatch.setattr(side, "PER_PAGE", 20)
    build(real_copy, with_pdf=False)
    assert sorted(p.name for p in (real_copy / "build").glob("*.html")) == ["index.html", "kilder.html", "side-2.html"]


def test_a_part_or_a_page_of_one_and_a_group_of_one_read_naturally(few_per_part, real_copy, monkeypatch):
    """27 areas in parts of 13: the last part holds one area; a last group of one ended area."""
    from samarbeid_docs.nettside import side
    monkeypatch.setattr(kontekst, "LISTED", 13)
    monkeypatch.setattr(side, "PER_PAGE", 13)
    build(real_copy, with_pdf=False)
    last = (real_copy / "build/md/oversikt-3.md").read_text(encoding="utf-8")
    assert "Delen viser det siste av de 27 områdene, «" in last and " til «" not in last.split("##")[1]
    page = (real_copy / "build/side-3.html").read_text(encoding="utf-8")
    assert "viser nummer 27;" in page and ">27: " in page and "27–27" not in page
    framework = (real_copy / "build/md/samarbeidsavtale.md").read_text(encoding="utf-8")
    assert "ett område, hvorav" not in framework


def test_the_summary_counts_the_overview_parts(few_per_part, real_copy):
    from click.testing import CliRunner
    from samarbeid_docs import cli
    result = CliRunner().invoke(cli.main, ["-C", str(real_copy), "bygg", "--uten-pdf"])
    assert result.exit_code == 0, result.output
    assert "Bygget 30 dokumenter" in result.output  # 25 agreements, the framework, the overview and 3 parts
    assert "samarbeidsavtalen, oversikten (hoveddokumentet og 3 deler), 21 delavtaler og " \
           "4 orienteringer" in result.output.replace("\n  ", " ")


def test_a_reserved_name_is_said_once_and_a_group_id_twice_is_refused(real_copy):
    shutil.copyfile(real_copy / "avtaler/omrader/barnevern.yaml", real_copy / "avtaler/omrader/oversikt-1.yaml")
    edit(real_copy / "avtaler/samarbeidsavtale.yaml", "      - flyktning\n", "      - flyktning\n      - oversikt-1\n")
    with pytest.raises(InputError) as info:
        load_project(real_copy)
    assert [p.file for p in info.value.problems] == ["avtaler/omrader/oversikt-1.yaml"]
    (real_copy / "avtaler/omrader/oversikt-1.yaml").unlink()
    edit(real_copy / "avtaler/samarbeidsavtale.yaml", "      - oversikt-1\n", "")
    text = (real_copy / "avtaler/samarbeidsavtale.yaml").read_text(encoding="utf-8")
    ids = re.findall(r"^  - id: (\S+)$", text, re.M)
    edit(real_copy / "avtaler/samarbeidsavtale.yaml", f"  - id: {ids[1]}\n", f"  - id: {ids[0]}\n")
    with pytest.raises(InputError) as info:
        load_project(real_copy)
    assert any(f"gruppen '{ids[0]}' står to ganger" in p.message and p.line for p in info.value.problems)


def test_with_many_agreements_each_councils_cases_get_a_page_of_their_own(real_copy, monkeypatch):
    from samarbeid_docs.bygging.bygg import refresh_site
    from samarbeid_docs.bygging.saker import build_cases
    from samarbeid_docs.nettside import side
    from samarbeid_docs.tekst.saker import cases
    monkeypatch.setattr(side, "PER_PAGE", 10)
    build(real_copy, with_pdf=False)
    build_cases(real_copy)
    assert refresh_site(real_copy)
    front = (real_copy / "build/index.html").read_text(encoding="utf-8")
    assert 'href="saker-os.html"' in front and 'class="saksliste"' not in front
    own = (real_copy / "build/saker-os.html").read_text(encoding="utf-8")
    found = [c for c in cases(load_project(real_copy)) if c.council == "os"]
    assert own.count('<span class="sakstittel">') == len(found) == 20
    assert 'href="saker/os/samlet.docx"' in own
    monkeypatch.setattr(side, "PER_PAGE", 100)  # one page again: the cases on the front page
    build(real_copy, with_pdf=False)
    assert not list((real_copy / "build").glob("saker-*.html"))
    assert 'class="saksliste"' in (real_copy / "build/index.html").read_text(encoding="utf-8")


def test_in_parts_the_overview_points_to_its_parts_for_the_marked_hosts(few_per_part):
    intro = _text(load_project(ROOT), "oversikt").split("# Samarbeidsområder i drift")[0]
    assert "for elleve nye områder. De er merket «forslag» i delene av oversikten." in intro
    assert "for åtte områder som er i drift. De er merket «kontrolleres» i delene av oversikten." in intro
    assert "punkt" not in intro  # this document has no tables to point to
