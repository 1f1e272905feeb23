"""Feedback on answers: thumbs up/down and an optional comment, stored in SQLite.

One row per answered message (``message_id`` is unique): changing the thumb updates the row,
a comment is added to it. The database lives in ``Settings.data_dir/feedback.sqlite`` (not in
``index/``). ``export_csv`` gives the rows for building new test questions.

A new connection per call keeps the store safe to share between Streamlit sessions (threads).
"""
from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .db import connect
from ..errors import ConfigError, InputError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    rating INTEGER,            -- 1 = tommel opp, 0 = tommel ned
    comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations_json TEXT NOT NULL,
    tool_calls_json TEXT NOT NULL,
    answer_date TEXT            -- the "regelverket per" date the answer used
)
"""

CSV_COLUMNS = (
    "id", "created_at", "updated_at", "rating", "comment", "question", "answer", "citations", "tool_calls", "answer_date",
)
MAX_COMMENT_CHARS = 2000


@dataclass(frozen=True)
class FeedbackRow:
    id: int
    message_id: str
    created_at: str
    updated_at: str
    rating: int | None
    comment: str
    question: str
    answer: str
    citations: list[dict[str, Any]]
    tool_calls: list[dict[str, Any]]
    answer_date: str | None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class FeedbackStore:
    """SQLite-backed feedback store at ``path`` (created with its folder if missing)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as con:
                con.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as e:
            raise ConfigError(
                f"Kan ikke opprette tilbakemeldingsdatabasen {self.path}: {e}. "
                "Sett ASSISTANT_DATA_DIR til en mappe du kan skrive til."
            ) from e

    def _connect(self):  # noqa: ANN202 - see assistant.ui.db.connect
        return connect(self.path)

    def record_rating(
        self,
        *,
        message_id: str,
        rating: int | None,
        question: str,
        answer: str,
        citations: Sequence[dict[str, Any]] = (),
        tool_calls: Sequence[dict[str, Any]] = (),
        answer_date: str | None = None,
    ) -> None:
        """Store (or change) the thumb for one answer; ``rating`` is 1 (opp), 0 (ned) or None."""
        if rating not in (0, 1, None):
            raise InputError("Vurderingen må være tommel opp (1) eller tommel ned (0).", field="rating")
        now = _now()
        with self._connect() as con:
            con.execute(
                """INSERT INTO feedback (message_id, created_at, updated_at, rating, question, answer,
                                         citations_json, tool_calls_json, answer_date)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(message_id) DO UPDATE SET rating = excluded.rating, updated_at = excluded.updated_at""",
                (
                    message_id, now, now, rating, question, answer,
                    json.dumps(list(citations), ensure_ascii=False),
                    json.dumps(list(tool_calls), ensure_ascii=False),
                    answer_date,
                ),
            )

    def add_comment(self, message_id: str, comment: str) -> None:
        """Attach a comment to an answer that already has a thumb."""
        comment = (comment or "").strip()
        if len(comment) > MAX_COMMENT_CHARS:
            raise InputError(f"Kommentaren er for lang (over {MAX_COMMENT_CHARS} tegn). Forkort den.", field="comment")
        with self._connect() as con:
            cur = con.execute(
                "UPDATE feedback SET comment = ?, updated_at = ? WHERE message_id = ?", (comment, _now(), message_id)
            )
            if cur.rowcount == 0:
                raise InputError("Gi først tommel opp eller ned på svaret, så kan du legge til en kommentar.", field="comment")

    def ratings_for(self, message_ids: Sequence[str]) -> dict[str, int]:
        """The stored thumbs for these answers (answers without feedback are left out)."""
        ids = list(message_ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        with self._connect() as con:
            cur = con.execute(
                f"SELECT message_id, rating FROM feedback WHERE rating IS NOT NULL AND message_id IN ({marks})", ids
            )
            return {mid: int(rating) for mid, rating in cur.fetchall()}

    def rows(self) -> list[FeedbackRow]:
        with self._connect() as con:
            cur = con.execute(
                "SELECT id, message_id, created_at, updated_at, rating, comment, question, answer, "
                "citations_json, tool_calls_json, answer_date FROM feedback ORDER BY id"
            )
            return [
                FeedbackRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], json.loads(r[8]), json.loads(r[9]), r[10])
                for r in cur.fetchall()
            ]

    def export_csv(self) -> str:
        """All feedback as CSV (UTF-8, comma separated, header row). Cells that a spreadsheet
        would run as a formula (starting with = + - @) are prefixed with an apostrophe."""
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(CSV_COLUMNS)
        for r in self.rows():
            rating = {1: "opp", 0: "ned"}.get(r.rating, "") if r.rating is not None else ""
            w.writerow([
                r.id, r.created_at, r.updated_at, rating, _safe_cell(r.comment), _safe_cell(r.question),
                _safe_cell(r.answer), json.dumps(r.citations, ensure_ascii=False),
                json.dumps(r.tool_calls, ensure_ascii=False), r.answer_date or "",
            ])
        return buf.getvalue()


def _safe_cell(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
