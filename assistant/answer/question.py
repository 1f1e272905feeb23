"""Parse a question once into a typed, frozen ``Question``: its words, and every number and date with its role.

The only place in the calculator path that reads the raw text. Later steps (``plan.py``) read the ``Question``.

- ``words``: lower-case word tokens with their character offsets, for role words near a value;
- ``mentions``: numbers (as people write them: "1500", "1 500", "1.500", "1,250" in English, "1,75 tusen",
  "femten hundre"), percentages ("60 %", "halv stilling", "full kurativ stilling"), kroner amounts, dates
  ("14. mars 2025", "14.3.25", "2025-03-14", "i dag"), months ("i mai", "desember 2023"), years ("i 2024"),
  durations ("12 uker", "6 måneders") and ages ("jeg er 63", "fyller 64");
- each mention gets the role words found in a few words before and after it (``Mention.cues``), nearest first.

Role words themselves live in ``lexicon.py`` (bokmål, nynorsk, English). Pure functions, no I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from datetime import date
from collections.abc import Sequence
from typing import Any

from ..language import language_of, question_parts
from .dates import MONTHS, find_dates, impossible_dates, named_today
from .lexicon import ROLE_CUES, cue_parts, matches_at
from .normalize import canonical_text

WORD_RE = re.compile(r"[0-9a-zæøåéü]+(?:['’][a-z]+)?", re.IGNORECASE)

# Words that open a question (bokmål, nynorsk, English): ``answer_type``, follow-ups.
QUESTION_WORD_RE = re.compile(r"(?:hva|hvem|hvor|hvordan|hvorfor|hvilk\w*|når|kva for|kva|kven|kor|korleis|kvifor|"
                              r"korfor|what|who|how|when|why|which|where)\b", re.IGNORECASE)
_SMALL = {"en": 1, "ein": 1, "ett": 1, "ei": 1, "eitt": 1, "one": 1, "a": 1, "to": 2, "two": 2, "tvo": 2, "tre": 3,
          "three": 3, "fire": 4, "four": 4, "fem": 5, "five": 5, "seks": 6, "six": 6, "sju": 7, "syv": 7,
          "seven": 7, "åtte": 8, "atte": 8, "eight": 8, "ni": 9, "nine": 9, "ti": 10, "ten": 10, "elleve": 11,
          "tolv": 12, "twelve": 12, "tretten": 13, "thirteen": 13, "fjorten": 14, "fourteen": 14, "femten": 15,
          "fifteen": 15, "seksten": 16, "sixteen": 16, "sytten": 17, "seventeen": 17, "atten": 18, "eighteen": 18,
          "nitten": 19, "nineteen": 19, "tjue": 20, "twenty": 20, "tretti": 30, "thirty": 30, "førti": 40,
          "forti": 40, "forty": 40, "femti": 50, "fifty": 50, "seksti": 60, "sixty": 60, "sytti": 70, "seventy": 70,
          "åtti": 80, "atti": 80, "eighty": 80, "nitti": 90, "ninety": 90}
_SCALE = {"hundre": 100, "hundred": 100, "tusen": 1000, "thousand": 1000, "k": 1000}
# A number word of one language that is a common word of the other is read only in its own language: in English
# "to" is a preposition and "fire" a verb; in a Norwegian question typed without æøå, "a" is "å". (The words of
# ``_SMALL`` with wordfreq Zipf ≥ 4 in the other language; a test recomputes them.)
_NORWEGIAN_FALSE_FRIENDS = frozenset({"a", "one"})
FALSE_FRIEND_NUMBERS = {"en": frozenset({"en", "to", "fire"}), "nb": _NORWEGIAN_FALSE_FRIENDS,
                        "nn": _NORWEGIAN_FALSE_FRIENDS}
_NUM = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:[.,]\d+)?"
_NUMBER_RE = re.compile(rf"(?<![\w.,])({_NUM})(?:\s*(hundre|tusen|thousand|k)(?!\w))?(?![\w])", re.IGNORECASE)
_WORD_NUMBER_RE = re.compile(
    r"(?<!\w)(" + "|".join(sorted(_SMALL, key=len, reverse=True)) + r")(?:\s+(hundre|hundred|tusen|thousand))?(?!\w)",
    re.IGNORECASE)
_WHOLE_OF = re.compile(r"\b(?:av|of)\s+(?:(?:en|ei|et|a|an|the)\s+)?$", re.IGNORECASE)
_PERCENT_AFTER = re.compile(r"\s*(?:%|prosent|percent|per cent|pst\b)", re.IGNORECASE)
_MONEY_AFTER = re.compile(r"\s*(?:kr\b|kroner|nok\b|,-)", re.IGNORECASE)
_MONEY_BEFORE = re.compile(r"(?:kr\.?|nok)\s*$", re.IGNORECASE)
_DURATION_AFTER = re.compile(r"\s*(ukene|uker?|vekene|veker?|weeks?|månedene|måneder?s?|månadene|månader?|mnd\.?|months?|"
                             r"årene|åra|år(?:s)?|years?|dagene|dagane|dager?|dagar|days?)"
                             r"(?!\w)", re.IGNORECASE)
_FRACTION_RE = re.compile(r"(?<!\w)(halv|hel|heil|full|fullt|fulltids|half|full-time)(?!\w)\s*(?:-\s*)?"
                          r"(?:\w+\s+){0,1}(?:stilling|tid|kurativ|curative|time|avtale|driftsavtale|årsverk|hjemmel|"
                          r"heimel)", re.I)  # not the whole a share is taken of ("40 prosent av full avtale")
# A share named as a fraction in words, before "av"/"of": "en tidel av", "ein femtedel av", "a quarter of".
_PART_DENOMINATORS = {"halvpart": 2, "halvparten": 2, "tredjedel": 3, "tredel": 3, "fjerdedel": 4, "firedel": 4,
                      "femtedel": 5, "femdel": 5, "tidel": 10, "tiendedel": 10, "tiandedel": 10, "half": 2, "third": 3,
                      "quarter": 4, "fifth": 5, "tenth": 10}
_PART_OF_RE = re.compile(r"(?<!\w)((?:en|ein|ei|et|eitt|one|a)\s+)?(" + "|".join(sorted(_PART_DENOMINATORS, key=len,
                         reverse=True)) + r")(?:en|a)?\s+(?:av|of)\b", re.I)
# Words that turn the next few words around ("ikke alene", "not health-related", "isn't a specialist").
NEGATIONS = frozenset("ikke ikkje not isn't isnt aren't wasn't doesn't don't no uten utan without never aldri ingen inga "
                      "neither nor verken hverken korkje".split())
_NEGATED = re.compile(r"(?<![\w'])(?:" + "|".join(map(re.escape, sorted(NEGATIONS, key=len, reverse=True)))
                      + r")\s+(?:\w+\s+)?$", re.IGNORECASE)  # a share denied: "ikke fullt kurativt"
_MONTH_RE = re.compile(r"(?<![\w.])(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?(?:\s+(\d{4}))?(?!\w)",
                       re.IGNORECASE)
_YEAR_RE = re.compile(r"(?<![\d.,/-])((?:19|20)\d{2})(?!\d)(?![.,/-]\d)")
_AGE_RE = re.compile(r"(?<!\w)(?:jeg|eg|legen|han|hun|ho|i|i'm)\s+(?:er|am|is|blir|vert|fyller|fyll|turns?)\s+(\d{2})"
                     r"(?!\s*(?:%|prosent|\d))|(?<!\w)(?:fyller|fylt|turning|turned|aged?)\s+(\d{2})(?![\d,.]\d)|(\d{2})\s*år\s*gammel"
                     r"|(\d{2})\s*(?:years?\s*old)"
                     r"|(?<!\w)i['’]m\s+(\d{2})(?!\s*(?:%|prosent|percent|\d))"  # "I'm 66 with 2 200 on my list"
                     # a profile opening a sentence, its subject left out: "61 år og 1333 pasienter", "Er 65, lista …"
                     r"|(?:^|[.;:!?]\s+)(\d{2})\s*år(?=\s*(?:,|og\b|and\b|[.;:!?]|$))"
                     r"|(?:^|[.;:!?]\s+)(?:er|is|am)\s+(\d{2})(?=\s*(?:,|og\b|and\b|år\b))"
                     # "one of our GPs is 68 and …", "Dr. Lie er 64.": a person and a bare two-digit number ending the clause
                     r"|(?<!\w)(?:\w*leg\w*|gps?|doctors?|kolleg\w*|colleagues?|she|he|og|and|dr\.?\s+\w+)\s+(?:er|is|blir|vert)\s+"
                     r"(\d{2})(?=\s*(?:[,.;:?!)]|$)|\s+(?:og|and|men|but|år|years)\b)",
                     re.IGNORECASE)
# a season is read as its middle month ("sommeren 2024": July, when the summer's rates apply)
_SEASONS = {"vår": 4, "spr": 4, "som": 7, "sum": 7, "høs": 10, "hos": 10, "hau": 10, "aut": 10, "fal": 10, "vin": 1}
_SEASON_WORDS = (r"(våren|spring|sommeren|sommer|sumaren|summer|høsten|høst|hosten|host|hausten|haust|autumn|fall|vinteren|"
                 r"vinter|winter)")  # ("hosten": typed without æøå)
# "i høst", "in the autumn of 2022"; with a year the season needs no preposition ("Gjeld hausten 2022", "(autumn 2022)")
_SEASON_RE = re.compile(r"(?<!\w)(?:(?:i|in|in\s+the|om)\s+" + _SEASON_WORDS + r"(?:,?\s+(?:of\s+)?((?:19|20)\d{2}))?|"
                        + _SEASON_WORDS + r",?\s+(?:of\s+)?((?:19|20)\d{2}))(?!\w)", re.IGNORECASE)
_WEEK_RE = re.compile(r"(?<!\w)(?:uke|veke|week)\s+(\d{1,2})(?!\d)", re.IGNORECASE)
_UNIT_MONTHS = ("mån", "mnd", "month", "måna")


# Clauses: "når"/"when" asks for a date as a question word ("når løper fristen ut"), where a verb follows; as a
# conjunction ("når jeg er 62", "when she turns 70") a subject follows it. A condition clause (a conjunction and
# its subject, to the next comma or the end) says what is assumed, not what is asked.
SUBJECT = (r"(?:jeg|eg|du|vi|me|han|hun|ho|hen|den|det|man|en|ein|ei|legen|fastlegen|kommunen|lista|listen|i|we|you|"
           r"he|she|it|they|the|my|our|a|an)")
WHEN_RE = re.compile(rf"\b(?:når|nar|when)\b(?!\s+{SUBJECT}\b)", re.IGNORECASE)
CONDITION_RE = re.compile(rf"\b(?:når|nar|hvis|dersom|viss|if|when|once)\s+{SUBJECT}\b[^,;.?!]*", re.IGNORECASE)


_HAS_QUESTION_WORD = re.compile(r"(?<!\w)" + QUESTION_WORD_RE.pattern, re.IGNORECASE)


def asking_sentence(text: str) -> tuple[int, str]:
    """Where the sentence that asks starts, and its text (the last one with "?", else the last one with a question
    word, else the last sentence): "vil redusere lista fra 1. mars. siste frist for å drøfte det?" asks in its second
    sentence."""
    # a full stop after a day's number ends no sentence ("1. juli", "31. okt" are dates)
    sentences = [m for m in re.finditer(r"\S.*?(?:(?:[?!]|(?<!\b\d)(?<!\b\d\d)\.)(?=\s|$)|$)", text, re.DOTALL)
                 if m.group().strip()]
    asked = next((m for m in reversed(sentences) if "?" in m.group()), None)
    # without "?": the last sentence with a question word ("Lurer på hva jeg får. Har mange pasienter."), else the last
    asked = asked or next((m for m in reversed(sentences) if _HAS_QUESTION_WORD.search(m.group())),
                          sentences[-1] if sentences else None)
    return (asked.start(), asked.group()) if asked else (0, "")


def asked_sentences(text: str) -> str:
    """The sentences that ask: those with "?", else the one ``asking_sentence`` finds. A value named in the story
    around them ("Vi er usamde om kor mykje eg skal betale. Kan ei lokal nemnd avgjere det?") is not asked for."""
    asked = list(re.finditer(r"[^?]*?[^\s?][^?]*\?", text))
    if not asked:
        return asking_sentence(text)[1] or text
    # of the text up to the first "?", only its last sentence asks: what comes before belongs to the story
    head = asking_sentence(text[: asked[0].end()])[1]
    return " ".join(x.strip() for x in (head, *(m.group() for m in asked[1:]))).strip() or text


def asking_text(text: str) -> str:
    """The text without its condition clauses (``CONDITION_RE``): "When I buy the practice, is the municipality
    part of it?" asks "is the municipality part of it?"."""
    rest = CONDITION_RE.sub(" ", text)
    return re.sub(r"^[\s,;]+", "", re.sub(r"\s{2,}", " ", rest)).strip() or text


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int


