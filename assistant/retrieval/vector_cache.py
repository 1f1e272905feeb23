"""On-disk cache of passage vectors keyed by (embedder name, text hash).

Embedding is the slow step (~11 chunks/s on 2 cores), so unchanged text is never embedded twice.
SQLite keeps writes atomic: a crash mid-build loses at most the current batch.
"""
from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path
from typing import Iterable

import numpy as np


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class VectorCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        try:
            self._db.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT, key TEXT, dim INTEGER, vec BLOB, PRIMARY KEY (model, key))")
            self._db.commit()
        except sqlite3.DatabaseError:
            # A corrupt cache is only a cache: start a fresh one.
            self._db.close()
            path.unlink(missing_ok=True)
            self._db = sqlite3.connect(str(path), check_same_thread=False)
            self._db.execute("CREATE TABLE vectors (model TEXT, key TEXT, dim INTEGER, vec BLOB, PRIMARY KEY (model, key))")
            self._db.commit()

    def get_many(self, model: str, keys: Iterable[str]) -> dict[str, np.ndarray]:
        keys = list(keys)
        out: dict[str, np.ndarray] = {}
        with self._lock:
            for i in range(0, len(keys), 500):
                batch = keys[i : i + 500]
                q = f"SELECT key, dim, vec FROM vectors WHERE model=? AND key IN ({','.join('?' * len(batch))})"
                for key, dim, blob in self._db.execute(q, [model, *batch]):
                    v = np.frombuffer(blob, dtype=np.float32)
                    if v.shape[0] == dim:
                        out[key] = v
        return out

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        with self._lock:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors (model, key, dim, vec) VALUES (?, ?, ?, ?)",
                [(model, k, int(v.shape[0]), np.asarray(v, np.float32).tobytes()) for k, v in items.items()],
            )
            self._db.commit()

    def close(self) -> None:
        with self._lock:
            self._db.close()
