"""Manifest: strict entries, Norwegian errors naming the entry, defaults for unlisted files."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.corpus import load_corpus, load_manifest
from assistant.errors import CorpusError

REPO_CORPUS = Path(__file__).resolve().parents[1] / "corpus"

ENTRY = """documents:
  - id: asa4310-2024
    file: avtale.txt
    title: "Rammeavtalen (ASA 4310) 2024–2025"
    kind: avtale
    valid_from: 2024-04-01
    valid_to: 2025-07-01
"""


def write(tmp_path: Path, manifest: str, files: dict[str, str] | None = None) -> Path:
    (tmp_path / "manifest.yaml").write_text(manifest, encoding="utf-8")
    for name, text in (files or {}).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_bundled_manifest_describes_every_bundled_file():
    infos = load_manifest(REPO_CORPUS)
    files = {p.name for p in REPO_CORPUS.iterdir() if p.suffix in (".txt", ".pdf")}
    assert set(infos) == files
    asa = next(i for i in infos.values() if i.doc_id == "asa4310-2024")
    assert asa.title == "Rammeavtalen (ASA 4310) 2024–2025"
    assert (asa.valid_from, asa.valid_to) == (date(2024, 4, 1), date(2025, 7, 1))
    assert asa.in_force(date(2024, 12, 1)) is True and asa.in_force(date(2024, 3, 31)) is False
    assert "3 måneders varsel" in asa.validity_note


def test_valid_entry_becomes_document_info(tmp_path):
    infos = load_manifest(write(tmp_path, ENTRY))
    info = infos["avtale.txt"]
    assert info.doc_id == "asa4310-2024" and info.kind == "avtale" and info.from_manifest


def test_unknown_key_names_the_entry(tmp_path):
    bad = ENTRY + "    gyldig_til: 2025-07-01\n"
    with pytest.raises(CorpusError) as err:
        load_manifest(write(tmp_path, bad))
    msg = str(err.value)
    assert "asa4310-2024" in msg and "gyldig_til" in msg and "ukjent felt" in msg


def test_bad_date_names_the_entry_and_the_field(tmp_path):
    bad = ENTRY.replace("2025-07-01", "2025-13-01")
    with pytest.raises(CorpusError) as err:
        load_manifest(write(tmp_path, bad))
    assert "asa4310-2024" in str(err.value) and "valid_to" in str(err.value) and "dato" in str(err.value)


def test_unknown_kind_is_rejected(tmp_path):
    with pytest.raises(CorpusError):
        load_manifest(write(tmp_path, ENTRY.replace("kind: avtale", "kind: lov")))


def test_duplicate_id_is_rejected(tmp_path):
    twice = ENTRY + ENTRY.split("documents:\n", 1)[1].replace("avtale.txt", "annen.txt")
    with pytest.raises(CorpusError, match="id «asa4310-2024» er brukt før"):
        load_manifest(write(tmp_path, twice))


def test_broken_yaml_is_a_corpus_error(tmp_path):
    with pytest.raises(CorpusError, match="kan ikke leses"):
        load_manifest(write(tmp_path, "documents: [\n  - id: x\n"))


def test_unlisted_file_gets_defaults_and_a_warning(tmp_path):
    corpus = write(tmp_path, ENTRY, {"avtale.txt": "1 Formål\n\nAvtalen gjelder.\n", "KS_rundskriv-2026.txt": "Noe tekst her.\n"})
    warnings: list[str] = []
    docs = {d.info.source_file: d for d in load_corpus(corpus, on_warning=warnings.append)}
    info = docs["KS_rundskriv-2026.txt"].info
    assert info.doc_id == "ks-rundskriv-2026" and info.kind == "ukjent" and not info.from_manifest
    assert info.title == "KS rundskriv 2026"
    assert len(warnings) == 1 and "KS_rundskriv-2026.txt" in warnings[0] and "manifest.yaml" in warnings[0]
    assert docs["avtale.txt"].info.from_manifest


def test_bad_entry_does_not_stop_the_other_documents(tmp_path):
    bad = ENTRY.replace("kind: avtale", "kind: avtale\n    farge: blå")
    corpus = write(tmp_path, bad, {"avtale.txt": "1 Formål\n\nAvtalen gjelder.\n"})
    warnings: list[str] = []
    docs = load_corpus(corpus, on_warning=warnings.append)
    assert [d.info.source_file for d in docs] == ["avtale.txt"]
    assert any("farge" in w for w in warnings)
    assert docs[0].info.from_manifest is False  # fell back to defaults
