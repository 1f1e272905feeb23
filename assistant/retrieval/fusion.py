"""Reciprocal-rank fusion of several rankings (pure)."""
from __future__ import annotations

from typing import Hashable, Mapping, Sequence

RRF_K = 60


def fuse_rankings(
    rankings: Mapping[str, Sequence[Hashable]],
    weights: Mapping[str, float] | None = None,
    k: int = RRF_K,
) -> list[tuple[Hashable, float]]:
    """Weighted RRF: score(d) = Σ w_r / (k + rank_r(d)), ranks starting at 1. Ties keep first-seen order."""
    scores: dict[Hashable, float] = {}
    for name, ranking in rankings.items():
        w = 1.0 if weights is None else float(weights.get(name, 1.0))
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + w / (k + rank)
    return sorted(scores.items(), key=lambda kv: -kv[1])
