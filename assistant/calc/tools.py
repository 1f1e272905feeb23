"""Registry of calculator tools: typed input models (pydantic, extra="forbid") + Norwegian descriptions.

``TOOLS[name].run(inputs, today=None) -> CalcResult`` and ``run_tool(name, inputs, today=None)``.
Bad input raises ``InputError(message_no, field=...)``; the message names the field and the allowed range.
The descriptions double as docstrings for LLM tool calling (e.g. LangChain ``StructuredTool``).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, ValidationInfo, model_validator

from assistant.calc import deadlines, fravaer, liste, parse, satser, tilskudd
from assistant.calc.labels import field_name, tool_title
from assistant.calc.money import format_kr, round_kr, to_decimal
from assistant.calc.result import CalcResult, RatesNotInSources
from assistant.calc.rules import RuleBook, default_rules
from assistant.errors import InputError

MAX_LISTE = 10_000


def _opt(func: Callable[[Any, str], Any]) -> BeforeValidator:
    def validate(value: Any, info: ValidationInfo) -> Any:
        return None if value is None or value == "" else func(value, info.field_name or "verdi")

    return BeforeValidator(validate)


def _int(minimum: int, maximum: int) -> BeforeValidator:
    return _opt(lambda v, f: parse.parse_int(v, f, minimum, maximum))


DateIn = Annotated[date, _opt(parse.parse_date)]
OptDate = Annotated[date | None, _opt(parse.parse_date), Field(description="Dato (ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)")]
Bool = Annotated[bool, _opt(parse.parse_bool)]
Liste = Annotated[int, _int(1, MAX_LISTE), Field(description=f"Antall listeinnbyggere, 1–{MAX_LISTE}")]
Share = Annotated[float, _opt(parse.parse_share), Field(description="Andel 0–1 eller prosent (15 = 15 %)")]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BasistilskuddInput(_Input):
    listeinnbyggere: Liste
    dato: OptDate = None


class GrunntilskuddInput(_Input):
    listeinnbyggere: Annotated[int, _int(0, MAX_LISTE), Field(description="Antall på listen, 0–10000")]
    listetak: Annotated[int, _int(1, MAX_LISTE), Field(description="Listetaket for avtalen, 1–10000")]
    dato: OptDate = None
    avtale_start: OptDate = None


class UtjamningInput(_Input):
    kommune_innbyggere: Annotated[int, _int(1, 10_000_000), Field(description="Innbyggere i kommunen")]
    hjemler: Annotated[int | None, _int(1, 10_000), Field(description="Opprettede fastlegehjemler")] = None
    sum_listeinnbyggere: Annotated[int | None, _int(0, 10_000_000)] = None
    gjennomsnittsliste: Annotated[float | None, _opt(lambda v, f: parse.parse_number(v, f, 0, MAX_LISTE, exclusive_min=True))] = None
    dato: OptDate = None

    @model_validator(mode="after")
    def _need_average(self) -> UtjamningInput:
        if self.gjennomsnittsliste is None and (self.hjemler is None or self.sum_listeinnbyggere is None):
            raise InputError(
                f"Mangler grunnlag for gjennomsnittslisten: oppgi både «{field_name('sum_listeinnbyggere')}» og "
                "«hjemler» (antall opprettede hjemler, minst 1), eller «gjennomsnittsliste».",
                field="sum_listeinnbyggere" if self.sum_listeinnbyggere is None else "hjemler",
            )
        return self


class TrekkInput(_Input):
    listeinnbyggere: Liste
    trekk_prosent: Annotated[
        float | None, _opt(lambda v, f: parse.parse_number(v, f, 0, 100, exclusive_min=True)),
        Field(description="Trekket det spørres om, i prosent (uten: det største tillatte, 20 %)"),
    ] = None
    dato: OptDate = None


class SuspensjonInput(_Input):
    stillingsandel: Share
    dato: OptDate = None
    snitt_basistilskudd_maaned: Annotated[
        float | None, _opt(lambda v, f: parse.parse_number(v, f, 0, 1_000_000)),
        Field(description="Gjennomsnittlig basistilskudd per måned de siste tre månedene før suspensjonen (kr)"),
    ] = None
    basistilskudd_siste_tre_maaneder: Annotated[
        list[Annotated[float, _opt(lambda v, f: parse.parse_number(v, f, 0, 1_000_000))]] | None,
        Field(description="Basistilskuddet (kr) hver av de tre siste månedene før suspensjonen"),
    ] = None
    listeinnbyggere: Annotated[int | None, _int(1, MAX_LISTE),
                               Field(description="Listeinnbyggere de siste tre månedene før suspensjonen (gulvet)")] = None


class TimesatsInput(_Input):
    dato: OptDate = None
    spesialist: Bool = False
    timer: Annotated[float | None, _opt(lambda v, f: parse.parse_number(v, f, 0, 100_000, exclusive_min=True)),
                     Field(description="Antall utførte timer i alt")] = None
    timer_per_uke: Annotated[float | None, _opt(lambda v, f: parse.parse_number(v, f, 0, 168, exclusive_min=True)),
                             Field(description="Timer per uke (f.eks. 7,5)")] = None
    uker: Annotated[int | None, _int(1, 520), Field(description="Antall uker med timer per uke")] = None


class DriftstilskuddInput(_Input):
    klasse: Annotated[int, _int(1, 3), Field(description="Klasse 1, 2 eller 3")]
    andel: Share = 1.0
    dato: OptDate = None


def _ages(value: Any, info: ValidationInfo) -> Any:
    """One age or a list of ages (each 0–100) → list of ints; None stays None."""
    if value is None or value == "" or value == []:
        return None
    items = value if isinstance(value, (list, tuple)) else [value]
    return [parse.parse_int(v, info.field_name or "barn_alder", 0, 100) for v in items]


class BarnSykInput(_Input):
    antall_barn: Annotated[int, _int(1, 30), Field(description="Antall barn legen har omsorg for, 1–30")]
    alene: Bool = False
    kronisk: Bool = False
    barn_alder: Annotated[list[int] | None, BeforeValidator(_ages),
                          Field(description="Alderen til barnet (eller hvert barn) i år, 0–100")] = None


class DelelisteInput(_Input):
    liste_ved_etablering: Liste
    listetak: Annotated[int | None, _int(1, MAX_LISTE)] = None
    alder: Annotated[int | None, _int(18, 100), Field(description="Legens alder i år, 18–100")] = None
    fodselsdato: Annotated[date | None, _opt(parse.parse_date), Field(description="Legens fødselsdato")] = None
    start_dato: Annotated[date | None, _opt(parse.parse_date),
                          Field(description="Datoen delelisten (nedtrappingen) starter")] = None


class LukketListeInput(_Input):
    listetak: Annotated[int, _int(11, MAX_LISTE), Field(description="Listetaket, 11–10000")]
    listeinnbyggere: Annotated[int | None, _int(0, MAX_LISTE)] = None


class Steg(_Input):
    dager: Annotated[int | None, _int(0, 36_500)] = None
    uker: Annotated[int | None, _int(0, 5_200)] = None
    maaneder: Annotated[int | None, _int(0, 1_200)] = None
    ar: Annotated[int | None, _int(0, 100)] = None
    retning: Literal["etter", "for"] = "etter"


class FristInput(_Input):
    variant: str | None = Field(default=None, description="Fristtype: " + ", ".join(deadlines.VARIANTS))
    fra_dato: OptDate = None
    til_dato: Annotated[date | None, _opt(parse.parse_date),
                        Field(description="Datoen fristen skal nå fram til (søknadsfristen, ønsket sluttdato): regnes "
                                          "bakover til siste dag å handle (kunngjoring, oppsigelse)")] = None
    steg: list[Steg] | None = None
    maaned: Annotated[str | None, _opt(parse.parse_month)] = None
    fodselsdato: OptDate = None
    forlenget_til_75: Bool = False
    helse: Bool = False
    oppsigelse_dato: OptDate = None
    varslet_dato: Annotated[date | None, _opt(parse.parse_date),
                            Field(description="Datoen et pålegg ble varslet: regnes framover til tidligste oppstart "
                                              "(palegg)")] = None
    fornyelse: Bool = False
    oppsigelsesfrist_maaneder: Annotated[
        int | None, _int(1, 60),
        Field(description="Oppsigelsesfristen i måneder når spørsmålet oppgir den (rammeavtalen pkt. 16: 6)"),
    ] = None


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    input_model: type[BaseModel]
    func: Callable[[Any, RuleBook, date | None], CalcResult]

    def validate(self, inputs: dict[str, Any]) -> BaseModel:
        if not isinstance(inputs, dict):
            raise InputError(f"Inndata til «{tool_title(self.name)}» må være en tabell med feltnavn.", field=None)
        try:
            return self.input_model.model_validate(inputs)
        except ValidationError as exc:
            raise _input_error(self, exc) from None

    def run(self, inputs: dict[str, Any], today: date | None = None, rules: RuleBook | None = None) -> CalcResult:
        model = self.validate(inputs)
        try:
            return self.func(model, rules or default_rules(), today)
        except RatesNotInSources as e:  # a date before every rate period: say which periods the sources have
            return e.result


def _input_error(tool: Tool, exc: ValidationError) -> InputError:
    err = exc.errors()[0]
    loc = [str(p) for p in err.get("loc", ())]
    field = loc[0] if loc else None
    where = field_name(".".join(p for p in loc if not p.isdigit())) if loc else "inndata"
    allowed = ", ".join(field_name(f) for f in tool.input_model.model_fields)
    title = tool_title(tool.name)
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return InputError(f"Ukjent felt «{where}» for «{title}». Tillatte felt: {allowed}.", field=field)
    if kind == "missing":
        desc = tool.input_model.model_fields[field].description if field in tool.input_model.model_fields else None
        return InputError(f"Mangler «{where}» for «{title}»" + (f" ({desc})." if desc else "."), field=field)
    if kind == "literal_error":
        expected = str(err.get("ctx", {}).get("expected", "")).replace("' or '", "' eller '")
        return InputError(f"Ugyldig verdi for «{where}» (fikk «{err.get('input')}»): tillatt er {expected}.", field=field)
    return InputError(f"Ugyldig verdi for «{where}» i «{title}» (fikk «{err.get('input')}»).", field=field)


# ------------------------------------------------------------------ adapters (model → calculator)
def _basis(m: BasistilskuddInput, r: RuleBook, today: date | None) -> CalcResult:
    return tilskudd.calculate_basistilskudd(m.listeinnbyggere, r, m.dato)


def _grunn(m: GrunntilskuddInput, r: RuleBook, today: date | None) -> CalcResult:
    return tilskudd.calculate_grunntilskudd(m.listeinnbyggere, m.listetak, r, m.dato, m.avtale_start)


def _utjamning(m: UtjamningInput, r: RuleBook, today: date | None) -> CalcResult:
    return tilskudd.calculate_utjamningstilskudd(
        m.kommune_innbyggere, m.hjemler, r, m.sum_listeinnbyggere, m.gjennomsnittsliste, m.dato)


def _trekk(m: TrekkInput, r: RuleBook, today: date | None) -> CalcResult:
    return tilskudd.calculate_trekk(m.listeinnbyggere, r, m.trekk_prosent, m.dato)


def _suspensjon(m: SuspensjonInput, r: RuleBook, today: date | None) -> CalcResult:
    return tilskudd.calculate_suspensjonstilskudd(m.stillingsandel, r, m.dato, m.snitt_basistilskudd_maaned,
                                                  m.basistilskudd_siste_tre_maaneder, m.listeinnbyggere)


def _timesats(m: TimesatsInput, r: RuleBook, today: date | None) -> CalcResult:
    return satser.calculate_timesats(r, m.dato, m.spesialist, m.timer, m.timer_per_uke, m.uker)


def _drift(m: DriftstilskuddInput, r: RuleBook, today: date | None) -> CalcResult:
    return satser.calculate_driftstilskudd(m.klasse, m.andel, r, m.dato)


def _barn(m: BarnSykInput, r: RuleBook, today: date | None) -> CalcResult:
    return fravaer.calculate_barn_syk(m.antall_barn, r, m.alene, m.kronisk, m.barn_alder)


def _deleliste(m: DelelisteInput, r: RuleBook, today: date | None) -> CalcResult:
    return liste.calculate_deleliste(m.liste_ved_etablering, r, m.listetak, m.alder, m.fodselsdato, m.start_dato)


def _lukket(m: LukketListeInput, r: RuleBook, today: date | None) -> CalcResult:
    return liste.calculate_lukket_liste(m.listetak, r, m.listeinnbyggere)


def _frist(m: FristInput, r: RuleBook, today: date | None) -> CalcResult:
    variant = m.variant
    if variant is None:
        if m.steg:
            variant = "generisk"
        elif m.maaned:
            variant = "basistilskudd_utbetaling"
        else:
            raise InputError(f"Mangler {field_name('variant')} for «{tool_title('frist')}». Tillatt: "
                             + ", ".join(deadlines.variant_name(v) for v in deadlines.VARIANTS) + ".",
                             field="variant")
    kwargs: dict[str, Any] = {k: v for k, v in m.model_dump().items() if k != "variant" and v is not None}
    if m.steg is not None:
        kwargs["steg"] = [s.model_dump(exclude_none=True) for s in m.steg]
    if variant == "rammeavtale_varighet":
        kwargs["today"] = today
    return deadlines.calculate_frist(variant, r, **kwargs)


def _tool(name: str, model: type[BaseModel], func: Callable[..., CalcResult], description: str) -> Tool:
    return Tool(name, description.strip(), model, func)


TOOLS: dict[str, Tool] = {t.name: t for t in (
    _tool("basistilskudd", BasistilskuddInput, _basis, """
