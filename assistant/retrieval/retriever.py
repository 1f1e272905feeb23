"""HybridRetriever: BM25 and dense rankings over the same chunks, fused by weighted min–max scores.

Tuned on the dev set (65 questions with source quotes; see ``python -m assistant bench retrieval``):
BM25 alone MRR 0.62, dense alone 0.46, RRF 0.55–0.76, min–max fusion with a prior for binding
documents 0.78 (whole chunks embedded), 0.80 / hit@5 0.89 once the dense side embeds each chunk's
opening (see ``embedding_text``). The weights were 0.6/0.4, then 0.55/0.45 once two held-out sets written
without sight of the code (``tests/fixtures/heldout*_answers.jsonl``, paraphrased questions) showed BM25 missing
what the dense side ranked first. The weights now (bm25 0.47, dense 0.53, sentence evidence 0.38, below) come
from a linear ranker fitted to the dev set and held-out sets 1–2 (``python -m assistant bench fusion``, see
``fitting.py``; it gives 0.47 / 0.53 / 0.34 on today's features). In the full search: dev MRR 0.834 → 0.851,
hit@1 0.754 → 0.785; held-out set 1 0.813 → 0.865, set 2 0.564 → 0.613; set 3, never fitted on, 0.793 → 0.791.
Part of the dev gain is fitted to it: weights fitted on the held-out sets alone score the dev set's whole
questions 0.827 (these weights 0.858). More features (document kind, superseded documents, a heading match,
rank positions, a document the question names) gained nothing on left-out sets or in the full search.

A fourth ranking, "sentence" (the best cosine between the question and one sentence of the chunk, from the
sentence vectors of ``sentence_index``), did gain. Refitted on dev + held-out sets 1–4, each set scored with
weights fitted on the others (MRR@5 of the whole question, three features → four): dev 0.811 → 0.827, set 1
0.859 → 0.893, set 2 0.628 → 0.667, set 3 0.786 → 0.817, set 4 0.700 → 0.793. Fitted on all five: bm25 0.46,
dense 0.54, sentence 0.84, sentence evidence 0.06 (it was 0.38: the sentence vectors do most of its work). The
sentence cosine has no document prior. Chunk vectors made as the mean of their sentences' vectors instead of
embedding the chunk scored lower (set 4 0.731, set 2 0.621), so both are embedded.

The prior: the expert report is ~90 % of the corpus text and crowds out the agreements' clauses; agreements,
circulars and letters get their BM25 score × 1.5 and +0.04 cosine similarity, so the report wins only where it
clearly matches better.

On top of that (dev hit@5 0.89 → 0.92, MRR 0.80 → 0.83): the question is rewritten to bokmål first
(``rewrite``), a two-part question is also searched part by part, English questions lean on the dense side,
and title pages are never returned. ``bench general`` checks the same code on other Norwegian text.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Callable, Mapping, Sequence

import numpy as np

from ..language import is_english
from ..language import question_parts as split_question
from ..references import in_section, section_references
from ..types import Chunk, DocumentInfo, Passage
from .embedders import Embedder
from .fusion import fuse_scores, normalize_scores
from .lexical import BM25Index
from .sentence_index import SentenceVectors
from .store import ChromaStore

CANDIDATES = 60
WEIGHTS = {"bm25": 0.46, "dense": 0.54, "sentence": 0.84}
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


# ", og hva foreslår utvalget?": a second question joined to the first (``language.question_parts``). Each part
# is searched too, so the passage that answers the second part is not crowded out by the first part's many matches.
MIN_PART_CHARS = 8

# An English question reaches BM25 only through a small translation table, so its words rarely match the
# Norwegian text; the multilingual dense model reads it as it is. With 0.3/0.7 the general fixture's hybrid
# hit@1 went 0.869 → 0.892 and MRR 0.908 → 0.923 (`bench general`); the dev set was unchanged (0.45 and
# 0.15 were worse on one or the other).
ENGLISH_WEIGHTS = {"bm25": 0.3, "dense": 0.7, "sentence": WEIGHTS["sentence"]}


def question_parts(question: str) -> list[str]:
    """The sub-questions of a question that asks two things ("Hva er X, og hvor mange Y?"); [] if it asks one."""
    parts = [p for p in split_question(question) if len(p.strip(" ?.!")) >= MIN_PART_CHARS]
    return parts if len(parts) > 1 else []


# The whole question's ranking keeps its first two places: the part rankings fill in after them. Dev MRR
# unchanged, held-out set 1 hit@5 0.96 → 1.00, set 2 MRR +0.005 (one place: the same; none: the old round-robin).
WHOLE_FIRST = 2


def interleave(rankings: Sequence[Sequence[int]], k: int) -> list[int]:
    """The first ranking's (the whole question's) best ``WHOLE_FIRST``, then round-robin over the other rankings
    and the first, skipping items already taken."""
    if not rankings:
        return []
    out: list[int] = list(dict.fromkeys(rankings[0][:WHOLE_FIRST]))[:k]
    seen: set[int] = set(out)
    turn = [*rankings[1:], rankings[0]]
    pos = [0] * len(turn)
    while len(out) < k and any(p < len(r) for p, r in zip(pos, turn)):
        for j, r in enumerate(turn):
            while pos[j] < len(r) and r[pos[j]] in seen:
                pos[j] += 1
            if pos[j] < len(r) and len(out) < k:
                out.append(r[pos[j]])
                seen.add(r[pos[j]])
                pos[j] += 1
    return out


TITLE_MAX_CHARS = 400


def is_title_only(chunk: Chunk) -> bool:
    """A short chunk without a single sentence mark: a title page or a bare heading, never an answer. It
    matched many questions on topic words alone (the ASA 4310 title ranked first for list and term questions)."""
    return len(chunk.text) < TITLE_MAX_CHARS and not re.search(r"[.!?:;]", chunk.text)


# The fused top is re-scored by how much of the question one sentence of the chunk holds (at least two of its
# words together): a chunk that answers has the question's words together, not scattered over a page. At weight
# 0.2 over the top 20: dev hit@5 0.938 → 0.954, MRR 0.834 (unchanged). 0.38 over the top 40 is the fitted weight
# (see the module docstring); the top 20 lost a dev hit@5, all candidates gained nothing over the top 40.
EVIDENCE_WEIGHT = 0.06  # 0.38 before the sentence vectors took over most of its work (refitted with them)
EVIDENCE_TOP = 40


def with_sentence_evidence(fused: list[tuple[int, float]], bm25: BM25Index, query: str) -> list[tuple[int, float]]:
    head = fused[:EVIDENCE_TOP]
    evidence = bm25.sentence_evidence(query, [i for i, _ in head])
    head = sorted(((i, s + EVIDENCE_WEIGHT * evidence[i]) for i, s in head), key=lambda x: -x[1])
    return head + fused[EVIDENCE_TOP:]


MAX_REFERENCED = 3  # chunks of one named section put first ("punkt 13" has six sub-punkter)


class HybridRetriever:
    def __init__(
        self,
        chunks: Sequence[Chunk],
        documents: Mapping[str, DocumentInfo],
        store: ChromaStore,
        embedder: Embedder,
        weights: Mapping[str, float] | None = None,
        rewrite: Callable[[str], str] | None = None,
        sentences: SentenceVectors | None = None,
    ) -> None:
        self.chunks = list(chunks)
        self.documents = dict(documents)
        self._by_id = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        self._bm25 = BM25Index([lexical_text(c) for c in self.chunks], [c.text for c in self.chunks])
        self._store = store
        self._embedder = embedder
        self.weights = dict(weights or WEIGHTS)
        self.rewrite = rewrite  # question → search text (nynorsk/English/æøå-less words to bokmål)
        self.sentences = sentences  # every chunk's sentence vectors (the "sentence" ranking); None: not used
        # for ``referenced``: each document's title words, and the documents a newer one supersedes
        self._title_terms = {d: frozenset(self._bm25.analyzer.terms(f"{info.title} {info.full_title}"))
                             for d, info in self.documents.items()}
        self._superseded = {s for info in self.documents.values() for s in info.supersedes}

    def query_text(self, question: str) -> str:
        """What is searched for ``question``: its rewrite (``rewrite``), or the question itself."""
        return (self.rewrite(question) if self.rewrite else question) or question

    def _allowed(self, chunk: Chunk, doc_ids: Sequence[str] | None, valid_on: date | None) -> bool:
        if is_title_only(chunk):
            return False
        if doc_ids and chunk.doc_id not in doc_ids:
            return False
        if valid_on is not None:
            info = self.documents.get(chunk.doc_id)
            if info is not None and info.in_force(valid_on) is False:
                return False
        return True

    def referenced(self, question: str, score: Mapping[int, float], doc_ids: Sequence[str] | None = None,
                   valid_on: date | None = None) -> list[int]:
        """The chunks of the sections the question names ("punkt 5.6", "§ 16", "vedlegg II"), the section itself
        before its sub-sections, then as the search ranks them. Several documents have a punkt 5.6: the one the
        question names ("i statsavtalen"), else one in force, an agreement before the report, then the one the
        search ranks highest."""
        refs = section_references(question)
        if not refs:
            return []
        out: list[int] = []
        q_terms = set(self._bm25.analyzer.terms(question))
        for ref in refs:
            hits = [i for i, c in enumerate(self.chunks)
                    if in_section(c.section, ref) and self._allowed(c, doc_ids, valid_on)]
            if not hits:
                continue

            def rank(doc: str) -> tuple[int, bool, bool, float]:
                best = max(score.get(i, 0.0) for i in hits if self.chunks[i].doc_id == doc)
                return (len(q_terms & self._title_terms.get(doc, frozenset())), doc not in self._superseded,
                        self._is_binding(doc), best)

            doc = max(dict.fromkeys(self.chunks[i].doc_id for i in hits), key=rank)
            mine = sorted((i for i in hits if self.chunks[i].doc_id == doc),
                          key=lambda i: (self.chunks[i].section != ref, -score.get(i, 0.0), i))
            out += [i for i in mine[:MAX_REFERENCED] if i not in out]
        return out

    def _is_binding(self, doc_id: str) -> bool:
        info = self.documents.get(doc_id)
        return info is None or info.kind not in UNBOOSTED_KINDS

    def _binding(self, i: int) -> bool:
        return self._is_binding(self.chunks[i].doc_id)

    def rankings(self, question: str, doc_ids: Sequence[str] | None = None, valid_on: date | None = None,
                 query_vector: np.ndarray | None = None) -> dict[str, list[tuple[int, float]]]:
        """Each retriever's ranking as (chunk index, score with the document prior), filtered, best first. The
        "sentence" ranking rescores the candidates of the other two by their best sentence's cosine."""
        lex = [(i, s * (BM25_PRIOR if self._binding(i) else 1.0))
               for i, s in self._bm25.search(question, CANDIDATES) if self._allowed(self.chunks[i], doc_ids, valid_on)]
        qv = self._embedder.embed_queries([question])[0] if query_vector is None else query_vector
        dense = []
        for cid, s in self._store.query(qv, CANDIDATES, doc_ids=doc_ids):
            i = self._by_id.get(cid)
            if i is not None and self._allowed(self.chunks[i], doc_ids, valid_on):
                dense.append((i, s + (DENSE_PRIOR if self._binding(i) else 0.0)))
        out = {"bm25": sorted(lex, key=lambda x: -x[1]), "dense": sorted(dense, key=lambda x: -x[1])}
        if self.sentences is not None:
            ids = list(dict.fromkeys(i for r in out.values() for i, _ in r))
            out["sentence"] = sorted(self.sentences.best(qv, ids).items(), key=lambda x: -x[1])
        return out

    def candidate_features(self, question: str) -> tuple[list[int], list[tuple[float, float, float]]]:
        """The whole question's candidate chunks and what fusion weighs for each (``fitting.FEATURES``): min–max
        BM25 score, min–max dense score, sentence evidence, min–max best sentence cosine. ``bench fusion`` fits
        the weights on these."""
        query = self.query_text(question)
        ranks = self.rankings(query)
        norm = {name: normalize_scores(r) for name, r in ranks.items()}
        ids = list(dict.fromkeys(i for r in ranks.values() for i, _ in r))
        evidence = self._bm25.sentence_evidence(query, ids)
        return ids, [(norm["bm25"].get(i, 0.0), norm["dense"].get(i, 0.0), evidence[i], norm.get("sentence", {}).get(i, 0.0))
                     for i in ids]

    def _fused(self, query: str, doc_ids: Sequence[str] | None, valid_on: date | None,
               weights: Mapping[str, float] | None = None, query_vector: np.ndarray | None = None,
               ) -> tuple[list[tuple[int, float]], dict[str, dict[int, float]]]:
        ranks = self.rankings(query, doc_ids, valid_on, query_vector)
        fused = fuse_scores(ranks, weights or self.weights)
        return with_sentence_evidence(fused, self._bm25, query), {n: dict(r) for n, r in ranks.items()}  # type: ignore[arg-type]

    def search(self, question: str, k: int = 5, doc_ids: Sequence[str] | None = None, valid_on: date | None = None) -> list[Passage]:
        question = (question or "").strip()
        if not question or k <= 0:
            return []
        query = self.query_text(question)
        weights = ENGLISH_WEIGHTS if is_english(question) else None
        raw_parts = question_parts(question)  # split as written; each part is rewritten on its own
        parts = [self.query_text(p) for p in raw_parts]
        # a later part keeps the first part's words: "hva foreslår utvalget" needs its topic
        part_queries = [p if j == 0 else f"{p} {parts[0]}" for j, p in enumerate(parts)]
        # a part searched with the same terms as the whole question (the second of two parts with the first's
        # words) would find what the whole finds: the whole's search stands for it, with no vector of its own
        whole_terms = sorted(self._bm25.analyzer.terms(query))
        own = [j == 0 or sorted(self._bm25.analyzer.terms(pq)) != whole_terms for j, pq in enumerate(part_queries)]
        # one call for the question, its parts as searched, and the later parts alone (their sentences' cosine)
        searched = [pq for j, pq in enumerate(part_queries) if own[j]]
        vectors = self._embedder.embed_queries([query, *searched, *parts[1:]])
        qv = vectors[0]
        fused, raw = self._fused(query, doc_ids, valid_on, weights, qv)
        score = dict(fused)
        order = [i for i, _ in fused]
        if parts:
            at = iter(range(1, 1 + len(searched)))
            per = [self._fused(pq, doc_ids, valid_on, weights, vectors[next(at)])[0] if own[j] else fused
                   for j, pq in enumerate(part_queries)]
            for f in per:
                for i, s in f:
                    score.setdefault(i, s)
            order = interleave([order] + [[i for i, _ in f] for f in per], k)
        named = self.referenced(question, score, doc_ids, valid_on)
        if named:  # "Hva sier punkt 5.6?": the punkt itself, not the clauses that mention it, comes first
            top = max(score.values(), default=0.0)
            for i in named:
                score[i] = max(score.get(i, 0.0), top)
            order = named + [i for i in order if i not in named]
        out = []
        sentence_scores = self.sentences.scores(qv, order[:k]) if self.sentences is not None else {}
        # each part's own cosine with the sentences (the first part's is its search vector: it has no other words)
        # (alone, not with the first part's words: "hvor lenge sitter medlemmene" finds "Funksjonstiden er 2 år")
        part_vectors = [vectors[1], *vectors[1 + len(searched):]] if parts else []
        per_part = ([(p, self.sentences.scores(v, order[:k])) for p, v in zip(raw_parts, part_vectors)]
                    if self.sentences is not None else [])
        for i in order[:k]:
            c = self.chunks[i]
            info = self.documents.get(c.doc_id)
            diag = tuple((n, raw[n][i]) for n in raw if i in raw[n])
            out.append(Passage(chunk=c, score=score[i], valid_from=info.valid_from if info else None,
                               valid_to=info.valid_to if info else None, scores=diag, sentence_scores=sentence_scores.get(i, ()),
                               part_sentence_scores=tuple((p, sc.get(i, ())) for p, sc in per_part)))
        return out
