"""Read a PDF page by page with PyMuPDF, keeping columns apart and dropping headers/footers."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..errors import CorpusError
from .pages import Page

_PAGE_NUMBER_RE = re.compile(r"^(?:side\s*\|?\s*)?\d{1,4}(?:\s*(?:av|/)\s*\d{1,4})?$", re.IGNORECASE)
_DIGITS_RE = re.compile(r"\d+")
EDGE_LINES = 3  # how many lines at the top and bottom of a page can be a header or footer


def _signature(line: str) -> str:
    return _DIGITS_RE.sub("#", " ".join(line.split()).lower())


def page_lines_from_blocks(blocks: list[tuple]) -> list[str]:
    """Text lines of one page from ``page.get_text("blocks")`` (text blocks only, stream order)."""
    lines: list[str] = []
    for block in blocks:
        if len(block) >= 7 and block[6] != 0:  # image block
            continue
        lines.extend(block[4].splitlines())
        lines.append("")  # a block ends a line group
    return lines


def remove_headers_footers(pages: list[list[str]], min_share: float = 0.6) -> list[list[str]]:
    """Drop page-number lines and lines that recur at the top/bottom of most pages."""
    edge_counts: Counter[str] = Counter()
    for lines in pages:
        content = [ln for ln in lines if ln.strip()]
        edges = {_signature(ln) for ln in content[:EDGE_LINES] + content[-EDGE_LINES:]}
        edge_counts.update(edges)
    needed = max(2, int(min_share * len(pages) + 0.999))
    repeated = {sig for sig, n in edge_counts.items() if n >= needed} if len(pages) >= 2 else set()
    out = []
    for lines in pages:
        content_idx = [i for i, ln in enumerate(lines) if ln.strip()]
        edge_idx = set(content_idx[:EDGE_LINES] + content_idx[-EDGE_LINES:])
        kept = []
        for i, ln in enumerate(lines):
            if i in edge_idx and (_signature(ln) in repeated or _PAGE_NUMBER_RE.match(ln.strip())):
                continue
            kept.append(ln)
        out.append(kept)
    return out


def read_pdf_pages(path: Path) -> list[Page]:
    """Pages (1-based numbers) of text lines. Raises CorpusError naming the file."""
    import pymupdf  # local import: only needed when there are PDFs

    if path.stat().st_size == 0:
        raise CorpusError(f"PDF-filen {path.name} er tom. Legg inn en gyldig PDF eller fjern filen fra korpusmappen.")
    try:
        doc = pymupdf.open(path)
    except Exception as err:  # PyMuPDF raises several types for broken files
        raise CorpusError(
            f"PDF-filen {path.name} kan ikke åpnes ({type(err).__name__}). Filen er trolig skadet; last den ned på nytt."
        ) from None
    with doc:
        if doc.needs_pass:
            raise CorpusError(f"PDF-filen {path.name} er passordbeskyttet. Lagre en utgave uten passord og prøv igjen.")
        try:
            raw_pages = [page_lines_from_blocks(page.get_text("blocks")) for page in doc]
        except Exception as err:
            raise CorpusError(f"Teksten i PDF-filen {path.name} kan ikke leses ({type(err).__name__}). Filen er trolig skadet.") from None
    if not raw_pages:
        raise CorpusError(f"PDF-filen {path.name} har ingen sider. Legg inn en gyldig PDF eller fjern filen.")
    cleaned = remove_headers_footers(raw_pages)
    return [Page(n, tuple(lines)) for n, lines in enumerate(cleaned, start=1)]
