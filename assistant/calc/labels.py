"""Norwegian names for the calculators' tools, inputs, values and variant codes.

The one table of what a user reads instead of an internal key: the page's calculation card and the
Markdown export (``assistant.ui``) and the calculators' own notes and refusals (``field_name``) all
use it, so a key such as ``barn_alder`` is never shown to a user.
"""
from __future__ import annotations

import re

# Calculator names, as the page titles their calculation cards.
TOOL_TITLES: dict[str, str] = {
    "basistilskudd": "Basistilskudd",
    "grunntilskudd": "Grunntilskudd",
    "utjamningstilskudd": "Utjamningstilskudd",
    "trekk": "Trekk i basistilskudd",
    "suspensjonstilskudd": "Suspensjonstilskudd",
    "timesats": "Timesats",
    "driftstilskudd": "Driftstilskudd",
    "barn_syk": "Dager med syke barn",
    "deleliste": "Delt liste",
    "lukket_liste": "Lukket liste",
    "frist": "Frist",
}

INPUT_LABELS: dict[str, str] = {
    "listeinnbyggere": "Listeinnbyggere",
    "dato": "Dato",
    "fra_dato": "Fra dato",
    "til_dato": "Til dato (regnes bakover)",
    "varslet_dato": "Varslet dato (regnes framover)",
    "variant": "Type frist",
    "arlig_kr": "Årlig (kr)",
    "maanedlig_kr": "Månedlig (kr)",
    "over_2500_uavklart": "Over 2 500 – uavklart",
    "utenfor_gyldighet": "Datoen er utenfor satsenes gyldighet",
    "satser_gjelder_fra": "Satsene gjelder fra",
    "satser_gjelder_til": "Satsene gjelder til",
    "sats_gjelder_fra": "Satsen gjelder fra",
    "arlig_kr_opptil_2500": "Årlig for de første 2 500 (kr)",
    "arlig_kr_med_544_over_2500": "Årlig med 544 kr også over 2 500 (kr)",
    "maanedlig_kr_med_544_over_2500": "Månedlig med 544 kr også over 2 500 (kr)",
    "nemnd_fra": "Nemnda kan fastsette prisen fra",
    "kan_trekkes_fra": "Kommunen kan trekke tilbudet fra",
    "ukedag": "Ukedag",
    "fridag": "Fridag",
    "listetak": "Listetak",
    "telledato": "Telledato",
    "utbetalt_senest": "Utbetalt senest",
    "maaned": "Måned",
    "maaneder": "Måneder",
    "uker": "Uker",
    "dager": "Dager",
    "ar": "År",
    "alder": "Alder",
    "fodselsdato": "Fødselsdato",
    "antall_barn": "Antall barn",
    "alene": "Alene om omsorgen",
    "kronisk": "Kronisk syk",
    "stillingsandel": "Stillingsandel",
    "andel": "Andel",
    "klasse": "Klasse",
    "kr_per_time": "Kroner per time",
    "trekk_prosent": "Trekk (prosent)",
    "trekk_maanedlig_kr": "Månedlig trekk (kr)",
    "maks_trekk_maanedlig_kr": "Største månedlige trekk (kr)",
    "grunntilskudd_arlig_kr": "Grunntilskudd årlig (kr)",
    "utjamning_arlig_kr": "Utjamningstilskudd årlig (kr)",
    "utjamning_maanedlig_kr": "Utjamningstilskudd månedlig (kr)",
    "utjamning_alle_hjemler_kr": "Utjamningstilskudd for alle hjemlene til sammen (kr per år)",
    "kommune_innbyggere": "Innbyggere i kommunen",
    "gjennomsnittsliste": "Gjennomsnittlig listelengde",
    "sum_listeinnbyggere": "Sum listeinnbyggere",
    "basistilskudd_gjennomsnitt_kr": "Basistilskudd ved gjennomsnittsliste (kr)",
    "basistilskudd_referanse_kr": "Basistilskudd til sammenligning (kr)",
    "fullt_arlig_kr": "Fullt årlig beløp (kr)",
    "minste_arlig_kr": "Minste årlige beløp (kr)",
    "berettiget": "Har rett",
    "tillatt": "Tillatt",
    "maks": "Største antall",
    "maks_totalt": "Største antall i alt",
    "deleliste_maks": "Største delte liste",
    "liste_ved_etablering": "Liste ved etablering",
    "gjelder_fra": "Gjelder fra",
    "gjelder_til": "Gjelder til",
    "oppsigelse_dato": "Oppsigelsen gitt",
    "oppsigelse_senest": "Oppsigelse senest",
    "tidligst_oppsigelse": "Tidligste oppsigelse",
    "avtale_start": "Dato avtalen ble inngått",
    "avtale_opphor_alder": "Avtalen opphører ved alder",
    "fratre_senest_alder": "Fratre senest ved alder",
    "forlenget_til_75": "Forlenget til 75 år",
    "forlengelser": "Forlengelser",
    "apnes_ved": "Åpnes ved",
    "retning": "Retning",
    "operasjon": "Regneoperasjon",
    "i_kraft": "I kraft",
    "apnes_na": "Åpnes nå",
    "faerre_for_apning": "Færre før listen åpnes",
    "arlig_med_gulv_kr": "Årlig med gulvet (kr)",
    "barn_alder": "Barnas alder",
    "barn_omfattet": "Barn som regnes med",
    "basistilskudd_arlig_kr": "Basistilskudd årlig (kr)",
    "forskjell_arlig_kr": "Forskjell årlig (kr)",
    "forskjell_maanedlig_kr": "Forskjell månedlig (kr)",
    "basistilskudd_maanedlig_kr": "Basistilskudd månedlig (kr)",
    "basistilskudd_siste_tre_maaneder": "Basistilskudd de siste tre månedene (kr)",
    "begrenset_av": "Begrenset av",
    "berettiget_alder": "Oppfyller alderskravet",
    "dager_alternativ_lesing": "Dager med den andre lesingen",
    "fem_ar_slutt": "Fem år fra start",
    "fornyelse": "Fornyet avtale",
    "fyller_70": "Fyller 70 år",
    "gjennomsnitt": "Gjennomsnitt",
    "gulv_brukt": "Gulvet brukt",
    "gulv_maanedlig_kr": "Gulv per måned (kr)",
    "helse": "Helsegrunner eller omsorgsansvar",
    "hjemler": "Fastlegehjemler",
    "maanedlig_etter_sats_kr": "Månedlig etter satsen (kr)",
    "maks_etter_25_prosent": "Største liste etter 25 %",
    "maks_nedtrapping_ar": "Lengste nedtrapping (år)",
    "nedtrapping_slutt": "Nedtrappingen slutter",
    "opphor": "Opphører",
    "oppsigelse_gitt": "Oppsigelsen gitt",
    "oppsigelsesfrist_maaneder": "Oppsigelsesfrist (måneder)",
    "oppsigelsesfrist_utlop": "Oppsigelsesfristen løper ut",
    "per_uke_kr": "Per uke (kr)",
    "senest_75": "Senest ved 75 år",
    "snitt_basistilskudd_maaned": "Gjennomsnittlig basistilskudd per måned (kr)",
    "spesialist": "Spesialist",
    "start_dato": "Startdato",
    "steg": "Steg",
    "sum_kr": "Sum (kr)",
    "timer": "Timer",
    "timer_per_uke": "Timer per uke",
    "tolkning_uavklart": "Tolkningen er uavklart",
}

