"""Phrasing benchmark for the calculators: ``python -m assistant bench tools FILE`` (e.g. ../shared/eval/tools.jsonl).

Items have ``kind`` calc | clarify | no_tool, ``lang``, ``tool`` and ``inputs`` (registry names), ``must_contain``
("|" separates alternatives) and ``missing`` (the input a clarify item lacks). Per item the question goes through
``ask()`` and is scored on: the tool chosen, its inputs, the values shown, a question back on clarify items, no
tool on no_tool items, and **wrong values stated as fact** (a tool result shown that lacks the expected values, or a
value computed although an input was missing). Even and odd ids are reported apart: develop on the even ones.

A value holding a digit matches only as a whole: "7. april 2025" does not match inside "17. april 2025", "760 230"
not inside "1 760 230". Scoring is pure (``score_tool_item``); only ``run_tools_bench`` calls the assistant.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .bench import squash, value_matches
from .normalize import translate_english


def _whole(alt: str, text: str) -> bool:
    """``alt`` occurs in (squashed) ``text``; one holding a digit only as a whole value (øre may follow)."""
    a = squash(alt).strip()
    if not a:
        return False
    if not re.search(r"\d", a):
        return a in text
    before = r"(?<!\d)(?<!\d[.,])" if re.match(r"\d", a) else ""
    after = r"(?!\d)(?!\.\d)(?!,\d{3})" if re.search(r"\d$", a) else ""
    return re.search(before + re.escape(a) + after, text) is not None


def holds_values(answer: str, groups: Sequence[str]) -> tuple[bool, list[str]]:
    """(every group has an alternative in ``answer`` as a whole value, the groups missing)."""
    text = squash(answer)
    missing = [g for g in groups if not any(_whole(alt, text) for alt in g.split("|") if alt.strip())]
    return not missing, missing


def inputs_match(expected: dict[str, Any], got: dict[str, Any]) -> bool:
    """Every expected input has the same value in ``got`` (a boolean False may be left out: it is the default; a
    share may be written as a percent or a fraction, "15" or 0.15; a step's extra keys are the tool's defaults)."""
    for key, want in expected.items():
        if key not in got or got[key] is None:
            if want is False or want is None:
                continue
            return False
        have = got[key]
        if "andel" in key and isinstance(want, (int, float)) and isinstance(have, (int, float)) and want > 1 >= have:
            have = have * 100
        if not value_matches(want, have):
            return False
    return True


@dataclass
class ToolItemResult:
    id: str
    kind: str
    lang: str
    half: str
    tool_ok: bool | None = None
    inputs_ok: bool | None = None
    values_ok: bool | None = None
    clarified: bool | None = None
    tool_on_no_tool: bool | None = None
    wrong_fact: bool = False
    routed: bool = False
    missing: list[str] = field(default_factory=list)
    question: str = ""
    got: str = ""


def _half(item_id: str) -> str:
    m = re.search(r"(\d+)\s*$", item_id)
    return "partall" if m and int(m.group(1)) % 2 == 0 else "oddetall"


def score_tool_item(item: dict[str, Any], answer: dict[str, Any]) -> ToolItemResult:
    kind = item.get("kind", "")
    r = ToolItemResult(id=item.get("id", "?"), kind=kind, lang=item.get("lang", ""), half=_half(item.get("id", "")),
                       question=item.get("question", ""))
    calls = answer.get("tool_calls") or []
    asked_back = bool(answer.get("follow_up"))
    shown = bool(calls) and not asked_back and any((c.get("result") or {}).get("values") for c in calls)
    call = calls[-1] if calls else {}
    r.routed = bool(calls)
    r.got = f"{call.get('name', '')} {call.get('inputs', {})}" if calls else ("spør tilbake" if asked_back else "søk")
    text = (answer.get("answer") or "") + " " + (answer.get("follow_up") or "")
    if kind == "calc":
        expected = item.get("inputs") or {}
        same_tool = call.get("name") == item.get("tool")
        variant = expected.get("variant")
        r.tool_ok = bool(calls) and same_tool and (variant is None or (call.get("inputs") or {}).get("variant") == variant)
        r.inputs_ok = bool(r.tool_ok) and inputs_match(expected, call.get("inputs") or {})
        if calls:
            r.values_ok, r.missing = holds_values(text, item.get("must_contain") or [])
            r.wrong_fact = shown and not r.values_ok
    elif kind == "clarify":
        groups = item.get("must_contain") or []
        if item.get("lang") == "en":  # the assistant asks back in bokmål: an English word counts in its bokmål form
            groups = ["|".join(dict.fromkeys([*g.split("|"), *(translate_english(a.lower(), True) for a in g.split("|"))]))
                      for g in groups]
        words_ok, r.missing = holds_values(answer.get("follow_up") or text, groups)
        r.clarified = asked_back and words_ok
        r.wrong_fact = shown
    elif kind == "no_tool":
        r.tool_on_no_tool = shown
    return r


def _share(flags: Sequence[bool | None]) -> str:
    vals = [bool(f) for f in flags if f is not None]
    return f"{sum(vals)}/{len(vals)} = {sum(vals) / len(vals):.2f}" if vals else "0/0"


def format_tools_report(results: Sequence[ToolItemResult]) -> str:
    lines: list[str] = []
    for half in ("partall", "oddetall", "alle"):
        rs = [r for r in results if half == "alle" or r.half == half]
        calc = [r for r in rs if r.kind == "calc"]
        routed = [r for r in calc if r.routed]
        lines += [
            f"== {half} id-er ({len(rs)} spørsmål) ==",
            f"verktøy riktig (beregning): {_share([r.tool_ok for r in calc])}",
            f"verktøy + inndata eksakt: {_share([r.inputs_ok for r in calc])}",
            f"verdier eksakte blant rutede: {_share([r.values_ok for r in routed])}",
            f"verdier eksakte av alle beregninger: {_share([bool(r.values_ok) for r in calc])}",
            f"spør tilbake (clarify): {_share([r.clarified for r in rs if r.kind == 'clarify'])}",
            f"verktøy på no_tool: {_share([r.tool_on_no_tool for r in rs if r.kind == 'no_tool'])}",
            f"feil verdi oppgitt som fakta: {sum(r.wrong_fact for r in rs)}",
        ]
        for lang in ("nb", "nn", "en"):
            lc = [r for r in calc if r.lang == lang]
            if lc:
                lines.append(f"  {lang}: verdier eksakte {_share([bool(r.values_ok) for r in lc])}")
    fails = []
    for r in results:
        if r.half != "partall":
            continue  # only the development half is listed one by one
        why = []
        if r.kind == "calc" and not r.values_ok:
            why.append("verdi mangler" if r.routed else "ikke rutet")
        if r.kind == "calc" and r.tool_ok and not r.inputs_ok:
            why.append("inndata")
        if r.kind == "clarify" and not r.clarified:
            why.append("spurte ikke tilbake")
        if r.tool_on_no_tool:
            why.append("verktøy på no_tool")
        if r.wrong_fact:
            why.append("FEIL SOM FAKTA")
        if why:
            fails.append(f"- {r.id} [{r.kind}/{r.lang}] {', '.join(why)}: {r.question[:80]} → {r.got[:90]}")
    lines.append(f"Feil blant partall-id-ene ({len(fails)}):")
    lines += fails or ["- ingen"]
    return "\n".join(lines)


def run_tools_bench(path: str | Path, assistant: Any) -> str:
    from ..bench import load_items

    results = [score_tool_item(item, assistant.ask(item["question"]).to_dict()) for item in load_items(Path(path))]
    return format_tools_report(results)


__all__ = ["run_tools_bench", "score_tool_item", "format_tools_report", "holds_values", "inputs_match"]
