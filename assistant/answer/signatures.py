"""Who signed a letter or circular: its signature block, read from the document's own layout. Pure functions.

A KS letter ends with the people who sign it, each name followed by a title ("Gunn Marit Helgesen / Styreleder",
"Lasse Hansen administrerende direktør Tor Arne Gangsø områdedirektør Arbeidsliv"). Those lines share no words with
"Hvem skrev under brevet?", so text search does not find them; the question is about the document, not a passage.
A signature paragraph holds only names (two to four capitalised words) and titles (a word ending in a title noun,
with at most one word before and one capitalised unit after it); consecutive such paragraphs form one block, which
must hold a name and a title. Anything else (a sentence, a member table row "Kjetil Telle Leder Fagdirektør for …")
is not a signature.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_NAME = r"[A-ZÆØÅ][a-zæøåéü]+(?:-[A-ZÆØÅ][a-zæøåéü]+)?"
_PERSON = rf"{_NAME}(?: {_NAME}){{1,3}}"
_TITLE_NOUN = r"(?:direktør|leder|rådgiver|sjef|sekretær|president|konsulent|ordfører|formann|saksbehandler)"
# one word may stand before the title ("administrerende direktør"); a capitalised word after it is its unit
# ("områdedirektør Arbeidsliv") unless a name follows ("Avdelingsdirektør Anne Tøndevold")
_TITLE = rf"(?:[a-zæøå]+ )?[A-ZÆØÅa-zæøå]*{_TITLE_NOUN}(?: [A-ZÆØÅ][a-zæøå]+\b(?! [A-ZÆØÅ]))?"
_ITEM = re.compile(rf"(?P<title>{_TITLE})|(?P<person>{_PERSON})")
_PARAGRAPH = re.compile(rf"(?:(?:{_TITLE})|(?:{_PERSON}))(?: (?:(?:{_TITLE})|(?:{_PERSON})))*")
# "Hvem skrev under brevet?", "Kven signerte rundskrivet?", "Who signed the letter?"
# (signing verbs only: "hvem skal sende varselet?" asks who acts, not who signed a letter)
ASKS_SIGNATORY = re.compile(r"\b(?:hvem|kven|who)\b[^?]*?\b(?:signer\w*|skr[ei]+v\w* under|undertegn\w*|underskr\w*|"
                            r"signed|sign)\b", re.I)


@dataclass(frozen=True)
class Signature:
    people: tuple[tuple[str, str], ...]  # (name, title)
    text: str  # the block as it stands in the passage (for the quote)


def signature(text: str) -> Signature | None:
    """The last signature block of a passage's text, if it has one."""
    paragraphs = [re.sub(r"\s+", " ", p.strip()) for p in re.split(r"\n\s*\n", text)]
    found: Signature | None = None
    i = 0
    while i < len(paragraphs):
        j = i
        while j < len(paragraphs) and paragraphs[j] and _PARAGRAPH.fullmatch(paragraphs[j]):
            j += 1
        if j > i:
            block = paragraphs[i:j]
            items = [(m.lastgroup, m.group(0)) for p in block for m in _ITEM.finditer(p)]
            people = tuple((name, title) for (k1, name), (k2, title) in zip(items, items[1:])
                           if k1 == "person" and k2 == "title")
            if people:
                found = Signature(people, " ".join(block))
            i = j
        else:
            i += 1
    return found


# A members table ("Navn Funksjon Stilling"): rows of a name, its function in the body and its position. The PDF
# text runs the rows together, so a row is found by its function word and the name is the capitalised words before
# it; a table has at least ``MIN_ROWS`` rows.
_FUNCTION = re.compile(r"(?<= )(Leder|Nestleder|Medlem|Sekretær|Observatør)(?= )")
_CAPITALISED = re.compile(rf"(?:^|(?<= ))(?:{_NAME} )+$")
# the last word of the row before may be a capitalised place after its preposition ("fastlege i Oslo Torstein …")
_PLACE_BEFORE = re.compile(r"(?:^|\s)(?:i|ved|for|på|av|fra|in|at|of)\s$")
MIN_ROWS = 3
# "Hvem leder ekspertutvalget?", "Kven leia utvalet?", "Who chaired the committee?"
ASKS_LEADER = re.compile(r"\b(?:hvem|kven|who)\b[^?]*?\b(?:led(?:er|et|a|e|s)?|lei(?:ar|a|dde)|chair\w*|head(?:ed|s)?|"
                         r"leads?)\b", re.I)


@dataclass(frozen=True)
class Row:
    name: str
    function: str
    position: str
    text: str  # the row as it stands in the passage (for the quote)


def roster(text: str) -> list[Row]:
    """The rows of a members table in a passage's text ([] when it has none)."""
    flat = re.sub(r"\s+", " ", text)
    marks = []
    for m in _FUNCTION.finditer(flat):
        run = _CAPITALISED.search(flat[:m.start()])
        if not run:
            continue
        words = run.group(0).split()
        # a name is two words, or three when the run is exactly three and no preposition puts its first in the row
        # before; a longer run holds a header or a place ("Navn Funksjon Stilling Kjetil Telle")
        three = len(words) == 3 and not _PLACE_BEFORE.search(flat[:run.start()])
        if len(words) >= 2:
            name = " ".join(words[-3:] if three else words[-2:])
            marks.append((m.start() - len(name) - 1, m))
    if len(marks) < MIN_ROWS:
        return []
    rows = []
    for k, (start, m) in enumerate(marks):
        end = marks[k + 1][0] if k + 1 < len(marks) else len(flat)
        rows.append(Row(flat[start:m.start()].strip(), m.group(1), flat[m.end():end].strip(), flat[start:end].strip()))
    return rows


def asks_signatory(question: str) -> bool:
    return bool(ASKS_SIGNATORY.search(question))


def describe(people: Sequence[tuple[str, str]]) -> str:
    """"Gunn Marit Helgesen (styreleder) og Lasse Hansen (administrerende direktør)"."""
    shown = [f"{name} ({title[:1].lower() + title[1:]})" for name, title in people]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " og " + shown[-1]


__all__ = ["ASKS_LEADER", "Row", "Signature", "asks_signatory", "describe", "roster", "signature"]
