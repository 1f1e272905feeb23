"""Deadline calculators (frister) from rammeavtalen ASA 4310 2024–2025. Pure functions → CalcResult.

``calculate_frist(variant, rules, **inputs)`` dispatches on the variant name. Conventions are in
``assistant.calc.dates.DEADLINE_CONVENTIONS`` and stated in every result.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from assistant.calc.dates import (
    DEADLINE_CONVENTIONS,
    add_days,
    add_months,
    add_weeks,
    add_years,
    format_date_no,
    non_working_reason,
)
from assistant.calc.labels import VALUE_NAMES, field_name
from assistant.calc.result import CalcResult, ResultBuilder
from assistant.calc.rules import RuleBook, RuleEntry
from assistant.errors import InputError

UNIT_NO = {"dager": ("dag", "dager"), "uker": ("uke", "uker"), "maaneder": ("måned", "måneder"), "ar": ("år", "år")}
RULE_UNITS = {"uker": "uker", "måneder": "maaneder", "år": "ar", "dager": "dager"}


def shift(start: date, amount: int, unit: str, backwards: bool = False) -> date:
    """Move ``start`` by ``amount`` units ('dager', 'uker', 'maaneder', 'ar'); backwards when asked."""
    n = -amount if backwards else amount
    if unit == "dager":
        return add_days(start, n)
    if unit == "uker":
        return add_weeks(start, n)
    if unit == "maaneder":
        return add_months(start, n)
    if unit == "ar":
        return add_years(start, n)
    raise InputError(f"Ukjent enhet «{unit}» i steg. Tillatt: dager, uker, maaneder, ar.", field="steg")


def _amount_text(amount: int, unit: str) -> str:
    one, many = UNIT_NO[unit]
    return f"{amount} {one if amount == 1 else many}"


class _Deadline:
    """Small helper around ResultBuilder for date steps and weekend/holiday notes.

    ``applies_on`` is the date the clause is applied on (a notice, an offer, a reduction): only that date is
    compared with the rules' entry into force, never a birth date or an agreement's start date.
    """

    def __init__(self, variant: str, rules: RuleBook, inputs: dict[str, Any], applies_on: date | None = None):
        self.b = ResultBuilder("frist", rules, {"variant": variant, **inputs})
        self.rules = rules
        self.b.conventions += list(DEADLINE_CONVENTIONS)
        self.values: dict[str, Any] = {"variant": variant}
        self._noted: set[date] = set()
        self.applies_on = applies_on
        self._cited: list[RuleEntry] = []  # rules cited for a date before all their versions

    def rule(self, rule_id: str) -> RuleEntry:
        found = self.rules.lookup(rule_id, self.applies_on)  # the version in force on the date asked
        entry = self.b.cite(found.entry)
        if found.before_all:  # the date asked is before every version of this rule that the rule file holds
            self._cited.append(entry)
        return entry

    def _warn_before_in_force(self) -> None:
        on = self.applies_on
        if on is None:
            return
        if self._cited:  # one warning is enough
            entry = self._cited[0]
            self.b.warn(f"OBS: {format_date_no(on)} er før {self.rules.title_of(entry)} trådte i kraft "
                        f"({format_date_no(entry.valid_from)}). Fristen er regnet etter denne versjonen; eldre versjoner "
                        "av avtalen kan ha hatt andre regler.")

    def move(self, start: date, amount: int, unit: str, backwards: bool = False, label: str = "") -> date:
        result = shift(start, amount, unit, backwards)
        sign = "−" if backwards else "+"
        self.b.step(f"{label}{format_date_no(start)} {sign} {_amount_text(amount, unit)} = {format_date_no(result, weekday=True)}")
        return result

    def move_by_rule(self, start: date, rule_id: str, backwards: bool = False, label: str = "") -> date:
        entry = self.rule(rule_id)
        return self.move(start, int(entry.value), RULE_UNITS[entry.unit], backwards, label)

    def note_day(self, day: date, what: str = "Fristen", act_by: bool = False) -> None:
        """Flag a weekend/holiday. ``act_by``: the date is a last day to act, so suggest the working day before;
        an end date or an earliest date gets no such advice."""
        self._noted.add(day)
        reason = non_working_reason(day)
        if reason:
            advice = "; vurder å handle siste virkedag før." if act_by else "."
            self.b.warn(f"{what} ({format_date_no(day)}) faller på {reason}. Den flyttes ikke etter avtaleteksten"
                        + advice)

    def build(self, main: date | None, summary: str) -> CalcResult:
        if main is not None:
            if main not in self._noted:
                self.note_day(main)
            self.values["dato"] = main
            self.values["ukedag"] = format_date_no(main, weekday=True).split()[0]
            self.values["fridag"] = non_working_reason(main)
        self._warn_before_in_force()
        return self.b.build(self.values, summary)


def _require(value: Any, field: str, what: str) -> Any:
    if value is None:
        raise InputError(f"Mangler {field_name(field)}: oppgi {what}.", field=field)
    return value


def frist_overdragelse_pris(rules: RuleBook, fra_dato: date | None = None, **_: Any) -> CalcResult:
    fra = _require(fra_dato, "fra_dato", "datoen kommunens tilbud om fastlegeavtale ble mottatt")
    d = _Deadline("overdragelse_pris", rules, {"fra_dato": fra}, applies_on=fra)
    end = d.move_by_rule(fra, "frist.overdragelse_pris", label="Tilbud mottatt ")
    d.rule("frist.forhandlinger_etter_tilbud")
    d.note_day(end, act_by=True)
    d.values["nemnd_fra"] = end + timedelta(days=1)
    return d.build(end, f"Er legene ikke enige om overdragelsesbeløpet innen {format_date_no(end, weekday=True)} "
                        "(5 uker etter at tilbudet ble mottatt), fastsettes prisen av nasjonal nemnd.")


def frist_overdragelse_tilbakekall(rules: RuleBook, fra_dato: date | None = None, **_: Any) -> CalcResult:
    fra = _require(fra_dato, "fra_dato", "datoen kommunen ga tilbudet")
    d = _Deadline("overdragelse_tilbakekall", rules, {"fra_dato": fra}, applies_on=fra)
    end = d.move_by_rule(fra, "frist.overdragelse_tilbakekall", label="Tilbud gitt ")
    d.note_day(end, "Akseptfristen", act_by=True)
    d.values["kan_trekkes_fra"] = end + timedelta(days=1)
    d.b.step(f"Er tilbudet ikke akseptert innen {format_date_no(end)}, kan kommunen trekke det tilbake fra "
             f"{format_date_no(end + timedelta(days=1))}")
    return d.build(end, f"Aksepteres ikke tilbudet innen {format_date_no(end, weekday=True)}, kan kommunen trekke "
                        f"det tilbake og behandle saken på nytt (fra {format_date_no(end + timedelta(days=1))}).")


def frist_kunngjoring(rules: RuleBook, fra_dato: date | None = None, til_dato: date | None = None,
                      **_: Any) -> CalcResult:
    """Forward: the earliest søknadsfrist for a kunngjøring on ``fra_dato``. Backward: the latest kunngjøring for a
    søknadsfrist on ``til_dato`` (pkt. 5.4: at least 3 weeks between them). Both: the earliest frist, checked."""
    if fra_dato is None and til_dato is not None:
        d = _Deadline("kunngjoring", rules, {"til_dato": til_dato}, applies_on=til_dato)
        latest = d.move_by_rule(til_dato, "frist.kunngjoring", backwards=True, label="Søknadsfrist ")
        d.note_day(latest, "Siste dag for kunngjøring", act_by=True)
        d.values["soknadsfrist"] = til_dato
        return d.build(latest, f"For søknadsfrist {format_date_no(til_dato)} må stillingen kunngjøres senest "
                               f"{format_date_no(latest, weekday=True)} (minst 3 ukers søknadsfrist).")
    fra = _require(fra_dato, "fra_dato", "kunngjøringsdatoen (eller søknadsfristen, for å regne bakover)")
    d = _Deadline("kunngjoring", rules, {"fra_dato": fra, "til_dato": til_dato}, applies_on=fra)
    end = d.move_by_rule(fra, "frist.kunngjoring", label="Kunngjort ")
    d.note_day(end, "Tidligste søknadsfrist")
    if til_dato is not None:
        ok = til_dato >= end
        d.values["oppgitt_frist_holder"] = ok
        d.b.step(f"Oppgitt søknadsfrist {format_date_no(til_dato)} er "
                 + ("minst 3 uker etter kunngjøringen" if ok else "mindre enn 3 uker etter kunngjøringen"))
        if not ok:
            d.b.warn(f"Søknadsfristen {format_date_no(til_dato)} er for kort: den må være minst 3 uker etter "
                     f"kunngjøringen, altså tidligst {format_date_no(end)}.")
    return d.build(end, f"Søknadsfristen kan tidligst settes til {format_date_no(end, weekday=True)} "
                        "(minst 3 uker fra kunngjøringen).")


def _notice_end(d: _Deadline, given: date, months: int | None) -> date:
    """End of the notice period: the notice date + pkt. 16's 6 months (or the period the user states)."""
    rule = d.rule("frist.oppsigelse")
    if months is None or months == int(rule.value):
        return d.move(given, int(rule.value), "maaneder", label="Oppsigelse gitt ")
    d.b.warn(f"Oppgitt oppsigelsesfrist er {_amount_text(months, 'maaneder')}; rammeavtalen pkt. 16 sier "
             f"«en frist på {rule.value} måneder». Beregningen bruker den oppgitte fristen.")
    return d.move(given, months, "maaneder", label="Oppsigelse gitt (oppgitt frist) ")


