"""Propose a rules set from a new agreement or circular: text in → values with quotes out (pure).

Each rule of the period before becomes a template: the numbers, dates and number words of its quote are
slots, the words around them must occur in the new text (whitespace aside). Then, per rule:

* template found, value slot read      → a proposed entry with the new value, the verbatim quote and the punkt
* template not found, or the value
  slots disagree, or two places in the
  text give different values          → listed as unreadable; nothing is guessed or carried over
* another number of the quote changed
  (e.g. «Fra listeinnbygger 1001» →
  1201), a threshold moved (unit
  «listeinnbyggere»), or a punkt holds
  more or fewer amounts than before    → listed as a changed structure (the admin must check the formula)

No file or clock access: the caller passes the cleaned texts and their sections.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from assistant.calc.dates import MONTHS_NO
from assistant.calc.money import format_number
from assistant.calc.rules import RuleEntry, Source

MONTHS = MONTHS_NO
NUMBER_WORDS = {"en": 1, "ett": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "sju": 7, "syv": 7,
                "åtte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12}
_DATE = rf"\d{{1,2}}\.\s?(?:{'|'.join(MONTHS)})\s\d{{4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}"
_FRACTION = r"\d+/\d+"
_NUMBER = r"\d{1,3}(?:[ \u00a0]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_WORD = "|".join(NUMBER_WORDS)
SLOT_PATTERNS = {
    "date": _DATE,
    "fraction": rf"(?<![\w/]){_FRACTION}(?![\w/])",
    "number": rf"(?<![\w/,]){_NUMBER}(?![\w/]|,\d)",
    "word": rf"\b(?:{_WORD})\b",
}
TOKEN_RE = re.compile("|".join(f"(?P<{k}>{v})" for k, v in SLOT_PATTERNS.items()))
YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
THRESHOLD_UNITS = ("listeinnbyggere",)


# ------------------------------------------------------------------ values
def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def parse_number(text: str) -> Decimal | None:
    text = text.strip().lower()
    if text in NUMBER_WORDS:
        return Decimal(NUMBER_WORDS[text])
    try:
        return Decimal(re.sub(r"[\s\u00a0]", "", text).replace(",", "."))
    except InvalidOperation:
        return None


def parse_date_no(text: str) -> date | None:
    m = re.match(rf"(\d{{1,2}})\.\s?({'|'.join(MONTHS)})\s(\d{{4}})$", text.strip())
    if m:
        return date(int(m.group(3)), MONTHS.index(m.group(2)) + 1, int(m.group(1)))
    m = re.match(r"(\d{1,2})\.(\d{1,2})\.(\d{4})$", text.strip())
    return date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None


def value_kind(entry: RuleEntry) -> str:
    """How the entry's value appears in its quote: number, date, periode, fraction or text (no slot)."""
    value = entry.value
    if isinstance(value, bool):
        return "text"
    if isinstance(value, (int, float)):
        return "number"
    if entry.unit == "periode" and "/" in value:
        return "periode"
    if re.fullmatch(r"\d+/\d+", value):
        return "fraction"
    try:
        date.fromisoformat(value)
        return "date"
    except ValueError:
        return "text"


@dataclass(frozen=True)
class Slot:
    kind: str  # date | fraction | number | word
    text: str

    def number(self) -> Decimal | None:
        return parse_number(self.text) if self.kind in ("number", "word") else None

    def iso(self) -> str | None:
        d = parse_date_no(self.text) if self.kind == "date" else None
        return d.isoformat() if d else None


@dataclass(frozen=True)
class Template:
    """An old quote with its slots; ``value_slots`` index the slots that hold the rule's value."""

    pattern: re.Pattern[str]
    slots: tuple[Slot, ...]
    value_slots: tuple[int, ...]


