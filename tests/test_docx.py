"""The DOCX writer, read back with python-docx: house style, properties, fields, escaping."""

import zipfile

from docx import Document
from docx.oxml.ns import qn

from samarbeid_docs.kilder.prosjekt import load_project
from samarbeid_docs.skriv.docx import render_docx
from samarbeid_docs.kilder import malsett
from samarbeid_docs.tekst.sammenstill import DOCX_TEMPLATE, compose, plan

from .conftest import REPO
from .docx_tekst import header_footer

TITLE = "Plan, miljø & geodata <kontor>"


def _render(root, tmp_path, slug="plan"):
    project = load_project(root)
    doc = compose(project, next(p for p in plan(project) if p.slug == slug))
    out = tmp_path / f"{slug}.docx"
    out.write_bytes(render_docx(doc, malsett.find(root, DOCX_TEMPLATE)))
    return out


def test_values_survive_unchanged_in_body_header_and_properties(minimal, tmp_path):
    out = _render(minimal, tmp_path)
    doc = Document(str(out))
    assert doc.paragraphs[0].text == TITLE
    header, footer = header_footer(out)
    # the date in the header is kept on one line, as in the body (a header that broke after
    # «1.» left the month on a line of its own)
    assert header == f"UTKAST · {TITLE} · versjon 1.0 · 18.\u00a0mai\u00a02026"
    assert doc.core_properties.title == TITLE
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "{{ jinja }} og {% if %} og *stjerner*" in body
    assert "\"sitat\" & 'apostrof'" in body


def test_document_properties(minimal, tmp_path):
    props = Document(str(_render(minimal, tmp_path))).core_properties
    assert props.author == "Røros kommune, Holtålen kommune"
    assert props.language == "nb-NO"
    assert props.subject == "Nye samarbeidsområder"
    # rendered outside a build, nobody said when it was made: the ZIP epoch, never the
    # agreement's date (18 May 2026 in this fixture)
    assert props.created.isoformat().startswith("1980-01-01")
    # read with lxml: python-docx 1.2 looks for cp:revision, cp:keywords and cp:category in the
    # custom-properties namespace (and wrote them there, a second time: the bug this replaces)
    from lxml import etree
    with zipfile.ZipFile(_render(minimal, tmp_path)) as package:
        core = etree.fromstring(package.read("docProps/core.xml"))
    cp = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
    assert core.findtext(f"{cp}revision") == "1" and core.findtext(f"{cp}version") == "1.0"
    assert core.findtext(f"{cp}contentStatus") == "Utkast"
    assert core.findtext(f"{cp}keywords") == "Nye samarbeidsområder; administrativt vertskommunesamarbeid"


def test_norwegian_language_a4_and_page_fields(minimal, tmp_path):
    out = _render(minimal, tmp_path)
    doc = Document(str(out))
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "nb-NO"
    for name in ("Normal", "Heading 1", "Heading 2", "Title", "List Bullet"):
        style_lang = doc.styles[name].element.rPr.find(qn("w:lang"))
        assert style_lang.get(qn("w:val")) == "nb-NO", name
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    assert header_footer(out)[1].startswith("Side ")


def test_headings_use_word_numbering(minimal, tmp_path):
    doc = Document(str(_render(minimal, tmp_path)))
    numpr = doc.styles["Heading 1"].element.pPr.find(qn("w:numPr"))
    assert numpr is not None
    num_id = numpr.find(qn("w:numId")).get(qn("w:val"))
    numbering = doc.part.numbering_part.element
    assert any(n.get(qn("w:numId")) == num_id for n in numbering.findall(qn("w:num")))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Parter" and "Underskrifter" in headings


