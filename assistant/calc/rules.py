"""Strict loader for the rates/rules data file (``rules.yaml``).

The file has two top-level keys:

``documents``  – manifest id → citation title, e.g. ``asa4301-2022: "Statsavtalen (ASA 4301) 2022–2023"``
``rules``      – a list of entries: id, description, value, unit, valid_from, valid_to, source, (note)
``set``        – only in accepted/proposed sets (``assistant.calc.rulesets``): the document and period of the set

Every entry must carry ``source {document, punkt, quote}`` where the quote is verbatim corpus text.
Loading fails with ``RulesError`` naming the entry on an unknown key, a missing field or source,
an unknown document, ``valid_to`` before ``valid_from``, or overlapping validity for the same id.
Adding next year's rates means adding entries with new validity periods; no code changes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.errors import RulesError

DEFAULT_RULES_PATH = Path(__file__).with_name("rules.yaml")


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    document: str
    punkt: str
    quote: str
    title: str = ""  # filled from ``documents`` when empty


class RuleSetInfo(BaseModel):
    """The ``set`` block of a rules set proposed from (and accepted for) one document."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    document: str
    valid_from: date
    valid_to: date | None = None
    previous_document: str = ""
    unreadable: list[str] = []
    accepted_at: str = ""


class RuleEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    description: str
    value: bool | int | float | str
    unit: str
    valid_from: date | None = None
    valid_to: date | None = None
    source: Source
    note: str = ""

    def covers(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True)
class Lookup:
    """The entry used for a date, and whether the date lies outside its validity."""

    entry: RuleEntry
    outside: bool = False  # the date is not covered by any entry: nearest entry used
    before_all: bool = False  # the date is earlier than every entry


def _problem_no(err: dict[str, Any]) -> str:
    loc = ".".join(str(p) for p in err.get("loc", ()))
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return f"ukjent nøkkel «{loc}» (fjern den eller rett skrivefeilen)"
    if kind == "missing":
        return f"mangler «{loc}»"
    return f"ugyldig verdi for «{loc}» ({err.get('msg', '')})"


class RuleBook:
    """All rule entries, grouped by id and sorted by ``valid_from``."""

    def __init__(self, entries: list[RuleEntry], documents: dict[str, str], origin: str = "regelfilen",
                 info: RuleSetInfo | None = None):
        self.documents = dict(documents)
        self.origin = origin
        self.info = info
        grouped: dict[str, list[RuleEntry]] = {}
        for entry in entries:
            grouped.setdefault(entry.id, []).append(entry)
        for rule_id, group in grouped.items():
            group.sort(key=lambda e: e.valid_from or date.min)
            for before, after in zip(group, group[1:]):
                end = before.valid_to or date.max
                start = after.valid_from or date.min
                if start <= end:
                    raise RulesError(
                        f"{origin}: regelen «{rule_id}» har overlappende gyldighet "
                        f"({before.valid_from}–{before.valid_to} og {after.valid_from}–{after.valid_to}). "
                        "Sett valid_to på den eldste oppføringen til dagen før den nye gjelder fra."
                    )
        self._by_id = grouped

    @property
    def ids(self) -> list[str]:
        return sorted(self._by_id)

    def entries(self, rule_id: str) -> list[RuleEntry]:
        try:
            return list(self._by_id[rule_id])
        except KeyError:
            raise RulesError(
                f"{self.origin}: regelen «{rule_id}» finnes ikke. Legg den til i regelfilen."
            ) from None

    def all_entries(self) -> list[RuleEntry]:
        return [e for rid in self.ids for e in self._by_id[rid]]

    def lookup(self, rule_id: str, on: date | None = None) -> Lookup:
        """Entry valid on ``on``; with no date the latest entry; outside all periods the nearest one."""
        group = self.entries(rule_id)
        if on is None:
            return Lookup(group[-1])
        for entry in group:
            if entry.covers(on):
                return Lookup(entry)
        first = group[0]
        if first.valid_from is not None and on < first.valid_from:
            return Lookup(first, outside=True, before_all=True)
        # after the last period, or in a gap: use the latest entry that started before the date
        earlier = [e for e in group if e.valid_from is None or e.valid_from <= on]
        return Lookup(earlier[-1] if earlier else group[-1], outside=True)

    def get(self, rule_id: str, on: date | None = None) -> RuleEntry:
        return self.lookup(rule_id, on).entry

    def title_of(self, entry: RuleEntry) -> str:
        return entry.source.title or self.documents.get(entry.source.document, entry.source.document)


