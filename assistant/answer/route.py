"""Route a question deterministically: a calculator call, a clarifying question, or a plain search.

``route_question(question, today)`` looks for an amount or date question about a rule we can calculate and
parses its inputs. When a required input is missing it returns a follow-up question instead of guessing.
Pure function: no tool is executed here (see ``pipeline.py``).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .dates import date_spans, find_dates, find_months
from .normalize import canonical_text
from .numbers import find_age, find_list_size, find_numbers, find_percentages, number_followed_by


@dataclass(frozen=True)
class Route:
    """``kind`` is "tool" (run ``tool`` with ``inputs``), "follow_up" (ask ``follow_up``) or "search"."""

    kind: str
    tool: str | None = None
    inputs: dict[str, Any] = field(default_factory=dict)
    follow_up: str | None = None
    reason: str = ""


SEARCH = Route("search")

_DEADLINE = r"(?:når|frist|siste dag|senest|hvor sent|hvor tidlig|innen|when|deadline|last day|latest|hvilken dato|dato)"
_AMOUNT = r"(?:hvor mye|hvor mykje|hva får|hva blir|hva gir|hvor stort|hvor stor|beløp|how much|what will|beregn|regn ut|utgjør|hvor mange|kor mykje|kva får|kva blir)"
_PERSONAL = r"(?<!\w)(?:jeg|vi|hun|han|legen|fastlegen|min|mi|mitt|vår|vårt|våre|my|we|our|her|his|eg|me|en fastlege|ei fastlege|kommunen vår)(?!\w)"


def _has(q: str, pattern: str) -> bool:
    return re.search(pattern, q) is not None


def _personal(c: "_Ctx") -> bool:
    return _has(c.q, _PERSONAL) or re.search(r"(?<!\w)I(?!\w)", c.raw) is not None


@dataclass(frozen=True)
class _Ctx:
    q: str  # canonical lower-case text
    raw: str
    today: date
    dates: list[date]
    date_spans_only: list[tuple[int, int]]
    all_spans: list[tuple[int, int]]


def _first_date(c: _Ctx) -> str | None:
    return c.dates[0].isoformat() if c.dates else None


def _ask(question: str, tool: str, reason: str, inputs: dict[str, Any] | None = None) -> Route:
    return Route("follow_up", tool=tool, inputs=inputs or {}, follow_up=question, reason=reason)


def _tool(name: str, inputs: dict[str, Any], c: _Ctx | None = None) -> Route:
    """A calculator route; with ``c``, the first date in the question (if any) becomes the tool's ``dato``."""
    if c is not None and (first := _first_date(c)):
        inputs = {**inputs, "dato": first}
    return Route("tool", name, inputs, reason=name)


def _frist(variant: str, c: _Ctx, **extra: Any) -> Route:
    inputs: dict[str, Any] = {"variant": variant}
    if c.dates:
        inputs["fra_dato"] = c.dates[0].isoformat()
    inputs.update(extra)
    return Route("tool", "frist", inputs, reason=f"frist:{variant}")


def _need_date(c: _Ctx, variant: str, what: str) -> Route | None:
    if c.dates:
        return None
    if _personal(c) and _has(c.q, _DEADLINE):
        return _ask(f"Hvilken dato gjelder det ({what})? Skriv f.eks. «3. mars 2025».", "frist", f"frist:{variant}",
                    {"variant": variant})
    return SEARCH


# --- detectors: each returns a Route or None (not this rule) ---------------------------------------------

def _basistilskudd_utbetaling(c: _Ctx) -> Route | None:
    if not (_has(c.q, r"basistilskud") and _has(c.q, r"utbetal|betal") and _has(c.q, r"når|senest|seinast|when|dato|frist")):
        return None
    months = find_months(c.raw, c.today)
    if months:
        y, m = months[0]
        return Route("tool", "frist", {"variant": "basistilskudd_utbetaling", "maaned": f"{y:04d}-{m:02d}"},
                     reason="frist:basistilskudd_utbetaling")
    if c.dates:
        d = c.dates[0]
        return Route("tool", "frist", {"variant": "basistilskudd_utbetaling", "maaned": f"{d.year:04d}-{d.month:02d}"},
                     reason="frist:basistilskudd_utbetaling")
    return None


