"""Fusion of several rankings (pure): reciprocal-rank fusion and weighted min–max score fusion."""
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


def normalize_scores(scored: Sequence[tuple[Hashable, float]]) -> dict[Hashable, float]:
    """Min–max scale raw scores to [0, 1] (a single item scores 1)."""
    if not scored:
        return {}
    lo = min(s for _, s in scored)
    hi = max(s for _, s in scored)
    span = hi - lo
    return {item: ((s - lo) / span if span > 0 else 1.0) for item, s in scored}


def fuse_scores(
    scored: Mapping[str, Sequence[tuple[Hashable, float]]],
    weights: Mapping[str, float],
) -> list[tuple[Hashable, float]]:
    """score(d) = Σ w_r · minmax_r(d); an item missing from a ranking gets 0 there. Best first, ties stable."""
    total: dict[Hashable, float] = {}
    for name, items in scored.items():
        w = float(weights.get(name, 1.0))
        for item, s in normalize_scores(items).items():
            total[item] = total.get(item, 0.0) + w * s
    return sorted(total.items(), key=lambda kv: -kv[1])
