"""What kind of answer a question asks for, and which sentences have that shape. Pure functions.

- a *proposal* question ("hva foreslår utvalget", "etter forslaget", "bør …?") asks for a recommendation: the
  frame words ("foreslår", "forslag") say nothing about the topic, and sentences that recommend answer it;
- a recommendation by a majority ("flertallet") is only half the answer without the minority or the named
  member who disagrees ("et mindretall", "med unntak av X", "medlem X mener");
- a *present-state* question ("i dag", "nå", "gjeldende") asks for the rule or the facts as they are, not for a
  recommendation;
- a *duration* question ("hvor lenge må man vente") is answered by a "<verb>tid" compound ("ventetid");
- a *share* question ("hvor stor andel av fastlegene") is answered by a percentage of that group;
- a *choice* question ("skal X stå i forskrift eller i rammeavtalen?") is answered by a sentence that takes one
  alternative and rejects the other ("… i fastlegeforskriften og ikke i rammeavtalen").
"""
from __future__ import annotations

import re

from .sentences import content_stems

_PROPOSAL_Q_RE = re.compile(r"\b(?:foresl\w*|forslag\w*|anbefal\w*|tilr[åa]\w*|fraråd\w*|bør|burde|propos\w*|"
                            r"recommend\w*|should)\b|\bhva (?:mener|synes|vil)\b|\bkva (?:meiner|vil)\b|\bgår inn for\b",
                            re.I)
# Words that frame a proposal question; they are not what the question is about.
FRAME_STEMS = frozenset(content_stems("foreslår foreslått forslag anbefaler anbefaling anbefalt tilrår mener meiner "
                                      "bør burde propose proposal recommend recommendation"))
_RECOMMENDS_RE = re.compile(r"\b(?:anbefal\w*|foresl\w*|tilr[åa]r|fraråd\w*|bør|går inn for|vil tilrå)\b", re.I)
_MAJORITY_RE = re.compile(r"\bflertall\w*", re.I)
_DISSENT_RE = re.compile(r"\bmindretall\w*|\bmed unntak av\b|\bdissens\w*|\b[Mm]edlem(?:met|mene|ene)?\s+(?:[A-ZÆØÅ]\w+)|"
                         r"\b[A-ZÆØÅ][a-zæøå]+ og [A-ZÆØÅ][a-zæøå]+ (?:mener|er mot|fraråder|går imot)|"
                         r"\b(?:er uenig|fraråder|går imot|stemmer mot)\b")
_PRESENT_Q_RE = re.compile(r"\bi dag\b|\bnå\b|\bper i dag\b|\bdagens\b|\bgjeldende\b|\bcurrently\b|\btoday\b|\bnow\b", re.I)
_DURATION_Q_RE = re.compile(r"\b(?:hvor|kor) (?:lenge|lang tid|lang)\b|\bhow long\b", re.I)
# "Hvor mange X …?": X is what the question asks a count of ("uansett hvor mange …" asks for none).
COUNT_Q_RE = re.compile(r"(?<!uansett )(?<!same )(?:hvor mange|kor mange|how many|antall|antallet)\s+(?:av\s+|of\s+)?"
                        r"([a-zæøå][\w-]*)", re.I)
_SHARE_Q_RE = re.compile(r"\b(?:hvor stor|kor stor|hvilken|how large an?|what) (?:andel|del|share|proportion|prosent\w*)"
                         r"\s+(?:av\s+|of\s+)?(?:de\s+|dei\s+|the\s+)?([a-zæøå][\w-]*)", re.I)


def asks_proposal(question: str) -> bool:
    """"Hva foreslår utvalget?", "Hvem skal kunne eie … etter forslaget?", "Bør basistilskuddet økes?"."""
    return bool(_PROPOSAL_Q_RE.search(question))


def asks_present(question: str) -> bool:
    """The question asks how things are now ("i dag", "nå", "gjeldende") and not what is proposed."""
    return bool(_PRESENT_Q_RE.search(question)) and not asks_proposal(question)


def asks_duration(question: str) -> bool:
    return bool(_DURATION_Q_RE.search(question))


def recommends(sentence: str) -> bool:
    """The sentence makes (or opposes) a recommendation."""
    return bool(_RECOMMENDS_RE.search(sentence))


def is_majority_view(sentence: str) -> bool:
    return bool(_MAJORITY_RE.search(sentence))


def is_dissent(sentence: str) -> bool:
    """A minority view or a named member's reservation."""
    return bool(_DISSENT_RE.search(sentence))