def _avtale_opphor_alder(c: _Ctx) -> Route | None:
    if not _has(c.q, r"(?<!\w)(?:født|fødd|fodt|fodd|born)(?!\w)"):
        return None
    if not c.dates:
        return _ask("Hvilken fødselsdato har legen? Skriv f.eks. «14. mai 1958».", "frist", "frist:avtale_opphor_alder",
                    {"variant": "avtale_opphor_alder"})
    extra = {"fodselsdato": c.dates[0].isoformat(), "forlenget_til_75": _has(c.q, r"75")}
    return Route("tool", "frist", {"variant": "avtale_opphor_alder", **extra}, reason="frist:avtale_opphor_alder")


def _listereduksjon(c: _Ctx) -> Route | None:
    if not (_has(c.q, r"reduser|reduksjon|reduce|mindre liste|kortere liste|minske") and _has(c.q, r"list")):
        return None
    helse = _has(c.q, r"helse|helsa|sykdom|syk\b|health|illness|sjuk")
    return _need_date(c, "listereduksjon", "datoen reduksjonen skal gjelde fra") or _frist("listereduksjon", c, helse=helse)


def _palegg(c: _Ctx) -> Route | None:
    if not _has(c.q, r"pålegg|pålegge|palegg|instruct|require"):
        return None
    if not _has(c.q, _DEADLINE):
        return None
    return _need_date(c, "palegg", "datoen pålegget skal starte") or _frist("palegg", c)


def _overdragelse_pris(c: _Ctx) -> Route | None:
    if not (_has(c.q, r"tilbud|offer") and _has(c.q, r"pris|price|nemnd|akseptert|aksepter")):
        return None
    if not _has(c.q, _DEADLINE):
        return None
    return _need_date(c, "overdragelse_pris", "datoen tilbudet ble mottatt") or _frist("overdragelse_pris", c)


def _oppsigelse(c: _Ctx) -> Route | None:
    if not _has(c.q, r"oppsigelse|si opp|sier opp|sa opp|seier opp|resign|terminate|notice|slutte"):
        return None
    if _has(c.q, r"rammeavtal|asa 4310|statsavtal"):
        return None
    if not (_has(c.q, _DEADLINE) or _has(c.q, r"slutt|opphør|ferdig")):
        return None
    return _need_date(c, "oppsigelse", "datoen oppsigelsen leveres") or _frist("oppsigelse", c)


def _hjemfall(c: _Ctx) -> Route | None:
    if not (_has(c.q, r"hjemfall") and c.dates):
        return None
    return _frist("hjemfall", c)


def _kunngjoring(c: _Ctx) -> Route | None:
    if not (_has(c.q, r"kunngj|utlys") and c.dates and _has(c.q, _DEADLINE)):
        return None
    return _frist("kunngjoring", c)


def _rammeavtale_varighet(c: _Ctx) -> Route | None:
    if not _has(c.q, r"rammeavtal|asa 4310|4310"):
        return None
    if not _has(c.q, r"gjelder|gjeld|fortsatt|framleis|hvor lenge|varighet|utløp|in force|still valid|forleng"):
        return None
    months = find_months(c.raw, c.today)
    if c.dates:
        on = c.dates[0]
    elif months:
        on = date(months[0][0], months[0][1], 1)
    elif _has(c.q, r"(?<!\w)(?:nå|fortsatt|framleis|i dag|still|now)(?!\w)"):
        on = c.today
    else:
        return None
    return Route("tool", "frist", {"variant": "rammeavtale_varighet", "fra_dato": on.isoformat()},
                 reason="frist:rammeavtale_varighet")


def _trekk(c: _Ctx) -> Route | None:
    if not _has(c.q, r"trekk|holde tilbake|holde igjen|tilbakehold|withhold"):
        return None
    if not _has(c.q, _AMOUNT + r"|maks|maksimalt|kan kommunen"):
        return None
    size = find_list_size(c.raw, c.date_spans_only)
    if size is None:
        if _personal(c) and _has(c.q, r"basistilskud|lista|liste"):
            return _ask("Hvor mange listeinnbyggere har legen på lista?", "trekk", "trekk")
        return None
    pct = find_percentages(c.raw)
    return _tool("trekk", {"listeinnbyggere": size, "trekk_prosent": pct[0] if pct else 20})


