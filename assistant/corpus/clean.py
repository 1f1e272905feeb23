"""Turn extracted page lines into clean text: paragraphs, rejoined words, page offsets.

Pure functions. Extracted PDF text has hard line breaks inside sentences, words hyphenated
across lines ("allmenn-/legene"), numbers split over lines, and blank lines that do not mark
paragraphs. We normalise each line (NFC, spaces), then rebuild paragraphs from content cues:
headings stand alone, a line ending a sentence followed by a capital starts a new paragraph,
bullets start new paragraphs, everything else is joined with one space.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .headings import continues_sentence, match_heading
from .pages import Page

PARAGRAPH_SEP = "\n\n"
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_PRIVATE_USE_RE = re.compile(r"[\ue000-\uf8ff]")
_FOOTER_RE = re.compile(r"^Side\s*\|?\s*\d{1,4}$")
_LONE_NUMBER_RE = re.compile(r"^\d{1,3}$")
_BULLET_RE = re.compile(r"^(?:[•▪◦●■*–-]\s|[a-zæøå]\)\s|\d{1,2}\)\s)")
_TERMINAL = (".", "!", "?", ":", ";", "»", '"', "”", ",-")  # ",-" ends an amount: "1 022 000,-"
_KEEP_HYPHEN_BEFORE = {"og", "eller", "samt", "til", "som", "enn"}
_LIGATURES = str.maketrans({"\ufb01": "fi", "\ufb02": "fl", "\ufb00": "ff", "\u00ad": None, "\u200b": None, "\ufeff": None})


def normalize_line(line: str) -> str:
    """NFC, ligatures and soft hyphens out, symbol-font bullets to '•', single spaces, stripped."""
    line = unicodedata.normalize("NFC", line).translate(_LIGATURES)
    line = _PRIVATE_USE_RE.sub("•", line)
    return _SPACES_RE.sub(" ", line).strip()


_FOOTNOTE_LINE_RE = re.compile(r"^(\d{1,3}) [A-ZÆØÅ]")
_GLUED_REF_RE = re.compile(r"\b([a-zæøå]{3,})(\d{1,3})(?=[\s.,;:)]|$)")


def footnote_numbers(lines: list[str]) -> set[str]:
    """Numbers that start a footnote line ("17 Egenandelstaket for 2023 ...") somewhere in the document."""
    return {m.group(1) for line in lines if (m := _FOOTNOTE_LINE_RE.match(line))}


def strip_footnote_refs(line: str, numbers: set[str]) -> str:
    """Remove footnote numbers glued to a word ("år17" -> "år") when footnote 17 exists in the document."""
    if not numbers:
        return line
    return _GLUED_REF_RE.sub(lambda m: m.group(1) if m.group(2) in numbers else m.group(0), line)


def join_lines(prev: str, line: str) -> str:
    """Join a wrapped line onto ``prev``: rejoin hyphenated words, otherwise one space."""
    if not prev.endswith("-") or prev.endswith((" -", ",-")):
        return f"{prev} {line}"
    before = prev[:-1]
    word = re.split(r"[\s/(]", before)[-1]
    first = line.split(" ", 1)[0].lower().strip(",.")
    if first in _KEEP_HYPHEN_BEFORE:
        return f"{prev} {line}"  # "helse- og omsorgstjenesteloven"
    if len(word) > 1 and word[-1].islower() and line[:1].islower():
        return before + line  # "allmenn-" + "legene"
    return prev + line  # "ALIS-" + "stillinger", "2-" + "40"


def _is_title_like(paragraph: str) -> bool:
    return (
        len(paragraph) <= 80
        and paragraph[:1].isupper()
        and "," not in paragraph
        and not paragraph.endswith(_TERMINAL)
    )


@dataclass
class _Builder:
    paragraphs: list[str] = field(default_factory=list)
    heading_flags: list[bool] = field(default_factory=list)
    last_line: str = ""
    line_count: int = 0  # lines in the current paragraph
    closed_len: int = 0  # length of all paragraphs before the current one, separators included

    @property
    def current(self) -> str:
        return self.paragraphs[-1] if self.paragraphs else ""

    def offset_of_end(self) -> int:
        return self.closed_len + len(self.current)

    def start(self, line: str, heading: bool) -> int:
        if self.paragraphs:
            self.closed_len += len(self.paragraphs[-1]) + len(PARAGRAPH_SEP)
        self.paragraphs.append(line)
        self.heading_flags.append(heading)
        self.last_line, self.line_count = line, 1
        return self.offset_of_end() - len(line)

    def extend(self, line: str) -> int:
        joined = join_lines(self.paragraphs[-1], line)
        self.paragraphs[-1] = joined
        self.last_line = line
        self.line_count += 1
        return self.offset_of_end() - len(line)


def _starts_new_paragraph(b: _Builder, line: str) -> tuple[bool, bool]:
    """(new paragraph?, is it a heading?) for the next line."""
    if not b.paragraphs:
        return True, match_heading(line) is not None
    prev, para = b.last_line, b.current
    heading = match_heading(line)
    if b.heading_flags[-1]:
        prev_heading = match_heading(para)
        caps_run = heading is not None and heading.kind == "caps" and prev_heading is not None and prev_heading.kind == "caps"
        lower_cont = line[:1].islower() and not para.endswith(".")
        unfinished = continues_sentence(para) and len(line) <= 80 and heading is None  # "... FORSKNING OG" + "LEDELSE"
        if caps_run or lower_cont or unfinished:
            return False, True
        return True, heading is not None
    if heading is not None and not continues_sentence(prev):
        return True, True
    if _BULLET_RE.match(line):
        return True, False
    starts_cap = line[:1].isupper() or line[:1].isdigit() or line[:1] in "«\"“(§"
    if prev.endswith(_TERMINAL) and starts_cap:
        return True, False
    if b.line_count == 1 and _is_title_like(para) and line[:1].isupper() and not continues_sentence(prev):
        return True, False
    return False, False


def is_page_number_inside_sentence(prev: str, line: str, following: str) -> bool:
    """A lone page number ("7") between two halves of one sentence ("Den" / "ledige fastlegeavtalen").

    Only when the text before it does not end a sentence and the text after it goes on in lower
    case: table cells ("900", "950") and footnote numbers ("10" before "Integrated …") stay.
    """
    return (
        bool(_LONE_NUMBER_RE.match(line))
        and bool(prev)
        and not prev.endswith(_TERMINAL)
        and following[:1].islower()
    )


def build_text(pages: list[Page]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Clean text and (offset, page number) starts from pages of raw lines."""
    b = _Builder()
    page_starts: list[tuple[int, int]] = []
    normalized = [[normalize_line(raw) for raw in page.lines] for page in pages]
    flat = [line for lines in normalized for line in lines if line]
    footnotes = footnote_numbers(flat)
    position = 0  # index of the current line in ``flat``
    for page, lines in zip(pages, normalized):
        first = True
        for line in lines:
            if not line:
                continue
            position += 1
            if _FOOTER_RE.match(line):
                continue
            following = flat[position] if position < len(flat) else ""
            if is_page_number_inside_sentence(b.last_line if b.paragraphs else "", line, following):
                continue
            line = strip_footnote_refs(line, footnotes)
            new, heading = _starts_new_paragraph(b, line)
            offset = b.start(line, heading) if new else b.extend(line)
            if first and page.number is not None:
                page_starts.append((offset, page.number))
            first = False
    text = PARAGRAPH_SEP.join(b.paragraphs)
    return text, _monotonic(page_starts)


def _monotonic(starts: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for offset, number in starts:
        if out and offset <= out[-1][0]:
            out[-1] = (out[-1][0], number)
            continue
        if out and number <= out[-1][1]:
            continue  # page numbers never go back
        out.append((offset, number))
    return tuple(out)


def clean_pages(pages: list[Page]) -> tuple[str, tuple[tuple[int, int], ...]]:
    return build_text(pages)
