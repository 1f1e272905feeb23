"""Plan a question: which calculator, with which typed inputs; or a question back; or a search.

``plan(question) -> Route`` reads the parsed ``Question`` (``question.py``) only. Every calculator (and every
deadline variant) is a ``Spec``: the subjects that name it (``lexicon.TOPIC_CUES``) and its inputs (``Slot``),
each filled by the mention whose role words fit best (``lexicon.ROLE_CUES``). The spec with the best subject
match, then the most inputs filled, wins: there is no first-match order. A missing required input, or a date
whose role is unclear, gives one short question back naming it; inputs already given are kept for the reply.
Pure: no tool is run here (see ``pipeline.py``).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ..calc.labels import field_name, tool_title
from .dates import format_date_nb
from .evidence import AUX_RE, answer_type
from .normalize import canonical_text, retrieval_text
from .sentences import content_stems, match_weight
from .lexicon import ASKS_AMOUNT, ASKS_DATE, ASKS_DURATION, ASKS_VALID_ON, FIRST_PERSON, PERSONAL, ROLE_CUES, TOPIC_CUES
from ..corpus.sentences import ABBREVIATIONS
from .lexicon import cue_parts as _parts
from .lexicon import matches_at as _match_at
from .lexicon import word_matches as _word_match
from .question import CONDITION_RE, NEGATIONS, WHEN_RE, WORD_RE, Mention, Question, asking_sentence
from .roles import NONE, accept_threshold, role_probs
from .roles import active_model as active_role_model
from .topics import active_model as active_topic_model
from .topics import NONE as TOPIC_NONE
from .topics import spec_key, topic_probs

# How near a role word must be: a number's noun stands next to it ("1 500 pasienter", "listetak på 800"); a date's
# verb may stand further off ("sa opp avtalen sin 15. januar").
ASKS_ANY = ASKS_AMOUNT + ASKS_DATE
# A question for a length of time ("hvor lenge", "how many weeks"), which a rule states; a date needs a case.
MIN_ROLE = {"number": 0.4, "percent": 0.3, "money": 0.3, "date": 0.2, "month": 0.2, "year": 0.2, "age": 0.2,
            "duration": 0.3}
DATE_KINDS = ("date", "month", "year")
DATE_ROLES = frozenset({"fodselsdato", "oppsigelse_levert", "frist_utlop", "tilbud_mottatt", "tilbud_gitt", "kunngjort",
                        "soknadsfrist", "sluttdato", "inngatt", "gjelder_fra", "betaling_maaned", "arbeid_dato"})
COUNT_BEFORE_NOUN = frozenset({"antall_barn"})  # "to barn", never "barn på 4" (that is an age)
ARTICLES = frozenset({"a", "en", "ein", "ei", "ett", "eitt", "one"})
ASSUMED_DATE_ELSEWHERE = 0.15  # the same for a date a deadline would be counted from: words up to 5 away count
STRONG_CUE = 0.5  # role words right next to a value (at most one word between)
ELSEWHERE = 0.3  # a value whose likeliest other role scores this much is not taken by default for an input


@dataclass(frozen=True)
class Route:
    """``kind`` is "tool" (run ``tool`` with ``inputs``), "follow_up" (ask ``follow_up``) or "search"."""

    kind: str
    tool: str | None = None
    inputs: dict[str, Any] = field(default_factory=dict)
    follow_up: str | None = None
    reason: str = ""
    assumptions: tuple[str, ...] = ()
    missing: str | None = None     # the input a follow-up asks for (kept with ``inputs`` for the reply)


SEARCH = Route("search")


# ----------------------------------------------------------------------------------------------- cue matching
# (``lexicon.cue_parts``, ``word_matches``, ``matches_at``: a cue's words as prefixes, "$" for a whole word)
def _part_re(part: str) -> str:
    if part.endswith("$"):
        return re.escape(part[:-1]) + r"(?!\S)"
    return (r"(?:\S{2,})?" if len(part) >= 5 else "") + re.escape(part) + r"\S*"


@lru_cache(maxsize=1024)
def _cue_re(cues: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a cue list (the same matches as ``_word_match`` word by word, but in one pass)."""
    alts = [r"\s+".join(_part_re(p) for p in _parts(c)) for c in cues if _parts(c)]
    return re.compile(r"(?<!\S)(?:" + "|".join(alts) + r")(?!\S)" if alts else r"(?!x)x")


@lru_cache(maxsize=65536)
def has_cue(tokens: tuple[str, ...], cues: tuple[str, ...]) -> bool:
    return _cue_re(tuple(cues)).search(" ".join(tokens)) is not None


# "fra", "from" name a start only when a time follows them: after a sender ("brev fra kommunen 10. januar", "a letter
# from the municipality on 3 May") they say who, not since when.
_PREPOSITIONS = frozenset({"fra$", "frå$", "from$"})
_SENDERS = ("kommun", "municipality", "council", "legen", "fastlegen", "helfo", "ks$", "statsforvalt", "arbeidsgiv",
            "employer", "sjefen", "leiinga", "ledelsen", "kontoret", "helsedirektorat")


def _sender_after(before: Sequence[str], i: int) -> bool:
    """``before`` (in reading order) holds a preposition at ``i`` whose object, the word after it, is a sender."""
    rest = [w for w in before[i + 1:i + 3] if w not in ("the", "a", "an", "my", "our", "min", "mi", "vår", "den")]
    return bool(rest) and any(_word_match(rest[0], c) for c in _SENDERS)


# Words that do not separate a value from its role word ("lista til legen er 900", "taket mitt er 1 000").
_GLUE = frozenset("er var blir is was are of the på til mi min mitt mine hans hennes hos vår vårt sin si sitt "
                  "ca cirka omtrent about around rundt akkurat exactly nå no now om lag".split())


def _distance(words: Sequence[str]) -> float:
    return sum(0.25 if w in _GLUE else 1.0 for w in words)


@lru_cache(maxsize=65536)
def role_score(m: Mention, role: str, among: tuple[str, ...] = ()) -> float:
    """How well ``m`` fits ``role`` among the roles ``among`` (the inputs of the calculator at hand): the fitted
    model's probability (``roles.py``, which reads the role words as one of its features) when one is shipped and
    ``among`` is given, else the role words' score alone. Below the model's acceptance threshold: 0."""
    cue = cue_score(m, role)
    if not among or (m.kind in DATE_KINDS) != (role in DATE_ROLES) or (m.raw.lower() in ARTICLES and cue == 0.0):
        return cue
    probs = role_probs(m)
    if not probs:
        return cue
    model = active_role_model()
    if model is not None and role not in model.roles:
        # a role the fitted model was never shown (a deadline counted back from its end): its own words decide,
        # and only when they fit better than the words of every other input of the calculator at hand
        rivals = [cue_score(m, r) for r in among if r != role]
        return cue if cue > max(rivals, default=0.0) else 0.0
    if model is not None and any(r not in model.roles and cue_score(m, r, after=False) > cue for r in among):
        return 0.0  # the words before it name an input the model cannot weigh (it never saw it): not this one
    total = sum(p for r, p in probs.items() if r in among or r == NONE)
    learned = probs.get(role, 0.0) / total if total else 0.0
    return learned if learned >= accept_threshold() else 0.0


@lru_cache(maxsize=65536)
def cue_score(m: Mention, role: str, after: bool = True) -> float:
    """1/(1 + words between the value and the nearest role word), 0 when none is within six words (``after``
    False: only the words before the value)."""
    if (m.kind in DATE_KINDS) != (role in DATE_ROLES):
        return 0.0
    before = [] if role in COUNT_BEFORE_NOUN else list(reversed(m.before))
    best = 0.0
    for cue in ROLE_CUES.get(role, ()):
        parts = _parts(cue)
        for i in range(len(before)):
            if _match_at(before, i, parts) and not (cue in _PREPOSITIONS and _sender_after(before, i)):
                best = max(best, 1 / (1 + _distance(before[i + len(parts):])))
        for i in range(len(m.after) if after else 0):
            if _match_at(m.after, i, parts):
                best = max(best, 1 / (1 + _distance(m.after[:i])) * 0.9)  # a role word after counts a little less
    if m.raw.lower() in ARTICLES and best < 0.9:
        return 0.0  # "en"/"one" counts only right before its noun ("one child", "ett barn")
    return best


# ----------------------------------------------------------------------------------------------- specs
@dataclass(frozen=True)
class Slot:
    key: str                       # the tool's input name
    roles: tuple[str, ...]         # roles that fill it (best score wins)
    kinds: tuple[str, ...]         # mention kinds accepted
    required: bool = False
    ask: str = ""                  # the question back when it is missing
    default_role: bool = False     # a value of this kind with no role word may fill it (stated as an assumption)
    articles: bool = False         # "one child", "ett barn": an article counts as 1 (small counts only)
    what: str = ""                 # how the answer names the input ("kunngjøringsdatoen")
    case: bool = True              # a value of the user's own case (a period asked about is not)
    stands_in: bool = False        # takes a date with no role words when the question asks for the default slot's own
                                   # date ("når må jeg senest levere oppsigelsen hvis jeg vil slutte 1. juli?")
    value: Callable[[Mention], Any] | None = None
    valid: Callable[[Mention], bool] | None = None
    # a total: the values listed with the one taken ("1 200, 1 000 og 1 160") add up; a list of values of this role
    # ("legene har 1 020, 870 og 1 050 pasienter": each a list's length) is such a total too
    sums: str = ""



@dataclass(frozen=True)
class Spec:
    tool: str
    topics: tuple[str, ...]        # every one must be named
    slots: tuple[Slot, ...] = ()
    variant: str | None = None
    asks: str = "amount"           # "amount" or "date": what a case question about it asks for
    extra: Callable[[Question, dict[str, Any]], dict[str, Any] | str | None] | None = None
    blocked_by: tuple[str, ...] = ()  # topics that make another spec the subject
    reads: tuple[str, ...] = ()    # roles its ``extra`` reads (hours for the timesats)


