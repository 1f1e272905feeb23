"""Chunking: verbatim slices, never across sections, overlap, stable ids."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.corpus import ChunkingParams, chunk_documents, load_corpus, split_sections
from assistant.corpus.chunking import window_spans
from assistant.types import Document, DocumentInfo

REPO_CORPUS = Path(__file__).resolve().parents[1] / "corpus"
INFO = DocumentInfo(doc_id="test", title="Testavtalen", source_file="t.txt", full_title="Testavtalen 2024")


def doc_of(paragraphs: list[str]) -> Document:
    return Document(info=INFO, text="\n\n".join(paragraphs), page_starts=((0, 1),))


def sentences(n: int, word: str) -> str:
    return " ".join(f"{word} setning nummer {i} handler om listeinnbyggere og basistilskudd." for i in range(n))


def test_chunks_are_verbatim_and_stay_in_their_section():
    doc = doc_of(["5 Administrasjon", "5.1 Rammer", sentences(30, "Første"), "5.2 Ledighet", sentences(3, "Andre")])
    chunks = chunk_documents([doc], ChunkingParams(max_chars=400, overlap_chars=100))
    secs = {s.section_id: s for s in split_sections(doc.text, doc.info)}
    for c in chunks:
        assert doc.text[c.start : c.end] == c.text and c.text.strip()
        sec = secs[c.section]
        assert c.end <= sec.end
        # a chunk starts inside its section, or earlier only to carry an empty parent heading
        assert sec.start <= c.start or doc.text[c.start : sec.start] == "5 Administrasjon\n\n"
        assert len(c.text) <= 400
    assert {c.section for c in chunks} == {"5.1", "5.2"}  # "5" holds only its heading
    first = next(c for c in chunks if c.section == "5.1")
    assert first.text.startswith("5 Administrasjon\n\n5.1 Rammer")  # carried, verbatim
    assert first.heading_path == ("5 Administrasjon", "5.1 Rammer")
    assert all("Andre" not in c.text for c in chunks if c.section == "5.1")


def test_consecutive_windows_overlap():
    text = sentences(40, "Lang")
    spans = window_spans(text, 0, len(text), ChunkingParams(max_chars=500, overlap_chars=150))
    assert len(spans) > 3
    for (a1, b1), (a2, b2) in zip(spans, spans[1:]):
        assert a1 < a2 < b1 < b2  # progress, with overlap
        assert b1 - a2 >= 60  # at least one whole sentence repeated
    assert spans[0][0] == 0 and spans[-1][1] == len(text)


def test_very_long_sentence_is_split_at_spaces():
    text = "ord " * 600
    spans = window_spans(text, 0, len(text.rstrip()), ChunkingParams(max_chars=300, overlap_chars=50))
    assert all(b - a <= 300 for a, b in spans)
    assert spans[-1][1] == len(text.rstrip())


def test_empty_numbered_heading_merges_into_next_section():
    doc = doc_of(["11.1 Avtale", "Tekst om LIS1.", "11.2", "11.3", "Økonomiske forhold knyttet til LIS1. Kommunen dekker."])
    chunks = chunk_documents([doc])
    assert [c.section for c in chunks] == ["11.1", "11.3"]
    assert chunks[1].text.startswith("11.2\n\n11.3")


def test_chunk_ids_are_stable_and_follow_the_text():
    doc = doc_of(["1 Formål", sentences(5, "Stabil"), "2 Virkeområde", sentences(2, "Annen")])
    a, b = chunk_documents([doc]), chunk_documents([doc])
    assert [c.chunk_id for c in a] == [c.chunk_id for c in b]
    assert len({c.chunk_id for c in a}) == len(a)
    changed = replace(doc, text=doc.text.replace("Annen setning nummer 1", "Endret setning nummer 1"))
    c = chunk_documents([changed])
    assert c[0].chunk_id == a[0].chunk_id and c[-1].chunk_id != a[-1].chunk_id


def test_chunk_metadata():
    doc = Document(info=INFO, text="1 Formål\n\nTekst på side én.\n\n2 Annet\n\nTekst på side to.", page_starts=((0, 1), (29, 2)))
    chunks = chunk_documents([doc])
    assert [(c.section, c.heading, c.page) for c in chunks] == [("1", "Formål", 1), ("2", "Annet", 2)]
    d = chunks[0].to_dict()
    assert d["doc_id"] == "test" and d["title"] == "Testavtalen" and d["source_file"] == "t.txt"


@pytest.mark.slow
def test_bundled_corpus_chunks():
    docs = load_corpus(REPO_CORPUS, on_warning=lambda m: None)
    chunks = chunk_documents(docs)
    by_id = {d.info.doc_id: d for d in docs}
    assert len({c.chunk_id for c in chunks}) == len(chunks)
    for c in chunks:
        assert by_id[c.doc_id].text[c.start : c.end] == c.text
        assert 0 < len(c.text) <= ChunkingParams().max_chars
    stat = [c for c in chunks if c.doc_id == "asa4301-2022" and c.section == "2.1"]
    assert any("675 kroner per listeinnbygger inntil 1 000 listeinnbyggere" in c.text for c in stat)
    assert all(c.page is not None for c in chunks if c.doc_id == "asa4301-2022")
    assert all(c.page is None for c in chunks if c.doc_id == "asa4310-2024")
    again = chunk_documents(load_corpus(REPO_CORPUS, on_warning=lambda m: None))
    assert [c.chunk_id for c in again] == [c.chunk_id for c in chunks]