def _is_value_slot(entry: RuleEntry, kind: str, slot: Slot) -> bool:
    if kind == "number":
        n = slot.number()
        return n is not None and n == Decimal(str(entry.value))
    if kind == "fraction":
        return slot.kind == "fraction" and slot.text == entry.value
    if kind == "date":
        return slot.iso() == entry.value
    if kind == "periode":
        return slot.iso() in str(entry.value).split("/")
    return False


def build_template(entry: RuleEntry) -> Template:
    quote = normalise(entry.source.quote)
    kind = value_kind(entry)
    parts: list[str] = []
    slots: list[Slot] = []
    values: list[int] = []
    pos = 0
    for m in TOKEN_RE.finditer(quote):
        slot = Slot(m.lastgroup or "number", m.group(0))
        if slot.kind == "word" and not _is_value_slot(entry, kind, slot):
            continue  # a number word that is not the value is ordinary text ("to år" in a sentence about 6)
        parts.append(_literal(quote[pos:m.start()]))
        parts.append(f"({SLOT_PATTERNS[slot.kind]})")
        if _is_value_slot(entry, kind, slot):
            values.append(len(slots))
        slots.append(slot)
        pos = m.end()
    parts.append(_literal(quote[pos:]))
    return Template(re.compile("".join(parts)), tuple(slots), tuple(values))


def _literal(text: str) -> str:
    return r"\s+".join(re.escape(word) for word in text.split(" "))


# ------------------------------------------------------------------ documents
@dataclass(frozen=True)
class DocText:
    """A cleaned document with its sections as (start, end, punkt) spans."""

    doc_id: str
    title: str
    text: str
    sections: tuple[tuple[int, int, str], ...] = ()

    def punkt_at(self, offset: int) -> str:
        for start, end, punkt in self.sections:
            if start <= offset < end:
                return punkt
        return ""

    def punkt_text(self, punkt: str) -> str:
        return "\n".join(self.text[s:e] for s, e, p in self.sections if p == punkt)


def amounts_in(text: str) -> list[str]:
    """The numbers of a text that are not dates or years (used to spot new tiers and dropped rates)."""
    out = []
    for m in TOKEN_RE.finditer(text):
        if m.lastgroup == "number" and not YEAR_RE.match(m.group(0)):
            out.append(normalise(m.group(0)))
    return out


# ------------------------------------------------------------------ the proposal
@dataclass(frozen=True)
class Change:
    rule_id: str
    description: str
    unit: str
    punkt: str
    old_value: Any
    new_value: Any
    old_quote: str
    new_quote: str

    @property
    def changed(self) -> bool:
        return self.old_value != self.new_value


@dataclass(frozen=True)
class Unreadable:
    rule_id: str
    description: str
    punkt: str
    old_quote: str
    reason: str


@dataclass(frozen=True)
class StructureChange:
    punkt: str
    text: str
    rule_id: str = ""


@dataclass(frozen=True)
class Proposal:
    document: str
    title: str
    valid_from: date | None
    valid_to: date | None
    previous_document: str
    previous_title: str
    entries: tuple[RuleEntry, ...]
    changes: tuple[Change, ...]
    unreadable: tuple[Unreadable, ...]
    structure: tuple[StructureChange, ...]
    historical: tuple[Change, ...] = ()  # same value and same date in the quote: a clause about an earlier period

    def to_data(self) -> dict[str, Any]:
        """The rules file content (``documents``, ``rules``) plus a ``set`` block describing the set."""
        return {
            "set": {
                "document": self.document,
                "valid_from": self.valid_from.isoformat() if self.valid_from else None,
                "valid_to": self.valid_to.isoformat() if self.valid_to else None,
                "previous_document": self.previous_document,
                "unreadable": [u.rule_id for u in self.unreadable],
            },
            "documents": {self.document: self.title},
            "rules": [_entry_data(e) for e in self.entries],
        }


def _entry_data(entry: RuleEntry) -> dict[str, Any]:
    data = entry.model_dump(mode="json", exclude_none=True)
    data["source"].pop("title", None)
    if not data.get("note"):
        data.pop("note", None)
    return data