def _int(m: Mention) -> int:
    return int(round(float(m.value)))


def _iso(m: Mention) -> str:
    if m.kind == "month":
        return date(m.value[0], m.value[1], 1).isoformat()
    if m.kind == "year":
        return date(int(m.value), 1, 1).isoformat()
    return m.value.isoformat()


def _share(m: Mention) -> float:
    return round(float(m.value) / 100, 4)


def _count(lo: float, hi: float) -> Callable[[Mention], bool]:
    """A whole number in [lo, hi] fits the input; a negative one too, so the calculator can say why it cannot be."""
    return lambda m: m.is_int and (float(m.value) < 0 or lo <= float(m.value) <= hi)


_LIST = Slot("listeinnbyggere", ("listeinnbyggere",), ("number",), True,
             "Hvor mange listeinnbyggere (pasienter på lista) har legen? Skriv f.eks. «1 500».", value=_int,
             valid=_count(0, 10**6))
_DATO = Slot("dato", ("gjelder_fra", "arbeid_dato", "betaling_maaned"), ("date", "month", "year"), default_role=True,
             value=_iso, case=False, what="datoen satsene skal gjelde for")


def _frist_date(role: str, ask: str, key: str = "fra_dato", default: bool = False, what: str = "") -> Slot:
    return Slot(key, (role,), ("date",), True, ask, default_role=default, value=_iso, what=what)


NEGATION_REACH = 4  # words before a cue that a negation may stand, in its clause ("neither has any chronic illness")


RIVAL = 0.8  # a value scoring this share of the chosen one's role score (and of its own best role) is a rival: ask


def _flag(q: Question, yes: Sequence[str], no: Sequence[str] = ()) -> bool | None:
    """True when a ``yes`` word is named, False when a ``no`` word is, or a ``yes`` word only after a negation
    within ``NEGATION_REACH`` words; None when neither, or when the question says it is not known ("vet ikke om")."""
    toks = q.tokens()
    asked = _asked_words(q)
    if asked:  # what a yes/no clause asks about is not said of the case
        toks = tuple("" if i in asked else t for i, t in enumerate(toks))
    if no and has_cue(toks, no):
        # both named ("spesialist eller ikke-spesialist", "specialist vs non-specialist"): not decided
        rest = _cue_re(tuple(no)).sub(" ", " ".join(toks))
        return None if _cue_re(tuple(yes)).search(rest) else False
    starts = [i for i in range(len(toks)) for c in yes if _match_at(toks, i, _parts(c))]
    if not starts:
        return None
    said = [_negated(q, i) for i in starts]
    # named once as said and once as denied ("jeg er spesialist … og en kollega som ikke er spesialist?"): both
    # cases are named, as with a ``no`` word beside a ``yes`` word above: not decided
    return None if None in said or len(set(said)) > 1 else not said[0]


CONTRAST_WORDS = frozenset("men mens derimot but whereas however while".split())  # "… men brevet sier 1 530"
_CLAUSE_WORDS = CONTRAST_WORDS | {"og", "and"}  # where a clause ends for a negation


def _clause_start(q: Question, i: int) -> int:
    """The first word of word ``i``'s clause: after a punctuation mark or a clause word ("og", "men", "but")."""
    j = i
    while j > 0 and q.words[j - 1].text not in _CLAUSE_WORDS and not re.search(r"[.,;:!?]", q.raw[q.words[j - 1].end:q.words[j].start]):
        j -= 1
    return j


def _negated(q: Question, i: int) -> bool | None:
    """A negation stands before word ``i`` in its clause, at most ``NEGATION_REACH`` words back ("ingen av dei er
    kronisk sjuke"; not "ikke alene, men barnet er kronisk sykt")."""
    for j in range(i - 1, max(_clause_start(q, i), i - NEGATION_REACH) - 1, -1):
        w = q.words[j]
        if w.text in NEGATIONS:
            nxt = q.words[j + 1].text if j + 1 < len(q.words) else ""
            return None if nxt in _UNSURE else True  # "vet ikke om hun er spesialist": not known (asked), not denied
    return False


_UNSURE = frozenset("om whether if sikker sure".split())


def _asked_about(q: Question, i: int) -> bool:
    """Word ``i`` stands in a clause that asks yes or no ("do specialists get more?", "is it different if you're
    not a specialist?"): the clause opens with an auxiliary verb and its sentence ends with a question mark."""
    mark = q.raw.find("?", q.words[i].end)  # the clause runs on to the question mark ("1. juli" does not end it)
    return (mark >= 0 and not _CLAUSE_END.search(q.raw, q.words[i].end, mark)
            and bool(AUX_RE.match(q.words[_clause_start(q, i)].text)))


def _says_i(q: Question) -> bool:
    """An English question in the first person ("I"; the other first-person words are in ``FIRST_PERSON``)."""
    return q.language == "en" and re.search(r"\bI\b", q.raw) is not None


def _asked_words(q: Question) -> frozenset[int]:
    """The words of the clauses that ask yes or no (``_asked_about``)."""
    return frozenset(i for i in range(len(q.words)) if _asked_about(q, i))


# (a full stop after a word or a year ends its sentence in text typed in lower case too; "1. juli", "pkt. 2" do not)
_NOT_ENDS = "".join(rf"(?<!\b{a})" for a in sorted(ABBREVIATIONS) if a.isalpha() and len(a) >= 2)  # "evt.", "f.eks."
_CLAUSE_END = re.compile(r"[,;:!]|[.!](?=\s+[A-ZÆØÅ]|\s*$)|(?:(?<=[a-zæøå]{3})|(?<=\b\d{4}))" + _NOT_ENDS
                         + r"\.(?=\s+[a-zæøå])")


# A week as the unit of a rate ("i uka", "kvar veke", "every week", "weekly"), not a count of weeks ("i 4 uker").
_WEEK_WORDS = frozenset("uke uka uken veke veka week weekly ukentlig ukentleg vekentleg".split())


def _per_week(after: Sequence[str]) -> bool:
    return any(w in _WEEK_WORDS and not (i and after[i - 1].replace(",", "").isdigit())
               and not (i + 1 < len(after) and after[i + 1].isdigit()) for i, w in enumerate(after))  # not "uke 3"


# An indefinite count of hours ("noen timer", "nokre timar", "a few hours"): the count is the user's, not given.
_SOME = ("noen", "noe", "nokre", "nokon", "et par", "eit par", "flere", "fleire", "some", "a few", "several",
         "a couple of")
_SOME_HOURS = tuple(f"{some} {unit}" for some in _SOME for unit in ("timer", "timar", "hours"))


def _timesats_extra(q: Question, inputs: dict[str, Any]) -> dict[str, Any] | str | None:
    spes = _flag(q, ("spesialist", "specialist"), ("ikke spesialist", "ikkje spesialist", "non-specialist",
                                                  "not a specialist", "uten spesialist", "ikke-spesialist",
                                                  "utan spesialist", "ikkje-spesialist", "not yet a specialist"))
    on = date.fromisoformat(inputs["dato"]) if inputs.get("dato") else q.today
    if spes is None and on >= date(2024, 7, 1):
        return "Er legen spesialist i allmennmedisin (eller samfunnsmedisin)? Fra 1. juli 2024 er timesatsen ulik."
    out: dict[str, Any] = {"spesialist": bool(spes)}
    hours = [m for m in q.of_kind("number") if role_score(m, "timer") >= 0.45]
    if not hours and has_cue(q.tokens(), _SOME_HOURS):  # "noen timer": hours worked, but not how many
        out[ASK_KEY] = "Hvor mange timer gjelder det? Da regner jeg ut beløpet."
    if hours:
        weekly = _per_week(hours[0].after[:5])
        out["timer_per_uke" if weekly else "timer"] = float(hours[0].value)
        weeks = [m for m in q.of_kind("duration") if m.unit == "uker"]
        if weekly and weeks:
            out["uker"] = _int(weeks[0])
    if "dato" not in inputs:
        out["dato"] = q.today.isoformat()
    return out


def _suspensjon_extra(q: Question, inputs: dict[str, Any]) -> dict[str, Any] | None:
    """Basistilskudd before the suspension (the floor in statsavtalen 2.4): one average, or the three months."""
    amounts = [float(m.value) for m in q.of_kind("money", "number")
               if m.value >= 1000 and (m.kind == "money" or role_score(m, "snitt_basistilskudd") >= 0.3)]
    if len(amounts) == 3:
        return {"basistilskudd_siste_tre_maaneder": amounts}
    if len(amounts) == 1:
        return {"snitt_basistilskudd_maaned": amounts[0]}
    return {}


# A child said to have something ("7-åringen har cerebral parese", "my son has epilepsy"): a condition the flag words
# may not name, so whether it is a chronic illness or a disability is asked, not assumed
_CHILD_HAS = re.compile(r"(?<!\w)(?:barn\w*|born\w*|\w*-?åring\w*|sønn\w*|son\w*|dotter\w*|datter\w*|dattera|jente\w*|"
                        r"gutt\w*|child\w*|kid\w*|daughter\w*|\w+-year-olds?|eldste|yngste|minste)"
                        r"\s+(?:\w+\s+)?(?:har|has|lever med|lives with|with|med)\s+(?!\d)\w{4,}", re.I)


ASK_KEY = "_ask"  # in what an ``extra`` hook returns: a question about one more input, the rest being given
ASSUME_KEY = "_assume"  # … or a default it took for an input the question does not name, said in the first line


def _extra_inputs(more: dict[str, Any] | str | None) -> dict[str, Any]:
    """The inputs an ``extra`` hook returned, without its question (``ASK_KEY``) or its assumption (``ASSUME_KEY``)."""
    return {k: v for k, v in more.items() if k not in (ASK_KEY, ASSUME_KEY)} if isinstance(more, dict) else {}


