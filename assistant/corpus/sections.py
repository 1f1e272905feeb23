"""Find the sections of a cleaned document: numbered punkter, chapters, Vedlegg, Del, Protokolltilførsel.

Pure functions over the cleaned text (paragraphs separated by a blank line; headings stand alone).
A heading-like line is accepted only in context:

* numbered headings must form a plausible sequence (``plausible_next``); among all candidates the
  longest plausible chain wins, so a footnote "6 Aktivitet ..." inside chapter 2 or a numbered list
  cannot derail the numbering;
* a run of "Vedlegg I/II/III" lines is a list of attachments, not a heading;
* ALL-CAPS lines count only before the numbering starts or right before a numbered heading;
* documents without numbering (letters) use short title-like lines as sub-headings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..types import DocumentInfo
from .headings import HeadingMatch, is_closing, match_heading

_PARA_RE = re.compile(r"[^\n]+(?:\n[^\n]+)*")
_RUNDSKRIV_RE = re.compile(r"\b(?:A-)?rundskriv\s*(?:nr\.?\s*:?\s*)?([A-Z]/\d{1,2}-\d{4})")
_LEVEL = {"vedlegg": 0, "del": 1, "caps": 2, "sub": 3, "protokoll": 20}


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Section:
    section_id: str  # "5.6", "Vedlegg II", "Rundskriv A/5-2022", "Vedlegg III punkt 1" ...
    heading: str  # heading text without the number ("" for the front matter)
    heading_path: tuple[str, ...]
    start: int  # offset of the heading line (or of the document start)
    body_start: int  # offset just after the heading line
    end: int

    @property
    def is_empty(self) -> bool:
        return self.body_start >= self.end


def split_paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(m.start(), m.end(), m.group(0)) for m in _PARA_RE.finditer(text)]


def plausible_next(prev: tuple[int, ...], cur: tuple[int, ...]) -> bool:
    """Can numbered heading ``cur`` follow ``prev``? (next sibling, first child, or next at a higher level)."""
    for k in range(len(cur)):
        rest_ok = all(x == 1 for x in cur[k + 1 :])
        if k < len(prev) and cur[:k] == prev[:k]:
            step = cur[k] - prev[k]
            if 1 <= step <= (2 if k == 0 else 3) and rest_ok:
                return True
        elif k == len(prev) and cur[:k] == prev:
            return cur[k] in (1, 2) and rest_ok
    return False


def longest_plausible_chain(numbers: list[tuple[int, ...]], window: int = 120) -> list[int]:
    """Indices of the longest chain of candidates where each may follow the previous one."""
    if not numbers:
        return []
    best = [1] * len(numbers)
    back = [-1] * len(numbers)
    for i, cur in enumerate(numbers):
        for j in range(max(0, i - window), i):
            if best[j] + 1 > best[i] and plausible_next(numbers[j], cur):
                best[i], back[i] = best[j] + 1, j
    i = max(range(len(numbers)), key=lambda n: (best[n], -n))
    chain = []
    while i >= 0:
        chain.append(i)
        i = back[i]
    return chain[::-1]


def _dotted_style(cands: list[HeadingMatch]) -> bool | None:
    multi = [c.dotted for c in cands if len(c.number) > 1]
    if len(multi) < 5:
        return None
    share = sum(multi) / len(multi)
    return True if share >= 0.8 else False if share <= 0.2 else None


_ROMAN = {"I": 1, "V": 5, "X": 10}


def _label_rank(label: str) -> int:
    token = label.split()[-1]
    if token.isdigit():
        return int(token)
    if all(c in _ROMAN for c in token):
        values = [_ROMAN[c] for c in token]
        return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return ord(token[0]) - ord("A") + 1


def _vedlegg_runs(paras: list[Paragraph], matches: list[HeadingMatch | None]) -> set[int]:
    """Indices of Vedlegg lines in a run of two or more with rising labels (a list of attachments)."""
    runs: list[list[int]] = []
    for i, m in enumerate(matches):
        if m is None or m.kind != "vedlegg":
            continue
        prev = runs[-1][-1] if runs else None
        if prev == i - 1 and _label_rank(m.label) > _label_rank(matches[prev].label):
            runs[-1].append(i)
        else:
            runs.append([i])
    return {i for run in runs if len(run) >= 2 for i in run}


def _accept_numbered(matches: list[HeadingMatch | None], segment: list[int]) -> set[int]:
    cands = [i for i in segment if matches[i] is not None and matches[i].kind == "number"]
    style = _dotted_style([matches[i] for i in cands])
    if style is not None:
        cands = [i for i in cands if len(matches[i].number) > 1 or matches[i].dotted == style]
    chain = longest_plausible_chain([matches[i].number for i in cands])
    return {cands[k] for k in chain}


def _is_letter_subheading(paras: list[Paragraph], i: int) -> bool:
    text = paras[i].text
    nxt = paras[i + 1].text if i + 1 < len(paras) else ""
    return (
        len(text) <= 80
        and len(text.split()) >= 2
        and text[:1].isupper()
        and not text.endswith((".", ":", ";", ",", "!", "?"))
        and len(nxt) >= 80
        and not is_closing(text)
        and "\n" not in text
    )


def classify_headings(paras: list[Paragraph]) -> dict[int, HeadingMatch]:
    """Paragraph index -> accepted heading."""
    matches = [match_heading(p.text) if len(p.text) <= 200 and "\n" not in p.text else None for p in paras]
    listed = _vedlegg_runs(paras, matches)
    accepted: dict[int, HeadingMatch] = {}
    boundaries = [i for i, m in enumerate(matches) if m is not None and m.kind == "vedlegg" and i not in listed]
    edges = [0, *boundaries, len(paras)]
    for a, b in zip(edges, edges[1:]):
        segment = list(range(a, b))
        numbered = _accept_numbered(matches, segment)
        first_numbered = min(numbered) if numbered else b
        for i in segment:
            m = matches[i]
            if m is None:
                continue
            if i in numbered or (m.kind == "vedlegg" and i not in listed) or m.kind in ("del", "protokoll"):
                accepted[i] = m
            elif m.kind == "caps":
                soon = any(j in numbered for j in range(i + 1, min(i + 4, b)))
                if i < first_numbered or soon:
                    accepted[i] = m
    if sum(1 for m in accepted.values() if m.kind == "number") < 3:
        for i, p in enumerate(paras):
            if i not in accepted and matches[i] is None and _is_letter_subheading(paras, i):
                accepted[i] = HeadingMatch("sub", p.text, p.text)
    return accepted


def front_section_id(text: str, info: DocumentInfo) -> str:
    m = _RUNDSKRIV_RE.search(text[:600])
    if m:
        return f"Rundskriv {m.group(1)}"
    return info.full_title or info.title


def _caps_label(text: str) -> str:
    t = " ".join(text.split()).lower()
    return t[:1].upper() + t[1:]


def split_sections(text: str, info: DocumentInfo) -> list[Section]:
    """All sections of a document in order; together they cover the text from its first paragraph."""
    paras = split_paragraphs(text)
    if not paras:
        return []
    accepted = classify_headings(paras)
    stack: list[tuple[int, str]] = []  # (level, heading line as in the text)
    sections: list[Section] = []
    vedlegg: str | None = None
    numbered_seen_before_vedlegg = False
    numbered_seen = numbered_in_vedlegg = False
    current_id = front_section_id(text, info)
    open_start, open_body, open_id, open_heading, open_path = paras[0].start, paras[0].start, current_id, "", ()
    for i, p in enumerate(paras):
        m = accepted.get(i)
        if m is None:
            continue
        if i == 0 and m.kind == "sub":
            open_id, open_heading = m.label, m.title
            open_path = (p.text,)
            open_body = p.end
            stack = [(_LEVEL["sub"], p.text)]
            continue
        sections.append(Section(open_id, open_heading, open_path, open_start, open_body, p.start))
        if m.kind == "number":
            level = 3 + len(m.number)
            sid = f"{vedlegg} punkt {m.label}" if vedlegg and numbered_seen_before_vedlegg else m.label
            numbered_seen = numbered_in_vedlegg = True
        elif m.kind == "vedlegg":
            level, sid = _LEVEL["vedlegg"], m.label
            vedlegg, numbered_seen_before_vedlegg, numbered_in_vedlegg = m.label, numbered_seen, False
        elif m.kind == "protokoll":
            level = _LEVEL["protokoll"]
            owner = vedlegg if vedlegg and numbered_seen_before_vedlegg else current_id
            sid = f"{owner} protokolltilførsel"
        elif m.kind == "caps":
            # the title of a Vedlegg (or a part heading inside it) belongs to that Vedlegg
            in_vedlegg_front = vedlegg is not None and not numbered_in_vedlegg
            level, sid = _LEVEL["caps"], vedlegg if in_vedlegg_front else _caps_label(m.title)
        else:
            level, sid = _LEVEL[m.kind], m.label
        while stack and (stack[-1][0] >= level or (m.kind == "number" and len(m.number) == 1 and stack[-1][0] == _LEVEL["caps"])):
            stack.pop()  # a chapter heading also closes an ALL-CAPS part heading ("SAMMENDRAG")
        stack.append((level, " ".join(p.text.split())))
        if m.kind != "protokoll":
            current_id = sid
        open_id, open_heading, open_path = sid, m.title or m.label, tuple(h for _, h in stack)
        open_start, open_body = p.start, p.end
    sections.append(Section(open_id, open_heading, open_path, open_start, open_body, len(text)))
    return [s for s in sections if s.end > s.start]
