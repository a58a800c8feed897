"""Running page numbers printed on the case file's pages, so the paper copy matches its
contents page ("Saksdokument side 12 av 140").

Each agreement's PDF already prints its own "Side 2 av 6". The joined case file adds, in the
footer's right corner, the page's number in the whole file. The text is set in Carlito (the
documents' font), subset to the characters used and embedded as PDF/A requires, and marked as
a pagination artifact so screen readers and the structure tree ignore it.
"""

from __future__ import annotations

import logging

import io
import shutil
import subprocess
import threading
from functools import lru_cache
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from ..feil import BuildError

FONT_FILE = Path("/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf")
FONT_NAME = "SDSTMP+Carlito"
SIZE = 9
RIGHT_MARGIN = 70.9  # 2.5 cm, the documents' margin
BASELINE = 30.0  # about the height of the documents' own footer line
CHARS = "Saksdokument side av 0123456789 Vedlegg \u00b7"
SEPARATOR = " \u00b7 "  # WinAnsi 0xB7, as the font's encoding has it


def text(page: int, total: int, label: str = "") -> str:
    """The stamp on one page: «Saksdokument side 12 av 140», after the attachment's own label
    on an attachment's pages («Vedlegg 3 · Saksdokument side 12 av 140»)."""
    return (f"{label}{SEPARATOR}" if label else "") + f"Saksdokument side {page} av {total}"


def _font_path() -> Path:
    if FONT_FILE.is_file():
        return FONT_FILE
    if shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{file}", "Carlito:style=Regular"],
                               capture_output=True, text=True, timeout=30).stdout.strip()
        if found and Path(found).is_file() and "Carlito" in found:
            return Path(found)
    raise BuildError("Fant ikke skriften Carlito, som sidetallene i det samlede saksdokumentet "
                     "skrives med. Installer den med: sudo apt-get install -y "
                     "fonts-crosextra-carlito")


_SUBSET_LOCK = threading.Lock()


def prepare() -> None:
    """Make the font subset in a thread of its own now (0,1 s of CPU), so that joining the case
    file, the last step of a build, need not wait for it. The thread waits while other threads
    hold the interpreter; a build starts it while LibreOffice is busy and the cores are not."""
    def make() -> None:
        try:
            _subset()
        except Exception:  # noqa: BLE001 - raised again, with its message, when the file is joined
            pass
    threading.Thread(target=make, name="stempel-skrift", daemon=True).start()


def _subset() -> tuple[bytes, dict[int, int], dict[str, int]]:
    """The Carlito subset for the stamp: font program, widths by character code, metrics."""
    with _SUBSET_LOCK:  # made once, also when `prepare`'s thread is still making it
        return _make_subset()


@lru_cache(maxsize=1)
def _make_subset() -> tuple[bytes, dict[int, int], dict[str, int]]:
    from fontTools import subset
    from fontTools.ttLib import TTFont
    logging.getLogger("fontTools").setLevel(logging.ERROR)  # no notes about the font's dates
    font = TTFont(io.BytesIO(_font_path().read_bytes()), lazy=True)  # whole: no file left open;
    # lazy: the layout tables are copied, not decompiled (0,14 → 0,02 s, the same bytes)
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.recalc_bounds = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=CHARS)
    subsetter.subset(font)
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    widths = {code: round(font["hmtx"][cmap[code]][0] * scale) for code in map(ord, set(CHARS))}
    head, os2 = font["head"], font["OS/2"]
    metrics = {"bbox": [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
               "ascent": round(os2.sTypoAscender * scale), "descent": round(os2.sTypoDescender * scale),
               "cap": round(getattr(os2, "sCapHeight", 0) * scale) or 632}
    out = io.BytesIO()
    font.save(out)
    return out.getvalue(), widths, metrics


def _font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    program, widths, metrics = _subset()
    first, last = min(widths), max(widths)
    stream = pikepdf.Stream(pdf, program)
    stream.Length1 = len(program)
    descriptor = Dictionary(Type=Name.FontDescriptor, FontName=Name("/" + FONT_NAME), Flags=32,
                            FontBBox=Array(metrics["bbox"]), ItalicAngle=0,
                            Ascent=metrics["ascent"], Descent=metrics["descent"],
                            CapHeight=metrics["cap"], StemV=80, FontFile2=pdf.make_indirect(stream))
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.TrueType, BaseFont=Name("/" + FONT_NAME),
        FirstChar=first, LastChar=last,
        Widths=Array([widths.get(code, 0) for code in range(first, last + 1)]),
        Encoding=Name.WinAnsiEncoding, FontDescriptor=pdf.make_indirect(descriptor)))


def width(line: str) -> float:
    _, widths, _ = _subset()
    return sum(widths[ord(c)] for c in line) * SIZE / 1000


def stamp(pdf: pikepdf.Pdf, first: int, labels: dict[int, str] | None = None) -> None:
    """Print running numbers on pages `first`… of `pdf` (page `first` is side 1), each after
    its label in `labels` (by page index in `pdf`), where it has one."""
    font = _font(pdf)
    pages = list(pdf.pages)[first:]
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        line = text(number, total, (labels or {}).get(first + number - 1, ""))
        box = [float(v) for v in page.mediabox]
        x = box[2] - RIGHT_MARGIN - width(line)
        resources = page.obj.get("/Resources")
        if resources is None:
            page.obj.Resources = resources = Dictionary()
        fonts = resources.get("/Font")
        if fonts is None:
            resources.Font = fonts = Dictionary()
        fonts[Name("/SDStempel")] = font
        content = (b"Q\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC q 0.25 g BT "
                   b"/SDStempel %d Tf %.2f %.2f Td (%s) Tj ET Q EMC\n"
                   % (SIZE, x, box[1] + BASELINE, line.encode("cp1252")))
        # the page's own drawing is wrapped in q … Q, so its graphics state cannot move the stamp
        page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
        page.contents_add(pikepdf.Stream(pdf, content), prepend=False)
