"""Admin uploads: check a file by its content, save it safely into the corpus, re-index in the background.

- ``check_upload`` is pure: size limit, type by content (``%PDF-`` magic or valid UTF-8 text),
  the extension must agree with the content, and a safe file name (no folders, no ``..``,
  only letters, digits, ``._-``).
- ``save_upload`` writes atomically into the corpus folder and refuses to leave it.
- ``ReindexJob`` runs ``assistant.reindex(progress=...)`` in a background thread; the running
  assistant keeps answering from the previous index until the new one replaces it.
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

from ..errors import AssistantError, InputError

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


def check_upload(name: str, data: bytes, max_bytes: int = MAX_UPLOAD_BYTES) -> CheckedUpload:
    """Validate an upload; raises ``InputError`` (Norwegian, names the file and the fix)."""
    if not data:
        raise InputError(f"Filen «{name}» er tom.", field="file")
    if len(data) > max_bytes:
        raise InputError(
            f"Filen «{name}» er {len(data) / 1_048_576:.1f} MB; grensen er {max_bytes / 1_048_576:.0f} MB. "
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
    """Open the PDF and require at least one page with text (scanned PDFs without text fail)."""
    import pymupdf

    try:
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            has_text = any(page.get_text().strip() for page in doc)
    except Exception as e:  # pymupdf raises several types for broken files
        raise InputError(f"PDF-en «{name}» kan ikke leses ({e}). Eksporter den på nytt og prøv igjen.", field="file") from e
    if not has_text:
        raise InputError(
            f"PDF-en «{name}» har ingen tekst (kanskje et skannet bilde). Last opp en PDF med tekst, eller en .txt-fil.",
            field="file",
        )


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
            return ReindexStatus(s.running, s.started_at, s.finished_at, list(s.messages), s.error)

    def start(self, reindex: Callable[..., Any]) -> bool:
        """Start ``reindex(progress=callback)`` in a thread; False if one is already running."""
        with self._lock:
            if self._status.running:
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
        error = None
        try:
            reindex(progress=self._progress)
        except AssistantError as e:
            error = str(e)
        except Exception as e:  # never let a traceback reach the page
            error = f"Indekseringen feilet ({type(e).__name__}: {e}). Den forrige indeksen brukes fortsatt."
        with self._lock:
            self._status.running = False
            self._status.finished_at = time.time()
            self._status.error = error
            self._status.messages.append("Ferdig." if error is None else "Feilet.")