def test_every_heading_carries_the_hidden_mark_the_converter_breaks_at(minimal, tmp_path):
    """The converter mends a heading LibreOffice left at a page's foot in the document it still
    has open, found by this mark (konverter/sidebrudd.break_marks)."""
    from samarbeid_docs.konverter import sidebrudd
    out = _render(minimal, tmp_path)
    doc = Document(str(out))
    headings = [p for p in doc.paragraphs if p.style.name.startswith("Heading")]
    marks = [[b.get(qn("w:name")) for b in p._p.findall(qn("w:bookmarkStart"))] for p in headings]
    assert marks == [[f"_Ovs{n}"] for n in range(1, len(headings) + 1)]
    ids = [b.get(qn("w:id")) for b in doc.element.body.iter(qn("w:bookmarkStart"))]
    assert len(ids) == len(set(ids))  # Word refuses a file with two bookmarks of one id
    assert sidebrudd.break_marks(out, [0, len(headings) - 1]) == ["_Ovs1", f"_Ovs{len(headings)}"]
    assert sidebrudd.break_marks(out, [len(headings)]) is None  # no such heading


def test_a_purpose_written_as_paragraphs_and_a_list_keeps_them(minimal, tmp_path):
    """`formål: |` with a blank line and «- » lines: paragraphs and a bulleted list in Word, not
    one run-on paragraph; the same text with «>-» is one paragraph, and `sjekk` says why."""
    from click.testing import CliRunner

    from samarbeid_docs import cli
    area = minimal / "avtaler/omrader/plan.yaml"
    text = area.read_text(encoding="utf-8")
    old = text[text.index("formål:"):text.index("oppgaver:")]
    area.write_text(text.replace(old, "formål: |\n  Samarbeidet skal gi et fagmiljø.\n\n  Det skal:\n"
                                      "  - gi lik kvalitet & mindre sårbarhet;\n  - gi kortere ventetid.\n"), encoding="utf-8")
    doc = Document(str(_render(minimal, tmp_path)))
    texts = [(p.style.name, p.text) for p in doc.paragraphs]
    at = texts.index(("Normal", "Samarbeidet skal gi et fagmiljø."))
    assert texts[at + 1:at + 4] == [("Normal", "Det skal:"), ("List Bullet", "gi lik kvalitet & mindre sårbarhet;"),
                                    ("List Bullet", "gi kortere ventetid.")]
    folded = area.read_text(encoding="utf-8").replace("formål: |", "formål: >-")
    area.write_text(folded, encoding="utf-8")
    doc = Document(str(_render(minimal, tmp_path)))
    assert "Det skal: - gi lik kvalitet & mindre sårbarhet; - gi kortere ventetid." in [p.text for p in doc.paragraphs]
    line = folded.splitlines().index("  - gi lik kvalitet & mindre sårbarhet;") + 1
    result = CliRunner().invoke(cli.main, ["-C", str(minimal), "sjekk"], prog_name="samarbeid")
    assert result.exit_code == 0, result.output
    assert f"avtaler/omrader/plan.yaml:{line}: ADVARSEL: formål: linjen begynner som et punkt i en liste" in result.output


