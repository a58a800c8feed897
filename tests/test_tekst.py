"""Clause texts: escaping, strictness, sandbox and the Markdown → IR parser."""


import pytest

from samarbeid_docs.feil import InputError
from samarbeid_docs.tekst.dokument import (Heading, ListBlock, Paragraph, Run, Signatures, Table,
                                           plain)
from samarbeid_docs.tekst.klausuler import make_environment, md_escape, paragraphs, parse, render_markdown

HOSTILE = ["Plan, miljø & geodata <kontor>", "{{ 7*7 }}", "{% if x %}y{% endif %}", "*ikke kursiv*",
           "# ikke overskrift", "- ikke liste", "1. ikke nummer", "a | b", "\\backslash\\",
           "&amp; &lt;", "[lenke](http://x)", "`kode`", "Rossen tjïelte", "«sitat» 'enkle' \"doble\""]


def _template(root):
    """A template of the project's own (maler/t.md.j2)."""
    (root / "maler").mkdir(exist_ok=True)
    return root / "maler" / "t.md.j2"


@pytest.mark.parametrize("value", HOSTILE)
def test_values_come_out_exactly_as_written(value, tmp_path):
    _template(tmp_path).write_text("Verdi: {{ v }}\n\n| A |\n|---|\n| {{ v }} |\n", encoding="utf-8")
    env = make_environment(tmp_path, {})
    blocks = parse(render_markdown(env, "t.md.j2", {"v": value}, tmp_path))
    assert plain(blocks[0].runs) == f"Verdi: {value}"
    assert isinstance(blocks[1], Table) and plain(blocks[1].rows[0][0]) == value


def test_newlines_in_values_become_spaces():
    assert md_escape("a\nb") == "a b"


def test_a_longer_text_keeps_its_paragraphs_and_lists():
    """`{{ avtale.formal | avsnitt }}`: a blank line is a new paragraph, «- » and «1.» lines are
    lists, an indented line goes on with its point, and every piece is still escaped."""
    text = ("Samarbeidet skal gi barn en robust tjeneste.\n\nSamarbeidet skal:\n"
            "- sikre at pliktene etter § 4 blir oppfylt;\n- gi de ansatte\n  et fagmiljø & mer.\n"
            "Dette gjelder alle.\n1. Først\n2) Så *ikke kursiv*")
    blocks = parse(str(paragraphs(text)))
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Paragraph", "ListBlock", "Paragraph", "ListBlock"]
    assert plain(blocks[1].runs) == "Samarbeidet skal:"
    assert [plain(i.runs) for i in blocks[2].items] == ["sikre at pliktene etter §\u00a04 blir oppfylt;",
                                                        "gi de ansatte et fagmiljø & mer."]
    assert not blocks[2].ordered and blocks[4].ordered
    assert [(i.label, plain(i.runs)) for i in blocks[4].items] == [("1.", "Først"), ("2.", "Så *ikke kursiv*")]


def _points(value):
    """The one list `paragraphs(value)` gives: (level, label, text) for each point."""
    blocks = parse(str(paragraphs(value)))
    lists = [b for b in blocks if isinstance(b, ListBlock)]
    assert len(lists) == 1, blocks
    return [(i.level, i.label, plain(i.runs)) for i in lists[0].items]