def frist_hjemfall(rules: RuleBook, fra_dato: date | None = None, oppsigelse_dato: date | None = None,
                   oppsigelsesfrist_maaneder: int | None = None, **_: Any) -> CalcResult:
    d = _Deadline("hjemfall", rules, {"fra_dato": fra_dato, "oppsigelse_dato": oppsigelse_dato,
                                      "oppsigelsesfrist_maaneder": oppsigelsesfrist_maaneder},
                  applies_on=oppsigelse_dato or fra_dato)
    chain = None
    if oppsigelse_dato is not None:
        chain = _notice_end(d, oppsigelse_dato, oppsigelsesfrist_maaneder)
        if fra_dato is not None and fra_dato != chain:
            raise InputError(
                f"Oppsigelsen gitt {format_date_no(oppsigelse_dato)} gir oppsigelsesfristens utløp "
                f"{format_date_no(chain)}, men oppgitt utløp er {format_date_no(fra_dato)}. Oppgi bare "
                "datoen oppsigelsen ble gitt eller bare datoen oppsigelsesfristen løper ut.",
                field="fra_dato")
        fra_dato = chain
        d.values["oppsigelse_gitt"] = oppsigelse_dato
        d.values["oppsigelsesfrist_utlop"] = chain
    fra_dato = _require(fra_dato, "fra_dato",
                        "datoen oppsigelsesfristen løper ut eller datoen oppsigelsen ble gitt")
    end = d.move_by_rule(fra_dato, "frist.hjemfall", label="Oppsigelsesfristens utløp ")
    d.note_day(end, "Tidligste hjemfall")
    d.b.warn("Hjemfall forutsetter i tillegg minst tre korrekte utlysninger uten at kvalifisert lege vil inngå "
             "avtalen på vilkår om kompensasjon for opparbeidet praksis (rammeavtalen pkt. 5.8).")
    if chain is not None:
        summary = (f"Oppsigelsen ble gitt {format_date_no(oppsigelse_dato)}, så oppsigelsesfristen løper ut "
                   f"{format_date_no(chain)}. Fastlegeavtalen kan tidligst hjemfalle til kommunen "
                   f"{format_date_no(end, weekday=True)} (seks måneder etter oppsigelsesfristens utløp), og bare "
                   "etter minst tre korrekte utlysninger.")
    else:
        summary = (f"Fastlegeavtalen kan tidligst hjemfalle til kommunen {format_date_no(end, weekday=True)} "
                   f"(seks måneder etter oppsigelsesfristens utløp {format_date_no(fra_dato)}), og bare etter minst "
                   "tre korrekte utlysninger.")
    return d.build(end, summary)