def _utjamning(c: _Ctx) -> Route | None:
    if not _has(c.q, r"utjamning|utjevning|utjamnings|utjevnings"):
        return None
    innb = number_followed_by(c.raw, r"(?:innbyggere|innbyggjarar|inhabitants|innbyggjere)(?!\s+på)", c.all_spans)
    hjemler = number_followed_by(c.raw, r"(?:\w*hjemler|\w*heimlar|fastleger|fastlegar|legehjemler|GPs)", c.all_spans,
                                 words=True)
    total = number_followed_by(c.raw, r"(?:personer|pasienter|listeinnbyggere)?\s*(?:på|on)\s+(?:\w*\s+)?\w*list", c.all_spans)
    snitt = number_followed_by(c.raw, r"(?:i\s+)?(?:gjennomsnitt|snitt)", c.all_spans)
    if innb is None or hjemler is None:
        missing = "kommunens innbyggertall" if innb is None else "antall fastlegehjemler i kommunen"
        if _has(c.q, _AMOUNT):
            return _ask(f"For å regne ut utjamningstilskuddet trenger jeg {missing}. Hva er det?", "utjamningstilskudd",
                        "utjamningstilskudd")
        return None
    inputs: dict[str, Any] = {"kommune_innbyggere": int(innb), "hjemler": int(hjemler)}
    if total is not None:
        inputs["sum_listeinnbyggere"] = int(total)
    if snitt is not None:
        inputs["gjennomsnittsliste"] = int(snitt)
    return _tool("utjamningstilskudd", inputs)


def _driftstilskudd(c: _Ctx) -> Route | None:
    if not _has(c.q, r"driftstilskud|driftsavtal|driftstilskot"):
        return None
    klasse = re.search(r"klasse\s*(\d)|(\d)\.?\s*klasse|class\s*(\d)", c.q)
    pct = find_percentages(c.raw)
    if not klasse or not pct:
        if _has(c.q, _AMOUNT + r"|minste|kan jeg få"):
            what = "hvilken klasse (1–3)" if not klasse else "hvor stor andel (prosent) driftsavtalen gjelder"
            return _ask(f"For å regne på driftstilskuddet trenger jeg {what}.", "driftstilskudd", "driftstilskudd")
        return None
    k = int(next(g for g in klasse.groups() if g))
    return _tool("driftstilskudd", {"klasse": k, "andel": round(pct[0] / 100, 4)})


def _barn_syk(c: _Ctx) -> Route | None:
    if not (_has(c.q, r"barn|child") and _has(c.q, r"syk|sjuk|sick|omsorgsdag")):
        return None
    n = number_followed_by(c.raw, r"(?:\w+\s+)?(?:barn|children|kids|born)", c.all_spans, words=True)
    if n is None:
        n = 1.0 if _has(c.q, r"(?<!\w)(?:et|eitt|ett|one|a)\s+(?:sykt\s+|sjukt\s+)?barn") else None
    if n is None:
        if _has(c.q, r"hvor mange dager|how many days|kor mange dagar"):
            return _ask("Hvor mange barn har du omsorg for?", "barn_syk", "barn_syk")
        return None
    inputs = {"antall_barn": int(n), "alene": _has(c.q, r"alene|aleine|single|sole"),
              "kronisk": _has(c.q, r"kronisk|chronic|funksjonshemm")}
    return _tool("barn_syk", inputs)


def _deleliste(c: _Ctx) -> Route | None:
    if not _has(c.q, r"deleliste|delt liste|delte lister|dele lista|dele liste|shared list"):
        return None
    size = find_list_size(c.raw, c.date_spans_only)
    if size is None:
        nums = [n for n in find_numbers(c.raw, c.date_spans_only) if n.is_int and n.value >= 100]
        size = int(nums[0].value) if nums else None
    if size is None:
        return None
    inputs: dict[str, Any] = {"liste_ved_etablering": size}
    age = find_age(c.raw)
    if age:
        inputs["alder"] = age
    return _tool("deleliste", inputs)


def _suspensjon(c: _Ctx) -> Route | None:
    if not (_has(c.q, r"suspensjon") and _has(c.q, _AMOUNT)):
        return None
    pct = find_percentages(c.raw)
    if not pct:
        return _ask("Hvor stor stillingsandel (prosent) gjelder det?", "suspensjonstilskudd", "suspensjonstilskudd")
    inputs: dict[str, Any] = {"stillingsandel": round(pct[0] / 100, 4)}
    return _tool("suspensjonstilskudd", inputs, c)


