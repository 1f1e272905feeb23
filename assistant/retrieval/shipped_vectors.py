"""The vectors shipped with the repository: a compact, read-only cache for the bundled corpus.

A fresh clone would otherwise embed every text of the bundled corpus before its first answer (~3 min on
2 cores). The folder ``corpus/vectors/`` is committed to git and holds::

    meta.json     format, embedder id, dimension, count and checksums of the two files below (written last)
    keys.txt      one text key per line (sha256 of the exact embedded text, ``vector_cache.text_key``)
    vectors.npy   float16 array (count × dim), row i belongs to line i of keys.txt

Vectors key on (embedder id, exact embedded text), like the local SQLite cache, so any text the index
embeds (chunk openings today, sentences later) can be added, and a changed text simply misses. Float16
halves the size; cosine scores move by ~1e-4. ``python -m assistant index --refresh-cache`` rewrites it.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np

from ..errors import IndexError_

FORMAT = 1
META, KEYS, VECTORS = "meta.json", "keys.txt", "vectors.npy"


class ShippedVectorsError(IndexError_):
    """The shipped vector folder is damaged or half-written (e.g. a merge took one file from each side)."""


@dataclass(frozen=True, eq=False)
class ShippedVectors:
    embedder: str
    dim: int
    keys: tuple[str, ...]
    vectors: np.ndarray  # float16, len(keys) × dim
    _rows: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.vectors.shape != (len(self.keys), self.dim):
            raise ValueError(f"vectors have shape {self.vectors.shape}, expected ({len(self.keys)}, {self.dim})")
        object.__setattr__(self, "_rows", {k: i for i, k in enumerate(self.keys)})

    def lookup(self, embedder: str, keys: Iterable[str]) -> dict[str, np.ndarray]:
        """float32 vectors for the keys this cache holds; nothing when it was made by another embedder."""
        if embedder != self.embedder:
            return {}
        row = self._rows
        return {k: self.vectors[row[k]].astype(np.float32) for k in keys if k in row}

    def missing(self, keys: Iterable[str]) -> list[str]:
        """Keys (in the given order, without repeats) that this cache does not hold."""
        row = self._rows
        return list(dict.fromkeys(k for k in keys if k not in row))

    @property
    def nbytes(self) -> int:
        return int(self.vectors.nbytes) + 65 * len(self.keys)


def from_vectors(embedder: str, dim: int, items: Mapping[str, np.ndarray]) -> ShippedVectors:
    """A shipped cache holding exactly these (key → vector) items, sorted by key so rewrites are stable."""
    keys = tuple(sorted(items))
    vectors = np.zeros((len(keys), dim), dtype=np.float16)
    for i, k in enumerate(keys):
        vectors[i] = np.asarray(items[k], dtype=np.float32)
    return ShippedVectors(embedder, dim, keys, vectors)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def save_shipped(folder: Path, shipped: ShippedVectors) -> None:
    """Write the three files; ``meta.json`` goes last and holds checksums of the other two."""
    folder.mkdir(parents=True, exist_ok=True)
    keys_text = "".join(k + "\n" for k in shipped.keys).encode("ascii")
    vectors = np.ascontiguousarray(shipped.vectors, dtype=np.float16)
    meta = {
        "format": FORMAT, "embedder": shipped.embedder, "dim": shipped.dim, "count": len(shipped.keys),
        "dtype": "float16", "keys_sha256": _digest(keys_text), "vectors_sha256": _digest(vectors.tobytes()),
    }
    _write_bytes(folder / KEYS, keys_text)
    tmp = folder / f"{VECTORS}.tmp-{os.getpid()}.npy"
    np.save(tmp, vectors, allow_pickle=False)
    os.replace(tmp, folder / VECTORS)
    _write_bytes(folder / META, (json.dumps(meta, indent=1) + "\n").encode("utf-8"))


def _write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def load_shipped(folder: Path) -> ShippedVectors | None:
    """The shipped cache in ``folder``; None when there is none. Raises ShippedVectorsError when it is damaged."""
    meta_path = folder / META
    if not meta_path.is_file():
        return None
    fix = "Kjør `python -m assistant index --refresh-cache` for å skrive den på nytt."
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        keys_text = (folder / KEYS).read_bytes()
        vectors = np.load(folder / VECTORS, allow_pickle=False)
    except (OSError, ValueError) as e:
        raise ShippedVectorsError(f"Den medfølgende vektorbufferen i «{folder}» kan ikke leses ({e}). {fix}") from e
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ShippedVectorsError(f"Den medfølgende vektorbufferen i «{folder}» har et ukjent format. {fix}")
    if meta.get("keys_sha256") != _digest(keys_text) or meta.get("vectors_sha256") != _digest(vectors.tobytes()):
        raise ShippedVectorsError(f"Filene i den medfølgende vektorbufferen i «{folder}» hører ikke sammen. {fix}")
    keys = tuple(keys_text.decode("ascii").split())
    try:
        return ShippedVectors(str(meta["embedder"]), int(meta["dim"]), keys, vectors.astype(np.float16, copy=False))
    except (KeyError, TypeError, ValueError) as e:
        raise ShippedVectorsError(f"Den medfølgende vektorbufferen i «{folder}» er ufullstendig ({e}). {fix}") from e