def frist_oppsigelse(rules: RuleBook, fra_dato: date | None = None, oppsigelse_dato: date | None = None,
                     oppsigelsesfrist_maaneder: int | None = None, til_dato: date | None = None,
                     **_: Any) -> CalcResult:
    """Forward: when an agreement given notice on ``fra_dato`` ends (pkt. 16: 6 months). Backward: the latest day
    to give notice for it to have ended by ``til_dato``."""
    if fra_dato is not None and oppsigelse_dato is not None and fra_dato != oppsigelse_dato:
        raise InputError("For oppsigelse regnes fristen fra datoen oppsigelsen ble gitt; oppgi den datoen bare "
                         "én gang.", field="fra_dato")
    months = oppsigelsesfrist_maaneder or 6
    if fra_dato is None and oppsigelse_dato is None and til_dato is not None:
        d = _Deadline("oppsigelse", rules, {"til_dato": til_dato, "oppsigelsesfrist_maaneder": oppsigelsesfrist_maaneder},
                      applies_on=til_dato)
        rule = d.rule("frist.oppsigelse")
        if oppsigelsesfrist_maaneder is not None and oppsigelsesfrist_maaneder != int(rule.value):
            d.b.warn(f"Oppgitt oppsigelsesfrist er {_amount_text(months, 'maaneder')}; rammeavtalen pkt. 16 sier "
                     f"«en frist på {rule.value} måneder». Beregningen bruker den oppgitte fristen.")
        latest = d.move(til_dato, months, "maaneder", backwards=True, label="Ønsket slutt ")
        d.b.conventions.append("Rammeavtalen sier ikke at fristen løper fra et månedsskifte; den regnes fra dato til dato.")
        d.note_day(latest, "Siste dag for oppsigelse", act_by=True)
        d.values["onsket_slutt"] = til_dato
        return d.build(latest, f"Skal avtalen være slutt senest {format_date_no(til_dato)}, må oppsigelsen gis senest "
                               f"{format_date_no(latest, weekday=True)} ({months} måneders oppsigelsesfrist).")
    fra = _require(fra_dato or oppsigelse_dato, "fra_dato", "datoen oppsigelsen ble gitt/mottatt")
    d = _Deadline("oppsigelse", rules, {"fra_dato": fra, "oppsigelsesfrist_maaneder": oppsigelsesfrist_maaneder},
                  applies_on=fra)
    end = _notice_end(d, fra, oppsigelsesfrist_maaneder)
    d.b.conventions.append("Rammeavtalen sier ikke at fristen løper fra et månedsskifte; den regnes fra dato til dato.")
    d.note_day(end, "Oppsigelsestidens siste dag")
    if til_dato is not None and end > til_dato:
        d.b.warn(f"Med oppsigelse {format_date_no(fra)} løper avtalen til {format_date_no(end)}, altså etter ønsket "
                 f"slutt {format_date_no(til_dato)}.")
    return d.build(end, f"Med {months} måneders oppsigelsesfrist fra {format_date_no(fra)} løper avtalen til "
                        f"{format_date_no(end, weekday=True)}.")


