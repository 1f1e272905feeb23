"""Rate lookups: timesats for andre allmennlegeoppgaver (ASA 4310 pkt. 12.5) and driftstilskudd for
avtalespesialister (ASA 4301 pkt. 3.1). Pure functions → CalcResult."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from assistant.calc.dates import format_date_no
from assistant.calc.money import format_kr, format_number, round_kr, to_decimal
from assistant.calc.result import CalcResult, ResultBuilder
from assistant.calc.rules import RuleBook
from assistant.errors import InputError


def calculate_timesats(rules: RuleBook, dato: date | None = None, spesialist: bool = False) -> CalcResult:
    b = ResultBuilder("timesats", rules, {"dato": dato, "spesialist": spesialist})
    split = rules.entries("timesats.spesialist")[0].valid_from  # 1.7.2024: from here on two rates
    common = rules.lookup("timesats.naeringsdrivende", dato)
    if dato is not None and common.before_all:
        raise InputError(
            f"Kildene har ingen timesats for {format_date_no(dato)} (dato). Rammeavtalen pkt. 12.5 oppgir satser fra "
            f"{format_date_no(common.entry.valid_from)}.",
            field="dato",
        )
    if dato is not None and not common.outside:
        entry, outside = b.cite(common.entry), False
    else:
        found = rules.lookup("timesats.spesialist" if spesialist else "timesats.ikke_spesialist", dato)
        entry, outside = b.cite(found.entry), found.outside
        if dato is not None and dato < split:
            outside = False
    b.cite(rules.get("timesats.arlig_endring"), validity=False)
    kind = "spesialist i allmennmedisin eller samfunnsmedisin" if spesialist else "ikke-spesialist"
    if entry.id == "timesats.naeringsdrivende":
        kind = "alle leger (felles sats før 1. juli 2024)"
    if dato is None:
        b.conventions.append(f"Ingen dato oppgitt: bruker de siste satsene i kildene (fra {format_date_no(entry.valid_from)}).")
    elif outside:
        b.warn(f"OBS: Satsene endres årlig per 1. juli, og kildene har ingen sats for {format_date_no(dato)}. "
               f"Beløpet er satsen fra {format_date_no(entry.valid_from)} og er trolig for lavt.")
    rate = to_decimal(entry.value)
    b.step(f"Sats for {kind} fra {format_date_no(entry.valid_from)}: {format_kr(rate)} per utført time")
    values = {"kr_per_time": rate, "utenfor_gyldighet": outside, "sats_gjelder_fra": entry.valid_from}
    summary = f"Timesatsen for andre allmennlegeoppgaver ({kind}) er {format_kr(rate)} per utført time."
    return b.build(values, summary)


def calculate_driftstilskudd(klasse: int, andel: float, rules: RuleBook, dato: date | None = None) -> CalcResult:
    b = ResultBuilder("driftstilskudd", rules, {"klasse": klasse, "andel": andel, "dato": dato})
    found = rules.lookup(f"driftstilskudd.klasse_{klasse}", dato)
    full_entry = b.cite(found.entry)
    b.cite(rules.get("driftstilskudd.forholdsmessig", full_entry.valid_from))
    minst = b.cite(rules.get("driftstilskudd.minste_andel", full_entry.valid_from))
    if dato is not None and found.before_all:
        raise InputError(f"Kildene har ingen driftstilskuddssatser for {format_date_no(dato)} (dato).", field="dato")
    used = (f"{rules.title_of(full_entry)} ({format_date_no(full_entry.valid_from)}–"
            f"{format_date_no(full_entry.valid_to)})")
    if dato is None:
        b.conventions.append(f"Ingen dato oppgitt: bruker de siste satsene i kildene, fra {used}.")
    elif found.outside:
        b.warn(f"OBS: Kildene har ingen driftstilskuddssatser for {format_date_no(dato)}; beregningen bruker "
               f"satsene fra {used}.")
    num, den = (int(p) for p in str(minst.value).split("/"))
    min_share = Decimal(num) / Decimal(den)
    full = to_decimal(full_entry.value)
    share = to_decimal(andel)
    yearly = round_kr(full * share)
    minimum = round_kr(full * min_share)
    tillatt = share >= min_share
    b.step(f"Fullt driftstilskudd klasse {klasse}: {format_kr(full)} per år")
    b.step(f"{format_kr(full)} × {format_number(share * 100)} % = {format_kr(yearly)} per år")
    b.step(f"Minste avtale: {minst.value} × {format_kr(full)} = {format_kr(minimum)} per år")
    b.conventions.append("Beløp avrundes til hele øre.")
    if not tillatt:
        b.warn(f"En avtale på {format_number(share * 100)} % er under 1/5 av fullt driftstilskudd og kan ikke inngås "
               "(statsavtalen pkt. 3.1).")
    values = {"tillatt": tillatt, "arlig_kr": yearly, "minste_arlig_kr": minimum, "fullt_arlig_kr": full,
              "andel": share, "utenfor_gyldighet": bool(found.outside)}
    if tillatt:
        summary = f"Driftstilskudd klasse {klasse} ved {format_number(share * 100)} %: {format_kr(yearly)} per år."
    else:
        summary = (f"En driftsavtale på {format_number(share * 100)} % i klasse {klasse} kan ikke inngås (under 1/5); "
                   f"minste driftstilskudd er {format_kr(minimum)} per år.")
    return b.build(values, summary)


__all__ = ["calculate_timesats", "calculate_driftstilskudd"]
