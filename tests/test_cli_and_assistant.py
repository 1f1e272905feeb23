"""Assistant + CLI over a tiny corpus folder with the hash embedder (fast, no model)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.retrieval.embedders import HashEmbedder
from assistant.retrieval.index import embedded_texts
from assistant.settings import Settings

REPO = Path(__file__).resolve().parent.parent

DOC_A = """1 Varighet
Rammeavtalen gjelder fra 01.04.2024 til 01.07.2025.

2 Oppsigelse
Kommunen og legen kan si opp avtalen med en frist på 6 måneder. Oppsigelsen skal være skriftlig.
"""
DOC_B = """2.1 Basistilskudd
Basistilskuddet utgjør 675 kroner per listeinnbygger inntil 1 000 listeinnbyggere.
"""


@pytest.fixture
def tiny_corpus(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "rammeavtale.txt").write_text(DOC_A, encoding="utf-8")
    (d / "statsavtale.txt").write_text(DOC_B, encoding="utf-8")
    return d


def _settings(tmp_path, corpus):
    return Settings.from_env(corpus_dir=corpus, index_dir=tmp_path / "index", data_dir=tmp_path / "data", embedder="hash", chroma_url="")


def test_assistant_builds_on_first_use_and_searches(tmp_path, tiny_corpus):
    a = Assistant(settings=_settings(tmp_path, tiny_corpus))
    hits = a.search("oppsigelsesfrist", k=2)
    assert hits and hits[0].section == "2"
    assert set(a.documents) and all(w for w in a.warnings)  # files without manifest entries are warned about
    assert any("manifest" in w.lower() for w in a.warnings)


def test_new_document_is_picked_up_and_only_its_chunks_are_embedded(tmp_path, tiny_corpus):
    s = _settings(tmp_path, tiny_corpus)
    first = Assistant(settings=s)
    first.search("basistilskudd", k=1)
    n0 = first.build.n_chunks
    (tiny_corpus / "nytt-rundskriv.txt").write_text("1 Satser\nNye satser for utjamningstilskudd gjelder fra 2026.\n", encoding="utf-8")
    second = Assistant(settings=s)
    hits = second.search("utjamningstilskudd satser", k=1)
    new = set(embedded_texts(second.chunks)) - set(embedded_texts(first.chunks))
    assert second.build.n_chunks > n0 and second.build.embedded == len(new) > 0
    assert new <= set(embedded_texts([c for c in second.chunks if "nytt" in c.source_file]))
    assert "nytt" in hits[0].chunk.source_file


def test_pdf_in_corpus_is_indexed_with_pages(tmp_path, tiny_corpus):
    pymupdf = pytest.importorskip("pymupdf")
    doc = pymupdf.open()
    for text in ("1 Innledning\nDette rundskrivet gjelder legevakt.", "2 Satser\nTimesatsen for legevakt er 1 230 kroner."):
        page = doc.new_page()
        page.insert_text((72, 72), text, fontsize=11)
    doc.save(tiny_corpus / "rundskriv.pdf")
    a = Assistant(settings=_settings(tmp_path, tiny_corpus))
    hits = [p for p in a.search("timesats legevakt kroner", k=5) if p.chunk.source_file == "rundskriv.pdf"]
    assert hits and hits[0].chunk.page == 2


def test_reindex_swaps_while_old_instance_keeps_serving(tmp_path, tiny_corpus):
    s = _settings(tmp_path, tiny_corpus)
    old = Assistant(settings=s)
    assert old.search("basistilskudd", k=1)
    (tiny_corpus / "ekstra.txt").write_text("1 Ekstra\nEn ekstra tekst om hjemfall.\n", encoding="utf-8")
    Assistant(settings=s).reindex()
    assert old.search("basistilskudd", k=1)  # the previous build is kept for running instances


def _cli(args, tmp_path, corpus):
    env = dict(os.environ, ASSISTANT_EMBEDDER="hash", ASSISTANT_CORPUS_DIR=str(corpus), ASSISTANT_INDEX_DIR=str(tmp_path / "index"))
    env.pop("ASSISTANT_CHROMA_URL", None)
    return subprocess.run([sys.executable, "-m", "assistant", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


def test_cli_index_and_search(tmp_path, tiny_corpus):
    r = _cli(["index"], tmp_path, tiny_corpus)
    assert r.returncode == 0, r.stderr
    assert "Indeks klar" in r.stdout and "Lager vektorer" in r.stderr
    again = _cli(["index"], tmp_path, tiny_corpus)
    assert again.returncode == 0 and "0 nye vektorer" in again.stdout
    r = _cli(["search", "Hvor lang er oppsigelsesfristen?", "-k", "2", "--json"], tmp_path, tiny_corpus)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data[0]["section"] == "2"
    for key in ("text", "doc_id", "title", "source_file", "section", "heading", "page", "score"):
        assert key in data[0]
    r = _cli(["search", "basistilskudd"], tmp_path, tiny_corpus)
    assert r.returncode == 0 and "2.1" in r.stdout


def test_cli_bad_settings_give_norwegian_error_not_traceback(tmp_path, tiny_corpus):
    env = dict(os.environ, ASSISTANT_EMBEDDER="fasttext", ASSISTANT_CORPUS_DIR=str(tiny_corpus), ASSISTANT_INDEX_DIR=str(tmp_path / "i"))
    r = subprocess.run([sys.executable, "-m", "assistant", "search", "x"], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "Feil:" in r.stderr and "Traceback" not in r.stderr


def test_hash_embedder_selected_by_setting(tmp_path, tiny_corpus):
    a = Assistant(settings=_settings(tmp_path, tiny_corpus))
    assert isinstance(a.embedder, HashEmbedder)


def test_damaged_index_is_rebuilt_on_open(tmp_path, tiny_corpus):
    s = _settings(tmp_path, tiny_corpus)
    a = Assistant(settings=s)
    a.search("basistilskudd", k=1)
    build = s.index_dir / "builds" / a.build.name
    (build / "chunks.jsonl").write_text("{broken", encoding="utf-8")
    b = Assistant(settings=s)
    assert b.search("basistilskudd", k=1)[0].section == "2.1"
    assert b.build.name != a.build.name and any("bygges på nytt" in w for w in b.warnings)
    (s.index_dir / "CURRENT").write_text("does-not-exist\n")
    c = Assistant(settings=s)
    assert c.search("oppsigelse", k=1)


def test_cli_exports_feedback_csv(tmp_path):
    from assistant.ui.feedback import FeedbackStore

    data = tmp_path / "data"
    data.mkdir()
    env = dict(os.environ, ASSISTANT_DATA_DIR=str(data))
    r = subprocess.run([sys.executable, "-m", "assistant", "feedback"], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "Fant ingen tilbakemeldinger" in r.stderr
    store = FeedbackStore(data / "feedback.sqlite")
    store.record_rating(message_id="m1", rating=1, question="Hva er oppsigelsesfristen?", answer="Seks måneder [1]",
                        citations=[{"n": 1, "quote": "frist på 6 måneder"}])
    out = tmp_path / "fb.csv"
    r = subprocess.run([sys.executable, "-m", "assistant", "feedback", "--out", str(out)], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "oppsigelsesfristen" in out.read_text(encoding="utf-8")


def test_reindex_without_changes_keeps_the_loaded_retriever(tmp_path, tiny_corpus):
    a = Assistant(settings=_settings(tmp_path, tiny_corpus))
    a.search("basistilskudd", k=1)
    loaded = a._retriever
    a.reindex()
    assert not a.rebuilt and a._retriever is loaded
    (tiny_corpus / "nytt.txt").write_text("1 Nytt\nEn ny tekst om hjemfall.\n", encoding="utf-8")
    a.reindex()
    assert a.rebuilt and a._retriever is not loaded and a.search("hjemfall", k=1)


def test_bench_fusion_names_a_missing_question_file(capsys, tmp_path):
    from assistant.cli import main

    assert main(["bench", "fusion", str(tmp_path / "finnes-ikke.jsonl")]) == 2
    assert "Fant ikke spørsmålsfilen" in capsys.readouterr().err
