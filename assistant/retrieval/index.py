"""Building and opening the index on disk, safely and incrementally.

Layout of the index folder::

    index/
      cache/vectors.sqlite        vectors by (embedder, text hash), survives rebuilds
      CURRENT                     name of the build in use (replaced atomically)
      builds/<name>/chunks.jsonl  the chunks, in index order
      builds/<name>/chroma/       embedded Chroma store (absent when a Chroma server is used)
      builds/<name>/sentences.npy the vectors of every chunk's sentences (``sentence_index``)
      builds/<name>/meta.json     written last: a build without it is incomplete

A build goes into a new folder and becomes current by an atomic rename of ``CURRENT``,
so a crash or kill mid-build leaves the previous index serving. The previous build is
kept (a running web page may still read it); older ones are removed.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
import uuid
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from ..errors import IndexError_
from ..types import Chunk, DocumentInfo
from .embedders import Embedder
from . import sentence_index
from .retriever import embedding_text
from .sentence_index import SentenceVectors, sentence_texts
from .shipped_vectors import ShippedVectors, ShippedVectorsError, from_vectors, load_shipped, save_shipped
from .store import COLLECTION_METADATA, ChromaStore, drop_collection, make_client
from .vector_cache import VectorCache, text_key

FORMAT_VERSION = 3  # 3: sentence vectors
EMBED_BATCH = 64  # texts per local-cache write (a crash loses at most one batch); the embedder splits it further

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class BuildInfo:
    name: str
    fingerprint: str
    embedder: str
    n_chunks: int
    collection: str
    chroma_url: str
    built_at: float
    embedded: int  # texts embedded in this build (the rest came from the shipped or the local cache)
    seconds: float
    corpus_stamp: str = ""  # hash of the corpus files this build was made from
    from_shipped: int = 0  # texts whose vectors came from the shipped cache (corpus/vectors/)
    stage_seconds: dict[str, float] = field(default_factory=dict)  # "embed", "store"
    n_sentences: int = 0  # distinct sentences with a vector


def fingerprint(chunks: Sequence[Chunk], embedder_name: str) -> str:
    h = hashlib.sha256(f"v{FORMAT_VERSION}|{embedder_name}|{sorted(COLLECTION_METADATA.items())}".encode())
    for c in chunks:
        h.update(c.chunk_id.encode())
        h.update(embedding_text(c).encode())  # what is embedded may change without the chunk changing
        h.update(json.dumps([c.doc_id, c.title, c.section, c.heading, c.page, c.start], ensure_ascii=False).encode())
        h.update("\x1f".join(sentence_texts(c)).encode())  # the splitter may change without the chunk changing
    return h.hexdigest()


def _read_current(index_dir: Path) -> str | None:
    try:
        return (index_dir / "CURRENT").read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def current_build(index_dir: Path) -> BuildInfo | None:
    """The build in use, or None when there is none. Raises IndexError_ when it is damaged."""
    name = _read_current(index_dir)
    if not name:
        return None
    meta = index_dir / "builds" / name / "meta.json"
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
        return BuildInfo(**data)
    except (OSError, ValueError, TypeError) as e:
        raise IndexError_(f"Indeksen i «{index_dir}» er ufullstendig eller skadet ({meta.name}). Den bygges på nytt.") from e


def load_chunks(index_dir: Path, info: BuildInfo) -> list[Chunk]:
    path = index_dir / "builds" / info.name / "chunks.jsonl"
    try:
        chunks = []
        with open(path, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                d["heading_path"] = tuple(d["heading_path"])
                chunks.append(Chunk(**d))
    except (OSError, ValueError, TypeError, KeyError) as e:
        raise IndexError_(f"Indeksens tekstbiter i «{path}» kan ikke leses. Indeksen bygges på nytt.") from e
    if len(chunks) != info.n_chunks:
        raise IndexError_(f"Indeksen i «{index_dir}» har {len(chunks)} tekstbiter, men skulle ha {info.n_chunks}. Den bygges på nytt.")
    return chunks


def open_store(index_dir: Path, info: BuildInfo, chroma_url: str) -> ChromaStore:
    if info.chroma_url != chroma_url:
        raise IndexError_("Indeksen ble bygget mot en annen Chroma-tjener enn den som er konfigurert nå. Den bygges på nytt.")
    path = index_dir / "builds" / info.name / "chroma"
    if not chroma_url and not (path / "chroma.sqlite3").is_file():
        raise IndexError_(f"Vektorlageret mangler i «{path}». Indeksen bygges på nytt.")
    client = make_client(chroma_url, None if chroma_url else path)
    store = ChromaStore(client, info.collection, info.embedder)
    n = store.count()
    if n != info.n_chunks:
        raise IndexError_(f"Vektorsamlingen har {n} vektorer, men indeksen har {info.n_chunks} tekstbiter. Den bygges på nytt.")
    return store


def embedded_texts(chunks: Sequence[Chunk]) -> list[str]:
    """Every text the index embeds: one per chunk, in index order, then each distinct sentence of the chunks
    (``sentence_index``). The shipped cache and its test cover exactly these."""
    sentences = dict.fromkeys(s for c in chunks for s in sentence_texts(c))
    return [embedding_text(c) for c in chunks] + list(sentences)


def load_sentences(index_dir: Path, info: BuildInfo) -> SentenceVectors:
    return sentence_index.load(index_dir / "builds" / info.name, info.n_chunks)


@dataclass(frozen=True)
class VectorSources:
    """Where the vectors of a build came from, counted over distinct texts."""

    shipped: int = 0
    cached: int = 0
    embedded: int = 0


def embed_with_cache(
    texts: Sequence[str], embedder: Embedder, cache: VectorCache, progress: Progress | None = None,
    shipped: ShippedVectors | None = None,
) -> tuple[np.ndarray, VectorSources]:
    """Vectors for texts: from the shipped cache first, then the local cache; only the rest is embedded
    (and stored in the local cache batch by batch, so a crash loses at most one batch)."""
    keys = [text_key(t) for t in texts]
    distinct = set(keys)
    have = shipped.lookup(embedder.name, distinct) if shipped else {}
    from_shipped = len(have)
    from_cache = cache.get_many(embedder.name, distinct - have.keys())
    have.update(from_cache)
    todo = {k: t for k, t in zip(keys, texts) if k not in have}  # identical texts are embedded once
    # In key (hash) order: chunks and sentences mixed evenly, so texts/s and the progress ETA hold from the start
    # (in index order the chunks came first at ~5 texts/s, then the sentences at ~30/s). No vector changes.
    items = sorted(todo.items())
    done = 0
    if progress and items:
        progress("embed", 0, len(items))
    for b in range(0, len(items), EMBED_BATCH):
        batch = items[b : b + EMBED_BATCH]
        vecs = embedder.embed_passages([t for _, t in batch])
        new = {k: np.asarray(v, np.float32) for (k, _), v in zip(batch, vecs)}
        cache.put_many(embedder.name, new)
        have.update(new)
        done += len(batch)
        if progress:
            progress("embed", done, len(items))
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    for i, k in enumerate(keys):
        out[i] = have[k]
    return out, VectorSources(shipped=from_shipped, cached=len(from_cache), embedded=len(items))


def _shipped_for(embedder: Embedder, shipped_dir: Path | None, on_warning: Callable[[str], None] | None) -> ShippedVectors | None:
    """The shipped cache when it was made by this embedder. A damaged one, or one made by another version
    of the same model, is skipped with a warning (everything is embedded as if it were absent)."""
    if shipped_dir is None:
        return None
    try:
        shipped = load_shipped(shipped_dir)
    except ShippedVectorsError as e:
        if on_warning:
            on_warning(str(e))
        return None
    if shipped is None or shipped.embedder == embedder.name:
        return shipped
    if on_warning and shipped.embedder.split("-")[0] == embedder.name.split("-")[0]:
        on_warning(f"Den medfølgende vektorbufferen er laget med «{shipped.embedder}», men embedderen er "
                   f"«{embedder.name}»: alle tekster får nye vektorer. Kjør `python -m assistant index --refresh-cache`.")
    return None


@dataclass(frozen=True)
class RefreshReport:
    folder: Path
    count: int  # vectors written
    sources: VectorSources
    removed: int  # keys the previous shipped cache held that no current text uses
    nbytes: int
    embedder: str


def refresh_shipped(
    texts: Sequence[str], embedder: Embedder, index_dir: Path, shipped_dir: Path, progress: Progress | None = None,
) -> RefreshReport:
    """Rewrite the shipped cache to hold exactly the vectors of ``texts``, reusing every vector the shipped
    or the local cache already has: only texts in neither are embedded."""
    index_dir.mkdir(parents=True, exist_ok=True)
    try:
        old = load_shipped(shipped_dir)
    except ShippedVectorsError:
        old = None  # rewritten from the local cache and the model
    if old is not None and old.embedder != embedder.name:
        old = None
    cache = VectorCache(index_dir / "cache" / "vectors.sqlite")
    try:
        unique = list(dict.fromkeys(texts))
        vectors, sources = embed_with_cache(unique, embedder, cache, progress, shipped=old)
    finally:
        cache.close()
    keys = [text_key(t) for t in unique]
    new = from_vectors(embedder.name, embedder.dim, dict(zip(keys, vectors)))
    save_shipped(shipped_dir, new)
    removed = len(set(old.keys) - set(keys)) if old else 0
    return RefreshReport(shipped_dir, len(new.keys), sources, removed, new.nbytes, embedder.name)


def build_index(
    chunks: Sequence[Chunk],
    embedder: Embedder,
    index_dir: Path,
    chroma_url: str = "",
    progress: Progress | None = None,
    force: bool = False,
    documents: Sequence[DocumentInfo] = (),
    corpus_stamp: str = "",
    shipped_dir: Path | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> tuple[BuildInfo, bool]:
    """Build (or reuse) the index for these chunks. Returns (build info, whether anything was rebuilt).
    Vectors come from the shipped cache in ``shipped_dir`` (read-only) and the local cache before the model."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with _build_lock(index_dir):
        return _build_locked(chunks, embedder, index_dir, chroma_url, progress, force, documents, corpus_stamp,
                             shipped_dir, on_warning)