@pytest.mark.parametrize(("value", "points"), [
    # a point that opens with a date or a year keeps it as text, not as a label
    ("- 1. januar 2027: ny takst;\n- 2026) var året før.", [(0, "", "1. januar 2027: ny takst;"),
                                                          (0, "", "2026) var året før.")]),
    # a numbered list that goes on from an earlier one, and labels as written
    ("3. tre\n4. fire", [(0, "3.", "tre"), (0, "4.", "fire")]),
    ("1) en\n2. to", [(0, "1)", "en"), (0, "2)", "to")]),
    ("a) en\nb) to\nc) tre", [(0, "a)", "en"), (0, "b)", "to"), (0, "c)", "tre")]),
    ("+ en\n• to", [(0, "", "en"), (0, "", "to")]),
    # a point with no text is left out; no stray «-»
    ("- en\n-\n- \n- to", [(0, "", "en"), (0, "", "to")]),
    # points under points keep their level, numbered ones their numbers
    ("- en\n  - under\n    1) a\n    2) b\n- to", [(0, "", "en"), (1, "", "under"), (2, "1)", "a"),
                                                  (2, "2)", "b"), (0, "", "to")]),
    ("1. en\n   - under\n2. to", [(0, "1.", "en"), (1, "", "under"), (0, "2.", "to")]),
    # a wrapped point's next line, not indented, goes on with it when another point follows
    ("- en som\nfortsetter\n- to", [(0, "", "en som fortsetter"), (0, "", "to")]),
    # the dashes Word puts before points, pasted into the sources: in a run of two or more, or
    # after a line that ends with «:»; not mixed into a list of «-» points
    ("Oppgavene er:\n– saksbehandling\n– tilsyn", [(0, "", "saksbehandling"), (0, "", "tilsyn")]),
    ("– en som\n  fortsetter\n– to", [(0, "", "en som fortsetter"), (0, "", "to")]),
    ("Dette gjelder:\n– bare ett punkt", [(0, "", "bare ett punkt")]),
])
def test_points_keep_their_labels_levels_and_text(value, points):
    assert _points(value) == points


@pytest.mark.parametrize("value", ["1. en\n1. to", "3. tre\n5. fem", "a) en\nc) tre",
                                   # a sentence wrapped before a dash is not a point
                                   "Kommunene betaler en del\n– ikke hele – av kostnaden."])
def test_numbers_that_do_not_count_on_are_no_list(value):
    assert not any(isinstance(b, ListBlock) for b in parse(str(paragraphs(value))))


@pytest.mark.parametrize("value", HOSTILE + ["12. mai 2016 vedtok kommunestyrene avtalen.\n1. januar 2027 gjelder den.",
                                              "1. ikke en liste alene"])
def test_a_text_of_one_paragraph_is_escaped_as_any_value(value):
    assert paragraphs(value) == md_escape(value)


def test_undefined_variable_is_a_located_error(tmp_path):
    _template(tmp_path).write_text("# Tittel\n\nLinje {{ finnes_ikke }}\n", encoding="utf-8")
    env = make_environment(tmp_path, {})
    with pytest.raises(InputError) as info:
        render_markdown(env, "t.md.j2", {}, tmp_path)
    assert str(info.value.problems[0]) == ("maler/t.md.j2:3: FEIL: malen bruker en verdi som ikke finnes "
                                           "('finnes_ikke' is undefined); sjekk stavemåten")


def test_sandbox_refuses_python_internals(tmp_path):
    _template(tmp_path).write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    env = make_environment(tmp_path, {})
    with pytest.raises(InputError) as info:
        render_markdown(env, "t.md.j2", {}, tmp_path)
    assert "malen kunne ikke fylles ut" in str(info.value.problems[0])


def test_template_text_gets_a_non_breaking_space_after_the_section_sign(tmp_path):
    _template(tmp_path).write_text("Se § 20-2.\n", encoding="utf-8")
    env = make_environment(tmp_path, {})
    assert render_markdown(env, "t.md.j2", {}, tmp_path) == "Se §\u00a020-2.\n"


def test_parse_builds_the_ir():
    blocks = parse("# Parter\n\nTekst med **fet** del.\n\n- a) første\n- b) andre\n\n"
                   "| K | Andel |\n|---|---:|\n| A | 1 |\n| **Sum** | **1** |\n\n"
                   "::: signaturer ordfører\n- Røros kommune\n- Os kommune\n:::\n")
    assert blocks[0] == Heading(1, (Run("Parter"),))
    assert blocks[1] == Paragraph((Run("Tekst med "), Run("fet", bold=True), Run(" del.")))
    assert isinstance(blocks[2], ListBlock) and [i.label for i in blocks[2].items] == ["a)", "b)"]
    assert blocks[3].align == ("left", "right") and blocks[3].has_total_row
    assert blocks[4] == Signatures(("Røros kommune", "Os kommune"), "ordfører")