Regner ut årlig og månedlig basistilskudd for en fastlege etter statsavtalen (ASA 4301) 2022–2023 pkt. 2.1:
675 kr per listeinnbygger for de første 1 000, 544 kr fra nr. 1 001 og opptil 2 500. Månedsbeløp = 1/12,
utbetalt senest den 12. etter listen per den 1. Over 2 500 er satsen ikke avklart (flagges). Inndata:
listeinnbyggere (1–10000), dato (valgfri; datoer etter 30.6.2023 gir advarsel om at kildene mangler satser)."""),
    _tool("grunntilskudd", GrunntilskuddInput, _grunn, """
Grunntilskudd (statsavtalen pkt. 2.1): liste under 500 og listetak på minst 500 gir basistilskudd som for 500
listeinnbyggere, i stedet for basistilskudd, i inntil to år fra avtalen ble inngått. Inndata: listeinnbyggere,
listetak, dato (valgfri), avtale_start (valgfri)."""),
    _tool("utjamningstilskudd", UtjamningInput, _utjamning, """
Utjamningstilskudd (statsavtalen pkt. 2.2) i kommuner med under 5 000 innbyggere når gjennomsnittslisten er
under 1 200: basistilskudd for 1 200 minus basistilskudd for gjennomsnittslisten, likt for alle fastleger i
kommunen. Inndata: kommune_innbyggere, hjemler og sum_listeinnbyggere (eller gjennomsnittsliste), dato."""),
    _tool("trekk", TrekkInput, _trekk, """
