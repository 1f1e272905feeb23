"""List rules: deleliste (ASA 4310 pkt. 10.8) and automatic opening of a closed list (ASA 4301 pkt. 2.3.2)."""
from __future__ import annotations

from datetime import date
from decimal import ROUND_FLOOR, Decimal

from assistant.calc.dates import add_years, format_date_no

from assistant.calc.money import format_number
from assistant.calc.result import CalcResult, ResultBuilder
from assistant.calc.rules import RuleBook
from assistant.errors import InputError


def _age_on(born: date, on: date) -> int:
    """Whole years of age on ``on`` (birthday counted on the day; 29 February → 28 February)."""
    years = on.year - born.year
    return years if add_years(born, years) <= on else years - 1


def calculate_deleliste(liste_ved_etablering: int, rules: RuleBook, listetak: int | None = None,
                        alder: int | None = None, fodselsdato: date | None = None,
                        start_dato: date | None = None) -> CalcResult:
    b = ResultBuilder("deleliste", rules,
                      {"liste_ved_etablering": liste_ved_etablering, "listetak": listetak, "alder": alder,
                       "fodselsdato": fodselsdato, "start_dato": start_dato})
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
    limit, retire_age, max_years = int(age_rule.value), int(retire.value), int(years.value)
    if fodselsdato is not None and start_dato is not None:
        if start_dato <= fodselsdato:
            raise InputError(f"Startdatoen for delelisten ({format_date_no(start_dato)}) må være etter "
                             f"fødselsdatoen ({format_date_no(fodselsdato)}).", field="start_dato")
        age_at_start = _age_on(fodselsdato, start_dato)
        if age_at_start > 100:
            raise InputError(f"Legen ville vært {age_at_start} år ved start ({format_date_no(start_dato)}); "
                             "sjekk fødselsdato og startdato.", field="fodselsdato")
        if alder is not None and alder != age_at_start:
            b.warn(f"Oppgitt alder ({alder}) stemmer ikke med fødselsdatoen ({age_at_start} år ved start); "
                   "fødselsdatoen er brukt.")
        alder = age_at_start
        b.step(f"Alder ved start {format_date_no(start_dato)}: {age_at_start} år")
    if alder is not None:
        values["berettiget_alder"] = alder > limit
        if alder <= limit:
            b.warn(f"Retten til deleliste gjelder lege «over {limit} år» (eller med minst 50 % varig uførhet). "
                   f"Med alder {alder} er vilkåret " + ("uklart: «over 60» kan bety fylte 60 eller eldre enn 60."
                                                        if alder == limit else "ikke oppfylt."))
    summary = (f"Delelisten kan ha høyst {format_number(maks)} listeinnbyggere til sammen "
               f"(+25 % fra {format_number(base)} gir {format_number(by_pct)}, taket er {format_number(cap)}).")
    seventy = add_years(fodselsdato, retire_age) if fodselsdato is not None else None
    five = add_years(start_dato, max_years) if start_dato is not None else None
    if seventy is not None:
        b.step(f"Fylte {retire_age} år: {format_date_no(fodselsdato)} + {retire_age} år = {format_date_no(seventy)}")
        values["fyller_70"] = seventy
    if five is not None:
        b.step(f"Nedtrapping høyst {max_years} år: {format_date_no(start_dato)} + {max_years} år = {format_date_no(five)}")
        values["fem_ar_slutt"] = five
    if seventy is not None and five is not None:
        end = min(seventy, five)
        reason = f"fylte {retire_age} år" if seventy <= five else f"{max_years} år etter start"
        b.step(f"Tidligste av de to: {format_date_no(end)} ({reason})")
        values.update({"nedtrapping_slutt": end, "begrenset_av": reason})
        if seventy <= start_dato:
            b.warn(f"Legen fyller {retire_age} år ({format_date_no(seventy)}) før delelisten starter.")
        summary += (f" Nedtrappingen må avsluttes senest {format_date_no(end)} ({reason}; det tidligste av "
                    f"{max_years} år etter start {format_date_no(five)} og fylte {retire_age} år {format_date_no(seventy)}).")
    elif five is not None and alder is not None:
        # whole years only bound the 70th birthday: it falls after start + (70 − alder − 1) years and no later
        # than start + (70 − alder) years
        bound = add_years(start_dato, max(retire_age - alder, 0))
        end = min(five, bound)
        b.step(f"{alder} år ved start: fyller {retire_age} senest {format_date_no(start_dato)} + "
               f"{retire_age - alder} år = {format_date_no(bound)}")
        values["nedtrapping_slutt_senest"] = end
        if bound < five:
            summary += (f" Nedtrappingen slutter når legen fyller {retire_age} år, og det er senest "
                        f"{format_date_no(bound)} ({alder} år ved start); femårsgrensen ({format_date_no(five)}) "
                        "slår ikke inn.")
            b.warn(f"Nøyaktig sluttdato er 70-årsdagen, som kan være før {format_date_no(bound)}: oppgi "
                   "fødselsdato for å få den.")
        else:
            summary += (f" Nedtrappingen kan vare til senest {format_date_no(five)} ({max_years} år), og legen må "
                        f"fratre senest ved fylte {retire_age} år.")
    elif five is not None:
        values["nedtrapping_slutt_senest"] = five
        summary += (f" Nedtrappingen kan vare til senest {format_date_no(five)} ({max_years} år), og legen må "
                    f"fratre senest ved fylte {retire_age} år.")
        b.conventions.append(f"Legen må i tillegg fratre senest ved fylte {retire_age} år; oppgi fødselsdato for å få datoen.")
    elif seventy is not None:
        summary += f" Legen må fratre senest ved fylte {retire_age} år: {format_date_no(seventy)}."
    elif alder is not None:
        years_left = max(retire_age - alder, 0)
        values["maks_nedtrapping_ar"] = min(max_years, years_left)
        b.step(f"Nedtrapping høyst min({max_years} år, {retire_age} − {alder} = {years_left} år) = "
               f"{values['maks_nedtrapping_ar']} år")
        b.conventions.append(f"Alder i hele år gir bare en øvre grense: legen fyller {retire_age} år innen "
                             f"{years_left} år. Oppgi fødselsdato og startdato for nøyaktig sluttdato.")
    if seventy is not None:
        b.conventions.append(f"Fratre senest ved fylte {retire_age} år «med mindre kommunen skriftlig samtykker i noe annet».")
    return b.build(values, summary)