def test_numbered_points_are_a_word_list_that_renumbers_itself(tmp_path):
    """A case paper's resolution points and attachments were typed «1.» + tab, so Word did not
    renumber them when a secretary added or deleted a point. Now each is a Word numbered list
    («%1.»), each starting at 1, and the number is not in the text; other labels stay typed."""
    from samarbeid_docs.skriv.docx import render_docx as render
    from samarbeid_docs.tekst.dokument import Document as Doc, ListBlock, ListItem, Meta, Run
    items = lambda labels: ListBlock(tuple(ListItem((Run(f"punkt {x}"),), x) for x in labels), True)
    meta = Meta(title="Liste", subtitle="", status="Utkast", version="1.0", date="1. desember 2026",
                date_iso="2026-12-01", parties=("Os kommune",), subject="Liste")
    doc = Doc(slug="liste", meta=meta, blocks=(items(["1.", "2.", "3."]), items(["1.", "2."]),
                                                  items(["a)", "b)"])))
    out = tmp_path / "liste.docx"
    out.write_bytes(render(doc, malsett.find(REPO, DOCX_TEMPLATE)))
    word = Document(str(out))
    points = [p for p in word.paragraphs if "punkt" in p.text]
    assert [p.text for p in points] == ["punkt 1.", "punkt 2.", "punkt 3.", "punkt 1.", "punkt 2.",
                                        "a)\tpunkt a)", "b)\tpunkt b)"]
    ids = [p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}") for p in points]
    first, second = ids[0].get(qn("w:val")), ids[3].get(qn("w:val"))
    assert [i.get(qn("w:val")) for i in ids[:5]] == [first] * 3 + [second] * 2 and first != second
    assert ids[5] is None and ids[6] is None
    numbering = word.part.numbering_part.element
    for num_id in (first, second):
        num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
        assert num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}").get(qn("w:val")) == "1"
        abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        abstract = next(a for a in numbering.findall(qn("w:abstractNum"))
                        if a.get(qn("w:abstractNumId")) == abstract_id)
        level = abstract.find(qn("w:lvl"))
        assert level.find(qn("w:numFmt")).get(qn("w:val")) == "decimal"
        assert level.find(qn("w:lvlText")).get(qn("w:val")) == "%1."
    # a resolution whose points have bullets under them is numbered too (the combined case's)
    nested = ListBlock((ListItem((Run("vedtar avtalene"),), "1."), ListItem((Run("«Legevakt»"),), "", 1),
                        ListItem((Run("instruerer"),), "2.")), True)
    out2 = tmp_path / "nestet.docx"
    out2.write_bytes(render(Doc(slug="liste", meta=meta, blocks=(nested,)), malsett.find(REPO, DOCX_TEMPLATE)))
    paragraphs = [p for p in Document(str(out2)).paragraphs
                  if p.style.name in ("Liste med etikett", "List Bullet")]
    numbered = [p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}") for p in paragraphs]
    assert [p.text for p in paragraphs] == ["vedtar avtalene", "«Legevakt»", "instruerer"]
    assert numbered[0] is not None and numbered[2] is not None
    assert numbered[0].get(qn("w:val")) == numbered[2].get(qn("w:val"))
    assert paragraphs[1].style.name == "List Bullet"
    # abstractNum before num, as the schema orders them (Word refuses the file otherwise)
    tags = [child.tag for child in numbering]
    assert max(i for i, t in enumerate(tags) if t == qn("w:abstractNum")) < tags.index(qn("w:num"))


def test_four_parties_sign_on_one_page(tmp_path):
    """Three parties per row: a fourth party's signature row went to the next page alone. Every
    paragraph of the first row's table, and the paragraph after it, is kept with the next."""
    from samarbeid_docs.skriv.docx import render_docx as render
    from samarbeid_docs.tekst.dokument import Document as Doc, Meta, Signatures
    meta = Meta(title="Avtale", subtitle="", status="Utkast", version="1.0", date="1. desember 2026",
                date_iso="2026-12-01", parties=("A kommune",), subject="Avtale")
    block = Signatures(("Tynset kommune", "Tolga kommune", "Rennebu kommune", "Oppdal kommune"), "ordfører")
    out = tmp_path / "signatur.docx"
    out.write_bytes(render(Doc(slug="a", meta=meta, blocks=(block,)), malsett.find(REPO, DOCX_TEMPLATE)))
    word = Document(str(out))
    first, second = word.tables
    keep = lambda p: p._p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
    assert all(keep(p) for row in first.rows for cell in row.cells for p in cell.paragraphs)
    spacer = first._tbl.getnext()
    assert spacer.tag == qn("w:p") and spacer.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
    last_row = second.rows[-1]
    assert not any(keep(p) for cell in last_row.cells for p in cell.paragraphs)  # the block ends


def test_tables_have_repeating_header_rows_and_right_aligned_numbers(minimal, tmp_path):
    doc = Document(str(_render(minimal, tmp_path)))
    cost = next(t for t in doc.tables if t.rows[0].cells[0].text == "Kommune"
                and "Andel av kostnadene" in [c.text for c in t.rows[0].cells])
    assert cost.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert cost.rows[1].cells[2].paragraphs[0].alignment == 2  # RIGHT
    assert [c.text for c in cost.rows[-1].cells] == ["Sum", "7\u00a0619", "100,0\u00a0%",
                                                    "1\u00a0234\u00a0567"]


