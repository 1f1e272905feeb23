"""Render a CalcResult as Norwegian plain text (CLI and simple UIs)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from assistant.calc.dates import format_date_no
from assistant.calc.money import format_number
from assistant.calc.result import CalcResult


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if value is None:
        return "–"
    if isinstance(value, (int, float, Decimal)):
        return format_number(value)
    if isinstance(value, date):
        return format_date_no(value)
    return str(value)


def render_text(result: CalcResult) -> str:
    lines = [result.summary, ""]
    if result.warnings:
        lines += ["Advarsler:"] + [f"  ! {w}" for w in result.warnings] + [""]
    if result.steps:
        lines += ["Utregning:"] + [f"  {s}" for s in result.steps] + [""]
    lines.append("Verdier:")
    lines += [f"  {key}: {_value_text(value)}" for key, value in result.values.items()]
    lines.append("")
    if result.sources:
        lines.append("Kilder:")
        lines += [f"  {s.title} pkt. {s.punkt}: «{s.quote}»" for s in result.sources]
        lines.append("")
    if result.valid_from or result.valid_to:
        start = format_date_no(result.valid_from) if result.valid_from else "?"
        end = format_date_no(result.valid_to) if result.valid_to else "inntil videre"
        lines += [f"Reglene som er brukt gjelder: {start}–{end}", ""]
    if result.conventions:
        lines += ["Forutsetninger:"] + [f"  - {c}" for c in result.conventions]
    return "\n".join(lines).rstrip() + "\n"


__all__ = ["render_text"]
