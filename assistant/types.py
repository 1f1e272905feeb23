"""Typed values passed between layers.

Everything here is a frozen dataclass with ``to_dict()`` so that the CLI (``--json``),
the web page and the tests see the same shapes. No I/O in this module.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@dataclass(frozen=True)
class DocumentInfo:
    """One corpus document as described by ``corpus/manifest.yaml``."""

    doc_id: str
    title: str  # short citation name, e.g. "Rammeavtalen (ASA 4310) 2024–2025"
    source_file: str  # file name inside the corpus folder
    full_title: str = ""
    issuer: str = ""
    kind: str = "ukjent"  # avtale | rundskriv | brev | rapport | ukjent
    date: date | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    supersedes: tuple[str, ...] = ()
    validity_note: str = ""  # e.g. "forlenges ett år om gangen hvis ikke sagt opp"
    from_manifest: bool = True

    def in_force(self, on: date) -> bool | None:
        """True/False when validity is known; None when the document has no validity period."""
        if self.valid_from is None and self.valid_to is None:
            return None
        if self.valid_from and on < self.valid_from:
            return False
        if self.valid_to and on > self.valid_to:
            return False
        return True

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["date"], d["valid_from"], d["valid_to"] = _iso(self.date), _iso(self.valid_from), _iso(self.valid_to)
        d["supersedes"] = list(self.supersedes)
        return d


@dataclass(frozen=True)
class Document:
    """A cleaned document: text plus where each page starts (character offsets)."""

    info: DocumentInfo
    text: str
    page_starts: tuple[tuple[int, int], ...] = ()  # (offset, page number), ascending offsets

    def page_at(self, offset: int) -> int | None:
        page = None
        for start, number in self.page_starts:
            if start > offset:
                break
            page = number
        return page


def chunk_id_for(doc_id: str, section: str, text: str) -> str:
    """Stable id from (document, section, text hash): a rebuilt index keeps its ids."""
    h = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    safe_section = "".join(c if c.isalnum() or c in "._-" else "_" for c in section)[:40] or "x"
    return f"{doc_id}:{safe_section}:{h}"


@dataclass(frozen=True)
class Chunk:
    """A piece of one section of one document; never spans two punkter."""

    chunk_id: str
    doc_id: str
    title: str
    source_file: str
    section: str  # "5.6", "Vedlegg II", "Rundskriv A/5-2022", "4.8.1" ...
    heading: str  # the section's heading text
    heading_path: tuple[str, ...]
    page: int | None
    start: int  # character offsets in the cleaned document text
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["heading_path"] = list(self.heading_path)
        return d


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its score (higher is better) and its document's validity."""

    chunk: Chunk
    score: float
    valid_from: date | None = None
    valid_to: date | None = None
    scores: tuple[tuple[str, float], ...] = ()  # per-retriever diagnostics, e.g. (("bm25", 3.1), ("dense", 0.84))
    sentence_scores: tuple[tuple[str, float], ...] = ()  # (sentence, cosine with the question) per embedded sentence
    # for a question that asks several things: (part as written, its (sentence, cosine) pairs) per part
    part_sentence_scores: tuple[tuple[str, tuple[tuple[str, float], ...]], ...] = ()

    # Convenience accessors so callers rarely touch .chunk
    @property
    def text(self) -> str:
        return self.chunk.text

    @property
    def doc_id(self) -> str:
        return self.chunk.doc_id

    @property
    def section(self) -> str:
        return self.chunk.section

    def to_dict(self) -> dict[str, Any]:
        d = self.chunk.to_dict()
        d["score"] = round(self.score, 6)
        d["valid_from"] = _iso(self.valid_from)
        d["valid_to"] = _iso(self.valid_to)
        d["scores"] = {k: round(v, 6) for k, v in self.scores}
        return d


@dataclass(frozen=True)
class Citation:
    n: int
    doc_id: str
    title: str
    section: str
    heading: str
    page: int | None
    quote: str  # verbatim text of the cited passage
    chunk_id: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    in_force: bool | None = None
    passage_text: str = ""  # the whole passage, for showing the quote in context

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["valid_from"], d["valid_to"] = _iso(self.valid_from), _iso(self.valid_to)
        return d


@dataclass(frozen=True)
class ToolCall:
    name: str
    inputs: dict[str, Any]
    result: dict[str, Any]
    sources: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "inputs": dict(self.inputs), "result": dict(self.result), "sources": list(self.sources)}


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str  # Norwegian text with inline markers [1], [2] ...
    citations: tuple[Citation, ...] = ()
    tool_calls: tuple[ToolCall, ...] = ()
    retrieved: tuple[Passage, ...] = ()
    abstained: bool = False
    follow_up: str | None = None
    notices: tuple[str, ...] = ()  # e.g. "Spørsmålet ble forkortet til 2 000 tegn."
    timings_ms: dict[str, float] = field(default_factory=dict)
    mode: str = "extractive"  # or "llm"
    pending: dict[str, Any] | None = None  # a calculation waiting for the input ``follow_up`` asks for

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "citations": [c.to_dict() for c in self.citations],
            "tool_calls": [t.to_dict() for t in self.tool_calls],
            "retrieved": [p.to_dict() for p in self.retrieved],
            "abstained": self.abstained,
            "follow_up": self.follow_up,
            "notices": list(self.notices),
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
            "mode": self.mode,
            "pending": self.pending,
        }