def _typed(old: Any, slot: Slot) -> Any:
    n = slot.number()
    if isinstance(old, int) and n is not None and n == n.to_integral_value():
        return int(n)
    if isinstance(old, (int, float)) and n is not None:
        return float(n)
    return slot.text


def _read_value(entry: RuleEntry, template: Template, found: tuple[str, ...]) -> tuple[Any, str]:
    """(new value, "") or (None, reason)."""
    kind = value_kind(entry)
    new_slots = [Slot(template.slots[i].kind, found[i]) for i in template.value_slots]
    if kind == "text":
        return entry.value, ""
    if not template.value_slots:
        return entry.value, ""  # the value is in words ("fordobles"): the same sentence means the same value
    if kind == "periode":
        isos = [s.iso() for s in new_slots]
        if len(isos) != 2 or None in isos:
            return None, "periodens datoer kan ikke leses"
        return f"{isos[0]}/{isos[1]}", ""
    if kind == "date":
        isos = {s.iso() for s in new_slots}
        return (isos.pop(), "") if len(isos) == 1 and None not in isos else (None, "datoen kan ikke leses")
    if kind == "fraction":
        texts = {s.text for s in new_slots}
        return (texts.pop(), "") if len(texts) == 1 else (None, "brøkene i teksten er ulike")
    numbers = {s.number() for s in new_slots}
    if len(numbers) != 1 or None in numbers:
        shown = " og ".join(sorted({s.text for s in new_slots}))
        return None, f"tallene som svarer til regelen er ulike ({shown})"
    return _typed(entry.value, new_slots[0]), ""


def _other_changes(template: Template, found: tuple[str, ...]) -> list[tuple[str, str]]:
    """(old, new) for the non-value numbers of the quote that changed (dates change every year: skipped)."""
    out = []
    for i, (old, new) in enumerate(zip(template.slots, found)):
        if i in template.value_slots or old.kind == "date":
            continue
        if old.kind in ("number", "word") and parse_number(new) == old.number():
            continue
        if normalise(new) != normalise(old.text):
            out.append((old.text, normalise(new)))
    return out


def _reading(template: Template, m: re.Match[str]) -> tuple:
    return tuple(parse_number(m.group(i + 1)) if template.slots[i].kind in ("number", "word")
                 else normalise(m.group(i + 1)) for i in template.value_slots)


def _match(entry: RuleEntry, template: Template, new: DocText) -> tuple[re.Match[str] | None, str]:
    """The match to use. All matches must agree on the value; if they do not, only the matches whose other
    numbers are unchanged count (the driftstilskudd line of the same klasse, not of the next one)."""
    matches = list(template.pattern.finditer(new.text))
    if not matches:
        return None, "teksten er omskrevet eller mangler (fant ikke setningen fra forrige periode)"
    if len({_reading(template, m) for m in matches}) > 1:
        same_context = [m for m in matches
                        if not _other_changes(template, tuple(m.group(i + 1) for i in range(len(template.slots))))]
        if len({_reading(template, m) for m in same_context}) != 1:
            places = ", ".join(f"pkt. {new.punkt_at(m.start()) or '?'}" for m in matches)
            return None, f"teksten oppgir ulike verdier flere steder ({places})"
        matches = same_context
    same_punkt = [m for m in matches if new.punkt_at(m.start()) == entry.source.punkt]
    return (same_punkt or matches)[0], ""


