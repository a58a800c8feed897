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
from samarbeid_docs.tekst.sammenstill import DOCX_TEMPLATE, compose, plan, written_form

from .conftest import edit


@pytest.mark.parametrize(("call", "bokmal", "nynorsk"), [
    (lambda: norsk.count_text(1), "ett", "eitt"),
    (lambda: norsk.count_text(7), "sju", "sju"),
    (lambda: norsk.notice_text(12), "ett års varsel", "eitt års varsel"),
    (lambda: norsk.notice_text(6), "seks måneders varsel", "seks månaders varsel"),
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