def frist_avtale_opphor_alder(rules: RuleBook, fodselsdato: date | None = None, forlenget_til_75: bool = False,
                              fra_dato: date | None = None, **_: Any) -> CalcResult:
    born = _require(fodselsdato or fra_dato, "fodselsdato", "legens fødselsdato")
    d = _Deadline("avtale_opphor_alder", rules, {"fodselsdato": born, "forlenget_til_75": forlenget_til_75})
    seventy = d.move_by_rule(born, "frist.opphor_alder", label="Fødselsdato ")
    limit = d.move_by_rule(born, "frist.opphor_alder_maks", label="Fødselsdato ")
    if born.month == 2 and born.day == 29:
        d.b.warn("Legen er født 29. februar: etter konvensjonen brukes 28. februar i år som ikke er skuddår. "
                 "Avtaleteksten sier ikke noe om dette; avklar ved behov.")
    d.values["fyller_70"] = seventy
    d.applies_on = seventy  # the clause applies on the 70th birthday, not on the birth date
    d.values["senest_75"] = limit
    main = limit if forlenget_til_75 else seventy
    if forlenget_til_75:
        summary = (f"Avtalen opphører uten oppsigelse ved fylte 70 år ({format_date_no(seventy)}); en tidsbegrenset "
                   f"avtale kan ikke gå ut over fylte 75 år ({format_date_no(limit)}).")
    else:
        summary = (f"Den individuelle avtalen opphører uten oppsigelse når legen fyller 70 år: {format_date_no(seventy)}. "
                   f"En tidsbegrenset forlengelse kan ikke gå ut over {format_date_no(limit)} (fylte 75).")
    return d.build(main, summary)