def _barn_extra(q: Question, inputs: dict[str, Any]) -> dict[str, Any] | str | None:
    kronisk = _flag(q, ("kronisk", "chronic", "funksjonshem", "disab", "langvarig"))
    out: dict[str, Any] = {"alene": bool(_flag(q, ("alene", "aleine", "åleine", "single", "alone", "sole", "eneansvar"))),
                           "kronisk": bool(kronisk)}
    if kronisk is None and _CHILD_HAS.search(q.raw):  # asked, with what the question says kept
        del out["kronisk"]
        out[ASK_KEY] = "Har barnet en kronisk sykdom eller funksjonshemning? Det gir flere dager."
    count = next((m for m in q.mentions if m.kind == "number" and role_score(m, "antall_barn") >= 0.4), None)
    n = out.get("antall_barn") or inputs.get("antall_barn") or (int(count.value) if count else None)
    after = [m for m in q.mentions if count is not None and m.start > count.start and m is not count]
    ages = [_int(m) for m in after if m.is_int and 0 <= float(m.value) < 19
            and (m.kind in ("number", "age") or (m.kind == "duration" and m.unit == "ar"))]
    if n and len(ages) >= n:  # "to born på 4 og 9", "one child, aged 13": one age per child, the first n
        out["barn_alder"] = ages[:n]  # (a later "13-åringen" names one of them again)
    return out


def _deleliste_extra(q: Question, inputs: dict[str, Any]) -> dict[str, Any] | None:
    ages = q.of_kind("age")
    return {"alder": ages[0].value} if ages else {}


def _listereduksjon_extra(q: Question, inputs: dict[str, Any]) -> dict[str, Any] | str | None:
    helse = _flag(q, ("helse", "helsa", "sykdom", "sjukdom", "syk$", "sjuk", "omsorg", "health", "illness", "ill$",
                      "sick", "care for", "caring"),
                  ("over 60", "alder", "fyller", "demanding", "krevende", "krevjande", "belast", "arbeidsmengde"))
    if helse is None and q.of_kind("age"):
        helse = False  # the age is the reason given (pkt. 10.7: over 60 år)
    if helse is None:
        return ("Hvorfor skal lista reduseres: av helsegrunner eller omsorgsansvar (3 måneders varsel), eller av en "
                "annen grunn (6 måneder)?")
    return {"helse": helse}


def _alder_extra(q: Question, inputs: dict[str, Any]) -> dict[str, Any] | None:
    return {"forlenget_til_75": bool(_flag(q, ("75", "forleng", "extend", "extension", "prolong", "beyond 70",
                                               "utover 70", "etter 70", "over 70", "fortsette", "continue")))}


def _lis1_extra(q: Question, inputs: dict[str, Any]) -> dict[str, Any] | None:
    renewed = _flag(q, ("fornye", "fornya", "fornyet", "renew", "ny avtale", "andre avtale"),
                    ("første avtale", "første lis1", "første gang", "første gong", "fyrste", "first agreement",
                     "first lis1", "first time"))
    if renewed is None:  # an agreement is the first unless said to be renewed; the first line says so
        return {"fornyelse": False, ASSUME_KEY: "Jeg har regnet med at dette er den første LIS1-avtalen (minstetid 3 "
                                                "år); ved en fornyet avtale er minstetiden 2 år."}
    return {"fornyelse": renewed}


def _utbetaling_extra(q: Question, inputs: dict[str, Any]) -> dict[str, Any] | str | None:
    months = [m for m in q.mentions if m.kind in ("month", "date")]
    if not months:
        return "Hvilken måned gjelder utbetalingen? Skriv f.eks. «april 2025»."
    m = months[0]
    y, mo = m.value if m.kind == "month" else (m.value.year, m.value.month)
    return {"maaned": f"{y:04d}-{mo:02d}"}


def _varighet_extra(q: Question, inputs: dict[str, Any]) -> dict[str, Any] | str | None:
    if "fra_dato" in inputs:
        return {}
    if has_cue(q.tokens(), ("nå$", "no$", "now$", "i dag", "today", "fortsatt", "framleis", "still", "currently")):
        return {"fra_dato": q.today.isoformat()}
    return "Hvilken dato vil du vite om rammeavtalen gjelder på?"


# The date a deadline is counted back from ("søknadsfristen skal være 1. desember", "vil slutte 31. desember"): given
# it, the start date is not needed (the calculator gives the last day to act).
_UNTIL_SOKNADSFRIST = Slot("til_dato", ("soknadsfrist",), ("date",), value=_iso, what="søknadsfristen", stands_in=True,
                           ask="Hvilken dato skal søknadsfristen være?")
_UNTIL_SLUTT = Slot("til_dato", ("sluttdato",), ("date",), value=_iso, what="datoen avtalen skal være slutt",
                    stands_in=True, ask="Hvilken dato skal avtalen være slutt (den siste dagen)?")
# The day notice of a pålegg was given ("vi sendte varsel 2. mai"): counted forward to the earliest start.
_VARSLET = Slot("varslet_dato", ("oppsigelse_levert", "tilbud_gitt"), ("date",), value=_iso,
                what="datoen pålegget ble varslet", stands_in=True,
                ask="Hvilken dato ble (eller blir) pålegget varslet til legen? Fristen regnes fra den dagen.")

# The notice period a question states ("6 måneders oppsigelsesfrist"): the calculator counts with it and says so
# when it differs from pkt. 16.
_NOTICE_MONTHS = Slot("oppsigelsesfrist_maaneder", ("oppsigelsesfrist",), ("duration",), value=_int,
                      valid=lambda m: m.unit == "maaneder" and m.is_int and 1 <= float(m.value) <= 60)

_FRIST_TOPICS_ELSEWHERE = ("okonomisk_samarbeid", "lis1", "rammeavtale", "hjemfall")

SPECS: tuple[Spec, ...] = (
    Spec("basistilskudd", ("basistilskudd",), (_LIST, _DATO), blocked_by=("grunntilskudd", "utjamning", "trekk",
                                                                           "suspensjon", "deleliste")),
    Spec("grunntilskudd", ("grunntilskudd",), (
        _LIST, Slot("listetak", ("listetak",), ("number",), True, "Hva er listetaket (taket) for avtalen?", value=_int,
                    valid=_count(1, 10**6)),
        Slot("avtale_start", ("inngatt",), ("date",), value=_iso), _DATO)),
    Spec("utjamningstilskudd", ("utjamning",), (
        Slot("kommune_innbyggere", ("kommune_innbyggere",), ("number",), True,
             "Hvor mange innbyggere har kommunen? (Utjamningstilskudd gjelder kommuner under 5 000 innbyggere.)",
             value=_int, valid=_count(1, 10**8)),
        Slot("gjennomsnittsliste", ("gjennomsnittsliste",), ("number",), value=lambda m: float(m.value)),
        Slot("hjemler", ("hjemler",), ("number",), ask="Hvor mange fastlegehjemler har kommunen?", value=_int,
             valid=_count(1, 10**5)),
        Slot("sum_listeinnbyggere", ("sum_listeinnbyggere",), ("number",),
             ask="Hvor mange listeinnbyggere er det til sammen på fastlegelistene i kommunen?", value=_int,
             valid=_count(0, 10**8), sums="listeinnbyggere", what="listeinnbyggere på alle listene"),
        _DATO)),
    Spec("trekk", ("trekk",), (_LIST, Slot("trekk_prosent", ("trekk_prosent",), ("percent",), default_role=True,
                                           value=lambda m: float(m.value)), _DATO)),
    Spec("suspensjonstilskudd", ("suspensjon",), (
        Slot("stillingsandel", ("stillingsandel",), ("percent",), True,
             "Hvor stor stillingsandel (prosent kurativ stilling) jobber legen?", default_role=True, value=_share),
        _DATO, replace(_LIST, required=False)), extra=_suspensjon_extra),
    Spec("timesats", ("timesats",), (Slot("dato", _DATO.roles, _DATO.kinds, default_role=True, value=_iso, what=_DATO.what),),
         extra=_timesats_extra, reads=("timer",)),
    Spec("driftstilskudd", ("driftstilskudd",), (
        Slot("klasse", ("klasse",), ("number",), True, "Hvilken klasse (1, 2 eller 3) har driftstilskuddet?",
             value=_int, valid=_count(1, 3)),
        Slot("andel", ("andel", "stillingsandel"), ("percent",), default_role=True, value=_share), _DATO)),
    Spec("barn_syk", ("barn_syk",), (
        Slot("antall_barn", ("antall_barn",), ("number",), True, "Hvor mange barn har legen omsorg for?",
             value=_int, valid=_count(1, 30), articles=True),), extra=_barn_extra),
    Spec("frist", ("deleliste",), (
        Slot("fodselsdato", ("fodselsdato",), ("date",), True, "Når er legen født (fødselsdato)? Nedtrappingen "
             "slutter senest ved fylte 70 år.", value=_iso),
        Slot("fra_dato", ("inngatt", "gjelder_fra"), ("date",), True, "Fra hvilken dato starter delelisten?",
             value=_iso, default_role=True, what="datoen delelisten starter")), variant="deleliste", asks="date"),
    Spec("deleliste", ("deleliste",), (
        Slot("liste_ved_etablering", ("listeinnbyggere",), ("number",), True,
             "Hvor mange listeinnbyggere (hvor lang liste) har legen nå, ved etablering av delelista?",
             value=_int, valid=_count(1, 10**6)),
        Slot("listetak", ("listetak",), ("number",), value=_int, valid=_count(1, 10**6)),
        Slot("fodselsdato", ("fodselsdato",), ("date",), value=_iso),
        Slot("start_dato", ("inngatt", "gjelder_fra"), ("date",), value=_iso)), extra=_deleliste_extra),
    Spec("lukket_liste", ("lukket_liste",), (
        Slot("listetak", ("listetak",), ("number",), True, "Hva er listetaket (taket) for lista?", value=_int,
             valid=_count(1, 10**6)),
        Slot("listeinnbyggere", ("listeinnbyggere",), ("number",), value=_int, valid=_count(0, 10**6)))),
    # deadlines (the frist tool)
    Spec("frist", ("tilbud", "pris"), (_frist_date("tilbud_mottatt",
                                                  "Hvilken dato ble tilbudet mottatt (ikke datoen det ble sendt)?",
                                                  what="datoen tilbudet ble mottatt"),),
         variant="overdragelse_pris", asks="date", blocked_by=("tilbakekall",)),
    Spec("frist", ("tilbud", "tilbakekall"), (_frist_date("tilbud_gitt", "Hvilken dato ble tilbudet gitt (datert)?",
                                                          default=True, what="datoen tilbudet ble gitt"),),
         variant="overdragelse_tilbakekall", asks="date"),
    Spec("frist", ("kunngjoring",), (_frist_date("kunngjort", "Hvilken dato ble (eller blir) stillingen kunngjort?",
                                                 default=True, what="kunngjøringsdatoen"), _UNTIL_SOKNADSFRIST),
         variant="kunngjoring", asks="date"),
    Spec("frist", ("hjemfall",), (
        Slot("fra_dato", ("frist_utlop",), ("date",), value=_iso, what="datoen oppsigelsesfristen løper ut"),
        Slot("oppsigelse_dato", ("oppsigelse_levert",), ("date",), value=_iso, what="datoen oppsigelsen ble levert"),
        _NOTICE_MONTHS), variant="hjemfall",
         asks="date"),
    Spec("frist", ("oppsigelse",), (_frist_date("oppsigelse_levert", "Hvilken dato (hvilken dag) ble oppsigelsen "
                                                                     "levert?", default=True,
                                                    what="datoen oppsigelsen ble levert"), _UNTIL_SLUTT,
                                    _NOTICE_MONTHS),
         variant="oppsigelse", asks="date", blocked_by=_FRIST_TOPICS_ELSEWHERE + ("listereduksjon", "palegg", "alder_opphor")),
    Spec("frist", ("alder_opphor",), (_frist_date("fodselsdato", "Hvilken fødselsdato har legen (når er legen født)?",
                                                  key="fodselsdato", default=True, what="legens fødselsdato"),),
         variant="avtale_opphor_alder", asks="date", extra=_alder_extra,
         blocked_by=("deleliste", "listereduksjon", "timesats")),
    Spec("frist", ("listereduksjon",), (_frist_date("gjelder_fra", "Fra hvilken dato skal lista reduseres?",
                                                    default=True, what="datoen reduksjonen skal gjelde fra"),),
         variant="listereduksjon", asks="date", extra=_listereduksjon_extra),
    Spec("frist", ("palegg",), (Slot("fra_dato", ("gjelder_fra", "inngatt"), ("date",), True, "Fra hvilken dato (start) skal pålegget gjelde?",
                                         default_role=True, value=_iso, what="datoen pålegget skal gjelde fra"),
                                    _VARSLET),
         variant="palegg", asks="date"),
    Spec("frist", ("basistilskudd", "utbetaling"), (), variant="basistilskudd_utbetaling", asks="date",
         extra=_utbetaling_extra),
    Spec("frist", ("rammeavtale",), (Slot("fra_dato", ("gjelder_fra",), DATE_KINDS, default_role=True, value=_iso),),
         variant="rammeavtale_varighet", asks="date", extra=_varighet_extra),
    Spec("frist", ("okonomisk_samarbeid",), (
        _frist_date("inngatt", "Hvilken dato ble avtalen om økonomisk samarbeid inngått (startet)?", default=True,
                    what="datoen avtalen ble inngått"),
        Slot("oppsigelse_dato", ("oppsigelse_levert",), ("date",), value=_iso)),
         variant="okonomisk_samarbeid", asks="date"),
    Spec("frist", ("lis1",), (
        _frist_date("inngatt", "Hvilken dato startet LIS1-avtalen (og er den en fornyelse)?", default=True,
                    what="datoen LIS1-avtalen startet"),
        Slot("oppsigelse_dato", ("oppsigelse_levert",), ("date",), value=_iso)),
         variant="lis1", asks="date", extra=_lis1_extra),
)

