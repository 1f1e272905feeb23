"""Recognise a single line that looks like a heading (pure, no context).

Context decides later whether a candidate really is a heading (see ``sections.py``): numbering
must increase plausibly, and a line continuing a sentence ("jf. punkt\\n5.6 ...") is no heading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBERED_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})(\.?)(?:\s+(\S.*))?$")
_VEDLEGG_RE = re.compile(r"^(?i:vedlegg)\s+([IVX]{1,4}|[A-Z]|\d{1,2})(?:\s*[:.–-]\s*(\S.*))?\s*$")
_DEL_RE = re.compile(r"^(?i:del)\s+([IVX]{1,4})(?:\s+(\S.*))?\s*$")
_PROTOKOLL_RE = re.compile(r"^(?:(.{0,60})\s)?(?i:protokolltilførsel)\s*:?\s*$")
_CONTINUATION_END_RE = re.compile(
    r"(?:,|-|\b(?:jf\.|jfr\.|punkt|pkt\.|punktene|kapittel|kap\.|§|§§|og|eller|i|til|se|nr\.|figur|tabell|av|etter|"
    r"om|fra|med|for|på|under|ved|samt|del|vedlegg|avsnitt|artikkel))$",
    re.IGNORECASE,
)
_COUNT_THEN_UPPER_RE = re.compile(r"^\d{1,3} [A-ZÆØÅ]{3,}")  # "11. 59 FORSLAG FOR ..."
_INNER_SENTENCE_RE = re.compile(r"[.!?]\s+[A-ZÆØÅ]")
_CLOSINGS = {"med hilsen", "med vennlig hilsen", "vennlig hilsen", "hilsen"}


@dataclass(frozen=True)
class HeadingMatch:
    kind: str  # "number" | "vedlegg" | "del" | "protokoll" | "caps"
    label: str  # "5.6", "Vedlegg II", "Del III", "Protokolltilførsel", or the caps text
    title: str  # heading text after the label ("" when none)
    number: tuple[int, ...] = ()
    dotted: bool = False  # "4.8.1." style


def _starts_upper(text: str) -> bool:
    return bool(text) and text[0].isalpha() and text[0].isupper()


def is_caps_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    if not (4 <= len(line) <= 120) or len(letters) < 6 or any(c.islower() for c in letters):
        return False
    words = [w for w in re.split(r"\W+", line) if w.isalpha()]
    return len(words) >= 2 or any(len(w) >= 8 for w in words)


def match_numbered(line: str) -> HeadingMatch | None:
    m = _NUMBERED_RE.match(line)
    if not m:
        return None
    number = tuple(int(p) for p in m.group(1).split("."))
    if any(p == 0 for p in number):
        return None
    dotted, title = bool(m.group(2)), (m.group(3) or "").strip()
    if not title:  # a bare "11.2" (a heading whose text went missing) but never a bare "3"
        return HeadingMatch("number", m.group(1), "", number, dotted) if len(number) > 1 else None
    if not (_starts_upper(title) or _COUNT_THEN_UPPER_RE.match(title)) or len(title) > 150 or title.endswith((",", ";")):
        return None
    words = title.split()
    if title.endswith(".") and not title.endswith(("mv.", "m.m.", "mm.")) and len(words) > 6:
        return None  # a sentence: footnote or numbered proposal
    if _INNER_SENTENCE_RE.search(title) and len(words) > 6:
        return None  # "3. Partene inngår egen protokoll vedr. EPJ-utvikling. Det vises til": a list item
    if len(number) == 1 and not dotted and len(words) > 12:
        return None
    return HeadingMatch("number", m.group(1), title, number, dotted)


def match_heading(line: str) -> HeadingMatch | None:
    """The heading this (stripped, single) line would be, ignoring context."""
    line = line.strip()
    if not line or len(line) > 160:
        return None
    if line[0].isdigit():
        return match_numbered(line)
    m = _VEDLEGG_RE.match(line)
    if m and (m.group(2) is None or (_starts_upper(m.group(2)) and len(m.group(2)) <= 100)):
        return HeadingMatch("vedlegg", f"Vedlegg {m.group(1)}", (m.group(2) or "").strip())
    m = _DEL_RE.match(line)
    if m and (m.group(2) is None or (_starts_upper(m.group(2)) and len(m.group(2)) <= 100)):
        return HeadingMatch("del", f"Del {m.group(1)}", (m.group(2) or "").strip())
    m = _PROTOKOLL_RE.match(line)
    if m:
        return HeadingMatch("protokoll", "Protokolltilførsel", line.rstrip(":").strip())
    if is_caps_heading(line):
        return HeadingMatch("caps", line, line)
    return None


def continues_sentence(previous: str) -> bool:
    """True when ``previous`` (a line) ends mid-sentence so the next line cannot start a heading."""
    return bool(_CONTINUATION_END_RE.search(previous.rstrip()))


def is_closing(line: str) -> bool:
    return line.strip().rstrip(",").lower() in _CLOSINGS
