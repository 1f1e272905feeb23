"""The calculator forms (main column): run a calculator tool and shape the result like a chat answer.

The form result goes through the same ``run_tool`` the chat uses and is shown with the same
calculation card, so a form and a chat question with the same inputs show the same numbers.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from ..errors import AssistantError
from .render import VALUE_NAMES, format_date_no, format_value

OVERDRAGELSE_VARIANTS: dict[str, str] = {k: VALUE_NAMES[k] for k in ("overdragelse_pris", "overdragelse_tilbakekall")}
LISTE_MIN, LISTE_MAX = 1, 10_000


def parse_whole_number(text: str, label: str, lo: int, hi: int) -> int:
    """A whole number typed in a form field ("1500", "1 500") within [lo, hi].

    The form fields are plain text fields: the browser's own number field accepted 0, showed
    English range messages and read "1200,5" as 12005. The calculators' own parser refuses in
    Norwegian and names the field by the label given here (never an internal key).
    """
    from assistant.calc.parse import parse_int

    return parse_int(text, label, lo, hi)


def parse_date_no(text: str, label: str) -> date:
    """A date typed as DD.MM.ÅÅÅÅ (or ÅÅÅÅ-MM-DD); an impossible date (31.02.2025) is refused, never moved."""
    from assistant.calc.parse import parse_date

    return parse_date(text, label)


def run_calculator(tool: str, inputs: dict[str, Any], today: date | None) -> dict[str, Any]:
    """``run_tool(tool, inputs, today).to_dict()``; ``InputError`` passes through unchanged."""
    try:
        from assistant.calc.tools import run_tool
    except ImportError as e:
        raise AssistantError("Kalkulatorene er ikke installert i denne versjonen av assistenten.") from e
    return run_tool(tool, inputs, today).to_dict()


def _jsonable(inputs: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in inputs.items()}


def form_answer(tool: str, inputs: dict[str, Any], result: dict[str, Any], question: str) -> dict[str, Any]:
    """An ``Answer.to_dict()``-shaped record for a form calculation (no retrieval, no citations)."""
    return {
        "question": question,
        "answer": str(result.get("summary") or ""),
        "citations": [],
        "tool_calls": [
            {"name": tool, "inputs": _jsonable(inputs), "result": result, "sources": list(result.get("sources") or [])}
        ],
        "retrieved": [],
        "abstained": False,
        "follow_up": None,
        "notices": [],
        "timings_ms": {},
        "mode": "skjema",
    }


def basistilskudd_question(listeinnbyggere: int, dato: date) -> str:
    return f"Beregn basistilskudd for {format_value(int(listeinnbyggere))} listeinnbyggere per {format_date_no(dato)}."


def overdragelse_question(variant: str, fra_dato: date) -> str:
    what = OVERDRAGELSE_VARIANTS.get(variant, variant)
    return f"Frist ved overdragelse: {what[0].lower() + what[1:]} – {format_date_no(fra_dato)}."
