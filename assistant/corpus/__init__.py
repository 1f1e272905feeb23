"""Corpus ingestion: manifest, cleaning, page recovery, sections and chunking.

    from assistant.corpus import load_manifest, load_corpus, chunk_documents
    docs = load_corpus("corpus")          # list[Document], cleaned text + page starts
    chunks = chunk_documents(docs)        # list[Chunk], never spanning two sections
"""
from __future__ import annotations

from .chunking import ChunkingParams, chunk_document, chunk_documents
from .loader import load_corpus, load_document
from .manifest import default_info_for, load_manifest
from .sections import Section, split_sections

__all__ = [
    "ChunkingParams",
    "Section",
    "chunk_document",
    "chunk_documents",
    "default_info_for",
    "load_corpus",
    "load_document",
    "load_manifest",
    "split_sections",
]
