"""Route a question: a calculator call, a clarifying question, or a plain search.

``route_question(question, today)`` parses the question once (``question.parse_question``) and plans it
(``plan.plan``). Questions about other professions than GPs never reach the GP calculators.
Pure function: no tool is executed here (see ``pipeline.py``).
"""
from __future__ import annotations

import re
from datetime import date

from .plan import SEARCH, Route, plan
from .question import Question, parse_question

# Professions the calculators do not cover (they compute the GP agreements' amounts and deadlines).
_NON_GP_ROLE = re.compile(r"\b(?:fysioterapeut|tannleg|psykolog|sykepleier|helsesykepleier|jordm[oø]d|kiropraktor|"
                          r"ergoterapeut|farmasøyt|logoped|optiker|physiotherapist|dentist|psychologist|nurse|midwife)\w*")
_GP_ROLE = re.compile(r"fastleg|allmennleg|\blegen?\b|\bgp\b|\bdoctor")


def route_parsed(q: Question) -> Route:
    if _NON_GP_ROLE.search(q.text) and not _GP_ROLE.search(q.text):
        return SEARCH  # "hvor mye driftstilskudd får en fysioterapeut": not the GP calculator's question
    return plan(q)


def route_question(question: str, today: date, vocabulary: set[str] | None = None) -> Route:
    """Decide how to answer ``question`` (already cleaned by ``normalize.check_input``)."""
    return route_parsed(parse_question(question, today))


__all__ = ["Route", "SEARCH", "route_question", "route_parsed"]
