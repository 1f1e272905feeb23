"""Index build, reuse, incremental embedding, crash safety and corruption handling (hash embedder, tiny chunks)."""
from __future__ import annotations

import shutil
from datetime import date

import numpy as np
import pytest

from assistant.errors import IndexError_
from assistant.retrieval.embedders import HashEmbedder
from assistant.retrieval.index import (build_index, current_build, embedded_texts, load_chunks, load_documents,
                                      load_sentences, open_store)
from assistant.retrieval.retriever import HybridRetriever
from assistant.retrieval.sentence_index import sentence_texts

from .conftest import make_chunk


class CountingEmbedder(HashEmbedder):
    def __init__(self, fail_after: int | None = None):
        super().__init__()
        self.embedded = 0
        self.fail_after = fail_after

    def embed_passages(self, texts):
        if self.fail_after is not None and self.embedded + len(texts) > self.fail_after:
            raise RuntimeError("simulert krasj midt i byggingen")
        self.embedded += len(texts)
        return super().embed_passages(texts)


def _retriever(index_dir, emb):
    info = current_build(index_dir)
    docs = {d.doc_id: d for d in load_documents(index_dir, info)}
    return HybridRetriever(load_chunks(index_dir, info), docs, open_store(index_dir, info, ""), emb,
                           sentences=load_sentences(index_dir, info))


def test_build_then_search_finds_the_clause(tmp_path, tiny_chunks, tiny_documents):
    emb = CountingEmbedder()
    info, rebuilt = build_index(tiny_chunks, emb, tmp_path, documents=list(tiny_documents.values()))
    texts = set(embedded_texts(tiny_chunks))  # each chunk's opening and each of its sentences, once
    assert len(texts) > len(tiny_chunks) and info.n_sentences > 0
    assert rebuilt and info.n_chunks == len(tiny_chunks) and emb.embedded == len(texts)
    r = _retriever(tmp_path, emb)
    hits = r.search("oppsigelse frist måneder", k=3)
    assert hits[0].section == "16"
    d = hits[0].to_dict()
    for key in ("text", "doc_id", "title", "source_file", "section", "heading", "page", "score"):
        assert key in d
    assert hits[0].valid_to == date(2025, 7, 1)


def test_unchanged_corpus_is_not_rebuilt_and_new_document_only_embeds_its_chunks(tmp_path, tiny_chunks):
    emb = CountingEmbedder()
    build_index(tiny_chunks, emb, tmp_path)
    first = current_build(tmp_path)
    info, rebuilt = build_index(tiny_chunks, emb, tmp_path)
    n = len(set(embedded_texts(tiny_chunks)))
    assert not rebuilt and info.name == first.name and emb.embedded == n
    extra = make_chunk("nytt", "1", "Nytt rundskriv om basistilskudd for 2026.", start=5000)
    new = set(embedded_texts(tiny_chunks + [extra])) - set(embedded_texts(tiny_chunks))
    assert len(new) == 2  # the new chunk's opening and its one sentence
    info2, rebuilt2 = build_index(tiny_chunks + [extra], emb, tmp_path)
    assert rebuilt2 and info2.embedded == 2 and emb.embedded == n + 2
    assert info2.n_chunks == len(tiny_chunks) + 1


def test_crash_mid_build_leaves_previous_index_serving(tmp_path, tiny_chunks, monkeypatch):
    from assistant.retrieval import index as ix

    monkeypatch.setattr(ix, "EMBED_BATCH", 8)  # a crash loses at most one batch: several batches here
    build_index(tiny_chunks, CountingEmbedder(), tmp_path)
    before = current_build(tmp_path)
    more = tiny_chunks + [make_chunk("nytt", str(i), f"Ny tekst nummer {i} om listetak.", start=9000 + i) for i in range(40)]
    with pytest.raises(RuntimeError):
        build_index(more, CountingEmbedder(fail_after=20), tmp_path, force=True)
    assert current_build(tmp_path) == before
    assert _retriever(tmp_path, HashEmbedder()).search("oppsigelse", k=1)
    # the vectors embedded before the crash are kept: the next build embeds only the rest
    emb = CountingEmbedder()
    info, _ = build_index(more, emb, tmp_path)
    assert 0 < info.embedded < len(set(embedded_texts(more)) - set(embedded_texts(tiny_chunks)))


