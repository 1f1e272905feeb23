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

from ..corpus.sentences import split_caption, split_sentences  # noqa: F401 (re-exported)
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

@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("norwegian")


def words(text: str) -> list[str]:
    return re.findall(r"[a-zæøåäöü]+|\d+(?:[.,]\d+)?", text.lower().replace("\u00a0", " "))


# The Snowball stemmer reads "-lege" as an adjective ending: "fastlegen" → "fast", "kommuneoverlegen" → "kommuneover".
_LEGE_COMPOUND = re.compile(r"^(\w{2,}leg)e(?:n|ne|r|ns|nes|rs|s)?$")


def content_stems(text: str) -> list[str]:
    """Stems of the content words ("oppsigelsesfristen" → "oppsigelsesfrist"), numbers kept as written."""
    return list(_content_stems(text))


@lru_cache(maxsize=1 << 15)  # the same sentences are read by the composer, the evidence model and the refusal checks
def _content_stems(text: str) -> tuple[str, ...]:
    toks = [w for w in words(re.sub(r"(?<=\d) (?=\d{3}\b)", "", text)) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
    stems = _stemmer().stemWords(toks)
    for k, w in enumerate(toks):
        m = _LEGE_COMPOUND.match(w)
        if m:
            stems[k] = m.group(1)  # "fastlegene" → "fastleg" (as "legene" → "leg")
        elif stems[k].endswith(("gjort", "gjord")):
            stems[k] = stems[k][:-5] + "gjør"  # the irregular -gjøre verbs: "godtgjort" ~ "godtgjøres"
    return tuple(stems)


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
    # the same sentence is matched by the composer and by the evidence model: cached by (word, sentence stems)
    return _partial_match(q, stems if isinstance(stems, frozenset) else frozenset(stems))


@lru_cache(maxsize=1 << 16)
def _partial_match(q: str, stems: frozenset[str]) -> float:
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
