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
    body = sub.subdocx
    for block in document.blocks:
        _write_block(body, block)
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


def _write_block(body, block) -> None:
    if isinstance(block, Heading):
        p = body.add_paragraph(style=f"Heading {min(block.level, 2)}")
        _add_runs(p, block.runs)
    elif isinstance(block, Paragraph):
        _add_runs(body.add_paragraph(style="Normal"), block.runs)
    elif isinstance(block, ListBlock):
        for item in block.items:
            if item.label:
                p = body.add_paragraph(style=LABELLED_LIST)
                p.add_run(f"{item.label}\t")
            else:
                p = body.add_paragraph(style="List Bullet")
            if item.level:
                p.paragraph_format.left_indent = Pt(36 + 18 * item.level)
            _add_runs(p, item.runs)
    elif isinstance(block, Table):
        _write_table(body, block)
    elif isinstance(block, Signatures):
        _write_signatures(body, block)


def _write_table(body, block: Table) -> None:
    table = body.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    ooxml.set_table_caption(table, "".join(r.text for r in block.header[0]) if block.header else "")
    rows = [block.header, *block.rows]
    for r_index, cells in enumerate(rows):
        row = table.rows[r_index]
        ooxml.keep_row_together(row)
        for c_index, runs in enumerate(cells):
            cell = row.cells[c_index]
            p = cell.paragraphs[0]
            p.style = "Tabelltekst"
            p.alignment = _ALIGN[block.align[c_index]]
            _add_runs(p, runs)
            if r_index == 0:
                for run in p.runs:
                    run.bold = True
    ooxml.mark_header_row(table.rows[0])
    body.add_paragraph(style="Normal")


def _write_signatures(body, block: Signatures) -> None:
    columns = min(3, max(1, len(block.parties)))
    for start in range(0, len(block.parties), columns):
        group = block.parties[start:start + columns]
        table = body.add_table(rows=4, cols=columns)
        ooxml.set_table_caption(table, "Underskrifter")
        for i, party in enumerate(group):
            cells = [table.rows[r].cells[i] for r in range(4)]
            texts = [f"For {party}", "Sted og dato:", "_" * 30, block.title]
            for cell, text in zip(cells, texts):
                p = cell.paragraphs[0]
                p.style = "Tabelltekst"
                run = p.add_run(text)
                if text.startswith("For "):
                    run.bold = True
            cells[2].paragraphs[0].paragraph_format.space_before = Pt(30)
        for row in table.rows:
            ooxml.keep_row_together(row)
        body.add_paragraph(style="Normal")