def frist_deleliste(rules: RuleBook, fra_dato: date | None = None, fodselsdato: date | None = None,
                    **_: Any) -> CalcResult:
    """End of a deleliste's nedtrapping (pkt. 10.8): the earlier of start + 5 years and the 70th birthday."""
    start = _require(fra_dato, "fra_dato", "datoen delelisten (nedtrappingen) starter")
    d = _Deadline("deleliste", rules, {"fra_dato": start, "fodselsdato": fodselsdato}, applies_on=start)
    five = d.move_by_rule(start, "deleliste.maks_ar", label="Delelisten starter ")
    d.values["fem_ar_slutt"] = five
    if fodselsdato is None:
        d.rule("deleliste.fratre_alder")
        d.b.conventions.append("Legen må i tillegg fratre senest ved fylte 70 år; oppgi fodselsdato for å få datoen.")
        d.note_day(five, "Nedtrappingens siste dag")
        return d.build(five, f"Nedtrappingen kan vare til senest {format_date_no(five)} (fem år fra "
                             f"{format_date_no(start)}), og legen må fratre senest ved fylte 70 år.")
    if start <= fodselsdato:
        raise InputError(f"Startdatoen for delelisten ({format_date_no(start)}) må være etter fødselsdatoen "
                         f"({format_date_no(fodselsdato)}).", field="fra_dato")
    seventy = d.move_by_rule(fodselsdato, "deleliste.fratre_alder", label="Fødselsdato ")
    end = min(five, seventy)
    reason = "fylte 70 år" if seventy <= five else "5 år etter start"
    d.b.step(f"Tidligste av de to: {format_date_no(end)} ({reason})")
    d.b.conventions.append("Fratre senest ved fylte 70 år «med mindre kommunen skriftlig samtykker i noe annet».")
    d.values.update({"fyller_70": seventy, "begrenset_av": reason})
    d.note_day(end, "Nedtrappingens siste dag")
    return d.build(end, f"Nedtrappingen med deleliste må avsluttes senest {format_date_no(end)} ({reason}; det "
                        f"tidligste av fem år fra start {format_date_no(five)} og 70-årsdagen {format_date_no(seventy)}).")


def frist_listereduksjon(rules: RuleBook, fra_dato: date | None = None, helse: bool = False, **_: Any) -> CalcResult:
    fra = _require(fra_dato, "fra_dato", "datoen reduksjonen skal gjelde fra")
    d = _Deadline("listereduksjon", rules, {"fra_dato": fra, "helse": helse}, applies_on=fra)
    rule_id = "frist.listereduksjon_helse" if helse else "frist.listereduksjon"
    end = d.move_by_rule(fra, rule_id, backwards=True, label="Reduksjon fra ")
    d.note_day(end, act_by=True)
    why = "helsetilstand eller omsorgsansvar: 3 måneders varsel" if helse else "må drøftes senest 6 måneder før"
    return d.build(end, f"For listereduksjon fra {format_date_no(fra)} må saken tas opp med kommunen senest "
                        f"{format_date_no(end, weekday=True)} ({why}).")