_HJEMFALL_ASK = ("Hvilken dato sa legen opp (datoen oppsigelsen ble levert)? Hjemfall regnes fra "
                 "oppsigelsesfristens utløp; vet du heller datoen fristen løper ut, skriv «fristen løper ut <dato>».")


# ----------------------------------------------------------------------------------------------- filling
@dataclass
class _Fill:
    spec: Spec
    inputs: dict[str, Any]
    missing: list[Slot]
    used: int
    assumptions: list[str]
    unworded: int = 0  # required inputs filled by a value with no role words (placed by the fitted model alone)


def _role_of(m: Mention, roles: Sequence[str] = tuple(ROLE_CUES)) -> tuple[str, float]:
    """The role among ``roles`` that ``m`` most likely has, and how likely: the fitted model's probability for the
    roles it knows, the role words' score for the others (and for all when no model is shipped)."""
    probs = role_probs(m)
    scores = [(r, probs[r] if r in probs else cue_score(m, r)) for r in roles]  # roles the model lacks: their words
    return max(scores, key=lambda x: x[1]) if scores else ("", 0.0)


def _words_point_elsewhere(m: Mention, roles: Sequence[str], floor: float = ELSEWHERE) -> bool:
    """The role words next to ``m`` fit a role outside ``roles`` better than any of ``roles``, by at least ``floor``."""
    own = max((cue_score(m, r) for r in roles), default=0.0)
    other = max((cue_score(m, r) for r in ROLE_CUES if r not in roles), default=0.0)
    return other > own and other >= floor


@lru_cache(maxsize=256)
def _asked_date_roles(q: Question) -> frozenset[str]:
    """The date roles the question asks for: a date is asked ("når", "senest", "when … at the latest") and the
    asking sentence's words outside its conditions name the role ("levere oppsigelsen", "hand in my notice")."""
    start, text = asking_sentence(q.raw)
    asking = _asking_words(q, (start, start + len(text)))
    if "date" not in _asked_types(asking):
        return frozenset()
    return frozenset(r for r in DATE_ROLES if r in ROLE_CUES and has_cue(asking, ROLE_CUES[r]))


def _fits(slot: Slot, m: Mention) -> bool:
    if m.raw.lower() in ARTICLES and not slot.articles:
        return False
    if m.kind == "number" and m.bound:
        return False  # "under 5000 innbyggere" is a limit: computing from 5 000 would state a fact the user did not give
    return m.kind in slot.kinds and (slot.valid is None or slot.valid(m))


