"""Fit the sentence-evidence model (``evidence.py``) on gold quotes: ``python -m assistant bench evidence FILES``.

For every question of the files: search as ``ask()`` does, take the candidate sentences and their features, and
label a sentence positive when it holds (or overlaps) one of the question's gold quotes. A logistic regression
(numpy, L2, Newton steps) is fitted on all questions; 5-fold cross-validation by question gives the figures for
questions left out. The refusal threshold is chosen on the left-out best scores of answerable and unanswerable
search questions. Writes ``evidence_weights.json`` with ``--write``.
"""
from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from ..bench import load_items
from .citations import normalize_ws
from .evidence import (FEATURES, QUESTION_FEATURES, WEIGHTS_PATH, Model, Models, models_to_dict, question_features,
                       sentence_features)
from .normalize import check_input, scoring_text
from .sentences import words

L2 = 1.0
FOLDS = 5
MAX_FALSE_REFUSALS = 0.0  # the threshold may refuse at most this share of answerable search questions (it adds
# to the rules in refusal.py: at 0.05 it added 7 false refusals on dev + held-out 1–3 and caught no unanswerable
# question the rules let through)


@dataclass
class Sample:
    qid: str
    unanswerable: bool
    tool: bool
    x: np.ndarray  # candidates × features
    y: np.ndarray  # 1 = holds a gold quote
    old_top: int  # index (into x) of the sentence today's heuristic scorer puts first, or -1


def overlaps_gold(sentence: str, quotes: Sequence[str]) -> bool:
    """The sentence holds a gold quote, lies inside one, or shares most of a quote's words (quotes are often
    cut at the PDF's line breaks)."""
    s = normalize_ws(sentence).lower()
    sw = words(s)
    for q in quotes:
        q = normalize_ws(q).lower()
        if len(q) < 12:
            continue
        if q in s or (len(s) >= 25 and s in q):
            return True
        qw = words(q)
        if len(qw) >= 5 and len(sw) >= 5:
            shared = len(set(qw) & set(sw))
            if shared >= 0.7 * min(len(set(qw)), len(set(sw))):
                return True
    return False


def search_all(paths: Sequence[str | Path], assistant: Any) -> list[tuple[dict[str, Any], str, str, list[Any]]]:
    """(item, question text, scoring terms, top passages) for every question, searched as ``ask()`` does."""
    from .pipeline import corpus_vocabulary

    retriever = assistant.retriever
    vocab = corpus_vocabulary(retriever)
    out = []
    for path in paths:
        for item in load_items(path):
            checked = check_input(item["question"])
            if checked.kind == "ok":
                item = {**item, "id": f"{Path(path).stem}:{item.get('id', '?')}"}
                out.append((item, checked.text, scoring_text(checked.text, vocab), retriever.search(checked.text, k=8)))
    return out


def samples_from(searched: Sequence[tuple[dict[str, Any], str, str, list[Any]]], documents: dict[str, Any],
                 stats: Any, today: date | None = None) -> list[Sample]:
    """Labelled candidate sentences of each searched question."""
    from .compose import score_candidates

    today = today or date.today()
    out: list[Sample] = []
    for item, text, terms, passages in searched:
        old = score_candidates(terms, passages, documents, today, text, stats).candidates
        rows = sentence_features(terms, passages, documents, today, stats,
                                 {(c.passage_index, c.sentence): c.score for c in old})
        if not rows:
            continue
        quotes = [s.get("quote", "") for s in item.get("sources") or []]
        y = np.array([1.0 if quotes and overlaps_gold(s, quotes) else 0.0 for _, s, _ in rows])
        key = {(i, s): k for k, (i, s, _) in enumerate(rows)}
        old_top = key.get((old[0].passage_index, old[0].sentence), -1) if old else -1
        tool = bool((item.get("tool") or {}).get("expected"))
        out.append(Sample(item["id"], item.get("type") == "unanswerable", tool,
                          np.array([f for _, _, f in rows], dtype=float), y, old_top))
    return out


def collect(paths: Sequence[str | Path], assistant: Any, today: date | None = None) -> list[Sample]:
    from .pipeline import _term_stats

    return samples_from(search_all(paths, assistant), assistant.documents, _term_stats(assistant.retriever), today)


def fit(samples: Sequence[Sample], l2: float = L2) -> Model:
    """The sentence model: logistic regression on all candidates of ``samples``."""
    return fit_xy(np.vstack([s.x for s in samples]), np.concatenate([s.y for s in samples]), l2)


def fit_xy(x: np.ndarray, y: np.ndarray, l2: float = L2) -> Model:
    """Logistic regression on standardised features (Newton's method with an L2 penalty; the rarer class is
    weighted up by the square root of the class ratio)."""
    x = np.where(np.isnan(x), np.nanmean(x, axis=0), x)  # a missing value (``evidence.NO_VALUE``) is the mean
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    w = np.zeros(z.shape[1])
    pos = min(max(1.0, y.sum()), len(y) - 1.0)
    ratio = (len(y) - pos) / pos
    sw = np.where(y > 0, max(1.0, ratio), max(1.0, 1.0 / ratio)) ** 0.5
    reg = l2 * np.eye(z.shape[1])
    reg[0, 0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -30, 30)))
        grad = z.T @ (sw * (p - y)) + reg @ w
        hess = (z * (sw * p * (1 - p))[:, None]).T @ z + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return Model(tuple(float(v) for v in w[1:]), float(w[0]), tuple(float(v) for v in mean),
                 tuple(float(v) for v in scale))


