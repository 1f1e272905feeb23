"""Shared basistilskudd arithmetic: rate lookup by date (with honest warnings) and the knekkpunkt formula."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from assistant.calc.dates import format_date_no, format_period_no
from assistant.calc.money import format_kr, format_number, round_kr, to_decimal
from assistant.calc.result import ResultBuilder
from assistant.calc.rules import RuleBook


@dataclass(frozen=True)
class BasisRates:
    sats_lav_grense: Decimal  # 675 kr up to the knekkpunkt
    knekkpunkt: Decimal  # 1 000
    sats_over: Decimal  # 544 kr
    oppgitt_til: Decimal  # 2 500: the statsavtale names no rate above this
    valid_from: date | None
    valid_to: date | None
    utenfor_gyldighet: bool


def lookup_basis_rates(b: ResultBuilder, rules: RuleBook, dato: date | None) -> BasisRates:
    """Find the basistilskudd rates for ``dato``, cite them and add warnings/conventions to ``b``."""
    found = rules.lookup("basistilskudd.sats_til_knekkpunkt", dato)
    sats = b.cite(found.entry)
    # all knekkpunkt rules share the period of the rate entry: look them up on the entry's start date
    on = sats.valid_from
    knekk = b.cite(rules.get("basistilskudd.knekkpunkt", on))
    over = b.cite(rules.get("basistilskudd.sats_over_knekkpunkt", on))
    til = b.cite(rules.get("basistilskudd.sats_oppgitt_til", on))
    period = format_period_no(sats.valid_from, sats.valid_to)
    if found.before_all:
        raise b.no_rates("basistilskudd", dato, "basistilskudd.sats_til_knekkpunkt")
    if dato is None:
        b.conventions.append(
            f"Ingen dato oppgitt: beregningen bruker de siste satsene i kildene ({rules.title_of(sats)}, gjelder {period})."
        )
    elif found.outside:
        b.warn(
            f"OBS: Kildene har ingen satser for basistilskudd for {format_date_no(dato)}. "
            f"Beregningen bruker satsene fra {rules.title_of(sats)} (gjaldt {period}) og er bare et anslag – "
            "bruk gjeldende statsavtale (KS publiserer satsene på sine nettsider)."
        )
    abolished = rules.get("ekspert.knekkpunkt_avviklet")
    abolished_on = date.fromisoformat(str(abolished.value))
    # rates agreed after the abolition date (a later statsavtale) are that agreement's own; no warning then
    if dato is not None and dato >= abolished_on and (sats.valid_from is None or sats.valid_from < abolished_on):
        b.cite(abolished, validity=False)
        b.cite(rules.get("ekspert.pasienttilpasset"), validity=False)
        b.lead.append(
            f"Kildene har ingen satser for pasienttilpasset basistilskudd, som ifølge Ekspertutvalgets rapport "
            f"erstattet knekkpunktet fra 1. mai 2023; beløpet for {format_date_no(dato)} er regnet med "
            "knekkpunktsatsene og er bare et anslag."
        )
        b.warn(
            "OBS: Ekspertutvalgets rapport (2023) sier at knekkpunktet avvikles og at pasienttilpasset "
            "basistilskudd innføres fra 1. mai 2023. Kildene har ikke satsene for den nye ordningen, så "
            f"knekkpunktsatsene gir trolig ikke riktig beløp for {format_date_no(dato)}."
        )
    return BasisRates(
        sats_lav_grense=to_decimal(sats.value),
        knekkpunkt=to_decimal(knekk.value),
        sats_over=to_decimal(over.value),
        oppgitt_til=to_decimal(til.value),
        valid_from=sats.valid_from,
        valid_to=sats.valid_to,
        utenfor_gyldighet=bool(found.outside),
    )


def basis_per_year(liste: Decimal, rates: BasisRates, steps: list[str] | None = None) -> Decimal:
    """Yearly basistilskudd for ``liste`` listeinnbyggere with the knekkpunkt formula (no cap applied).

    Appends Norwegian worked steps to ``steps`` when given. ``liste`` may be fractional (averages).
    """
    low = min(liste, rates.knekkpunkt)
    high = max(liste - rates.knekkpunkt, Decimal(0))
    low_kr = low * rates.sats_lav_grense
    high_kr = high * rates.sats_over
    total = low_kr + high_kr
    if steps is not None:
        steps.append(f"{format_number(low)} × {format_kr(rates.sats_lav_grense)} = {format_kr(round_kr(low_kr))}")
        if high > 0:
            steps.append(f"{format_number(high)} × {format_kr(rates.sats_over)} = {format_kr(round_kr(high_kr))}")
            steps.append(f"{format_kr(round_kr(low_kr))} + {format_kr(round_kr(high_kr))} = {format_kr(round_kr(total))} per år")
    return total


__all__ = ["BasisRates", "lookup_basis_rates", "basis_per_year"]
