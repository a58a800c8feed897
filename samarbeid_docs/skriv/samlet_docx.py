"""The bundle: every document in one DOCX, one section each, for one tagged PDF/A.

Each document starts on a new page in its own section, with its own header, page numbers from
1 and heading numbers from 1. Titles get outline level 0 and headings levels 1–2, so the PDF
gets one bookmark per document with its main headings below it.
"""

from __future__ import annotations

from datetime import datetime, timezone

from docx import Document as open_docx
from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn

from ..dokument import Document, ListBlock, ListItem, Meta, Paragraph, Run
from . import ooxml
from .docx import _add_runs, _Writer
from .docx_mal import DRAFT_STYLE
from .zipfil import package_bytes


def contents_blocks(documents: list[Document]) -> tuple:
    """The cover page's list of documents, numbered as the page labels are."""
    items = tuple(ListItem((Run(f"{d.meta.title}"),), label=f"{i}.")
                  for i, d in enumerate(documents, start=1))
    intro = Paragraph((Run("Saksdokumentet inneholder disse dokumentene. Sidene er merket med "
                           "dokumentets nummer, for eksempel 3-2 for side 2 i dokument 3."),))
    return (intro, ListBlock(items, ordered=True))


def render_bundle(documents: list[Document], template, meta: Meta) -> bytes:
    """Return the bytes of one DOCX holding a contents page and every document in order."""
    docx = open_docx(str(template))
    body = docx.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    cover = Document("innhold", meta, contents_blocks(documents))
    headers = []
    for index, document in enumerate([cover, *documents]):
        if index:
            docx.add_section(WD_SECTION.NEW_PAGE)
        writer = _Writer(docx, docx, ooxml.restarted_numbering(docx, docx.styles["Heading 1"].style_id),
                         outline_offset=1)
        title = writer.paragraph("Title")
        ooxml.set_outline_level(title, 0)
        _add_runs(title, (Run(document.meta.title),))
        _add_runs(writer.paragraph("Subtitle"), (Run(document.meta.subtitle),))
        info = f"Status: {document.meta.status} · Versjon {document.meta.version} · {document.meta.date}"
        _add_runs(writer.paragraph("Dokumentinfo"), (Run(info),))
        if document.meta.draft:
            _add_runs(writer.paragraph(DRAFT_STYLE), (Run(document.meta.banner),))
        for block in document.blocks:
            writer.block(block)
        headers.append(document.meta.header)
    for section, text in zip(docx.sections, headers):
        section.header.is_linked_to_previous = False
        section.footer.is_linked_to_previous = False
        section.header.paragraphs[0].text = text
        footer = section.footer.paragraphs[0]
        for run in list(footer.runs):
            run._r.getparent().remove(run._r)
        footer.add_run("Side ")
        ooxml.add_field(footer, "PAGE")
        section._sectPr.append(ooxml.element("w:pgNumType", start="1"))
    props = docx.core_properties
    props.title, props.subject = meta.title, meta.subject
    props.author, props.keywords = ", ".join(meta.parties), meta.keywords
    props.language, props.revision = ooxml.LANGUAGE, 1
    props.last_modified_by = "samarbeid-docs"
    props.comments = meta.subtitle
    props.created = props.modified = datetime.fromisoformat(meta.date_iso).replace(tzinfo=timezone.utc)
    return package_bytes(docx)
