"""Fitting fusion weights (pure numpy, synthetic questions)."""
import numpy as np
import pytest

from assistant.retrieval.fitting import Group, as_fusion_weights, first_right_rank, fit_weights, leave_one_out, mrr_at


def _groups(seed: int, n: int = 40) -> list[Group]:
    """Questions where the right candidate has the highest feature 1 and a random feature 0 (noise)."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        X = rng.random((12, 3))
        y = np.zeros(12, dtype=bool)
        y[int(np.argmax(X[:, 1]))] = True
        out.append(Group(X, y))
    return out


def test_fit_weights_finds_the_feature_that_ranks_right_candidates_first():
    w = fit_weights(_groups(1))
    assert w[1] > 3 * abs(w[0]) and w[1] > 3 * abs(w[2])
    assert mrr_at(_groups(2), w) > mrr_at(_groups(2), np.array([1.0, 0.0, 0.0])) + 0.3


def test_leave_one_out_scores_each_set_with_weights_fitted_on_the_others():
    result = leave_one_out({"a": _groups(3), "b": _groups(4), "c": _groups(5)})
    assert set(result) == {"a", "b", "c"} and all(mrr > 0.9 for mrr, _ in result.values())


def test_ranks_weights_and_empty_input():
    assert first_right_rank(np.array([0.1, 0.9, 0.5]), np.array([False, False, True])) == 2
    assert first_right_rank(np.array([0.1, 0.9]), np.array([False, False])) is None
    assert as_fusion_weights(np.array([1.0, 3.0, 2.0])) == {"bm25": 0.25, "dense": 0.75, "evidence": 0.5}
    assert mrr_at([], np.ones(3)) == 0.0
    with pytest.raises(ValueError):
        fit_weights([Group(np.zeros((2, 3)), np.zeros(2, dtype=bool))])
