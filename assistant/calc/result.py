"""CalcResult: what every calculator returns (values, Norwegian worked steps, sources, validity)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from assistant.calc.dates import format_date_no, format_period_no
from assistant.calc.money import plain_number
from assistant.calc.rules import RuleBook, RuleEntry
from assistant.errors import InputError


@dataclass(frozen=True)
class SourceRef:
    doc_id: str
    title: str
    punkt: str
    quote: str

    def to_dict(self) -> dict[str, str]:
        return {"doc_id": self.doc_id, "title": self.title, "punkt": self.punkt, "quote": self.quote}


def _plain(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class CalcResult:
    tool: str
    inputs: dict[str, Any]
    values: dict[str, Any]
    summary: str
    steps: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None
    warnings: tuple[str, ...] = ()
    conventions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "tool": self.tool,
            "inputs": _plain(self.inputs),
            "values": _plain(self.values),
            "summary": self.summary,
            "steps": list(self.steps),
            "sources": [s.to_dict() for s in self.sources],
            "validity": {"valid_from": _plain(self.valid_from), "valid_to": _plain(self.valid_to)},
            "warnings": list(self.warnings),
            "conventions": list(self.conventions),
        }


@dataclass
class ResultBuilder:
    """Collects sources/warnings/steps while a calculator runs; ``build`` freezes them."""

    tool: str
    rules: RuleBook
    inputs: dict[str, Any]
    steps: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    conventions: list[str] = field(default_factory=list)
    _sources: list[SourceRef] = field(default_factory=list)
    _valid_from: date | None = None
    _valid_to: date | None = None
    _validity_set: bool = False
    _dated: list[RuleEntry] = field(default_factory=list)  # entries cited with validity=True
    lead: list[str] = field(default_factory=list)  # sentences the answer must open with (no rules for the date)

    def cite(self, entry: RuleEntry, *, validity: bool = True) -> RuleEntry:
        ref = SourceRef(entry.source.document, self.rules.title_of(entry), entry.source.punkt, entry.source.quote)
        same_doc = [s for s in self._sources if s.doc_id == ref.doc_id and s.punkt == ref.punkt]
        if not any(ref.quote in s.quote for s in same_doc):
            # a longer quote replaces a shorter one it contains
            self._sources = [s for s in self._sources if not (s in same_doc and s.quote in ref.quote)]
            self._sources.append(ref)
        if validity and (entry.valid_from or entry.valid_to):
            self._dated.append(entry)
            # validity of the result = intersection of the dated rules used
            if not self._validity_set:
                self._valid_from, self._valid_to, self._validity_set = entry.valid_from, entry.valid_to, True
            else:
                if entry.valid_from and (self._valid_from is None or entry.valid_from > self._valid_from):
                    self._valid_from = entry.valid_from
                if entry.valid_to and (self._valid_to is None or entry.valid_to < self._valid_to):
                    self._valid_to = entry.valid_to
        return entry

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def step(self, text: str) -> None:
        self.steps.append(text)

    def _period_sentence(self, summary: str) -> str:
        """The answer's first line says when the sources have no rates for the date asked, and otherwise names
        the document and period the rates come from."""
        dato = self.inputs.get("dato")
        bounded = [e for e in self._dated if e.valid_from and e.valid_to]
        if not bounded:
            return summary
        main = bounded[0]
        title = self.rules.title_of(main)
        period = format_period_no(main.valid_from, main.valid_to)
        uncovered = [e for e in bounded if isinstance(dato, date) and not e.covers(dato)]
        if uncovered:
            return (f"Kildene har ingen satser for {format_date_no(dato)}; beløpet er et anslag med satsene fra "
                    f"{title} (gjaldt {period}). {summary}")
        what = "Satsene" if "dato" in self.inputs else "Reglene"
        return " ".join([*self.lead, f"{summary} {what} er fra {title} og gjelder {period}."])

    def no_rates(self, what: str, dato: date, *rule_ids: str) -> RatesNotInSources:
        """The date asked is before every period the rule file holds for ``rule_ids``: an answer that says which
        periods the sources have (cited), with no amount. Raise the returned exception."""
        entries = sorted((e for rid in rule_ids for e in self.rules.entries(rid)),
                         key=lambda e: (e.valid_from or date.min, e.valid_to or date.max))
        periods: list[str] = []
        for entry in entries:
            self.cite(entry, validity=False)
            text = f"{format_period_no(entry.valid_from, entry.valid_to)} ({self.rules.title_of(entry)})"
            if text not in periods:
                periods.append(text)
        first = entries[0].valid_from
        listed = periods[0] if len(periods) == 1 else ", ".join(periods[:-1]) + " og " + periods[-1]
        summary = (f"Kildene har ingen satser for {what} for {format_date_no(dato)}. Satsene i kildene gjelder "
                   f"{listed}; for tiden før {format_date_no(first)} har kildene ingen satser, så beløpet kan ikke "
                   "regnes ut herfra.")
        values = {"ingen_satser": True, "satser_gjelder_fra": first, "perioder": periods}
        result = CalcResult(tool=self.tool, inputs=dict(self.inputs), values=values, summary=summary, steps=(),
                            sources=tuple(self._sources), valid_from=first, valid_to=entries[-1].valid_to,
                            warnings=(), conventions=())
        return RatesNotInSources(result)

    def build(self, values: dict[str, Any], summary: str) -> CalcResult:
        return CalcResult(
            tool=self.tool,
            inputs=dict(self.inputs),
            values=dict(values),
            summary=self._period_sentence(summary),
            steps=tuple(self.steps),
            sources=tuple(self._sources),
            valid_from=self._valid_from,
            valid_to=self._valid_to,
            warnings=tuple(self.warnings),
            conventions=tuple(self.conventions),
        )


class RatesNotInSources(InputError):
    """A rate asked for a date before every rate period the sources hold. ``Tool.run`` answers with ``result``
    (which periods the sources have); a caller of a calculator function sees an ``InputError`` with that text."""

    def __init__(self, result: CalcResult):
        super().__init__(result.summary, field="dato")
        self.result = result


__all__ = ["SourceRef", "CalcResult", "ResultBuilder", "RatesNotInSources"]
