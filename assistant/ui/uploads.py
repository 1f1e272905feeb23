"""Admin uploads: check a file by its content, save it safely into the corpus, re-index in the background.

- ``check_upload`` is pure: size limit, type by content (``%PDF-`` magic or valid UTF-8 text),
  the extension must agree with the content, and a safe file name (no folders, no ``..``,
  only letters, digits, ``._-``).
- ``save_upload`` writes atomically into the corpus folder and refuses to leave it.
- ``save_manifest_entry`` records the title and validity the uploader typed in ``manifest.yaml``,
  so the document is cited by its title, not by its file name.
- ``ReindexJob`` runs ``assistant.reindex(progress=...)`` in a background thread; the running
  assistant keeps answering from the previous index until the new one replaces it. A request
  while a run is going is queued: one more run follows, so a file saved meanwhile is indexed.
"""
from __future__ import annotations

import os
import re
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from datetime import date

from ..errors import AssistantError, CorpusError, InputError

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
ALLOWED_SUFFIXES = {".pdf": "pdf", ".txt": "txt"}
_UNSAFE_CHARS = re.compile(r"[^A-Za-z0-9æøåÆØÅ._-]+")


@dataclass(frozen=True)
class CheckedUpload:
    safe_name: str
    kind: str  # "pdf" | "txt"
    size: int


def safe_file_name(name: str) -> str:
    """Reduce an uploaded name to a plain file name: no folders, no leading dots, safe characters."""
    base = unicodedata.normalize("NFC", name or "").replace("\\", "/").split("/")[-1]
    base = _UNSAFE_CHARS.sub("_", base.strip()).strip("._ ")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = stem[:100].strip("._ ")
    if not stem:
        raise InputError(
            f"Filnavnet «{name}» kan ikke brukes. Gi filen et navn med bokstaver eller tall, f.eks. «avtale-2025.pdf».",
            field="file",
        )
    return f"{stem}.{suffix.lower()}" if suffix else stem


def detect_kind(data: bytes) -> str | None:
    """"pdf" when the content starts like a PDF, "txt" when it is non-empty UTF-8 text, else None."""
    if data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-"):
        return "pdf"
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return "txt" if text.strip() else None


def _megabytes(n_bytes: int, decimals: int = 1) -> str:
    """A size in MB the Norwegian way: 28_311_552 → "27,0" (decimal comma)."""
    return f"{n_bytes / 1_048_576:.{decimals}f}".replace(".", ",")


def check_upload(name: str, data: bytes, max_bytes: int = MAX_UPLOAD_BYTES) -> CheckedUpload:
    """Validate an upload; raises ``InputError`` (Norwegian, names the file and the fix)."""
    if not data:
        raise InputError(f"Filen «{name}» er tom.", field="file")
    if len(data) > max_bytes:
        raise InputError(
            f"Filen «{name}» er {_megabytes(len(data))} MB; grensen er {_megabytes(max_bytes, 0)} MB. "
            "Del den opp eller komprimer den.",
            field="file",
        )
    safe = safe_file_name(name)
    suffix = Path(safe).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise InputError(f"Filen «{name}» må være en PDF (.pdf) eller en tekstfil (.txt).", field="file")
    kind = detect_kind(data)
    if kind is None:
        raise InputError(
            f"Innholdet i «{name}» er verken PDF eller UTF-8-tekst. Lagre teksten som UTF-8 eller last opp PDF-en.",
            field="file",
        )
    if kind != ALLOWED_SUFFIXES[suffix]:
        expected = "en PDF" if suffix == ".pdf" else "en tekstfil"
        raise InputError(f"Filen «{name}» heter {suffix}, men innholdet er ikke {expected}. Sjekk filen.", field="file")
    return CheckedUpload(safe_name=safe, kind=kind, size=len(data))


