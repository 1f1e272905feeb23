"""The Assistant: one object that owns the corpus, the index and the answering pipeline.

    >>> from assistant import Assistant
    >>> a = Assistant()                      # bundled corpus, index/ (built on first use)
    >>> a.search("oppsigelsesfrist", k=3)    # ranked Passages
    >>> a.ask("Hva er oppsigelsesfristen?")  # Answer with citations

The web page, the CLI and the tests all go through this class.
"""
from __future__ import annotations

import sys
import threading
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, Sequence

from .answer.normalize import retrieval_text
from .answer.pipeline import corpus_vocabulary
from .errors import IndexError_
from .retrieval.embedders import Embedder, make_embedder
from .retrieval.index import (
    BuildInfo,
    Progress,
    RefreshReport,
    build_index,
    corpus_stamp,
    current_build,
    embedded_texts,
    load_chunks,
    load_documents,
    load_sentences,
    open_store,
    refresh_shipped,
)
from .retrieval.retriever import HybridRetriever
from .settings import Settings
from .types import Answer, Chunk, DocumentInfo, Passage


class StderrProgress:
    """Progress on stderr with counts and ETA (the CLI and the run script); one instance per job."""

    LABELS = {"load": "Leser dokumenter", "embed": "Lager vektorer", "store": "Lagrer indeks"}

    def __init__(self) -> None:
        self._stages: dict[str, dict[str, float]] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        st = self._stages.setdefault(stage, {"t0": now, "last": 0.0})
        if done == 0:
            st["t0"] = now
        if done not in (0, total) and now - st["last"] < 1.0:
            return
        st["last"] = now
        eta = ""
        if 0 < done < total:
            rate = done / max(now - st["t0"], 1e-6)
            eta = f", ca. {int((total - done) / rate)} s igjen ({rate:.1f}/s)"
        print(f"{self.LABELS.get(stage, stage)}: {done}/{total}{eta}", file=sys.stderr, flush=True)


def _chunker_version() -> str:
    """Hash of the code that turns files into indexed text: a change there re-chunks (vectors stay cached)."""
    import hashlib

    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for p in sorted((here / "corpus").glob("*.py")) + [here / "retrieval" / "retriever.py"]:
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


