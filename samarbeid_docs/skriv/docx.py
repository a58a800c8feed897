"""DOCX writer: the document IR into the house-style template, through docxtpl.

docxtpl fills the template's header, footer and title block (autoescaped, strict); the body is
built with python-docx as a sub-document in the template's own styles, so headings get Word's
real heading numbering and tables carry header rows.
"""

from __future__ import annotations

from collections.abc import Callable

from datetime import datetime, timezone
from pathlib import Path

from docx import Document as open_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from lxml import etree
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from dataclasses import replace

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from . import ooxml
from .. import norsk
from ..tekst.dokument import Document, Heading, Inline, ListBlock, Paragraph, Run, Signatures, Table
from .docx_mal import LABEL_WIDTH, LABELLED_LIST
from .egenskaper import app_xml, core_xml
from .tabellbredde import TEXT_WIDTH, column_widths
from .typografi import NB_HYPHEN, has_date, keep_together
from .zipfil import package_bytes

# a table or list this short is never split over two pages
SHORT_TABLE = 12
SHORT_LIST = 6

_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT,
          "center": WD_ALIGN_PARAGRAPH.CENTER}


_SCRATCH: dict[tuple[str, int], object] = {}


def _scratch(template: Path):
    """A python-docx document of the template, kept per process, used to write the body in the
    template's styles (opening python-docx's default document for every body cost 16 ms)."""
    key = (str(template), template.stat().st_mtime_ns)
    if key not in _SCRATCH:
        _SCRATCH.clear()
        document = open_docx(str(template))
        body = document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        _SCRATCH[key] = document
    return _SCRATCH[key]



def _keeps_with_next(items, index: int) -> bool:
    """Whether point `index` of a long list must be on the same page as the next: a point that
    the points under it complete («Kommunestyret instruerer …:» in a proposed resolution), and
    the first of those, so that it never ends a page with one of them or none; and the last
    but one of those, so that the last never opens a page alone."""
    if index + 1 >= len(items):
        return False
    item, after = items[index], items[index + 1]
    if after.level > item.level:
        return True
    if not item.level or after.level != item.level:
        return False
    opens = items[index - 1].level < item.level
    closes = index + 2 >= len(items) or items[index + 2].level < item.level
    return opens or closes

class _CachingEnvironment(SandboxedEnvironment):
    """docxtpl compiles every XML part of the template for every document; the sources are the
    same each time, so the compiled templates are kept (per process)."""

    def __init__(self):
        super().__init__(autoescape=True, undefined=StrictUndefined)
        self._compiled: dict[str, object] = {}

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 - Jinja's name
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            if len(self._compiled) > 64:
                self._compiled.clear()
            self._compiled[source] = super().from_string(source)
        return self._compiled[source]


_ENV = _CachingEnvironment()


class _Body:
    """The written body as WordprocessingML for docxtpl's `{{p innhold }}`; taking it empties
    the scratch document for the next one."""

    def __init__(self, scratch):
        body = scratch.element.body
        children = [child for child in body if child.tag != qn("w:sectPr")]
        self.xml = "".join(etree.tostring(child, encoding="unicode") for child in children)
        for child in children:
            body.remove(child)

    def __str__(self) -> str:
        return self.xml

    __html__ = __str__


class ChangeMarker:
    """Wraps runs, paragraph marks and table rows in Word revision marks (w:ins / w:del)."""

    def __init__(self, author: str, when: datetime):
        self.author = author
        self.date = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_id = 1

    def _mark(self, kind: str):
        el = ooxml.element(f"w:{kind}", id=str(self.next_id), author=self.author, date=self.date)
        self.next_id += 1
        return el

    def run(self, run_element, kind: str) -> None:
        wrapper = self._mark(kind)
        run_element.addprevious(wrapper)
        wrapper.append(run_element)
        if kind == "del":
            for text in run_element.iter(qn("w:t")):
                text.tag = qn("w:delText")

    def paragraph(self, paragraph, kind: str) -> None:
        ppr = paragraph._p.get_or_add_pPr()
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = ooxml.element("w:rPr")
            ppr.append(rpr)
        rpr.append(self._mark(kind))

    def row(self, row, kind: str) -> None:
        row._tr.get_or_add_trPr().append(self._mark(kind))


