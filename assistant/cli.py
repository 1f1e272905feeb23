"""Command line: ``python -m assistant <command>``.

    index  [--corpus DIR] [--index DIR] [--rebuild]     build or update the index
           [--refresh-cache]                           also rewrite the shipped vectors (corpus/vectors/)
    search "spørsmål" [-k 5] [--json]                   ranked passages
    ask    "spørsmål" [--json] [--date YYYY-MM-DD]      an answer with citations
    chat                                               a conversation in the terminal
    calc   …                                           the calculators (see ``calc --help``)
    rules  propose|accept corpus/<fil> | list         rules sets from a new statsavtale or rundskriv
    feedback [--out FILE]                              export the web page's feedback as CSV
    bench  retrieval|answers DEV.jsonl                 print quality and speed numbers
    bench  tools TOOLS.jsonl                           calculator questions: tool, inputs, values, questions back
    bench  general DIR QUESTIONS.jsonl                 hybrid vs BM25 vs dense on any folder of text
    bench  fusion DEV.jsonl [--also MORE.jsonl …]      fit the fusion weights, score each set left out
    bench  evidence DEV.jsonl [--also MORE.jsonl …] [--write]  fit the sentence-evidence model (k-fold figures)
    bench  roles [TOOLS.jsonl [--half partall] [--also MORE.jsonl …]] [--write]  fit the model of a value's role
                                                       (no file: the shipped training files)
    bench  topics [--write]                            fit the model of a question's subject (k-fold figures)
    bench  calc-bank TOOLS.jsonl [--json]              run each calc item's tool and inputs directly
    bench  browser [--users 10] [--rounds 2]           the web page in chromium: p50/p95 for concurrent users
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Sequence

from .errors import AssistantError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m assistant", description="Avtaleassistenten for fastlegeordningen.")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--corpus", type=Path, help="mappe med kildedokumenter (standard: corpus/)")
        sp.add_argument("--index", type=Path, help="mappe for indeksen (standard: index/)")

    sp = sub.add_parser("index", help="bygg eller oppdater indeksen")
    common(sp)
    sp.add_argument("--rebuild", action="store_true", help="bygg alt på nytt (vektorbufferen brukes fortsatt)")
    sp.add_argument("--refresh-cache", action="store_true",
                    help="skriv den medfølgende vektorbufferen (corpus/vectors/) på nytt fra korpuset; bare nye tekster får nye vektorer")

    sp = sub.add_parser("search", help="søk i kildene")
    common(sp)
    sp.add_argument("question")
    sp.add_argument("-k", type=int, default=5)
    sp.add_argument("--json", action="store_true")

    sp = sub.add_parser("ask", help="still et spørsmål")
    common(sp)
    sp.add_argument("question")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--date", help="svar etter regelverket per denne datoen (ÅÅÅÅ-MM-DD)")

    sp = sub.add_parser("chat", help="samtale i terminalen")
    common(sp)
    sp.add_argument("--date")

    sub.add_parser("calc", help="kalkulatorene (basistilskudd, frister …)", add_help=False)
    sub.add_parser("rules", help="satser fra en ny statsavtale eller et rundskriv (propose, accept, list)",
                   add_help=False)

    sp = sub.add_parser("feedback", help="eksporter tilbakemeldinger fra nettsiden som CSV")
    sp.add_argument("--out", type=Path, help="fil å skrive til (standard: skjermen)")

    sp = sub.add_parser("bench", help="mål kvalitet og fart")
    common(sp)
    sp.add_argument("what", choices=["retrieval", "answers", "tools", "calc-bank", "general", "fusion", "evidence",
                                     "roles", "topics", "browser"])
    sp.add_argument("--half", choices=["partall", "oddetall", "alle"], default="alle",
                    help="for «roles»: bare partalls- eller oddetalls-id-ene i den første filen (den andre halvdelen holdes utenfor)")
    sp.add_argument("--users", type=int, default=10, help="for «browser»: samtidige brukere")
    sp.add_argument("--rounds", type=int, default=2, help="for «browser»: runder der alle spør samtidig")
    sp.add_argument("path", type=Path, nargs="?", help="spørsmålsfil (JSONL); for «general»: mappen med dokumenter")
    sp.add_argument("questions", type=Path, nargs="?", help="for «general»: spørsmålsfil (JSONL) med «question» og «quote»")
    sp.add_argument("--also", type=Path, action="append", default=[],
                    help="for «fusion» og «evidence»: flere spørsmålsfiler (hvert sett vurderes med vekter tilpasset de andre)")
    sp.add_argument("--write", action="store_true", help="for «evidence»: skriv de tilpassede vektene")
    sp.add_argument("-k", type=int, default=5)
    sp.add_argument("--json", action="store_true", help="for «calc-bank»: one JSON line per item")
    return p


def _parse_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise AssistantError(f"Ugyldig dato «{text}». Bruk formatet ÅÅÅÅ-MM-DD, f.eks. 2025-01-01.") from None


def _assistant(args: argparse.Namespace):  # noqa: ANN202
    from .core import Assistant, StderrProgress

    return Assistant(corpus_dir=args.corpus, index_dir=args.index, progress=StderrProgress())


STAGE_LABELS = {"load": "lesing, rensing og oppdeling", "embed": "vektorer", "store": "Chroma", "bm25": "BM25"}


def _seconds(x: float) -> str:
    return f"{x:.1f}".replace(".", ",") + " s"


def _index(args: argparse.Namespace) -> int:
    from .core import StderrProgress

    a = _assistant(args)
    if args.refresh_cache:
        r = a.refresh_shipped_vectors(progress=StderrProgress())
        mb = f"{r.nbytes / 1e6:.1f}".replace(".", ",")
        print(f"Skrev den medfølgende vektorbufferen ({r.folder}): {r.count} vektorer ({r.sources.embedded} nye, "
              f"{r.sources.shipped + r.sources.cached} gjenbrukt, {r.removed} fjernet), {mb} MB, embedder {r.embedder}.")
    info = a.reindex(progress=StderrProgress(), force=args.rebuild)
    for w in a.warnings:
        print(f"Advarsel: {w}", file=sys.stderr)
    n_docs = len(a.documents)
    if a.rebuilt:
        shipped = f", {info.from_shipped} fra den medfølgende bufferen" if info.from_shipped else ""
        print(f"Indeks klar: {info.n_chunks} tekstbiter fra {n_docs} dokumenter, "
              f"{info.embedded} nye vektorer{shipped}, {info.seconds:.1f} s ({a.settings.index_dir}).")
    else:
        print(f"Indeksen er oppdatert: {info.n_chunks} tekstbiter fra {n_docs} dokumenter, "
              f"0 nye vektorer ({a.settings.index_dir}).")
    stages = [f"{STAGE_LABELS.get(k, k)} {_seconds(v)}" for k, v in a.stage_seconds.items()]
    print("Tid per trinn: " + " · ".join(stages), file=sys.stderr)
    return 0


def _status(c, today: date | None) -> str:  # noqa: ANN001
    if c.in_force is not False:
        return ""
    if c.valid_from and today and c.valid_from > today:
        return " (ikke trådt i kraft)"
    return " (historisk)"


def _print_answer(ans, today: date | None = None) -> None:  # noqa: ANN001
    today = today or date.today()
    print(ans.answer)
    if ans.follow_up:
        print(f"\n{ans.follow_up}")
    for c in ans.citations:
        where = f"pkt. {c.section}" if c.section else ""
        page = f", s. {c.page}" if c.page else ""
        status = _status(c, today)
        print(f"\n[{c.n}] {c.title}{status} {where}{page}\n    «{c.quote}»")
    for n in ans.notices:
        print(f"\nMerk: {n}")


def run(argv: Sequence[str]) -> int:
    argv = list(argv)
    if argv and argv[0] == "calc":
        from .calc.cli import main as calc_main

        return int(calc_main(argv[1:]) or 0)
    if argv and argv[0] == "rules":
        from .calc.rules_cli import main as rules_main

        return int(rules_main(argv[1:]) or 0)
    args = _parser().parse_args(argv)
    if args.command == "index":
        return _index(args)
    if args.command == "search":
        passages = _assistant(args).search(args.question, k=args.k)
        if args.json:
            print(json.dumps([p.to_dict() for p in passages], ensure_ascii=False, indent=1))
        else:
            for i, p in enumerate(passages, 1):
                page = f", s. {p.chunk.page}" if p.chunk.page else ""
                print(f"{i}. {p.chunk.title} pkt. {p.section} {p.chunk.heading}{page} (score {p.score:.4f})")
                print("   " + p.text[:300].replace("\n", " ") + ("…" if len(p.text) > 300 else ""))
        return 0
    if args.command == "ask":
        ans = _assistant(args).ask(args.question, today=_parse_date(args.date))
        if args.json:
            print(json.dumps(ans.to_dict(), ensure_ascii=False, indent=1))
        else:
            _print_answer(ans, _parse_date(args.date))
        return 0
    if args.command == "chat":
        a = _assistant(args)
        today = _parse_date(args.date)
        history: list[dict] = []
        print("Avtaleassistenten. Skriv et spørsmål (tom linje eller Ctrl-D avslutter).")
        while True:
            try:
                q = input("\n> ").strip()
            except EOFError:
                break
            if not q:
                break
            ans = a.ask(q, history=history, today=today)
            _print_answer(ans, today)
            history += [{"role": "user", "content": q, "answer": None},
                        {"role": "assistant", "content": ans.answer, "answer": ans.to_dict()}]
        return 0
    if args.command == "feedback":
        from .settings import Settings
        from .ui.feedback import FeedbackStore

        path = Settings.from_env().data_dir / "feedback.sqlite"
        if not path.exists():
            raise AssistantError(f"Fant ingen tilbakemeldinger i «{path}». De lagres når noen trykker tommel opp/ned på nettsiden.")
        csv_text = FeedbackStore(path).export_csv()
        if args.out:
            args.out.write_text(csv_text, encoding="utf-8")
            print(f"Skrev {max(0, csv_text.count(chr(10)) - 1)} tilbakemeldinger til {args.out}.")
        else:
            print(csv_text, end="")
        return 0
    if args.command == "bench" and args.what == "browser":
        from .bench_browser import run_browser_bench

        print(run_browser_bench(users=args.users, rounds=args.rounds))
        return 0
    if args.command == "bench" and args.what == "topics":
        from .answer.topics_fit import run_topics_bench

        print(run_topics_bench(write=args.write))
        return 0
    if args.command == "bench" and args.what == "roles":
        from .answer.roles_fit import TRAINING, run_roles_bench

        files = [(args.path, args.half), *((p, "alle") for p in args.also)] if args.path else list(TRAINING)
        missing = [p for p, _ in files if not Path(p).is_file()]
        if missing:
            raise AssistantError(f"Fant ikke spørsmålsfilen «{missing[0]}».")
        print(run_roles_bench(files, write=args.write))
        return 0
    if args.command == "bench" and args.path is None:
        raise AssistantError(f"Bruk: python -m assistant bench {args.what} SPØRSMÅL.jsonl (mangler spørsmålsfilen).")
    if args.command == "bench" and args.what == "general":
        from .bench import run_general_bench
        from .core import StderrProgress

        if args.questions is None or not args.path.is_dir():
            raise AssistantError("Bruk: python -m assistant bench general MAPPE SPØRSMÅL.jsonl "
                                 "(en mappe med .txt/.pdf og en JSONL-fil med «question» og «quote» per linje).")
        if not args.questions.is_file():
            raise AssistantError(f"Fant ikke spørsmålsfilen «{args.questions}».")
        print(run_general_bench(args.path, args.questions, k=args.k, progress=StderrProgress()))
        return 0
    if args.command == "bench" and args.what == "calc-bank":
        from .calc.bank import check_bank, load_bank, summarize

        if not args.path.is_file():
            raise AssistantError(f"Fant ikke oppgavefilen «{args.path}».")
        results = check_bank(load_bank(args.path))
        if args.json:
            for r in results:
                print(json.dumps(r.to_dict(), ensure_ascii=False))
        else:
            print(summarize(results))
        return 0
    if args.command == "bench" and args.what == "fusion":
        from .bench import run_fusion_bench

        paths = [args.path, *args.also]
        missing = [p for p in paths if not p.is_file()]
        if missing:
            raise AssistantError(f"Fant ikke spørsmålsfilen «{missing[0]}».")
        print(run_fusion_bench(paths, _assistant(args)))
        return 0
    if args.command == "bench" and args.what == "evidence":
        from .answer.evidence_fit import run_evidence_bench

        paths = [args.path, *args.also]
        missing = [p for p in paths if not p.is_file()]
        if missing:
            raise AssistantError(f"Fant ikke spørsmålsfilen «{missing[0]}».")
        print(run_evidence_bench(paths, _assistant(args), write=args.write))
        return 0
    if args.command == "bench":
        from .bench import run_bench

        print(run_bench(args.what, args.path, _assistant(args), k=args.k))
        return 0
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except AssistantError as e:
        print(f"Feil: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Avbrutt.", file=sys.stderr)
        return 130