_BOUNDS = {**dict.fromkeys(("under", "below", "høyst", "opptil", "mindre enn", "færre enn", "færri enn", "less than",
                            "fewer than", "at most", "up to"), "<"),
           **dict.fromkeys(("over", "above", "minst", "mer enn", "meir enn", "flere enn", "fleire enn", "more than",
                            "at least"), ">")}


@dataclass(frozen=True)
class Mention:
    """A value in the question. ``kind``: number | percent | money | date | month | year | week | duration | age."""

    kind: str
    value: Any
    start: int
    end: int
    raw: str
    unit: str = ""
    before: tuple[str, ...] = ()  # up to six words before, nearest first
    after: tuple[str, ...] = ()   # up to six words after, nearest first
    alternative: Any = None       # "1 500 eller 1 600", "1500-1600": the other value the user gave for it

    @property
    def bound(self) -> str:
        """"<" or ">" when the words before make the value a limit, not the value ("under 5000 innbyggere",
        "fewer than 500", "minst 1200"): general comparatives, in the canonical (bokmål) text."""
        one = self.before[0] if self.before else ""
        two = f"{self.before[1]} {one}" if len(self.before) > 1 else ""
        return _BOUNDS.get(two) or _BOUNDS.get(one, "")

    @property
    def is_int(self) -> bool:
        return isinstance(self.value, (int, float)) and float(self.value).is_integer()