def render_docx(document: Document, template: Path, marker: ChangeMarker | None = None) -> bytes:
    """Return the bytes of `document` rendered into `template`, deterministic for equal input,
    in the document's written standard.

    With a `marker`, the document's change marks become Word tracked changes.
    """
    with norsk.written_standard(norsk.form_of(document.meta.language)):
        return _render_docx(document, template, marker)


def _render_docx(document: Document, template: Path, marker: ChangeMarker | None) -> bytes:
    tpl = DocxTemplate(str(template))
    tpl.init_docx()  # loaded now, so that the lists' numbering goes into its numbering part
    scratch = _scratch(template)
    writer = _Writer(scratch, scratch, marker=marker, numbered=document.numbered,
                     new_list=lambda: ooxml.numbered_list(tpl.docx.part.numbering_part.element))
    for block in document.blocks:
        writer.block(block)
    body = _Body(scratch)
    tpl.render({"dok": _Typeset(document.meta), "innhold": body}, jinja_env=_ENV, autoescape=True)
    if document.meta.language != ooxml.LANGUAGE:  # the house template is set up in bokmål
        _set_document_language(tpl.docx, document.meta.language)
    if document.kind == "innhold":  # the case file's contents: pages i, ii, as the viewer shows
        _roman_pages(tpl.docx)
    return package_bytes(tpl.docx, {"docProps/core.xml": core_xml(document.meta, made_at(document.meta)),
                                    "docProps/app.xml": app_xml()})


class _Typeset:
    """The document's facts as the template's header and title block print them: a date
    («1. desember 2026») and the like kept on one line, as in the body."""

    def __init__(self, meta):
        self._meta = meta

    def __getattr__(self, name: str):
        value = getattr(self._meta, name)
        return keep_together(value).replace(NB_HYPHEN, "-") if isinstance(value, str) else value


def _roman_pages(docx) -> None:
    """Number the pages i, ii … («Side i av ii»): the contents of the case file, which comes
    before its page 1."""
    for section, sect in zip(docx.sections, docx.element.body.iter(qn("w:sectPr"))):
        cols = sect.find(qn("w:cols"))
        number = ooxml.element("w:pgNumType", fmt="lowerRoman")
        if cols is not None:
            cols.addprevious(number)
        else:
            sect.append(number)
        for instr in section.footer.part.element.iter(qn("w:instrText")):
            if instr.text and instr.text.strip() == "NUMPAGES":
                instr.text = " NUMPAGES \\* roman "


def _set_document_language(docx, lang: str) -> None:
    """Every language the template names (the styles and the theme-font language) set to `lang`:
    Word's spelling and hyphenation and LibreOffice's PDF /Lang follow it."""
    for el in docx.styles.element.iter(qn("w:lang")):
        for attr in ("w:val", "w:eastAsia", "w:bidi"):
            if el.get(qn(attr)):
                el.set(qn(attr), lang)
    settings = docx.settings.element.find(qn("w:themeFontLang"))
    if settings is not None:
        settings.set(qn("w:val"), lang)


def _plain_rows(block: Table) -> list[list[str]]:
    return [["".join(r.text for r in cell) for cell in row] for row in [block.header, *block.rows]]


def made_at(meta) -> datetime:
    """When the document was made from its sources (UTC); the ZIP epoch when nobody said."""
    if meta.made_iso:
        return datetime.fromisoformat(meta.made_iso).astimezone(timezone.utc)
    return datetime(1980, 1, 1, tzinfo=timezone.utc)


_W_R, _W_RPR, _W_T = qn("w:r"), qn("w:rPr"), qn("w:t")
_W_B, _W_I, _W_TAB, _W_BR = qn("w:b"), qn("w:i"), qn("w:tab"), qn("w:br")
_W_NB_HYPHEN = qn("w:noBreakHyphen")
_W_P, _W_PPR, _W_PSTYLE, _W_VAL = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:val")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_W_SECTPR = qn("w:sectPr")


