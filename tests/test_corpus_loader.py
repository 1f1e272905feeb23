"""Loading a folder: encodings, empty files, missing folder."""
from __future__ import annotations

import pytest

from assistant.corpus import load_corpus
from assistant.errors import CorpusError


def test_missing_folder_is_a_corpus_error(tmp_path):
    with pytest.raises(CorpusError, match="Fant ikke korpusmappen"):
        load_corpus(tmp_path / "finnes-ikke")


def test_cp1252_text_is_read_with_a_warning(tmp_path):
    (tmp_path / "gammel.txt").write_bytes("1 Formål\n\nLegen får særlig tilskudd på Røros – 5 år.\n".encode("cp1252"))
    warnings: list[str] = []
    docs = load_corpus(tmp_path, on_warning=warnings.append)
    assert "Legen får særlig tilskudd på Røros – 5 år." in docs[0].text
    assert any("gammel.txt" in w and "UTF-8" in w for w in warnings)


def test_empty_file_is_skipped_with_a_warning(tmp_path):
    (tmp_path / "tom.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "full.txt").write_text("Innhold.\n", encoding="utf-8")
    warnings: list[str] = []
    docs = load_corpus(tmp_path, on_warning=warnings.append)
    assert [d.info.source_file for d in docs] == ["full.txt"]
    assert any("tom.txt" in w and "tom" in w for w in warnings)


def test_other_files_are_ignored(tmp_path):
    (tmp_path / "notat.docx").write_bytes(b"PK")
    (tmp_path / "README.md").write_text("# korpus", encoding="utf-8")
    assert load_corpus(tmp_path, on_warning=lambda m: None) == []
