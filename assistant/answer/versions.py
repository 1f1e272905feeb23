"""Which version of a document is in force on a date, and how much to trust each passage for "now".

Rules (all from ``DocumentInfo``):
- a document is in force when ``today`` lies in [valid_from, valid_to];
- an agreement whose validity note says it is renewed automatically ("forlenges … ett år om gangen")
  stays in force after ``valid_to`` unless another document supersedes it;
- a document that another document supersedes is historical.
Documents without validity dates (reports) are neutral (None).
"""
from __future__ import annotations

import re
from datetime import date

from ..types import DocumentInfo

_RENEWS_RE = re.compile(r"forlenges automatisk|fornyes automatisk|renew|ett år om gangen|år om gangen", re.IGNORECASE)

HISTORICAL_WEIGHT = 0.75  # score multiplier for passages of superseded documents
EXPIRED_WEIGHT = 0.92  # expired, but no newer version in the corpus
FUTURE_WEIGHT = 0.8


def is_superseded(doc_id: str, documents: dict[str, DocumentInfo]) -> bool:
    return any(doc_id in d.supersedes for d in documents.values() if d.doc_id != doc_id)


def document_in_force(info: DocumentInfo, documents: dict[str, DocumentInfo], today: date) -> bool | None:
    """True/False, or None when the document has no validity period."""
    if is_superseded(info.doc_id, documents):
        return False
    state = info.in_force(today)
    if state is False and info.valid_to and today > info.valid_to and _RENEWS_RE.search(info.validity_note or ""):
        return True
    return state


def version_weight(info: DocumentInfo | None, documents: dict[str, DocumentInfo], today: date) -> float:
    """Multiplier for a passage's sentence scores: 1.0 in force/neutral, lower for historical text."""
    if info is None:
        return 1.0
    if is_superseded(info.doc_id, documents):
        return HISTORICAL_WEIGHT
    state = document_in_force(info, documents, today)
    if state is False:
        if info.valid_from and today < info.valid_from:
            return FUTURE_WEIGHT
        return EXPIRED_WEIGHT
    return 1.0


def validity_phrase(info: DocumentInfo | None, documents: dict[str, DocumentInfo], today: date) -> str:
    """Norwegian phrase describing the document's status on ``today``, e.g. "gjaldt 01.07.2022–30.06.2023"."""
    if info is None or (info.valid_from is None and info.valid_to is None):
        return ""
    span = "–".join(d.strftime("%d.%m.%Y") for d in (info.valid_from, info.valid_to) if d)
    state = document_in_force(info, documents, today)
    if state is False and is_superseded(info.doc_id, documents):
        return f"eldre dokument, gjaldt {span}, senere erstattet" if span else "eldre dokument, senere erstattet"
    if state is False:
        return f"gjaldt {span}; ingen nyere versjon i kildene" if span else "ikke lenger gjeldende"
    if state and info.valid_to and today > info.valid_to:
        return f"gjelder {span}, forlenget etter {info.validity_note or 'avtalens regler'}"
    return f"gjelder {span}" if span else ""