def _scores(model: Model, x: np.ndarray) -> np.ndarray:
    z = model.bias + np.nan_to_num((x - np.array(model.mean)) / np.array(model.scale)) @ np.array(model.weights)
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def ranking_figures(samples: Sequence[Sample], scores: Sequence[np.ndarray]) -> tuple[float, float, int]:
    """(top-1 accuracy, MRR of the first gold sentence, questions) over questions with a gold sentence."""
    top1 = rr = 0.0
    n = 0
    for s, sc in zip(samples, scores):
        if s.y.sum() == 0:
            continue
        order = np.argsort(-sc, kind="stable")
        first = next(r for r, k in enumerate(order) if s.y[k] > 0)
        top1 += first == 0
        rr += 1.0 / (first + 1)
        n += 1
    return (top1 / n if n else 0.0), (rr / n if n else 0.0), n


def folds(samples: Sequence[Sample], k: int = FOLDS, seed: int = 11) -> list[list[int]]:
    idx = list(range(len(samples)))
    random.Random(seed).shuffle(idx)
    return [idx[f::k] for f in range(k)]


def cross_validated(samples: Sequence[Sample], k: int = FOLDS) -> list[np.ndarray]:
    """Each question's candidate scores from the model fitted on the other folds."""
    out: list[np.ndarray] = [np.zeros(0)] * len(samples)
    for held in folds(samples, k):
        held_set = set(held)
        model = fit([s for j, s in enumerate(samples) if j not in held_set])
        for j in held:
            out[j] = _scores(model, samples[j].x)
    return out


def refusal_table(answerable: Sequence[float], unanswerable: Sequence[float]) -> tuple[list[str], float]:
    """The trade-off of refusing when P(answerable) is under a threshold, and the threshold chosen: the highest
    one that refuses at most ``MAX_FALSE_REFUSALS`` of the answerable questions."""
    lines = ["  terskel  ubesvarbare avvist  besvarbare feilaktig avvist"]
    chosen = 0.0
    for t in [x / 100 for x in range(5, 100, 5)]:
        refused_u = sum(b < t for b in unanswerable)
        refused_a = sum(b < t for b in answerable)
        if refused_a <= MAX_FALSE_REFUSALS * len(answerable):
            chosen = t
        lines.append(f"  {t:.2f}     {refused_u:>3}/{len(unanswerable)}             {refused_a:>3}/{len(answerable)}")
    return lines, chosen


def question_rows(samples: Sequence[Sample], scores: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Question features (``evidence.question_features``) of the search questions, their labels (1 =
    answerable) and their indices into ``samples`` (a calculator answer is never refused on evidence)."""
    idx = [j for j, s in enumerate(samples) if not s.tool]
    x = np.array([question_features(samples[j].x.tolist(), scores[j].tolist()) for j in idx], dtype=float)
    y = np.array([0.0 if samples[j].unanswerable else 1.0 for j in idx])
    return x, y, idx


def run_evidence_bench(paths: Sequence[str | Path], assistant: Any, write: bool = False) -> str:
    return evidence_report(collect(paths, assistant), write)


def evidence_report(samples: Sequence[Sample], write: bool = False) -> str:
    sentence = fit(samples)
    fitted = [_scores(sentence, s.x) for s in samples]
    cv = cross_validated(samples)
    old = [np.eye(len(s.y))[s.old_top] if s.old_top >= 0 else np.zeros(len(s.y)) for s in samples]
    f1, fm, n = ranking_figures(samples, fitted)
    c1, cm, _ = ranking_figures(samples, cv)
    o1, om, _ = ranking_figures(samples, old)
    # answerable or not: question features from the left-out sentence scores, then k-fold by question again
    qx, qy, idx = question_rows(samples, cv)
    q_cv = np.zeros(len(qy))
    where = {j: r for r, j in enumerate(idx)}
    for held in folds(samples):
        rows = [where[j] for j in held if j in where]
        train = np.ones(len(qy), dtype=bool)
        train[rows] = False
        q_cv[rows] = _scores(fit_xy(qx[train], qy[train]), qx[rows])
    table, threshold = refusal_table(q_cv[qy > 0].tolist(), q_cv[qy == 0].tolist())
    q_fit = fit_xy(qx, qy)
    models = Models(sentence, Model(q_fit.weights, q_fit.bias, q_fit.mean, q_fit.scale, threshold))
    lines = [f"Spørsmål: {len(samples)} ({n} med gullsetning blant kandidatene, "
             f"{sum(s.unanswerable for s in samples)} ubesvarbare)",
             f"Setningsmodell tilpasset på alle: topp-1 {f1:.2f}, MRR {fm:.2f}",
             f"Setningsmodell kryssvalidert ({FOLDS} fold etter spørsmål, utelatt): topp-1 {c1:.2f}, MRR {cm:.2f}",
             f"Dagens heuristikk (compose.score_candidates, ikke tilpasset): topp-1 {o1:.2f}",
             f"Avslag når P(besvarbar) < terskel (kryssvalidert, {len(qy)} søkespørsmål):", *table,
             f"Valgt terskel: {threshold:.2f} (høyst {MAX_FALSE_REFUSALS:.0%} feilaktige avslag)",
             "Setningsvekter: " + ", ".join(f"{n} {w:+.2f}" for n, w in zip(FEATURES, sentence.weights)),
             "Spørsmålsvekter: " + ", ".join(f"{n} {w:+.2f}" for n, w in zip(QUESTION_FEATURES, q_fit.weights))]
    if write:
        WEIGHTS_PATH.write_text(json.dumps(models_to_dict(models), indent=1) + "\n", encoding="utf-8")
        lines.append(f"Skrev {WEIGHTS_PATH.name}")
    return "\n".join(lines)


__all__ = ["collect", "fit", "fit_xy", "cross_validated", "ranking_figures", "refusal_table", "overlaps_gold",
           "run_evidence_bench", "evidence_report"]