def _fill(spec: Spec, q: Question) -> _Fill:
    """Give each slot the mention whose role words fit it best, best pairs first (not in slot order)."""
    among = tuple(sorted({r for sl in spec.slots for r in sl.roles}))
    # the date the question asks for is not a date it gives: a date without role words is not assumed to be the
    # input whose role the asking clause names ("når må jeg senest levere oppsigelsen hvis jeg vil slutte 1. juli?");
    # the spec's other date (``Slot.stands_in``: the end the notice must reach) takes it instead
    asked = _asked_date_roles(q) if any(sl.default_role for sl in spec.slots) else frozenset()
    asked_inputs = {si for si, sl in enumerate(spec.slots) if sl.default_role and set(sl.roles) & asked}
    # where the spec has a stand-in date, the asked input is not filled by the fitted model alone either: its
    # date must carry its own role words ("vi sendte varsel 2. mai …; fra hvilken dato kan pålegget gjelde?")
    asked_slots = asked_inputs if any(sl.stands_in for sl in spec.slots) else set()
    chosen: dict[int, int] = {}
    while True:
        # one value an input, one input a value: a role already taken is no longer among a value's choices, so
        # the rest of its probability goes to the inputs still open ("320 på lista, taket er 1 000")
        taken = {r for si in chosen for r in spec.slots[si].roles}
        open_among = tuple(r for r in among if r not in taken)
        pairs = [(max(role_score(m, r, open_among) for r in slot.roles), si, mi)
                 for si, slot in enumerate(spec.slots) if si not in chosen
                 for mi, m in enumerate(q.mentions) if mi not in chosen.values() and _fits(slot, m)]
        pairs = [p for p in pairs if p[0] >= MIN_ROLE.get(q.mentions[p[2]].kind, 0.3)
                 and not (p[1] in asked_slots and max(cue_score(q.mentions[p[2]], r) for r in spec.slots[p[1]].roles)
                          < MIN_ROLE.get(q.mentions[p[2]].kind, 0.3))]
        if not pairs:
            break
        _score, si, mi = max(pairs)
        chosen[si] = mi
    by_score = dict(chosen)
    assumptions: list[str] = []
    open_roles = {r for si, slot in enumerate(spec.slots) if si not in chosen for r in slot.roles}
    blocked = asked_inputs - set(chosen)
    for si, slot in enumerate(spec.slots):
        if si in chosen or si in blocked or not (slot.default_role or (blocked and slot.stands_in)):
            continue
        free = [mi for mi, m in enumerate(q.mentions) if _fits(slot, m) and mi not in chosen.values()
                and m.alternative is None]  # "2024–2025" names a period (an agreement's), not one date
        # a value whose role words point elsewhere (another open input of this tool, or another role) is not taken
        filled_roles = {r for sj, other in enumerate(spec.slots) if sj in chosen for r in other.roles}
        others = tuple(open_roles - set(slot.roles) - (asked if slot.stands_in else set()))
        # nor one whose words, however far, fit another open input of this calculator better than this one
        free = [mi for mi in free if max((cue_score(q.mentions[mi], r) for r in others), default=0.0)
                <= max(cue_score(q.mentions[mi], r) for r in slot.roles)]
        # nor one whose own words name another role ("siden 1998": when the practice began, not the period asked)
        # (a date the answer would be counted from must not be assumed when any words near it name another role:
        # "fikk brev fra kommunen 10. januar" is when a letter came, not when the pålegg starts)
        floor = ASSUMED_DATE_ELSEWHERE if slot.required and slot.kinds == ("date",) else ELSEWHERE
        own = tuple(slot.roles) + (tuple(asked) if slot.stands_in else ())  # an asked role's words are the asking
        free = [mi for mi in free if not _words_point_elsewhere(q.mentions[mi], own, floor)]
        free = [mi for mi in free if _role_of(q.mentions[mi], others)[1] < ELSEWHERE
                and (_role_of(q.mentions[mi])[1] < ELSEWHERE or _role_of(q.mentions[mi])[0] in filled_roles | set(own))]
        if len(free) == 1:
            chosen[si] = free[0]
            open_roles -= set(slot.roles)
            if (slot.required or slot.stands_in) and slot.kinds == ("date",):
                assumptions.append(f"Jeg har lest {_shown(q.mentions[free[0]])} som {_what(slot)}.")
    for si, slot in enumerate(spec.slots):
        if not slot.sums or si in chosen:
            continue
        for mi, m in enumerate(q.mentions):  # a list of the summed role's values, none of them taken by an input
            listed = _listed_with(q, mi) if _fits(slot, m) and mi not in chosen.values() else []
            if (len(listed) > 1 and listed[-1] is m and not {q.mentions.index(x) for x in listed} & set(chosen.values())
                    and _role_of(m)[0] in (slot.sums, *slot.roles)):
                chosen[si] = mi
                break
    # a total taken from a list of values ("1 200, 1 000 og 1 160 på listene"): the list is one input's, all of it
    summed: dict[int, list[Mention]] = {}
    for si, slot in enumerate(spec.slots):
        listed = _listed_with(q, chosen[si]) if slot.sums and si in chosen else []
        if len(listed) > 1:
            ids = {q.mentions.index(x) for x in listed}
            chosen = {sj: mj for sj, mj in chosen.items() if sj == si or mj not in ids}
            by_score = {sj: mj for sj, mj in by_score.items() if sj in chosen and chosen[sj] == mj}
            summed[si] = listed
    in_sums = {q.mentions.index(x) for listed in summed.values() for x in listed}
    unworded = 0
    placed, years = [], []  # say what was read without a role word (by the fitted model alone), and a year as a day
    for si, mi in sorted(chosen.items()):
        slot, m = spec.slots[si], q.mentions[mi]
        if m.kind == "year" and slot.value is _iso:
            years.append(f"Jeg har regnet med {format_date_nb(date(int(m.value), 1, 1))} for «{m.raw}»; "
                         f"satser og regler kan skifte i løpet av året.")
        elif si in by_score and si not in summed and max(cue_score(m, r) for r in slot.roles) < MIN_ROLE.get(m.kind, 0.3):
            placed.append(f"Jeg har lest {_shown(m)} som {_what(slot)}.")
            unworded += slot.required
    assumptions = placed + assumptions + years + [
        f"Jeg har lagt sammen {', '.join(_shown(x) for x in listed[:-1])} og {_shown(listed[-1])} til "
        f"{_shown(float(sum(x.value for x in listed)))} {_what(spec.slots[si])}." for si, listed in summed.items()]
    ambiguous = None
    for si, mi in chosen.items():
        slot, m = spec.slots[si], q.mentions[mi]
        score = max(role_score(m, r, among) for r in slot.roles)
        rivals = [x for xi, x in enumerate(q.mentions) if xi not in chosen.values() and xi not in in_sums
                  and _fits(slot, x) and x.value != m.value
                  and x.raw.lower() not in ARTICLES
                  and max(role_score(x, r, among) for r in slot.roles) >= max(MIN_ROLE.get(x.kind, 0.3), RIVAL * score,
                                                                       RIVAL * _role_of(x)[1])]
        if not rivals and slot.required and (m.kind == "date" or (isinstance(m.value, (int, float)) and m.value)):
            # "1 480 på lista, men brevet sier 1 530", "postet 27. juni, men kommunen stemplet den mottatt 2. juli": a
            # value of the same kind and size that no input took, set against the one taken by a contrast ("men",
            # "but"): two reports of one fact, not two facts; which one counts is asked back
            rivals = [x for xi, x in enumerate(q.mentions) if xi not in chosen.values() and x.kind == m.kind
                      and _fits(slot, x) and x.value != m.value and _alike(m, x)
                      and _CONTRAST_RE.search(q.raw[min(m.end, x.end):max(m.start, x.start)])
                      and (m.kind == "date" or _role_of(x)[1] < ELSEWHERE or _role_of(x)[0] in slot.roles)]
        if slot.case and m.alternative is not None:
            rivals = [m.alternative]
        elif not slot.required:
            rivals = []
        if rivals:
            ambiguous = Slot(slot.key, (), slot.kinds, True,
                             f"Du nevner flere verdier som kan være {_what(slot)}: {_shown(m)} og {_shown(rivals[0])}. "
                             f"Hvilken skal jeg bruke?")
        elif slot.required and m.kind in DATE_KINDS:
            other, other_score = _role_of(m)
            own = {r for sj in chosen if sj != si for r in spec.slots[sj].roles} | set(slot.roles)
            if other not in own and other_score > max(score, ELSEWHERE):  # it points to another role more clearly
                ambiguous = Slot(slot.key, (), slot.kinds, True, slot.ask or f"Er {_shown(m)} {_what(slot)}?")
    inputs: dict[str, Any] = {}
    for si, slot in enumerate(spec.slots):
        if si in chosen:
            m = q.mentions[chosen[si]]
            inputs[slot.key] = slot.value(m) if slot.value else m.value
            if si in summed:
                total = sum(x.value for x in summed[si])
                inputs[slot.key] = slot.value(replace(m, value=total)) if slot.value else total
    missing = _missing(spec, inputs, stand_in=bool(blocked))
    if ambiguous is not None:
        missing.insert(0, ambiguous)
        inputs.pop(ambiguous.key, None)  # asked again: not kept as given
    return _Fill(spec, inputs, missing, sum(1 for si in chosen if spec.slots[si].case), assumptions, unworded)


_LIST_GLUE = re.compile(r"\s*(?:,|,?\s*(?:og|and|&))\s*$")


def _listed_with(q: Question, mi: int) -> list[Mention]:
    """The values of the same kind listed together with mention ``mi`` ("1 200, 1 000 og 1 160"), in order. A list
    ends with "og"/"and" before its last value; a comma alone ("3 360, 3 hjemler og …") separates clauses."""
    ms, m = q.mentions, q.mentions[mi]
    lo = hi = mi
    while lo > 0 and ms[lo - 1].kind == m.kind and _LIST_GLUE.match(q.raw[ms[lo - 1].end:ms[lo].start]):
        lo -= 1
    while hi + 1 < len(ms) and ms[hi + 1].kind == m.kind and _LIST_GLUE.match(q.raw[ms[hi].end:ms[hi + 1].start]):
        hi += 1
    ends = [k for k in range(lo + 1, hi + 1) if re.search(r"\b(?:og|and)\b|&", q.raw[ms[k - 1].end:ms[k].start])]
    if not ends or ends[0] < mi:
        return [m]
    return list(ms[lo:ends[0] + 1])


def _missing(spec: Spec, inputs: dict[str, Any], stand_in: bool = False) -> list[Slot]:
    """The required inputs ``inputs`` lacks, in the order they are asked for. ``stand_in``: the question asks for
    the start date itself, so a stand-in date (``Slot.stands_in``) the deadline is counted from replaces it."""
    missing = [slot for slot in spec.slots if slot.required and slot.key not in inputs]
    if "til_dato" in inputs or (stand_in and any(sl.stands_in and sl.key in inputs for sl in spec.slots)):
        missing = [sl for sl in missing if sl.key != "fra_dato"]  # counted from its other date: no start needed
    if spec.variant == "hjemfall" and "fra_dato" not in inputs and "oppsigelse_dato" not in inputs:
        # one question with one meaning: a bare date in the reply is the day notice was given; a reply that says
        # "fristen løper ut 15. januar" fills the end of the notice period by its role words (``fill_reply``)
        missing.append(Slot("oppsigelse_dato", (), ("date",), True, _HJEMFALL_ASK))
    if spec.tool == "utjamningstilskudd" and "gjennomsnittsliste" not in inputs and not (
            "hjemler" in inputs and "sum_listeinnbyggere" in inputs):
        one = next((sl for sl in spec.slots for given, other in (("hjemler", "sum_listeinnbyggere"),
                                                                 ("sum_listeinnbyggere", "hjemler"))
                    if given in inputs and sl.key == other), None)
        missing.append(one or Slot("gjennomsnittsliste", (), ("number",), True,
                                   "Hva er gjennomsnittlig listelengde i kommunen (eller antall hjemler og "
                                   "listeinnbyggere til sammen på listene)?"))
    return missing


def _specs_for(tool: str, inputs: dict[str, Any]) -> list[Spec]:
    """The specs of a calculator call already made or asked for (its variant is among its inputs)."""
    return [sp for sp in SPECS if sp.tool == tool and sp.variant == inputs.get("variant")]


def still_missing(tool: str, inputs: dict[str, Any]) -> Route | None:
    """After a reply filled the input asked for: the question back for the next input still missing, if any."""
    for spec in _specs_for(tool, inputs)[:1]:
        missing = _missing(spec, inputs)
        if missing:
            return _ask(spec, missing[0].ask, {k: v for k, v in inputs.items() if k != "variant"}, missing[0].key)
    return None


def _alike(m: Mention, x: Mention) -> bool:
    """Two values close enough to be two reports of one fact: dates within a year, numbers within 25 %."""
    if m.kind == "date":
        return abs((x.value - m.value).days) <= 366
    return isinstance(x.value, (int, float)) and 0.8 <= x.value / m.value <= 1.25


def _what(slot: Slot) -> str:
    """"Hvilken dato ble tilbudet gitt (datert)?" → "datoen tilbudet ble gitt (datert)"."""
    if slot.what:
        return slot.what
    asked = slot.ask.split("?")[0]
    text = re.sub(r"^Hvor mange (\w+) .*", r"antall \1", asked)
    text = re.sub(r"^(?:Fra )?[Hh]vilken dato(?: \(hvilken dag\))? ", "datoen ", text)
    if slot.ask and text != asked:
        return text
    return field_name(slot.key)  # the input's own name ("listetak", "fødselsdato", "oppsigelsen gitt")


