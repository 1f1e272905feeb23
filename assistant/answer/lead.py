"""The answer-first line: "Ja." / "Nei." or the duration, amount or date asked for, read from the lead sentence.

Only when the sentence settles it clearly: a yes/no question whose verb the sentence repeats (negated or not),
or exactly one value of the asked kind in the sentence. Otherwise None, and the answer is just the quote.
Pure functions.
"""
from __future__ import annotations

import re

from .evidence import answer_type

_NEG = r"(?:ikke|ingen|intet|aldri|ikkje|inga|not|no)"
_DURATION_RE = re.compile(r"(?:\d+(?:,\d+)?|\b(?:en|ett|ei|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|femten|"
                          r"tjue))(?:\s*[–-]\s*\d+)?\s+(?:dager|dag|uker|uke|måneder|måned|år|timer|time|minutter)\b", re.I)
_MONTHS = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
_DATE_RE = re.compile(rf"\b\d{{1,2}}\.\s*\d{{1,2}}\.\s*\d{{4}}\b|\b\d{{1,2}}\.\s*(?:{_MONTHS})\s+\d{{4}}\b", re.I)
_REFERENCE_RE = re.compile(r"\b(?:boks|figur|tabell|kapittel|kap\.|punkt|pkt\.|avsnitt|vedlegg|nr\.)\s*[\d.\-–]+|§+\s*[\d\-–]+",
                           re.I)
_AMOUNT_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:[  ]\d{3})*(?:,\d+)?\s*(?:%|prosent\b|kroner\b|kr\b|millioner\b|milliarder\b"
                        r"|mill\.|mrd\.)(?:\s+kroner\b)?", re.I)


def _values(pattern: re.Pattern[str], sentence: str) -> list[str]:
    text = _REFERENCE_RE.sub(" ", sentence)
    return list(dict.fromkeys(m.group(0).strip() for m in pattern.finditer(text)))


def yes_no(question: str, sentence: str) -> str | None:
    """"Ja." or "Nei." when the sentence repeats the question's opening verb ("Kan kommunen …?" — "Kommunen kan
    …" / "kan ikke …"); None when the question itself is negated or the sentence does not use the verb."""
    words = question.lower().split()
    if not words or re.search(rf"\b{_NEG}\b", question.lower()):
        return None
    verb = re.sub(r"\W", "", words[0])
    if len(verb) < 2:
        return None
    uses = list(re.finditer(rf"\b{re.escape(verb)}\b((?:\s+\S+){{0,3}})", sentence.lower()))
    if len(uses) != 1:
        return None
    if re.search(rf"\b{_NEG}\b", uses[0].group(1)):
        return "Nei."
    if re.search(rf"\b{_NEG}\b", sentence.lower()):
        return None  # negated elsewhere: not clear enough
    return "Ja."


def answer_line(question_bokmaal: str, sentence: str) -> str | None:
    """The first line of the answer (see the module docstring), or None."""
    kind = answer_type(question_bokmaal)
    if kind == "yes_no":
        return yes_no(question_bokmaal, sentence)
    pattern = {"duration": _DURATION_RE, "date": _DATE_RE, "amount": _AMOUNT_RE}.get(kind)
    if pattern is None:
        return None
    found = _values(pattern, sentence)
    if kind == "date" and len(found) == 2 and re.search(re.escape(found[0]) + r"\s*(?:til|–|-)\s*" + re.escape(found[1]),
                                                          sentence):
        return f"Kort svar: {found[0]} til {found[1]}."
    if len(found) != 1:
        return None
    return f"Kort svar: {found[0]}."


__all__ = ["answer_line", "yes_no"]