def frist_palegg(rules: RuleBook, fra_dato: date | None = None, varslet_dato: date | None = None,
                 **_: Any) -> CalcResult:
    """Backward: the last day to give notice of a pålegg starting on ``fra_dato`` (pkt. 12.1: at least four weeks).
    Forward: the earliest start of a pålegg notified on ``varslet_dato``. Both: the start is checked against it."""
    if fra_dato is None and varslet_dato is not None:
        d = _Deadline("palegg", rules, {"varslet_dato": varslet_dato}, applies_on=varslet_dato)
        start = d.move_by_rule(varslet_dato, "frist.palegg", label="Varslet ")
        d.rule("palegg.maks_timer")
        d.note_day(start, "Tidligste oppstart")
        return d.build(start, f"Et pålegg om andre allmennlegeoppgaver varslet {format_date_no(varslet_dato)} kan "
                              f"tidligst gjelde fra {format_date_no(start, weekday=True)} (minst fire ukers varsel; "
                              f"inntil 7,5 timer per uke).")
    fra = _require(fra_dato, "fra_dato", "datoen pålegget skal gjelde fra (oppstart)")
    d = _Deadline("palegg", rules, {"fra_dato": fra, "varslet_dato": varslet_dato}, applies_on=fra)
    end = d.move_by_rule(fra, "frist.palegg", backwards=True, label="Oppstart ")
    d.rule("palegg.maks_timer")
    d.note_day(end, act_by=True)
    if varslet_dato is not None:
        ok = varslet_dato <= end
        d.b.step(f"Varslet {format_date_no(varslet_dato)} er {'innenfor' if ok else 'etter'} siste varslingsdag")
        if not ok:
            d.b.warn(f"Varselet {format_date_no(varslet_dato)} kom for sent for oppstart {format_date_no(fra)}: det "
                     f"må gis minst fire uker før (senest {format_date_no(end)}).")
    return d.build(end, f"Pålegg om andre allmennlegeoppgaver fra {format_date_no(fra)} må gis senest "
                        f"{format_date_no(end, weekday=True)} (minst fire ukers varsel; inntil 7,5 timer per uke).")


def frist_basistilskudd_utbetaling(rules: RuleBook, maaned: str | None = None, fra_dato: date | None = None,
                                   **_: Any) -> CalcResult:
    if maaned is None and fra_dato is not None:
        maaned = f"{fra_dato.year:04d}-{fra_dato.month:02d}"
    maaned = _require(maaned, "maaned", "måneden som ÅÅÅÅ-MM, f.eks. 2025-03")
    year, month = (int(p) for p in maaned.split("-"))
    d = _Deadline("basistilskudd_utbetaling", rules, {"maaned": maaned})
    telle = date(year, month, int(d.rule("basistilskudd.telledag").value))
    pay = date(year, month, int(d.rule("basistilskudd.utbetaling_dag").value))
    d.b.step(f"Listetallet per {format_date_no(telle)} (HELFOs månedlige oversikt) er grunnlaget")
    d.b.step(f"1/12 av årlig basistilskudd utbetales senest {format_date_no(pay, weekday=True)}")
    d.note_day(pay, "Utbetalingsfristen", act_by=True)
    d.applies_on = telle
    d.values["telledato"], d.values["utbetalt_senest"] = telle, pay
    month_text = format_date_no(telle).split(" ", 1)[1]
    return d.build(pay, f"Basistilskuddet for {month_text} skal utbetales senest "
                        f"{format_date_no(pay, weekday=True)}, beregnet etter listen per {format_date_no(telle)}.")


def frist_rammeavtale_varighet(rules: RuleBook, fra_dato: date | None = None, today: date | None = None,
                               **_: Any) -> CalcResult:
    on = fra_dato or today
    on = _require(on, "fra_dato", "datoen du vil vite om rammeavtalen gjelder for")
    d = _Deadline("rammeavtale_varighet", rules, {"fra_dato": on})
    period = d.rule("rammeavtalen.varighet")
    notice = d.rule("rammeavtalen.oppsigelsesvarsel")
    start_text, end_text = str(period.value).split("/")
    start, first_end = date.fromisoformat(start_text), date.fromisoformat(end_text)
    d.b.conventions.append("Tolkning: 01.07.2025 regnes som periodens siste dag, og hver forlengelse varer ett år "
                           "til 1. juli året etter.")
    if on < start:
        d.values.update({"i_kraft": False, "gjelder_fra": start})
        return d.build(None, f"Rammeavtalen (ASA 4310) 2024–2025 gjaldt ikke {format_date_no(on)}; den gjelder fra "
                             f"{format_date_no(start)}. Eldre versjoner av rammeavtalen gjaldt før dette.")
    end, renewals = first_end, 0
    while end < on:
        end, renewals = add_years(end, 1), renewals + 1
    d.b.step(f"Opprinnelig periode: {format_date_no(start)}–{format_date_no(first_end)}")
    if renewals:
        d.b.step(f"Forlenget automatisk {renewals} gang(er) med ett år: gjelder til {format_date_no(end)}")
        d.b.warn("Forutsetter at ingen av partene har sagt opp avtalen med minst 3 måneders varsel; "
                 "kildene kan ikke bekrefte det.")
    last_notice = d.move(end, int(notice.value), "maaneder", backwards=True, label="Periodeslutt ")
    d.values.update({"i_kraft": True, "gjelder_fra": start, "gjelder_til": end, "forlengelser": renewals,
                     "oppsigelse_senest": last_notice})
    return d.build(end, f"Rammeavtalen (ASA 4310) 2024–2025 gjelder {format_date_no(on)} og løper til "
                        f"{format_date_no(end)}" + (" (forutsatt at den ikke er sagt opp)" if renewals else "") +
                   f"; oppsigelse med virkning fra da må gis senest {format_date_no(last_notice)}.")