def test_signature_block_per_party(minimal, tmp_path):
    doc = Document(str(_render(minimal, tmp_path)))
    signature = doc.tables[-1]
    assert [c.text for c in signature.rows[0].cells] == ["For Røros kommune", "For Holtålen kommune"]
    assert [c.text for c in signature.rows[2].cells] == ["Sted og dato", "Sted og dato"]
    assert [c.text for c in signature.rows[4].cells] == ["Underskrift, ordfører"] * 2
    assert [c.text for c in signature.rows[6].cells] == ["Navn med blokkbokstaver"] * 2
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    tbl = signature._tbl
    # a fixed layout within the text width, rows that cannot split, kept on one page
    assert tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
    widths = [int(c.get(f"{W}w")) for c in tbl.tblGrid.findall(f"{W}gridCol")]
    assert sum(widths) <= 9072 and min(widths) > 2500
    assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in tbl.findall(f"{W}tr"))
    paragraphs = [tr.findall(f"{W}tc/{W}p") for tr in tbl.findall(f"{W}tr")]
    assert all(p.find(f"{W}pPr/{W}keepNext") is not None for row in paragraphs[:-1] for p in row)
    # lines to write on, not underscores that wrap
    assert "_" not in "".join(c.text for row in signature.rows for c in row.cells)
    lines = [p for row in paragraphs for p in row if p.find(f"{W}pPr/{W}pBdr/{W}bottom") is not None]
    assert len(lines) == 2 * 3  # place and date, signature, name
    assert len(set(widths)) == 1  # every line as long as the others
    # the sentence naming what is signed stays on the page of the signatures
    named = next(p for p in doc.paragraphs if p.text.startswith("Underskriftene gjelder delavtalen «"))
    assert named._p.find(f"{W}pPr/{W}keepNext") is not None


def test_table_columns_follow_their_content(minimal, tmp_path):
    doc = Document(str(_render(minimal, tmp_path)))
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    parties = doc.tables[0]._tbl  # Kommune | Kommunenummer | Fylke | Organisasjonsnummer
    widths = [int(c.get(f"{W}w")) for c in parties.tblGrid.findall(f"{W}gridCol")]
    assert sum(widths) == 9072
    # no column narrower than its longest word (about 105 twips a character at 10 pt)
    assert widths[1] >= len("Kommunenummer") * 105 and widths[3] >= len("Organisasjonsnummer") * 105


def test_a_number_columns_header_stays_on_one_line_when_there_is_room():
    """«Andel i dag» over «69,5 %»: the spare width goes first to the headers of the number
    columns, then to the text columns (a secretary's read of the case papers)."""
    from samarbeid_docs.skriv.tabellbredde import PADDING, column_widths, text_width
    rows = [["Kommune", "Andel i dag", "Etter avtalen", "Endring"],
            ["Fjellvik kommune", "69,5 %", "58,6 %", "\u221210,9 prosentpoeng"]]
    widths = column_widths(rows, [False, True, True, True])
    assert sum(widths) == 9072
    for column in (1, 2):
        assert widths[column] >= text_width(rows[0][column], bold=True) + PADDING
    assert widths[0] > widths[1]  # the rest still goes to the text column