@dataclass(frozen=True)
class Question:
    raw: str
    text: str                      # lower case, æøå restored, common nynorsk/English function words in bokmål
    language: str                  # "nb" | "nn" | "en"
    words: tuple[Word, ...]
    mentions: tuple[Mention, ...]
    today: date
    stated_today: date | None = None  # "i dag er det 31. juli 2025"
    impossible_dates: tuple[str, ...] = ()  # "31.02.2025": written as a date, but no calendar has it
    span_months: tuple[int, int] | None = None  # months named as a span ("for et halvår", "i 3 måneder", "fire
    # utbetalinger") and where in the text

    def tokens(self) -> tuple[str, ...]:
        return tuple(w.text for w in self.words)

    @cached_property
    def parts(self) -> tuple[str, ...]:
        """The questions asked, as typed (``language.question_parts``): one when the text asks one thing."""
        return tuple(question_parts(self.raw))

    def of_kind(self, *kinds: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind in kinds]


def _parse_number(raw: str, scale: str | None) -> float | None:
    s = raw.replace("\u00a0", " ").replace("\u202f", " ")
    if re.fullmatch(r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?", s):
        value = float(s.replace(" ", "").replace(".", "").replace(",", "."))
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+", s) and not scale:
        value = float(s.replace(",", ""))  # "1,250 patients": an English thousands separator
    elif re.fullmatch(r"\d+(?:[.,]\d+)?", s):
        value = float(s.replace(",", "."))
    else:
        return None
    if scale:
        value *= _SCALE[scale.lower()]
    return value


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _context(text: str, words: tuple[Word, ...], start: int, end: int, n: int = 6
             ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Up to ``n`` words each side, nearest first; a comma or dash between counts as a word (","), and the
    context stops at the end of a sentence."""
    def gap_marks(gap: str) -> list[str] | None:
        if re.search(r"[.?!;:](?:\s|$)", gap) or "\n" in gap:
            return None
        return [","] if re.search(r"[,–—()]|\s-\s", gap) else []

    after: list[str] = []
    pos = end
    for w in (w for w in words if w.start >= end):
        marks = gap_marks(text[pos:w.start])
        if marks is None:
            break
        after += marks + [w.text]
        pos = w.end
    before: list[str] = []
    pos = start
    for w in reversed([w for w in words if w.end <= start]):
        marks = gap_marks(text[w.end:pos])
        if marks is None:
            break
        before += marks + [w.text]
        pos = w.start
    return tuple(before[:n]), tuple(after[:n])


_NEGATIVE_BEFORE = re.compile(r"(?:^|[\s(])([-−–]|minus\s+)$", re.IGNORECASE)  # not a range's dash ("1500-1600")


def _numbers(text: str, taken: list[tuple[int, int]], language: str) -> list[tuple[str, float, int, int, str]]:
    out = []
    for m in _NUMBER_RE.finditer(text):
        if _overlaps(m.start(), m.end(), taken):
            continue
        value = _parse_number(m.group(1), m.group(2))
        if value is not None:
            sign = _NEGATIVE_BEFORE.search(text[:m.start()])
            if sign:  # "-5", "minus 5": a negative number (the calculators say why it cannot be)
                out.append(("number", -value, sign.start(1), m.end(), text[sign.start(1):m.end()]))
            else:
                out.append(("number", value, m.start(), m.end(), m.group(0)))
    words: list[tuple[str, float, int, int, str]] = []
    for m in _WORD_NUMBER_RE.finditer(text):
        if _overlaps(m.start(), m.end(), taken):
            continue  # (articles such as "en"/"one" count as 1 only right before their noun: see plan.role_score)
        if m.group(1).lower() in FALSE_FRIEND_NUMBERS.get(language, frozenset()):
            continue  # a common word of the question's language, not a number of the other one
        value = float(_SMALL[m.group(1).lower()] * (_SCALE[m.group(2).lower()] if m.group(2) else 1))
        prev = words[-1] if words else None
        last = prev[4].replace("-", " ").split()[-1].lower() if prev is not None else ""
        scale = _SCALE.get(last, 10 if _SMALL.get(last, 0) in range(20, 100, 10) else 0)  # "twenty-five"
        gap = text[prev[3]:m.start()] if prev is not None else ""
        if prev is not None and value < scale and _ADD_GAP.fullmatch(gap) and (
                m.group(1).lower() not in _NOT_ADDED or re.search(r"\b(?:og|and)\b", gap, re.I)):
            # "eitt tusen åtte hundre og femti": one number, 1 850 (each part smaller than the scale before it)
            words[-1] = ("number", prev[1] + value, prev[2], m.end(), text[prev[2]:m.end()])
            continue
        words.append(("number", value, m.start(), m.end(), m.group(0)))
    return out + words


_NOT_ADDED = frozenset("a an en ein ei ett eitt one to".split())  # "eight hundred a list", "nine hundred to ten hundred"
_ADD_GAP = re.compile(r"\s+(?:(?:og|and)\s+)?|-", re.IGNORECASE)  # between the parts of one number written in words


# Words after which a number such as 2000 is a year ("i 2000", "fra 2019", "høsten 2024"), whatever follows.
_TIME_BEFORE = frozenset("i in fra frå from siden sidan since til until før etter before after innen by år året year "
                         "mellom between per pr høsten hausten våren sommeren sumaren vinteren autumn spring summer "
                         "winter fall ut om during".split()) | frozenset(MONTHS)
_COUNT_ROLES = ("listeinnbyggere", "listetak", "kommune_innbyggere", "hjemler", "sum_listeinnbyggere",
                "gjennomsnittsliste")


def _fold(word: str) -> str:
    return word.replace("å", "a").replace("ø", "o").replace("æ", "ae")  # "pa lista" is "på lista" typed without æøå


def _folded_cues(roles: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(_fold(p) for p in cue_parts(c)) for role in roles for c in ROLE_CUES.get(role, ()))


_COUNT_CUES = _folded_cues(_COUNT_ROLES)
_COUNTED_CUES = _folded_cues(("listeinnbyggere", "kommune_innbyggere", "hjemler"))  # nouns after the number counted
_GLUE = frozenset("på pa er is of at".split())  # "lista mi er på 1990", "list of 2050"


def _counts_something(text: str, words: tuple[Word, ...], start: int, end: int) -> bool:
    """A number shaped like a year (1900-2099) that counts something: the noun of a count right after it ("2000
    pasienter", "1990 pa lista"), or a count's label right before it ("listetak 1950", "lista mi er på 1990";
    ``lexicon.ROLE_CUES``), not itself the noun of an earlier number ("1500 pasienter 2025"). A time word right
    before it makes it a year ("i 2025 pasienter 1500")."""
    before, after = _context(text, words, start, end, n=4)
    if before and before[0] in _TIME_BEFORE:
        return False
    after_f = tuple(_fold(w) for w in after)
    if any(matches_at(after_f, 0, c) for c in _COUNTED_CUES):
        return True
    back = tuple(_fold(w) for w in reversed(before))
    ends = [len(back) - 1] + ([len(back) - 2] if back and back[-1] in _GLUE else [])
    return any(matches_at(back, e - len(c) + 1, c) and (e - len(c) < 0 or not back[e - len(c)][:1].isdigit())
               for e in ends for c in _COUNT_CUES)


# A year on its own for the refusal rules ("i 2027.", "2026-2027"; not "1.3.2027", "2027,5").
_NAMED_YEAR_RE = re.compile(r"(?<![\d.])(20\d{2})(?!\d|[.,]\d)")


@lru_cache(maxsize=1024)
def named_years(raw: str) -> tuple[int, ...]:
    """The years a text names on their own, without a count shaped like one ("2050 pasienter", ``_counts_something``)."""
    low = raw.replace("\u2019", "'").lower()
    words = tuple(Word(m.group(0), m.start(), m.end()) for m in WORD_RE.finditer(low))
    return tuple(int(m.group(1)) for m in _NAMED_YEAR_RE.finditer(low)
                 if not _counts_something(low, words, m.start(1), m.end(1)))


_PERIOD_RE = re.compile(r"\b((?:19|20)\d\d)\s*[–/-]\s*((?:19|20)?\d\d)\b")


def named_periods(raw: str) -> tuple[tuple[int, int], ...]:
    """Periods a text names by two years ("2026–2027", "2022/23"): how agreements name their versions."""
    found = []
    for m in _PERIOD_RE.finditer(raw):
        start, end = int(m.group(1)), int(m.group(2))
        end = end if end >= 100 else start // 100 * 100 + end
        if 0 <= end - start <= 5:
            found.append((start, end))
    return tuple(found)


_LIST_GAP = re.compile(r"\s*(,)?\s*(og|and|eller|or|&)?\s*", re.IGNORECASE)  # between two values of a list
_OR_RE = re.compile(r"\s*(?:eller|or|til|to|-|–|/)\s*(?:kanskje\s+|maybe\s+|ca\.?\s+)?$", re.IGNORECASE)


def _alternative(text: str, found: list[tuple[Any, ...]], i: int) -> Any:
    """The value joined to mention ``i`` by "eller"/"or"/a dash ("1 500 eller 1 600", "1500-1600"), if any."""
    kind = found[i][0]
    for j in (i - 1, i + 1):
        if 0 <= j < len(found) and found[j][0] == kind:
            a, b = (found[j], found[i]) if j < i else (found[i], found[j])
            if _OR_RE.fullmatch(text[a[3]:b[2]]) and found[j][1] != found[i][1]:
                return found[j][1]
    return None


def _stated_today(text: str, dates: list[Any], today: date) -> date | None:
    """The date the question says today is: "i dag er det 3. januar 2027", or a date beside "i dag" (``named_today``)."""
    for d in dates:
        if re.search(r"(?:i dag er det|i dag er|today is|it is now|idag er det)\s+(?:\w+\s+)?$", text[: d.start]):
            return d.value
    return named_today(text, today)


_FRAME_RE = re.compile(r"(?:\bi|\bin|høsten|hausten|våren|sommeren|sumaren|vinteren|autumn|spring|summer|winter|"
                       r"\bfall|løpet av|during|halvår\w*|kvartal\w*|\båret|\bhalf|quarter)\s+$|\($")
_BIRTH_RE = re.compile(r"(?:født|fødd|fodt|fodd|born|birth|fødselsdato|dob)\W+(?:\w+\W+){0,2}$")


def _years_from_neighbours(text: str, found: list[tuple[str, Any, int, int, str, str]],
                           today: date) -> list[tuple[str, Any, int, int, str, str]]:
    """A day or month written without a year ("fikk det 6. mai") beside a date or month written with one ("sendt 2. mai 2025", "hausten 2025")
    takes its year from that date: written after it, the first such day on or after it ("15. desember 2024 … svar
    3. januar" is 2025, "fra 1. juli 2024 til i mai" May 2025); written before it, the nearest one. A birth date is
    no such neighbour. With none, a year named near the present ("høsten 2025") gives its year; else today's stays."""
    seasons = [f for f in found if f[0] == "month" and f[5] == "" and _SEASON_RE.search(f[4])]  # a span, not a day
    anchors = [(f if f[0] == "date" else (f[0], date(f[1][0], f[1][1], 1), *f[2:])) for f in found
               if f[0] in ("date", "month") and f[5] == "" and not _BIRTH_RE.search(text[:f[2]]) and f not in seasons]
    # a year named as a time frame near the present ("i 2025", "hausten 2025"), not a start ("siden 2024")
    years = [f for f in found if f[0] == "year" and abs(f[1] - today.year) <= 3 and _FRAME_RE.search(text[:f[2]])]
    years += [("year", f[1][0], *f[2:]) for f in seasons if abs(f[1][0] - today.year) <= 3]
    if not anchors and not years:
        return found
    out = []
    for f in found:
        kind, value, start, end, rawv, unit = f
        if kind not in ("date", "month") or unit != "uten_år":
            out.append(f)
            continue
        if not anchors:  # a year named on its own ("høsten 2025 … den 25. august"): that year
            near = min(years, key=lambda a: min(abs(a[2] - end), abs(start - a[3])))
            out.append((kind, value.replace(year=near[1]) if kind == "date" and not (value.month == 2 and value.day == 29)
                        else (near[1], value[1]) if kind == "month" else value, start, end, rawv, unit))
            continue
        near = min(anchors, key=lambda a: min(abs(a[2] - end), abs(start - a[3])))
        anchor = near[1]
        month, day = (value.month, value.day) if kind == "date" else (value[1], 28)

        def on(year: int) -> date:
            return date(year, month, min(day, 28) if month == 2 else day)
        if start > near[2]:
            year = anchor.year if on(anchor.year) >= anchor else anchor.year + 1
        else:
            year = min((anchor.year - 1, anchor.year, anchor.year + 1), key=lambda y: abs((on(y) - anchor).days))
        if kind == "date":
            try:
                new_value: Any = value.replace(year=year)
            except ValueError:  # 29. februar in a year without it
                new_value = value
        else:
            new_value = (year, month)
        out.append((kind, new_value, start, end, rawv, unit))
    return out


def parse_question(raw: str, today: date) -> Question:
    """The ``Question`` for ``raw`` (already checked by ``normalize.check_input``)."""
    text = raw.replace("\u2019", "'").lower()
    read_as = language_of(raw, default="")  # "" when no function word says: every number word is then read
    language = read_as or "nb"  # (what language_of(raw) gives)
    words = tuple(Word(m.group(0), m.start(), m.end()) for m in WORD_RE.finditer(text))
    dates = find_dates(raw, today)
    stated = _stated_today(text, dates, today)
    if stated is not None and stated != today:
        dates = find_dates(raw, stated)
    base = stated or today
    found: list[tuple[str, Any, int, int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for d in dates:
        found.append(("date", d.value, d.start, d.end, d.raw, "" if d.has_year else "uten_år"))
        taken.append((d.start, d.end))
    for m in _MONTH_RE.finditer(text):
        if _overlaps(m.start(), m.end(), taken):
            continue
        name = m.group(1).lower()
        if not m.group(2) and (name in ("mar", "may", "des", "jan", "jun", "jul", "aug", "sep") or
                               not re.search(r"(?:i|for|in|fra|frå|from|of|måned|månad|month)\s+$", text[: m.start()])):
            continue  # a short form or a month named without "i/for/in" is too often another word
        year = int(m.group(2)) if m.group(2) else base.year
        found.append(("month", (year, MONTHS[name]), m.start(), m.end(), m.group(0), "" if m.group(2) else "uten_år"))
        taken.append((m.start(), m.end()))
    for m in _SEASON_RE.finditer(text):
        if not _overlaps(m.start(), m.end(), taken):
            name, year = m.group(1) or m.group(3), m.group(2) or m.group(4)
            found.append(("month", (int(year) if year else base.year, _SEASONS[name.lower()[:3]]),
                          m.start(), m.end(), m.group(0), "" if year else "uten_år"))
            taken.append((m.start(), m.end()))
    for m in _WEEK_RE.finditer(text):
        if not _overlaps(m.start(), m.end(), taken):
            found.append(("week", int(m.group(1)), m.start(), m.end(), m.group(0), ""))
            taken.append((m.start(), m.end()))
    for m in _AGE_RE.finditer(text):
        g = next(x for x in m.groups() if x)
        start = m.start() + m.group(0).rfind(g)
        if 18 <= int(g) <= 99 and not _overlaps(start, start + 2, taken):
            found.append(("age", int(g), start, start + 2, g, ""))
            taken.append((start, start + 2))
    for m in _YEAR_RE.finditer(text):
        if not _overlaps(m.start(), m.end(), taken) and not _counts_something(text, words, m.start(), m.end()):
            found.append(("year", int(m.group(1)), m.start(), m.end(), m.group(0), ""))
            taken.append((m.start(), m.end()))
    for m in _FRACTION_RE.finditer(text):
        if _WHOLE_OF.search(text[:m.start()]) or _NEGATED.search(text[:m.start()]):
            continue  # the whole a share is taken of ("40 prosent av en full stilling"), not a share; nor a share
            # denied ("jobber ikke fullt kurativt", "not full-time")
        share = {"halv": 50.0, "half": 50.0}.get(m.group(1).lower(), 100.0)
        found.append(("percent", share, m.start(), m.start() + len(m.group(1)), m.group(0), "ord"))
    for m in _PART_OF_RE.finditer(text):  # "ein tidel av basistilskotet", "a quarter of": a share in words
        found.append(("percent", round(100.0 / _PART_DENOMINATORS[m.group(2).lower()], 2), m.start(), m.end(), m.group(0),
                      "ord"))
        taken.append((m.start(), m.end()))
    for kind, value, start, end, rawnum in _numbers(text, taken, read_as):
        tail = text[end:end + 14]
        head = text[max(0, start - 6):start]
        if (pm := _PERCENT_AFTER.match(tail)) and kind == "number":
            found.append(("percent", value, start, end + pm.end(), rawnum, ""))
        elif _MONEY_AFTER.match(tail) or _MONEY_BEFORE.search(head):
            found.append(("money", value, start, end, rawnum, "kr"))
        elif (dm := _DURATION_AFTER.match(tail)) and value <= 120 and rawnum.lower() not in ("a", "an", "en", "ei", "ett", "eitt", "one"):
            unit = dm.group(1).lower()
            unit = ("uker" if unit.startswith(("uk", "vek", "week")) else "maaneder" if unit.startswith(_UNIT_MONTHS)
                    else "dager" if unit.startswith(("dag", "day")) else "ar")
            found.append(("duration", value, start, end + dm.end(), rawnum, unit))
        else:
            found.append((kind, value, start, end, rawnum, ""))
    found = _years_from_neighbours(text, found, base)
    mentions = []
    found.sort(key=lambda f: f[2])
    # "68 000, 70 500 og 69 100 kr", "20 eller 40 %": a list shares its unit. A list ends with "og"/"eller" before
    # its last value; a comma alone ("klasse 2, 100 % avtale") separates clauses.
    chained = False
    for i in range(len(found) - 2, -1, -1):
        kind, value, start, end, rawv, unit = found[i]
        nxt, gap = found[i + 1], text[end:found[i + 1][2]]
        sep = _LIST_GAP.fullmatch(gap)
        joined = sep is not None and (sep.group(2) is not None or (chained and sep.group(1) is not None))
        chained = kind == "number" and nxt[0] in ("money", "percent") and joined
        if chained:
            found[i] = (nxt[0], value, start, end, rawv, nxt[5])
    for i, (kind, value, start, end, rawv, unit) in enumerate(found):
        before, after = _context(text, words, start, end)
        mentions.append(Mention(kind, value, start, end, rawv, unit, before, after, _alternative(text, found, i)))
    return Question(raw=raw, text=canonical_text(raw), language=language, words=words,
                    mentions=tuple(mentions), today=base, stated_today=stated,
                    impossible_dates=tuple(impossible_dates(raw, base)), span_months=_span_months(text, mentions))


# "et halvår", "første kvartal", "half a year": a span of months named by a word; "fire utbetalinger", "3 payments":
# a count of monthly payments
_SPAN_WORDS = re.compile(r"(?<!\w)(?:(halvår\w*|halvt\s+år|half[\s-]+(?:a\s+)?year)|(kvartal\w*|quarter))(?!\w)", re.I)
_PAYMENTS = re.compile(r"\s*(?:månedlige\s+|monthly\s+)?(?:utbetaling\w*|payments?|månedsutbetaling\w*)(?!\w)", re.I)
_WINDOW_BEFORE = frozenset("siste last past previous forrige føregåande foregående".split())  # "de siste 3 mnd": a window


def _span_months(text: str, mentions: Sequence[Mention]) -> tuple[int, int] | None:
    """A span of months other than one month or a year (which the calculators give anyway), and where it stands: a
    duration in months (not a window back in time, "de siste 3 månedene"), a half year or a quarter, or a count of
    payments."""
    for m in mentions:
        if m.kind == "duration" and m.unit == "maaneder" and m.is_int and not _WINDOW_BEFORE & set(m.before[:2]):
            return (int(m.value), m.start) if 1 < m.value != 12 else None
        if m.kind == "number" and m.is_int and 1 < m.value <= 60 and _PAYMENTS.match(text[m.end:m.end + 30]):
            return int(m.value), m.start
    found = _SPAN_WORDS.search(text)
    return ((6 if found.group(1) else 3), found.start()) if found else None


__all__ = ["Question", "Mention", "Word", "parse_question", "named_years", "QUESTION_WORD_RE"]
