"""Answers benchmark over a gold file (JSON lines): ``run_answers_bench(path, assistant) -> str``.

Per item: ``question``, ``type`` ("unanswerable" means the assistant must refuse), ``must_contain`` (groups;
"|" separates alternatives; compared case-insensitively with spaces inside numbers removed), ``sources``
(gold quotes, for retrieval hit@k/MRR), ``tool`` ({"expected": {key: value}} compared with the values of any
tool call: numbers within 0.01, dates as ISO, booleans exactly).
The scoring functions are pure and tested; only ``run_answers_bench`` calls the assistant.
"""
from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..bench import load_items, percentile
from .citations import normalize_ws


def squash(text: str) -> str:
    """Lower-case, whitespace-normalised, spaces inside numbers removed ("65 316,67" → "65316,67")."""
    t = normalize_ws(text).lower()
    return re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d)", "", t)


def contains_all(answer: str, groups: Sequence[str]) -> tuple[bool, list[str]]:
    """(all groups present, missing groups)."""
    a = squash(answer)
    missing = [g for g in groups if not any(squash(alt) in a for alt in g.split("|") if alt.strip())]
    return not missing, missing


def value_matches(expected: Any, actual: Any) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual or expected == actual
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return abs(float(expected) - float(actual)) <= 0.01
    if isinstance(expected, dict) and isinstance(actual, dict):  # a step: its keys left out are the tool's defaults
        return all(k in actual and value_matches(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, (list, tuple)) and isinstance(actual, (list, tuple)):
        return len(expected) == len(actual) and all(value_matches(e, a) for e, a in zip(expected, actual))
    if isinstance(expected, (int, float)) and isinstance(actual, str):
        try:
            return abs(float(expected) - float(actual.replace(" ", "").replace(",", "."))) <= 0.01
        except ValueError:
            return False
    return str(expected).strip() == str(actual).strip()


def tool_values_match(expected: dict[str, Any], tool_calls: Sequence[dict[str, Any]]) -> bool:
    """Some tool call's result values contain every expected value."""
    for call in tool_calls:
        values = (call.get("result") or {}).get("values") or {}
        if all(k in values and value_matches(v, values[k]) for k, v in expected.items()):
            return True
    return False


def gold_rank(passages: Sequence[dict[str, Any]], quotes: Sequence[str]) -> int | None:
    """1-based rank of the first passage containing a gold quote (whitespace-insensitive), else None."""
    qs = [normalize_ws(q) for q in quotes if q and len(q.strip()) >= 12]
    for i, p in enumerate(passages, start=1):
        text = normalize_ws(p.get("text", ""))
        if any(q in text or (len(q) > 50 and (q[:40] in text or q[-40:] in text)) for q in qs):
            return i
    return None


def citations_ok(citations: Sequence[dict[str, Any]]) -> bool:
    return bool(citations) and all((c.get("quote") or "").strip() or (c.get("section") or "").strip() for c in citations)


@dataclass
class ItemResult:
    id: str
    kind: str
    answered_ok: bool | None = None
    missing: list[str] = field(default_factory=list)
    cited_ok: bool | None = None
    tool_ok: bool | None = None
    abstained: bool = False
    rank: int | None = None
    has_gold: bool = False
    ms: float = 0.0
    question: str = ""
    lang: str = ""


def score_item(item: dict[str, Any], answer: dict[str, Any], ms: float, k: int) -> ItemResult:
    unanswerable = item.get("type") == "unanswerable"
    r = ItemResult(id=item.get("id", "?"), kind=item.get("type", ""), abstained=bool(answer.get("abstained")),
                   ms=ms, question=item.get("question", ""), lang=item.get("lang") or "")
    quotes = [s.get("quote", "") for s in item.get("sources") or []]
    if quotes and not unanswerable:
        r.has_gold = True
        rank = gold_rank((answer.get("retrieved") or [])[:k], quotes)
        r.rank = rank
    if item.get("must_contain") and not unanswerable:
        text = answer.get("answer", "") + " " + (answer.get("follow_up") or "")
        r.answered_ok, r.missing = contains_all(text, item["must_contain"])
        if r.abstained:
            r.answered_ok = False
    if not unanswerable and not r.abstained:
        r.cited_ok = citations_ok(answer.get("citations") or [])
    tool = item.get("tool")
    if tool and tool.get("expected"):
        r.tool_ok = tool_values_match(tool["expected"], answer.get("tool_calls") or [])
    return r


def _rate(flags: Sequence[bool | None]) -> tuple[float, int, int]:
    vals = [f for f in flags if f is not None]
    return (sum(vals) / len(vals) if vals else 0.0), sum(vals), len(vals)


def format_report(results: Sequence[ItemResult], k: int) -> str:
    gold = [r for r in results if r.has_gold]
    hits = sum(1 for r in gold if r.rank is not None)
    mrr = sum(1 / r.rank for r in gold if r.rank) / len(gold) if gold else 0.0
    ans = _rate([r.answered_ok for r in results])
    cit = _rate([r.cited_ok for r in results])
    tool = _rate([r.tool_ok for r in results])
    unans = [r for r in results if r.kind == "unanswerable"]
    answerable = [r for r in results if r.kind != "unanswerable"]
    abst = sum(r.abstained for r in unans)
    false_ref = sum(r.abstained for r in answerable)
    ms = [r.ms for r in results]
    lines = [
        f"Spørsmål: {len(results)}",
        f"Gjenfinning: treff@{k} {hits}/{len(gold)} = {hits / len(gold) if gold else 0:.2f}, MRR {mrr:.2f}",
        f"Svarrate (alle must_contain): {ans[1]}/{ans[2]} = {ans[0]:.2f}",
        f"Kilderate: {cit[1]}/{cit[2]} = {cit[0]:.2f}",
        f"Verktøyrate: {tool[1]}/{tool[2]} = {tool[0]:.2f}",
        f"Avstått på ubesvarbare: {abst}/{len(unans)}",
        f"Feilaktige avslag: {false_ref}/{len(answerable)} = {false_ref / len(answerable) if answerable else 0:.2f}",
        f"Svartid: p50 {percentile(ms, 50):.0f} ms, p95 {percentile(ms, 95):.0f} ms",
    ]
    for lang in sorted({r.lang for r in results if r.lang}):
        rs = [r for r in results if r.lang == lang]
        a = _rate([r.answered_ok for r in rs])
        u = [r for r in rs if r.kind == "unanswerable"]
        lines.append(f"  {lang}: svarrate {a[1]}/{a[2]} = {a[0]:.2f}, avstått på ubesvarbare {sum(r.abstained for r in u)}/{len(u)}")
    fails = []
    for r in results:
        why = []
        if r.answered_ok is False:
            why.append("refusert" if r.abstained else f"mangler {r.missing}")
        if r.cited_ok is False:
            why.append("kilder mangler")
        if r.tool_ok is False:
            why.append("verktøy feil/mangler")
        if r.kind == "unanswerable" and not r.abstained:
            why.append("svarte på ubesvarbart")
        if r.has_gold and r.rank is None:
            why.append(f"gullkilde ikke i topp {k}")
        if why:
            fails.append(f"- {r.id}: {'; '.join(why)} — {r.question[:90]}")
    lines.append(f"Feil ({len(fails)}):")
    lines += fails or ["- ingen"]
    return "\n".join(lines)


def run_answers_bench(path: str | Path, assistant: Any, k: int = 5) -> str:
    """Ask every question once (after one warm-up) and return the Norwegian report."""
    items = load_items(path)
    if items:
        assistant.ask(items[0]["question"])  # warm-up: model load and caches are not part of latency
    results = []
    for item in items:
        t0 = time.perf_counter()
        answer = assistant.ask(item["question"]).to_dict()
        ms = (time.perf_counter() - t0) * 1000
        results.append(score_item(item, answer, ms, k))
    return format_report(results, k)


def bench_numbers(report: str) -> dict[str, float]:
    """Parse the headline numbers back out of a report (used by the end-to-end test), as exact fractions."""
    out: dict[str, float] = {}
    for key, label in (("answer_rate", r"Svarrate \(alle must_contain\)"), ("citation_rate", "Kilderate"),
                       ("tool_rate", "Verktøyrate"), ("abstention_rate", "Avstått på ubesvarbare"),
                       ("false_refusal_rate", "Feilaktige avslag")):
        m = re.search(rf"{label}: (\d+)/(\d+)", report)
        if m:
            out[key] = int(m.group(1)) / max(1, int(m.group(2)))
    return out


__all__ = ["run_answers_bench", "score_item", "format_report", "contains_all", "tool_values_match", "gold_rank",
           "bench_numbers"]