def duration_stems(stems: frozenset[str]) -> frozenset[str]:
    """For a "how long" question: "ventetid" also stands for "vent" (the time it takes to wait)."""
    extra = set()
    for s in stems:
        if len(s) >= 6 and s.endswith("tid"):
            base = s[:-3]
            extra.add(base)
            if base.endswith(("s", "e")) and len(base) >= 4:
                extra.add(base[:-1])
    return stems | extra


def head_stem(phrase: str) -> str | None:
    """The first content stem of the phrase a quantity question asks about ("fastlegene" in "andel av
    fastlegene"); None if there is none worth matching."""
    stems = content_stems(phrase)
    return stems[0] if stems and len(stems[0]) >= 3 else None


def share_pattern(question: str) -> re.Pattern[str] | None:
    """For "hvor stor andel av X": a percentage of X ("70 prosent … av fastlegene") or the share of X with a
    percentage ("andelen fastleger … 60 prosent")."""
    m = _SHARE_Q_RE.search(question)
    stem = head_stem(m.group(1)) if m else None
    if stem is None:
        return None
    head = re.escape(stem)
    return re.compile(rf"\d[\d,]*\s*(?:%|prosent)\s+(?:\w+\s+){{0,3}}(?:av\s+)(?:de\s+)?\w*{head}|"
                      rf"\bandel\w*\s+(?:av\s+)?(?:de\s+)?\w*{head}\w*\b.*?\d\s*(?:%|prosent)", re.I)


# "… i forskrift eller i rammeavtalen?": the two alternatives are the last words on each side of "eller"/"or".
_CHOICE_Q_RE = re.compile(r"(\w+)\s*,?\s+(?:eller|or)\s+(?:i\s+|på\s+|som\s+|en\s+|et\s+|ei\s+|in\s+|the\s+)?"
                          r"(\w+)\s*\?", re.I)
_REJECT = r"(?:\bikkje|\bikke|\bframfor|\bfremfor|\bi stedet for|\bsnarere enn|\bheller enn|\bnot|\brather than)"


def choice_pattern(question: str) -> re.Pattern[str] | None:
    """For "A eller B?": a sentence naming one alternative and rejecting the other ("A og ikke i B",
    "B framfor A"). None when the question offers no two alternatives."""
    m = _CHOICE_Q_RE.search(question)
    if not m:
        return None
    stems = [content_stems(m.group(k)) for k in (1, 2)]
    if not all(stems) or any(len(s[0]) < 4 for s in stems):
        return None
    a, b = (re.escape(s[0]) for s in stems)
    between = r"\s+(?:i\s+|på\s+|som\s+|gjennom\s+|en\s+|et\s+|the\s+|in\s+)?(?:\w+\s+)?\w*"
    return re.compile(rf"\w*{a}\w*\b.{{0,40}}{_REJECT}{between}{b}|\w*{b}\w*\b.{{0,40}}{_REJECT}{between}{a}", re.I)


# The people on a list are counted as pasienter, personer or (liste)innbyggere alike.
_PEOPLE = frozenset({"pasient", "person", "listeinnbygger", "innbygger"})
_ANTALL_OF_RE = re.compile(r"\bantall(?:et)?\s+((?:[\wæøå-]+\s+){0,2}?[\wæøå-]+)(?!\s+(?:per|pr\.?)\s)", re.I)
# "antallet er fastsatt til 1500": a whole number (a decimal "0,92" is a rate or a mean)
_ANTALL_VALUE_RE = re.compile(r"\bantall\w*\b[^.]{0,60}?\b(?:til|er|var|på|utgjør|utgjorde)\s+"
                              r"(?:ca\.?\s+|om lag\s+|rundt\s+)?\d[\d  .]*(?![\d,])", re.I)


def counted_alike(head: str) -> frozenset[str]:
    """The stems a count of ``head`` may use in the sources ("pasient" → also "person", "listeinnbygger")."""
    return _PEOPLE if head in _PEOPLE else frozenset({head})


def antall_nouns(sentence: str, before: str = "") -> list[str]:
    """For a sentence that gives an "antall" its value ("… er antallet fastsatt til 1500"): the words naming what
    is counted, in it or in the sentence ``before`` it ("Det antall personer kommunen kan pålegge …"); [] for
    other sentences."""
    if not _ANTALL_VALUE_RE.search(sentence):
        return []
    return [m.group(1) for m in _ANTALL_OF_RE.finditer(f"{before} {sentence}")]
