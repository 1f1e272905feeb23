"""Split passage text into sentences. Pure functions.

The index embeds every sentence of every chunk (``retrieval.index``) and the composer quotes them, so both split
the same way. Sentences are returned whitespace-normalised (the sources break lines mid-sentence), so every
sentence is verbatim text of its passage once whitespace is collapsed.
"""
from __future__ import annotations

import re
from functools import lru_cache


def normalize_ws(text: str) -> str:
    """Collapse all whitespace (line breaks, non-breaking spaces) to single spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


ABBREVIATIONS = {"pkt", "nr", "kr", "ca", "jf", "bl", "f", "eks", "dvs", "mill", "mrd", "kap", "mv", "evt", "el", "osv",
           "ref", "tlf", "inkl", "ekskl", "pr", "vedr", "jfr", "iht", "st", "dr", "prof", "etc", "vs", "e", "a", "t",
           "o", "s", "m", "ff", "§", "art", "lov"}
_HEADING_LINE = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.|Vedlegg\s+[IVX\d]+|Del\s+[IVX\d]+|Kapittel\s+\d+)\s+[A-ZÆØÅ«\"(].{0,110}$")
BULLET = re.compile(r"^(?:[•▪●\-–]\s+|[a-z]\)\s|\d+\)\s)")


def _is_heading(line: str, next_line: str) -> bool:
    if _HEADING_LINE.match(line) and len(line) < 90 and line.endswith(("mv.", "m.m.", "mm.", "osv.")) and next_line[:1].isupper():
        return True
    if line[-1:] in ".,;:!?-–":
        return False
    if _HEADING_LINE.match(line):
        return True
    return len(line) < 60 and line[:1].isupper() and next_line[:1].isupper() and len(line.split()) <= 6


def _split_blocks(text: str) -> list[str]:
    """Join hard-wrapped lines; cut before/after headings and before list items (blank lines mean nothing)."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    blocks: list[list[str]] = [[]]
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if blocks[-1] and (BULLET.match(line) or _HEADING_LINE.match(line)):
            blocks.append([])
        blocks[-1].append(line)
        if _is_heading(line, nxt):
            blocks.append([])
    return [normalize_ws(" ".join(b)) for b in blocks if b]


# A figure or table caption ends with its source ("Kilde: KUHR og FLO") and no full stop, so the text extraction can
# glue the next sentence to it. That sentence starts at the first capitalised word followed by three lower-case words.
_CAPTION_START = re.compile(r"^(?:Figur|Tabell|Boks)\s*\d")
_AFTER_SOURCE = re.compile(r"\bKilde:\s*\S+.*?\s(?=[A-ZÆØÅ][a-zæøå]+(?:\s+[a-zæøå][\w,-]*){3})")


def split_caption(piece: str) -> list[str]:
    """"Figur 7-4: … Kilde: KUHR og FLO Basert på refusjonstall …" → the caption and the sentence after it."""
    if not _CAPTION_START.match(piece):
        return [piece]
    last = piece.rfind("Kilde:")
    m = _AFTER_SOURCE.search(piece, last) if last >= 0 else None
    if not m or m.end() >= len(piece):
        return [piece]
    return [piece[: m.end()].strip(), piece[m.end():].strip()]


def split_sentences(text: str) -> list[str]:
    """Sentences of a passage, whitespace-normalised; headings and list items become their own items."""
    return list(_split_sentences(text))


@lru_cache(maxsize=4096)
def _split_sentences(text: str) -> tuple[str, ...]:
    """Cached: the composer splits the same retrieved passages for scoring, parts, spans and quotes."""
    out: list[str] = []
    for block in _split_blocks(text):
        out.extend(_sentences_of(block))
    return tuple(_merge_lists([s for piece in out for s in split_caption(piece)]))


# A sentence ends at . ! ? before a capital or digit, or at a footnote number glued to its full stop
# ("… er inkludert.3 Aktivitet utført …").
_SENTENCE_END = re.compile(r"[.!?](?=\s+[«\"(]?[A-ZÆØÅ0-9])|(?<=[a-zæøå])\.\d{1,2}(?=\s+[A-ZÆØÅ])")


def _sentences_of(block: str) -> list[str]:
    """Sentences of one block: cut after . ! ? before a capital, not after abbreviations or ordinals."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(block):
        before = block[start : m.start()]
        last = re.findall(r"[\wæøåÆØÅ§]+$", before)
        token = last[0].lower() if last else ""
        if token in ABBREVIATIONS or (token.isdigit() and len(token) <= 2 and m.end() < len(block)
                                and re.match(r"\s+\d", block[m.end():])):
            continue
        if token.isdigit() and len(token) <= 2:  # "1. juli" style ordinals / "pkt. 5." rarely end sentences
            nxt = block[m.end():].lstrip()[:12].lower()
            if re.match(r"[a-zæøå]", nxt):
                continue
        piece = block[start : m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = block[start:].strip()
    if tail:
        out.append(tail)
    return out


MAX_LIST_CHARS = 600


# A sentence ending like this introduces the list that follows even without a colon ("…, slik som" + "- lokalisering").
_LIST_INTRO = re.compile(r"(?::|\bslik som|\bsom for eksempel|\bfor eksempel|\bf\.eks\.|\bherunder|\bblant annet|"
                         r"\bbl\.a\.|\bfølgende|\binkludert|\beksempelvis|\bsom)$", re.I)


def _merge_lists(sentences: list[str]) -> list[str]:
    """"X skal ikke behandle:" + its "- item" lines become one sentence (the items only make sense with it)."""
    merged: list[str] = []
    in_list = False
    for s in sentences:
        if (merged and BULLET.match(s) and (in_list or _LIST_INTRO.search(merged[-1]))
                and len(merged[-1]) + len(s) < MAX_LIST_CHARS):
            merged[-1] = f"{merged[-1]} {s}"
            in_list = True
        else:
            merged.append(s)
            in_list = False
    return merged
