"""Headings left alone at the foot of a page: found in LibreOffice's PDF, mended by a page break.

The Word template keeps every heading with the paragraph after it (`keepNext`), and Word honours
that. LibreOffice 7.4 does not always: when the paragraph after a heading does not fit on the
page and moves whole to the next one, the heading can stay behind, alone at the foot of the page
(«19 Ikrafttredelse» at the bottom of page 5, its text on page 6). Measured on the real project,
4 of the 27 agreements had one.

`orphaned_headings` reads the PDF LibreOffice made: the bookmarks give each heading's page and
height, and the page's own drawing (body text only; the header and footer are marked as
artifacts) shows whether anything follows the heading on that page. The converter then puts a
page break before those headings (the first of a run of headings, so «11 Økonomi» moves with
«11.1 Fordelingsnøkkel») into the document LibreOffice still has open, found by the hidden
bookmark the DOCX writer put on each heading (`break_marks`), and exports it again; for a DOCX
without those bookmarks, `with_page_breaks` writes a copy with the breaks for LibreOffice to
convert again. The DOCX the user gets is not changed: Word lays the page out itself.

The same happens to a sentence that introduces a list or a table («Ved oppløsning gjelder
dette:» at the foot of page 4, its four points on page 5; 4 of the 27 agreements). The DOCX
writer marks such a sentence and the first paragraph after it with hidden bookmarks, which
LibreOffice exports as named destinations: `orphaned_lead_ins` compares their pages, and the
break goes before the sentence, or before the heading straight above it.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pikepdf
from lxml import etree

from ..skriv.ooxml import AFTER_MARK, HEADING_MARK, LEAD_MARK

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
# the DOCX writer's hidden bookmarks (skriv/ooxml.py LEAD_MARK, AFTER_MARK) as LibreOffice
# names their destinations: «_» is written «5F» (the PDF name escape without its «#»)
LEAD, AFTER = "5F" + LEAD_MARK[1:], "5F" + AFTER_MARK[1:]
# a heading is looked at only when its top is in this lowest part of the page (a fraction of its
# height): further up there is room for at least two lines of text after it
NEAR_FOOT = 0.25


def page_faults(pdf_path: Path) -> tuple[list[int], list[int]]:
    """`orphaned_headings` and `orphaned_lead_ins` of one PDF, read once."""
    with _open(pdf_path) as pdf:
        return orphaned_headings(pdf), orphaned_lead_ins(pdf)


def _open(pdf_path: Path) -> pikepdf.Pdf:
    """The PDF as LibreOffice wrote it, opened once for both searches, without pushing the
    page tree's inherited attributes down to each page, which qpdf does by default and which is
    not needed here: LibreOffice gives every page its own /MediaBox, and only the content
    streams, the outline and the named destinations are read."""
    return pikepdf.open(pdf_path, inherit_page_attributes=False)


def orphaned_headings(source: Path | pikepdf.Pdf) -> list[int]:
    """The headings (numbered 0, 1, … in the document's order, as the bookmarks list them)
    before which a page break must go: each one that ends its page with nothing after it, or the
    first of the headings directly above it on that page."""
    if not isinstance(source, pikepdf.Pdf):
        with _open(source) as pdf:
            return orphaned_headings(pdf)
    pdf = source
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


def orphaned_lead_ins(source: Path | pikepdf.Pdf) -> list[int]:
    """The sentences introducing a list or a table (their numbers in the DOCX writer's hidden
    bookmarks «_Innl1» …) that end a page while what they introduce («_Etter1» …) begins on
    the next: LibreOffice exports the bookmarks as named destinations."""
    if not isinstance(source, pikepdf.Pdf):
        with _open(source) as pdf:
            return orphaned_lead_ins(pdf)
    pdf = source
    dests = pdf.Root.get("/Dests")
    if dests is None:
        return []
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
    found: dict[str, dict[int, int]] = {LEAD: {}, AFTER: {}}
    for key in dests.keys():
        name = _dest_name(str(key))
        for kind in (LEAD, AFTER):
            number = name[len(kind):] if name.startswith(kind) else ""
            dest = dests[key]
            dest = dest.get("/D") if isinstance(dest, pikepdf.Dictionary) else dest
            if number.isdigit() and isinstance(dest, pikepdf.Array) and len(dest):
                page = pages.get(dest[0].objgen)
                if page is not None:
                    found[kind][int(number)] = page
    return sorted(k for k, page in found[LEAD].items()
                  if k in found[AFTER] and found[AFTER][k] > page)


def with_page_breaks(docx: Path, headings: list[int], target: Path, lead_ins: list[int] = ()) -> bool:
    """Write `docx` to `target` with a page break before each of `headings` (numbered as in
    `orphaned_headings`) and each sentence of `lead_ins` (as in `orphaned_lead_ins`); False
    when one of them cannot be found (nothing written)."""
    with zipfile.ZipFile(docx) as source:
        root = etree.fromstring(source.read("word/document.xml"))
        chosen = _to_break(root, headings, lead_ins)
        if chosen is None:
            return False
        for paragraph in chosen:
            properties = paragraph.find(f"{_W}pPr")
            if properties is None:
                properties = etree.SubElement(paragraph, f"{_W}pPr")
                paragraph.insert(0, properties)
            if properties.find(f"{_W}pageBreakBefore") is None:
                style = properties.find(f"{_W}pStyle")
                at = list(properties).index(style) + 1 if style is not None else 0
                for tag in ("keepNext", "keepLines"):  # the schema's order: after these
                    found = properties.find(f"{_W}{tag}")
                    if found is not None:
                        at = max(at, list(properties).index(found) + 1)
                properties.insert(at, etree.Element(f"{_W}pageBreakBefore"))
        data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for item in source.infolist():
                copy.writestr(item, data if item.filename == "word/document.xml" else source.read(item))
    target.write_bytes(out.getvalue())
    return True


def break_marks(docx: Path, headings: list[int], lead_ins: list[int] = ()) -> list[str] | None:
    """The hidden bookmarks (`HEADING_MARK`, `LEAD_MARK`) on the paragraphs `with_page_breaks`
    would break before, so that LibreOffice can put the breaks into the document it still has
    open instead of loading a patched copy; None when one of them has no such bookmark (a DOCX
    not written by us) or cannot be found."""
    with zipfile.ZipFile(docx) as source:
        root = etree.fromstring(source.read("word/document.xml"))
    chosen = _to_break(root, headings, lead_ins)
    if chosen is None:
        return None
    names = []
    for paragraph in chosen:
        marks = [start.get(f"{_W}name", "") for start in paragraph.iterchildren(f"{_W}bookmarkStart")]
        mark = next((m for m in marks if m.startswith((HEADING_MARK, LEAD_MARK))), None)
        if mark is None:
            return None
        names.append(mark)
    return names


def _to_break(root, headings: list[int], lead_ins: list[int]) -> list | None:
    """The paragraphs of `headings` and `lead_ins` in document.xml's `root`, where each break
    goes; None when one cannot be found."""
    paragraphs = [p for p in root.iter(f"{_W}p") if _is_heading(p)]
    marked = {start.get(f"{_W}name"): start.getparent() for start in root.iter(f"{_W}bookmarkStart")}
    wanted = [f"{LEAD_MARK}{k}" for k in lead_ins]
    if (not headings and not lead_ins) or (headings and max(headings) >= len(paragraphs)) or \
            any(name not in marked for name in wanted):
        return None
    return [paragraphs[i] for i in headings] + [_with_headings(marked[name]) for name in wanted]


def _with_headings(paragraph):
    """The first of the headings straight above `paragraph`, or itself: a break before a
    sentence must not part it from its heading («16.2 Oppløsning» stayed behind, alone)."""
    while True:
        before = paragraph.getprevious()
        if before is None or before.tag != f"{_W}p" or not _is_heading(before):
            return paragraph
        paragraph = before


def _dest_name(key: str) -> str:
    """A destination's name as LibreOffice writes it, «_» always as «5F»."""
    name = key.lstrip("/")
    return "5F" + name[1:] if name.startswith("_") else name


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


# the operators that open or close marked content or set the text line; qpdf passes only these
# on, not every text-showing operator (a third of the time per page)
_LINE_OPERATORS = "BMC BDC EMC BT Td TD Tm"

# The page's drawing, read without parsing all of it: the operators `_body_lines` needs are found
# by a regular expression, each checked to stand as a token of its own, and their operands read
# from just before them. Hex strings (all of LibreOffice's text) are blanked first, so that no
# «BDC» inside one is taken for an operator; a page with a literal string, a comment or an inline
# image goes to qpdf's parser.
_HEX = re.compile(rb"<[0-9A-Fa-f\s]*>")
_OPERATOR = re.compile(rb"BDC|BMC|EMC|BT|Td|TD|Tm|BI")
_NAME = rb"/[^\s/\[\]<>(){}%]+"
_BMC_TAG = re.compile(rb"(" + _NAME + rb")\s*\Z")
_BDC_TAG = re.compile(rb"(" + _NAME + rb")\s*(?:<<[^<>]*>>|" + _NAME + rb")\s*\Z")
_LAST_NUMBER = re.compile(rb"(?<![^\s\]>])([-+]?(?:\d+\.?\d*|\.\d+))\s*\Z")
_SPACE = b" \t\r\n\f\x00"
_OPENS = frozenset(_SPACE + b">])")   # what may stand before an operator
_CLOSES = frozenset(_SPACE + b"<[/(")  # and after it


def _body_lines(page: pikepdf.Page) -> list[float]:
    """The heights (y, from the foot) at which the page draws body text: every text position
    outside marked artifacts (LibreOffice marks the header and footer so)."""
    contents = page.obj.get("/Contents")
    if contents is None:
        return []
    streams = contents if isinstance(contents, pikepdf.Array) else [contents]
    try:
        data = b"\n".join(stream.read_bytes() for stream in streams)
    except pikepdf.PdfError:
        return _body_lines_qpdf(page)  # unreadable here: let qpdf say what it can
    ys = _text_lines(data)
    return ys if ys is not None else _body_lines_qpdf(page)


def _text_lines(data: bytes) -> list[float] | None:
    """`_body_lines` of a content stream by the scan above, 2,5 times faster than through qpdf
    (0,64 against 1,56 ms a page on the real project's 278 pages); None where it cannot be sure."""
    try:
        return _lines(_scanned(data))
    except _Unsure:
        return None


def _body_lines_qpdf(page: pikepdf.Page) -> list[float]:
    """`_body_lines` through qpdf's content-stream parser: for any page."""
    return _lines(_parsed(page))


class _Unsure(Exception):
    """The scan met something it does not cover."""


def _scanned(data: bytes) -> Iterator[tuple[bytes, object]]:
    """The operators `_lines` reads, found by the scan: (name, the y of Td/TD/Tm or the tag of
    BMC/BDC, else None); raises `_Unsure` where the stream holds what the scan does not cover."""
    data = _HEX.sub(b" ", data)
    if b"(" in data or b"%" in data:
        raise _Unsure
    end = len(data)
    for match in _OPERATOR.finditer(data):
        start, stop = match.span()
        if (start and data[start - 1] not in _OPENS) or (stop < end and data[stop] not in _CLOSES):
            continue  # part of a longer word or name
        name = match.group()
        if name in (b"Td", b"TD", b"Tm"):
            found = _LAST_NUMBER.search(data, max(0, start - 32), start)
            value = float(found.group(1)) if found else None
        elif name in (b"BMC", b"BDC"):
            found = (_BMC_TAG if name == b"BMC" else _BDC_TAG).search(data, max(0, start - 256), start)
            value = found.group(1) if found else None
        elif name == b"BI":  # an inline image: binary data follows
            raise _Unsure
        else:
            yield name, None
            continue
        if value is None:
            raise _Unsure
        yield name, value


def _parsed(page: pikepdf.Page) -> Iterator[tuple[bytes, object]]:
    """The same as `_scanned`, through qpdf's parser."""
    for operands, operator in pikepdf.parse_content_stream(page, _LINE_OPERATORS):
        name = str(operator).encode()
        if name in (b"Td", b"TD"):
            yield name, float(operands[1])
        elif name == b"Tm":
            yield name, float(operands[5])
        elif name in (b"BMC", b"BDC"):
            yield name, str(operands[0]).encode() if operands else b""
        else:
            yield name, None


def _lines(operators: Iterable[tuple[bytes, object]]) -> list[float]:
    """The body-text heights from the operators that open and close marked content and set the
    text line."""
    ys: list[float] = []
    depth = 0          # marked-content nesting
    artifact_at = -1   # the depth at which an artifact began, or -1
    line = 0.0         # the text line matrix's y (reset by BT, moved by Td, set by Tm)
    for name, value in operators:
        if name in (b"BMC", b"BDC"):
            depth += 1
            if artifact_at < 0 and value == b"/Artifact":
                artifact_at = depth
        elif name == b"EMC":
            if depth == artifact_at:
                artifact_at = -1
            depth -= 1
        elif name == b"BT":
            line = 0.0
        else:  # Td, TD move the line; Tm sets it
            line = value + (line if name != b"Tm" else 0.0)
            if artifact_at < 0:
                ys.append(line)
    return ys