@contextmanager
def _build_lock(index_dir: Path) -> Iterator[None]:
    """One build at a time per index folder (the web page and the CLI may both try)."""
    with open(index_dir / ".build.lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _build_locked(
    chunks: Sequence[Chunk],
    embedder: Embedder,
    index_dir: Path,
    chroma_url: str,
    progress: Progress | None,
    force: bool,
    documents: Sequence[DocumentInfo],
    corpus_stamp: str,
    shipped_dir: Path | None,
    on_warning: Callable[[str], None] | None,
) -> tuple[BuildInfo, bool]:
    t0 = time.perf_counter()
    fp = fingerprint(chunks, embedder.name)
    if not force:
        try:
            cur = current_build(index_dir)
            if cur and cur.fingerprint == fp and cur.chroma_url == chroma_url:
                open_store(index_dir, cur, chroma_url)  # validates the vector count
                load_chunks(index_dir, cur)
                load_sentences(index_dir, cur)
                if cur.corpus_stamp != corpus_stamp:  # same chunks, e.g. a touched file: just restamp
                    cur = replace(cur, corpus_stamp=corpus_stamp)
                    meta = index_dir / "builds" / cur.name / "meta.json"
                    _write_atomic(meta, json.dumps(asdict(cur), ensure_ascii=False, indent=1))
                return cur, False
        except IndexError_:
            pass
    t_vectors = time.perf_counter()
    shipped = _shipped_for(embedder, shipped_dir, on_warning)
    cache = VectorCache(index_dir / "cache" / "vectors.sqlite")
    texts = embedded_texts(chunks)
    try:
        vectors, sources = embed_with_cache(texts, embedder, cache, progress, shipped=shipped)
    finally:
        cache.close()
    sentences = sentence_index.from_chunks(chunks, dict(zip(texts[len(chunks):], vectors[len(chunks):])), embedder.dim)
    vectors = vectors[: len(chunks)]
    t_embed = time.perf_counter()
    name = time.strftime("%Y%m%d-%H%M%S") + f"-{uuid.uuid4().hex[:6]}-{fp[:8]}"
    build_dir = index_dir / "builds" / name
    build_dir.mkdir(parents=True, exist_ok=False)
    collection = f"fastlege-{name}"
    if progress:
        progress("store", 0, len(chunks))
    client = make_client(chroma_url, None if chroma_url else build_dir / "chroma")
    store = ChromaStore(client, collection, embedder.name, create=True)
    metas = [{"doc_id": c.doc_id, "section": c.section} for c in chunks]
    store.add([c.chunk_id for c in chunks], vectors, metas)
    if progress:
        progress("store", len(chunks), len(chunks))
    t_store = time.perf_counter()
    with open(build_dir / "chunks.jsonl", "w", encoding="utf-8") as f:
        for c in chunks:
            f.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
        f.flush()
        os.fsync(f.fileno())
    sentence_index.save(build_dir, sentences)
    with open(build_dir / "documents.json", "w", encoding="utf-8") as f:
        json.dump([d.to_dict() for d in documents], f, ensure_ascii=False, indent=1)
    info = BuildInfo(
        name=name, fingerprint=fp, embedder=embedder.name, n_chunks=len(chunks), collection=collection,
        chroma_url=chroma_url, built_at=time.time(), embedded=sources.embedded, seconds=round(time.perf_counter() - t0, 3),
        corpus_stamp=corpus_stamp, from_shipped=sources.shipped,
        stage_seconds={"embed": round(t_embed - t_vectors, 3), "store": round(t_store - t_embed, 3)},
        n_sentences=len(sentences.texts),
    )
    _write_atomic(build_dir / "meta.json", json.dumps(asdict(info), ensure_ascii=False, indent=1))
    previous = _read_current(index_dir)
    _write_atomic(index_dir / "CURRENT", name + "\n")
    _prune(index_dir, keep={name, previous or ""}, chroma_client=client if chroma_url else None)
    return info, True