def test_number_headers_that_cannot_all_have_one_line_get_about_two(minimal):
    """Four number columns whose headers do not all fit on one line: each gets about half its
    header's width, not only its numbers' (a header over five lines beside a wide name column,
    seen in a new region's cost table)."""
    from samarbeid_docs.skriv.tabellbredde import PADDING, column_widths, text_width
    rows = [["Kommune", "Folketall 01.01.2026", "Antall barn med tiltak 2025", "Andel av kostnadene",
             "Beløp 2027 (kr)"],
            ["Brønnøy kommune", "7 891", "88", "62,8 %", "8 946 594"],
            ["Sum", "11 274", "125", "100,0 %", "14 250 000"]]
    widths = column_widths(rows, [False, True, True, True, True])
    assert sum(widths) == 9072
    for column in range(1, 5):
        assert widths[column] >= text_width(rows[0][column], bold=True) // 2 + PADDING
    assert widths[0] > widths[2]  # the rest still goes to the text column


def test_output_is_deterministic(minimal, tmp_path):
    first = _render(minimal, tmp_path).read_bytes()
    second = _render(minimal, tmp_path).read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "plan.docx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_short_table_stays_whole_and_with_the_sentence_that_introduces_it(minimal, tmp_path):
    doc = Document(str(_render(minimal, tmp_path)))
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    body = doc.element.body
    cost = next(t for t in doc.tables if t.rows[0].cells[0].text == "Kommune"
                and "Andel av kostnadene" in [c.text for c in t.rows[0].cells])
    before = cost._tbl.getprevious()
    assert before.tag == f"{W}p" and "".join(before.itertext()).endswith(":")
    assert before.find(f"{W}pPr/{W}keepNext") is not None
    rows = cost._tbl.findall(f"{W}tr")
    for tr in rows[:-1]:  # every row but the last keeps with the next: the table never splits
        assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in tr.iter(f"{W}p"))
    assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in rows)
    assert body is not None


def test_dates_and_section_references_do_not_break_in_print(minimal, tmp_path):
    text = "\n".join(p.text for p in Document(str(_render(minimal, tmp_path))).paragraphs)
    assert "kommuneloven §\u00a020-4" in text
    assert "1.\u00a0januar eller 1.\u00a0juli" in text


def test_a_paragraph_with_a_date_is_not_hyphenated(minimal, tmp_path):
    """«1. janu-ar»: hyphenation would split the month, so such paragraphs are set without it."""
    doc = Document(str(_render(minimal, tmp_path)))
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with_date = [p for p in doc.paragraphs if "1.\u00a0januar" in p.text]
    assert with_date
    assert all(p._p.find(f"{W}pPr/{W}suppressAutoHyphens") is not None for p in with_date)
    act = next(p for p in doc.paragraphs if "LOV" in "".join(p._p.itertext()))
    assert act._p.find(f".//{W}noBreakHyphen") is not None  # LOV-2018-06-22-83 never breaks


def test_the_template_hyphenates_only_where_a_wide_gap_would_be_left():
    """Ragged-right text with a 1,27 cm hyphenation zone: Word and LibreOffice divide only words
    that would leave a wide gap at the line's end (LibreOffice reads w:hyphenationZone too)."""
    from samarbeid_docs.skriv.docx_mal import HYPHENATION_ZONE
    settings = zipfile.ZipFile(REPO / "samarbeid_docs/maler/avtale.docx").read("word/settings.xml").decode()
    assert '<w:autoHyphenation w:val="true"/>' in settings
    assert f'<w:hyphenationZone w:val="{HYPHENATION_ZONE}"/>' in settings and HYPHENATION_ZONE == 720


def test_a_resolution_point_keeps_with_the_points_under_it():
    """In a long list, a point that the points under it complete is kept on the page with the
    first two of them, and the last two of them stay together: no lone sub-point at a page's
    foot or head (the combined case's «Kommunestyret instruerer …:» ended page 1 with one)."""
    from samarbeid_docs.skriv.docx import _keeps_with_next
    from samarbeid_docs.tekst.dokument import ListItem
    levels = [0, 0, 1, 1, 1, 1, 0, 1, 1, 0]
    items = [ListItem((), "", level) for level in levels]
    kept = [i for i in range(len(items)) if _keeps_with_next(items, i)]
    assert kept == [1, 2, 4, 6, 7]
    assert not _keeps_with_next([ListItem(()), ListItem(())], 1)  # the last point