def test_real_clause_library_has_every_required_heading():
    """The sub-agreement covers every item of kommuneloven § 20-4 third paragraph and more."""
    from samarbeid_docs.kilder.prosjekt import load_project
    from samarbeid_docs.tekst.sammenstill import compose, plan

    from .conftest import REPO
    project = load_project(REPO)
    doc = compose(project, next(p for p in plan(project) if p.slug == "barnevern"))
    headings = [plain(b.runs) for b in doc.blocks if isinstance(b, Heading)]
    for required in ["Parter", "Bakgrunn og formål", "Rettslig grunnlag", "Vertskommune",
                     "Oppgaver og myndighet", "Når oppgaver og myndighet overføres",
                     "Delegering, instruksjon og omgjøring", "Underretning og rapportering",
                     "Klage og lovlighetskontroll", "Samarbeidsorgan", "Innhold og kvalitet",
                     "Økonomi og kostnadsfordeling", "Økonomisk oppgjør", "Budsjett og regnskap",
                     "Kontroll og tilsyn", "Ansatte", "Arkiv og personvern", "Endringer",
                     "Uttreden", "Oppløsning", "Sammenslåing av kommuner", "Tvister",
                     "Ikrafttredelse", "Versjonshistorikk", "Det hver kommune beholder",
                     "Underskrifter"]:
        assert required in headings, required
    text = "\n".join(plain(b.runs) for b in doc.blocks if isinstance(b, Paragraph))
    for reference in ["§\u00a020-2", "§\u00a020-4", "§\u00a020-5", "§\u00a020-7", "§\u00a020-8",
                      "§\u00a020-9"]:
        assert reference in text, reference
    # the 1992 act appears only in the version history, as what the 2016 text cited
    assert "28-1" not in text
    history = next(b for i, b in enumerate(doc.blocks) if isinstance(b, Table)
                   and any(isinstance(h, Heading) and plain(h.runs) == "Versjonshistorikk"
                           for h in doc.blocks[:i][-1:]))
    assert "kommuneloven (1992) §\u00a028-1 b" in plain(history.rows[0][1])


def test_points_under_points_are_lists_inside_their_point_in_html():
    """A screen reader tells a point under a point by its list, not by its indentation: the HTML
    nests the lists (valid: each inner <ul> inside its <li>), labels kept, text escaped."""
    from samarbeid_docs.skriv.html import render_blocks
    html = str(render_blocks(parse(str(paragraphs(
        "- en & to\n  - under\n    1) a\n    2) b\n- tre")))))
    # a list with labels anywhere shows no bullets: its other points get «•» written
    point = '<li><span class="etikett">%s</span> %s'
    assert html == ('<ul class="etiketter">' + point % ("•", "en &amp; to") + '<ul class="etiketter">'
                    + point % ("•", "under") + '<ul class="etiketter">' + point % ("1)", "a") + "</li>"
                    + point % ("2)", "b") + "</li></ul></li></ul></li>" + point % ("•", "tre") + "</li></ul>")


def test_a_report_page_shows_the_reports_own_markup_and_the_sources_words_as_written():
    """build/kilder.html and build/endringer.html: the report's <ins>/<del> and folded lists are
    markup, anything else a source could hold («<script>», an image, a javascript: link) is text."""
    from samarbeid_docs.tekst.rapport import report_html
    title, body = report_html(
        "## Endringer fra A til B\n\n### Felles & co\n\n- Tekst: jordbruk<ins>, skogbruk</ins> og "
        "<script>alert(1)</script>\n  <details><summary>Gjelder 2</summary><ul><li>A &amp; B</li></ul>"
        "</details>\n\n<img src=x onerror=alert(1)>\n\n[lenke](javascript:alert(1))\n")
    assert str(title) == "Endringer fra A til B"
    body = str(body)
    assert "<h2>Felles &amp; co</h2>" in body  # the report's headings under the page's <h1>
    assert "jordbruk<ins>, skogbruk</ins>" in body and "<details><summary>Gjelder 2</summary>" in body
    assert "&lt;script&gt;" in body and "<script" not in body
    assert "&lt;img src=x" in body and "<img" not in body and 'href="javascript' not in body
