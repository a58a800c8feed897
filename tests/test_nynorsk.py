"""Nynorsk: the written standard chosen in the data (målform) reaches every formatted value, the
template set, and the language every output carries."""

import zipfile
from dataclasses import replace
from datetime import date

import pytest

from samarbeid_docs import norsk
from samarbeid_docs.kilder import malsett
from samarbeid_docs.kilder.prosjekt import load_project
from samarbeid_docs.skriv.docx import render_docx
from samarbeid_docs.tekst.dokument import text_lines
from samarbeid_docs.tekst.sammenstill import DOCX_TEMPLATE, compose, plan, written_form

from .conftest import REPO, edit


@pytest.mark.parametrize(("call", "bokmal", "nynorsk"), [
    (lambda: norsk.count_text(1), "ett", "eitt"),
    (lambda: norsk.count_text(7), "sju", "sju"),
    (lambda: norsk.notice_text(12), "ett års varsel", "eitt års varsel"),
    (lambda: norsk.notice_text(6), "seks måneders varsel", "seks månaders varsel"),
    (lambda: norsk.period_text(12), "ett år", "eitt år"),
    (lambda: norsk.period_text(6), "seks måneder", "seks månader"),
    (lambda: norsk.notice_text(1), "én måneds varsel", "éin månads varsel"),
    (lambda: norsk.points_change(0), "uendret", "uendra"),
    (lambda: norsk.date_text(date(2016, 7, 1)), "1. juli 2016", "1. juli 2016"),
    (lambda: norsk.number(1234567), "1\u00a0234\u00a0567", "1\u00a0234\u00a0567"),
    (lambda: norsk.language_tag(), "nb-NO", "nn-NO"),
    (lambda: norsk.locale(), "nb_NO", "nn_NO"),
])
def test_values_follow_the_written_standard(call, bokmal, nynorsk):
    assert call() == bokmal
    with norsk.written_standard("nynorsk"):
        assert call() == nynorsk
    assert call() == bokmal  # only inside the block


def test_the_written_standard_comes_from_the_framework_and_an_area_may_differ(minimal):
    assert written_form(load_project(minimal), "plan") == "bokmål"
    edit(minimal / "avtaler/samarbeidsavtale.yaml", "tittel:", "målform: nynorsk\ntittel:")
    project = load_project(minimal)
    assert written_form(project) == written_form(project, "plan") == "nynorsk"
    edit(minimal / "avtaler/omrader/plan.yaml", "tittel:", "målform: bokmål\ntittel:")
    assert written_form(load_project(minimal), "plan") == "bokmål"


def test_a_nynorsk_word_file_says_so_to_word_and_libreoffice(minimal, tmp_path):
    project = load_project(minimal)
    doc = compose(project, next(p for p in plan(project) if p.slug == "plan"))
    assert doc.meta.language == "nb-NO"
    data = render_docx(replace(doc, meta=replace(doc.meta, language="nn-NO")),
                       malsett.find(minimal, DOCX_TEMPLATE))
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        styles = archive.read("word/styles.xml").decode()
        settings = archive.read("word/settings.xml").decode()
        core = archive.read("docProps/core.xml").decode()
    assert 'w:val="nn-NO"' in styles and 'w:val="nb-NO"' not in styles
    assert '<w:themeFontLang w:val="nn-NO"' in settings
    assert "<dc:language>nn-NO</dc:language>" in core


def test_a_template_missing_in_nynorsk_is_named_not_taken_from_bokmal(minimal, tmp_path):
    """A project's own nynorsk set that lacks a clause: the message names it and the fix."""
    from samarbeid_docs.feil import InputError
    from samarbeid_docs.tekst.klausuler import make_environment, render_markdown
    (minimal / "maler/nn").mkdir(parents=True)
    (minimal / "maler/nn/prove.md.j2").write_text('{% include "klausuler/finst-ikkje.md.j2" %}\n',
                                                  encoding="utf-8")
    env = make_environment(minimal, {}, "nynorsk")
    with pytest.raises(InputError) as caught:
        render_markdown(env, "prove.md.j2", {}, minimal)
    message = caught.value.problems[0].message
    assert "malen «klausuler/finst-ikkje.md.j2» finnes ikke på nynorsk" in message
    assert "målform: bokmål" in message


# -- a nynorsk region built end to end -----------------------------------------------------------

import re  # noqa: E402
import shutil  # noqa: E402

from .conftest import ROOTS  # noqa: E402