def _add_runs(paragraph, runs: Inline, marker: ChangeMarker | None = None) -> None:
    """Append `runs` to `paragraph` as w:r elements, built with lxml directly (python-docx's
    ordered insertion searched every possible successor for each element it added)."""
    p = paragraph._p
    for run in runs:
        r = etree.SubElement(p, _W_R)
        if run.bold or run.italic:
            rpr = etree.SubElement(r, _W_RPR)
            if run.bold:
                etree.SubElement(rpr, _W_B)
            if run.italic:
                etree.SubElement(rpr, _W_I)
        for i, line in enumerate(run.text.split("\n")):
            if i:
                etree.SubElement(r, _W_BR)
            for j, piece in enumerate(line.split("\t")):
                if j:
                    etree.SubElement(r, _W_TAB)
                for k, part in enumerate(keep_together(piece).split(NB_HYPHEN) if piece else []):
                    if k:
                        etree.SubElement(r, _W_NB_HYPHEN)
                    if part:
                        t = etree.SubElement(r, _W_T)
                        t.text = part
                        if part != part.strip():
                            t.set(_XML_SPACE, "preserve")
        if run.change and marker is not None:
            marker.run(r, run.change)


def _new_paragraph(parent, style_id: str, before=None):
    """A w:p in style `style_id`, appended to `parent` (or put before `before`)."""
    p = OxmlElement("w:p")
    ppr = etree.SubElement(p, _W_PPR)
    etree.SubElement(ppr, _W_PSTYLE).set(_W_VAL, style_id)
    if before is not None:
        before.addprevious(p)
    else:
        parent.append(p)
    return p


def _style_ids(docx) -> dict[str, str]:
    """Style name → id of a document, kept on the document (the scratch document lives as long
    as its process, and listing python-docx's styles costs 3 ms)."""
    ids = getattr(docx, "_samarbeid_style_ids", None)
    if ids is None:
        ids = {s.name: s.style_id for s in docx.styles}
        docx._samarbeid_style_ids = ids
    return ids