def _prune(index_dir: Path, keep: set[str], chroma_client: Any = None) -> None:
    builds = index_dir / "builds"
    for d in builds.iterdir() if builds.exists() else []:
        if d.name in keep:
            continue
        if chroma_client is not None:
            drop_collection(chroma_client, f"fastlege-{d.name}")
        shutil.rmtree(d, ignore_errors=True)


def load_documents(index_dir: Path, info: BuildInfo) -> list[DocumentInfo]:
    path = index_dir / "builds" / info.name / "documents.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        out = []
        for d in raw:
            for k in ("date", "valid_from", "valid_to"):
                d[k] = date.fromisoformat(d[k]) if d.get(k) else None
            d["supersedes"] = tuple(d.get("supersedes") or ())
            out.append(DocumentInfo(**d))
        return out
    except (OSError, ValueError, TypeError) as e:
        raise IndexError_(f"Dokumentlisten i «{path}» kan ikke leses. Indeksen bygges på nytt.") from e


def corpus_stamp(corpus_dir: Path, extra: str = "") -> str:
    """Hash of every file in the corpus folder (names and contents) plus code versions in ``extra``."""
    h = hashlib.sha256(f"v{FORMAT_VERSION}|{extra}".encode())
    for p in sorted(corpus_dir.iterdir()) if corpus_dir.is_dir() else []:
        if p.is_file() and not p.name.startswith("."):
            h.update(p.name.encode())
            h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()