def test_corrupt_index_is_detected(tmp_path, tiny_chunks):
    info, _ = build_index(tiny_chunks, HashEmbedder(), tmp_path)
    chunks_file = tmp_path / "builds" / info.name / "chunks.jsonl"
    chunks_file.write_text(chunks_file.read_text().splitlines()[0] + "\n{half a line")
    with pytest.raises(IndexError_) as e:
        load_chunks(tmp_path, current_build(tmp_path))
    assert "bygges på nytt" in str(e.value)
    (tmp_path / "builds" / info.name / "meta.json").write_text("{not json")
    with pytest.raises(IndexError_):
        current_build(tmp_path)
    # a rebuild repairs it
    info2, rebuilt = build_index(tiny_chunks, HashEmbedder(), tmp_path)
    assert rebuilt and len(load_chunks(tmp_path, current_build(tmp_path))) == len(tiny_chunks)


def test_missing_vector_store_is_detected(tmp_path, tiny_chunks):
    info, _ = build_index(tiny_chunks, HashEmbedder(), tmp_path)
    shutil.rmtree(tmp_path / "builds" / info.name / "chroma")
    with pytest.raises(IndexError_):
        open_store(tmp_path, current_build(tmp_path), "")


def test_filters_by_document_and_validity(tmp_path, tiny_chunks, tiny_documents):
    emb = HashEmbedder()
    build_index(tiny_chunks, emb, tmp_path, documents=list(tiny_documents.values()))
    r = _retriever(tmp_path, emb)
    q = "Hvor lenge gjelder rammeavtalen?"
    assert {p.doc_id for p in r.search(q, k=5, doc_ids=["asa4301"])} == {"asa4301"}
    in_2025 = {p.doc_id for p in r.search(q, k=5, valid_on=date(2025, 1, 1))}
    assert "gammel" not in in_2025 and "asa4301" not in in_2025 and "asa4310" in in_2025


def test_empty_question_gives_no_passages(tmp_path, tiny_chunks):
    emb = HashEmbedder()
    build_index(tiny_chunks, emb, tmp_path)
    r = _retriever(tmp_path, emb)
    assert r.search("   ", k=5) == [] and r.search("oppsigelse", k=0) == []


def test_hash_embedder_is_deterministic_and_normalised():
    e = HashEmbedder()
    a, b = e.embed_queries(["fastlege i kommunen"])[0], e.embed_passages(["fastlege i kommunen"])[0]
    assert np.allclose(a, b) and abs(float(np.linalg.norm(a)) - 1) < 1e-5


def test_changed_embedding_text_rebuilds(tmp_path, tiny_chunks, monkeypatch):
    import assistant.retrieval.index as ix

    emb = CountingEmbedder()
    build_index(tiny_chunks, emb, tmp_path)
    monkeypatch.setattr(ix, "embedding_text", lambda c: "prefiks " + c.text)
    info, rebuilt = build_index(tiny_chunks, emb, tmp_path)
    assert rebuilt and info.embedded == len(tiny_chunks)


def test_a_named_punkt_comes_first_from_the_named_or_binding_document(tmp_path, tiny_chunks, tiny_documents):
    """"Hva sier punkt 5.6?" is answered by punkt 5.6, not by the clause that mentions it; of several documents
    with a punkt 2.1, the one the question names, else an agreement before the report."""
    from assistant.types import DocumentInfo
    chunks = tiny_chunks + [
        make_chunk("asa4310", "5.9", "Nemnda avgjør tvister etter punkt 5.6 og punkt 5.6 om prisen.", "Nemnd", start=2000),
        make_chunk("rapport", "2.1", "Punkt 2.1 i rapporten: basistilskudd per listeinnbygger.", "Fastleger"),
    ]
    docs = dict(tiny_documents, rapport=DocumentInfo("rapport", "Ekspertutvalgets rapport", "rapport.txt", kind="rapport"))
    emb = HashEmbedder()
    build_index(chunks, emb, tmp_path, documents=list(docs.values()))
    r = _retriever(tmp_path, emb)
    assert r.search("Hva sier punkt 5.6?", k=3)[0].section == "5.6"
    first = r.search("Hva står i pkt. 2.1 om basistilskudd per listeinnbygger?", k=3)[0]
    assert (first.doc_id, first.section) == ("asa4301", "2.1")
    first = r.search("Hva står i punkt 2.1 i ekspertutvalgets rapport?", k=3)[0]
    assert (first.doc_id, first.section) == ("rapport", "2.1")
    assert r.referenced("Hva sier punkt 99.9?", {}) == [] and r.referenced("Hva sier?", {}) == []  # no such punkt


