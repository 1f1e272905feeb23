"""Section references in a question ("punkt 5.6", "pkt. 8.2", "§ 16", "vedlegg II", "vedlegg III punkt 2"): pure
functions used by the retriever (the named punkt comes first) and by the composer (its sentences hold the punkt's
number, though they never repeat it). A bare number is no reference: "8.2-avtale" is a name and "2,3 millioner" an
amount; "§ 3-2" and a § next to a law or forskrift are the law's paragraphs, not the agreement's punkter."""
from __future__ import annotations

import re

_NUMBER = r"\d{1,2}(?:\.\d{1,2}){0,3}(?![\d.]*\d)(?!\s*-\s*\d)(?!,\d)"
# A number listed after the first ("punktene 5.6 og 5.7", "§§ 16, 17 og 18") unless a word other than a
# preposition follows it ("punkt 5.6 og 2 uker").
_LINK = r"(?:i|om|av|på|til|in|of|og|eller|and|or)\b"
_MORE = rf"(?:\s*(?:,\s|\s+og\s|\s+eller\s|\s+and\s|\s+or\s)\s*{_NUMBER}(?!\s+(?!{_LINK})[a-zæøå]))*"
_NUMBERED = re.compile(rf"(?<![\w-])(?P<kind>punkt|punktet|punktene|pkt\.?|§§?|paragraf|kapittel|kap\.?|avsnitt|"
                       rf"sections?|clauses?|points?)\s*(?P<numbers>{_NUMBER}{_MORE})", re.I)
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX", 10: "X"}
# "vedlegg II" (the corpus writes appendices in Roman numerals or capital letters), "vedlegg 2", "vedlegg III punkt 2"
_APPENDIX = re.compile(r"(?<![\w-])(?i:vedlegg|appendix|annex)\s+(?P<id>[IVX]{1,4}|[A-H]|\d{1,2})(?![\w])"
                       r"(?:\s+(?i:punkt|pkt\.?)\s*(?P<point>\d{1,2})(?![\d.]))?")
_LAW = re.compile(r"\w+(?:loven|lova|lovens|forskriften|forskrifta|forskriftens)\b|\bforskrift\w*|\blov\b", re.I)


def section_references(question: str) -> list[str]:
    """The sections a question names, as chunk sections are written ("5.6", "16", "Vedlegg II", "Vedlegg III
    punkt 2"), in the order the question names them."""
    text = question or ""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for m in _APPENDIX.finditer(text):
        ident = m.group("id")
        ident = _ROMAN.get(int(ident), ident) if ident.isdigit() else ident
        found.append((m.start(), f"Vedlegg {ident}" + (f" punkt {m.group('point')}" if m.group("point") else "")))
        taken.append(m.span())
    law = bool(_LAW.search(text))
    for m in _NUMBERED.finditer(text):
        if any(a <= m.start() < b for a, b in taken) or (law and m.group("kind").startswith("§")):
            continue
        found += [(m.start(), n) for n in re.findall(_NUMBER, m.group("numbers"))]
    return list(dict.fromkeys(ref for _, ref in sorted(found, key=lambda x: x[0])))


def in_section(section: str, ref: str) -> bool:
    """``section`` is the referenced one or lies under it ("5.6.1" under "5.6", "13.2" under "13")."""
    return section == ref or section.startswith(ref + ".") or section.startswith(ref + " ")
