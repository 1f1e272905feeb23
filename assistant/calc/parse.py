"""Parsing and validation of user input (dates, numbers, shares) with Norwegian messages.

Every failure raises ``InputError(message, field=...)`` naming the field (by its Norwegian name, never the
internal key) and the allowed form/range.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from assistant.calc.labels import field_name
from assistant.errors import InputError

DATE_FORMS = "ÅÅÅÅ-MM-DD (2025-03-03), DD.MM.ÅÅÅÅ (03.03.2025) eller D.M.ÅÅÅÅ (3.3.2025)"
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NO = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_date(value: Any, field: str = "dato") -> date:
    """Accept a ``date`` or text as ISO, dd.mm.yyyy or d.m.yyyy; anything else is an InputError."""
    name = field_name(field)  # how the message names the field
    if isinstance(value, date):
        return value
    text = str(value).strip()
    m = _ISO.match(text)
    if m:
        year, month, day = (int(g) for g in m.groups())
    else:
        m = _NO.match(text)
        if not m:
            raise InputError(f"Ugyldig dato i «{name}»: «{text}». Bruk {DATE_FORMS}.", field=field)
        day, month, year = (int(g) for g in m.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError(
            f"Datoen «{text}» i «{name}» finnes ikke (sjekk dag og måned; f.eks. har februar 2025 bare 28 dager).",
            field=field,
        ) from None


def parse_month(value: Any, field: str = "maaned") -> str:
    """'2025-03', '3.2025' or '03.2025' → '2025-03'."""
    name = field_name(field)  # how the message names the field
    text = str(value).strip()
    m = _MONTH.match(text)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
    else:
        m = re.match(r"^(\d{1,2})\.(\d{4})$", text)
        if not m:
            raise InputError(f"Ugyldig måned i «{name}»: «{text}». Bruk ÅÅÅÅ-MM, f.eks. 2025-03.", field=field)
        month, year = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        raise InputError(f"Måneden «{text}» i «{name}» finnes ikke. Måned må være 01–12.", field=field)
    return f"{year:04d}-{month:02d}"


def parse_int(value: Any, field: str, minimum: int, maximum: int) -> int:
    """Whole number in [minimum, maximum]; accepts '1 500' and '1500'; rejects 1.5, 'abc', True."""
    name = field_name(field)  # how the message names the field
    if isinstance(value, bool):
        raise InputError(f"«{name}» må være et heltall fra {minimum} til {maximum}.", field=field)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise InputError(f"«{name}» må være et heltall fra {minimum} til {maximum} (fikk «{value}»).", field=field) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise InputError(f"«{name}» må være et heltall fra {minimum} til {maximum} (fikk «{value}»).", field=field)
    result = int(number)
    if not minimum <= result <= maximum:
        raise InputError(f"«{name}» må være fra {minimum} til {maximum} (fikk {result}).", field=field)
    return result


def parse_number(value: Any, field: str, minimum: float, maximum: float, *, exclusive_min: bool = False) -> float:
    """Decimal number (comma or point) within the range."""
    name = field_name(field)  # how the message names the field
    if isinstance(value, bool):
        raise InputError(f"«{name}» må være et tall.", field=field)
    text = str(value).strip().replace(" ", "").replace(",", ".").rstrip("%")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise InputError(f"«{name}» må være et tall (fikk «{value}»).", field=field) from None
    low_ok = number > Decimal(str(minimum)) if exclusive_min else number >= Decimal(str(minimum))
    if not number.is_finite() or not low_ok or number > Decimal(str(maximum)):
        lower = f"over {minimum}" if exclusive_min else f"fra {minimum}"
        raise InputError(f"«{name}» må være {lower} til og med {maximum} (fikk «{value}»).", field=field)
    return float(number)


def parse_share(value: Any, field: str) -> float:
    """A share as 0–1 or percent (0–100]: 0.15, 15, '15 %' → 0.15."""
    number = parse_number(value, field, 0, 100, exclusive_min=True)
    text = str(value)
    if "%" in text or number > 1:
        return float(Decimal(str(number)) / 100)
    return number


def parse_bool(value: Any, field: str) -> bool:
    name = field_name(field)  # how the message names the field
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("ja", "j", "true", "1", "yes", "sann"):
        return True
    if text in ("nei", "n", "false", "0", "no", "usann"):
        return False
    raise InputError(f"«{name}» må være ja eller nei (fikk «{value}»).", field=field)


__all__ = ["DATE_FORMS", "parse_date", "parse_month", "parse_int", "parse_number", "parse_share", "parse_bool"]
