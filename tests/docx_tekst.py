"""Read a DOCX back as text with python-docx: body paragraphs and table rows in order."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph


def docx_lines(path: Path | str) -> list[str]:
    doc = Document(str(path))
    lines: list[str] = []
    for item in doc.iter_inner_content():
        if isinstance(item, Paragraph):
            if item.text.strip():
                lines.append(f"[{item.style.name}] {item.text}")
        elif isinstance(item, Table):
            for row in item.rows:
                lines.append(" | ".join(c.text for c in row.cells))
    return lines


def header_footer(path: Path | str) -> tuple[str, str]:
    doc = Document(str(path))
    section = doc.sections[0]
    return section.header.paragraphs[0].text, section.footer.paragraphs[0].text