def check_pdf_readable(data: bytes, name: str) -> None:
    """Open the PDF and require at least one page with text (scanned PDFs without text fail).

    Messages are Norwegian and never carry the PDF library's own (English) text.
    """
    import pymupdf

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception:  # pymupdf raises several types for broken files
        raise InputError(
            f"PDF-en «{name}» er skadet eller ufullstendig og kan ikke åpnes. Eksporter eller last den ned på nytt og prøv igjen.",
            field="file",
        ) from None
    with doc:
        if doc.needs_pass or doc.is_encrypted:
            raise InputError(
                f"PDF-en «{name}» er passordbeskyttet. Lagre en kopi uten passord og last opp den.", field="file"
            )
        try:
            has_text = any(page.get_text().strip() for page in doc)
        except Exception:
            raise InputError(
                f"PDF-en «{name}» er skadet og teksten kan ikke leses. Eksporter den på nytt og prøv igjen.", field="file"
            ) from None
    if not has_text:
        raise InputError(
            f"PDF-en «{name}» har ingen tekst (kanskje et skannet bilde). Last opp en PDF med tekst, eller en .txt-fil.",
            field="file",
        )


def manifest_entry(
    file_name: str, title: str, taken_ids: set[str], *, kind: str = "ukjent",
    valid_from: date | None = None, valid_to: date | None = None, validity_note: str = "",
) -> dict[str, Any]:
    """The manifest entry for an uploaded file (validated like every entry; Norwegian errors)."""
    from ..corpus.manifest import ManifestEntry, slug_for

    title = " ".join((title or "").split())
    if not title:
        raise InputError("Skriv inn en tittel for dokumentet; den vises i kildene under svarene.", field="title")
    if valid_from and valid_to and valid_to < valid_from:
        raise InputError("«Gjelder til» er før «Gjelder fra». Rett datoene.", field="valid_to")
    doc_id, n = slug_for(file_name), 2
    base = doc_id
    while doc_id in taken_ids:
        doc_id, n = f"{base}-{n}", n + 1
    entry: dict[str, Any] = {"id": doc_id, "file": file_name, "title": title, "kind": kind}
    if valid_from:
        entry["valid_from"] = valid_from.isoformat()
    if valid_to:
        entry["valid_to"] = valid_to.isoformat()
    if validity_note.strip():
        entry["validity_note"] = " ".join(validity_note.split())
    ManifestEntry.model_validate(entry)  # a typo here fails now, not at the next indexing
    return entry


def save_manifest_entry(
    corpus_dir: Path, file_name: str, title: str, *, kind: str = "ukjent",
    valid_from: date | None = None, valid_to: date | None = None, validity_note: str = "",
) -> dict[str, Any]:
    """Add (or replace) the manifest entry for ``file_name``; keeps the other entries and the header."""
    import yaml

    from ..corpus.manifest import MANIFEST_NAME, parse_manifest_entries, read_manifest_yaml

    path = Path(corpus_dir) / MANIFEST_NAME
    try:
        raw, where = read_manifest_yaml(Path(corpus_dir))
        items = [item for _, item, _ in parse_manifest_entries(raw, where) if item is not None]
    except CorpusError as e:
        raise InputError(f"{e} Filen er lagret, men tittelen kunne ikke skrives i manifestet.", field="title") from e
    others = [i for i in items if i.get("file") != file_name]
    previous = next((i for i in items if i.get("file") == file_name), None)
    taken = {str(i.get("id")) for i in others}
    entry = manifest_entry(file_name, title, taken, kind=kind, valid_from=valid_from, valid_to=valid_to,
                           validity_note=validity_note)
    if previous and previous.get("id") and str(previous["id"]) not in taken:
        entry["id"] = previous["id"]  # a replaced file keeps its id: saved citations still resolve
    old_text = path.read_text(encoding="utf-8") if path.exists() else ""
    header = ""
    for line in old_text.splitlines(keepends=True):  # the comment block at the top explains the keys: keep it
        if not line.startswith("#"):
            break
        header += line
    body = yaml.safe_dump({"documents": [*others, entry]}, allow_unicode=True, sort_keys=False, width=110)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".manifest-", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(header + body)
    os.replace(tmp, path)
    return entry


