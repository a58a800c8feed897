"""Plain text of a built DOCX or PDF, for `git diff` (textconv) and for a quick look."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document as open_docx
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from ..feil import InputError, os_reason


def docx_text(path: Path) -> str:
    doc = open_docx(str(path))
    lines = [f"[Topptekst] {p.text}" for p in doc.sections[0].header.paragraphs if p.text.strip()]
    for item in doc.iter_inner_content():
        if isinstance(item, Paragraph):
            if item.text.strip():
                lines.append(item.text)
        elif isinstance(item, Table):
            lines += [" | ".join(cell.text for cell in row.cells) for row in item.rows]
    return "\n".join(lines) + "\n"


def pdf_text(path: Path) -> str:
    reader = PdfReader(str(path))
    labels = reader.page_labels
    parts = []
    for index, page in enumerate(reader.pages):
        parts.append(f"--- side {labels[index] if index < len(labels) else index + 1} ---")
        parts.append((page.extract_text() or "").rstrip())
    return "\n".join(parts) + "\n"


def extract(path: Path) -> str:
    """Return the text of `path` (DOCX or PDF); InputError with a clear message otherwise."""
    try:
        with path.open("rb") as handle:
            magic = handle.read(5)
    except OSError as exc:
        raise InputError(f"Kan ikke lese {path}: {os_reason(exc)}.") from None
    try:
        if magic.startswith(b"%PDF"):
            return pdf_text(path)
        if magic.startswith(b"PK"):
            return docx_text(path)
    except (PdfReadError, zipfile.BadZipFile, KeyError, ValueError):
        raise InputError(f"{path} er skadet og kan ikke leses.") from None
    raise InputError(f"{path} er verken en Word-fil (DOCX) eller en PDF.")
