"""Headings left alone at the foot of a page: found in LibreOffice's PDF, mended by a page break.

The Word template keeps every heading with the paragraph after it (`keepNext`), and Word honours
that. LibreOffice 7.4 does not always: when the paragraph after a heading does not fit on the
page and moves whole to the next one, the heading can stay behind, alone at the foot of the page
(«19 Ikrafttredelse» at the bottom of page 5, its text on page 6). Measured on the real project,
4 of the 27 agreements had one.

`orphaned_headings` reads the PDF LibreOffice made: the bookmarks give each heading's page and
height, and the page's own drawing (body text only; the header and footer are marked as
artifacts) shows whether anything follows the heading on that page. `with_page_breaks` writes a
copy of the DOCX with a page break before those headings (the first of a run of headings, so
«11 Økonomi» moves with «11.1 Fordelingsnøkkel»), for LibreOffice to convert again. The DOCX
the user gets is not changed: Word lays the page out itself.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pikepdf
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
# a heading is looked at only when its top is this close to the foot of the page (in points):
# further up there is room for at least two lines of text after it
NEAR_FOOT = 0.25


def orphaned_headings(pdf_path: Path) -> list[int]:
    """The headings (numbered 0, 1, … in the document's order, as the bookmarks list them)
    before which a page break must go: each one that ends its page with nothing after it, or the
    first of the headings directly above it on that page."""
    with pikepdf.open(pdf_path) as pdf:
        marks = _bookmarks(pdf)
        if not marks:
            return []
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        placed = []  # (page number, top) per heading, in order
        for title, dest in marks:
            page = pages.get(dest[0].objgen) if dest is not None and len(dest) else None
            placed.append((page, float(dest[3]) if page is not None and len(dest) > 3 else None))
        lines: dict[int, list[float]] = {}
        found: list[int] = []
        last_page = len(pdf.pages) - 1
        for i, (page, top) in enumerate(placed):
            # only the last heading on a page can end it, and never on the document's last page
            if page is None or top is None or page == last_page or \
                    (i + 1 < len(placed) and placed[i + 1][0] == page):
                continue
            height = float(pdf.pages[page].mediabox[3])
            if top > height * NEAR_FOOT:
                continue
            if page not in lines:
                lines[page] = _body_lines(pdf.pages[page])
            below = [y for y in lines[page] if y < top - 0.5]
            if not below:
                continue
            own = max(below)  # the heading's own line
            if any(y < own - 1.0 for y in below):
                continue  # text follows it on the page
            first = i
            # the headings straight above it on the same page go with it
            while first > 0 and placed[first - 1][0] == page and placed[first - 1][1] is not None:
                above_top = placed[first - 1][1]
                between = [y for y in lines[page] if placed[first][1] < y < above_top - 0.5]
                under_above = [y for y in lines[page] if y < above_top - 0.5]
                if not under_above or any(y < max(under_above) - 1.0 for y in between):
                    break
                first -= 1
            if first not in found:
                found.append(first)
        return found


def with_page_breaks(docx: Path, headings: list[int], target: Path) -> bool:
    """Write `docx` to `target` with a page break before each of `headings` (numbered as in
    `orphaned_headings`); False when the document's headings cannot be matched (nothing written)."""
    with zipfile.ZipFile(docx) as source:
        root = etree.fromstring(source.read("word/document.xml"))
        paragraphs = [p for p in root.iter(f"{_W}p") if _is_heading(p)]
        if not headings or max(headings) >= len(paragraphs):
            return False
        for index in headings:
            properties = paragraphs[index].find(f"{_W}pPr")
            if properties.find(f"{_W}pageBreakBefore") is None:
                style = properties.find(f"{_W}pStyle")
                properties.insert(list(properties).index(style) + 1, etree.Element(f"{_W}pageBreakBefore"))
        data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for item in source.infolist():
                copy.writestr(item, data if item.filename == "word/document.xml" else source.read(item))
    target.write_bytes(out.getvalue())
    return True


def heading_count(docx: Path) -> int:
    """How many heading paragraphs `docx` has (for matching them with the bookmarks)."""
    with zipfile.ZipFile(docx) as source:
        root = etree.fromstring(source.read("word/document.xml"))
    return sum(1 for p in root.iter(f"{_W}p") if _is_heading(p))


def _is_heading(paragraph) -> bool:
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    return style is not None and style.get(f"{_W}val", "").startswith("Heading")


def _bookmarks(pdf: pikepdf.Pdf) -> list[tuple[str, pikepdf.Array | None]]:
    """Every bookmark, depth first (the document's order), with its destination."""
    found: list[tuple[str, pikepdf.Array | None]] = []
    with pdf.open_outline() as outline:
        def walk(items) -> None:
            for item in items:
                dest = item.destination
                found.append((item.title, dest if isinstance(dest, pikepdf.Array) else None))
                walk(item.children)
        walk(outline.root)
    return found


def _body_lines(page: pikepdf.Page) -> list[float]:
    """The heights (y, from the foot) at which the page draws body text: every text position
    outside marked artifacts (LibreOffice marks the header and footer so)."""
    ys: list[float] = []
    depth = 0          # marked-content nesting
    artifact_at = -1   # the depth at which an artifact began, or -1
    line = 0.0         # the text line matrix's y (reset by BT, moved by Td, set by Tm)
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name in ("BMC", "BDC"):
            depth += 1
            if artifact_at < 0 and operands and operands[0] == pikepdf.Name.Artifact:
                artifact_at = depth
        elif name == "EMC":
            if depth == artifact_at:
                artifact_at = -1
            depth -= 1
        elif name == "BT":
            line = 0.0
        elif name in ("Td", "TD"):
            line += float(operands[1])
            if artifact_at < 0:
                ys.append(line)
        elif name == "Tm":
            line = float(operands[5])
            if artifact_at < 0:
                ys.append(line)
    return ys
