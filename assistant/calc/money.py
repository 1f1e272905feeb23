"""Money arithmetic in kroner: Decimal everywhere, rounded to øre with round-half-up.

Pure functions; no I/O. ``format_kr`` writes Norwegian style ("65 316,67 kr").
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ORE = Decimal("0.01")


def to_decimal(value: int | float | str | Decimal) -> Decimal:
    """Exact Decimal for ints/strings; floats go through ``str`` so 0.15 stays 0.15."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    return Decimal(value)


def round_kr(amount: Decimal) -> Decimal:
    """Round to whole øre, half up (0.005 → 0.01)."""
    return to_decimal(amount).quantize(ORE, rounding=ROUND_HALF_UP)


def format_number(value: Decimal | int | float, decimals: int | None = None) -> str:
    """Norwegian number: space as thousands separator, comma as decimal mark.

    ``decimals=None`` shows two decimals only when the value is not whole.
    """
    d = to_decimal(value)
    if decimals is None:
        decimals = 0 if d == d.to_integral_value() else 2
    q = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP) if decimals else d.quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    sign = "-" if q < 0 else ""
    text = f"{abs(q):,.{decimals}f}"  # 1,234.56
    text = text.replace(",", " ").replace(".", ",")
    return sign + text


def format_kr(amount: Decimal | int | float) -> str:
    return f"{format_number(amount)} kr"


def plain_number(value: Decimal) -> int | float:
    """JSON-friendly number: int when whole, else float with at most two decimals."""
    d = to_decimal(value)
    if d == d.to_integral_value():
        return int(d)
    return float(round_kr(d))


__all__ = ["ORE", "to_decimal", "round_kr", "format_number", "format_kr", "plain_number"]
