"""Citation checks as small pure functions (the paper-qa model).

A citation is valid when it points at a retrieved passage (by ``chunk_id``) and its quote is verbatim text of
that passage (whitespace-insensitive: the sources have hard line breaks), or when it repeats a calculator
source quote verbatim. Markers ``[n]`` without a valid citation are removed from the text, and the remaining
citations are renumbered 1, 2, 3 … in order of first appearance.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from ..corpus.sentences import normalize_ws
from ..types import Citation, DocumentInfo, Passage
from .versions import document_in_force

MARKER_RE = re.compile(r"\[(\d{1,3})\]")


def is_verbatim(quote: str, source_text: str) -> bool:
    """True when ``quote`` (non-empty, whitespace-insensitive) occurs in ``source_text``."""
    q = normalize_ws(quote).strip(" «»\"'…")
    return bool(q) and q in normalize_ws(source_text)


def find_markers(text: str) -> list[int]:
    """Marker numbers in order of appearance: "a [2] b [1]" → [2, 1]."""
    return [int(m.group(1)) for m in MARKER_RE.finditer(text)]


def citation_for(n: int, passage: Passage, quote: str, documents: dict[str, DocumentInfo], today: date) -> Citation:
    """Build a citation of ``passage`` holding ``quote``."""
    info = documents.get(passage.doc_id)
    ch = passage.chunk
    return Citation(
        n=n, doc_id=ch.doc_id, title=info.title if info else ch.title, section=ch.section, heading=ch.heading,
        page=ch.page, quote=normalize_ws(quote), chunk_id=ch.chunk_id,
        valid_from=info.valid_from if info else passage.valid_from,
        valid_to=info.valid_to if info else passage.valid_to,
        in_force=document_in_force(info, documents, today) if info else None,
        passage_text=ch.text,
    )


def citation_for_source(n: int, source: dict, documents: dict[str, DocumentInfo], today: date) -> Citation:
    """Cite a calculator's source ({"doc_id","title","punkt","quote"}) directly when no passage holds it."""
    info = documents.get(source.get("doc_id", ""))
    return Citation(
        n=n, doc_id=source.get("doc_id", ""), title=source.get("title") or (info.title if info else ""),
        section=str(source.get("punkt", "")), heading="", page=None, quote=normalize_ws(source.get("quote", "")),
        chunk_id="", valid_from=info.valid_from if info else None, valid_to=info.valid_to if info else None,
        in_force=document_in_force(info, documents, today) if info else None, passage_text=source.get("quote", ""),
    )


def is_valid_citation(c: Citation, passages: Sequence[Passage], tool_sources: Iterable[dict] = ()) -> bool:
    """Points at a retrieved passage and quotes it verbatim, or repeats a calculator source verbatim."""
    if c.chunk_id:
        return any(p.chunk.chunk_id == c.chunk_id and is_verbatim(c.quote, p.text) for p in passages)
    return any(s.get("doc_id") == c.doc_id and is_verbatim(c.quote, s.get("quote", "")) for s in tool_sources)


def validate(text: str, citations: Sequence[Citation], passages: Sequence[Passage],
             tool_sources: Iterable[dict] = ()) -> tuple[str, tuple[Citation, ...], int]:
    """Drop invalid citations and markers; renumber. Returns (text, citations, number dropped)."""
    sources = list(tool_sources)
    valid = {c.n: c for c in citations if is_valid_citation(c, passages, sources)}
    dropped = len(citations) - len(valid)
    order: list[int] = []
    for n in find_markers(text):
        if n in valid and n not in order:
            order.append(n)
    new_n = {old: i + 1 for i, old in enumerate(order)}

    def swap(m: re.Match[str]) -> str:
        old = int(m.group(1))
        return f"[{new_n[old]}]" if old in new_n else ""

    new_text = MARKER_RE.sub(swap, text)
    new_text = re.sub(r"(\[\d+\])(?:\s*\1)+", r"\1", new_text)  # "[1] [1]" → "[1]"
    new_text = re.sub(r"[ \t]+([.,;:])", r"\1", re.sub(r"[ \t]{2,}", " ", new_text)).strip()
    kept = tuple(replace(valid[old], n=new_n[old]) for old in order)
    return new_text, kept, dropped


def cited_label(c: Citation) -> str:
    """"Rammeavtalen (ASA 4310) 2024–2025 pkt. 8.5" (section numbers get "pkt.", names stay as they are)."""
    return section_label(c.title, c.section)


def section_label(title: str, section: str | None) -> str:
    """A document title with its punkt or section name, as citations show it."""
    if not section:
        return title
    if re.match(r"^\d+(\.\d+)*$", section):
        return f"{title} pkt. {section}"
    if section.lower() in title.lower():
        return title
    return f"{title}, {section}"
