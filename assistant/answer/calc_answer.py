"""Answer text for a calculator result: the result sentence first, then the worked steps, then the rule's
sources as citations (the retrieved passage holding the source quote when there is one, else the source itself).
Pure functions.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from ..types import Citation, DocumentInfo, Passage
from .citations import citation_for, citation_for_source, is_verbatim, normalize_ws
from .dates import format_date_nb
from .sentences import split_sentences


MAX_CONVENTIONS = 3


def passage_holding(quote: str, passages: Sequence[Passage], doc_id: str | None = None) -> Passage | None:
    return next((p for p in passages if (doc_id is None or p.doc_id == doc_id) and is_verbatim(quote, p.text)), None)


def sentence_around(quote: str, passage: Passage) -> str:
    """The sentence(s) of ``passage`` that contain ``quote`` (so the citation reads as a whole sentence)."""
    q = normalize_ws(quote)
    sentences = split_sentences(passage.text)
    for s in sentences:
        if q in s:
            return s
    for i in range(len(sentences) - 1):
        pair = f"{sentences[i]} {sentences[i + 1]}"
        if q in pair:
            return pair
    return q


def unique_sources(sources: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop sources whose quote is contained in another source's quote of the same punkt."""
    out: list[dict[str, Any]] = []
    for s in sources:
        q = normalize_ws(s.get("quote", ""))
        if any(s.get("doc_id") == o.get("doc_id") and q in normalize_ws(o.get("quote", "")) for o in sources if o is not s
               and len(normalize_ws(o.get("quote", ""))) > len(q)):
            continue
        if any(s.get("doc_id") == o.get("doc_id") and q == normalize_ws(o.get("quote", "")) for o in out):
            continue
        out.append(s)
    return out


def _date_phrases(values: dict[str, Any]) -> list[str]:
    """"dato": "2025-04-07" → "7. april 2025 (07.04.2025)" unless the summary already says so."""
    out = []
    for key in ("dato", "utbetalt_senest", "telledato", "gjelder_til"):
        v = values.get(key)
        if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            d = date.fromisoformat(v)
            out.append(f"{format_date_nb(d)} ({d.strftime('%d.%m.%Y')})")
    return out


def compose_calc(result: dict[str, Any], passages: Sequence[Passage], documents: dict[str, DocumentInfo],
                 today: date, first_n: int = 1) -> tuple[str, list[Citation]]:
    """Text and citations for one calculator result; markers start at ``first_n``."""
    citations: list[Citation] = []
    quote_lines: list[str] = []
    n = first_n
    for src in unique_sources(result.get("sources") or []):
        p = passage_holding(src.get("quote", ""), passages, src.get("doc_id"))
        if p is not None:
            quote = sentence_around(src["quote"], p)
            cit = citation_for(n, p, quote, documents, today)
        else:
            cit = citation_for_source(n, src, documents, today)
        if any(c.quote == cit.quote for c in citations):
            continue
        citations.append(cit)
        quote_lines.append(f"- «{cit.quote}» [{n}]")
        n += 1
    marker = f" [{first_n}]" if citations else ""
    summary = result.get("summary", "").strip()
    lines = [f"{summary}{marker}"]
    dates = [d for d in _date_phrases(result.get("values") or {}) if d.split(" (")[0] not in summary]
    if dates:
        lines.append("Dato: " + dates[0] + ".")
    for w in result.get("warnings") or []:
        lines.append("Merk: " + re.sub(r"^(?:OBS|Merk|NB)\s*:\s*", "", w.strip(), flags=re.I))
    steps = result.get("steps") or []
    if steps:
        lines.append("")
        lines.append("Utregning:")
        lines += [f"- {s}" for s in steps]
    if quote_lines:
        lines.append("")
        lines.append("Regelen i kildene:")
        lines += quote_lines
    conventions = [c.strip().rstrip(".") for c in result.get("conventions") or [] if c.strip()]
    if conventions:
        lines.append("")
        lines.append("Forutsetninger: " + "; ".join(conventions[:MAX_CONVENTIONS]) + ".")
    return "\n".join(lines), citations
