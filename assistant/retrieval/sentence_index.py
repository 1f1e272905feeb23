"""Sentence vectors: every sentence of every chunk, embedded as a passage, for dense matching below chunk level.

A chunk's vector blurs a paraphrase of one sentence ("full jobb" ~ "fulltids kurativt årsverk") into the rest of
the chunk; the best cosine between the question and one of the chunk's sentences keeps it. As a fourth fusion
feature (``retriever.WEIGHTS["sentence"]``) it raised MRR@5 on every question set with weights fitted on the
other sets (``bench fusion``; see ``retriever.py``).

The build stores the distinct sentence texts' vectors (float16, ``sentences.npy``) and, per chunk, the rows of its
sentences (``sentence_rows.json``). Pure numpy; the vectors come from the same caches as the chunks' vectors.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from ..corpus.sentences import split_sentences
from ..errors import IndexError_
from ..types import Chunk

MIN_SENTENCE_CHARS = 15  # shorter pieces are headings' numbers or list stubs: nothing to match
MATRIX, ROWS = "sentences.npy", "sentence_rows.json"


def sentence_texts(chunk: Chunk) -> list[str]:
    """The sentences of a chunk that get a vector (as the composer splits and quotes them)."""
    return [s for s in split_sentences(chunk.text) if len(s) >= MIN_SENTENCE_CHARS]


@dataclass(frozen=True, eq=False)
class SentenceVectors:
    matrix: np.ndarray  # (distinct sentences, dim) float32, unit length
    rows: tuple[np.ndarray, ...]  # per chunk (index order): its sentences' rows in ``matrix``
    texts: tuple[str, ...] = ()  # row → sentence text (for sentence-level scores in the answer layer)

    def best(self, query_vector: np.ndarray, ids: Sequence[int]) -> dict[int, float]:
        """For each chunk in ``ids``: the highest cosine between the query and one of its sentences (0 without)."""
        ids = list(ids)
        if not ids:
            return {}
        lengths = [len(self.rows[i]) for i in ids]
        sims = self.matrix[np.concatenate([self.rows[i] for i in ids])] @ query_vector if sum(lengths) else np.zeros(0)
        out, start = {}, 0
        for i, n in zip(ids, lengths):
            out[i] = float(sims[start:start + n].max()) if n else 0.0
            start += n
        return out

    def scores(self, query_vector: np.ndarray, ids: Sequence[int]) -> dict[int, tuple[tuple[str, float], ...]]:
        """For each chunk in ``ids``: (sentence, cosine with the query) for each of its distinct sentences."""
        out = {}
        for i in ids:
            rows = list(dict.fromkeys(self.rows[i].tolist()))
            sims = self.matrix[rows] @ query_vector if rows else ()
            out[i] = tuple((self.texts[r], float(c)) for r, c in zip(rows, sims))
        return out


def from_chunks(chunks: Sequence[Chunk], vectors: Mapping[str, np.ndarray], dim: int) -> SentenceVectors:
    """Sentence vectors for these chunks from a (sentence text → vector) mapping holding all of them."""
    row: dict[str, int] = {}
    rows = []
    for c in chunks:
        rows.append(np.array([row.setdefault(s, len(row)) for s in sentence_texts(c)], dtype=np.int64))
    matrix = np.zeros((len(row), dim), dtype=np.float32)
    for s, r in row.items():
        matrix[r] = vectors[s]
    return SentenceVectors(matrix, tuple(rows), tuple(row))


def save(folder: Path, sv: SentenceVectors) -> None:
    np.save(folder / MATRIX, sv.matrix.astype(np.float16), allow_pickle=False)
    with open(folder / ROWS, "w", encoding="utf-8") as f:
        json.dump({"texts": list(sv.texts), "rows": [r.tolist() for r in sv.rows]}, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())


def load(folder: Path, n_chunks: int) -> SentenceVectors:
    try:
        matrix = np.load(folder / MATRIX, allow_pickle=False).astype(np.float32)
        data = json.loads((folder / ROWS).read_text(encoding="utf-8"))
        rows = tuple(np.array(r, dtype=np.int64) for r in data["rows"])
        texts = tuple(data["texts"])
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise IndexError_(f"Setningsvektorene i «{folder}» kan ikke leses. Indeksen bygges på nytt.") from e
    if len(rows) != n_chunks or len(texts) != len(matrix) or any(len(r) and r.max() >= len(matrix) for r in rows):
        raise IndexError_(f"Setningsvektorene i «{folder}» passer ikke til tekstbitene. Indeksen bygges på nytt.")
    return SentenceVectors(matrix, rows, texts)
