"""List rules: deleliste (ASA 4310 pkt. 10.8) and automatic opening of a closed list (ASA 4301 pkt. 2.3.2)."""
from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from assistant.calc.money import format_number
from assistant.calc.result import CalcResult, ResultBuilder
from assistant.calc.rules import RuleBook


def calculate_deleliste(liste_ved_etablering: int, rules: RuleBook, listetak: int | None = None,
                        alder: int | None = None) -> CalcResult:
    b = ResultBuilder("deleliste", rules,
                      {"liste_ved_etablering": liste_ved_etablering, "listetak": listetak, "alder": alder})
    pct = b.cite(rules.get("deleliste.maks_okning_prosent"))
    total = b.cite(rules.get("deleliste.maks_totalt"))
    age_rule = b.cite(rules.get("deleliste.alder"))
    retire = b.cite(rules.get("deleliste.fratre_alder"))
    years = b.cite(rules.get("deleliste.maks_ar"))
    b.conventions.append("Grensen på +25 % rundes ned til helt antall listeinnbyggere.")
    base = Decimal(liste_ved_etablering)
    by_pct = (base * (100 + Decimal(pct.value)) / 100).to_integral_value(rounding=ROUND_FLOOR)
    cap = Decimal(total.value)
    maks = min(by_pct, cap)
    b.step(f"{format_number(base)} + {pct.value} % = {format_number(by_pct)}")
    b.step(f"Høyst {format_number(cap)} til sammen: min({format_number(by_pct)}, {format_number(cap)}) = {format_number(maks)}")
    values: dict = {"maks": int(maks), "maks_etter_25_prosent": int(by_pct), "maks_totalt": int(cap),
                    "fratre_senest_alder": int(retire.value), "maks_nedtrapping_ar": int(years.value)}
    if liste_ved_etablering >= cap:
        b.warn(f"Listen ved etablering er allerede {format_number(base)}; delelisten kan ikke overstige "
               f"{format_number(cap)} til sammen.")
    if listetak is not None:
        b.conventions.append("Punkt 10.8 knytter grensen til listelengden ved etablering, ikke til listetaket; "
                             "listetaket er ikke brukt i beregningen.")
    if alder is not None:
        limit = int(age_rule.value)
        values["berettiget_alder"] = alder > limit
        years_left = max(int(retire.value) - alder, 0)
        values["maks_nedtrapping_ar"] = min(int(years.value), years_left)
        b.step(f"Nedtrapping høyst min({years.value} år, {retire.value} − {alder} = {years_left} år) = "
               f"{values['maks_nedtrapping_ar']} år")
        if alder <= limit:
            b.warn(f"Retten til deleliste gjelder lege «over {limit} år» (eller med minst 50 % varig uførhet). "
                   f"Med alder {alder} er vilkåret " + ("uklart: «over 60» kan bety fylte 60 eller eldre enn 60."
                                                        if alder == limit else "ikke oppfylt."))
    summary = (f"Delelisten kan ha høyst {format_number(maks)} listeinnbyggere til sammen "
               f"(+25 % fra {format_number(base)} gir {format_number(by_pct)}, taket er {format_number(cap)}).")
    return b.build(values, summary)


def calculate_lukket_liste(listetak: int, rules: RuleBook, listeinnbyggere: int | None = None) -> CalcResult:
    b = ResultBuilder("lukket_liste", rules, {"listetak": listetak, "listeinnbyggere": listeinnbyggere})
    margin = b.cite(rules.get("lukket_liste.apnes_under_tak"))
    opens_at = listetak - int(margin.value)
    b.step(f"{format_number(listetak)} − {margin.value} = {format_number(opens_at)}")
    values: dict = {"apnes_ved": opens_at}
    if listeinnbyggere is not None:
        values["apnes_na"] = listeinnbyggere <= opens_at
    summary = (f"En lukket liste med tak {format_number(listetak)} åpnes automatisk når antallet faller til "
               f"{format_number(opens_at)}.")
    return b.build(values, summary)


__all__ = ["calculate_deleliste", "calculate_lukket_liste"]
