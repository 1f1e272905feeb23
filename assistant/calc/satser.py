"""Rate lookups: timesats for andre allmennlegeoppgaver (ASA 4310 pkt. 12.5) and driftstilskudd for
avtalespesialister (ASA 4301 pkt. 3.1). Pure functions → CalcResult."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from assistant.calc.dates import format_date_no
from assistant.calc.labels import field_name
from assistant.calc.money import format_kr, format_number, round_kr, to_decimal
from assistant.calc.result import CalcResult, ResultBuilder
from assistant.calc.rules import RuleBook
from assistant.errors import InputError


def calculate_timesats(rules: RuleBook, dato: date | None = None, spesialist: bool = False,
                       timer: float | None = None, timer_per_uke: float | None = None,
                       uker: int | None = None) -> CalcResult:
    b = ResultBuilder("timesats", rules, {"dato": dato, "spesialist": spesialist, "timer": timer,
                                          "timer_per_uke": timer_per_uke, "uker": uker})
    split = rules.entries("timesats.spesialist")[0].valid_from  # 1.7.2024: from here on two rates
    common = rules.lookup("timesats.naeringsdrivende", dato)
    if dato is not None and common.before_all:
        b.cite(rules.get("timesats.arlig_endring"), validity=False)
        raise b.no_rates("andre allmennlegeoppgaver (timesats)", dato, "timesats.naeringsdrivende", "timesats.spesialist")
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
    summary += _hours_times_rate(b, rules, rate, values, timer, timer_per_uke, uker)
    return b.build(values, summary)


def _hours(value: Decimal) -> str:
    """'7,5' not '7,50': hours keep only the decimals they have."""
    return format_number(value, 0 if value == value.to_integral_value() else (1 if (value * 10) % 1 == 0 else 2))


def _hours_times_rate(b: ResultBuilder, rules: RuleBook, rate: Decimal, values: dict, timer: float | None,
                      timer_per_uke: float | None, uker: int | None) -> str:
    """Hours × rate: total hours, or hours per week (× weeks). Returns the sentence for the summary."""
    if timer is not None and (timer_per_uke is not None or uker is not None):
        raise InputError(f"Oppgi enten «timer» (timer i alt) eller «{field_name('timer_per_uke')}» "
                         "(og eventuelt «uker»), ikke begge.",
                         field="timer")
    if uker is not None and timer_per_uke is None:
        raise InputError(f"«uker» krever «{field_name('timer_per_uke')}» (hvor mange timer i uka).", field="timer_per_uke")
    if timer_per_uke is not None:
        per_week = to_decimal(timer_per_uke)
        week_kr = round_kr(per_week * rate)
        b.step(f"{_hours(per_week)} timer per uke × {format_kr(rate)} = {format_kr(week_kr)} per uke")
        values.update({"timer_per_uke": per_week, "per_uke_kr": week_kr})
        limit = rules.get("palegg.maks_timer")
        if per_week > to_decimal(limit.value):
            b.cite(limit, validity=False)
            b.warn(f"Fastlege i fulltids praksis kan pålegges inntil {_hours(to_decimal(limit.value))} timer "
                   "per uke (rammeavtalen pkt. 12.1); timer ut over det må avtales.")
        if uker is None:
            return f" {_hours(per_week)} timer per uke gir {format_kr(week_kr)} per uke."
        hours = per_week * uker
        b.step(f"{_hours(per_week)} timer per uke × {uker} uker = {_hours(hours)} timer")
    elif timer is not None:
        hours = to_decimal(timer)
    else:
        return ""
    total = round_kr(hours * rate)
    b.step(f"{_hours(hours)} timer × {format_kr(rate)} = {format_kr(total)}")
    values.update({"timer": hours, "sum_kr": total})
    return f" {_hours(hours)} timer gir {format_kr(total)}."


def calculate_driftstilskudd(klasse: int, andel: float, rules: RuleBook, dato: date | None = None) -> CalcResult:
    b = ResultBuilder("driftstilskudd", rules, {"klasse": klasse, "andel": andel, "dato": dato})
    found = rules.lookup(f"driftstilskudd.klasse_{klasse}", dato)
    full_entry = b.cite(found.entry)
    b.cite(rules.get("driftstilskudd.forholdsmessig", full_entry.valid_from))
    minst = b.cite(rules.get("driftstilskudd.minste_andel", full_entry.valid_from))
    if dato is not None and found.before_all:
        raise b.no_rates(f"driftstilskudd klasse {klasse}", dato, f"driftstilskudd.klasse_{klasse}")
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
    monthly = round_kr(yearly / 12)
    b.step(f"{format_kr(yearly)} / 12 = {format_kr(monthly)} per måned")
    values = {"tillatt": tillatt, "arlig_kr": yearly, "maanedlig_kr": monthly, "minste_arlig_kr": minimum,
              "fullt_arlig_kr": full, "andel": share, "utenfor_gyldighet": bool(found.outside)}
    if tillatt:
        summary = (f"Driftstilskudd klasse {klasse} ved {format_number(share * 100)} %: {format_kr(yearly)} per år "
                   f"({format_kr(monthly)} per måned).")
    else:
        summary = (f"En driftsavtale på {format_number(share * 100)} % i klasse {klasse} kan ikke inngås (under 1/5); "
                   f"minste driftstilskudd er {format_kr(minimum)} per år.")
    return b.build(values, summary)


__all__ = ["calculate_timesats", "calculate_driftstilskudd"]