class Assistant:
    """Corpus + index + answering. Thread-safe for concurrent ``search``/``ask``."""

    def __init__(
        self,
        corpus_dir: str | Path | None = None,
        index_dir: str | Path | None = None,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        progress: Progress | None = None,
    ) -> None:
        s = settings or Settings.from_env()
        if corpus_dir:
            s = replace(s, corpus_dir=Path(corpus_dir))
        if index_dir:
            s = replace(s, index_dir=Path(index_dir))
        self.settings = s
        self._embedder = embedder
        self._progress = progress
        self._lock = threading.RLock()
        self._retriever: HybridRetriever | None = None
        self.build: BuildInfo | None = None
        self.rebuilt = False  # whether the last reindex() built anything
        self.warnings: list[str] = []
        self.stage_seconds: dict[str, float] = {}  # of the last reindex(): load, embed, store, bm25

    # -- index lifecycle ---------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = make_embedder(self.settings.embedder)
        return self._embedder

    def _open(self) -> HybridRetriever:
        with self._lock:
            if self._retriever is not None:
                return self._retriever
            s = self.settings
            stamp = corpus_stamp(s.corpus_dir, _chunker_version())
            force = False
            damage: list[str] = []
            try:
                info = current_build(s.index_dir)
                if info is not None and info.corpus_stamp == stamp and info.embedder == self.embedder.name:
                    self._retriever = self._load(info)
                    return self._retriever
            except IndexError_ as e:  # damaged or half-written: rebuild (cached vectors make it quick)
                damage.append(str(e))
                force = True
            self.reindex(progress=self._progress, force=force)
            self.warnings = damage + self.warnings
            assert self._retriever is not None
            return self._retriever

    def _load(self, info: BuildInfo) -> HybridRetriever:
        s = self.settings
        chunks = load_chunks(s.index_dir, info)
        docs = {d.doc_id: d for d in load_documents(s.index_dir, info)}
        store = open_store(s.index_dir, info, s.chroma_url)
        self.build = info
        t0 = time.perf_counter()
        # The corpus vocabulary is built on first use and shared with the answering pipeline (one per chunk list).
        retriever = HybridRetriever(chunks, docs, store, self.embedder, sentences=load_sentences(s.index_dir, info),
                                    rewrite=lambda question: retrieval_text(question, corpus_vocabulary(retriever)))
        self.stage_seconds["bm25"] = round(time.perf_counter() - t0, 3)  # the BM25 index is built here
        return retriever

    def reindex(self, progress: Progress | None = None, force: bool = False) -> BuildInfo:
        """Re-read the corpus and build what changed; the old index serves until the new one is ready."""
        from .corpus import chunk_documents, load_corpus

        s = self.settings
        t0 = time.perf_counter()
        stamp = corpus_stamp(s.corpus_dir, _chunker_version())
        warnings: list[str] = []
        docs = load_corpus(s.corpus_dir, on_warning=warnings.append)
        chunks = chunk_documents(docs)
        stages = {"load": round(time.perf_counter() - t0, 3)}
        info, rebuilt = build_index(
            chunks, self.embedder, s.index_dir, chroma_url=s.chroma_url, progress=progress, force=force,
            documents=[d.info for d in docs], corpus_stamp=stamp, shipped_dir=s.shipped_dir, on_warning=warnings.append,
        )
        if rebuilt:
            stages.update(info.stage_seconds)
        with self._lock:
            current = self._retriever if self.build is not None and self.build.name == info.name else None
            self.stage_seconds = stages
        new = current or self._load(info)  # an unchanged build keeps serving as loaded
        with self._lock:
            self._retriever = new
            self.build = info
            self.warnings = warnings
            self.rebuilt = rebuilt
        return info

    def refresh_shipped_vectors(self, progress: Progress | None = None) -> RefreshReport:
        """Rewrite the committed vector cache (``corpus/vectors/``) from the current corpus: it then holds
        exactly the texts the index embeds; vectors already in the shipped or the local cache are reused."""
        from .corpus import chunk_documents, load_corpus

        s = self.settings
        chunks = chunk_documents(load_corpus(s.corpus_dir, on_warning=lambda _m: None))
        return refresh_shipped(embedded_texts(chunks), self.embedder, s.index_dir, s.shipped_dir, progress)

    # -- queries -----------------------------------------------------------------------
    @property
    def retriever(self) -> HybridRetriever:
        """The loaded hybrid retriever (opens or builds the index on first use)."""
        return self._open()

    @property
    def documents(self) -> dict[str, DocumentInfo]:
        return self._open().documents

    @property
    def chunks(self) -> list[Chunk]:
        return self._open().chunks

    def search(self, question: str, k: int = 5, doc_ids: Sequence[str] | None = None, valid_on: date | None = None) -> list[Passage]:
        return self._open().search(question, k=k, doc_ids=doc_ids, valid_on=valid_on)

    def ask(self, question: str, history: list[dict[str, Any]] | None = None, today: date | None = None) -> Answer:
        from .answer.pipeline import answer_question

        return answer_question(
            question, retriever=self, documents=self.documents, history=history,
            today=today or date.today(), settings=self.settings,
        )


_default: Assistant | None = None
_default_lock = threading.Lock()


def default_assistant() -> Assistant:
    global _default
    with _default_lock:
        if _default is None:
            _default = Assistant()
        return _default


def ask(question: str, history: list[dict[str, Any]] | None = None, today: date | None = None) -> Answer:
    """``assistant.ask(question)`` with the bundled corpus and the default index."""
    return default_assistant().ask(question, history=history, today=today)

