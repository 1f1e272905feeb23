"""Section references in a question ("punkt 5.6", "pkt. 8.2", "§ 16", "vedlegg II"): pure functions used by the
retriever (the named punkt comes first) and by the composer (its sentences hold the punkt's number, though they
never repeat it). A bare number is no reference: "8.2-avtale" is a name and "2.3 millioner" an amount."""
from __future__ import annotations

import re

_NUMBER = r"\d{1,2}(?:\.\d{1,2}){0,3}(?![\d.]*\d)"
# "punkt 5.6", "punktene 5.6 og 5.7", "§§ 16, 17": a keyword, then one number or a list of them.
_NUMBERED = re.compile(rf"(?<![\w-])(?:punkt|punktene|pkt\.?|§§?|paragraf|kapittel|kap\.?|avsnitt|sections?|clauses?|"
                       rf"points?)\s*({_NUMBER}(?:\s*(?:,|og|eller|and|or)\s*{_NUMBER})*)", re.I)
_APPENDIX = re.compile(r"(?<![\w-])(?:vedlegg|appendix|annex)\s+([IVX]{1,4}|\d{1,2})(?![\w])", re.I)


def section_references(question: str) -> list[str]:
    """The sections a question names, as chunk sections are written ("5.6", "16", "Vedlegg II"), in order."""
    refs = [n.rstrip(".") for m in _NUMBERED.finditer(question or "") for n in re.findall(_NUMBER, m.group(1))]
    refs += [f"Vedlegg {m.group(1).upper()}" for m in _APPENDIX.finditer(question or "")]
    return list(dict.fromkeys(refs))


def in_section(section: str, ref: str) -> bool:
    """``section`` is the referenced one or lies under it ("5.6.1" under "5.6", "13.2" under "13")."""
    return section == ref or section.startswith(ref + ".") or section.startswith(ref + " ")
