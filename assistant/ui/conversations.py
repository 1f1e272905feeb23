"""Conversations saved in SQLite so a page reload keeps every answer with its own sources.

The page puts a random conversation id in the address (``?samtale=<32 hex>``) and saves the
messages (each with its ``Answer.to_dict()``) under it after every turn. Reloading the page, or
opening the address again, shows the same conversation. Two people continuing the same address
both keep their turns: a save adds the messages the database does not have yet (by message id)
and returns the merged conversation, so nothing one of them asked is overwritten. Ids are random (uuid4), so they cannot
be guessed; old conversations are pruned after ``MAX_AGE_DAYS``.
"""
from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .db import connect
from ..errors import ConfigError

MAX_AGE_DAYS = 30
_ID = re.compile(r"^[0-9a-f]{32}$")


def is_conversation_id(value: object) -> bool:
    return isinstance(value, str) and bool(_ID.match(value))


class ConversationStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as con:
                con.execute(
                    "CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, updated_at TEXT NOT NULL, "
                    "messages_json TEXT NOT NULL)"
                )
        except (OSError, sqlite3.Error) as e:
            raise ConfigError(
                f"Kan ikke opprette samtaledatabasen {self.path}: {e}. Sett ASSISTANT_DATA_DIR til en mappe du kan skrive til."
            ) from e

    def _connect(self):  # noqa: ANN202 - see assistant.ui.db.connect
        return connect(self.path)

    def save(self, conversation_id: str, messages: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """Add ``messages`` not saved yet to the conversation; returns the whole saved conversation.

        Read, merge and write happen in one write transaction, so two sessions saving at the
        same moment cannot overwrite each other's turns.
        """
        if not is_conversation_id(conversation_id):
            raise ValueError(f"ugyldig samtale-id: {conversation_id!r}")
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            row = con.execute("SELECT messages_json FROM conversations WHERE id = ?", (conversation_id,)).fetchone()
            merged = merge_messages(json.loads(row[0]) if row else [], messages)
            con.execute(
                "INSERT INTO conversations (id, updated_at, messages_json) VALUES (?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at, messages_json = excluded.messages_json",
                (conversation_id, now, json.dumps(merged, ensure_ascii=False, default=str)),
            )
        return merged

    def load(self, conversation_id: str) -> list[dict[str, Any]] | None:
        """The saved messages, or None for an unknown or malformed id."""
        if not is_conversation_id(conversation_id):
            return None
        with self._connect() as con:
            row = con.execute("SELECT messages_json FROM conversations WHERE id = ?", (conversation_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def prune(self, max_age_days: int = MAX_AGE_DAYS, now: datetime | None = None) -> int:
        """Delete conversations not touched for ``max_age_days``; returns how many."""
        cutoff = ((now or datetime.now(timezone.utc)) - timedelta(days=max_age_days)).isoformat(timespec="seconds")
        with self._connect() as con:
            return con.execute("DELETE FROM conversations WHERE updated_at < ?", (cutoff,)).rowcount


def merge_messages(saved: Sequence[dict[str, Any]], mine: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The saved messages followed by those of ``mine`` that are not saved yet (matched by ``id``;
    a message without one by its content)."""
    known = {_message_key(m) for m in saved}
    return [*saved, *(m for m in mine if _message_key(m) not in known)]


def _message_key(message: dict[str, Any]) -> str:
    return str(message.get("id") or json.dumps(message, sort_keys=True, ensure_ascii=False, default=str))