def calculate_lukket_liste(listetak: int, rules: RuleBook, listeinnbyggere: int | None = None) -> CalcResult:
    b = ResultBuilder("lukket_liste", rules, {"listetak": listetak, "listeinnbyggere": listeinnbyggere})
    margin = b.cite(rules.get("lukket_liste.apnes_under_tak"))
    opens_at = listetak - int(margin.value)
    b.step(f"{format_number(listetak)} − {margin.value} = {format_number(opens_at)}")
    values: dict = {"apnes_ved": opens_at}
    summary = (f"En lukket liste med tak {format_number(listetak)} åpnes automatisk når antallet faller til "
               f"{format_number(opens_at)}.")
    if listeinnbyggere is not None:
        values["apnes_na"] = listeinnbyggere <= opens_at
        if listeinnbyggere <= opens_at:
            summary += f" Med {format_number(listeinnbyggere)} på listen er den allerede under grensen og åpnes."
        else:
            fewer = listeinnbyggere - opens_at
            values["faerre_for_apning"] = fewer
            b.step(f"{format_number(listeinnbyggere)} − {format_number(opens_at)} = {format_number(fewer)}")
            summary += (f" Med {format_number(listeinnbyggere)} på listen må {format_number(fewer)} til gå av før "
                        f"den åpnes.")
    return b.build(values, summary)


__all__ = ["calculate_deleliste", "calculate_lukket_liste"]
