"""Cut documents into chunks: section boundaries first, then paragraphs/sentences with overlap.

Every chunk's text is a verbatim slice of the cleaned document (``doc.text[start:end]``) and
never spans two sections. A section that holds only its heading (e.g. "5 Administrasjon av
fastlegeavtaler" right before "5.1 ...", or an empty "11.2") is carried into the next section's
first chunk instead of becoming a chunk of its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..types import Chunk, Document, chunk_id_for
from .sections import Section, split_sections

_BOUNDARY_RE = re.compile(r"\n\n|(?<=[.!?:;])\s+(?=[A-ZÆØÅ0-9•«\"(–-])")


@dataclass(frozen=True)
class ChunkingParams:
    max_chars: int = 1500
    overlap_chars: int = 200
    min_chars: int = 40  # a trailing piece shorter than this is folded into the previous window


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of sentences/paragraphs in ``text[start:end]`` (absolute offsets, no surrounding space)."""
    spans, pos = [], start
    for m in _BOUNDARY_RE.finditer(text, start, end):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        spans.append((pos, end))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _hard_split(text: str, a: int, b: int, params: ChunkingParams) -> list[tuple[int, int]]:
    """Split one over-long sentence at spaces, with overlap."""
    out, pos = [], a
    while pos < b:
        stop = min(b, pos + params.max_chars)
        if stop < b:
            space = text.rfind(" ", pos + params.max_chars // 2, stop)
            stop = space if space > pos else stop
        out.append((pos, stop))
        if stop >= b:
            break
        nxt = text.find(" ", max(pos + 1, stop - params.overlap_chars), stop)
        pos = nxt + 1 if nxt != -1 else stop
    return out


def window_spans(text: str, start: int, end: int, params: ChunkingParams) -> list[tuple[int, int]]:
    """Windows of at most ``max_chars`` over whole sentences; consecutive windows share >= overlap."""
    units: list[tuple[int, int]] = []
    for a, b in sentence_spans(text, start, end):
        units.extend(_hard_split(text, a, b, params) if b - a > params.max_chars else [(a, b)])
    if not units:
        return []
    windows: list[tuple[int, int]] = []
    i = 0
    while i < len(units):
        j = i
        while j + 1 < len(units) and units[j + 1][1] - units[i][0] <= params.max_chars:
            j += 1
        windows.append((units[i][0], units[j][1]))
        if j + 1 >= len(units):
            break
        # The next window must reach unit j+1; it starts as far back as needed to repeat at
        # least overlap_chars of whole sentences, as long as it still fits in max_chars.
        k = j + 1
        for cand in range(j, i, -1):
            if units[j + 1][1] - units[cand][0] > params.max_chars:
                break
            k = cand
            if units[j][1] - units[cand][0] >= params.overlap_chars:
                break
        i = k
    # fold a tiny last window into the previous one when that stays within bounds
    if len(windows) > 1 and windows[-1][1] - windows[-1][0] < params.min_chars:
        a, _ = windows[-2]
        if windows[-1][1] - a <= params.max_chars * 1.2:
            windows[-2:] = [(a, windows[-1][1])]
    return windows


def chunk_document(doc: Document, params: ChunkingParams = ChunkingParams()) -> list[Chunk]:
    info, text = doc.info, doc.text
    chunks: list[Chunk] = []
    sections = split_sections(text, info)
    carry: int | None = None  # start of heading-only sections waiting for content
    for n, sec in enumerate(sections):
        last = n == len(sections) - 1
        tiny_front = not sec.heading and len(text[sec.start : sec.end].strip()) < 100
        if sec.is_empty or not text[sec.body_start : sec.end].strip() or tiny_front:
            if not last:
                carry = sec.start if carry is None else carry
                continue
        start = sec.start if carry is None else carry
        carry = None
        for a, b in window_spans(text, start, sec.end, params):
            piece = text[a:b]
            chunks.append(
                Chunk(
                    chunk_id=chunk_id_for(info.doc_id, sec.section_id, piece),
                    doc_id=info.doc_id,
                    title=info.title,
                    source_file=info.source_file,
                    section=sec.section_id,
                    heading=sec.heading,
                    heading_path=sec.heading_path,
                    page=doc.page_at(a),
                    start=a,
                    end=b,
                    text=piece,
                )
            )
    return _dedupe_ids(chunks)


def _dedupe_ids(chunks: list[Chunk]) -> list[Chunk]:
    """Identical text twice in one section (rare) would share an id: suffix the repeats."""
    seen: dict[str, int] = {}
    out = []
    for c in chunks:
        k = seen.get(c.chunk_id, 0)
        seen[c.chunk_id] = k + 1
        if k:
            c = replace(c, chunk_id=f"{c.chunk_id}-{k + 1}")
        out.append(c)
    return out


def chunk_documents(docs: list[Document], params: ChunkingParams | None = None) -> list[Chunk]:
    """Chunks of all documents, in document order."""
    params = params or ChunkingParams()
    return [c for d in docs for c in chunk_document(d, params)]
