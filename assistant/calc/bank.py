"""Check a calculator bank item straight through the registry (no language parsing).

An item (one line of ``tools.jsonl``) names a ``tool``, its ``inputs`` and ``must_contain`` groups ("|"
separates alternatives). ``check_item(item)`` runs ``run_tool(tool, inputs)``, renders the result as the CLI
does (``render_text``) and reports which groups are missing. A value that holds a digit matches only as a
whole: "7. april 2025" does not match inside "17. april 2025", "56 295" does not match inside "156 295"; an
amount's integer part followed by its decimals ("56 295" in "56 295,33") counts as a match.
Pure functions apart from ``load_bank`` (reads the file).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from assistant.calc.render import render_text
from assistant.calc.tools import resolve_tool
from assistant.errors import InputError

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_DIGIT_GAP = re.compile(r"(?<=\d) (?=\d)")


def normalize(text: str) -> str:
    """Lower-case, one space for any run of whitespace, no spaces between digits ("65 316,67" → "65316,67")."""
    return _DIGIT_GAP.sub("", _SPACES.sub(" ", text).lower())


def _whole_at(text: str, start: int, end: int) -> bool:
    """The match text[start:end] is not part of a longer number on either side."""
    before = text[start - 1] if start > 0 else ""
    if before.isdigit() or (before in ".," and start > 1 and text[start - 2].isdigit()):
        return False
    after = text[end] if end < len(text) else ""
    if after.isdigit():
        return False
    if after in ".," and end + 1 < len(text) and text[end + 1].isdigit():
        # an amount's decimals after the expected integer part are fine ("56295" in "56295,33"); a further
        # date or thousands group is not ("10.5" in "10.5.2027"), nor more decimals after given ones
        return after == "," and "," not in text[start:end]
    return True


def contains_value(text: str, value: str) -> bool:
    """``value`` occurs in ``text`` (normalised); when it holds a digit, only as a whole token."""
    hay, needle = normalize(text), normalize(value).strip()
    if not needle:
        return False
    if not any(ch.isdigit() for ch in needle):
        return needle in hay
    start = hay.find(needle)
    while start != -1:
        if _whole_at(hay, start, start + len(needle)):
            return True
        start = hay.find(needle, start + 1)
    return False


def missing_groups(text: str, groups: Iterable[str]) -> list[str]:
    """The must_contain groups none of whose alternatives occur in ``text``."""
    return [g for g in groups if not any(contains_value(text, alt) for alt in g.split("|") if alt.strip())]


@dataclass(frozen=True)
class BankResult:
    id: str
    tool: str
    status: str  # "ok" | "unknown_inputs" (names the registry lacks) | "refused" (InputError) | "differs"
    missing: tuple[str, ...] = ()
    unknown_inputs: tuple[str, ...] = ()
    error: str = ""
    text: str = ""

    @property
    def ok(self) -> bool:
        """All must_contain values shown; a refusal counts when its message holds them (e.g. "no rate before …")."""
        return self.status in ("ok", "refused") and not self.missing

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "tool": self.tool, "status": self.status, "ok": self.ok,
                "missing": list(self.missing), "unknown_inputs": list(self.unknown_inputs), "error": self.error}


def check_item(item: dict[str, Any], today: date | None = None) -> BankResult:
    """Run the item's tool with its inputs through the registry and check its must_contain values."""
    item_id, name = str(item.get("id", "?")), str(item.get("tool"))
    groups = item.get("must_contain") or []
    try:
        tool, inputs = resolve_tool(name, dict(item.get("inputs") or {}))
    except InputError as exc:
        return BankResult(item_id, name, "unknown_inputs", missing=tuple(groups), unknown_inputs=(name,), error=str(exc))
    unknown = tuple(k for k in inputs if k not in tool.input_model.model_fields)
    if unknown:
        return BankResult(item_id, name, "unknown_inputs", missing=tuple(groups), unknown_inputs=unknown)
    try:
        result = tool.run(inputs, today=today)
    except InputError as exc:
        missing = tuple(missing_groups(str(exc), groups))
        return BankResult(item_id, name, "refused", missing=missing, error=str(exc), text=str(exc))
    text = render_text(result)
    missing = tuple(missing_groups(text, groups))
    return BankResult(item_id, name, "differs" if missing else "ok", missing=missing, text=text)


def load_bank(path: Path | str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def _id_number(item_id: str) -> int | None:
    digits = re.findall(r"\d+", item_id)
    return int(digits[-1]) if digits else None


def check_bank(items: Sequence[dict[str, Any]], today: date | None = None) -> list[BankResult]:
    """``check_item`` for every ``calc`` item (other kinds have no values to compute)."""
    return [check_item(it, today) for it in items if it.get("kind", "calc") == "calc" and it.get("tool")]


def _parity(result: BankResult) -> int:
    return (_id_number(result.id) or 0) % 2


def summarize(results: Sequence[BankResult]) -> str:
    """Norwegian report: counts for even and odd ids; details only for the even (development) ids."""
    lines = [f"Kalkulatorbanken direkte gjennom registeret: {len(results)} beregningsoppgaver"]
    for label, parity in (("partall (utvikling)", 0), ("oddetall (bare målt samlet)", 1)):
        part = [r for r in results if _parity(r) == parity]
        lines.append(
            f"  {label}: {sum(r.ok for r in part)}/{len(part)} riktige · "
            f"ukjente inndatanavn {sum(r.status == 'unknown_inputs' for r in part)} · "
            f"avvist av registeret {sum(r.status == 'refused' and not r.ok for r in part)} · "
            f"verdier mangler {sum(r.status == 'differs' for r in part)}")
    even = [r for r in results if _parity(r) == 0 and not r.ok]
    if even:
        lines.append("Avvik i partallsoppgavene:")
        for r in even:
            if r.status == "unknown_inputs":
                why = "ukjente inndata " + ", ".join(r.unknown_inputs)
            elif r.status == "refused":
                why = f"avvist ({r.error}); mangler " + "; ".join(r.missing)
            else:
                why = "mangler " + "; ".join(r.missing)
            lines.append(f"  {r.id} ({r.tool}): {why}")
    odd = [r for r in results if _parity(r) == 1 and not r.ok]
    if odd:
        lines.append("Oddetallsoppgaver som ikke stemmer (bare id og verktøy): "
                     + ", ".join(f"{r.id} ({r.tool}, {r.status})" for r in odd))
    return "\n".join(lines)


def run_calc_bank(path: Path | str, today: date | None = None) -> str:
    return summarize(check_bank(load_bank(path), today))


__all__ = ["normalize", "contains_value", "missing_groups", "BankResult", "check_item", "load_bank", "check_bank",
           "summarize", "run_calc_bank"]
