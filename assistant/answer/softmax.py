"""A small sparse softmax regression: the fitted part of the role model (``roles.py``) and the topic model
(``topics.py``). Features are dicts of name → value; the weights are stored sparse (feature → class → weight).
``probs`` is pure Python (no numpy at question time); ``fit`` uses numpy and scipy's L-BFGS with an L2 penalty.
"""
from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

PRUNE = 0.02  # weights smaller than this are not stored


def probs(classes: Sequence[str], bias: Sequence[float], weights: dict[str, dict[int, float]],
          features: dict[str, float], ok: Sequence[int] | None = None) -> dict[str, float]:
    """The probability of each class (of those with index in ``ok``, when given)."""
    scores = list(bias)
    for name, value in features.items():
        for j, w in weights.get(name, {}).items():
            scores[j] += w * value
    ok = range(len(classes)) if ok is None else ok
    top = max(scores[j] for j in ok)
    exp = {j: math.exp(scores[j] - top) for j in ok}
    total = sum(exp.values())
    return {classes[j]: e / total for j, e in exp.items()}


def fit(features: Sequence[dict[str, float]], labels: Sequence[str], classes: Sequence[str], l2: float,
        allowed: Sequence[Sequence[int]] | None = None, prune: float = PRUNE
        ) -> tuple[tuple[float, ...], dict[str, dict[int, float]]]:
    """(bias, sparse weights) of the softmax regression of ``labels`` on ``features`` (each sample's class
    restricted to the indices ``allowed[i]`` when given)."""
    import numpy as np
    from scipy.optimize import minimize
    from scipy.sparse import csr_matrix

    index = {c: j for j, c in enumerate(classes)}
    vocab = {name: i for i, name in enumerate(sorted({n for f in features for n in f}))}
    rows, cols, vals = [], [], []
    for i, f in enumerate(features):
        for name, v in f.items():
            rows.append(i)
            cols.append(vocab[name])
            vals.append(v)
    x = csr_matrix((vals, (rows, cols)), shape=(len(features), len(vocab)))
    y = np.array([index[c] for c in labels])
    n_f, n_c = len(vocab), len(classes)
    mask = np.zeros((len(features), n_c))
    if allowed is not None:
        mask[:] = -1e9
        for i, ok in enumerate(allowed):
            mask[i, list(ok)] = 0.0

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:n_f * n_c].reshape(n_f, n_c), theta[n_f * n_c:]
        z = x @ w + b + mask
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        nll = -np.log(p[np.arange(len(y)), y] + 1e-12).sum()
        p[np.arange(len(y)), y] -= 1.0
        grad_w = x.T @ p + l2 * w
        return nll + 0.5 * l2 * float((w * w).sum()), np.concatenate([np.asarray(grad_w).ravel(), p.sum(axis=0)])

    res = minimize(loss, np.zeros(n_f * n_c + n_c), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    w, b = res.x[:n_f * n_c].reshape(n_f, n_c), res.x[n_f * n_c:]
    weights = {}
    for name, row in zip(sorted(vocab, key=vocab.get), w):
        kept = {j: float(v) for j, v in enumerate(row) if abs(v) >= prune}
        if kept:
            weights[name] = kept
    return tuple(float(v) for v in b), weights


def dumps(head: dict, classes: Sequence[str], weights: dict[str, dict[int, float]]) -> str:
    """JSON with one feature per line (small diffs when a model is refitted)."""
    rows = [f"{json.dumps(name, ensure_ascii=False)}: "
            f"{json.dumps({classes[j]: round(w, 4) for j, w in ws.items()}, ensure_ascii=False, separators=(',', ':'))}"
            for name, ws in sorted(weights.items())]
    return json.dumps(head, ensure_ascii=False)[:-1] + ', "weights": {\n' + ",\n".join(rows) + "\n}}\n"


def load_weights(d: dict, classes: Sequence[str]) -> dict[str, dict[int, float]]:
    index = {c: j for j, c in enumerate(classes)}
    return {f: {index[c]: w for c, w in ws.items()} for f, ws in d["weights"].items()}


class Active:
    """The shipped model (``load()``), or one put in its place for a block: ``with active.using(model): …``
    (cross-validation, tests; None: no model). ``changed`` clears the caches that depend on it."""

    def __init__(self, load: Callable[[], Any], changed: Callable[[], None]) -> None:
        self._load, self._changed, self._stack = load, changed, []

    def get(self) -> Any:
        return self._stack[-1] if self._stack else self._load()

    @contextmanager
    def using(self, model: Any) -> Iterator[None]:
        self._stack.append(model)
        self._changed()
        try:
            yield
        finally:
            self._stack.pop()
            self._changed()


__all__ = ["probs", "fit", "dumps", "load_weights", "Active", "PRUNE"]
