"""Holidays, calendar arithmetic, money rounding and input parsing."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from assistant.calc.dates import (add_months, add_years, easter_sunday, format_date_no, holiday_name,
                                  non_working_reason, norwegian_holidays)
from assistant.calc.money import format_kr, round_kr
from assistant.calc.parse import parse_bool, parse_date, parse_int, parse_month, parse_share
from assistant.errors import InputError


@pytest.mark.parametrize("year,expected", [
    (2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)),
    (2019, date(2019, 4, 21)), (2038, date(2038, 4, 25)), (2285, date(2285, 3, 22)),
])
def test_easter(year, expected):
    assert easter_sunday(year) == expected


def test_holidays_2025():
    h = norwegian_holidays(2025)
    assert h[date(2025, 4, 17)] == "skjærtorsdag"
    assert h[date(2025, 4, 18)] == "langfredag"
    assert h[date(2025, 4, 21)] == "2. påskedag"
    assert h[date(2025, 5, 29)] == "Kristi himmelfartsdag"
    assert h[date(2025, 6, 8)] == "1. pinsedag"
    assert h[date(2025, 6, 9)] == "2. pinsedag"
    assert h[date(2025, 5, 17)].startswith("17. mai")
    assert h[date(2025, 5, 1)].startswith("1. mai")
    assert h[date(2025, 12, 26)] == "2. juledag"
    assert len(h) == 12


def test_non_working_reason():
    assert non_working_reason(date(2025, 4, 7)) is None  # Monday
    assert non_working_reason(date(2025, 9, 14)) == "søndag"
    assert non_working_reason(date(2025, 4, 18)) == "langfredag"
    assert non_working_reason(date(2025, 4, 20)) == "søndag og 1. påskedag"
    assert holiday_name(date(2025, 4, 22)) is None


@pytest.mark.parametrize("start,months,expected", [
    (date(2025, 1, 31), 1, date(2025, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2025, 8, 31), 6, date(2026, 2, 28)),
    (date(2026, 1, 1), -6, date(2025, 7, 1)),
    (date(2025, 3, 31), -1, date(2025, 2, 28)),
    (date(2025, 12, 15), 1, date(2026, 1, 15)),
    (date(2025, 1, 15), -1, date(2024, 12, 15)),
])
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


def test_add_years_leap_day():
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)


def test_format_date_no():
    assert format_date_no(date(2025, 4, 7), weekday=True) == "mandag 7. april 2025"


def test_round_half_up_not_bankers():
    assert round_kr(Decimal("1140.345")) == Decimal("1140.35")
    assert round_kr(Decimal("0.125")) == Decimal("0.13")
    assert round_kr(Decimal("65316.6666")) == Decimal("65316.67")


def test_format_kr():
    assert format_kr(Decimal("65316.67")) == "65 316,67 kr"
    assert format_kr(Decimal("1491000")) == "1 491 000 kr"
    assert format_kr(Decimal("337500.00")) == "337 500 kr"


@pytest.mark.parametrize("text,expected", [
    ("2025-03-03", date(2025, 3, 3)), ("03.03.2025", date(2025, 3, 3)), ("3.3.2025", date(2025, 3, 3)),
    (" 14.9.2025 ", date(2025, 9, 14)), (date(2025, 1, 1), date(2025, 1, 1)),
])
def test_parse_date_ok(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2025-02-30", "31.04.2025", "03/03/2025", "3. mars 2025", "20250303", "", "2025-3"])
def test_parse_date_bad(text):
    with pytest.raises(InputError) as info:
        parse_date(text, "fra_dato")
    assert info.value.field == "fra_dato"
    assert "«fra dato»" in str(info.value) and "fra_dato" not in str(info.value)  # named as users read it


def test_parse_int():
    assert parse_int("1 500", "liste", 1, 10000) == 1500
    assert parse_int(1500.0, "liste", 1, 10000) == 1500
    for bad in ("1.5", "abc", True, "0", "-1", "10001", "nan", "inf"):
        with pytest.raises(InputError) as info:
            parse_int(bad, "liste", 1, 10000)
        assert "1 til 10000" in str(info.value) or "fra 1 til 10000" in str(info.value)


def test_parse_share_and_bool_and_month():
    assert parse_share(0.15, "andel") == 0.15
    assert parse_share("15 %", "andel") == 0.15
    assert parse_share(50, "andel") == 0.5
    assert parse_share("0,2", "andel") == 0.2
    with pytest.raises(InputError):
        parse_share(0, "andel")
    assert parse_bool("ja", "alene") is True and parse_bool("nei", "alene") is False
    with pytest.raises(InputError):
        parse_bool("kanskje", "alene")
    assert parse_month("2025-3") == "2025-03" and parse_month("03.2025") == "2025-03"
