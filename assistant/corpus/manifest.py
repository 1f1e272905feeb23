"""Read ``corpus/manifest.yaml``: one strict entry per corpus file.

The manifest says what each file is (short citation name, issuer, kind, validity). Entries are
validated strictly (unknown keys and bad dates fail, naming the entry). A file without an entry
gets defaults derived from its file name (see :func:`default_info_for`).
"""
from __future__ import annotations

import re
import datetime as dt
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import CorpusError
from ..types import DocumentInfo

MANIFEST_NAME = "manifest.yaml"
Kind = Literal["avtale", "rundskriv", "brev", "rapport", "ukjent"]


class ManifestEntry(BaseModel):
    """One document in the manifest (YAML keys as written by people)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=60)
    file: str = Field(min_length=1)
    title: str = Field(min_length=1)
    full_title: str = ""
    issuer: str = ""
    kind: Kind = "ukjent"
    date: dt.date | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    validity_note: str = ""
    supersedes: list[str] = Field(default_factory=list)
    original_file: str = ""  # provenance: the file name this document had where it came from

    def to_info(self) -> DocumentInfo:
        return DocumentInfo(
            doc_id=self.id,
            title=self.title.strip(),
            source_file=self.file,
            full_title=" ".join(self.full_title.split()),
            issuer=self.issuer,
            kind=self.kind,
            date=self.date,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            supersedes=tuple(self.supersedes),
            validity_note=" ".join(self.validity_note.split()),
            from_manifest=True,
        )


def _describe_error(err: ValidationError) -> str:
    parts = []
    for e in err.errors():
        where = ".".join(str(p) for p in e["loc"]) or "oppføringen"
        if e["type"] == "extra_forbidden":
            parts.append(f"ukjent felt «{where}»")
        elif e["type"] == "missing":
            parts.append(f"mangler feltet «{where}»")
        elif "date" in e["type"]:
            parts.append(f"ugyldig dato i «{where}» (bruk ÅÅÅÅ-MM-DD)")
        else:
            parts.append(f"ugyldig verdi i «{where}»: {e['msg']}")
    return "; ".join(parts)


def parse_manifest_entries(raw: object, where: str) -> list[tuple[str, dict | None, str | None]]:
    """Split the YAML into (label, entry dict, problem) triples without validating fields."""
    if raw is None:
        return []
    if isinstance(raw, dict) and set(raw) <= {"documents"}:
        raw = raw.get("documents") or []
    if not isinstance(raw, list):
        raise CorpusError(f"{where}: forventet en liste «documents:» med én oppføring per dokument. Rett filen og prøv igjen.")
    out: list[tuple[str, dict | None, str | None]] = []
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            out.append((f"oppføring nr. {i}", None, "er ikke en oppføring med felter"))
            continue
        label = f"oppføring nr. {i} ({item.get('id') or item.get('file') or 'uten id'})"
        out.append((label, item, None))
    return out


def validate_entry(label: str, item: dict, where: str) -> ManifestEntry:
    try:
        return ManifestEntry.model_validate(item)
    except ValidationError as err:
        raise CorpusError(f"{where}, {label}: {_describe_error(err)}. Rett oppføringen i manifestet.") from None


class _NoDatesLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as strings: pydantic validates them, naming the entry."""


_NoDatesLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_manifest_yaml(corpus_dir: Path) -> tuple[object, str]:
    path = Path(corpus_dir) / MANIFEST_NAME
    where = f"Manifestet {path}"
    if not path.exists():
        return None, where
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_NoDatesLoader), where  # noqa: S506 - a SafeLoader
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        raise CorpusError(f"{where} kan ikke leses ({type(err).__name__}). Kontroller YAML-syntaksen og at filen er UTF-8.") from None


def load_manifest(corpus_dir: Path | str) -> dict[str, DocumentInfo]:
    """Strictly load the manifest, keyed by source file name. Missing manifest: empty dict."""
    raw, where = read_manifest_yaml(Path(corpus_dir))
    infos: dict[str, DocumentInfo] = {}
    ids: set[str] = set()
    for label, item, problem in parse_manifest_entries(raw, where):
        if problem or item is None:
            raise CorpusError(f"{where}, {label}: {problem}. Rett oppføringen i manifestet.")
        entry = validate_entry(label, item, where)
        check_unique(entry, label, where, infos, ids)
        infos[entry.file] = entry.to_info()
        ids.add(entry.id)
    return infos


def check_unique(entry: ManifestEntry, label: str, where: str, infos: dict, ids: set[str]) -> None:
    if entry.file in infos:
        raise CorpusError(f"{where}, {label}: filen «{entry.file}» står i manifestet to ganger. Fjern den ene oppføringen.")
    if entry.id in ids:
        raise CorpusError(f"{where}, {label}: id «{entry.id}» er brukt før. Velg en unik id.")
    if entry.valid_from and entry.valid_to and entry.valid_to < entry.valid_from:
        raise CorpusError(f"{where}, {label}: valid_to ({entry.valid_to}) er før valid_from ({entry.valid_from}). Rett datoene.")


def load_manifest_lenient(corpus_dir: Path | str, on_warning) -> dict[str, DocumentInfo]:
    """Like :func:`load_manifest`, but a bad entry is reported through ``on_warning`` and skipped."""
    try:
        raw, where = read_manifest_yaml(Path(corpus_dir))
        entries = parse_manifest_entries(raw, where)
    except CorpusError as err:
        on_warning(f"{err} Alle dokumenter lastes med standardverdier.")
        return {}
    infos: dict[str, DocumentInfo] = {}
    ids: set[str] = set()
    for label, item, problem in entries:
        try:
            if problem or item is None:
                raise CorpusError(f"{where}, {label}: {problem}. Rett oppføringen i manifestet.")
            entry = validate_entry(label, item, where)
            check_unique(entry, label, where, infos, ids)
        except CorpusError as err:
            on_warning(f"{err} Dokumentet lastes med standardverdier.")
            continue
        infos[entry.file] = entry.to_info()
        ids.add(entry.id)
    return infos


_SLUG_RE = re.compile(r"[^a-z0-9]+")
_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def slug_for(file_name: str) -> str:
    stem = Path(file_name).stem.lower().translate(_ASCII)
    return _SLUG_RE.sub("-", stem).strip("-")[:60] or "dokument"


def default_info_for(file_name: str, taken_ids: set[str] | frozenset[str] = frozenset()) -> DocumentInfo:
    """Defaults for a file with no manifest entry: id and title from the file name, kind 'ukjent'."""
    doc_id = slug_for(file_name)
    base, n = doc_id, 2
    while doc_id in taken_ids:
        doc_id, n = f"{base}-{n}", n + 1
    words = re.sub(r"[_\-]+", " ", Path(file_name).stem).strip()
    title = words[:1].upper() + words[1:] if words else file_name
    return DocumentInfo(doc_id=doc_id, title=title, source_file=file_name, kind="ukjent", from_manifest=False)
