"""``answer_question``: one question (plus history) in, one checked ``Answer`` out.

Order: check input → rewrite follow-ups → route (tool / clarifying question / search) → retrieve →
refuse out-of-scope topics → run the tool or compose extractively (or via the optional LLM) → validate
citations → Answer with timings. Never raises for user input; errors become Norwegian notices.
"""
from __future__ import annotations

import re
import threading
import time
from datetime import date
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from ..calc.labels import INPUT_LABELS
from ..errors import AssistantError, InputError
from ..types import Answer, Citation, DocumentInfo, Passage, ToolCall
from . import llm_tools, refusal, signatures
from .calc_answer import compose_calc
from .citations import citation_for, normalize_ws, section_label, validate
from .compose import compose_extractive, question_parts, sources_footer
from .conversation import rewrite_follow_up
from .evidence import FITTED_EMBEDDER, answer_type
from .normalize import (NO_WORDS_REPLY, build_vocabulary, canonical_text, check_input, is_english, scoring_text,
                        translate_english)
from .plan import SEARCH, WHICH_DEADLINE, still_missing
from .question import named_years
from .route import Route, route_question
from .sentences import TermStats, content_stems, term_stats

SEARCH_K = 8
# Refuse when the fitted P(answerable) (``evidence.py``) is under its threshold, in addition to the rules in
# ``refusal.py``. On: on dev + held-out 1-16 (938 answerable, 183 unanswerable; 2026-12-07) it refuses 3 more
# unanswerable questions (138 -> 141) and turns one wrong answer into a refusal (false refusals 19 -> 20), answers
# unchanged (776). (Off until then: on dev + held-out 1-3 alone it refused none the rules missed.)
REFUSE_ON_EVIDENCE = True
SIGNED_NEAR = 3  # a document among this many first passages is the one a "who signed / who leads" question means
NEED_INPUT = "For å regne dette ut trenger jeg en opplysning til (se spørsmålet under)."


class Retriever(Protocol):
    def search(self, question: str, k: int = 5, doc_ids: list[str] | None = None,
               valid_on: date | None = None) -> list[Passage]: ...


_CORPUS_CACHE: dict[str, tuple[Any, Any]] = {}
_CACHE_LOCK = threading.Lock()


def _per_corpus(retriever: Any, name: str, build: Callable[[Sequence[Any]], Any]) -> Any:
    """A value derived from ``retriever.chunks``, built once per chunk list (again after a re-index).

    Holds a reference to the chunk list it was built from, so a new list (even one that reuses the old
    list's memory address) is never served a stale value. None when the retriever exposes no chunks.
    """
    chunks = getattr(retriever, "chunks", None)
    if not chunks:
        return None
    with _CACHE_LOCK:
        hit = _CORPUS_CACHE.get(name)
    if hit is not None and hit[0] is chunks:
        return hit[1]
    value = build(chunks)
    with _CACHE_LOCK:
        _CORPUS_CACHE[name] = (chunks, value)
    return value


def corpus_vocabulary(retriever: Any) -> set[str] | None:
    return _per_corpus(retriever, "vocabulary", lambda chunks: build_vocabulary(c.text for c in chunks))


def _evidence_calibrated(retriever: Any, passages: Sequence[Passage]) -> bool:
    """Whether the fitted P(answerable) may refuse: its dense features mean what they meant when it was fitted only
    with the same embedding model and with sentence vectors (a hash embedder's cosines are another scale)."""
    name = getattr(getattr(retriever, "embedder", None), "name", "")
    return name.startswith(FITTED_EMBEDDER) and any(p.sentence_scores for p in passages)


def _term_stats(retriever: Any) -> TermStats | None:
    return _per_corpus(retriever, "term_stats", lambda chunks: term_stats(c.text for c in chunks))


def _normalized_chunks(retriever: Any) -> list[tuple[str, Any]] | None:
    return _per_corpus(retriever, "normalized", lambda chunks: [(normalize_ws(c.text), c) for c in chunks])


