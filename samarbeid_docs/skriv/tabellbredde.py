"""Column widths that follow the content: names and numbers narrow, descriptions wide.

A pure function of the cell texts, so Word and LibreOffice lay the table out the same way
(a fixed layout with explicit widths) and no word has to break inside a column that is too
narrow for it. Text is measured with the advance widths of the documents' font (Carlito, the
metric twin of Calibri) when it is installed, else estimated.
"""

from __future__ import annotations

import io
import logging

from functools import lru_cache
from pathlib import Path

from .typografi import keep_together

# A4 minus 2 × 2.5 cm margins, in twentieths of a point (1 cm = 567 twips)
TEXT_WIDTH = 9072
SIZE = 10  # the table text style's size in points
PADDING = 260  # the cell's left and right margins (2 × 108 twips) and a little air
LONG = 60  # a cell longer than this wraps anyway; it does not ask for more width
FONTS = {False: Path("/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf"),
         True: Path("/usr/share/fonts/truetype/crosextra/Carlito-Bold.ttf")}
ESTIMATE = {False: 105, True: 118}  # twips a character at 10 pt when the font is missing


@lru_cache(maxsize=2)
def _advances(bold: bool) -> tuple[dict[int, int], int, int] | None:
    """Character → advance width in font units, the units per em, and the space's width."""
    path = FONTS[bold]
    if not path.is_file():
        return None
    from fontTools.ttLib import TTFont
    logging.getLogger("fontTools").setLevel(logging.ERROR)  # no notes about the font's dates
    font = TTFont(io.BytesIO(path.read_bytes()))  # read whole: no file left open
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    widths = {code: hmtx[glyph][0] for code, glyph in cmap.items()}
    return widths, font["head"].unitsPerEm, widths.get(32, 0)


def text_width(text: str, bold: bool = False) -> int:
    """The width of `text` set in the table style, in twips."""
    metrics = _advances(bold)
    if metrics is None:
        return len(text) * ESTIMATE[bold]
    widths, per_em, space = metrics
    units = sum(widths.get(ord(c), space) for c in text)
    return -(-units * SIZE * 20 // per_em)


def column_widths(rows: list[list[str]], numeric: list[bool], total: int = TEXT_WIDTH) -> list[int]:
    """Widths in twips for a table whose rows (header first) hold `rows` as plain text.

    Every column gets at least the width of its longest unbreakable unit: a word, or a date,
    amount or § reference held together (so nothing is broken without a hyphen). Columns that
    want little get all they want; the rest of the line goes to the columns of longer text.
    The widths add up to `total`.
    """
    columns = len(rows[0]) if rows else 0
    if not columns:
        return []
    units = [[keep_together(r[c]).split(" ") for r in rows] for c in range(columns)]
    minimum = [max([text_width(u) for cell in units[c][1:] for u in cell]
                   + [text_width(u, bold=True) for u in units[c][0]] or [0]) + PADDING
               for c in range(columns)]  # header words are bold, so wider
    body = rows[1:] or rows  # a header may wrap; the body's cells decide the wanted width
    cells = [sorted(text_width(r[c][:LONG]) + PADDING for r in body) for c in range(columns)]
    wanted = [max(minimum[c], cells[c][-1]) for c in range(columns)]
    # where it fits, the typical cell of every column stays on one line (only the longest wrap)
    typical = [max(minimum[c], cells[c][(len(cells[c]) - 1) // 2]) for c in range(columns)]
    if sum(typical) < total:
        minimum = typical
    if sum(minimum) >= total:  # even the words do not fit: shrink in proportion
        widths = [m * total // sum(minimum) for m in minimum]
    elif sum(wanted) > total:  # share fairly: short columns get all they want, long ones wrap
        widths = _fair_share(minimum, wanted, total)
    else:  # everything fits on one line: a number column's header too, if there is room; the
        # rest goes to the text columns
        spare = total - sum(wanted)
        # each number column's header on one line if all of them fit, else on two (about half
        # its width; never below its longest word), else as much of that as there is room for
        for lines in (1, 2, None):
            header = [max(0, -(-text_width(rows[0][c], bold=True) // (lines or 2)) + PADDING - wanted[c])
                      if numeric[c] else 0 for c in range(columns)]
            if not any(header):
                break
            if lines is None:
                header = [h * spare // sum(header) for h in header]
            if sum(header) <= spare:
                wanted = [w + h for w, h in zip(wanted, header)]
                spare -= sum(header)
                break
        text = [c for c in range(columns) if not numeric[c]] or list(range(columns))
        weight = sum(wanted[c] for c in text)
        widths = [w + (spare * w // weight if c in text else 0) for c, w in enumerate(wanted)]
    widths[-1] += total - sum(widths)  # rounding: the widths add up exactly
    return widths


def _fair_share(minimum: list[int], wanted: list[int], total: int) -> list[int]:
    """Max-min fair widths: a column that wants less than an equal share of what is left gets
    what it wants; the columns that want more share the rest in proportion, never below their
    minimum (the longest unbreakable unit)."""
    widths = list(minimum)
    open_columns = set(range(len(wanted)))
    left = total
    while open_columns:
        share = left / len(open_columns)
        settled = [c for c in open_columns if wanted[c] <= share]
        if not settled:
            break
        for c in settled:
            widths[c] = wanted[c]
            left -= wanted[c]
            open_columns.discard(c)
    if open_columns:
        floor = sum(minimum[c] for c in open_columns)
        extra = sum(wanted[c] - minimum[c] for c in open_columns) or 1
        for c in open_columns:
            widths[c] = minimum[c] + (left - floor) * (wanted[c] - minimum[c]) // extra
    return widths
