"""Role and topic words for the calculators, in bokmål, nynorsk and English (a language resource, not rules).

A cue is a word prefix ("pasient" matches "pasienter", "pasientar") or, with a trailing "$", a whole word. A
cue with a space matches consecutive words. ``ROLE_CUES[role]`` are the words that, standing next to a value,
give it that role; ``TOPIC_CUES[topic]`` the words that name a calculator's subject.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

# Roles of numbers (counts, shares, amounts) and dates.
ROLE_CUES: dict[str, tuple[str, ...]] = {
    "listeinnbyggere": ("pasient", "patient", "listeinnbygg", "listepasient", "på lista", "på listen", "på lista$",
                        "på lista mi", "on my list", "on the list", "on his list", "on her list", "listed", "pas$",
                        "stk$", "personer på", "folk på", "innbyggere på list", "innbyggjarar på list", "lista er",
                        "lista mi er", "listen er", "lista var", "liste på", "liste med", "list of", "list is",
                        "listelengde", "listestørrelse", "lista på", "lista hans", "lista hennes", "lista til",
                        "har lista", "lista$", "listen$", "listetal", "list$"),
    "listetak": ("maximum list", "max list", "limit$", "listetak", "tak$", "taket", "tak på", "list cap", "cap$", "cap of", "ceiling", "listetaket"),
    "kommune_innbyggere": ("people live", "people in the municipality", "innbyggere$", "innbyggarar", "innbyggjarar", "innbyggjare", "innbyggere i", "residents",
                           "inhabitants", "kommune med", "kommune på", "kommunen har", "municipality of", "population",
                           "folketal", "innbyggertall", "innbyggjartal"),
    "hjemler": ("gp posts", "gp positions", "practices", "hjemler", "hjemmel", "heimlar", "heimel", "fastlegehjemler", "legehjemler", "fastleger$", "fastlegar$",
                "leger$", "legar$", "gps$", "doctors$", "posts$", "lister$", "listene$"),
    "sum_listeinnbyggere": ("combined", "total list", "til sammen", "til saman", "totalt", "samlet", "in total", "altogether", "i alt",
                            "på listene", "på listane", "on the lists", "listene er", "listane er"),
    "gjennomsnittsliste": ("snitt", "gjennomsnitt", "snittliste", "average", "mean", "i snitt", "per liste",
                           "average list length", "average list", "gjennomsnittlig listelengde", "snittlista",
                           "gjennomsnittslista", "gjennomsnittslisten",
                           "per lege", "gjennomsnittleg"),
    "stillingsandel": ("kurativ", "curative", "stilling", "klinisk", "position", "jobber", "jobbar", "arbeider",
                       "works", "work", "årsverk", "deltid", "time$"),
    "trekk_prosent": ("hold back", "retain", "trekk", "holde tilbake", "halde att", "holder tilbake", "held att", "withhold", "tilbakehold",
                      "deduct"),
    "andel": ("avtale", "driftsavtale", "hjemmel", "andel", "agreement", "share", "deltid"),
    "klasse": ("klasse", "class"),
    "antall_barn": ("barn$", "born$", "barna", "borna", "children", "kids", "unger", "ungar", "child$",
                    # a child named by who it is ("ein gut på 6 år", "a daughter of 9")
                    "gutt", "gut$", "gutar$", "jente", "sønn", "søn$", "sønner", "datter", "dotter", "døtre", "døtrer",
                    "son$", "sons$", "daughter", "boy$", "boys$", "girl$", "girls$"),
    "timer": ("timer", "timar", "hours", "t$", "time$", "hrs"),
    "snitt_basistilskudd": ("basistilskudd", "basistilskot", "basic grant", "snitt", "gjennomsnitt", "average",
                            "averaged", "i snitt"),
    # dates
    "fodselsdato": ("født", "fødd", "fodt", "fodd", "born", "fødselsdato", "bursdag", "birthday", "date of birth", "dob$"),
    "oppsigelse_levert": ("sa opp", "sier opp", "seier opp", "seia opp", "seie opp", "sagt opp", "sei opp", "si opp", "oppsigelse",
                          "oppseiing", "oppsagt", "resigned", "resign", "gave notice", "give notice", "gives notice",
                          "handed in", "levert", "leverer", "leverte", "gav notice", "notice on",
                          "notice$", "terminated", "terminate"),
    "frist_utlop": ("løper ut", "løp ut", "gikk ut", "går ut", "gjekk ut", "ended", "ends", "expires", "expired",
                    "runs out", "run out", "ran out", "lapses", "lapsed",
                    "utløp", "utløper", "ute$", "slutt$", "oppsigelsestid", "oppseiingstid", "oppsigelsesfrist",
                    "notice period"),
    "tilbud_mottatt": ("mottatt", "mottok", "mottak$", "arrived", "reached", "fikk tilbud", "fekk tilbod", "fikk tilbudet", "fekk tilbodet", "received",
                       "got the offer", "kom$", "fikk", "fekk", "got$", "tilbudet kom", "tilbodet kom"),
    "tilbud_gitt": ("made the offer", "sent the offer", "gitt", "ga tilbud", "gav tilbod", "ga$", "gav$", "sendt", "sendte", "sende$", "offered", "gave", "datert",
                    "dated", "tilbud gitt"),
    "kunngjort": ("kunngjør", "kunngjort", "kunngjord", "kunngjere", "kunngjorde", "kunngjøring", "kunngjer", "utlys", "lyser ut", "lyste ut", "lyst ut",
                  "advertis", "announced", "posted", "publisert", "lagt ut"),
    "soknadsfrist": ("søknadsfrist", "soknadsfrist", "application deadline", "søknadsfristen", "closing date",
                     "søknadsfrest", "frist for søknad", "apply by"),
    # the date an agreement is to have ended by (a deadline counted back from it); not the verbs of quitting
    # ("slutta 1. mars" may be the day notice was given or the day it ran out)
    "sluttdato": ("avslutte", "avslutta", "sluttdato", "siste arbeidsdag", "opphøre", "opphøyre", "være slutt",
                  "vere slutt", "være ferdig", "vere ferdig", "end on", "end by", "to end", "ending on", "ended by",
                  "finish on", "last working day", "over by"),
    "inngatt": ("entered into", "concluded", "began", "inngått", "inngikk", "signert", "signed", "starte", "starta", "started", "begynne", "begynte", "begynt",
                "fikk fastlegeavtale", "fekk fastlegeavtale", "siden$", "sidan$", "since", "from$", "fra$", "frå$",
                "tiltrådte", "oppstart", "contract on", "avtale fra", "avtalen fra"),
    "gjelder_fra": ("effective", "as of", "fra$", "frå$", "from$", "fra og med", "med virkning", "fom$", "starting", "fra dato",
                    "start date", "startdato", "startdatoen"),
    "betaling_maaned": ("for$", "basistilskudd for", "basistilskot for", "grant for"),
    "oppsigelsesfrist": ("oppsigelsesfrist", "oppsigelsestid", "oppseiingsfrist", "oppseiingstid", "notice period",
                         "period of notice", "months' notice", "months notice", "måneders oppsigelse", "månaders oppseiing",
                         "frist på", "notice of"),
    "arbeid_dato": ("utført", "utført i", "worked", "arbeid", "done on", "for arbeid"),
}

# Subjects of the calculators (and of deadline variants).
TOPIC_CUES: dict[str, tuple[str, ...]] = {
    "basistilskudd": ("capitation", "per-patient grant", "basistilskud", "basistilskot", "basic grant", "per capita", "basistilskott", "basis grant",
                      "basistilskudet"),
    "grunntilskudd": ("grunntilskud", "grunntilskot", "base grant", "minimum grant", "grunntilskudet"),
    "utjamning": ("utjamning", "utjevning", "equalisation", "equalization", "utjamnings", "utjevnings"),
    "trekk": ("trekk", "holde tilbake", "halde att", "holder tilbake", "held att", "withhold", "withold",
              "tilbakehold", "avtalebrudd", "avtalebrot", "breach", "brudd", "mislighold"),
    "suspensjon": ("suspensjon", "suspender", "suspendert", "suspended", "suspension", "suspendere"),
    "timesats": ("timesats", "timepris", "per time", "pr time", "pr. time", "hourly", "timebetaling", "timehonorar",
                 "per hour", "an hour", "timesatsen", "timar", "timer i uka", "hours a week", "invoice",
                 "fakturere", "andre allmennlegeoppg", "sykehjem", "sjukeheim", "nursing-home", "nursing home",
                 "helsestasjon", "health clinic"),
    "driftstilskudd": ("driftstilskud", "driftstilskot", "avtalespesialist", "operating grant", "driftsavtal"),
    "barn_syk": ("ill child", "child is ill", "child is sick", "kids are sick", "children are sick", "sick kid", "syke barn", "sykt barn", "sjukt barn", "sjuke born", "sjuke barn", "sykedager for barn",
                 "sick child", "sick-child", "sick children", "omsorgsdag", "barnets sykdom", "barn er sykt",
                 "barn som er sykt", "syk$", "sjuk$", "sick$"),
    "barn": ("barn", "born$", "children", "child", "unger", "kids"),
    "deleliste": ("split list", "split my list", "deleliste", "delt liste", "delte lister", "dele lista", "dele liste", "shared list", "delelista",
                  "share my list", "share the list", "dele listen"),
    "lukket_liste": ("lukket", "lukka", "closed", "åpner", "opnar", "open att", "åpen igjen", "reopen", "open igjen",
                     "åpne", "opne"),
    "overdragelse": ("transfer", "overdrag", "overta", "praksis", "kjøp", "selg", "sell", "buy", "takeover", "take over"),
    "tilbud": ("tilbud", "tilbod", "offer", "tilbudet", "tilbodet", "tilbudsbrev"),
    "pris": ("pris", "price", "enige", "einige", "agree", "nemnd", "overdragelsesbeløp", "beløp"),
    "tilbakekall": ("trekke tilbake", "trekkje tilbake", "trekke det tilbake", "tilbakekall", "withdraw", "akseptfrist",
                    "akseptere", "aksepter", "godta", "svare", "svar$", "accept", "respond", "trekkje",
                    "trekke tilbudet", "hvor lenge har", "kor lenge har"),
    "kunngjoring": ("kunngj", "utlys", "lyser ut", "lyse ut", "lyst ut", "advertis", "søknadsfrist", "soknadsfrist",
                    "application deadline"),
    "hjemfall": ("fall back", "return to the municipality", "reverts", "hjemfall", "heimfall", "revert", "hjemfalle", "heimfalle", "falle tilbake", "goes back"),
    "oppsigelse": ("oppsig", "oppseiing", "si opp", "sa opp", "sier opp", "seier opp", "sei opp", "seie opp",
                   "sagt opp", "notice", "resign", "slutte", "slutta", "terminate", "quit", "oppsagt"),
    "alder_opphor": ("70 år", "75 år", "alder", "pensjon", "70$", "75$", "aldersgrense", "age limit", "turning 70",
                     "fyller 70", "retire", "født", "fødd", "fodt", "born", "fødselsdato"),
    "listereduksjon": ("cut my list", "shrink", "lower my list", "fewer patients", "redusere lista", "redusere listen", "reduser", "reduksjon", "minske", "ned i liste",
                       "mindre liste", "smaller list", "reduce", "kortere liste", "færre pasienter",
                       "ned i listestørrelse", "redusera"),
    "palegg": ("oblig", "pålegg", "palegg", "pålegge", "tilplikt", "require", "instruct", "order me", "pålagt"),
    "utbetaling": ("utbetal", "betales", "betalt", "betale ut", "betalast", "paid", "pay out", "payment", "kommer",
                   "utbetaling"),
    "rammeavtale": ("rammeavtal", "asa 4310", "4310", "framework agreement"),
    "okonomisk_samarbeid": ("økonomisk samarbeid", "økonomiske avtalen", "økonomisk avtale", "økonomiske samarbeid",
                            "financial cooperation", "8.2-avtale", "pkt. 8.2", "punkt 8.2", "økonomiske avtale"),
    "lis1": ("lis1", "lis 1", "lis-1"),
}

# Question words that ask for a computed value: an amount, a count, a date, a duration.
ASKS_AMOUNT = ("hvor mye", "calculate", "amount", "what do i get", "what would", "kor mykje", "how much", "hva får", "kva får", "hva blir", "kva blir",
               "what's my", "what is my", "what will", "hva utgjør", "beregn", "regn ut", "rekn ut", "hvor stor",
               "kor stor", "hva er", "kva er", "what is", "what's", "hvor mange", "kor mange", "how many",
               "how big", "how large", "what does", "hvor mykje", "utgjør", "få i", "tjener", "get$", "gets$",
               "receive", "per år", "per måned", "i året", "i måneden", "annual", "monthly", "pr mnd", "per mnd", "i mnd", "per month",
               "per year", "hver måned", "kvar månad", "hvert år", "kvart år", "each month", "every month", "each year",
               "every year", "hva tjener", "hvilket antall", "what number", "at what", "ved hvilket", "blir det",
               "maximum", "maks", "høyeste", "høgaste", "største", "størst", "minimum", "lowest", "highest",
               "pay$", "paid$", "betale$", "betaler$")  # verbs of paying ask for an amount ("what do we pay her")
ASKS_DATE = ("dato", "kva dag", "hvilken dato", "kva dato", "which date", "what date", "by what date",
             "siste dag", "siste frist", "tidligst", "tidlegast", "seinast", "senest", "innen", "innan", "latest",
             "earliest", "frist", "deadline", "hvor sent", "kor seint", "hvor tidlig", "kor tidleg", "how early",
             "how soon", "til når", "til kva tid", "until when",
             "hvor lenge", "kor lenge", "how long", "last day", "løper ut", "går ut", "utløper", "slutter",
             "ferdig", "ute$", "end$", "ends$", "gjeldende", "gyldig", "gjaldt", "valid", "in force", "hvilken dag",
             "gjelder fortsatt", "fortsatt", "framleis", "still valid", "still in force", "gjeld framleis")
# "Gjelder rammeavtalen 1. desember 2026?": asks for a date's answer only when the question names a date.
ASKS_VALID_ON = ("gjelder$", "gjeld$", "gjaldt$", "applies", "apply$", "valid$")
# The user speaking of their own case; PERSONAL adds a particular doctor spoken of ("fastlegen", "she", "a GP").
FIRST_PERSON = ("jeg$", "eg$", "meg$", "min$", "mi$", "mitt$", "mine$", "vi$", "me$", "oss$", "vår$", "vårt$", "våre$",
                "i'm", "i've", "my$", "we$", "our$", "us$")
PERSONAL = FIRST_PERSON + ("legen$", "fastlegen$", "legen vår", "dr$", "hun$", "han$", "ho$", "she$", "he$", "her$",
                           "his$", "a doctor", "a gp", "en lege", "ein lege", "ei lege", "kommunen vår", "lista mi")

__all__ = ["ROLE_CUES", "TOPIC_CUES", "ASKS_AMOUNT", "ASKS_DATE", "ASKS_VALID_ON", "FIRST_PERSON", "PERSONAL"]


# ----------------------------------------------------------------------------------------------- cue matching
SHORT_PART = 3  # a word this short before another word of a cue is a whole word, not a stem ("lis 1" ≠ "listetak 1 000")


@lru_cache(maxsize=4096)
def cue_parts(cue: str) -> tuple[str, ...]:
    """A cue's words ("tak på" → ("tak", "på"); a hyphen separates words too). Each is a prefix (a stem), except
    one marked "$" and a short word followed by another: "lis 1" is the word "lis", "kor mange" the word "kor"."""
    parts = [p for p in re.split(r"[\s-]+", cue) if p]
    return tuple(p + "$" if i < len(parts) - 1 and len(p) <= SHORT_PART and not p.endswith("$") else p
                 for i, p in enumerate(parts))


def word_matches(token: str, cue_word: str) -> bool:
    """A prefix, a whole word ("tak$"), or the last part of a compound ("fastlegehjemler" ~ "hjemler")."""
    if cue_word.endswith("$"):
        return token == cue_word[:-1]
    return token.startswith(cue_word) or (len(cue_word) >= 5 and cue_word in token[2:])


def matches_at(tokens: Sequence[str], i: int, cue: Sequence[str]) -> bool:
    """The cue's words (``cue_parts``) stand at ``tokens[i:]``."""
    return 0 <= i and i + len(cue) <= len(tokens) and all(word_matches(tokens[i + k], c) for k, c in enumerate(cue))

# A length of time asked for (cues, read as word prefixes: "hvor mange dag" is "hvor mange dager" too): the planner's
# duration question and the evidence's duration answer type.
ASKS_DURATION = ("hvor lang", "hvor lenge", "kor lang", "kor lenge", "how long", "hvor mye tid", "kor mykje tid",
                 "how much time", "hvor mange dag", "hvor mange uke", "hvor mange måned", "hvor mange år", "kor mange dag",
                 "kor mange veke", "kor mange vek", "kor mange månad", "kor mange år", "how many day", "how many week",
                 "how many month", "how many year", "how much notice", "hvor mye varsel", "kor mykje varsel",
                 "hvor mye frist")
