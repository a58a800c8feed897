"""Print typography for the DOCX (and so the PDF): what must not break across lines.

Norwegian practice: a date («1. januar 2013»), a section reference («§ 20-4»), an act's
identifier («LOV-2018-06-22-83»), an amount («kr 1 234 567», «1 234 567 kroner») and a
percentage («58,3 %») stay on one line. The words are unchanged; only their spaces become
non-breaking, and their hyphens Word's non-breaking hyphen.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
NB_HYPHEN = "\u2011"  # the writer turns it into Word's own non-breaking hyphen (w:noBreakHyphen)
_MONTHS = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
_PATTERNS = [
    re.compile(rf"\b\d{{1,2}}\. (?:{_MONTHS})(?: \d{{4}})?\b"),  # 1. januar 2013, 17. mai
    re.compile(r"§§? \d"),  # § 20-4
    re.compile(r"\bkr [\d_]"),  # kr 1 234, and a blank to fill in: kr ____
    re.compile(r"\d (?:%|kroner\b|årsverk\b)"),  # 58,3 %, 1 234 kroner
    re.compile(r"\b(?:nr\.|kap\.|jf\.) \d"),
]
_HYPHENATED = [
    re.compile(r"\bLOV-\d{4}-\d{2}-\d{2}(?:-\d+)?"),  # LOV-2018-06-22-83
    re.compile(r"§§?\s\d+-\d+"),  # § 20-4
    re.compile(r"\bFOR-\d{4}-\d{2}-\d{2}(?:-\d+)?"),
]


_DATE = re.compile(rf"\b\d{{1,2}}\. (?:{_MONTHS})\b")


def has_date(text: str) -> bool:
    """True if `text` names a date in words («1. januar 2026»): hyphenation would split the
    month («janu-ar»), so a paragraph with one is set without it."""
    return bool(_DATE.search(text.replace(NBSP, " ")))


def keep_together(text: str) -> str:
    """`text` with non-breaking spaces inside dates, § references, amounts and percentages."""
    for pattern in _HYPHENATED:
        text = pattern.sub(lambda m: m.group(0).replace("-", NB_HYPHEN), text)
    if " " not in text:
        return text
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(0).replace(" ", NBSP), text)
    return text
