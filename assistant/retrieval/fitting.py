"""Fitting the fusion weights (pure numpy): a linear ranker over each question's candidate chunks.

Each question contributes a ``Group``: one row of features per candidate chunk (its min–max BM25 score, its
min–max dense score, its sentence evidence; see ``HybridRetriever.candidate_features``) and which candidates hold
the question's source quote. The weights maximise the likelihood of the right chunks under a softmax over each
question's candidates. ``leave_one_out`` scores weights fitted without a set on that set: how the weights in
``retriever.py`` were chosen, re-run by ``python -m assistant bench fusion``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

FEATURES = ("bm25", "dense", "evidence", "sentence")


@dataclass(frozen=True)
class Group:
    """One question: candidate features (rows) and whether each candidate holds the answer."""

    X: np.ndarray  # (candidates, features)
    y: np.ndarray  # (candidates,) bool


def fit_weights(groups: Sequence[Group], l2: float = 0.01, temperature: float = 10.0, steps: int = 1500,
                lr: float = 0.05) -> np.ndarray:
    """Weights of a linear ranker (softmax cross-entropy per group, target spread over its right candidates,
    Adam steps from zero). Groups without a right candidate say nothing and are skipped."""
    groups = [g for g in groups if len(g.y) and g.y.any()]
    if not groups:
        raise ValueError("ingen spørsmål med riktig kandidat å tilpasse vektene til")
    n_feat = groups[0].X.shape[1]
    width = max(len(g.y) for g in groups)
    X = np.zeros((len(groups), width, n_feat))
    target = np.zeros((len(groups), width))
    pad = np.full((len(groups), width), -1e9)
    for j, g in enumerate(groups):
        X[j, : len(g.y)] = g.X
        target[j, : len(g.y)] = g.y / g.y.sum()
        pad[j, : len(g.y)] = 0.0
    w = np.zeros(n_feat)
    m = np.zeros(n_feat)
    v = np.zeros(n_feat)
    for t in range(1, steps + 1):
        s = temperature * (X @ w) + pad
        s -= s.max(axis=1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(axis=1, keepdims=True)
        grad = temperature * np.einsum("qc,qcf->f", p - target, X) / len(groups) + 2 * l2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return w


def first_right_rank(scores: np.ndarray, y: np.ndarray) -> int | None:
    """1-based rank of the first right candidate when sorted by score (ties keep candidate order)."""
    hits = np.nonzero(y[np.argsort(-scores, kind="stable")])[0]
    return int(hits[0]) + 1 if len(hits) else None


def mrr_at(groups: Sequence[Group], w: np.ndarray, k: int = 5) -> float:
    """Mean reciprocal rank of the first right candidate, 0 beyond rank ``k`` (as ``bench retrieval``)."""
    if not groups:
        return 0.0
    ranks = [first_right_rank(g.X @ w, g.y) for g in groups]
    return sum(1 / r for r in ranks if r and r <= k) / len(groups)


def leave_one_out(sets: Mapping[str, Sequence[Group]], **fit: float) -> dict[str, tuple[float, np.ndarray]]:
    """Per set: MRR@5 of the weights fitted on all the other sets, and those weights."""
    out = {}
    for name in sets:
        rest = [g for other, gs in sets.items() if other != name for g in gs]
        w = fit_weights(rest, **fit)
        out[name] = (mrr_at(sets[name], w), w)
    return out


def as_fusion_weights(w: np.ndarray) -> dict[str, float]:
    """Fitted weights scaled so BM25 and dense add up to 1, as ``retriever.WEIGHTS`` is written."""
    scale = float(w[0] + w[1]) or 1.0
    return {name: float(x) / scale for name, x in zip(FEATURES, w)}
