"""DOCX writer: the document IR into the house-style template, through docxtpl.

docxtpl fills the template's header, footer and title block (autoescaped, strict); the body is
built with python-docx as a sub-document in the template's own styles, so headings get Word's
real heading numbering and tables carry header rows.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from ..dokument import Document, Heading, Inline, ListBlock, Paragraph, Signatures, Table
from . import ooxml
from .docx_mal import LABELLED_LIST
from .zipfil import normalise_zip

_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT,
          "center": WD_ALIGN_PARAGRAPH.CENTER}


def render_docx(document: Document, template: Path) -> bytes:
    """Return the bytes of `document` rendered into `template`, deterministic for equal input."""
    tpl = DocxTemplate(str(template))
    sub = tpl.new_subdoc()
    writer = _Writer(sub.subdocx, tpl.get_docx())
    for block in document.blocks:
        writer.block(block)
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    tpl.render({"dok": document.meta, "innhold": sub}, jinja_env=env, autoescape=True)
    _set_properties(tpl.docx, document)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return normalise_zip(buffer.getvalue())


def _set_properties(docx, document: Document) -> None:
    meta = document.meta
    props = docx.core_properties
    props.title = meta.title
    props.subject = meta.subject
    props.author = ", ".join(meta.parties)
    props.keywords = meta.keywords
    props.language = ooxml.LANGUAGE
    props.comments = f"{meta.subtitle}. {meta.status}, versjon {meta.version}."
    props.category = "Interkommunalt samarbeid"
    props.last_modified_by = "samarbeid-docs"
    props.revision = 1
    day = datetime.fromisoformat(meta.date_iso).replace(tzinfo=timezone.utc)
    props.created = day
    props.modified = day


def _add_runs(paragraph, runs: Inline) -> None:
    for run in runs:
        r = paragraph.add_run(run.text)
        if run.bold:
            r.bold = True
        if run.italic:
            r.italic = True


class _Writer:
    """Appends IR blocks to a python-docx body, in the template's styles.

    Style ids are looked up once: python-docx resolves a style name by scanning every style
    on each assignment, which dominated the render time.
    """

    def __init__(self, body, template_docx, heading_num_id: str | None = None,
                 outline_offset: int = 0):
        self.body = body
        self.style_ids = {s.name: s.style_id for s in template_docx.styles}
        self.heading_num_id = heading_num_id
        self.outline_offset = outline_offset

    def paragraph(self, style: str, container=None):
        p = (container or self.body).add_paragraph()
        p._p.style = self.style_ids[style]
        return p

    def block(self, block) -> None:
        if isinstance(block, Heading):
            level = min(block.level, 2)
            p = self.paragraph(f"Heading {level}")
            if self.heading_num_id is not None:
                ooxml.set_numbering(p, self.heading_num_id, level - 1)
            if self.outline_offset:
                ooxml.set_outline_level(p, level - 1 + self.outline_offset)
            _add_runs(p, block.runs)
        elif isinstance(block, Paragraph):
            _add_runs(self.paragraph("Normal"), block.runs)
        elif isinstance(block, ListBlock):
            for item in block.items:
                if item.label:
                    p = self.paragraph(LABELLED_LIST)
                    p.add_run(f"{item.label}\t")
                else:
                    p = self.paragraph("List Bullet")
                if item.level:
                    p.paragraph_format.left_indent = Pt(36 + 18 * item.level)
                _add_runs(p, item.runs)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Signatures):
            self.signatures(block)

    def _cell_paragraph(self, cell):
        p = cell.paragraphs[0]
        p._p.style = self.style_ids["Tabelltekst"]
        return p

    def table(self, block: Table) -> None:
        table = self.body.add_table(rows=1 + len(block.rows), cols=len(block.header))
        table._tbl.tblPr.style = self.style_ids["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        ooxml.set_table_caption(table, "".join(r.text for r in block.header[0]) if block.header else "")
        for r_index, cells in enumerate([block.header, *block.rows]):
            row = table.rows[r_index]
            ooxml.keep_row_together(row)
            for c_index, runs in enumerate(cells):
                p = self._cell_paragraph(row.cells[c_index])
                p.alignment = _ALIGN[block.align[c_index]]
                _add_runs(p, runs)
                if r_index == 0:
                    for run in p.runs:
                        run.bold = True
        ooxml.mark_header_row(table.rows[0])
        self.paragraph("Normal")

    def signatures(self, block: Signatures) -> None:
        columns = min(3, max(1, len(block.parties)))
        for start in range(0, len(block.parties), columns):
            group = block.parties[start:start + columns]
            table = self.body.add_table(rows=4, cols=columns)
            ooxml.set_table_caption(table, "Underskrifter")
            for i, party in enumerate(group):
                texts = [f"For {party}", "Sted og dato:", "_" * 30, block.title]
                for r_index, text in enumerate(texts):
                    p = self._cell_paragraph(table.rows[r_index].cells[i])
                    run = p.add_run(text)
                    run.bold = r_index == 0 or None
                    if r_index == 2:
                        p.paragraph_format.space_before = Pt(30)
            for row in table.rows:
                ooxml.keep_row_together(row)
            self.paragraph("Normal")
