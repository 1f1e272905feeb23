"""``python -m assistant calc …``: run a calculator from the command line (Norwegian text or --json).

Exit codes: 0 ok, 2 bad input (message names the field and the allowed range), 1 other errors.
Only this outer layer reads the clock (``date.today()`` for «rammeavtale_varighet» without a date).
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from assistant.calc.deadlines import VARIANTS
from assistant.calc.render import render_text
from assistant.calc.tools import TOOLS, run_tool
from assistant.errors import AssistantError, InputError

# tool → [(flags, input name, "value" | "flag")]
OPTIONS: dict[str, list[tuple[tuple[str, ...], str, str]]] = {
    "basistilskudd": [(("--liste", "--listeinnbyggere"), "listeinnbyggere", "value"), (("--dato",), "dato", "value")],
    "grunntilskudd": [(("--liste", "--listeinnbyggere"), "listeinnbyggere", "value"), (("--listetak",), "listetak", "value"),
                      (("--dato",), "dato", "value"), (("--avtale-start",), "avtale_start", "value")],
    "utjamningstilskudd": [(("--kommune-innbyggere", "--innbyggere"), "kommune_innbyggere", "value"),
                           (("--hjemler",), "hjemler", "value"),
                           (("--sum-liste", "--sum-listeinnbyggere"), "sum_listeinnbyggere", "value"),
                           (("--snitt", "--gjennomsnittsliste"), "gjennomsnittsliste", "value"), (("--dato",), "dato", "value")],
    "trekk": [(("--liste", "--listeinnbyggere"), "listeinnbyggere", "value"), (("--prosent", "--trekk-prosent"), "trekk_prosent", "value"),
              (("--dato",), "dato", "value")],
    "suspensjonstilskudd": [(("--andel", "--stillingsandel"), "stillingsandel", "value"), (("--dato",), "dato", "value"),
                            (("--snitt-basistilskudd",), "snitt_basistilskudd_maaned", "value"),
                            (("--siste-tre-maaneder", "--siste-tre-måneder"), "basistilskudd_siste_tre_maaneder", "list"),
                            (("--liste", "--listeinnbyggere"), "listeinnbyggere", "value")],
    "timesats": [(("--dato",), "dato", "value"), (("--spesialist",), "spesialist", "flag"),
                 (("--timer",), "timer", "value"), (("--timer-per-uke",), "timer_per_uke", "value"),
                 (("--uker",), "uker", "value")],
    "driftstilskudd": [(("--klasse",), "klasse", "value"), (("--andel",), "andel", "value"), (("--dato",), "dato", "value")],
    "barn_syk": [(("--barn", "--antall-barn"), "antall_barn", "value"), (("--alene",), "alene", "flag"),
                 (("--kronisk",), "kronisk", "flag"), (("--alder", "--barn-alder"), "barn_alder", "list")],
    "deleliste": [(("--liste", "--liste-ved-etablering"), "liste_ved_etablering", "value"),
                  (("--listetak",), "listetak", "value"), (("--alder",), "alder", "value"),
                  (("--fodselsdato", "--født"), "fodselsdato", "value"), (("--start", "--start-dato"), "start_dato", "value")],
    "lukket_liste": [(("--listetak",), "listetak", "value"), (("--liste", "--listeinnbyggere"), "listeinnbyggere", "value")],
}
TOOL_ALIASES = {"utjamning": "utjamningstilskudd", "suspensjon": "suspensjonstilskudd", "barn-syk": "barn_syk",
                "lukket-liste": "lukket_liste"}

# frist flags: flag → (input name, kind); several flags name the start date in the variant's own words
FRIST_OPTIONS: list[tuple[tuple[str, ...], str, str]] = [
    (("--tilbud-gitt",), "tilbud_gitt", "value"),
    (("--fra", "--fra-dato", "--dato", "--tilbud-mottatt", "--kunngjort", "--oppsigelsesfrist-utlop",
      "--reduksjon-fra", "--oppstart", "--avtale-start"), "fra_dato", "value"),
    (("--til", "--til-dato", "--soknadsfrist", "--søknadsfrist", "--sluttdato"), "til_dato", "value"),
    (("--varslet", "--varslet-dato"), "varslet_dato", "value"),
    (("--oppsagt", "--oppsigelse-dato"), "oppsigelse_dato", "value"),
    (("--fodselsdato", "--født"), "fodselsdato", "value"),
    (("--maaned", "--måned"), "maaned", "value"),
    (("--forlenget-til-75",), "forlenget_til_75", "flag"),
    (("--helse", "--omsorg"), "helse", "flag"),
    (("--fornyelse",), "fornyelse", "flag"),
    (("--oppsigelsesfrist-maaneder", "--oppsigelsesfrist-måneder"), "oppsigelsesfrist_maaneder", "value"),
]
STEP_UNITS = (("--ar", "--år"), ("--maaneder", "--måneder"), ("--uker",), ("--dager",))
FRIST_ALIASES = {
    "overdragelse": "overdragelse_pris", "pris": "overdragelse_pris", "tilbakekall": "overdragelse_tilbakekall",
    "kunngjøring": "kunngjoring", "alder": "avtale_opphor_alder", "pålegg": "palegg",
    "utbetaling": "basistilskudd_utbetaling", "rammeavtale": "rammeavtale_varighet",
    "økonomisk_samarbeid": "okonomisk_samarbeid",
}


class CliUsageError(Exception):
    pass


class _Formatter(argparse.HelpFormatter):
    def _format_usage(self, usage, actions, groups, prefix):  # type: ignore[override]
        return super()._format_usage(usage, actions, groups, "Bruk: ")


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", True)
        super().__init__(*args, **kwargs)
        self._optionals.title = "valg"
        self._positionals.title = "argumenter"

    def error(self, message: str) -> None:  # type: ignore[override]
        if message.startswith("unrecognized arguments:"):
            text = "Ukjent argument: " + message.split(":", 1)[1].strip()
        elif "expected one argument" in message:
            text = f"Mangler verdi etter {message.split(':', 1)[0].replace('argument ', '')}"
        elif "invalid choice" in message:
            text = "Ukjent valg: " + message.split("invalid choice:", 1)[1].split("(")[0].strip()
        elif "required" in message:
            text = "Mangler påkrevd argument: " + message.split(":", 1)[-1].strip()
        else:
            text = f"Ugyldige argumenter ({message})"
        name = self.prog.split()[-1]
        where = "calc --help" if name == "calc" else f"calc {name} --help"
        raise CliUsageError(f"{text}. Se «{where}» eller «calc --list».")


def _add_options(parser: argparse.ArgumentParser, options: list[tuple[tuple[str, ...], str, str]]) -> None:
    for flags, dest, kind in options:
        if kind == "flag":
            parser.add_argument(*flags, dest=dest, action="store_true", default=None)
        elif kind == "list":
            parser.add_argument(*flags, dest=dest, metavar="VERDI", nargs="+")
        else:
            parser.add_argument(*flags, dest=dest, metavar="VERDI")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="calc", description="Eksakte beregninger med kilder (basistilskudd, frister m.m.).")
    parser.add_argument("--list", action="store_true", help="vis tilgjengelige beregninger")
    parser.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    sub = parser.add_subparsers(dest="tool", parser_class=_Parser, metavar="BEREGNING")
    for name, options in OPTIONS.items():
        p = sub.add_parser(name, help=TOOLS[name].description.split(".")[0],
                           aliases=[a for a, t in TOOL_ALIASES.items() if t == name])
        p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="skriv resultatet som JSON")
        _add_options(p, options)
    p = sub.add_parser("frist", help="frister etter rammeavtalen")
    p.add_argument("variant", nargs="?", metavar="FRISTTYPE", help="en av: " + ", ".join(VARIANTS))
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="skriv resultatet som JSON")
    _add_options(p, FRIST_OPTIONS)
    for flags in STEP_UNITS:
        p.add_argument(*flags, dest="step_" + flags[0].lstrip("-"), metavar="ANTALL")
    p.add_argument("--for", dest="backwards", action="store_true", help="regn bakover (før fra-datoen)")
    return parser


def _frist_inputs(ns: argparse.Namespace) -> dict[str, Any]:
    inputs: dict[str, Any] = {}
    for _, dest, _kind in FRIST_OPTIONS:
        if getattr(ns, dest, None) is not None:
            inputs[dest] = getattr(ns, dest)
    raw_variant = (ns.variant or "").replace("-", "_")
    variant = FRIST_ALIASES.get(raw_variant, raw_variant) or None
    offered = inputs.pop("tilbud_gitt", None)
    if offered is not None:
        inputs.setdefault("fra_dato", offered)
        if variant in (None, "overdragelse_pris"):
            variant = "overdragelse_tilbakekall"
    steps = []
    for flags in STEP_UNITS:
        amount = getattr(ns, "step_" + flags[0].lstrip("-"))
        if amount is not None:
            step: dict[str, Any] = {flags[0].lstrip("-"): amount}
            if ns.backwards:
                step["retning"] = "for"
            steps.append(step)
    if steps:
        inputs["steg"] = steps
        variant = variant or "generisk"
    if variant is not None:
        inputs["variant"] = variant
    return inputs


def list_tools() -> str:
    lines = ["Tilgjengelige beregninger:"]
    for name, tool in TOOLS.items():
        flags = " ".join(f[0][0] for f in OPTIONS.get(name, []))
        lines.append(f"  {name:20} {tool.description.splitlines()[0]}")
        if flags:
            lines.append(f"  {'':20} valg: {flags}")
    lines.append("")
    lines.append("Frister (calc frist FRISTTYPE --fra ÅÅÅÅ-MM-DD …):")
    lines += [f"  {name:26} {text}" for name, (_f, text) in VARIANTS.items()]
    lines.append("")
    lines.append("Eksempel: calc basistilskudd --liste 1500 --dato 2022-09-01")
    lines.append("          calc frist overdragelse --tilbud-mottatt 2025-03-03")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "calc":
        args = args[1:]
    out, err = sys.stdout, sys.stderr
    try:
        ns = build_parser().parse_args(args)
        if ns.list:
            out.write(list_tools())
            return 0
        if not ns.tool:
            err.write("Mangler beregning. Skriv f.eks. «calc basistilskudd --liste 1500», eller «calc --list».\n")
            return 2
        tool = TOOL_ALIASES.get(ns.tool, ns.tool)
        if tool == "frist":
            inputs = _frist_inputs(ns)
            if inputs.get("variant") is None:
                raise InputError("Mangler fristtype. Skriv f.eks. «calc frist overdragelse --tilbud-mottatt 2025-03-03». "
                                 "Fristtyper: " + ", ".join(VARIANTS) + ".", field="variant")
        else:
            inputs = {dest: getattr(ns, dest) for _, dest, _k in OPTIONS[tool] if getattr(ns, dest) is not None}
        result = run_tool(tool, inputs, today=date.today())
    except CliUsageError as exc:
        err.write(f"Feil: {exc}\n")
        return 2
    except InputError as exc:
        err.write(f"Feil i inndata: {exc}\n")
        return 2
    except AssistantError as exc:
        err.write(f"Feil: {exc}\n")
        return 1
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    if ns.json:
        out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(render_text(result))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
