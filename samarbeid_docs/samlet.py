"""The bundle's PDF: page labels per document, kept PDF/A-consistent.

LibreOffice converts the bundle DOCX to a tagged PDF/A-2b with one top-level bookmark per
document. This step adds page labels (i, ii … for the contents page, then 1-1, 1-2 … 2-1 …) by
cloning the whole file with pypdf: the structure tree, XMP metadata, Info dictionary and /ID are
carried over unchanged, so metadata and XMP still agree.
"""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader, PdfWriter

from .feil import BuildError


def label_pages(pdf: Path, document_count: int) -> PdfWriter:
    """Return a writer for `pdf` with page labels per document (first bookmark: contents)."""
    reader = PdfReader(str(pdf))
    tops = [item for item in reader.outline if not isinstance(item, list)]
    if len(tops) != document_count + 1:
        raise BuildError(f"Den samlede PDF-en har {len(tops)} bokmerker på øverste nivå, men "
                         f"skulle ha {document_count + 1} (innhold og hvert dokument).")
    starts = [reader.get_destination_page_number(item) for item in tops]
    bounds = starts + [len(reader.pages)]
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    writer.set_page_label(bounds[0], bounds[1] - 1, style="/r", start=1)
    for number in range(1, document_count + 1):
        writer.set_page_label(bounds[number], bounds[number + 1] - 1, style="/D",
                              prefix=f"{number}-", start=1)
    writer.page_mode = "/UseOutlines"
    return writer
