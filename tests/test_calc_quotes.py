"""Every quote in rules.yaml occurs verbatim (whitespace-normalised) in its corpus document."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.calc.rules import base_rules

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
RAW_FILES = {  # manifest id → source file (README of the corpus)
    "asa4301-2022": "000_509fc60b91574ede.txt",
    "ekspertutvalget-2023": "001_35f52ae5147c2887.txt",
    "asa4310-2024": "003_c4e7aad9b7feb2e0.txt",
}
ENTRIES = base_rules().all_entries()  # rules.yaml itself; accepted sets are checked when they load


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _corpus_dir() -> Path | None:
    for candidate in (REPO / "corpus", SHARED_CORPUS):
        if (candidate / RAW_FILES["asa4301-2022"]).exists():
            return candidate
    return None


@pytest.fixture(scope="module")
def raw_texts() -> dict[str, str]:
    folder = _corpus_dir()
    if folder is None:
        pytest.skip("corpus files not found")
    return {doc: normalise((folder / name).read_text(encoding="utf-8")) for doc, name in RAW_FILES.items()}


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{e.id}@{e.valid_from}" for e in ENTRIES])
def test_quote_occurs_in_raw_document(entry, raw_texts):
    assert normalise(entry.source.quote) in raw_texts[entry.source.document], (
        f"{entry.id}: sitatet finnes ikke i {entry.source.document}")


def test_every_referenced_document_is_mapped():
    assert {e.source.document for e in ENTRIES} <= set(RAW_FILES)


def test_quotes_in_cleaned_corpus():
    """Same check against the ingest helper's cleaned text when that module exists."""
    corpus = pytest.importorskip("assistant.corpus")
    folder = REPO / "corpus"
    if not (folder / "manifest.yaml").exists():
        pytest.skip("corpus/manifest.yaml not in place yet")
    docs = {d.info.doc_id: normalise(d.text) for d in corpus.load_corpus(folder, on_warning=lambda *_: None)}
    missing = [e.id for e in ENTRIES if e.source.document in docs and normalise(e.source.quote) not in docs[e.source.document]]
    assert {e.source.document for e in ENTRIES} <= set(docs), f"dokument-id mangler i korpuset: {sorted(docs)}"
    assert missing == []
