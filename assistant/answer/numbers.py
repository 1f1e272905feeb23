"""Find numbers, percentages, ages and list sizes in a question (bokmål, nynorsk, English).

Pure functions over text. Dates are handled in ``dates.py``; callers pass the spans of dates
found there as ``exclude`` so that "03.03.2025" is never read as a number.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

WORD_NUMBERS: dict[str, int] = {
    "null": 0, "zero": 0,
    "en": 1, "ett": 1, "ei": 1, "eitt": 1, "one": 1,
    "to": 2, "two": 2, "tvo": 2,
    "tre": 3, "three": 3,
    "fire": 4, "four": 4,
    "fem": 5, "five": 5,
    "seks": 6, "six": 6,
    "sju": 7, "syv": 7, "seven": 7,
    "åtte": 8, "atte": 8, "eight": 8,
    "ni": 9, "nine": 9,
    "ti": 10, "ten": 10,
    "elleve": 11, "tolv": 12, "twelve": 12,
}

# "1 500", "1.500", "1 500 000", "1500", "7,5", "7.5"
_NUMBER_RE = re.compile(r"(?<![\w.,])(\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?![\w])")
_PERCENT_RE = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(?:%|prosent|percent|per cent|pst\.?)(?!\w)", re.IGNORECASE
)
_FRACTION_WORDS = {"halv": 0.5, "hel": 1.0, "full": 1.0, "kvart": 0.25}


@dataclass(frozen=True)
class NumberMention:
    value: float
    start: int
    end: int
    raw: str

    @property
    def is_int(self) -> bool:
        return float(self.value).is_integer()


def parse_number(raw: str) -> float | None:
    """"1 500" / "1.500" / "1500" → 1500; "7,5" / "7.5" → 7.5; "tre" → 3. None if not a number."""
    s = raw.strip().lower().replace("\u00a0", " ").replace("\u202f", " ")
    if s in WORD_NUMBERS:
        return float(WORD_NUMBERS[s])
    if re.fullmatch(r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?", s):
        return float(s.replace(" ", "").replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d+(?:[.,]\d+)?", s):
        return float(s.replace(",", "."))
    return None


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


_WORD_NUMBER_RE = re.compile(r"(?<!\w)(" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + r")(?!\w)", re.I)


def find_numbers(text: str, exclude: list[tuple[int, int]] | None = None, words: bool = False) -> list[NumberMention]:
    """Every number in ``text`` (digits; with ``words`` also "tre", "three"), skipping excluded spans."""
    spans = exclude or []
    found: list[NumberMention] = []
    for m in _NUMBER_RE.finditer(text):
        if _overlaps(m.start(), m.end(), spans):
            continue
        value = parse_number(m.group(1))
        if value is not None:
            found.append(NumberMention(value, m.start(), m.end(), m.group(1)))
    if words:
        for m in _WORD_NUMBER_RE.finditer(text):
            if not _overlaps(m.start(), m.end(), spans):
                found.append(NumberMention(float(WORD_NUMBERS[m.group(1).lower()]), m.start(), m.end(), m.group(1)))
    return sorted(found, key=lambda n: n.start)


def find_percentages(text: str) -> list[float]:
    """"15 %", "15%", "15 prosent", "20 percent" → [15.0, ...]; "halv stilling" → [50.0]."""
    values = [float(m.group(1).replace(",", ".")) for m in _PERCENT_RE.finditer(text)]
    for word, frac in _FRACTION_WORDS.items():
        if re.search(rf"(?<!\w){word}\w*\s+(?:stilling|tid|avtale|driftsavtale)", text, re.I):
            values.append(frac * 100)
    return values


_AGE_PATTERNS = [
    r"(?<!\w)(?:jeg|eg|legen|han|hun|ho|hen|i|I)\s+(?:er|am|is|blir|vert)\s+(\d{2})(?!\s*(?:%|prosent|\d))",
    r"(\d{2})\s*(?:år|years?)\s*(?:gammel|old)",
    r"(?:alder(?:en)?|age(?:d)?)\s*(?:er|på|of|is)?\s*(\d{2})(?!\d)",
    r"(?:over|fylt|fyller|turned|turning)\s+(\d{2})(?:\s*år)?(?!\d)",
]


def find_age(text: str) -> int | None:
    """"jeg er 63", "eg er 63", "63 år gammel", "I am 63", "fylt 60" → 63/60. Only 18–99."""
    for pat in _AGE_PATTERNS:
        m = re.search(pat, text, re.I)
        if m:
            age = int(m.group(1))
            if 18 <= age <= 99:
                return age
    return None


_LIST_AFTER = (
    r"(?:listeinnbyggere|listeinnbyggarar|innbyggere på lista|innbyggere på listen|pasienter|pasientar|patients"
    r"|personer på lista|personer på listen|på lista|på listen|på lista mi|på listene|listepasienter|on (?:my|the|his|her) list)"
)
_LIST_BEFORE = (
    r"(?:lista|listen|listelengde|listelengden|listetal|listetall|liste|list|listeinnbyggere)\s*(?:er|på|på ca\.?|er på|of|is|="
    r"|har|blir|vert|med)?\s*(?:ca\.?|om lag|omtrent|rundt|about|around)?\s*"
)


def find_list_size(text: str, exclude: list[tuple[int, int]] | None = None) -> int | None:
    """The number of listeinnbyggere a question talks about ("1 500 på lista", "lista er 2200"), else None."""
    numbers = [n for n in find_numbers(text, exclude) if n.is_int and n.value >= 1]
    for n in numbers:
        after = text[n.end : n.end + 40]
        if re.match(r"\s*" + _LIST_AFTER, after, re.I):
            return int(n.value)
    for n in numbers:
        before = text[max(0, n.start - 40) : n.start]
        if re.search(_LIST_BEFORE + r"$", before, re.I):
            return int(n.value)
    return None


def number_followed_by(text: str, pattern: str, exclude: list[tuple[int, int]] | None = None,
                       words: bool = False, window: int = 40, gap: int = 0) -> float | None:
    """The first number followed by a word matching ``pattern`` (with at most ``gap`` words between)."""
    for n in find_numbers(text, exclude, words=words):
        if re.match(r"\s*(?:[^\s,.;:]+\s+){0,%d}?" % gap + pattern, text[n.end : n.end + window], re.I):
            return n.value
    return None
