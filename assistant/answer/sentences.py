"""Split passage text into sentences and reduce text to content-word stems. Pure functions.

Sentences are returned whitespace-normalised (the sources break lines mid-sentence), so every sentence is
verbatim text of its passage under ``citations.normalize_ws``.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import Stemmer  # PyStemmer

from .citations import normalize_ws

STOPWORDS = set(
    """
    og i er det som på for med har jeg du vi kan ikke til av en et ei å hva hvor når hvem hvordan hvilken hvilket
    hvilke må skal blir ble vil får fikk gjør gjøre om de den dette disse der her så men eller hvis da seg sin sitt
    sine min mitt mine din vår vårt våre deres hans hennes hun han meg deg oss dem man noe noen alle hver være vært
    være bli også bare enn etter før fra ut opp over under mot ved uten inn mellom hos dersom slik nå sånn mye mange
    lenge stor store ofte kor kva korleis kven eg ikkje frå ho dei me vert berre noko nokon mykje sidan seinast
    the is are was were what when how who which can could does do did of to for and in on at a an my our your with by
    it this that there be been will would should per as from or not no yes if
    gjorde gjort gjør gjøres får fått fikk hatt hadde sier sa står stod finnes fins
    mens borte lang lenge lengre hvorfor kvifor why
    does who whom whose there their them they itself himself herself its than then also any some into about after
    in out up down before under over get gets got has have had am i you he she we us me very much many long
    hei takk please igjen
    ta tar tatt tok
    """.split()
)

_ABBREV = {"pkt", "nr", "kr", "ca", "jf", "bl", "f", "eks", "dvs", "mill", "mrd", "kap", "mv", "evt", "el", "osv",
           "ref", "tlf", "inkl", "ekskl", "pr", "vedr", "jfr", "iht", "st", "dr", "prof", "etc", "vs", "e", "a", "t",
           "o", "s", "m", "ff", "§", "art", "lov"}
_HEADING_LINE = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.|Vedlegg\s+[IVX\d]+|Del\s+[IVX\d]+|Kapittel\s+\d+)\s+[A-ZÆØÅ«\"(].{0,110}$")
_BULLET = re.compile(r"^(?:[•▪●\-–]\s+|[a-z]\)\s|\d+\)\s)")


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("norwegian")


def words(text: str) -> list[str]:
    return re.findall(r"[a-zæøåäöü]+|\d+(?:[.,]\d+)?", text.lower().replace("\u00a0", " "))


# The Snowball stemmer reads "-lege" as an adjective ending: "fastlegen" → "fast", "kommuneoverlegen" → "kommuneover".
_LEGE_COMPOUND = re.compile(r"^(\w{2,}leg)e(?:n|ne|r|ns|nes|rs|s)?$")


def content_stems(text: str) -> list[str]:
    """Stems of the content words ("oppsigelsesfristen" → "oppsigelsesfrist"), numbers kept as written."""
    toks = [w for w in words(re.sub(r"(?<=\d) (?=\d{3}\b)", "", text)) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
    stems = _stemmer().stemWords(toks)
    for k, w in enumerate(toks):
        m = _LEGE_COMPOUND.match(w)
        if m:
            stems[k] = m.group(1)  # "fastlegene" → "fastleg" (as "legene" → "leg")
        elif stems[k].endswith(("gjort", "gjord")):
            stems[k] = stems[k][:-5] + "gjør"  # the irregular -gjøre verbs: "godtgjort" ~ "godtgjøres"
    return stems


def _is_heading(line: str, next_line: str) -> bool:
    if _HEADING_LINE.match(line) and len(line) < 90 and line.endswith(("mv.", "m.m.", "mm.", "osv.")) and next_line[:1].isupper():
        return True
    if line[-1:] in ".,;:!?-–":
        return False
    if _HEADING_LINE.match(line):
        return True
    return len(line) < 60 and line[:1].isupper() and next_line[:1].isupper() and len(line.split()) <= 6


def _split_blocks(text: str) -> list[str]:
    """Join hard-wrapped lines; cut before/after headings and before list items (blank lines mean nothing)."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    blocks: list[list[str]] = [[]]
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if blocks[-1] and (_BULLET.match(line) or _HEADING_LINE.match(line)):
            blocks.append([])
        blocks[-1].append(line)
        if _is_heading(line, nxt):
            blocks.append([])
    return [normalize_ws(" ".join(b)) for b in blocks if b]


# A figure or table caption ends with its source ("Kilde: KUHR og FLO") and no full stop, so the text extraction can
# glue the next sentence to it. That sentence starts at the first capitalised word followed by three lower-case words.
_CAPTION_START = re.compile(r"^(?:Figur|Tabell|Boks)\s*\d")
_AFTER_SOURCE = re.compile(r"\bKilde:\s*\S+.*?\s(?=[A-ZÆØÅ][a-zæøå]+(?:\s+[a-zæøå][\w,-]*){3})")


