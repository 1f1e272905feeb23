"""One SQLite session helper for the page's small databases (feedback, saved conversations)."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def connect(path: Path | str) -> Iterator[sqlite3.Connection]:
    """A short-lived connection: WAL mode, commit on success, roll back on error, always close."""
    con = sqlite3.connect(path, timeout=10)
    try:
        con.execute("PRAGMA journal_mode=WAL")
        with con:
            yield con
    finally:
        con.close()
