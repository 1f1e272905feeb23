"""Recover PDF pages from extracted plain text, and drop OCR copies of pages.

Pure functions over lists of lines. What the bundled texts show (see NOTES):

* A line that starts with exactly one space begins a new PDF page -- unless the document uses
  leading spaces for indentation as well (then pages cannot be recovered and are ``None``).
* ``Side | N`` footers, where present, anchor the page numbers (markers are sometimes missed).
* Some pages are followed by an OCR copy of (part of) themselves with recognition errors. The copy
  is found by comparing the tail of a page with its head after stripping spaces and punctuation
  and treating l/I/1 (and i, |, !) alike.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

_MARKER_RE = re.compile(r"^ \S")
_INDENT_RE = re.compile(r"^ {2,}\S")
_FOOTER_RE = re.compile(r"^\s*Side\s*\|?\s*(\d{1,4})\s*$")


@dataclass(frozen=True)
class Page:
    number: int | None
    lines: tuple[str, ...]


def uses_page_markers(lines: list[str]) -> bool:
    """True when single-space-indented lines look like page starts rather than indentation."""
    markers = sum(1 for line in lines if _MARKER_RE.match(line))
    indented = sum(1 for line in lines if _INDENT_RE.match(line))
    return markers >= 1 and indented <= max(3, 0.2 * markers)


def split_pages(lines: list[str]) -> list[Page]:
    """Split a text's lines into pages. Without recoverable markers: one page numbered ``None``."""
    if not uses_page_markers(lines):
        return [Page(None, tuple(lines))]
    segments: list[list[str]] = []
    for line in lines:
        if _MARKER_RE.match(line) or not segments:
            segments.append([])
        segments[-1].append(line)
    numbers = number_segments(segments)
    return [Page(n, tuple(seg)) for n, seg in zip(numbers, segments)]


def number_segments(segments: list[list[str]]) -> list[int]:
    """Sequential numbers, re-anchored on the nearest ``Side | N`` footer when there are any."""
    anchors: list[tuple[int, int]] = []  # (segment index, printed page number)
    for i, seg in enumerate(segments):
        for line in seg:
            m = _FOOTER_RE.match(line)
            if m:
                anchors.append((i, int(m.group(1))))
    if not anchors:
        return list(range(1, len(segments) + 1))
    numbers = []
    for i in range(len(segments)):
        j, printed = min(anchors, key=lambda a: abs(a[0] - i))
        numbers.append(max(1, printed + (i - j)))
    return numbers


_OCR_FOLD = str.maketrans({"l": "1", "i": "1", "|": "1", "!": "1", "o": "0"})


def fold_for_ocr(text: str) -> str:
    """Lowercase, keep letters/digits only, and merge characters OCR confuses (l/I/1, o/0)."""
    return "".join(c for c in text.lower() if c.isalnum()).translate(_OCR_FOLD)


def coverage(tail: str, head: str) -> float:
    """Share of ``tail`` that matches blocks of ``head`` (1.0 = tail fully contained)."""
    if not tail:
        return 0.0
    sm = SequenceMatcher(None, tail, head, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks()) / len(tail)


def shingle_share(tail: str, head: str, n: int = 8) -> float:
    grams = {tail[i : i + n] for i in range(len(tail) - n + 1)}
    if not grams:
        return 0.0
    seen = {head[i : i + n] for i in range(len(head) - n + 1)}
    return len(grams & seen) / len(grams)


def _similar(a: str, b: str) -> bool:
    if len(a) >= 8 and len(b) >= 8 and (a in b or b in a):
        return True
    if 2 * min(len(a), len(b)) < 0.8 * (len(a) + len(b)):
        return False
    sm = SequenceMatcher(None, a, b, autojunk=False)
    return sm.real_quick_ratio() >= 0.8 and sm.quick_ratio() >= 0.8 and sm.ratio() >= 0.8


def find_ocr_copy(
    lines: list[str], context: str = "", min_chars: int = 80, threshold: float = 0.9
) -> int | None:
    """Index of the first line of an OCR copy at the end of a page, or None.

    An OCR copy repeats the page, so it ends with a copy of the page's last clean line. Each
    earlier line similar to the segment's last line is a candidate end of the clean text; the cut
    is the next line, and the tail after it must be contained in the head (context + clean lines)
    with ``coverage >= threshold`` (at least ``min_chars`` folded characters and three lines).
    Among passing cuts the best-covered wins; near-ties go to the longest tail. ``context`` is the
    folded previous page: a page marker can fall inside a page, so the copy may repeat text that
    precedes the marker.
    """
    folded = [fold_for_ocr(line) for line in lines]
    nonblank = [i for i, f in enumerate(folded) if len(f) >= 4]
    if len(nonblank) < 4:
        return None
    last = folded[nonblank[-1]]
    best: tuple[float, int] | None = None
    for k in range(len(nonblank) - 2, -1, -1):
        j = nonblank[k]
        if not _similar(folded[j], last):
            continue
        cut = nonblank[k + 1]
        tail_parts = [folded[i] for i in range(cut, len(lines)) if folded[i]]
        tail = "".join(tail_parts)
        head = (context + "".join(folded[:cut]))[-6000:]
        if len(tail_parts) < 3 or len(tail) < min_chars or len(tail) > len(head) * 1.15:
            continue
        if shingle_share(tail, head) < 0.6:  # cheap test first; coverage() is quadratic
            continue
        score = coverage(tail, head)
        if score >= threshold and (best is None or score > best[0] - 0.01):
            best = (max(score, best[0]) if best else score, cut)
    return best[1] if best else None


def drop_ocr_copies(pages: list[Page], min_share: float = 0.3) -> tuple[list[Page], int]:
    """Remove OCR copies at the end of pages. Returns the pages and the number of lines dropped.

    Only done when copies are found on at least ``min_share`` of the pages: a scanned document
    with a text layer has them throughout, while an occasional repeated table in a report is real.
    """
    numbered = [p for p in pages if p.number is not None]
    if not numbered:
        return list(pages), 0
    out: list[Page] = []
    cuts: list[int | None] = []
    for page in pages:
        lines = list(page.lines)
        context = fold_for_ocr("".join(out[-1].lines))[-3000:] if out else ""
        cut = find_ocr_copy(lines, context) if page.number is not None else None
        cuts.append(cut)
        out.append(Page(page.number, tuple(lines[:cut] if cut is not None else lines)))
    found = sum(1 for c in cuts if c is not None)
    if found < min_share * len(numbered):
        return list(pages), 0
    dropped = sum(len(p.lines) - len(o.lines) for p, o in zip(pages, out))
    return out, dropped