class _Clock:
    def __init__(self) -> None:
        self.t0 = time.perf_counter()
        self.last = self.t0
        self.timings: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = self.timings.get(name, 0.0) + (now - self.last) * 1000
        self.last = now

    def done(self) -> dict[str, float]:
        self.timings["total"] = (time.perf_counter() - self.t0) * 1000
        return self.timings


def _older_passages(passages: Sequence[Passage], documents: dict[str, DocumentInfo],
                    asked: date | None) -> list[Passage]:
    """The passages of documents that began by the end of the year ``asked`` (a date before the version a calculator
    holds): they can speak of that time (all passages when none did, or no date was asked)."""
    if asked is None:
        return list(passages)
    until = date(asked.year, 12, 31)
    older = [p for p in passages if (info := documents.get(p.doc_id)) is not None
             and (start := info.valid_from or info.date) is not None and start <= until]
    return older or list(passages)


def _run_tool(name: str, inputs: dict[str, Any], today: date) -> dict[str, Any]:
    from ..calc.tools import run_tool  # imported lazily: the calculators are optional for pure answering

    return run_tool(name, inputs, today).to_dict()


def _passages_holding(retriever: Any, source: dict[str, Any], documents: dict[str, DocumentInfo]) -> list[Passage]:
    """The indexed chunk(s) containing a calculator source quote: looked up in ``retriever.chunks`` (no search);
    falls back to a search restricted to the source's document when the retriever exposes no chunks."""
    quote = normalize_ws(source.get("quote", ""))
    normalized = _normalized_chunks(retriever)
    if normalized:
        out = []
        for text, c in normalized:
            if quote and quote in text and (not source.get("doc_id") or c.doc_id == source["doc_id"]):
                info = documents.get(c.doc_id)
                out.append(Passage(c, 0.0, info.valid_from if info else None, info.valid_to if info else None))
        return out[:2]
    try:
        return list(retriever.search(quote, k=2, doc_ids=[source["doc_id"]] if source.get("doc_id") else None))
    except (AssistantError, TypeError):
        return []


def _add_source_passages(passages: list[Passage], sources: Sequence[dict[str, Any]], retriever: Any,
                         documents: dict[str, DocumentInfo], limit: int = 3) -> None:
    """Add to ``passages`` the chunks that hold a calculator's source quotes not already among them."""
    missing = [s for s in sources if not any(s.get("quote", "")[:40] in p.text.replace("\n", " ") for p in passages)]
    for s in missing[:limit]:
        extra = _passages_holding(retriever, s, documents)
        passages += [p for p in extra if all(p.chunk.chunk_id != q.chunk.chunk_id for q in passages)]


def _people(question: str, bokmaal: Callable[[str], str], passages: Sequence[Passage], retriever: Any,
            documents: dict[str, DocumentInfo], today: date) -> tuple[str, Citation, Passage] | None:
    """A question about who signed a letter or who leads a body, answered from a document's layout: the signature
    block of the best-ranked retrieved document that has one (of the year the question names, when it names one), or
    the leader's row of a members table whose heading names what the question names. The document must be among
    the first passages (``SIGNED_NEAR``): a signed letter further down is about something else."""
    signer = signatures.asks_signatory(question)
    verb = None if signer else signatures.ASKS_LEADER.search(question)  # "hvem leder …": the verb, for the body
    if not (signer or verb):
        return None
    near = list(dict.fromkeys(p.doc_id for p in passages[:SIGNED_NEAR]))
    if signer:
        blocks = _per_corpus(retriever, "signatures", lambda chunks: {
            c.doc_id: (c, s) for c in chunks if (s := signatures.signature(c.text))}) or {}
        years = set(named_years(question))
        dated = [d for d in dict.fromkeys(p.doc_id for p in passages) if d in blocks and d in documents
                 and any(x is not None and x.year in years for x in (documents[d].date, documents[d].valid_from))]
        found = dated or [d for d in near if d in blocks]
        if not found:
            return None
        chunk, sig = blocks[found[0]]
        info = documents.get(chunk.doc_id)
        text, quote = f"{info.title if info else chunk.title} er undertegnet av {signatures.describe(sig.people)}.", sig.text
    else:
        tables = _per_corpus(retriever, "rosters", lambda chunks: [
            (c, row) for c in chunks for row in signatures.roster(c.text) if row.function == "Leder"])
        # the body led is the first word after the verb ("ledet sekretariatet til ekspertutvalget": the
        # sekretariat); the table's heading names it, as it is or as a compound ending in it ("utvalget" ~
        # "Ekspertutvalgets sammensetning"); a more specific body ("samarbeidsutvalget") is another one
        body = next(iter(content_stems(bokmaal(question[verb.end():]))), "")
        named = [(c, row) for c, row in tables or [] if c.doc_id in near and body and any(
            h == body or (len(body) >= 4 and h.endswith(body))
            for h in content_stems(" ".join((c.heading, *c.heading_path))))]
        if not named:
            return None
        chunk, row = named[0]
        info = documents.get(chunk.doc_id)
        label = section_label(info.title if info else chunk.title, chunk.section)
        text, quote = f"Ifølge {label} er {row.name} leder ({row.position}).", row.text
    passage = Passage(chunk, 0.0, info.valid_from if info else None, info.valid_to if info else None)
    return text + " [1]", citation_for(1, passage, quote, documents, today), passage