def parse_rules(data: Any, origin: str = "regelfilen") -> RuleBook:
    """Validate already-parsed YAML data into a RuleBook (strict)."""
    if not isinstance(data, dict):
        raise RulesError(f"{origin}: toppnivået må være en tabell med nøklene «documents» og «rules».")
    unknown = set(data) - {"documents", "rules", "set"}
    if unknown:
        raise RulesError(f"{origin}: ukjent nøkkel på toppnivå: {', '.join(sorted(map(str, unknown)))}.")
    documents = data.get("documents") or {}
    if not isinstance(documents, dict) or not all(isinstance(v, str) for v in documents.values()):
        raise RulesError(f"{origin}: «documents» må være en tabell fra dokument-id til tittel.")
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise RulesError(f"{origin}: «rules» må være en ikke-tom liste med regler.")
    entries: list[RuleEntry] = []
    for number, raw in enumerate(raw_rules, start=1):
        name = raw.get("id", "uten id") if isinstance(raw, dict) else "uten id"
        where = f"{origin}: regel nr. {number} («{name}»)"
        if not isinstance(raw, dict):
            raise RulesError(f"{where}: må være en tabell med nøklene id, description, value, unit, source.")
        if "source" not in raw or raw.get("source") in (None, {}, ""):
            raise RulesError(f"{where}: mangler «source» (document, punkt, quote). Hver regel må ha en kilde.")
        try:
            entry = RuleEntry.model_validate(raw)
        except ValidationError as exc:
            problems = "; ".join(_problem_no(e) for e in exc.errors())
            raise RulesError(f"{where}: {problems}.") from None
        if entry.valid_from and entry.valid_to and entry.valid_to < entry.valid_from:
            raise RulesError(f"{where}: valid_to ({entry.valid_to}) er før valid_from ({entry.valid_from}).")
        if entry.source.document not in documents:
            raise RulesError(
                f"{where}: ukjent dokument «{entry.source.document}» i source. "
                f"Kjente dokumenter: {', '.join(sorted(documents))}."
            )
        if not entry.source.quote.strip():
            raise RulesError(f"{where}: source.quote er tomt; siter teksten regelen bygger på.")
        entries.append(entry)
    info = None
    if data.get("set") is not None:
        try:
            info = RuleSetInfo.model_validate(data["set"])
        except ValidationError as exc:
            problems = "; ".join(_problem_no(e) for e in exc.errors())
            raise RulesError(f"{origin}: «set»: {problems}.") from None
    return RuleBook(entries, documents, origin, info)


def combine_rule_books(base: RuleBook, sets: list[RuleBook]) -> RuleBook:
    """``base`` plus accepted sets. An open-ended entry of ``base`` ends the day before a set's entry
    with the same id starts; any other overlap fails loudly (``RulesError`` from ``RuleBook``)."""
    extra = [e for book in sets for e in book.all_entries()]
    starts: dict[str, date] = {}
    for e in extra:
        if e.valid_from is not None:
            starts[e.id] = min(starts.get(e.id, e.valid_from), e.valid_from)
    entries = []
    for e in base.all_entries():
        start = starts.get(e.id)
        if e.valid_to is None and start is not None and (e.valid_from is None or e.valid_from < start):
            e = e.model_copy(update={"valid_to": start - timedelta(days=1)})
        entries.append(e)
    documents = dict(base.documents)
    for book in sets:
        documents.update(book.documents)
    origin = " + ".join([base.origin] + [b.origin for b in sets])
    return RuleBook(entries + extra, documents, origin)


def load_rules(path: Path | str | None = None) -> RuleBook:
    """Read and strictly validate a rules file (default: the packaged ``rules.yaml``)."""
    file = Path(path) if path is not None else DEFAULT_RULES_PATH
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(f"Regelfilen {file} kan ikke leses ({exc.strerror}). Sjekk stien.") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RulesError(f"Regelfilen {file} er ikke gyldig YAML: {exc}".splitlines()[0]) from None
    return parse_rules(data, origin=f"Regelfilen {file.name}")


@lru_cache(maxsize=1)
def base_rules() -> RuleBook:
    """The packaged ``rules.yaml`` alone."""
    return load_rules()


def default_rules() -> RuleBook:
    """The packaged rules plus the sets an admin accepted (``ASSISTANT_DATA_DIR``/rules/*.yaml)."""
    from assistant.calc.rulesets import active_rules  # rulesets reads corpus files: imported late

    return active_rules()


__all__ = ["Source", "RuleEntry", "RuleSetInfo", "Lookup", "RuleBook", "parse_rules", "load_rules", "base_rules",
           "default_rules", "combine_rule_books", "DEFAULT_RULES_PATH"]