def _shown(m: Any) -> str:
    if isinstance(m, date):
        return format_date_nb(m)
    if not isinstance(m, Mention):
        return f"{m:,.0f}".replace(",", " ") if isinstance(m, float) and m.is_integer() else str(m)
    return format_date_nb(m.value) if m.kind == "date" else m.raw


def _words(text: str) -> tuple[str, ...]:
    """The words of ``text`` as the parse reads them."""
    return tuple(WORD_RE.findall(text.replace("\u2019", "'").lower()))


def _asked_clause(q: Question) -> tuple[str, ...]:
    """The words of the sentence that asks."""
    return _words(asking_sentence(q.raw)[1])


TOTAL_WORDS = ("totalt", "samlet", "samla", "til sammen", "til saman", "i alt", "in total", "altogether", "total$")


def _asked_span(q: Question) -> int | None:
    """The months an amount is asked for: a span named in the sentence that asks ("for et halvår?"), or anywhere
    when that sentence asks for a total ("… fire utbetalinger så langt. Hva er samlet beløp?"); not a span told
    about the case ("har vært fastlege i 6 måneder. Hva får jeg i basistilskudd?")."""
    if q.span_months is None:
        return None
    months, at = q.span_months
    return months if at >= asking_sentence(q.raw)[0] or has_cue(_asked_clause(q), TOTAL_WORDS) else None


# A value this sure of a role that one calculator alone takes names that calculator ("klasse 3", "retain 10 %"),
# when no word names any calculator's subject (a named subject scores 1 or 1.5; ``IMPLIED_SCORE`` weighs implied
# subjects against the topic model's, ``plan``). Chosen 2026-12-06 on
# roles_d–f (never fitted on) through plan, with the implied subjects added to the named ones: 0.9 right
# 157→160/185, wrong 12; 0.8 161 and 13; 0.7 161 and 13 (5-fold on the training files 340/394, wrong 13–14). Added
# to named subjects, they outvoted them ("Avtalen skal være slutt 30. april. Når må jeg senest levere
# oppsigelsen?" went to hjemfall): used only when no calculator is named, roles_d–f 159/185, wrong 12.
IMPLIED = 0.9
IMPLIED_SCORE = 0.5


@lru_cache(maxsize=1)
def _subjects_of_roles() -> dict[str, tuple[str, ...]]:
    """Each role that the inputs of one subject alone have (its topics), from ``SPECS``."""
    by_role: dict[str, set[tuple[str, ...]]] = {}
    for spec in SPECS:
        for role in {r for sl in spec.slots for r in sl.roles} | set(spec.reads):
            by_role.setdefault(role, set()).add(spec.topics)
    return {r: next(iter(t)) for r, t in by_role.items() if len(t) == 1}


def _likeliest_role(m: Mention) -> tuple[str | None, float]:
    """The role the fitted model finds likeliest for ``m`` (other than none), and its probability."""
    probs = {r: p for r, p in role_probs(m).items() if r != NONE}
    role = max(probs, key=probs.__getitem__, default=None)
    return role, (probs[role] if role is not None else 0.0)


def _implied_topics(q: Question) -> dict[str, float]:
    """Subjects that no word names, but a value's role does: the fitted role model is sure of the role, and one
    calculator alone has an input of that role."""
    subjects = _subjects_of_roles()
    out: dict[str, float] = {}
    for m in q.mentions:
        role, p = _likeliest_role(m)
        if role is not None and p >= IMPLIED and role in subjects:
            out.update({t: IMPLIED_SCORE for t in subjects[role]})
    return out


def names_subject(q: Question) -> bool:
    """Some calculator's subject is named in words."""
    return bool(_topic_hits(q))


def _topic_hits(q: Question) -> dict[str, float]:
    """Each named subject: 1, or 1.5 when the asking sentence names it."""
    toks = q.tokens()
    canon = tuple(q.text.replace("-", " ").split())  # "8.2-avtale" as the cue's parts "8.2" "avtale"
    asked = _asked_clause(q)
    hits = {}
    for t, cues in TOPIC_CUES.items():
        if has_cue(toks, cues) or has_cue(canon, cues):
            hits[t] = 1.5 if has_cue(asked, cues) else 1.0
    counted = _counted_stems(q)
    if counted:  # a calculator whose title counts what is asked and whose other title words the question has
        stems = frozenset(content_stems(q.text))  # ("Barna er syke. Hvor mange dager …" → "Dager med syke barn")
        for t, title in _titles().items():
            if t not in hits and any(match_weight(c, title) >= 0.6 for c in counted) \
                    and all(match_weight(w, stems) >= 0.6 for w in title):
                hits[t] = 1.0
    return hits


@lru_cache(maxsize=1)
def _titles() -> dict[str, frozenset[str]]:
    """The subject of each calculator named by one topic, with its title's words."""
    return {spec.topics[0]: _title_stems(spec.tool) for spec in SPECS if spec.variant is None and len(spec.topics) == 1}


@lru_cache(maxsize=None)
def _title_stems(tool: str) -> frozenset[str]:
    return frozenset(content_stems(tool_title(tool)))


_PRONOUNS = frozenset("jeg eg vi me du dere de dei han hun ho man we you they he she".split())  # not "i": "skatt i året"
_NOT_A_SUBJECT = frozenset(
    "får får far blir blir er var kan gir tjener utgjør koster skal vil må ma bør betaler jeg eg vi me du han hun ho "
    "det den de dei legen fastlegen kommunen i a an the do does did can will would should is are was my our we i "
    "you he she it they get gets per total totalt kroner kr penger money tilskudd tilskot grant grants til ein en ei "
    "et eit av of in for som so much mye mykje".split())


def _starts_with_cue(window: Sequence[str], cues: Sequence[str]) -> bool:
    return any(_match_at(window, 0, _parts(c)) for c in cues)


def _per_unit(toks: Sequence[str]) -> bool:
    """"per pasient", "per listeinnbygger": a rate asked for, not a case's total."""
    return any(toks[i] in ("per", "pr", "each") and has_cue((toks[i + 1],), ROLE_CUES["listeinnbyggere"])
               for i in range(len(toks) - 1))


# An amount for a period or a whole list ("per måned", "i året", "for hele lista", "a year"): the amount of someone's
# case, which needs the case's values; not a rate per unit (``_per_unit``). Read for calculators of amounts only.
PER_PERIOD = ("per måned", "per månad", "pr måned", "pr mnd", "per mnd", "i måneden", "i månaden", "i mnd",
              "månedlig", "månadleg", "per år", "pr år", "i året", "årlig", "årleg", "hele lista", "heile lista",
              "hele listen", "per month", "a month", "monthly", "per year", "a year", "yearly", "annual", "hver måned",
              "kvar månad", "hvert år", "kvart år", "each month", "every month", "each year", "every year")


def _asks_per_period(toks: Sequence[str]) -> bool:
    return has_cue(tuple(toks), PER_PERIOD)


def _asks_other_amount(q: Question, spec: Spec) -> bool:
    """"Hvor mye skatt …": the amount asked for is a thing the calculator does not compute."""
    toks = q.tokens()
    for i in range(len(toks) - 2):
        if (toks[i], toks[i + 1]) in (("hvor", "mye"), ("kor", "mykje"), ("how", "much"), ("hvor", "mykje")):
            word, window = toks[i + 2], toks[i + 2:i + 5]
            if word in _NOT_A_SUBJECT or len(word) < 4 or any(c.isdigit() for c in word):
                return False
            if i + 3 < len(toks) and toks[i + 3] in _PRONOUNS:
                return False  # "hvor mye mister jeg": a verb before its subject (question word order), not a thing
            return not any(has_cue(window, cues) and _starts_with_cue(window, cues) for cues in TOPIC_CUES.values())
    return False


def _accepts(tool: str, inputs: dict[str, Any]) -> dict[str, Any]:
    """Only the inputs the tool's input model knows (the registry is the source of truth)."""
    from ..calc.tools import TOOLS  # the calculators are optional for pure answering

    model = TOOLS[tool].input_model if tool in TOOLS else None
    return {k: v for k, v in inputs.items() if model is None or k in model.model_fields}


_WHY = frozenset("hvorfor kvifor korfor why".split())  # a reason is asked: no calculator gives one