def frist_okonomisk_samarbeid(rules: RuleBook, fra_dato: date | None = None, oppsigelse_dato: date | None = None,
                              **_: Any) -> CalcResult:
    fra = _require(fra_dato, "fra_dato", "datoen den økonomiske avtalen (8.2-avtalen) startet")
    d = _Deadline("okonomisk_samarbeid", rules, {"fra_dato": fra, "oppsigelse_dato": oppsigelse_dato})
    earliest_notice = d.move_by_rule(fra, "okonomisk_samarbeid.minste_varighet", label="Avtalestart ")
    d.b.conventions.append("Gjelder økonomisk avtale uten fastsatt tidsbegrensning (rammeavtalen pkt. 8.2).")
    notice_day = oppsigelse_dato or earliest_notice
    d.applies_on = notice_day  # the agreement's start date is not compared with the rules' entry into force
    if oppsigelse_dato and oppsigelse_dato < earliest_notice:
        d.b.warn(f"Oppsigelse {format_date_no(oppsigelse_dato)} er før avtalen har vart i 4 år; etter pkt. 8.2 kan "
                 f"den tidligst sies opp {format_date_no(earliest_notice)}.")
        notice_day = earliest_notice
    end = d.move_by_rule(notice_day, "okonomisk_samarbeid.oppsigelsestid", label="Oppsigelse ")
    d.values.update({"tidligst_oppsigelse": earliest_notice, "opphor": end})
    return d.build(end, f"Avtalen om økonomisk samarbeid kan tidligst sies opp {format_date_no(earliest_notice)} "
                        f"(etter 4 år) og opphører da tidligst {format_date_no(end)} (minst 1 års oppsigelsestid).")


def frist_lis1(rules: RuleBook, fra_dato: date | None = None, fornyelse: bool = False,
               oppsigelse_dato: date | None = None, **_: Any) -> CalcResult:
    fra = _require(fra_dato, "fra_dato", "datoen LIS1-avtalen startet")
    d = _Deadline("lis1", rules, {"fra_dato": fra, "fornyelse": fornyelse, "oppsigelse_dato": oppsigelse_dato})
    rule_id = "lis1.minste_varighet_fornyelse" if fornyelse else "lis1.minste_varighet"
    earliest_notice = d.move_by_rule(fra, rule_id, label="Avtalestart ")
    notice_day = oppsigelse_dato or earliest_notice
    d.applies_on = notice_day
    if oppsigelse_dato and oppsigelse_dato < earliest_notice:
        d.b.warn(f"Oppsigelse {format_date_no(oppsigelse_dato)} er før minstetiden er ute ({format_date_no(earliest_notice)}).")
        notice_day = earliest_notice
    end = d.move_by_rule(notice_day, "lis1.oppsigelsesfrist", label="Oppsigelse ")
    d.b.conventions.append("Tolkning av «Etter tre (to) år kan hver av partene si opp avtalen med 6 måneders "
                           "varslingsfrist»: oppsigelse kan gis når minstetiden er ute, og avtalen løper 6 måneder til.")
    d.b.warn("Påbegynt veiledning skal likevel fullføres (rammeavtalen pkt. 11.1).")
    d.values.update({"tidligst_oppsigelse": earliest_notice, "opphor": end})
    return d.build(end, f"LIS1-avtalen kan tidligst sies opp {format_date_no(earliest_notice)} og opphører da tidligst "
                        f"{format_date_no(end)} (6 måneders varslingsfrist).")


