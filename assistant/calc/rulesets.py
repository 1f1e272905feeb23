"""Rules sets proposed from a corpus document and accepted by an admin (the I/O around ``propose``).

Files (under ``ASSISTANT_DATA_DIR``, kept across restarts):

    <data>/rules/<document id>.yaml            accepted sets: used by the calculators
    <data>/rules/proposed/<document id>.yaml   the last proposal (a record for the admin; not used)

A set has the schema of ``rules.yaml`` plus a ``set`` block (document, period). Loading is as strict as for
``rules.yaml``, and every quote must occur in the document's text in ``ASSISTANT_CORPUS_DIR``. No index needed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.calc.propose import DocText, Proposal, normalise, propose_rules
from assistant.calc.rules import RuleBook, RuleEntry, base_rules, combine_rule_books, parse_rules
from assistant.errors import AssistantError, RulesError
from assistant.settings import Settings
from assistant.types import DocumentInfo

RULES_DIR = "rules"
PROPOSED_DIR = "proposed"
HEADER = ("# Rules set for one document ({state}). Written by `python -m assistant rules {command}`.\n"
          "# Same schema as assistant/calc/rules.yaml; every quote must occur in the document.\n")


def rules_dir(settings: Settings) -> Path:
    return Path(settings.data_dir) / RULES_DIR


def accepted_path(settings: Settings, doc_id: str) -> Path:
    return rules_dir(settings) / f"{doc_id}.yaml"


def proposed_path(settings: Settings, doc_id: str) -> Path:
    return rules_dir(settings) / PROPOSED_DIR / f"{doc_id}.yaml"


# ------------------------------------------------------------------ corpus documents
def _manifest(settings: Settings) -> dict[str, DocumentInfo]:
    from assistant.corpus.manifest import load_manifest

    return load_manifest(settings.corpus_dir)


def document_info(settings: Settings, name: str) -> tuple[Path, DocumentInfo]:
    """The corpus file ``name`` (a path or a file name) and its manifest entry; Norwegian errors on gaps."""
    corpus = Path(settings.corpus_dir)
    file_name = Path(name).name
    path = corpus / file_name
    if not path.is_file():
        raise AssistantError(f"Fant ikke «{file_name}» i korpusmappen {corpus}. Legg dokumentet der "
                             "(ASSISTANT_CORPUS_DIR) og oppgi filnavnet, f.eks. corpus/<fil>.")
    info = _manifest(settings).get(file_name)
    if info is None:
        raise AssistantError(f"«{file_name}» står ikke i {corpus / 'manifest.yaml'}. Legg inn en oppføring med id, "
                             "title, kind og valid_from/valid_to; perioden til reglene hentes derfra.")
    if info.valid_from is None:
        raise AssistantError(f"Manifestoppføringen for «{file_name}» mangler valid_from. Oppgi perioden dokumentet "
                             "gjelder for (valid_from og valid_to).")
    return path, info


def candidate_files(settings: Settings) -> list[str]:
    """Corpus files a rules set can be proposed from: agreements and circulars with a period whose rules are
    not in ``rules.yaml`` already."""
    in_base = {e.source.document for e in base_rules().all_entries()}
    return sorted(name for name, i in _manifest(settings).items()
                  if i.kind in ("avtale", "rundskriv") and i.valid_from and i.doc_id not in in_base
                  and (Path(settings.corpus_dir) / name).is_file())


def read_document(settings: Settings, info: DocumentInfo) -> DocText:
    """The cleaned text (OCR copies dropped: the clean occurrence is quoted) and its punkter."""
    path = Path(settings.corpus_dir) / info.source_file
    if not path.is_file():
        raise RulesError(f"Fant ikke «{info.source_file}» ({info.doc_id}) i korpusmappen {settings.corpus_dir}. "
                         "Legg dokumentet tilbake, eller slett regelsettet som bygger på det.")
    return _read_cached(str(path), path.stat().st_mtime_ns, info)


@lru_cache(maxsize=16)
def _read_cached(path: str, _mtime_ns: int, info: DocumentInfo) -> DocText:
    from assistant.corpus.loader import load_document
    from assistant.corpus.sections import split_sections

    doc = load_document(Path(path), info, on_warning=lambda _m: None)
    sections = tuple((s.start, s.end, s.section_id) for s in split_sections(doc.text, info))
    return DocText(info.doc_id, info.title, doc.text, sections)


def previous_document(settings: Settings, info: DocumentInfo, book: RuleBook) -> DocumentInfo:
    """The document whose rules the new one replaces: a superseded one with rules, else the latest earlier
    document of the same kind with rules."""
    with_rules = {e.source.document for e in book.all_entries()}
    infos = {i.doc_id: i for i in _manifest(settings).values() if i.doc_id in with_rules and i.doc_id != info.doc_id}
    for doc_id in info.supersedes:
        if doc_id in infos:
            return infos[doc_id]
    earlier = [i for i in infos.values() if i.kind == info.kind and i.valid_from and i.valid_from < info.valid_from]
    if not earlier:
        raise AssistantError(f"Fant ikke forrige periode for «{info.title}»: ingen dokument med regler av samme type "
                             f"({info.kind}) gjelder før {info.valid_from}. Sett «supersedes» i manifestet.")
    return max(earlier, key=lambda i: i.valid_from)


def latest_entries(book: RuleBook, doc_id: str) -> list[RuleEntry]:
    """Per rule id, the latest entry that cites ``doc_id``."""
    latest: dict[str, RuleEntry] = {}
    for e in book.all_entries():
        if e.source.document == doc_id:
            latest[e.id] = e  # all_entries is sorted by valid_from within an id
    return list(latest.values())


# ------------------------------------------------------------------ propose / accept
@dataclass(frozen=True)
class Prepared:
    proposal: Proposal
    info: DocumentInfo


def prepare(settings: Settings, name: str) -> Prepared:
    """Propose a rules set for corpus file ``name`` against the rules in force before it."""
    _path, info = document_info(settings, name)
    book = load_active(settings, exclude=info.doc_id)
    prev = previous_document(settings, info, book)
    proposal = propose_rules(read_document(settings, info), read_document(settings, prev),
                             latest_entries(book, prev.doc_id), info.valid_from, info.valid_to)
    if not proposal.entries:
        raise AssistantError(f"Fant ingen av reglene fra «{prev.title}» i «{info.title}». Er det riktig dokument?")
    return Prepared(proposal, info)


def _dump(data: dict, state: str, command: str) -> str:
    return HEADER.format(state=state, command=command) + yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                                                                       width=120)


def save_proposal(settings: Settings, proposal: Proposal) -> Path:
    path = proposed_path(settings, proposal.document)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_dump(proposal.to_data(), "proposed, not in use", "propose"), encoding="utf-8")
    return path


def accept(settings: Settings, proposal: Proposal, now: datetime | None = None) -> Path:
    """Write ``proposal`` as an accepted set, after checking it loads strictly with the rules in force."""
    data = proposal.to_data()
    data["set"]["accepted_at"] = (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    path = accepted_path(settings, proposal.document)
    book = parse_rules(data, origin=f"Regelsettet {path.name}")
    check_quotes(settings, book)
    others = [load_set(settings, p) for p in accepted_files(settings) if p != path]
    combine_rule_books(base_rules(), others + [book])  # overlaps fail here, before anything is written
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text(_dump(data, "accepted, in use", "accept"), encoding="utf-8")
    tmp.replace(path)
    return path


# ------------------------------------------------------------------ loading accepted sets
def accepted_files(settings: Settings) -> list[Path]:
    folder = rules_dir(settings)
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def check_quotes(settings: Settings, book: RuleBook) -> None:
    """Every quote of ``book`` occurs (whitespace-normalised) in its document in the corpus folder."""
    by_id = {i.doc_id: i for i in _manifest(settings).values()}
    texts: dict[str, str] = {}
    for entry in book.all_entries():
        doc_id = entry.source.document
        if doc_id not in by_id:
            raise RulesError(f"{book.origin}: dokumentet «{doc_id}» finnes ikke i korpusmappen {settings.corpus_dir}. "
                             "Legg dokumentet tilbake (med manifestoppføring) eller slett regelsettet.")
        if doc_id not in texts:
            texts[doc_id] = normalise(read_document(settings, by_id[doc_id]).text)
        if normalise(entry.source.quote) not in texts[doc_id]:
            raise RulesError(f"{book.origin}: sitatet for «{entry.id}» finnes ikke i «{by_id[doc_id].title}». "
                             "Rett sitatet eller kjør «rules propose» på nytt.")


def load_set(settings: Settings, path: Path) -> RuleBook:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"Regelsettet {path} kan ikke leses ({type(exc).__name__}). Rett eller slett filen.") from None
    book = parse_rules(data, origin=f"Regelsettet {path.name}")
    if book.info is None:
        raise RulesError(f"Regelsettet {path.name} mangler «set» (dokument og periode). Lag det med «rules accept».")
    check_quotes(settings, book)
    return book


def load_active(settings: Settings, exclude: str = "") -> RuleBook:
    """``rules.yaml`` plus every accepted set (except the one for document ``exclude``)."""
    sets = [load_set(settings, p) for p in accepted_files(settings) if p.stem != exclude]
    return combine_rule_books(base_rules(), sets) if sets else base_rules()


def _key(settings: Settings) -> tuple:
    stamps = tuple((str(p), p.stat().st_mtime_ns) for p in accepted_files(settings))
    return (str(settings.data_dir), str(settings.corpus_dir), stamps)


@lru_cache(maxsize=4)
def _cached_active(key: tuple, settings: Settings) -> RuleBook:
    return load_active(settings)


def active_rules(settings: Settings | None = None) -> RuleBook:
    """The rules the calculators use now; reloaded when an accepted set is added, changed or removed."""
    settings = settings or Settings.from_env()
    if not accepted_files(settings):
        return base_rules()
    return _cached_active(_key(settings), settings)


def active_sets(settings: Settings) -> list[RuleBook]:
    return [load_set(settings, p) for p in accepted_files(settings)]


__all__ = ["candidate_files", "prepare", "Prepared", "save_proposal", "accept", "active_rules", "active_sets", "load_active",
           "accepted_path", "proposed_path", "check_quotes", "document_info"]