def test_sentence_vectors_are_stored_with_the_build_and_score_each_passage_sentence(tmp_path, tiny_chunks):
    emb = HashEmbedder()
    info, _ = build_index(tiny_chunks, emb, tmp_path)
    sv = load_sentences(tmp_path, info)
    assert len(sv.rows) == len(tiny_chunks) and len(sv.texts) == info.n_sentences == len(sv.matrix)
    for c, rows in zip(load_chunks(tmp_path, info), sv.rows):
        assert [sv.texts[r] for r in rows] == sentence_texts(c)
    assert np.allclose(sv.matrix[0], emb.embed_passages([sv.texts[0]])[0], atol=2e-3)  # stored as float16
    qv = emb.embed_queries(["oppsigelse frist"])[0]
    best = sv.best(qv, range(len(tiny_chunks)))
    assert all(abs(best[i] - max((float(sv.matrix[r] @ qv) for r in sv.rows[i]), default=0.0)) < 1e-6 for i in best)
    hit = _retriever(tmp_path, emb).search("oppsigelse frist måneder", k=1)[0]
    assert {t for t, _ in hit.sentence_scores} == set(sentence_texts(hit.chunk)) and "sentence" in dict(hit.scores)
    # damaged sentence vectors: the build is not used, and the next build replaces it
    (tmp_path / "builds" / info.name / "sentence_rows.json").write_text("{}")
    with pytest.raises(IndexError_):
        load_sentences(tmp_path, info)
    _, rebuilt = build_index(tiny_chunks, emb, tmp_path)
    assert rebuilt


def test_a_part_with_the_whole_questions_terms_is_not_searched_again(tmp_path, tiny_chunks):
    # the second of two parts, searched with the first part's words, has the whole question's terms: the whole's
    # search stands for it, so it gets no vector of its own (the parts alone still get theirs, for sentences)
    class QueryLog(CountingEmbedder):
        def __init__(self):
            super().__init__()
            self.queries = []

        def embed_queries(self, texts):
            self.queries.append(list(texts))
            return super().embed_queries(texts)

    emb = QueryLog()
    build_index(tiny_chunks, emb, tmp_path)
    r = _retriever(tmp_path, emb)
    hits = r.search("Hvor lang er oppsigelsesfristen, og hvem avgjør tvister?", k=3)
    assert hits and emb.queries[-1] == ["Hvor lang er oppsigelsesfristen, og hvem avgjør tvister?",
                                        "Hvor lang er oppsigelsesfristen", "hvem avgjør tvister?"]
    # in three parts, each later part searched with the first lacks the third's or the second's words: searched
    r.search("Hva er oppsigelsesfristen? Hvem avgjør tvister? Hvor mye koster nemnda?", k=3)
    assert len(emb.queries[-1]) == 1 + 3 + 2


def test_the_collection_is_counted_once_not_per_search(tmp_path, tiny_chunks):
    emb = CountingEmbedder()
    build_index(tiny_chunks, emb, tmp_path)
    store = open_store(tmp_path, current_build(tmp_path), "")
    asked = []
    real = store._col.count
    store._col.count = lambda: asked.append(1) or real()
    store._count = None  # as a store just opened (opening may already have counted)
    qv = emb.embed_queries(["oppsigelse frist"])[0]
    first, second = store.query(qv, 3), store.query(qv, 3)
    assert first == second and len(first) == min(3, len(tiny_chunks)) and len(asked) == 1
    assert store.count() == len(tiny_chunks) and len(asked) == 1