def save_upload(corpus_dir: Path, checked: CheckedUpload, data: bytes, *, overwrite: bool = False) -> Path:
    """Write the file into ``corpus_dir`` atomically; never outside it."""
    root = Path(corpus_dir).resolve()
    target = (root / checked.safe_name).resolve()
    if target.parent != root:
        raise InputError(f"Filnavnet «{checked.safe_name}» peker ut av korpusmappen.", field="file")
    if target.exists() and not overwrite:
        raise InputError(
            f"Det finnes allerede en fil som heter «{checked.safe_name}» i korpuset. Kryss av for å erstatte den, "
            "eller gi filen et annet navn.",
            field="file",
        )
    root.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".upload-", suffix=".tmp", dir=root)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


@dataclass
class ReindexStatus:
    running: bool = False
    queued: bool = False  # another run follows the current one
    started_at: float | None = None
    finished_at: float | None = None
    messages: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def last_message(self) -> str:
        return self.messages[-1] if self.messages else ""


_STAGES = {"load": "Leser dokumenter", "embed": "Lager vektorer", "store": "Lagrer indeks"}


def describe_progress(*args: Any, **kwargs: Any) -> str:
    """``("embed", 10, 200)`` → "Lager vektorer: 10/200"; anything else as plain text."""
    if len(args) == 3 and isinstance(args[0], str) and isinstance(args[1], int) and isinstance(args[2], int):
        return f"{_STAGES.get(args[0], args[0])}: {args[1]}/{args[2]}"
    return " ".join(str(a) for a in args if a is not None) or " ".join(f"{k}={v}" for k, v in kwargs.items())


class ReindexJob:
    """One background re-index at a time per process; status readable from any session."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._status = ReindexStatus()
        self._thread: threading.Thread | None = None

    def status(self) -> ReindexStatus:
        with self._lock:
            s = self._status
            return ReindexStatus(s.running, s.queued, s.started_at, s.finished_at, list(s.messages), s.error)

    def start(self, reindex: Callable[..., Any]) -> bool:
        """Start ``reindex(progress=callback)`` in a thread. While one runs, queue one more run
        (files saved during a run are then indexed too) and return False."""
        with self._lock:
            if self._status.running:
                self._status.queued = True
                self._status.messages.append("Ny indeksering er satt i kø (starter når denne er ferdig).")
                return False
            self._status = ReindexStatus(running=True, started_at=time.time(), messages=["Starter ny indeksering …"])
            self._thread = threading.Thread(target=self._run, args=(reindex,), name="reindex", daemon=True)
            self._thread.start()
            return True

    def wait(self, timeout: float | None = None) -> ReindexStatus:
        t = self._thread
        if t is not None:
            t.join(timeout)
        return self.status()

    def _progress(self, *args: Any, **kwargs: Any) -> None:
        text = describe_progress(*args, **kwargs)
        with self._lock:
            self._status.messages.append(text)
            del self._status.messages[:-50]

    def _run(self, reindex: Callable[..., Any]) -> None:
        while True:
            error = None
            try:
                reindex(progress=self._progress)
            except AssistantError as e:
                error = str(e)
            except Exception as e:  # never let a traceback reach the page
                error = f"Indekseringen feilet ({type(e).__name__}: {e}). Den forrige indeksen brukes fortsatt."
            with self._lock:
                if not self._status.queued:
                    break
                self._status.queued = False
                self._status.messages.append("Indekserer på nytt for filer som kom til underveis …")
        with self._lock:
            self._status.running = False
            self._status.finished_at = time.time()
            self._status.error = error
            self._status.messages.append("Ferdig." if error is None else "Feilet.")