class _Writer:
    """Appends IR blocks to a python-docx body, in the template's styles.

    Style ids are looked up once: python-docx resolves a style name by scanning every style
    on each assignment, which dominated the render time.
    """

    def __init__(self, body, template_docx, heading_num_id: str | None = None,
                 outline_offset: int = 0, marker: ChangeMarker | None = None,
                 numbered: bool = True, new_list: Callable[[], str] | None = None):
        self.body = body
        self.numbered = numbered
        self.new_list = new_list  # a numbered list («1.», «2.» …) that Word keeps numbering
        self.leads = 0       # sentences introducing a list or table, marked for the converter
        self.headings = 0    # headings, marked likewise
        self.bookmarks = 0
        self.marker = marker
        self.style_ids = _style_ids(template_docx)
        self.heading_num_id = heading_num_id
        self.outline_offset = outline_offset
        self.previous = None  # the last paragraph written at body level, and its text

    def paragraph(self, style: str):
        body = self.body.element.body
        last = body[-1] if len(body) else None
        sect = last if last is not None and last.tag == _W_SECTPR else None
        p = _new_paragraph(body, self.style_ids[style], before=sect)
        return DocxParagraph(p, self.body)

    def runs(self, paragraph, runs: Inline, change: str = "") -> None:
        _add_runs(paragraph, runs, self.marker)
        if has_date("".join(r.text for r in runs)):
            ooxml.put_in_ppr(paragraph._p.get_or_add_pPr(), ooxml.element("w:suppressAutoHyphens"))
        if change and self.marker is not None:
            self.marker.paragraph(paragraph, change)

    def block(self, block) -> None:
        if isinstance(block, Heading):
            level = min(block.level, 2)
            p = self.paragraph(f"Heading {level}")
            if self.heading_num_id is not None:
                ooxml.set_numbering(p, self.heading_num_id, level - 1)
            elif not self.numbered:
                ooxml.set_numbering(p, "0", 0)  # numId 0: none of the style's numbering
            if self.outline_offset:
                ooxml.set_outline_level(p, level - 1 + self.outline_offset)
            self.runs(p, block.runs, block.change)
            self.headings += 1  # for the converter: a page break can go here (konverter/sidebrudd)
            self._bookmark(p._p, f"{ooxml.HEADING_MARK}{self.headings}")
        elif isinstance(block, Paragraph):
            p = self.paragraph("Normal")
            self.runs(p, block.runs, block.change)
            self.previous = (p, "".join(r.text for r in block.runs))
            return
        elif isinstance(block, ListBlock):
            lead = None
            if self.previous:
                ooxml.keep_with_next(self.previous[0]._p)  # «Organet består av» with its list
                lead = self._lead_in(self.previous[0])
            short = len(block.items) <= SHORT_LIST
            # points numbered 1., 2., … are a Word list, so that Word renumbers them when a
            # council secretary adds or deletes one; other labels (a), b) …) stay written
            labelled = [item for item in block.items if item.label]
            counted = self.new_list is not None and bool(labelled) and all(
                item.label == f"{n}." and not item.level for n, item in enumerate(labelled, start=1))
            num_id = self.new_list() if counted else None
            for index, item in enumerate(block.items):
                label = ()
                if item.label:
                    p = self.paragraph(LABELLED_LIST)
                    if num_id is not None:
                        ooxml.set_numbering(p, num_id, 0)
                    else:
                        label = (Run(f"{item.label}\t", change=item.change),)
                else:
                    p = self.paragraph("List Bullet")
                if item.level:  # a point under a point: its bullet or label 18 pt further in
                    p.paragraph_format.left_indent = (Pt(18 + 18 * item.level) + LABEL_WIDTH if item.label
                                                      else Pt(36 + 18 * item.level))
                self.runs(p, label + item.runs, item.change)
                if lead is not None and index == 0:
                    self._bookmark(p._p, f"{ooxml.AFTER_MARK}{lead}")
                if short and index < len(block.items) - 1:
                    ooxml.keep_with_next(p._p)  # a short list is never split
                elif _keeps_with_next(block.items, index):
                    ooxml.keep_with_next(p._p)
        elif isinstance(block, Table):
            lead = None
            if self.previous:
                ooxml.keep_with_next(self.previous[0]._p)  # the text that introduces it
                lead = self._lead_in(self.previous[0])
            first = self.table(block)
            if lead is not None:
                self._bookmark(first, f"{ooxml.AFTER_MARK}{lead}")
        elif isinstance(block, Signatures):
            lead = None
            if self.previous:
                ooxml.keep_with_next(self.previous[0]._p)  # the sentence naming what is signed
                lead = self._lead_in(self.previous[0])
            first = self.signatures(block)
            if lead is not None and first is not None:
                self._bookmark(first, f"{ooxml.AFTER_MARK}{lead}")
        self.previous = None

    def _lead_in(self, paragraph) -> int:
        """Mark a sentence that introduces a list or a table, and return its number: the
        converter finds in the PDF where LibreOffice left it at a page's foot without what it
        introduces (`konverter/sidebrudd`). The marks are hidden bookmarks («_Innl1» on the
        sentence, «_Etter1» on what follows); Word does not show them."""
        self.leads += 1
        self._bookmark(paragraph._p, f"{ooxml.LEAD_MARK}{self.leads}")
        return self.leads

    def _bookmark(self, p, name: str) -> None:
        self.bookmarks += 1
        ooxml.bookmark(p, name, str(self.bookmarks))

    def _cell_paragraph(self, cell):
        p = cell._tc.find(_W_P)  # a new cell holds one empty paragraph
        ppr = p.find(_W_PPR)
        if ppr is None:
            ppr = OxmlElement("w:pPr")
            p.insert(0, ppr)
        style = OxmlElement("w:pStyle")
        style.set(_W_VAL, self.style_ids["Tabelltekst"])
        ppr.insert(0, style)
        return DocxParagraph(p, cell)

    def table(self, block: Table):
        """Write the table; return its first cell's paragraph element."""
        table = self.body.add_table(rows=1 + len(block.rows), cols=len(block.header))
        table._tbl.tblPr.style = self.style_ids["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        ooxml.set_table_caption(table, "".join(r.text for r in block.header[0]) if block.header else "")
        changes = (block.header_change, *(block.row_changes or [""] * len(block.rows)))
        rows = list(table.rows)  # python-docx rebuilds the row list on every index: take it once
        short = len(block.rows) <= SHORT_TABLE
        for r_index, (row, cells) in enumerate(zip(rows, [block.header, *block.rows])):
            ooxml.keep_row_together(row)
            if changes[r_index] and self.marker is not None:
                self.marker.row(row, changes[r_index])
            for c_index, (cell, runs) in enumerate(zip(row.cells, cells)):
                p = self._cell_paragraph(cell)
                if r_index == 0 and c_index == 0:
                    first = p._p
                p.alignment = _ALIGN[block.align[c_index]]
                if r_index == 0:
                    runs = tuple(replace(r, bold=True) for r in runs)
                self.runs(p, runs)
                if r_index == 0 or (short and r_index < len(rows) - 1):
                    ooxml.keep_with_next(p._p)  # header with the first row; short tables whole
        texts = _plain_rows(block)
        ooxml.set_column_widths(table, column_widths(texts, [a == "right" for a in block.align]))
        ooxml.mark_header_row(rows[0])
        self.paragraph("Normal")
        return first

    def signatures(self, block: Signatures):
        """One column per party: the party; lines for place and date, for the signature and
        for the name in capitals, each with its label under it; the role. Fixed, equal widths,
        rows that cannot split, and every paragraph kept with the next, so the block never
        wraps and stays on one page. Returns the first cell's paragraph element."""
        first = None
        columns = min(3, max(1, len(block.parties)))
        role = block.title[:1].upper() + block.title[1:]
        cells = [("For {party}", True, 0, False), ("", False, 24, True),
                 (norsk.say("Sted og dato", "Stad og dato"), False, 0, False),
                 ("", False, 30, True), (f"Underskrift, {block.title}", False, 0, False),
                 ("", False, 24, True),
                 (norsk.say("Navn med blokkbokstaver", "Namn med blokkbokstavar"), False, 0, False)]
        for start in range(0, len(block.parties), columns):
            group = block.parties[start:start + columns]
            last = start + columns >= len(block.parties)  # more parties follow in a table below
            table = self.body.add_table(rows=len(cells), cols=columns)
            ooxml.set_table_caption(table, f"Underskrifter ({role.lower()})")
            rows = list(table.rows)
            for i, party in enumerate(group):
                for r_index, (text, bold, space, line) in enumerate(cells):
                    p = self._cell_paragraph(rows[r_index].cells[i])
                    if first is None:
                        first = p._p
                    if text:
                        self.runs(p, (Run(text.format(party=party), bold=bold, change=block.change),))
                    if space:
                        p.paragraph_format.space_before = Pt(space)
                    if line:
                        ooxml.bottom_border(p._p)
                    if r_index < len(cells) - 1 or not last:
                        ooxml.keep_with_next(p._p)  # and the next row of parties with this one
            for row in rows:
                ooxml.keep_row_together(row)
                if block.change and self.marker is not None:
                    self.marker.row(row, block.change)
            gap = 340  # inside each cell's right edge, so the lines of two columns never meet
            ooxml.set_column_widths(table, _equal(TEXT_WIDTH, 3 if len(block.parties) > 1 else 1,
                                                  columns))
            ooxml.no_borders(table, right_padding=gap)
            # the paragraph Word needs after a table; at the end of a document it must not be
            # what spills onto a page of its own
            spacer = self.paragraph("Normal")
            spacer.paragraph_format.space_after = Pt(0)
            spacer.paragraph_format.line_spacing = Pt(1)
            if not last:
                ooxml.keep_with_next(spacer._p)
        return first


def _equal(total: int, per_row: int, columns: int) -> list[int]:
    """`columns` equal widths of a `per_row`-column grid over `total` twips."""
    return [total // per_row] * columns