Trekk i basistilskuddet ved avtalebrudd (rammeavtalen pkt. 15): kommunen kan holde tilbake inntil 20 % av
basistilskuddet hver måned til forholdet er rettet. Inndata: listeinnbyggere, trekk_prosent (valgfri; uten den
regnes det største tillatte trekket, 20 %), dato."""),
    _tool("suspensjonstilskudd", SuspensjonInput, _suspensjon, """
Tilskudd til leger der fastlegeordningen er suspendert (statsavtalen pkt. 2.4): 760 230 kr per år for fullt
kurativt årsverk, avkortet etter stillingsandel. Lege som var fastlege ved suspensjonen får likevel ikke lavere
tilskudd per måned enn gjennomsnittlig basistilskudd de siste tre månedene (gulv). Inndata: stillingsandel (0–1
eller prosent), dato, snitt_basistilskudd_maaned (valgfri, kr) eller basistilskudd_siste_tre_maaneder (valgfri,
tre beløp) eller listeinnbyggere (valgfri: lista de tre månedene; gulvet regnes av basistilskuddet for den)."""),
    _tool("timesats", TimesatsInput, _timesats, """
Timehonorar for andre allmennlegeoppgaver utført som næringsdrivende (rammeavtalen pkt. 12.5): 1 027 kr fra
1.1.2024; fra 1.7.2024 1 230 kr for spesialist i allmenn-/samfunnsmedisin og 1 075 kr for andre.
Timer × sats: timer (i alt) eller timer_per_uke (og uker) gir beløpet. Inndata: dato, spesialist (ja/nei),
timer, timer_per_uke, uker (alle valgfrie)."""),
    _tool("driftstilskudd", DriftstilskuddInput, _drift, """