def frist_generisk(rules: RuleBook, fra_dato: date | None = None, steg: list[dict[str, Any]] | None = None,
                   **_: Any) -> CalcResult:
    fra = _require(fra_dato, "fra_dato", "datoen fristen regnes fra")
    steps = _require(steg, "steg", 'minst ett steg, f.eks. [{"uker": 5}] eller [{"maaneder": 6, "retning": "for"}]')
    d = _Deadline("generisk", rules, {"fra_dato": fra, "steg": steps})
    d.b.conventions.append("Generisk datoberegning: ingen avtalebestemmelse er brukt, så resultatet har ingen kilde. "
                           "Bruk en navngitt fristtype (f.eks. oppsigelse, palegg) for å få kilde.")
    current = fra
    for item in steps:
        units = [k for k in item if k in UNIT_NO]
        if len(units) != 1:
            raise InputError("Hvert steg må ha nøyaktig én av «dager», «uker», «maaneder» eller «ar».", field="steg")
        direction = item.get("retning", "etter")
        if direction not in ("etter", "for"):
            raise InputError("«retning» i steg må være «etter» eller «for».", field="steg")
        current = d.move(current, int(item[units[0]]), units[0], backwards=direction == "for")
    d.note_day(current)
    return d.build(current, f"Fristen blir {format_date_no(current, weekday=True)}.")


VARIANTS: dict[str, tuple[Callable[..., CalcResult], str]] = {
    "overdragelse_pris": (frist_overdragelse_pris, "Siste dag for å avtale prisen før nasjonal nemnd (pkt. 5.6)"),
    "overdragelse_tilbakekall": (frist_overdragelse_tilbakekall, "Når kommunen kan trekke et uakseptert tilbud (pkt. 5.6)"),
    "kunngjoring": (frist_kunngjoring, "Tidligste søknadsfrist ved kunngjøring (pkt. 5.4)"),
    "hjemfall": (frist_hjemfall, "Tidligste hjemfall av fastlegeavtale (pkt. 5.8)"),
    "oppsigelse": (frist_oppsigelse, "Når en oppsagt fastlegeavtale opphører (pkt. 16)"),
    "avtale_opphor_alder": (frist_avtale_opphor_alder, "Opphør ved 70 år, forlengelse høyst til 75 (pkt. 16)"),
    "deleliste": (frist_deleliste, "Når nedtrappingen med deleliste må avsluttes: 5 år eller fylte 70 (pkt. 10.8)"),
    "listereduksjon": (frist_listereduksjon, "Siste dag for å ta opp listereduksjon (pkt. 10.7)"),
    "palegg": (frist_palegg, "Siste dag for pålegg om andre allmennlegeoppgaver (pkt. 12.1)"),
    "basistilskudd_utbetaling": (frist_basistilskudd_utbetaling, "Telledato og utbetalingsfrist for en måned (pkt. 8.1)"),
    "rammeavtale_varighet": (frist_rammeavtale_varighet, "Gjelder rammeavtalen på en dato, og til når (pkt. 1)"),
    "okonomisk_samarbeid": (frist_okonomisk_samarbeid, "Oppsigelse av avtale om økonomisk samarbeid (pkt. 8.2)"),
    "lis1": (frist_lis1, "Minstetid og oppsigelse av LIS1-avtale (pkt. 11.1)"),
    "generisk": (frist_generisk, "Egen frist: en dato pluss/minus uker, måneder, år eller dager"),
}


def variant_name(variant: str) -> str:
    """A variant as a message names it: "overdragelse_pris" → "«pris for praksis (fra tilbudet ble mottatt)»"."""
    name = VALUE_NAMES.get(variant, variant)
    return f"«{name[:1].lower() + name[1:] if name[1:2].islower() else name}»"


def calculate_frist(variant: str, rules: RuleBook, **inputs: Any) -> CalcResult:
    try:
        func = VARIANTS[variant][0]
    except KeyError:
        raise InputError(
            f"Ukjent fristtype «{variant}». Tillatt: {', '.join(variant_name(v) for v in VARIANTS)}.", field="variant"
        ) from None
    try:
        return func(rules, **inputs)
    except OverflowError:
        raise InputError(f"Datoen havner utenfor gyldig område (år 1–9999). Sjekk «{field_name('fra_dato')}».",
                         field="fra_dato") from None


__all__ = ["VARIANTS", "calculate_frist", "shift", "variant_name"]