def plan(q: Question) -> Route:
    if any(w in _WHY for w in _asked_clause(q)[:1]):
        return SEARCH
    topics = _topic_hits(q)
    named_in_words = set(topics)
    toks = q.tokens()
    asking = _asking_words(q)
    asks_date = (has_cue(asking, ASKS_DATE) or WHEN_RE.search(q.raw) is not None
                 or (has_cue(asking, ASKS_VALID_ON) and bool(q.of_kind(*DATE_KINDS))))

    def named(topics: dict[str, float]) -> list[Spec]:
        return [s for s in SPECS if all(t in topics for t in s.topics) and not any(b in topics for b in s.blocked_by)
                and (s.asks != "date" or asks_date)]

    candidates = named(topics)
    if not candidates:  # no calculator's subject is named in words: a value's role may name it
        topics = {**_implied_topics(q), **topics}
        candidates = named(topics)
    model = active_topic_model()
    sure = topic_probs(q)
    if model is not None:  # subjects the fitted topic model is sure of, whatever words name them
        candidates += [s for s in SPECS if s not in candidates and sure.get(spec_key(s.tool, s.variant), 0.0) >= model.accept
                       and not (s.variant is None and any(b in topics for b in s.blocked_by))]
        # an amount's subject named inside a larger one ("trekk i basistilskuddet") is that one's, whatever the model
        # says; a deadline's blockers are looser phrases ("hvor lenge har"), where the model's reading stands
    vetoed = model is not None and sure.get(TOPIC_NONE, 0.0) >= model.veto
    asked_types = _asked_types(_asked_clause(q))
    if vetoed:
        # the fitted topic model is sure the question is not a calculation: only one that words name and whose result
        # the question asks for may still stand
        candidates = [s for s in candidates if set(s.topics) <= named_in_words and s.asks in asked_types]
        if not candidates:
            return SEARCH
    if not candidates:
        filled = _filled_by_values(q, asked_types | ({"date"} if asks_date else set()), sure)
        if filled is None:
            route = _date_arithmetic(q, asks_date)
            if route.kind == "search" and not named_in_words and _asks_own_deadline(q, asks_date):
                return WHICH_DEADLINE
            return route
        candidates = [filled]
    fills = [_fill(s, q) for s in candidates]
    if vetoed:
        # … and a value with its own role words fills an input of it ("Rådmannen vil halde att ein tidel av
        # basistilskotet. Kva blir det i kroner?"): that calculation alone, else the text
        fills = [f for f in fills if f.used > f.unworded and any(sl.key in f.inputs and not set(sl.kinds) & {"date", *DATE_KINDS}
                                                                 for sl in f.spec.slots)]
        if not fills or _per_unit(toks):  # "… per pasient": a rate, which the text states
            return SEARCH
    weight = model.weight if model is not None else 0.0
    # what the question asks for (an amount, a date) comes first: "the earliest start date" of a pålegg of hours is
    # the pålegg deadline, not the hourly rate its words also name
    counted = _counted_stems(q)
    best = max(fills, key=lambda f: (not asked_types or f.spec.asks in asked_types,
                                     _titled(f.spec, counted),
                                     sum(topics.get(t, 0.0) for t in f.spec.topics)
                                     + weight * sure.get(spec_key(f.spec.tool, f.spec.variant), 0.0),
                                     f.spec.asks in asked_types, not f.missing, f.used, -len(f.missing)))
    if best.spec.asks not in asked_types:
        # a calculator on the same subject that gives what is asked takes over: with no value of the user's case
        # yet, it decides which input is asked for first ("kor lenge kan nedtrappinga vare?" is the deleliste
        # deadline, not its list size); when the chosen one lacks an input, one that has them all answers ("når
        # må delelisten avsluttes?" with a birth date and a start date)
        none_used = not any(f.used for f in fills)
        asked_for = [f for f in fills if set(f.spec.topics) == set(best.spec.topics) and f.spec.asks in asked_types
                     and (none_used or (bool(best.missing) and not f.missing and f.used))]
        if asked_for:
            best = max(asked_for, key=lambda f: (f.used, weight * sure.get(spec_key(f.spec.tool, f.spec.variant), 0.0)))
    spec = best.spec
    for other in fills:  # the same tool asked twice ("hvor stor kan delelista bli, og hvor lenge?"): one call
        if other is not best and other.spec.tool == spec.tool and other.spec.variant == spec.variant:
            best.inputs = {**other.inputs, **best.inputs}
            best.missing = [m for m in best.missing if m.key not in best.inputs] if not other.missing else best.missing
            best.used += other.used
    model_sure = model is not None and sure.get(spec_key(spec.tool, spec.variant), 0.0) >= model.accept
    if (_asks_other_amount(q, spec) and not model_sure) or (not best.used and _per_unit(toks)):
        return SEARCH  # "hvor mye skatt …", "… per pasient": not the amount this calculator gives for a case
    inputs = dict(best.inputs)
    if q.stated_today is not None and "dato" not in inputs and any(sl.key == "dato" for sl in spec.slots):
        inputs["dato"] = q.stated_today.isoformat()  # "(i dag er 15.01.2025)": the rates and rules of that day
    asks_case = has_cue(asking, ASKS_ANY) or asks_date
    personal = has_cue(toks, PERSONAL) or _says_i(q)
    # a value given but not placed (a week, a month for a day, a date whose role words fit no input): ask about it
    placed = set(best.inputs.values())
    vague = any(m.kind == "week" or (m.raw.lower() not in ARTICLES and any(m.kind in sl.kinds or (m.kind in DATE_KINDS and "date" in sl.kinds)
                                         for sl in best.missing) and _placed_value(m) not in placed)
                for m in q.mentions)
    kind, subject_words = _subject_asks(q, spec)
    subject_types = _asked_types(subject_words)
    # (with no value of the case, a clause that asks yes or no asks no amount by its verb: "do I still get …?")
    if not best.inputs and not vague and (kind == "yes_no" or not subject_types and (
            kind not in ("amount", "date", "duration") and not any(topics.get(t, 0.0) > 1.0 for t in spec.topics))):
        return SEARCH  # "Can the municipality make me work at the nursing home?": no value of the case is an input
        # and nothing is asked for but a yes or no, or something the asking sentence does not name this calculator
        # for ("… mange sykehjemspasienter. Hvilke grunner gir meg rett til å redusere lista?"): a question about a rule
    if not best.missing and spec.extra is not None:
        more = spec.extra(q, inputs)
        if isinstance(more, dict) and ASSUME_KEY in more:
            best.assumptions.append(more[ASSUME_KEY])
        if isinstance(more, dict) and ASK_KEY in more:  # inputs the question gives, and a question about another
            inputs.update(_extra_inputs(more))
            more = more[ASK_KEY]
        if isinstance(more, str):
            # a case the question asks about ("… and do specialists get more?"): the question back shows each case
            asks_about_case = asks_case and bool(_asked_words(q))
            return _ask(spec, more, inputs, _extra_key(more)) if (best.used or personal or asks_about_case) else SEARCH
        inputs.update(_extra_inputs(more))
    for slot in list(best.missing):
        # "99999999 pasienter": a value its words give to this input, but out of the range it could have; the
        # calculator says why ("må være fra 1 til 10000"), which a question back would not
        rejected = next((m for m in q.mentions if m.kind in slot.kinds and slot.valid is not None and not slot.valid(m)
                         and _placed_value(m) not in placed and m.raw.lower() not in ARTICLES
                         and max((cue_score(m, r) for r in slot.roles), default=0.0) >= STRONG_CUE), None)
        if rejected is not None:
            inputs[slot.key] = rejected.value
            best.missing.remove(slot)
            best.used += 1
    if (spec.asks == "date" and not best.used and not vague and has_cue(subject_words, ASKS_DURATION)
            and not has_cue(toks, FIRST_PERSON) and not _says_i(q)):
        return SEARCH  # "Hvor lang er oppsigelsesfristen for en lege?": the length the rule states; no case to date
    if best.missing:
        if best.used or vague or ((personal or (spec.asks == "amount" and _asks_per_period(toks))) and asks_case):
            if spec.extra is not None:  # what the question already says ("jeg er alene med omsorgen") is kept
                more = spec.extra(q, inputs)
                inputs.update({k: v for k, v in _extra_inputs(more).items() if v and k not in inputs})
            first = best.missing[0]
            if set(first.roles) & _asked_date_roles(q):
                # the date the question asks for is the answer, not a question back: ask for the date it is counted
                # from instead ("når må jeg senest si opp?" → the day the agreement is to end)
                first = next((sl for sl in spec.slots if sl.stands_in and sl.ask and sl.key not in inputs), first)
            ask = first.ask
            if q.impossible_dates and "date" in first.kinds:  # say why the date given was not used
                ask = f"«{q.impossible_dates[0]}» er ikke en gyldig dato. {ask}"
            return _ask(spec, ask, inputs, first.key)
        return SEARCH
    if not best.used and (not spec.extra or not (personal or asks_case)):
        return SEARCH  # the subject is named, but no value of the user's case: a question about the rule
    if best.unworded and not subject_types and kind == "yes_no":
        return SEARCH  # "Are they entitled to …?": a yes or no, not an amount from a value its words do not name
    if spec.variant:
        inputs = {"variant": spec.variant, **inputs}
    inputs = _accepts(spec.tool, inputs)
    months = _asked_span(q) if spec.asks == "amount" else None
    if months:
        from ..calc.tools import SPAN_TOOLS

        if spec.tool in SPAN_TOOLS:  # "for et halvår": the amount for that span too
            inputs["for_maaneder"] = months
    assumptions = list(best.assumptions)
    if not set(spec.topics) <= named_in_words:
        # no word names this calculation: it was chosen from the values' roles or by the topic model, so say which
        # one was done ("Brevet kom 3. mai – kva er fristen?" could be more than one deadline)
        assumptions.insert(0, f"Spørsmålet sier ikke rett ut hvilken beregning det gjelder; jeg har regnet ut "
                              f"{_calc_name(spec)}. Si fra hvis du mente noe annet.")
    return Route("tool", spec.tool, inputs, reason=spec.variant or spec.tool, assumptions=tuple(assumptions))


_COUNT_RE = re.compile(r"\b(?:hvor|kor|how)\s+(?:mange|many)\s+(\w+)", re.I)


def _counted_stems(q: Question) -> tuple[str, ...]:
    """The stems of what the asking sentence counts, in bokmål ("kor mange dagar" / "how many days" → "dag")."""
    return _counted_in(q.raw)


@lru_cache(maxsize=256)  # read by the topic hits and by the ranking of the same question
def _counted_in(raw: str) -> tuple[str, ...]:
    m = _COUNT_RE.search(asking_sentence(raw)[1])
    return tuple(content_stems(retrieval_text(m.group(1)))) if m else ()


def _titled(spec: Spec, counted: Sequence[str]) -> bool:
    """What the question counts is what the calculator's title counts ("hvor mange dager …" → "Dager med syke
    barn", not "Trekk i basistilskudd" that the same question names)."""
    title = _title_stems(spec.tool)
    return any(match_weight(c, title) >= 0.6 for c in counted)


def _calc_name(spec: Spec) -> str:
    if spec.variant:
        return f"fristen for «{field_name(spec.variant)}»"
    return f"«{tool_title(spec.tool).lower()}»"


# Question openers that ask for no type of their own ("what's the earliest start date?" asks for a date)
_OPENERS = frozenset(("hva er", "kva er", "what is", "what's"))
_ASKS_AMOUNT_ITSELF = tuple(c for c in ASKS_AMOUNT if c not in _OPENERS)


