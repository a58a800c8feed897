"""Norwegian formatting through Babel."""

from datetime import date
from decimal import Decimal

import pytest

from samarbeid_docs import norsk

NB = "\u00a0"


@pytest.mark.parametrize(("call", "expected"), [
    (lambda: norsk.number(5635), f"5{NB}635"),
    (lambda: norsk.number(1234567), f"1{NB}234{NB}567"),
    (lambda: norsk.kroner(1234567), f"kr{NB}1{NB}234{NB}567"),
    (lambda: norsk.kroner_text(1234567), f"1{NB}234{NB}567{NB}kroner"),
    (lambda: norsk.percent_tenths(583), f"58,3{NB}%"),
    (lambda: norsk.percent_tenths(1000), f"100,0{NB}%"),
    (lambda: norsk.percent(40), f"40{NB}%"),
    (lambda: norsk.decimal(Decimal("6.55")), "6,55"),
    (lambda: norsk.date_text(date(2016, 7, 1)), "1. juli 2016"),
    (lambda: norsk.date_short(date(2016, 7, 1)), "01.07.2016"),
    (lambda: norsk.join_names(["Røros", "Os", "Holtålen"]), "Røros, Os og Holtålen"),
    (lambda: norsk.join_names(["Røros", "Holtålen"]), "Røros og Holtålen"),
    (lambda: norsk.notice_text(12), "ett års varsel"),
    (lambda: norsk.notice_text(24), "to års varsel"),
    (lambda: norsk.notice_text(6), "seks måneders varsel"),
    (lambda: norsk.notice_text(18), "18 måneders varsel"),
    (lambda: norsk.period_text(12), "ett år"),
    (lambda: norsk.period_text(24), "to år"),
    (lambda: norsk.period_text(6), "seks måneder"),
    (lambda: norsk.period_text(1), "én måned"),
])
def test_formats(call, expected):
    assert call() == expected


@pytest.mark.parametrize(("value", "shown"), [(Decimal("21.6"), "21,6"), (Decimal("6.55"), "6,55"),
                                              (6, "6"), (Decimal("5635"), "5\u00a0635")])
def test_a_measured_value_is_shown_as_written(value, shown):
    """Staff counts and use figures keep the decimals they were written with («21,6», not
    «21,60»)."""
    assert norsk.measure(value) == shown
