"""Column widths that follow the content: names and numbers narrow, descriptions wide.

A pure function of the cell texts, so Word and LibreOffice lay the table out the same way
(a fixed layout with explicit widths) and no word has to break inside a column that is too
narrow for it.
"""

from __future__ import annotations

from .typografi import keep_together

# A4 minus 2 × 2.5 cm margins, in twentieths of a point (1 cm = 567 twips)
TEXT_WIDTH = 9072
# Carlito 10 pt averages about 5 pt a character; bold header text is a little wider
CHAR = 105
BOLD = 118
PADDING = 230  # the cell's left and right margins
LONG = 60  # a cell longer than this wraps anyway; it does not ask for more width


def column_widths(rows: list[list[str]], numeric: list[bool], total: int = TEXT_WIDTH) -> list[int]:
    """Widths in twips for a table whose rows (header first) hold `rows` as plain text.

    Every column gets at least the width of its longest word (so no word is broken without a
    hyphen). Columns of numbers keep their natural width; the rest of the line goes to the
    columns of text, in proportion to how much text they hold. The widths add up to `total`.
    """
    columns = len(rows[0]) if rows else 0
    if not columns:
        return []
    # what cannot break: words, and dates, amounts and § references held together
    words = [[keep_together(r[c]).split(" ") for r in rows] for c in range(columns)]
    longest_word = [max([len(w) for cell in words[c][1:] for w in cell]
                        + [len(w) * BOLD // CHAR + 1 for w in words[c][0]] or [1])
                    for c in range(columns)]  # header words are bold, so wider
    body = rows[1:] or rows  # a header may wrap; the body's cells decide the wanted width
    longest_cell = [max((min(len(r[c]), LONG) for r in body), default=1) for c in range(columns)]
    minimum = [w * CHAR + PADDING for w in longest_word]
    wanted = [max(m, n * CHAR + PADDING) for m, n in zip(minimum, longest_cell)]
    if sum(minimum) >= total:  # even the words do not fit: shrink in proportion (hyphenation helps)
        widths = [m * total // sum(minimum) for m in minimum]
    elif sum(wanted) > total:  # share fairly: short columns get all they want, long ones wrap
        widths = _fair_share(minimum, wanted, total)
    else:  # everything fits on one line: give the rest to the text columns
        spare = total - sum(wanted)
        text = [c for c in range(columns) if not numeric[c]] or list(range(columns))
        weight = sum(wanted[c] for c in text)
        widths = [w + (spare * w // weight if c in text else 0) for c, w in enumerate(wanted)]
    widths[-1] += total - sum(widths)  # rounding: the widths add up exactly
    return widths


def _fair_share(minimum: list[int], wanted: list[int], total: int) -> list[int]:
    """Max-min fair widths: a column that wants less than an equal share of what is left gets
    what it wants; the columns that want more share the rest in proportion, never below their
    minimum (the longest word)."""
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