Driftstilskudd for avtalespesialister (statsavtalen pkt. 3.1), klasse 1–3 (1 022 000 / 1 187 500 / 1 522 000
kr per år), forholdsmessig etter avtalt tid; avtaler under 1/5 av fullt tilskudd kan ikke inngås. Gir beløp
per år og per måned (1/12).
Inndata: klasse (1–3), andel (0–1 eller prosent), dato."""),
    _tool("barn_syk", BarnSykInput, _barn, """
Dager per kalenderår med fravær pga syke barn uten trekk i basistilskuddet (rammeavtalen pkt. 13.4): 10 dager,
15 ved mer enn to barn, 20 når barnet er kronisk sykt/funksjonshemmet (i setningen om mer enn to barn),
fordoblet når legen er alene om omsorgen. Gjelder barn under 12 år, eller under 16 år ved kronisk sykdom/
funksjonshemning. Inndata: antall_barn, alene, kronisk, barn_alder (valgfri: alderen til barnet eller hvert barn;
da telles bare barna som er omfattet)."""),
    _tool("deleliste", DelelisteInput, _deleliste, """
Deleliste (rammeavtalen pkt. 10.8): lege over 60 år kan dele listen; listen kan ikke økes mer enn 25 % fra
listelengden ved etablering og høyst 2 500 til sammen; fratre senest ved fylte 70, nedtrapping høyst 5 år:
nedtrappingen slutter på den tidligste av start + 5 år og 70-årsdagen. Inndata: liste_ved_etablering, listetak
(valgfri), alder (valgfri), fodselsdato (valgfri), start_dato (valgfri; datoen delelisten starter)."""),
    _tool("lukket_liste", LukketListeInput, _lukket, """
