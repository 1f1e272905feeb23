"""HybridRetriever: BM25 and dense rankings over the same chunks, fused by weighted min–max scores.

Tuned on the dev set (65 questions with source quotes; see ``python -m assistant bench retrieval``):
BM25 alone MRR 0.62, dense alone 0.46, RRF 0.55–0.76, min–max fusion with a prior for binding
documents 0.78 (whole chunks embedded), 0.80 / hit@5 0.89 once the dense side embeds each chunk's
opening (see ``embedding_text``). Equal weights gave hit@5 0.92 on raw questions but one more false
refusal and one fewer full answer in ``bench answers`` (which searches expanded questions), so 0.6/0.4
stays. The prior: the expert report is ~90 % of the corpus text and
crowds out the agreements' clauses; agreements, circulars and letters get their BM25 score × 1.5
and +0.04 cosine similarity, so the report wins only where it clearly matches better.
"""
from __future__ import annotations

from datetime import date
from typing import Mapping, Sequence

from ..types import Chunk, DocumentInfo, Passage
from .embedders import Embedder
from .fusion import fuse_scores
from .lexical import BM25Index
from .store import ChromaStore

CANDIDATES = 60
WEIGHTS = {"bm25": 0.6, "dense": 0.4}
UNBOOSTED_KINDS = frozenset({"rapport"})  # background material, not rules
BM25_PRIOR = 1.5  # multiplies the BM25 score of binding documents
DENSE_PRIOR = 0.04  # added to the cosine similarity of binding documents


def lexical_text(chunk: Chunk) -> str:
    """What BM25 indexes: the heading path adds the section's topic words to every piece of it."""
    return " ".join(chunk.heading_path) + "\n" + chunk.text


EMBED_MAX_CHARS = 900


def embedding_text(chunk: Chunk) -> str:
    """What the dense model embeds (the cache keys on this text): the last two headings and the chunk's
    opening, cut at a word boundary after ``EMBED_MAX_CHARS``. BM25 still covers the whole chunk.

    Embedding costs ~1 000 tokens/s on 2 cores, so whole 1 500-character chunks made a cold build of the
    bundled corpus take 366 s; cut at 1 000 characters it took 237 s (hit@5 0.89, MRR 0.78), at 800
    184 s (0.89, 0.77), with the same or better dev-set retrieval than whole chunks (0.86, 0.78).
    """
    head = " – ".join(h for h in chunk.heading_path[-2:] if h)
    text = f"{head}\n{chunk.text}" if head else chunk.text
    if len(text) <= EMBED_MAX_CHARS:
        return text
    cut = text.rfind(" ", 0, EMBED_MAX_CHARS)
    return text[: cut if cut > EMBED_MAX_CHARS // 2 else EMBED_MAX_CHARS]


class HybridRetriever:
    def __init__(
        self,
        chunks: Sequence[Chunk],
        documents: Mapping[str, DocumentInfo],
        store: ChromaStore,
        embedder: Embedder,
        weights: Mapping[str, float] | None = None,
    ) -> None:
        self.chunks = list(chunks)
        self.documents = dict(documents)
        self._by_id = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        self._bm25 = BM25Index([lexical_text(c) for c in self.chunks])
        self._store = store
        self._embedder = embedder
        self.weights = dict(weights or WEIGHTS)

    def _allowed(self, chunk: Chunk, doc_ids: Sequence[str] | None, valid_on: date | None) -> bool:
        if doc_ids and chunk.doc_id not in doc_ids:
            return False
        if valid_on is not None:
            info = self.documents.get(chunk.doc_id)
            if info is not None and info.in_force(valid_on) is False:
                return False
        return True

    def _binding(self, i: int) -> bool:
        info = self.documents.get(self.chunks[i].doc_id)
        return info is None or info.kind not in UNBOOSTED_KINDS

    def rankings(self, question: str, doc_ids: Sequence[str] | None = None, valid_on: date | None = None) -> dict[str, list[tuple[int, float]]]:
        """Each retriever's ranking as (chunk index, score with the document prior), filtered, best first."""
        lex = [(i, s * (BM25_PRIOR if self._binding(i) else 1.0))
               for i, s in self._bm25.search(question, CANDIDATES) if self._allowed(self.chunks[i], doc_ids, valid_on)]
        qv = self._embedder.embed_queries([question])[0]
        dense = []
        for cid, s in self._store.query(qv, CANDIDATES, doc_ids=doc_ids):
            i = self._by_id.get(cid)
            if i is not None and self._allowed(self.chunks[i], doc_ids, valid_on):
                dense.append((i, s + (DENSE_PRIOR if self._binding(i) else 0.0)))
        return {"bm25": sorted(lex, key=lambda x: -x[1]), "dense": sorted(dense, key=lambda x: -x[1])}

    def search(self, question: str, k: int = 5, doc_ids: Sequence[str] | None = None, valid_on: date | None = None) -> list[Passage]:
        question = (question or "").strip()
        if not question or k <= 0:
            return []
        ranks = self.rankings(question, doc_ids, valid_on)
        fused = fuse_scores(ranks, self.weights)
        raw = {n: dict(r) for n, r in ranks.items()}
        out = []
        for i, score in fused[:k]:
            c = self.chunks[int(i)]  # type: ignore[arg-type]
            info = self.documents.get(c.doc_id)
            diag = tuple((n, raw[n][i]) for n in ranks if i in raw[n])
            out.append(Passage(chunk=c, score=score, valid_from=info.valid_from if info else None,
                               valid_to=info.valid_to if info else None, scores=diag))
        return out
