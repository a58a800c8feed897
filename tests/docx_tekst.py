"""Read a DOCX back as text with python-docx: body paragraphs and table rows in order."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_lines(path: Path | str) -> list[str]:
    """The text as Word shows it: a numbered list's points with their numbers («1.» + tab), as
    Word numbers them (the labelled-list style's lists; headings keep their own numbering out)."""
    doc = Document(str(path))
    lines: list[str] = []
    counters: dict[str, int] = {}
    for item in doc.iter_inner_content():
        if isinstance(item, Paragraph):
            if item.text.strip():
                label = ""
                num = item._p.find(f"{W}pPr/{W}numPr/{W}numId")
                if num is not None and item.style.name == "Liste med etikett":
                    key = num.get(f"{W}val")
                    counters[key] = counters.get(key, 0) + 1
                    label = f"{counters[key]}.\t"
                lines.append(f"[{item.style.name}] {label}{item.text}")
        elif isinstance(item, Table):
            for row in item.rows:
                lines.append(" | ".join(c.text for c in row.cells))
    return lines


def header_footer(path: Path | str) -> tuple[str, str]:
    doc = Document(str(path))
    section = doc.sections[0]
    return section.header.paragraphs[0].text, section.footer.paragraphs[0].text
