"""Follow-up questions in a conversation. Pure functions over the history.

History items: ``{"role": "user"|"assistant", "content": str, "answer": dict|None}`` (``answer`` is
``Answer.to_dict()``).

- reply to a clarifying question ("1 500") → merged with the question that asked for it;
- "og hvis lista er 1 800?" after a calculation → the same tool with the new input;
- "hva med nemnda?" → the previous question with its subject replaced ("Hvordan er nemnda sammensatt?");
- "Og når kan hjemmelen hjemfalle?" after a deadline computed for a case → read with the question before it, so the
  case's values are kept for the other calculator;
- "Hvor mange timer i uka?", "Og hvor ofte møtes de?" (a question with at most ``OWN_WORDS`` everyday words of its
  own and no values) → searched with the previous question's words as well.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..language import is_english, zipf
from .normalize import translate_english
from .plan import fill_reply, names_subject, plan, refill
from .question import QUESTION_WORD_RE, parse_question
from .sentences import STOPWORDS

_FOLLOW_UP_START = re.compile(
    r"^\s*(?:og|men|enn|så|hva med|kva med|hva om|kva om|hva hvis|kva viss|og hvis|og om|og dersom|om|hvis|dersom|"
    r"samme|what about|and if|and|what if|how about)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Rewrite:
    """``kind``: none | merge (re-route ``question``) | recalc (run ``tool`` with ``inputs``) | standalone."""

    kind: str
    question: str
    tool: str | None = None
    inputs: dict[str, Any] = field(default_factory=dict)


def _last(history: list[dict[str, Any]], role: str) -> dict[str, Any] | None:
    for item in reversed(history or []):
        if item.get("role") == role:
            return item
    return None


def looks_like_follow_up(question: str) -> bool:
    words = re.findall(r"\w+", question)
    return bool(_FOLLOW_UP_START.match(question)) or len(words) <= 3


# Words that point back to the previous turn (a language resource: bokmål, nynorsk, English).
_ANAPHORS = frozenset("det den dette denne disse samme same it that this those these dei då da også óg too also "
                      "likt tilsvarende".split())


def _refers_back(question: str) -> bool:
    """A short question leaning on the previous turn: it holds a pointing word and at most two content words."""
    words = [w.lower() for w in re.findall(r"\w+", question)]
    content = [w for w in words if w not in STOPWORDS and w not in _ANAPHORS and len(w) > 2]
    return len(words) <= 8 and any(w in _ANAPHORS for w in words) and len(content) <= 2


def _subject(question: str) -> str | None:
    """The new subject of "hva med nemnda?" / "og legevakten?" / "what about the tribunal?"."""
    m = re.match(r"^\s*(?:og\s+)?(?:hva|kva|what|how)\s+(?:med|om|about)\s+(.+?)[?.!]*\s*$", question, re.IGNORECASE)
    if not m:
        m = re.match(r"^\s*(?:og|and|men|enn)\s+(?!hvis|om|dersom|if)(.+?)[?.!]*\s*$", question, re.IGNORECASE)
    subject = m.group(1).strip() if m else None
    if subject and QUESTION_WORD_RE.match(subject):
        return None  # "og hvor ofte møtes de?" asks a new question about the same subject, it names no new one
    return subject


def _content(question: str) -> list[str]:
    return [w for w in re.findall(r"\w+", question.lower()) if w not in STOPWORDS and w not in _ANAPHORS
            and len(w) > 2 and not QUESTION_WORD_RE.fullmatch(w) and not w.isdigit()]


# A follow-up with at most this many words of its own ("Hvor mange timer i uka?", "Og hvor ofte møtes de?") is
# searched together with the previous question's words: its subject is the one already under discussion.
OWN_WORDS = 2
# ... and only when those words are everyday words (general word frequency, Zipf, in Norwegian or English: a question
# this short may be either): "timer", "uka", "ofte", "often" name no
# subject of their own; "listetak", "legevakt", "cap" do ("Hva er listetak?" is a new question).
SUBJECT_ZIPF = 4.6


def _main_noun(question: str) -> str | None:
    """The longest definite-form content word of a question ("samarbeidsutvalget")."""
    cands = [w for w in re.findall(r"[A-Za-zÆØÅæøå]+", question)
             if w.lower() not in STOPWORDS and len(w) >= 4 and re.search(r"(?:en|et|a|ene|get|na|ane)$", w.lower())]
    return max(cands, key=len) if cands else None


def rewrite_follow_up(question: str, history: list[dict[str, Any]] | None, today: date) -> Rewrite:
    """Turn a follow-up into something answerable on its own."""
    if not history:
        return Rewrite("none", question)
    last_answer = (_last(history, "assistant") or {}).get("answer") or {}
    last_user = (_last(history, "user") or {}).get("content", "")
    pending = last_answer.get("pending") or {}
    parsed = parse_question(question, today)
    if pending.get("missing") and pending.get("tool"):
        filled = fill_reply(pending["tool"], dict(pending.get("inputs") or {}), pending["missing"], parsed)
        if filled is not None:
            return Rewrite("recalc", question, pending["tool"], filled)
    if last_answer.get("follow_up") and last_user:
        reply = question
        if re.fullmatch(r"[\d\s.,]+", reply.strip()) and "liste" in last_answer["follow_up"]:
            reply = f"{reply.strip()} listeinnbyggere"
        return Rewrite("merge", f"{last_user} {reply}")
    calls = last_answer.get("tool_calls") or []
    statement = not question.rstrip().endswith("?")
    alone = plan(parsed) if statement and (calls or last_user) else None  # how a statement routes on its own
    # a follow-up, or a statement after a calculation that routes to no other calculator on its own ("Snittet var
    # 70 000 kr i måneden"; not "utjamningstilskudd med 4 500 innbyggere …")
    if calls and (looks_like_follow_up(question)
                  or (alone is not None and (alone.kind == "search" or alone.tool == calls[-1].get("name")))):
        call = calls[-1]
        inputs = refill(call.get("name", ""), call.get("inputs") or {}, parsed)
        if inputs is not None:
            return Rewrite("recalc", question, call.get("name"), inputs)
    if calls and last_user and not parsed.mentions and names_subject(parsed):
        # "Og når kan hjemmelen hjemfalle?" after "Jeg sa opp 15. mars 2025. Når slutter jeg?": another calculator
        # on the same case. Read together with the last question when it computes nothing alone and the two together
        # compute something other than the last calculation (that one is already answered).
        merged = f"{last_user.rstrip()} {question.strip()}"
        last = (calls[-1].get("name"), (calls[-1].get("inputs") or {}).get("variant"))
        if (alone or plan(parsed)).kind != "tool":  # (``alone``: already planned for a statement)
            together = plan(parse_question(merged, today))
            if together.kind == "tool" and (together.tool, together.inputs.get("variant")) != last:
                return Rewrite("merge", merged)
    if alone is not None and last_user and not calls:
        # "oppsigelsesfristen gikk ut 15. januar 2025" after a question about hjemfall: a value given for the last
        # question. Read together with it when it computes nothing alone and the two together do.
        if parsed.mentions and alone.kind != "tool":
            merged = f"{last_user.rstrip()} {question.strip()}"
            if plan(parse_question(merged, today)).kind != "search":
                return Rewrite("merge", merged)
    subject = _subject(question)
    if subject and last_user and looks_like_follow_up(question):
        noun = _main_noun(last_user)
        if noun:
            return Rewrite("standalone", re.sub(rf"\b{re.escape(noun)}\b", subject, last_user, count=1))
        return Rewrite("standalone", f"{last_user.rstrip('?. ')} – {subject}?")
    if last_user and _refers_back(question):
        # "Gjelder det samme for kommunen?", "Does that apply to the municipality too?": the last topic, new subject
        m = re.search(r"\b(?:for|om|til|med|ved|hos|to|about|with|of)\s+([^?.!]+?)(?:\s+(?:too|også|óg))?[?.!]*\s*$",
                      question, re.IGNORECASE)
        subject = m.group(1).strip() if m else question.strip().rstrip("?.! ")
        if is_english(question):
            subject = re.sub(r"^(?:the|a|an)\s+", "", translate_english(subject, True), flags=re.IGNORECASE)
        return Rewrite("standalone", f"{last_user.rstrip('?. ')} – {subject}?")
    asks = re.sub(r"^\s*(?:og|and|men|but|så|so)\s+", "", question, flags=re.IGNORECASE)
    own = _content(question)
    if (last_user and not calls and not parsed.mentions and QUESTION_WORD_RE.match(asks) and len(own) <= OWN_WORDS
            and all(max(zipf(w, "nb"), zipf(w, "en")) >= SUBJECT_ZIPF for w in own)):
        carried = [w for w in dict.fromkeys(_content(last_user)) if w not in own]
        if carried:
            return Rewrite("standalone", f"{question.strip()} ({' '.join(carried)})")
    return Rewrite("none", question)