# common word forms that exist in only one written standard (the list and more)
BOKMAL_ONLY = ["kommunene", "gjelder", "ikke", "mellom kommunene", "avtalen gjelder", "myndigheten",
               "oppgavene", "deltakerne", "tjenesten", "hver", "hvis", "fra", "være", "noen",
               "disse", "selv", "uten", "hvordan", "ansatte", "måneder", "kommunestyrene", "vedtatt",
               "samarbeidskommunene", "avtalene", "bare", "egen", "annen", "avviklet", "avviklede"]
NYNORSK_ONLY = ["ikkje", "kommunane", "gjeld", "frå", "kvar", "dei", "berre", "vere", "eit", "oppgåver",
                "tenesta", "deltakarane", "mynde", "myndet", "avtalane", "kommunestyra", "vedteke",
                "samarbeidskommunane", "sjølv", "utan", "korleis", "tilsette"]


def _words_found(text: str, words: list[str]) -> list[str]:
    """The words of `words` in `text`, outside quotations («…», which may be in either standard:
    a law's own words, a source's title)."""
    while re.search(r"«[^«»]*»", text):
        text = re.sub(r"«[^«»]*»", " ", text)
    return [w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text, re.I)]


def _outputs(root) -> dict[str, str]:
    from docx import Document as open_docx
    texts = {}
    for path in sorted((root / "build").rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.suffix == ".md":
            texts[name] = path.read_text(encoding="utf-8")
        elif path.suffix == ".html":  # what a reader sees: the text and the attributes read out
            page = path.read_text(encoding="utf-8")
            spoken = " ".join(re.findall(r'(?:aria-label|title|alt)="([^"]*)"', page))
            texts[name] = re.sub(r"<[^>]+>", " ", page) + " " + spoken
        elif path.suffix == ".docx":
            doc = open_docx(str(path))
            texts[name] = "\n".join([p.text for p in doc.paragraphs] + [
                c.text for t in doc.tables for r in t.rows for c in r.cells])
    return texts


def _build_both(root, with_pdf: bool):
    from samarbeid_docs.bygging.bygg import build, refresh_site
    from samarbeid_docs.bygging.saker import build_cases
    build(root, with_pdf=with_pdf)
    if with_pdf:
        from samarbeid_docs.konverter.pdf import Converter
        with Converter(root / ".mellomlager/arbeid") as converter:
            build_cases(root, converter=converter)
    else:
        build_cases(root)
    refresh_site(root)


def test_a_nynorsk_region_has_no_bokmal_forms_and_a_bokmal_one_no_nynorsk_forms(tmp_path):
    nn = tmp_path / "fjord"
    shutil.copytree(ROOTS / "fjordregion" / "avtaler", nn / "avtaler")
    _build_both(nn, with_pdf=False)
    texts = _outputs(nn)
    assert len([n for n in texts if n.endswith(".docx")]) > 10  # agreements and case papers
    found = {name: _words_found(text, BOKMAL_ONLY) for name, text in texts.items()}
    assert {name: words for name, words in found.items() if words} == {}
    nb = tmp_path / "fjell"
    shutil.copytree(ROOTS / "fjellregion" / "avtaler", nb / "avtaler")
    _build_both(nb, with_pdf=False)
    found = {name: _words_found(text, NYNORSK_ONLY) for name, text in _outputs(nb).items()}
    assert {name: words for name, words in found.items() if words} == {}
    # the check can fail: a bokmål word in a nynorsk clause is found
    assert _words_found("Avtalen gjelder ikke for kommunene.", BOKMAL_ONLY) == [
        "kommunene", "gjelder", "ikke", "avtalen gjelder"]


def test_the_legal_check_reads_nynorsk_and_finds_a_missing_clause(tmp_path):
    from samarbeid_docs.bygging.bygg import build
    from samarbeid_docs.feil import InputError
    root = tmp_path / "fjord"
    shutil.copytree(ROOTS / "fjordregion" / "avtaler", root / "avtaler")
    build(root, with_pdf=False)  # every letter of § 20-4 found in the nynorsk text
    (root / "maler/nn/klausuler").mkdir(parents=True)
    (root / "maler/nn/klausuler/uttreden.md.j2").write_text("# Uttreding\n\nIngenting her.\n",
                                                            encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build(root, with_pdf=False)
    said = " ".join(p.message for p in caught.value.problems)
    assert "bokstav g" in said and "bokstav h" in said


@pytest.mark.slow
def test_nynorsk_pdfs_and_pages_carry_their_language(tmp_path):
    import pikepdf
    root = tmp_path / "fjord"
    shutil.copytree(ROOTS / "fjordregion" / "avtaler", root / "avtaler")
    _build_both(root, with_pdf=True)
    for pdf in [root / "build/pdf/barnevern.pdf", root / "build/saker/dalsoy/barnevern.pdf"]:
        with pikepdf.open(pdf) as document:
            assert str(document.Root.Lang) == "nn-NO"
    for page in [root / "build/index.html", root / "build/html/barnevern.html"]:
        assert '<html lang="nn">' in page.read_text(encoding="utf-8")
    text = (root / "build/index.html").read_text(encoding="utf-8")
    assert "Saker til kommunestyra" in text and "For Dalsøy kommune:" in text


def test_the_overview_in_parts_and_the_paged_list_are_nynorsk_too(tmp_path, monkeypatch):
    """Few areas per document and per page, so the nynorsk region gets the overview in parts
    and its list on several pages: none of it in bokmål."""
    from samarbeid_docs.bygging.bygg import build
    from samarbeid_docs.nettside import side
    from samarbeid_docs.tekst import kontekst
    monkeypatch.setattr(kontekst, "LISTED", 2)
    monkeypatch.setattr(side, "PER_PAGE", 2)
    from samarbeid_docs.bygging.bygg import refresh_site
    from samarbeid_docs.bygging.saker import build_cases
    nn = tmp_path / "fjord"
    shutil.copytree(ROOTS / "fjordregion" / "avtaler", nn / "avtaler")
    build(nn, with_pdf=False)
    build_cases(nn)
    refresh_site(nn)
    texts = _outputs(nn)
    councils = [n for n in texts if n.startswith("build/saker-") and n.endswith(".html")]
    assert councils and all("Tilbake til nedlastingssida" in texts[n] for n in councils)
    assert "Oversikt over samarbeidsområda, del 1 av" in texts["build/md/oversikt-1.md"]
    assert "av vedlegget «Oversikt over samarbeidsområda»" in texts["build/md/samarbeidsavtale.md"]
    assert "Avtalane, side 2 av" in texts["build/side-2.html"]
    found = {name: _words_found(text, BOKMAL_ONLY) for name, text in texts.items()}
    assert {name: words for name, words in found.items() if words} == {}


def test_the_nynorsk_overview_says_where_the_hosts_to_settle_stand(tmp_path):
    root = tmp_path / "fjord"
    shutil.copytree(ROOTS / "fjordregion" / "avtaler", root / "avtaler")
    for area in ("barnevern", "legevakt"):
        path = root / f"avtaler/omrader/{area}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "vertskommune_status: avtalt", "vertskommune_status: foreslått"), encoding="utf-8")
    project = load_project(root)
    overview = compose(project, next(p for p in plan(project) if p.slug == "oversikt"))
    intro = " ".join(text_lines(overview)).replace("\u00a0", " ")
    assert ("Vertskommunen er føreslått, men ikkje avtalt, for eitt nytt område, i punkt 2. Det er "
            "merkt «forslag» i tabellane. Vertskommunen skal stadfestast før behandlinga for eitt "
            "område som er i drift, i punkt 2. Det er merkt «skal kontrollerast» i tabellane.") in intro


def test_bokmal_text_in_the_sources_of_a_nynorsk_project_is_warned_about(real_copy):
    """The clauses follow `målform`, the sources' own text does not: a project switched to
    nynorsk is told which files still hold bokmål, at their line, and which law names to write
    again. The nynorsk test region and the bokmål example are silent."""
    from samarbeid_docs.tekst.malform import mixed_standard
    framework = real_copy / "avtaler/samarbeidsavtale.yaml"
    framework.write_text(framework.read_text(encoding="utf-8") + "målform: nynorsk\n", encoding="utf-8")
    said = {p.file: p for p in mixed_standard(load_project(real_copy))}
    child = said["avtaler/omrader/barnevern.yaml"]
    assert child.line is not None and "skrevet på bokmål («" in child.message
    assert "men dokumentene skrives på nynorsk (målform): skriv teksten i filen om på nynorsk" in child.message
    laws = [p for p in mixed_standard(load_project(real_copy)) if p.file == "avtaler/lover.yaml"]
    assert any("«sosialtjenesteloven» er bokmål" in p.message and "«sosialtenestelova»" in p.message
               for p in laws)
    assert mixed_standard(load_project(ROOTS / "fjordregion")) == []
    assert mixed_standard(load_project(REPO)) == []


def test_quoted_words_are_taken_as_written():
    from samarbeid_docs.tekst.malform import words_of_the_other_standard
    assert words_of_the_other_standard("Avtalen gjeld ikke «hvis ikke annet er avtalt».", "nynorsk") == ["ikke"]
    assert words_of_the_other_standard("Tenesta skal vere open for alle.", "bokmål") == ["vere", "tenesta"]
    assert words_of_the_other_standard("Tjenesten skal være åpen for alle.", "bokmål") == []
