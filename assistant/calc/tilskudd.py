"""Calculators for allmennleger's tilskudd: basistilskudd, grunntilskudd, utjamningstilskudd, trekk,
suspensjonstilskudd. Pure functions of (inputs, rules, date) → CalcResult."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from assistant.calc.basis import basis_per_year, lookup_basis_rates
from assistant.calc.dates import add_years, format_date_no
from assistant.calc.labels import field_name
from assistant.calc.money import format_kr, format_number, round_kr, to_decimal
from assistant.calc.result import CalcResult, ResultBuilder
from assistant.calc.rules import RuleBook
from assistant.errors import InputError

TWELVE = Decimal(12)
MONEY_CONVENTION = "Beløp regnes eksakt og avrundes til hele øre (0,005 kr rundes opp)."
MONTH_CONVENTION = "Månedsbeløpet er 1/12 av årsbeløpet (rammeavtalen pkt. 8.1)."


def _monthly(b: ResultBuilder, rules: RuleBook, yearly: Decimal, what: str = "") -> Decimal:
    b.cite(rules.get("basistilskudd.utbetaling_dag"), validity=False)
    monthly = round_kr(yearly / TWELVE)
    b.step(f"{format_kr(round_kr(yearly))} / 12 = {format_kr(monthly)} per måned{what}")
    return monthly


def calculate_basistilskudd(listeinnbyggere: int, rules: RuleBook, dato: date | None = None) -> CalcResult:
    b = ResultBuilder("basistilskudd", rules, {"listeinnbyggere": listeinnbyggere, "dato": dato})
    rates = lookup_basis_rates(b, rules, dato)
    b.conventions += [MONEY_CONVENTION, MONTH_CONVENTION]
    liste = Decimal(listeinnbyggere)
    over = liste > rates.oppgitt_til
    counted = min(liste, rates.oppgitt_til)
    yearly = round_kr(basis_per_year(counted, rates, b.steps))
    values: dict = {"arlig_kr": yearly}
    monthly = _monthly(b, rules, yearly)
    values["maanedlig_kr"] = monthly
    values["over_2500_uavklart"] = over
    values["utenfor_gyldighet"] = rates.utenfor_gyldighet
    values["satser_gjelder_fra"], values["satser_gjelder_til"] = rates.valid_from, rates.valid_to
    if over:
        extra = liste - rates.oppgitt_til
        with_544 = round_kr(basis_per_year(liste, rates))
        values["arlig_kr_opptil_2500"] = yearly
        values["arlig_kr_med_544_over_2500"] = with_544
        values["maanedlig_kr_med_544_over_2500"] = round_kr(with_544 / TWELVE)
        b.step(
            f"Hvis også listeinnbyggerne over {format_number(rates.oppgitt_til)} gir {format_kr(rates.sats_over)}: "
            f"{format_kr(yearly)} + {format_number(extra)} × {format_kr(rates.sats_over)} = {format_kr(with_544)} per år"
        )
        b.cite(rules.get("ekspert.per_capita_over_2500"), validity=False)
        b.warn(
            f"OBS: Statsavtalen pkt. 2.1 oppgir sats bare «opptil 2500» listeinnbyggere og sier ikke hva som "
            f"gjelder for listeinnbyggere over 2 500. Ekspertutvalgets rapport (2023) skriver at «per "
            f"capita-tilskuddet ytes også for flere enn 2 500 listeinnbyggere», men oppgir ingen avtalt sats. "
            f"{format_kr(yearly)} er beløpet for de første 2 500; med 544 kr også for de siste "
            f"{format_number(extra)} blir det {format_kr(with_544)}. Avklar satsen over 2 500 (f.eks. med KS)."
        )
        summary = (
            f"Basistilskudd for de første 2 500 av {format_number(liste)} listeinnbyggere: {format_kr(yearly)} "
            f"per år ({format_kr(monthly)} per måned); satsen over 2 500 er ikke avklart i statsavtalen."
        )
    else:
        summary = (
            f"Basistilskudd for {format_number(liste)} listeinnbyggere: {format_kr(yearly)} per år, "
            f"{format_kr(monthly)} per måned."
        )
    return b.build(values, summary)


def calculate_grunntilskudd(
    listeinnbyggere: int,
    listetak: int,
    rules: RuleBook,
    dato: date | None = None,
    avtale_start: date | None = None,
) -> CalcResult:
    b = ResultBuilder(
        "grunntilskudd", rules,
        {"listeinnbyggere": listeinnbyggere, "listetak": listetak, "dato": dato, "avtale_start": avtale_start},
    )
    rates = lookup_basis_rates(b, rules, dato)
    b.conventions += [MONEY_CONVENTION, MONTH_CONVENTION]
    vilkar = b.cite(rules.get("grunntilskudd.vilkar", rates.valid_from))
    belop_liste = b.cite(rules.get("grunntilskudd.belop", rates.valid_from))
    maks_ar = b.cite(rules.get("grunntilskudd.maks_ar", rates.valid_from))
    grense = int(vilkar.value)
    reasons = []
    if listeinnbyggere >= grense:
        reasons.append(f"listen er ikke under {grense} (grunntilskudd gjelder lister under {grense})")
    if listetak < grense:
        reasons.append(f"listetaket er under {grense} (må være {grense} eller flere)")
    gjelder_til = add_years(avtale_start, int(maks_ar.value)) if avtale_start else None
    if gjelder_til and dato and dato > gjelder_til:
        reasons.append(f"det er gått mer enn {maks_ar.value} år siden fastlegeavtalen ble inngått")
    yearly = round_kr(basis_per_year(Decimal(belop_liste.value), rates, b.steps))
    b.steps[-1:] = [b.steps[-1] + f" (basistilskudd for en liste på {belop_liste.value})"]
    monthly = _monthly(b, rules, yearly)
    berettiget = not reasons
    if gjelder_til:
        b.step(f"Inntil {maks_ar.value} år fra avtalen ble inngått {format_date_no(avtale_start)}: til {format_date_no(gjelder_til)}")
    else:
        b.conventions.append("Grunntilskudd kan mottas i inntil to år fra fastlegeavtalen er inngått; "
                             f"oppgi {field_name('avtale_start')} for å få sluttdatoen.")
    values = {
        "berettiget": berettiget,
        "arlig_kr": yearly if berettiget else Decimal(0),
        "maanedlig_kr": monthly if berettiget else Decimal(0),
        "grunntilskudd_arlig_kr": yearly,
        "gjelder_til": gjelder_til,
        "utenfor_gyldighet": rates.utenfor_gyldighet,
    }
    # the basistilskudd the list itself would give: what the grunntilskudd is worth against, or what is paid instead
    basis_steps: list[str] = []
    basis = round_kr(basis_per_year(min(Decimal(listeinnbyggere), rates.oppgitt_til), rates, basis_steps))
    if berettiget:
        summary = f"Grunntilskudd: {format_kr(yearly)} per år ({format_kr(monthly)} per måned) i stedet for basistilskudd"
        summary += f", til og med {format_date_no(gjelder_til)}." if gjelder_til else ", i inntil to år fra avtalen ble inngått."
        diff = yearly - basis
        diff_month = round_kr(diff / TWELVE)
        b.step(f"Til sammenligning, basistilskudd for listen på {format_number(listeinnbyggere)}: " + "; ".join(basis_steps))
        b.step(f"{format_kr(yearly)} − {format_kr(basis)} = {format_kr(diff)} mer per år ({format_kr(diff_month)} per måned)")
        values.update({"basistilskudd_arlig_kr": basis, "forskjell_arlig_kr": diff, "forskjell_maanedlig_kr": diff_month})
        summary += (f" Det er {format_kr(diff)} mer per år ({format_kr(diff_month)} per måned) enn basistilskudd for "
                    f"listen på {format_number(listeinnbyggere)} ({format_kr(basis)} per år).")
    else:
        summary = "Ikke grunntilskudd: " + "; ".join(reasons) + "."
        if listeinnbyggere > grense:
            b.warn("Når listen er større enn 500, utbetales basistilskudd i stedet for grunntilskudd (statsavtalen pkt. 2.1).")
        # «Grunntilskuddet utbetales i stedet for basistilskudd»: without it, basistilskudd for the real list is paid
        basis_month = round_kr(basis / TWELVE)
        if listeinnbyggere > 0:
            b.step(f"Basistilskudd for listen på {format_number(listeinnbyggere)} i stedet: " + "; ".join(basis_steps))
            b.step(f"{format_kr(basis)} / 12 = {format_kr(basis_month)} per måned")
        values.update({"basistilskudd_arlig_kr": basis, "basistilskudd_maanedlig_kr": basis_month})
        summary += (f" Legen får basistilskudd for listen sin i stedet: {format_kr(basis)} per år "
                    f"({format_kr(basis_month)} per måned).")
    return b.build(values, summary)


def calculate_utjamningstilskudd(
    kommune_innbyggere: int,
    hjemler: int | None,
    rules: RuleBook,
    sum_listeinnbyggere: int | None = None,
    gjennomsnittsliste: float | None = None,
    dato: date | None = None,
) -> CalcResult:
    b = ResultBuilder(
        "utjamningstilskudd", rules,
        {"kommune_innbyggere": kommune_innbyggere, "hjemler": hjemler, "sum_listeinnbyggere": sum_listeinnbyggere,
         "gjennomsnittsliste": gjennomsnittsliste, "dato": dato},
    )
    rates = lookup_basis_rates(b, rules, dato)
    on = rates.valid_from
    grense = b.cite(rules.get("utjamning.kommunegrense", on))
    ref = b.cite(rules.get("utjamning.referanseliste", on))
    snittgrense = b.cite(rules.get("utjamning.snittgrense", on))
    b.cite(rules.get("utjamning.likt_for_alle", on))
    b.conventions += [
        MONEY_CONVENTION,
        "Gjennomsnittet er summen av listeinnbyggere delt på antall opprettede fastlegehjemler; det avrundes ikke.",
        "Tolkning: utjamningstilskuddet = basistilskudd for 1 200 minus basistilskudd for gjennomsnittslisten "
        "(statsavtalen pkt. 2.2 sier «differansen mellom basistilskudd for referanselisten på 1200 personer og "
        "gjennomsnittlig listelengde»).",
    ]
    if gjennomsnittsliste is not None:
        snitt = to_decimal(gjennomsnittsliste)
        b.step(f"Gjennomsnittlig listelengde (oppgitt): {format_number(snitt)}")
    else:
        snitt = Decimal(sum_listeinnbyggere) / Decimal(hjemler)
        b.step(f"{format_number(sum_listeinnbyggere)} listeinnbyggere / {hjemler} hjemler = {format_number(snitt)} i snitt")
    reasons = []
    if kommune_innbyggere >= int(grense.value):
        reasons.append(f"kommunen har {format_number(kommune_innbyggere)} innbyggere (må ha mindre enn {format_number(grense.value)})")
    if snitt >= Decimal(snittgrense.value):
        reasons.append(f"gjennomsnittlig listelengde er {format_number(snitt)} (må være lavere enn {format_number(snittgrense.value)})")
    ref_steps: list[str] = []
    ref_kr = round_kr(basis_per_year(Decimal(ref.value), rates, ref_steps))
    snitt_steps: list[str] = []
    snitt_kr = round_kr(basis_per_year(snitt, rates, snitt_steps))
    b.step(f"Basistilskudd for referanselisten {format_number(ref.value)}: " + "; ".join(ref_steps))
    b.step(f"Basistilskudd for gjennomsnittslisten {format_number(snitt)}: " + "; ".join(snitt_steps))
    diff = max(ref_kr - snitt_kr, Decimal(0))
    b.step(f"{format_kr(ref_kr)} − {format_kr(snitt_kr)} = {format_kr(diff)} per år")
    berettiget = not reasons
    utjamning = diff if berettiget else Decimal(0)
    values = {
        "gjennomsnitt": snitt if snitt == snitt.to_integral_value() else round_kr(snitt),
        "berettiget": berettiget,
        "utjamning_arlig_kr": utjamning,
        "utjamning_maanedlig_kr": round_kr(utjamning / TWELVE),
        "basistilskudd_referanse_kr": ref_kr,
        "basistilskudd_gjennomsnitt_kr": snitt_kr,
        "utenfor_gyldighet": rates.utenfor_gyldighet,
    }
    if berettiget and hjemler:
        # «likt for alle fastlegene i kommunen»: what the municipality's GPs get together, one per hjemmel
        values["utjamning_alle_hjemler_kr"] = utjamning * hjemler
        b.step(f"Alle {hjemler} hjemler til sammen (hvis alle er besatt): {hjemler} × {format_kr(utjamning)} = "
               f"{format_kr(values['utjamning_alle_hjemler_kr'])} per år")
    if berettiget:
        summary = (f"Utjamningstilskudd: {format_kr(utjamning)} per år ({format_kr(values['utjamning_maanedlig_kr'])} "
                   f"per måned) til hver fastlege i kommunen (gjennomsnittsliste {format_number(snitt)}), i tillegg "
                   f"til basistilskuddet.")
        if "utjamning_alle_hjemler_kr" in values:
            summary += (f" For alle {hjemler} hjemler til sammen: {format_kr(values['utjamning_alle_hjemler_kr'])} "
                        f"per år (hvis alle er besatt).")
    else:
        summary = "Ikke utjamningstilskudd: " + "; ".join(reasons) + "."
    return b.build(values, summary)


def calculate_trekk(
    listeinnbyggere: int, rules: RuleBook, trekk_prosent: float | None = None, dato: date | None = None
) -> CalcResult:
    """``trekk_prosent`` is the share asked about; without it, the largest trekk allowed (20 %)."""
    b = ResultBuilder("trekk", rules, {"listeinnbyggere": listeinnbyggere, "trekk_prosent": trekk_prosent, "dato": dato})
    rates = lookup_basis_rates(b, rules, dato)
    maks = b.cite(rules.get("trekk.maks_prosent"), validity=False)
    b.conventions += [MONEY_CONVENTION, MONTH_CONVENTION,
                      "Trekket regnes av månedens basistilskudd (satsene i statsavtalen)."]
    liste = min(Decimal(listeinnbyggere), rates.oppgitt_til)
    if listeinnbyggere > rates.oppgitt_til:
        b.warn("Listen er over 2 500; statsavtalen oppgir ikke sats over 2 500, så trekket er regnet av basistilskuddet for de første 2 500.")
    yearly = round_kr(basis_per_year(liste, rates, b.steps))
    unrounded_month = yearly / TWELVE
    monthly = _monthly(b, rules, yearly)
    maks_pct = to_decimal(maks.value)
    asked = trekk_prosent is not None
    pct = to_decimal(trekk_prosent) if asked else maks_pct
    tillatt = pct <= maks_pct
    trekk_kr = round_kr(unrounded_month * pct / 100)
    maks_kr = round_kr(unrounded_month * maks_pct / 100)
    b.step(f"{format_number(maks_pct)} % av {format_kr(monthly)} = {format_kr(maks_kr)} (største tillatte trekk per måned)")
    if pct != maks_pct:
        b.step(f"{format_number(pct)} % av {format_kr(monthly)} = {format_kr(trekk_kr)}")
    if not tillatt:
        b.warn(f"Et trekk på {format_number(pct)} % er mer enn rammeavtalen tillater (inntil {format_number(maks_pct)} % per måned).")
    values = {
        "maanedlig_kr": monthly,
        "arlig_kr": yearly,
        "trekk_prosent": pct,
        "trekk_maanedlig_kr": trekk_kr,
        "maks_trekk_maanedlig_kr": maks_kr,
        "tillatt": tillatt,
        "utenfor_gyldighet": rates.utenfor_gyldighet,
    }
    who = f"ved {format_number(listeinnbyggere)} listeinnbyggere"
    if not asked or pct == maks_pct:
        summary = (f"Kommunen kan holde tilbake inntil {format_number(maks_pct)} % av basistilskuddet per måned: "
                   f"høyst {format_kr(maks_kr)} av {format_kr(monthly)} per måned {who}.")
    elif tillatt:
        summary = (f"Et trekk på {format_number(pct)} % av basistilskuddet er {format_kr(trekk_kr)} av "
                   f"{format_kr(monthly)} per måned {who} (rammeavtalen tillater inntil "
                   f"{format_number(maks_pct)} %, {format_kr(maks_kr)}).")
    else:
        summary = (f"Et trekk på {format_number(pct)} % ({format_kr(trekk_kr)} av {format_kr(monthly)} per måned {who}) "
                   f"er mer enn rammeavtalen tillater: kommunen kan holde tilbake inntil {format_number(maks_pct)} %, "
                   f"høyst {format_kr(maks_kr)} per måned.")
    return b.build(values, summary)


def calculate_suspensjonstilskudd(
    stillingsandel: float,
    rules: RuleBook,
    dato: date | None = None,
    snitt_basistilskudd_maaned: float | None = None,
    basistilskudd_siste_tre_maaneder: list[float] | None = None,
    listeinnbyggere: int | None = None,
) -> CalcResult:
    """``stillingsandel`` is 0–1 (a fraction of a full curative FTE).

    The floor of pkt. 2.4 (a fastlege at the suspension gets no less per month than the average basistilskudd of
    the last three months before it) is applied when that average, or the three monthly amounts, are given, or the
    list size of those months (the basistilskudd of that list, at the rates of ``dato``, is the average).
    """
    b = ResultBuilder("suspensjonstilskudd", rules, {
        "stillingsandel": stillingsandel, "dato": dato, "snitt_basistilskudd_maaned": snitt_basistilskudd_maaned,
        "basistilskudd_siste_tre_maaneder": basistilskudd_siste_tre_maaneder, "listeinnbyggere": listeinnbyggere})
    found = rules.lookup("suspensjon.tilskudd", dato)
    if dato is not None and found.before_all:
        raise b.no_rates("suspensjonstilskudd", dato, "suspensjon.tilskudd")
    full = b.cite(found.entry)
    b.cite(rules.get("suspensjon.avkorting", full.valid_from))
    floor_rule = b.cite(rules.get("suspensjon.minst_snitt_basis", full.valid_from))
    b.conventions.append(MONEY_CONVENTION)
    used = f"{rules.title_of(full)} ({format_date_no(full.valid_from)}–{format_date_no(full.valid_to)})"
    if dato is None:
        b.conventions.append(f"Ingen dato oppgitt: bruker den siste satsen i kildene, fra {used}.")
    elif found.outside:
        b.warn(f"OBS: Kildene har ingen sats for suspensjonstilskudd for {format_date_no(dato)}; beregningen bruker "
               f"satsen fra {used}.")
    andel = to_decimal(stillingsandel)
    yearly = round_kr(to_decimal(full.value) * andel)
    b.step(f"{format_kr(to_decimal(full.value))} × {format_number(andel * 100)} % = {format_kr(yearly)} per år")
    by_rate = round_kr(yearly / TWELVE)
    b.step(f"{format_kr(yearly)} / 12 = {format_kr(by_rate)} per måned")
    values: dict = {"arlig_kr": yearly, "maanedlig_kr": by_rate, "maanedlig_etter_sats_kr": by_rate,
                    "stillingsandel": andel, "utenfor_gyldighet": bool(found.outside)}
    months = int(floor_rule.value)
    if listeinnbyggere is not None and snitt_basistilskudd_maaned is None and basistilskudd_siste_tre_maaneder is None:
        rates = lookup_basis_rates(b, rules, dato)
        basis = round_kr(basis_per_year(min(Decimal(listeinnbyggere), rates.oppgitt_til), rates, b.steps))
        floor: Decimal | None = round_kr(basis / TWELVE)
        b.step(f"Gjennomsnittlig basistilskudd de siste {months} månedene med {format_number(listeinnbyggere)} "
               f"listeinnbyggere: {format_kr(basis)} / 12 = {format_kr(floor)} per måned")
        b.conventions.append(f"Lista er regnet som {format_number(listeinnbyggere)} alle de siste {months} "
                             "månedene før suspensjonen.")
    else:
        floor = _suspension_floor(b, months, snitt_basistilskudd_maaned, basistilskudd_siste_tre_maaneder)
    summary = f"Suspensjonstilskudd: {format_kr(yearly)} per år for {format_number(andel * 100)} % kurativt årsverk"
    if floor is None:
        b.warn("Lege som var fastlege i kommunen ved suspensjonen skal likevel ikke ha lavere tilskudd per måned enn "
               f"gjennomsnittlig basistilskudd de siste {months} månedene før suspensjonen (statsavtalen pkt. 2.4). "
               "Oppgi det gjennomsnittet for å få gulvet regnet med.")
        return b.build(values, summary + f" ({format_kr(by_rate)} per måned).")
    applies = floor > by_rate
    monthly = floor if applies else by_rate
    b.step(f"Gulv (pkt. 2.4): høyeste av {format_kr(by_rate)} og {format_kr(floor)} = {format_kr(monthly)} per måned")
    values.update({"maanedlig_kr": monthly, "gulv_maanedlig_kr": floor, "gulv_brukt": applies})
    if applies:
        values["arlig_med_gulv_kr"] = round_kr(monthly * TWELVE)
        summary = (f"Suspensjonstilskudd: {format_kr(monthly)} per måned, som er gjennomsnittlig basistilskudd de "
                   f"siste {months} månedene før suspensjonen (gulvet i statsavtalen pkt. 2.4); satsen alene gir "
                   f"{format_kr(by_rate)} per måned ({format_kr(yearly)} per år for "
                   f"{format_number(andel * 100)} % kurativt årsverk).")
    else:
        summary += (f": {format_kr(by_rate)} per måned. Det er ikke lavere enn gjennomsnittlig basistilskudd de "
                    f"siste {months} månedene ({format_kr(floor)}), så gulvet i pkt. 2.4 endrer ikke beløpet.")
    b.conventions.append("Gulvet gjelder leger som var fastlege i kommunen da ordningen ble suspendert.")
    return b.build(values, summary)


def _suspension_floor(b: ResultBuilder, months: int, average: float | None,
                      amounts: list[float] | None) -> Decimal | None:
    if average is not None and amounts is not None:
        raise InputError(f"Oppgi enten «{field_name('snitt_basistilskudd_maaned')}» eller "
                         f"«{field_name('basistilskudd_siste_tre_maaneder')}», ikke begge.",
                         field="snitt_basistilskudd_maaned")
    if amounts is not None:
        if len(amounts) != months:
            raise InputError(f"«{field_name('basistilskudd_siste_tre_maaneder')}» må ha nøyaktig {months} månedsbeløp "
                             f"(fikk {len(amounts)}).", field="basistilskudd_siste_tre_maaneder")
        parts = [to_decimal(a) for a in amounts]
        floor = round_kr(sum(parts, Decimal(0)) / months)
        b.step(f"Gjennomsnittlig basistilskudd de siste {months} månedene: ("
               + " + ".join(format_kr(p) for p in parts) + f") / {months} = {format_kr(floor)}")
        return floor
    if average is not None:
        floor = round_kr(to_decimal(average))
        b.step(f"Gjennomsnittlig basistilskudd de siste {months} månedene (oppgitt): {format_kr(floor)} per måned")
        return floor
    return None


__all__ = ["calculate_basistilskudd", "calculate_grunntilskudd", "calculate_utjamningstilskudd", "calculate_trekk",
           "calculate_suspensjonstilskudd"]
