"""BM25 over chunks with a Norwegian stemmer, æøå folding and compound splitting.

Norwegian glues words together ("oppsigelsesfrist"), which defeats a stemmer: the
question's compound never matches the clause's "si opp … med en frist". We split long
tokens into two known corpus words (allowing the linking letters -s- and -e-) and index
the parts next to the whole word, both for chunks and for questions. Tokens are stemmed
first and then folded (æ→ae, ø→o, å→a) so questions typed without æøå still match.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Sequence

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_NORWEGIAN

_TOKEN = re.compile(r"[0-9a-zA-ZæøåÆØÅéèüöäÉÜÖÄ]+")
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "è": "e", "ü": "u", "ö": "o", "ä": "a"})
_STOP = frozenset(STOPWORDS_NORWEGIAN) | {"hva", "hvilke", "hvilken", "hvor", "kor", "kva", "kven", "kan", "skal", "må", "får", "få"}
_STOP_FOLDED = frozenset(w.translate(_FOLD) for w in _STOP)
MIN_PART = 4
MIN_COMPOUND = 9


def fold(word: str) -> str:
    w = word.translate(_FOLD)
    return w.replace("aa", "a")


def raw_words(text: str) -> list[str]:
    return [w.lower() for w in _TOKEN.findall(text)]


class NorwegianAnalyzer:
    """Turns text into BM25 terms. Built from the corpus vocabulary (for compound splitting)."""

    def __init__(self, corpus_texts: Iterable[str] = ()) -> None:
        self._stemmer = Stemmer.Stemmer("norwegian")
        self._stem = lru_cache(maxsize=200_000)(self._stem_uncached)
        words: set[str] = set()
        for t in corpus_texts:
            words.update(w for w in raw_words(t) if len(w) >= MIN_PART and not w.isdigit())
        # Known parts: the corpus words themselves and their stems (so "fristen" can split as "frist").
        self._vocab = frozenset({fold(w) for w in words} | {s for s in map(self._stem, words) if len(s) >= MIN_PART})
        self._split = lru_cache(maxsize=200_000)(self._split_uncached)

    def _stem_uncached(self, word: str) -> str:
        return fold(self._stemmer.stemWord(word))

    def _split_uncached(self, folded: str) -> tuple[str, ...]:
        """Best split of a folded compound into two known words, or ()."""
        if len(folded) < MIN_COMPOUND or not self._vocab:
            return ()
        best: tuple[str, ...] = ()
        for i in range(MIN_PART, len(folded) - MIN_PART + 1):
            left, right = folded[:i], folded[i:]
            if right not in self._vocab:
                continue
            for cand in (left, left[:-1] if left[-1:] in ("s", "e") else None):
                if cand and len(cand) >= MIN_PART and cand in self._vocab:
                    if not best or (len(cand) + len(right), len(cand)) > (sum(map(len, best)), len(best[0])):
                        best = (cand, right)
        return best

    def terms(self, text: str) -> list[str]:
        out: list[str] = []
        for w in raw_words(text):
            if w in _STOP or fold(w) in _STOP_FOLDED or (len(w) == 1 and not w.isdigit()):
                continue
            stem = self._stem(w)
            out.append(stem)
            for part in self._split(fold(w)) or self._split(stem):
                out.append(self._stem(part))
        return out


class BM25Index:
    """In-memory BM25 over a fixed list of texts; rebuilt from chunks when the index opens (< 2 s)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.analyzer = NorwegianAnalyzer(texts)
        corpus_terms = [self.analyzer.terms(t) or ["_"] for t in texts]
        self._bm = bm25s.BM25()
        self._bm.index(corpus_terms, show_progress=False)
        self._vocab = set(self._bm.vocab_dict.keys()) if hasattr(self._bm, "vocab_dict") else None
        self.size = len(texts)

    def search(self, query: str, k: int = 50) -> list[tuple[int, float]]:
        terms = self.analyzer.terms(query)
        if self._vocab is not None:
            terms = [t for t in terms if t in self._vocab]
        if not terms or self.size == 0:
            return []
        k = min(k, self.size)
        docs, scores = self._bm.retrieve([terms], k=k, show_progress=False, n_threads=1)
        return [(int(d), float(s)) for d, s in zip(np.asarray(docs)[0], np.asarray(scores)[0]) if s > 0]
