"""``python -m assistant rules …``: propose a rules set from a corpus document, accept it, list the sets.

    rules propose corpus/<fil>         print the diff against the period before; write the proposal
    rules accept corpus/<fil> [--ja]   print the same diff, then activate the set on confirmation
    rules list                         the accepted sets in use

Honours ASSISTANT_CORPUS_DIR and ASSISTANT_DATA_DIR; needs no index. Exit codes: 0 ok, 1 not confirmed, 2 error.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from assistant.calc import rulesets
from assistant.calc.dates import format_period_no
from assistant.calc.ruleset_render import render_proposal
from assistant.errors import AssistantError
from assistant.settings import Settings


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise AssistantError(f"Ugyldige argumenter ({message}). Skriv f.eks. «python -m assistant rules propose "
                             "corpus/<fil>», eller se «python -m assistant rules --help».")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m assistant rules",
                                description="Satser og regler fra nye avtaler og rundskriv (forslag, godkjenning).")
    sub = p.add_subparsers(dest="action", required=True)
    sp = sub.add_parser("propose", help="foreslå regler fra et dokument i korpuset og vis endringene")
    sp.add_argument("file", help="dokumentet, f.eks. corpus/statsavtalen-2025.txt")
    sp = sub.add_parser("accept", help="vis endringene og ta reglene i bruk etter bekreftelse")
    sp.add_argument("file", help="samme dokument som for «propose»")
    sp.add_argument("--ja", "--yes", dest="yes", action="store_true", help="bekreft uten å spørre")
    sub.add_parser("list", help="vis regelsettene som er i bruk")
    return p


def _confirm(ask: Callable[[str], str]) -> bool:
    try:
        return ask("Ta regelsettet i bruk? Skriv «ja» for å bekrefte: ").strip().lower() in ("ja", "j", "yes", "y")
    except EOFError:
        return False


def run(argv: Sequence[str], ask: Callable[[str], str] = input) -> int:
    args = _parser().parse_args(list(argv))
    settings = Settings.from_env()
    if args.action == "list":
        sets = rulesets.active_sets(settings)
        if not sets:
            print("Ingen godkjente regelsett; kalkulatorene bruker bare assistant/calc/rules.yaml.")
        for book in sets:
            info = book.info
            title = book.documents.get(info.document, info.document)
            print(f"{title} ({info.document}): {format_period_no(info.valid_from, info.valid_to)}, "
                  f"{len(book.all_entries())} regler, godkjent {info.accepted_at or 'ukjent'}")
        return 0
    prepared = rulesets.prepare(settings, args.file)
    print(render_proposal(prepared.proposal), end="")
    if args.action == "propose":
        path = rulesets.save_proposal(settings, prepared.proposal)
        print(f"\nForslaget er lagret i {path} (ikke i bruk). Ta det i bruk med: "
              f"python -m assistant rules accept {args.file}")
        return 0
    if not (args.yes or _confirm(ask)):
        print("Ikke bekreftet: regelsettet er ikke tatt i bruk.")
        return 1
    path = rulesets.accept(settings, prepared.proposal)
    p = prepared.proposal
    print(f"\nRegelsettet er i bruk ({path}): beregninger for datoer {format_period_no(p.valid_from, p.valid_to)} "
          f"bruker satsene fra {p.title}.")
    return 0


def main(argv: Sequence[str] | None = None, ask: Callable[[str], str] = input) -> int:
    try:
        return run(sys.argv[1:] if argv is None else argv, ask)
    except AssistantError as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return 2


__all__ = ["main", "run"]