Lukket liste åpnes automatisk når antallet faller til 10 under listetaket (statsavtalen pkt. 2.3.2).
Inndata: listetak, listeinnbyggere (valgfri)."""),
    _tool("frist", FristInput, _frist, """
Frister etter rammeavtalen (ASA 4310) 2024–2025. variant: overdragelse_pris (fra_dato = tilbud mottatt, 5 uker),
overdragelse_tilbakekall (fra_dato = tilbud gitt, 5 uker), kunngjoring (3 uker), hjemfall (fra_dato =
oppsigelsesfristens utløp, 6 mnd; eller oppsigelse_dato = datoen oppsigelsen ble gitt: + oppsigelsesfristen
(6 mnd, eller oppsigelsesfrist_maaneder) = utløpet, + 6 mnd = hjemfall), oppsigelse (fra_dato = oppsigelse gitt,
6 mnd), avtale_opphor_alder (fodselsdato, 70/75 år), deleliste (fra_dato = delelisten starter, fodselsdato;
tidligste av 5 år og fylte 70), listereduksjon (fra_dato = reduksjonen gjelder fra; 6 mnd før, 3 mnd ved
helse=ja), palegg (fra_dato = oppstart; 4 uker før), basistilskudd_utbetaling (maaned ÅÅÅÅ-MM),
rammeavtale_varighet (fra_dato), okonomisk_samarbeid, lis1, generisk (fra_dato + steg [{"uker"|"maaneder"|"ar"|
"dager": n, "retning": "etter"|"for"}]).
Uker = 7 dager, måneder = kalendermåneder, fristdagen er dag 0; helg/helligdag flagges, flyttes ikke."""),
)}

# Alternative call shapes seen in practice: {"name": "kalkulator", "operasjon": ...} and
# {"name": "basistilskudd", "beregning": ...}; both are mapped onto the tools above.
OPERATION_ALIASES = {
    "deleliste_maks": "deleliste", "barn_syk_dager": "barn_syk", "utjamning": "utjamningstilskudd",
    "suspensjon": "suspensjonstilskudd", "lukket_liste_apnes": "lukket_liste", "grunn": "grunntilskudd",
}


def resolve_tool(name: str, inputs: dict[str, Any]) -> tuple[Tool, dict[str, Any]]:
    """Tool for ``name`` (with the alias shapes above), and the inputs without the selector key."""
    inputs = dict(inputs or {})
    selector = None
    if name == "kalkulator":
        selector = inputs.pop("operasjon", None)
    elif name == "basistilskudd" and "beregning" in inputs:
        selector = inputs.pop("beregning")
    if selector is not None:
        name = OPERATION_ALIASES.get(str(selector), str(selector))
    try:
        return TOOLS[name], inputs
    except KeyError:
        known = ", ".join(tool_title(t) for t in TOOLS)
        raise InputError(f"Ukjent beregning «{name.replace('_', ' ')}». Tilgjengelige: {known}.", field="tool") from None


# An amount for a span of months ("for et halvår", "fire utbetalinger"): the tool's yearly amount × months / 12
# (from the yearly figure, so the total is not off by the monthly rounding). The yearly amount of each tool:
_YEARLY: dict[str, Callable[[dict[str, Any]], Any]] = {
    "basistilskudd": lambda v: v.get("arlig_kr"),
    "grunntilskudd": lambda v: v.get("arlig_kr"),
    "driftstilskudd": lambda v: v.get("arlig_kr"),
    "utjamningstilskudd": lambda v: v.get("utjamning_arlig_kr"),
    "trekk": lambda v: v["arlig_kr"] * to_decimal(v["trekk_prosent"]) / 100,
    "suspensjonstilskudd": lambda v: v.get("arlig_med_gulv_kr") or v.get("arlig_kr"),  # the floor's, when it applies
}
SPAN_TOOLS = frozenset(_YEARLY)
MAX_MONTHS = 120


def over_months(result: CalcResult, months: int) -> CalcResult:
    """``result`` with its amount for ``months`` months: a step, a value and the summary's first words."""
    yearly = _YEARLY[result.tool](result.values) if result.tool in _YEARLY else None
    if yearly is None or not 1 < months <= MAX_MONTHS:
        return result
    total = round_kr(to_decimal(yearly) * months / 12)
    step = f"{format_kr(round_kr(to_decimal(yearly)))} per år × {months}/12 = {format_kr(total)} for {months} måneder"
    return replace(result, values={**result.values, "for_maaneder": months, "sum_for_maanedene_kr": total},
                   steps=(*result.steps, step), summary=f"For {months} måneder: {format_kr(total)}. {result.summary}")


def run_tool(name: str, inputs: dict[str, Any], today: date | None = None, rules: RuleBook | None = None) -> CalcResult:
    """Run a calculator; an input ``for_maaneder`` (a span of months asked about) adds the amount for that span."""
    tool, clean = resolve_tool(name, inputs)
    months = clean.pop("for_maaneder", None) if tool.name in _YEARLY else None
    result = tool.run(clean, today=today, rules=rules)
    return over_months(result, int(months)) if isinstance(months, int) else result


__all__ = ["Tool", "TOOLS", "run_tool", "over_months", "SPAN_TOOLS", "resolve_tool", "OPERATION_ALIASES"]
