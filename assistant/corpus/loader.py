"""Read a corpus folder: every .txt and .pdf, cleaned, with page starts and manifest info."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import CorpusError
from ..types import Document, DocumentInfo
from .clean import build_text
from .manifest import MANIFEST_NAME, default_info_for, load_manifest_lenient
from .pages import Page, drop_ocr_copies, split_pages
from .pdf import read_pdf_pages

SUPPORTED_SUFFIXES = (".txt", ".pdf")
Warn = Callable[[str], None]


def decode_text_file(path: Path, on_warning: Warn) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise CorpusError(f"Filen {path.name} er tom. Legg inn innhold eller fjern filen fra korpusmappen.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        on_warning(
            f"Filen {path.name} er ikke UTF-8; den er lest som Windows-1252. "
            "Lagre filen som UTF-8 for å være sikker på at æøå blir riktige."
        )
        return data.decode("cp1252", errors="replace")


def text_to_pages(raw: str) -> list[Page]:
    """Pages of a plain-text extraction: page markers where recoverable, OCR copies dropped."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n \n").split("\n")
    pages, _ = drop_ocr_copies(split_pages(lines))
    return pages


def load_document(path: Path, info: DocumentInfo, on_warning: Warn = print) -> Document:
    """One document, cleaned. Raises CorpusError with a Norwegian message naming the file."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        pages = read_pdf_pages(path)
    elif suffix == ".txt":
        pages = text_to_pages(decode_text_file(path, on_warning))
    else:
        raise CorpusError(f"Filen {path.name} har et filformat som ikke støttes. Bruk .txt eller .pdf.")
    text, page_starts = build_text(pages)
    if not text.strip():
        raise CorpusError(f"Fant ingen tekst i {path.name}. Er det et skannet dokument uten tekstlag? Kjør OCR først.")
    return Document(info=info, text=text, page_starts=page_starts)


def corpus_files(corpus_dir: Path) -> list[Path]:
    if not corpus_dir.is_dir():
        raise CorpusError(f"Fant ikke korpusmappen {corpus_dir}. Opprett mappen eller angi riktig mappe (ASSISTANT_CORPUS_DIR).")
    return sorted(
        p for p in corpus_dir.iterdir()
        if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and p.name != MANIFEST_NAME and not p.name.startswith(".")
    )


def load_corpus(corpus_dir: Path | str, on_warning: Warn = print) -> list[Document]:
    """Every .txt/.pdf in the folder, cleaned. Unreadable files are reported and skipped."""
    corpus_dir = Path(corpus_dir)
    files = corpus_files(corpus_dir)
    manifest = load_manifest_lenient(corpus_dir, on_warning)
    present = {p.name for p in files}
    for name in sorted(set(manifest) - present):
        on_warning(f"Manifestet nevner {name}, men filen finnes ikke i {corpus_dir}. Legg til filen eller fjern oppføringen.")
    taken = {i.doc_id for i in manifest.values()}
    docs: list[Document] = []
    for path in files:
        info = manifest.get(path.name)
        if info is None:
            info = default_info_for(path.name, taken)
            taken.add(info.doc_id)
            on_warning(
                f"{path.name} står ikke i {MANIFEST_NAME}; bruker standardverdier (id «{info.doc_id}», "
                f"tittel «{info.title}», type ukjent). Legg inn en oppføring for riktig tittel og gyldighet."
            )
        try:
            docs.append(load_document(path, info, on_warning))
        except CorpusError as err:
            on_warning(f"{err} Dokumentet er hoppet over.")
    return docs