REST_HEADING = "Til resten av spørsmålet:"


def _rest_of_question(text: str, route: Route, today: date, vocab: set[str], passages: list[Passage],
                      documents: dict[str, DocumentInfo], retriever: Retriever, first_n: int) -> Any:
    """The parts of a multi-part question that no calculator answers ("…, og hvem bestemmer klassen?"), composed
    from the passages, or None (one part only, no such part, or evidence too weak to quote)."""
    # only a part asking for a person, a body or a list: a part asking a value, a date or yes/no leans on the case
    # the calculator answered ("If not, what's the earliest deadline?")
    parts = question_parts(text)
    if len(parts) < 2:
        return None  # (routing the one part again would only find the calculator already answering it)
    rest = [part for part in parts if route_question(part, today, vocab).kind == "search"
            and answer_type(scoring_text(part, vocab).split(" (")[0]) in ("who", "list")]
    if not rest or len(rest) == len(parts):
        return None
    part = " ".join(rest)
    terms = scoring_text(part, vocab)
    composed = compose_extractive(part, terms, passages, documents, today, first_n=first_n,
                                  stats=_term_stats(retriever), lead_prefix=False, max_sentences=2)
    if not composed.text or refusal.too_weak(composed.support, composed.coverage) or (
            composed.evidence is not None and composed.evidence.refuse):  # added only when nothing doubts it
        return None
    return composed


def _asked_yes_no(route: Route) -> str | None:
    """The yes/no input of the route's calculator that its question back asks for (the missing input, or the one
    input not given that the question names: "Er legen spesialist …?" asks ``spesialist``)."""
    from ..calc.tools import TOOLS

    spec = TOOLS.get(route.tool or "")
    if spec is None or not route.follow_up:
        return None
    flags = [k for k, f in spec.input_model.model_fields.items() if f.annotation is bool and k not in route.inputs]
    named = [k for k in flags if k == route.missing or k in route.follow_up.lower()]
    return named[0] if len(named) == 1 else None


def _search(retriever: Retriever, query: str, k: int = SEARCH_K) -> list[Passage]:
    return list(retriever.search(query, k=k))


def _rate_caveat(question: str, documents: dict[str, DocumentInfo], today: date) -> str:
    """For rate questions about a period no rate document covers: say which period the rates in the sources cover."""
    if not re.search(r"\bsats|satsen|satsene|\brate", question, re.I):
        return ""
    periods = refusal._asked_periods(question.lower(), today)
    docs = [d for d in refusal._rate_documents(documents) if d.valid_to]
    if not periods or not docs:
        return ""
    last = max(docs, key=lambda d: d.valid_to)  # type: ignore[arg-type,return-value]
    if all(p > last.valid_to for p in periods):  # type: ignore[operator]
        span = "–".join(x.strftime("%d.%m.%Y") for x in (last.valid_from, last.valid_to) if x)
        return (f"Merk: Kildene har ingen satser for perioden du spør om. De siste avtalte satsene i kildene er fra "
                f"{last.title} og gjaldt {span}; nyere satser må bekreftes (KS/Legeforeningen).")
    return ""