def split_caption(piece: str) -> list[str]:
    """"Figur 7-4: … Kilde: KUHR og FLO Basert på refusjonstall …" → the caption and the sentence after it."""
    if not _CAPTION_START.match(piece):
        return [piece]
    last = piece.rfind("Kilde:")
    m = _AFTER_SOURCE.search(piece, last) if last >= 0 else None
    if not m or m.end() >= len(piece):
        return [piece]
    return [piece[: m.end()].strip(), piece[m.end():].strip()]


def split_sentences(text: str) -> list[str]:
    """Sentences of a passage, whitespace-normalised; headings and list items become their own items."""
    return list(_split_sentences(text))


@lru_cache(maxsize=4096)
def _split_sentences(text: str) -> tuple[str, ...]:
    """Cached: the composer splits the same retrieved passages for scoring, parts, spans and quotes."""
    out: list[str] = []
    for block in _split_blocks(text):
        out.extend(_sentences_of(block))
    return tuple(_merge_lists([s for piece in out for s in split_caption(piece)]))


# A sentence ends at . ! ? before a capital or digit, or at a footnote number glued to its full stop
# ("… er inkludert.3 Aktivitet utført …").
_SENTENCE_END = re.compile(r"[.!?](?=\s+[«\"(]?[A-ZÆØÅ0-9])|(?<=[a-zæøå])\.\d{1,2}(?=\s+[A-ZÆØÅ])")


def _sentences_of(block: str) -> list[str]:
    """Sentences of one block: cut after . ! ? before a capital, not after abbreviations or ordinals."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(block):
        before = block[start : m.start()]
        last = re.findall(r"[\wæøåÆØÅ§]+$", before)
        token = last[0].lower() if last else ""
        if token in _ABBREV or (token.isdigit() and len(token) <= 2 and m.end() < len(block)
                                and re.match(r"\s+\d", block[m.end():])):
            continue
        if token.isdigit() and len(token) <= 2:  # "1. juli" style ordinals / "pkt. 5." rarely end sentences
            nxt = block[m.end():].lstrip()[:12].lower()
            if re.match(r"[a-zæøå]", nxt):
                continue
        piece = block[start : m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = block[start:].strip()
    if tail:
        out.append(tail)
    return out


MAX_LIST_CHARS = 600


# A sentence ending like this introduces the list that follows even without a colon ("…, slik som" + "- lokalisering").
_LIST_INTRO = re.compile(r"(?::|\bslik som|\bsom for eksempel|\bfor eksempel|\bf\.eks\.|\bherunder|\bblant annet|"
                         r"\bbl\.a\.|\bfølgende|\binkludert|\beksempelvis|\bsom)$", re.I)


def _merge_lists(sentences: list[str]) -> list[str]:
    """"X skal ikke behandle:" + its "- item" lines become one sentence (the items only make sense with it)."""
    merged: list[str] = []
    in_list = False
    for s in sentences:
        if (merged and _BULLET.match(s) and (in_list or _LIST_INTRO.search(merged[-1]))
                and len(merged[-1]) + len(s) < MAX_LIST_CHARS):
            merged[-1] = f"{merged[-1]} {s}"
            in_list = True
        else:
            merged.append(s)
            in_list = False
    return merged


@dataclass(frozen=True)
class TermStats:
    """Document frequencies of content stems over the whole corpus (one count per chunk)."""

    n_docs: int
    df: Mapping[str, int]

    def idf(self, stem: str) -> float:
        return math.log((self.n_docs + 1) / (self.df.get(stem, 0) + 0.5)) + 0.1


def term_stats(texts: Iterable[str]) -> TermStats:
    """Corpus statistics for weighting question terms: a word common everywhere ("fastlege", "foreslår") says
    less about which sentence answers than a word rare in the corpus ("kvalitetsjustering")."""
    df: Counter[str] = Counter()
    n = 0
    for t in texts:
        n += 1
        df.update(set(content_stems(t)))
    return TermStats(n, dict(df))


def match_weight(q: str, stems: frozenset[str]) -> float:
    """1.0 same stem; compounds match on their head ("frist" ~ "oppsigelsesfrist"); inflections on a prefix."""
    if q in stems:
        return 1.0
    best = 0.0
    for s in stems:
        if len(q) >= 5 and s.endswith(q):
            return 0.6
        if len(s) >= 5 and q.endswith(s):
            best = max(best, 0.5)
        elif len(q) >= 3 and len(s) >= 3 and abs(len(s) - len(q)) <= 3 and (s.startswith(q) or q.startswith(s)):
            best = max(best, 0.7)
        elif len(q) == len(s) >= 3 and q[:-1] == s[:-1] and q[-1] in "ae" and s[-1] in "ae":
            best = max(best, 0.7)  # short words the stemmer leaves alone: "uka" ~ "uke", "lista" ~ "liste"
        elif len(q) >= 4 and len(s) >= len(q) + 3 and s.startswith(q):
            best = max(best, 0.4)  # a compound starting with the word: "vent" ~ "ventetid"
        elif len(s) >= 5 and len(q) >= len(s) + 3 and q.startswith(s):
            best = max(best, 0.5)  # the question's compound starts with the word: "egenmeldingsdag" ~ "egenmelding"
        elif len(q) >= 6 and q in s:
            best = max(best, 0.3)
    return best
