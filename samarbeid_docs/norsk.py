"""Norwegian formatting of numbers, money, percentages and dates, through Babel, in the written
standard (målform) of the document being made: bokmål or nynorsk.

The written standard is set around the making of a document (`written_standard`) and read here,
so that every sentence the code builds follows it without passing it through each call.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

BOKMAL, NYNORSK = "bokmål", "nynorsk"
FORMS = (BOKMAL, NYNORSK)
LOCALES = {BOKMAL: "nb_NO", NYNORSK: "nn_NO"}
TAGS = {BOKMAL: "nb-NO", NYNORSK: "nn-NO"}
LOCALE = LOCALES[BOKMAL]
NBSP = "\u00a0"
_FORM: ContextVar[str] = ContextVar("malform", default=BOKMAL)


@contextmanager
def written_standard(form: str) -> Iterator[None]:
    """Make everything inside the block in `form` («bokmål» or «nynorsk»)."""
    if form not in FORMS:
        raise ValueError(f"unknown written standard {form!r}")
    token = _FORM.set(form)
    try:
        yield
    finally:
        _FORM.reset(token)


def form_of(tag: str) -> str:
    """The written standard of a language tag: «nn-NO» → nynorsk, anything else → bokmål."""
    return NYNORSK if tag == TAGS[NYNORSK] else BOKMAL


def form() -> str:
    """The written standard in force: «bokmål» or «nynorsk»."""
    return _FORM.get()


def locale() -> str:
    """Babel's locale for the written standard in force: nb_NO or nn_NO."""
    return LOCALES[_FORM.get()]


def language_tag() -> str:
    """The language tag documents carry (DOCX, PDF, HTML): nb-NO or nn-NO."""
    return TAGS[_FORM.get()]


def say(bokmal: str, nynorsk: str) -> str:
    """The same sentence in both written standards, each written by hand: the one in force."""
    return nynorsk if _FORM.get() == NYNORSK else bokmal


class Words(Mapping):
    """A table of words or phrases written in both standards; looking up gives the one in
    force. `Words({"ny": "nytt"}, {"ny": "nytt"})`."""

    def __init__(self, bokmal: dict[str, str], nynorsk: dict[str, str]):
        if bokmal.keys() != nynorsk.keys():
            raise ValueError(f"the two written standards differ in keys: {bokmal.keys() ^ nynorsk.keys()}")
        self._forms = {BOKMAL: bokmal, NYNORSK: nynorsk}

    def __getitem__(self, key: str) -> str:
        return self._forms[_FORM.get()][key]

    def __iter__(self):
        return iter(self._forms[BOKMAL])

    def __len__(self) -> int:
        return len(self._forms[BOKMAL])


def number(value: int | Decimal) -> str:
    """`5635` → '5 635' (non-breaking space as thousands separator)."""
    return format_decimal(value, locale=locale())


def decimal(value: Decimal, places: int = 2) -> str:
    """`Decimal('6.55')` → '6,55'."""
    pattern = "#,##0." + "0" * places if places else "#,##0"
    return format_decimal(value, format=pattern, locale=LOCALE, decimal_quantization=True)


def measure(value: int | Decimal) -> str:
    """A measured value as written in the sources: `Decimal('21.6')` → '21,6', `6` → '6',
    `Decimal('5635')` → '5 635' (not padded to two decimals, as `decimal` does for a column)."""
    exponent = value.as_tuple().exponent if hasattr(value, "as_tuple") else 0
    return number(value) if exponent >= 0 else decimal(value, -exponent)


def kroner(value: int) -> str:
    """`1234567` → 'kr 1 234 567' (for tables and lists)."""
    return f"kr{NBSP}{number(value)}"


def kroner_text(value: int) -> str:
    """`1234567` → '1 234 567 kroner' (for running text)."""
    return f"{number(value)}{NBSP}kroner"


def percent_tenths(tenths: int) -> str:
    """`583` (tenths of a percent) → '58,3 %'."""
    return f"{format_decimal(Decimal(tenths) / 10, format='#,##0.0', locale=locale())}{NBSP}%"


MINUS = "\u2212"


def points_change(tenths: int) -> str:
    """A change in tenths of a percentage point: `22` → '+2,2 prosentpoeng', `-5` →
    '−0,5 prosentpoeng', `0` → 'uendret'."""
    if tenths == 0:
        return say("uendret", "uendra")
    sign = "+" if tenths > 0 else MINUS
    shown = format_decimal(Decimal(abs(tenths)) / 10, format="#,##0.0", locale=locale())
    return f"{sign}{shown}{NBSP}prosentpoeng"


def kroner_change(value: int) -> str:
    """A change in kroner for a table: `12345` → '+12 345', `-500` → '−500', `0` → '0'."""
    return "0" if value == 0 else f"{'+' if value > 0 else MINUS}{number(abs(value))}"


def percent(value: int) -> str:
    """`40` → '40 %'."""
    return f"{number(value)}{NBSP}%"


def date_text(day: date) -> str:
    """`2016-07-01` → '1. juli 2016'."""
    return format_date(day, "d. MMMM y", locale=locale())


def date_short(day: date) -> str:
    """`2016-07-01` → '01.07.2016' (for tables)."""
    return format_date(day, "dd.MM.y", locale=locale())


def join_names(names: list[str], conjunction: str = "og") -> str:
    """`['Røros', 'Os', 'Holtålen']` → 'Røros, Os og Holtålen'."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def notice_text(months: int) -> str:
    """A notice period in running text: `12` → 'ett års varsel' (nynorsk 'eitt års varsel'),
    `6` → 'seks måneders varsel' ('seks månaders varsel')."""
    return _months(months, say("ett års varsel", "eitt års varsel"), "års varsel",
                   say("én måneds varsel", "éin månads varsel"), say("måneders varsel", "månaders varsel"))


def period_text(months: int) -> str:
    """A length of time in running text: `12` → 'ett år' (nynorsk 'eitt år'), `24` → 'to år',
    `6` → 'seks måneder' ('seks månader'), `1` → 'én måned' ('éin månad')."""
    return _months(months, say("ett år", "eitt år"), "år", say("én måned", "éin månad"),
                   say("måneder", "månader"))


def _months(months: int, one_year: str, years: str, one_month: str, many_months: str) -> str:
    if months % 12 == 0:
        count = months // 12
        return one_year if count == 1 else f"{_small(count)} {years}"
    return one_month if months == 1 else f"{_small(months)} {many_months}"


_WORDS = {2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks", 7: "sju", 8: "åtte", 9: "ni",
          10: "ti", 11: "elleve", 12: "tolv"}


def _small(n: int) -> str:
    """Numbers up to twelve in words in running text (Språkrådet), larger ones in digits."""
    return _WORDS.get(n, number(n))


def count_text(n: int) -> str:
    """A count in running text: `4` → 'fire', `1` → 'ett' (nynorsk 'eitt'), `21` → '21'
    (Språkrådet: words up to twelve)."""
    return say("ett", "eitt") if n == 1 else "null" if n == 0 else _small(n)


def file_size(size: int) -> str:
    """A file size as users read it: `38412` → '39 kB', `1802215` → '1,8 MB' (1 kB = 1000 byte)."""
    if size < 1_000_000:
        return f"{max(1, -(-size // 1000))}{NBSP}kB"
    return f"{format_decimal(Decimal(size) / 1_000_000, format='#,##0.0', locale=locale())}{NBSP}MB"