def _subject_asks(q: Question, spec: Spec) -> tuple[str, tuple[str, ...]]:
    """The answer type and the asking words of the part that names the calculator's subject, in a question of
    several parts ("Hvor lenge kan jeg være borte, og får jeg basistilskudd hele tiden?": whether it is paid, a yes
    or no, not a length); else the question's own (the asking sentence's words)."""
    parts = q.parts
    for part in parts if len(parts) > 1 else ():
        canon = canonical_text(part)
        words = (_words(part), tuple(canon.replace("-", " ").split()))
        if any(has_cue(w, TOPIC_CUES[t]) for t in spec.topics if t in TOPIC_CUES for w in words):
            return answer_type(canon), words[0]
    return answer_type(q.text), _asked_clause(q)


def _asked_types(asked: tuple[str, ...]) -> set[str]:
    """What the asking sentence asks for: "amount", "date" or both ("hva er …" is an amount only when no date is
    asked for)."""
    types = {"date"} if has_cue(asked, ASKS_DATE) or WHEN_RE.search(" ".join(asked)) else set()
    if has_cue(asked, _ASKS_AMOUNT_ITSELF) or (not types and has_cue(asked, ASKS_AMOUNT)):
        types.add("amount")
    return types


MIN_FILLED = 2  # values of the user's case a calculator must take, by their role words, to be chosen unnamed


def _filled_by_values(q: Question, asked_types: set[str], sure: dict[str, float]) -> Spec | None:
    """No word names a calculator, but the question asks for what one gives and its values fill every input that
    calculator needs, each by its role ("avtalen inngått 1. september 2022, listetak 1 000, 310 på lista — hva skal
    vi betale i måneden?"): the calculator that takes the most of them (the topic model breaks a tie; a tie it
    cannot break is searched)."""
    if len(q.mentions) < MIN_FILLED:
        return None  # too few values to fill a calculator (and no need to try every one)
    likeliest = {role for m in q.mentions if (role := _likeliest_role(m)[0]) is not None}
    full = []
    for spec in SPECS:
        if spec.asks not in asked_types or spec.extra is not None:
            continue  # a calculator with its own reading of the question needs its subject named
        if not all(set(sl.roles) & likeliest for sl in spec.slots if sl.required):
            continue  # some input it needs is no value's likeliest role: it cannot be filled by roles
        f = _fill(spec, q)
        if not f.missing and not f.assumptions and f.used >= MIN_FILLED:
            full.append((f.used, sure.get(spec_key(spec.tool, spec.variant), 0.0), spec))
    if not full:
        return None
    full.sort(key=lambda x: (x[0], x[1]), reverse=True)
    if len(full) > 1 and full[0][:2] == full[1][:2]:
        return None
    return full[0][2]


def _placed_value(m: Mention) -> Any:
    return _iso(m) if m.kind in DATE_KINDS else m.value


_BACKWARDS = ("før$", "for$", "before", "earlier", "tidligere", "tidlegare", "prior")
_ANAPHORS = frozenset("det dette den denne datoen dagen da that this then it".split())
_STEP_KEYS = {"uker": "uker", "maaneder": "maaneder", "dager": "dager", "ar": "ar"}


_CONTRAST_RE = re.compile(r"\b(?:" + "|".join(sorted(CONTRAST_WORDS)) + r")\b", re.IGNORECASE)


def _asking_words(q: Question, within: tuple[int, int] | None = None) -> tuple[str, ...]:
    """The question's words outside its condition clauses: where "slutter", "frist", "hvor mye" ask something
    (``within``: only those between these two character offsets)."""
    spans = [(m.start(), m.end()) for m in CONDITION_RE.finditer(q.raw)]
    lo, hi = within if within is not None else (0, len(q.raw))
    return tuple(w.text for w in q.words if lo <= w.start < hi and not any(a <= w.start < b for a, b in spans))


# A deadline of the user's case asked for, with a date, but no word or value says which deadline: ask which (the
# reply is read together with the question, so "oppsigelse" computes the notice deadline from the date given).
WHICH_DEADLINE = Route("follow_up", "frist", {}, follow_up="Hvilken frist gjelder det: oppsigelse, hjemfall, svar på "
                       "tilbud eller pris ved overdragelse, søknadsfrist etter kunngjøring, reduksjon av lista, "
                       "pålegg om andre oppgaver eller noe annet?", reason="frist")
_DEADLINE_WORDS = ("frist", "deadline")


def _asks_own_deadline(q: Question, asks_date: bool) -> bool:
    """"Can you work out my deadline? The date in the letter is 14.3.25.": a deadline of the user's own case (a date
    given, a deadline named in the asking sentence, the user or their doctor speaking; no calculator's subject named,
    so a reply that names one, or names none again, is not asked the same)."""
    return (asks_date and bool(q.of_kind("date")) and has_cue(_asked_clause(q), _DEADLINE_WORDS)
            and has_cue(q.tokens(), PERSONAL))


def _date_arithmetic(q: Question, asks_date: bool) -> Route:
    """"12 uker etter 3. februar 2025": one date, one duration and a direction, with no rule named."""
    dates, spans = q.of_kind("date"), q.of_kind("duration")
    if not (asks_date and len(dates) == 1 and len(spans) == 1 and spans[0].is_int):
        return SEARCH
    span, start = spans[0], dates[0]
    between = tuple(w.text for w in q.words if span.end <= w.start < start.start or start.end <= w.start < span.start)
    if start.start < span.start and span.after[1:2] and span.after[1] in _ANAPHORS:
        between += span.after[:1]  # "fra 2. mai … hvilken dato er det 8 uker etter det?": the direction points back
    if not has_cue(between, ("etter$", "after$", "fra$", "from$", "frå$", *_BACKWARDS)):
        return SEARCH
    step = {_STEP_KEYS[span.unit]: _int(span), "retning": "for" if has_cue(between, _BACKWARDS) else "etter"}
    return Route("tool", "frist", {"variant": "generisk", "fra_dato": _iso(start), "steg": [step]}, reason="generisk")


def _extra_key(text: str) -> str | None:
    """The input a question from an ``extra`` hook asks for (None: answered by re-reading the whole question)."""
    return "maaned" if "måned" in text else None


def _ask(spec: Spec, text: str, inputs: dict[str, Any], missing: str | None = None) -> Route:
    kept = {"variant": spec.variant, **inputs} if spec.variant else dict(inputs)
    return Route("follow_up", spec.tool, kept, follow_up=text, reason=spec.variant or spec.tool, missing=missing)


def refill(tool: str, inputs: dict[str, Any], q: Question) -> dict[str, Any] | None:
    """"og hvis lista er 1 800?" after a calculation: the same tool with the values this question gives.

    Values with role words fill their inputs; else a lone value of one kind replaces the one input of that kind.
    None when the question gives nothing to change."""
    specs = _specs_for(tool, inputs)
    new: dict[str, Any] = {}
    for sp in specs:
        new.update({k: v for k, v in _fill(sp, q).inputs.items() if k in inputs or k not in new})
        more = sp.extra(q, {**inputs, **new}) if sp.extra is not None and q.mentions else None
        # an input read by the calculator's own rule ("snittet var 70 000 kr")
        new.update({k: v for k, v in _extra_inputs(more).items() if v and k not in new and k != "dato"})
    if not new:
        for kinds in (("number",), ("date",), ("percent",)):
            values = [m for m in q.mentions if m.kind in kinds and m.raw.lower() not in ARTICLES]
            slots = [sl for sp in specs for sl in sp.slots if sl.key in inputs and kinds[0] in sl.kinds]
            if len(values) == 1 and len({sl.key for sl in slots}) == 1 and _fits(slots[0], values[0]):
                new[slots[0].key] = slots[0].value(values[0]) if slots[0].value else values[0].value
    new = {k: v for k, v in new.items() if inputs.get(k) != v}
    return {**inputs, **new} if new else None


def _named_by_words(slot: Slot | None, value: Any, reply: Question) -> bool:
    """A value of the reply that its own role words give to ``slot`` (not one the fitted model alone placed: a bare
    "15. januar 2025" answers the question asked)."""
    return slot is not None and any(_fits(slot, m) and (slot.value(m) if slot.value else m.value) == value
                                    and max(cue_score(m, r) for r in slot.roles) > 0 for m in reply.mentions)


def fill_reply(tool: str, inputs: dict[str, Any], missing: str, reply: Question) -> dict[str, Any] | None:
    """A short reply to a question back ("1 500", "3. mars 2025", "60 %") fills the input it asked for; values
    with role words fill their own inputs ("4 500 innbyggere og snittlista er 1 100", "12 hjemler og 13 000 på
    listene")."""
    if len([w for w in reply.words if not w.text.isdigit()]) > 4:
        return None  # a whole sentence: re-read together with the question instead
    specs = _specs_for(tool, inputs)
    slot = next((sl for sp in specs for sl in sp.slots if sl.key == missing), None)
    kinds = slot.kinds if slot else (("month", "date") if missing == "maaned" else ())
    values = [m for m in reply.mentions if m.kind in kinds and (slot is None or _fits(slot, m))]
    if missing == "maaned":
        if not values:
            return None
        m = values[0]
        y, mo = m.value if m.kind == "month" else (m.value.year, m.value.month)
        return {**inputs, "maaned": f"{y:04d}-{mo:02d}"}
    filled: dict[str, Any] = {}
    for sp in specs:
        slots = {sl.key: sl for sl in sp.slots}
        filled.update({k: v for k, v in _fill(sp, reply).inputs.items() if k not in inputs and k not in filled
                       and (k == missing or _named_by_words(slots.get(k), v, reply))})
    out = {**inputs, **filled}
    if missing not in out:  # a value without role words answers the question asked
        free = [m for m in values if _placed_value(m) not in filled.values() and
                (slot is None or not slot.value or slot.value(m) not in filled.values())]
        if free:
            out[missing] = slot.value(free[0]) if slot and slot.value else free[0].value
    return out if out != inputs else None


__all__ = ["Route", "SEARCH", "plan", "fill_reply", "refill", "still_missing", "SPECS", "role_score", "has_cue"]