# Values that are internal codes (the calculators' variant names) and their Norwegian names.
VALUE_NAMES: dict[str, str] = {
    "overdragelse_pris": "Pris for praksis (fra tilbudet ble mottatt)",
    "overdragelse_tilbakekall": "Kommunen kan trekke tilbudet (fra tilbudet ble gitt)",
    "kunngjoring": "Søknadsfrist etter kunngjøring",
    "hjemfall": "Hjemfall",
    "oppsigelse": "Oppsigelse",
    "avtale_opphor_alder": "Avtalen opphører ved alder",
    "deleliste": "Deleliste (nedtrapping)",
    "listereduksjon": "Reduksjon av lista",
    "palegg": "Pålegg om andre oppgaver",
    "basistilskudd_utbetaling": "Utbetaling av basistilskudd",
    "rammeavtale_varighet": "Rammeavtalens varighet",
    "okonomisk_samarbeid": "Avtale om økonomisk samarbeid",
    "lis1": "LIS1-avtale",
    "generisk": "Dato pluss eller minus en periode",
}


_KEY = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")


def label_for(key: str) -> str:
    """A readable Norwegian label for a calculator input/value key ("barn_alder" → "Barnas alder")."""
    return INPUT_LABELS.get(key, key.replace("_", " ").capitalize())


def field_name(field: str) -> str:
    """How a message names an input inside a sentence: "barn_alder" → "barnas alder".

    A name that is no key (a form passes its field's own label, "Antall listeinnbyggere") is kept as it is;
    a dotted path ("steg.0.uker") is named by its last key.
    """
    key = field.split(".")[-1] if "." in field else field
    if not _KEY.match(key):
        return field
    label = INPUT_LABELS.get(key) or VALUE_NAMES.get(key) or key.replace("_", " ")
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]  # "LIS1-avtale" keeps its capitals


def tool_title(name: str) -> str:
    """The Norwegian title of a calculator ("barn_syk" → "Dager med syke barn")."""
    return TOOL_TITLES.get(name, name.replace("_", " ").capitalize())


__all__ = ["INPUT_LABELS", "VALUE_NAMES", "TOOL_TITLES", "label_for", "field_name", "tool_title"]