def _timesats(c: _Ctx) -> Route | None:
    if not (_has(c.q, r"timesats|timepris|per time|pr\. time|hourly|timebetaling") and _has(c.q, _AMOUNT + r"|sats")):
        return None
    if (_has(c.q, r"legevakt|beredskap|vakt|overtid|(?<!spesialist)tillegg|on-call|out-of-hours")
            and not _has(c.q, r"allmennlegeoppg")):
        return None  # another hourly pay (on-call, overtime): the tool knows only andre allmennlegeoppgaver
    spesialist = _has(c.q, r"spesialist|specialist") and not _has(c.q, r"ikke spesialist|uten spesialist|not a specialist")
    inputs = {"dato": (c.dates[0] if c.dates else c.today).isoformat(), "spesialist": spesialist}
    return _tool("timesats", inputs)


def _grunntilskudd(c: _Ctx) -> Route | None:
    if not (_has(c.q, r"grunntilskud") and _has(c.q, _AMOUNT)):
        return None
    size = find_list_size(c.raw, c.date_spans_only)
    tak = number_followed_by(c.raw, r"(?:i\s+)?(?:listetak|tak)", c.all_spans)
    m = re.search(r"(?:listetak|tak)\w*\s*(?:er|på|of)?\s*(\d[\d ]*\d)", c.raw, re.I)
    if tak is None and m:
        tak = float(m.group(1).replace(" ", ""))
    if size is None or tak is None:
        what = "antall listeinnbyggere" if size is None else "listetaket"
        return _ask(f"For å regne ut grunntilskuddet trenger jeg {what}.", "grunntilskudd", "grunntilskudd")
    inputs: dict[str, Any] = {"listeinnbyggere": size, "listetak": int(tak)}
    return _tool("grunntilskudd", inputs, c)


def _basistilskudd(c: _Ctx) -> Route | None:
    if not _has(c.q, r"basistilskud|per capita|basic grant|tilskudd per listeinnbygger"):
        return None
    size = find_list_size(c.raw, c.date_spans_only)
    if size is None:
        if _has(c.q, _AMOUNT) and _personal(c) and not _has(c.q, r"sats|rate|per (?:pasient|listeinnbygger|innbygger|person)"):
            return _ask("Hvor mange listeinnbyggere har legen på lista? Skriv f.eks. «1 500».", "basistilskudd",
                        "basistilskudd")
        return None
    inputs: dict[str, Any] = {"listeinnbyggere": size}
    return _tool("basistilskudd", inputs, c)


DETECTORS: tuple[Callable[[_Ctx], Route | None], ...] = (
    _basistilskudd_utbetaling, _avtale_opphor_alder, _listereduksjon, _palegg, _overdragelse_pris, _hjemfall,
    _kunngjoring, _rammeavtale_varighet, _oppsigelse, _barn_syk, _trekk, _utjamning, _driftstilskudd, _deleliste,
    _suspensjon, _timesats, _grunntilskudd, _basistilskudd,
)


# Professions the calculators do not cover (they compute the GP agreements' amounts and deadlines).
_NON_GP_ROLE = (r"\b(?:fysioterapeut|tannleg|psykolog|sykepleier|helsesykepleier|jordm[oø]d|kiropraktor|ergoterapeut|"
                r"farmasøyt|logoped|optiker|physiotherapist|dentist|psychologist|nurse|midwife)\w*")


def route_question(question: str, today: date, vocabulary: set[str] | None = None) -> Route:
    """Decide how to answer ``question`` (already cleaned by ``normalize.check_input``)."""
    q = canonical_text(question, vocabulary)
    if _has(q, _NON_GP_ROLE) and not _has(q, r"fastleg|allmennleg|\blegen?\b|\bgp\b"):
        return SEARCH  # "hvor mye driftstilskudd får en fysioterapeut": not the GP calculator's question
    found = find_dates(question, today)
    ctx = _Ctx(q=q, raw=question, today=today, dates=[d.value for d in found],
               date_spans_only=[(d.start, d.end) for d in found], all_spans=date_spans(question, today))
    for detect in DETECTORS:
        r = detect(ctx)
        if r is not None:
            return r
    return SEARCH