def answer_question(question: str, *, retriever: Retriever, documents: dict[str, DocumentInfo],
                    history: list[dict[str, Any]] | None = None, today: date | None = None,
                    settings: Any = None) -> Answer:
    today = today or date.today()
    clock = _Clock()
    checked = check_input(question)
    notices = list(checked.notices)
    if checked.kind != "ok":
        return Answer(question=question or "", answer=checked.reply, abstained=True, notices=tuple(notices),
                      timings_ms=clock.done())
    text = checked.text
    vocab = corpus_vocabulary(retriever)

    rewrite = rewrite_follow_up(text, history, today)
    if rewrite.kind == "none" and sum(ch.isalpha() for ch in text) < 2:  # a bare number outside a conversation
        return Answer(question=question, answer=NO_WORDS_REPLY, abstained=True, notices=tuple(notices),
                      timings_ms=clock.done())
    if rewrite.kind in ("merge", "standalone"):
        text = rewrite.question
        notices.append(f"Tolket som: «{text}»")
    plan = llm_tools.plan(text, today, settings) if rewrite.kind != "recalc" else llm_tools.NO_PLAN
    notices += plan.notices  # with an LLM configured, the model may choose the calculator (checked in llm_tools)
    route: Route = (still_missing(rewrite.tool, rewrite.inputs) or Route("tool", rewrite.tool, rewrite.inputs, reason="oppfølging")
                    if rewrite.kind == "recalc" and rewrite.tool else plan.route or route_question(text, today, vocab))
    if rewrite.kind == "merge" and route == WHICH_DEADLINE:
        route = SEARCH  # the reply named no deadline either: searched, not asked again
    clock.lap("route")

    passages: list[Passage] = []
    try:
        passages = _search(retriever, text)  # the retriever rewrites it itself (retrieval_text)
    except AssistantError as e:
        notices.append(str(e))
    clock.lap("search")

    if route.kind == "search" and _rate_caveat(text, documents, today):
        rate_ids = [d.doc_id for d in refusal._rate_documents(documents)]
        try:
            extra = retriever.search(text, k=3, doc_ids=rate_ids)
        except (AssistantError, TypeError):
            extra = []
        passages = extra + [p for p in passages if all(p.chunk.chunk_id != e.chunk.chunk_id for e in extra)]
    scope = refusal.unknown_agreement(text, documents)
    if scope is None and route.kind == "search":
        # read in normal bokmål spelling: "basistilskudet per …" asks for a rate as "basistilskuddet per …" does
        scope = refusal.out_of_scope(canonical_text(text, vocab), documents, today, passages)
    if scope is not None:
        return Answer(question=question, answer=refusal.refusal_text(text, passages, documents, scope.reason),
                      retrieved=tuple(passages), abstained=True, notices=tuple(notices), timings_ms=clock.done())

    tool_calls: list[ToolCall] = []
    parts: list[str] = []
    citations: list[Citation] = []
    follow_up: str | None = None
    tool_sources: list[dict[str, Any]] = []
    pending: dict[str, Any] | None = None
    before_version: date | None = None

    if route.kind == "tool" and route.tool:
        try:
            result = _run_tool(route.tool, route.inputs, today)
        except InputError as e:
            follow_up = f"{e} Kan du oppgi det?"
            result = None
            if e.field and e.field in route.inputs:  # the reply replaces the value that could not be used
                pending = {"tool": route.tool, "missing": e.field,
                           "inputs": {k: v for k, v in route.inputs.items() if k != e.field}}
        except AssistantError as e:
            notices.append(str(e))
            result = None
        clock.lap("tool")
        if result is not None and result.get("values", {}).get("i_kraft") is False and route.inputs.get("fra_dato"):
            # the calculator holds a later version than the date asked about ("gjaldt ikke 1. januar 2018"): it has no
            # answer; the texts of that time among the sources answer instead
            before_version, result = date.fromisoformat(str(route.inputs["fra_dato"])), None
        if result is not None:
            sources = list(result.get("sources") or [])
            tool_sources += sources
            _add_source_passages(passages, sources, retriever, documents)
            calc_text, calc_cits = compose_calc(result, passages, documents, today, first_n=1)
            if route.assumptions:  # a value read without a role word: say so in the first line
                calc_text = " ".join(route.assumptions) + "\n\n" + calc_text
            parts.append(calc_text)
            citations += calc_cits
            tool_calls.append(ToolCall(route.tool, dict(route.inputs), result, tuple(sources)))
            rest = _rest_of_question(text, route, today, vocab, passages, documents, retriever, len(citations) + 1)
            if rest is not None:  # "Hvor mye er X, og hvem bestemmer Y?": the text part is answered from passages
                parts.append(REST_HEADING + "\n" + rest.text)
                citations += rest.citations
    elif route.kind == "follow_up":
        follow_up = route.follow_up
        if route.tool and route.missing:
            pending = {"tool": route.tool, "inputs": dict(route.inputs), "missing": route.missing}
        asked = _asked_yes_no(route)

        def shown(inputs: dict[str, Any], label: str = "") -> bool:
            """Run the calculator on ``inputs`` and show its result line (``label`` names the case it holds for;
            the steps follow once the input asked for is known); False when it cannot run yet."""
            try:
                result = _run_tool(route.tool or "", inputs, today)
            except AssistantError:
                return False
            sources = list(result.get("sources") or [])
            _add_source_passages(passages, sources, retriever, documents, limit=1)
            calc_text, calc_cits = compose_calc(result, passages, documents, today, first_n=len(citations) + 1)
            parts.append(label + calc_text.split("\n\n")[0])
            citations.extend(calc_cits)
            tool_sources.extend(sources)
            tool_calls.append(ToolCall(route.tool or "", inputs, result, tuple(sources)))
            return True

        # (only when the question asks for what the calculator gives: not "hvor lang varsel …?" routed to a rate)
        if asked and answer_type(scoring_text(text, vocab).split(" (")[0]) not in ("duration", "who", "yes_no"):
            # a yes/no input is asked for ("Er legen spesialist …?"): both answers are shown while it is asked
            for value in (True, False):
                if not shown({**route.inputs, asked: value}, f"{INPUT_LABELS.get(asked, asked)} – {'ja' if value else 'nei'}: "):
                    break
            if tool_calls:
                parts.insert(0, "Svaret avhenger av det jeg spør om under:")
        elif route.tool and route.missing is None and not asked:
            # every input the calculator needs is given, and the question back asks for what makes it a total
            # ("Hvor mange timer gjelder det?"): what holds already (the rate) is shown while it is asked
            shown(dict(route.inputs))

    signed = (_people(text, lambda t: scoring_text(t, vocab).split(" (")[0], passages, retriever, documents, today)
              if route.kind == "search" else None)
    if signed is not None:  # "Hvem skrev under brevet?": the document's layout answers, not a passage's words
        signed_text, signed_citation, signed_passage = signed
        if all(p.chunk.chunk_id != signed_passage.chunk.chunk_id for p in passages):
            passages.append(signed_passage)
        parts.append(signed_text)
        citations.append(signed_citation)
        mode = "extractive"
    if not tool_calls and (signed is None or len(question_parts(text)) > 1):  # the other part is composed from passages
        composed = None
        terms = scoring_text(text, vocab)  # the question in bokmål plus synonyms in "(…)"
        bokmaal = terms.split(" (")[0]
        stats = _term_stats(retriever)
        of_time = _older_passages(passages, documents, before_version)  # (all of them unless a date before the version)
        if settings is not None and getattr(settings, "llm", ""):
            from .llm import answer_with_llm

            composed_llm, llm_notice = answer_with_llm(text, of_time, documents, today, settings)
            if llm_notice:
                notices.append(llm_notice)
            if composed_llm is not None:
                composed = composed_llm
        if composed is None:
            composed = compose_extractive(text, terms, of_time, documents, today,
                                          first_n=len(citations) + 1, stats=stats,
                                          part_terms=lambda part: scoring_text(part, vocab))
            mode = "extractive"
        else:
            mode = "llm"
        clock.lap("compose")
        caveat = _rate_caveat(text, documents, today) if follow_up is None else ""
        weak = refusal.too_weak(composed.support, composed.coverage) if mode == "extractive" else not composed.citations
        if (REFUSE_ON_EVIDENCE and mode == "extractive" and composed.evidence is not None
                and composed.evidence.refuse and _evidence_calibrated(retriever, passages)):
            weak = True  # the fitted evidence says the passages do not answer it (``evidence.py``)
        evidence = [c.sentence for c in composed.candidates[:40]]
        befores = [c.before for c in composed.candidates[:40]]
        if mode == "extractive" and not weak and (refusal.count_unsupported(text, evidence, bokmaal, befores)
                                                   or refusal.price_unsupported(text, evidence, bokmaal)
                                                   or refusal.money_unsupported(text, evidence, stats,
                                                                                bokmaal)):
            weak = True  # a count, price, rate or amount the retrieved text does not give: do not offer another number
        # "Legeforeininga" is "Legeforeningen", and so is "the Medical Association"
        named = translate_english(canonical_text(text, vocab, keep_case=True), is_english(text), vocab)
        missing = (refusal.missing_subject(named, terms, composed.citations[0].passage_text,
                                           [c.passage_text for c in composed.citations], stats)
                   if mode == "extractive" and composed.citations else [])
        # a word the sources never use is what the question asks about, when the evidence doubts the answer too
        unread = (refusal.unread_focus(text, composed.citations[0].passage_text, vocab, stats)
                  if mode == "extractive" and composed.citations and not missing and not weak
                  and composed.evidence is not None and composed.evidence.answerable < refusal.UNREAD_ANSWERABLE
                  else [])
        off_subject = bool(missing or unread)
        weak = weak or off_subject  # the answer would be about another role or place, or another thing
        if caveat and composed.citations and not off_subject:
            weak = False  # the caveat itself says what the sources hold for the period asked about
        # (a first part answered from the layout stands even when the passages hold nothing for the other)
        if (not composed.text or weak) and follow_up is None and signed is None:
            reason = ((refusal.subject_reason(text, missing) or refusal.subject_reason(named, missing)) if missing
                      else refusal.unread_reason(unread) if unread else "")
            return Answer(question=question, answer=refusal.refusal_text(text, passages, documents, reason),
                          retrieved=tuple(passages), abstained=True, notices=tuple(notices),
                          timings_ms=clock.done(), mode=mode)
        if follow_up:
            parts.append(NEED_INPUT)
            if composed.text and not weak:
                parts.append("Det kildene sier om dette:\n" + composed.text)
                citations += composed.citations
        elif composed.text and not weak:
            if caveat:
                parts.append(caveat)
            parts.append(composed.text)
            citations += composed.citations
    else:
        mode = "extractive"
        clock.lap("compose")

    body = "\n\n".join(p for p in parts if p)
    body, kept, dropped = validate(body, citations, passages, tool_sources)
    if dropped:
        notices.append(f"{dropped} kildehenvisning(er) kunne ikke bekreftes mot kildeteksten og ble fjernet.")
    footer = sources_footer(kept)
    answer_text = f"{body}\n\n{footer}" if footer else body
    clock.lap("validate")
    return Answer(question=question, answer=answer_text, citations=kept, tool_calls=tuple(tool_calls),
                  retrieved=tuple(passages), abstained=False, follow_up=follow_up, notices=tuple(notices),
                  timings_ms=clock.done(), mode=mode, pending=pending)