def propose_rules(
    new: DocText,
    previous: DocText,
    entries: Sequence[RuleEntry],
    valid_from: date | None,
    valid_to: date | None,
) -> Proposal:
    """Read the values of ``entries`` (the rules of the period before, from ``previous``) in ``new``."""
    proposed: list[RuleEntry] = []
    changes: list[Change] = []
    unreadable: list[Unreadable] = []
    structure: list[StructureChange] = []
    others: list[tuple[str, str, str, str]] = []  # rule id, punkt, old number, new number
    historical: list[Change] = []
    for entry in entries:
        template = build_template(entry)
        m, reason = _match(entry, template, new)
        value: Any = None
        if m is not None:
            found = tuple(m.group(i + 1) for i in range(len(template.slots)))
            value, reason = _read_value(entry, template, found)
        if m is None or reason:
            unreadable.append(Unreadable(entry.id, entry.description, entry.source.punkt, entry.source.quote, reason))
            continue
        punkt = new.punkt_at(m.start()) or entry.source.punkt
        quote = normalise(m.group(0))
        if value == entry.value and _dated_unchanged(template, found):
            historical.append(Change(entry.id, entry.description, entry.unit, punkt, entry.value, value,
                                     entry.source.quote, quote))
            continue
        proposed.append(entry.model_copy(update={
            "value": value, "valid_from": valid_from, "valid_to": valid_to,
            "source": Source(document=new.doc_id, punkt=punkt, quote=quote),
        }))
        changes.append(Change(entry.id, entry.description, entry.unit, punkt, entry.value, value,
                              entry.source.quote, quote))
        others += [(entry.id, punkt, old, now) for old, now in _other_changes(template, found)]
        if entry.unit in THRESHOLD_UNITS and value != entry.value:
            structure.append(StructureChange(
                punkt, f"Grensen «{entry.id}» ({entry.description}) er flyttet fra {format_number(entry.value)} til {format_number(value)}.",
                entry.id))
        if punkt != entry.source.punkt:
            structure.append(StructureChange(
                punkt, f"«{entry.id}» står nå i pkt. {punkt} (før pkt. {entry.source.punkt}).", entry.id))
    # a changed number in a quote that another rule's change explains (the rate next to the knekkpunkt) is no news
    explained = {(parse_number(str(c.old_value)), parse_number(str(c.new_value))) for c in changes if c.changed}
    for rule_id, punkt, old, now in others:
        if (parse_number(old), parse_number(now)) not in explained:
            structure.append(StructureChange(punkt, f"I sitatet for «{rule_id}» er «{old}» endret til «{now}».", rule_id))
    structure += _punkt_structure(entries, previous, new)
    return Proposal(new.doc_id, new.title, valid_from, valid_to, previous.doc_id, previous.title, tuple(proposed),
                    tuple(changes), tuple(unreadable), tuple(structure), tuple(historical))


def _dated_unchanged(template: Template, found: tuple[str, ...]) -> bool:
    """The quote names a date, and the new text names the same one ("per 1. januar 2024 med kr 1 027")."""
    dates = [i for i, slot in enumerate(template.slots) if slot.kind == "date"]
    return bool(dates) and all(normalise(found[i]) == normalise(template.slots[i].text) for i in dates)


def _punkt_structure(entries: Sequence[RuleEntry], previous: DocText, new: DocText) -> list[StructureChange]:
    out = []
    for punkt in dict.fromkeys(e.source.punkt for e in entries):
        before, now = amounts_in(previous.punkt_text(punkt)), amounts_in(new.punkt_text(punkt))
        if not previous.punkt_text(punkt):
            continue
        if not new.punkt_text(punkt):
            out.append(StructureChange(punkt, f"Pkt. {punkt} finnes ikke i det nye dokumentet."))
        elif len(now) > len(before):
            out.append(StructureChange(punkt, f"Pkt. {punkt} har flere tall enn før ({len(now)} mot {len(before)}): "
                                              "mulig nytt trinn eller ny sats som ikke er lest."))
        elif len(now) < len(before):
            out.append(StructureChange(punkt, f"Pkt. {punkt} har færre tall enn før ({len(now)} mot {len(before)}): "
                                              "en sats kan være fjernet eller skrevet med ord."))
    return out


__all__ = ["DocText", "Proposal", "Change", "Unreadable", "StructureChange", "propose_rules", "build_template",
           "amounts_in", "normalise"]
