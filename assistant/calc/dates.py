"""Date arithmetic for deadlines and Norwegian public holidays (computed, no network).

Conventions (also stated in every deadline result, see ``DEADLINE_CONVENTIONS``):
weeks are 7 days; months are calendar months clamped to the month's last day;
the triggering day is day 0; deadlines are never moved for weekends or holidays.
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta

WEEKDAYS_NO = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS_NO = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)

DEADLINE_CONVENTIONS = (
    "En uke regnes som 7 dager.",
    "Måneder og år regnes som kalendermåneder fra dato til dato; finnes ikke dagen i målmåneden, "
    "brukes månedens siste dag (f.eks. 31. januar + 1 måned = 28./29. februar).",
    "Dagen fristen regnes fra, er dag 0.",
    "Fristen flyttes ikke når den faller på en lørdag, søndag eller helligdag; resultatet sier fra når det skjer.",
)


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm / Meeus–Jones–Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def norwegian_holidays(year: int) -> dict[date, str]:
    """Norwegian public holidays (helligdager and offentlige høytidsdager) in ``year``."""
    easter = easter_sunday(year)
    movable = {
        -3: "skjærtorsdag",
        -2: "langfredag",
        0: "1. påskedag",
        1: "2. påskedag",
        39: "Kristi himmelfartsdag",
        49: "1. pinsedag",
        50: "2. pinsedag",
    }
    holidays = {easter + timedelta(days=offset): name for offset, name in movable.items()}
    holidays.update({
        date(year, 1, 1): "1. nyttårsdag",
        date(year, 5, 1): "1. mai (offentlig høytidsdag)",
        date(year, 5, 17): "17. mai (grunnlovsdag)",
        date(year, 12, 25): "1. juledag",
        date(year, 12, 26): "2. juledag",
    })
    return holidays


def holiday_name(day: date) -> str | None:
    return norwegian_holidays(day.year).get(day)


def non_working_reason(day: date) -> str | None:
    """'lørdag', 'søndag' or the holiday name when ``day`` is not an ordinary weekday."""
    name = holiday_name(day)
    if name:
        return name if day.weekday() < 5 else f"{WEEKDAYS_NO[day.weekday()]} og {name}"
    if day.weekday() >= 5:
        return WEEKDAYS_NO[day.weekday()]
    return None


def add_months(start: date, months: int) -> date:
    """Calendar months (negative = backwards), clamped to the target month's last day."""
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    if year < 1 or year > 9999:
        raise OverflowError("dato utenfor gyldig område")
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(start.day, last))


def add_years(start: date, years: int) -> date:
    return add_months(start, 12 * years)


def add_weeks(start: date, weeks: int) -> date:
    return start + timedelta(days=7 * weeks)


def add_days(start: date, days: int) -> date:
    return start + timedelta(days=days)


def format_date_no(day: date, weekday: bool = False) -> str:
    """'7. april 2025' or, with ``weekday``, 'mandag 7. april 2025'."""
    text = f"{day.day}. {MONTHS_NO[day.month - 1]} {day.year}"
    return f"{WEEKDAYS_NO[day.weekday()]} {text}" if weekday else text


__all__ = [
    "DEADLINE_CONVENTIONS", "easter_sunday", "norwegian_holidays", "holiday_name", "non_working_reason",
    "add_months", "add_years", "add_weeks", "add_days", "format_date_no", "format_period_no",
]


def format_period_no(start: date | None, end: date | None) -> str:
    """«1. juli 2022–30. juni 2023»; an open end reads «inntil videre»."""
    return f"{format_date_no(start) if start else 'ukjent start'}–{format_date_no(end) if end else 'inntil videre'}"
