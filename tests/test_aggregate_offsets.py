"""Per-class decision offsets of the trained classifier: kept only when they hold on scores
they were not tuned on.

The scores are simulated (a noisy score per class, the true class raised), so what the
offsets should do is known: nothing when the classes are balanced and the scores unbiased,
lift a rare class whose scores are all pushed down.
"""

from __future__ import annotations

import pytest

np = pytest.importorskip("numpy")

from dlxh.aggregate.linear import macro_f1, offsets, tune_offsets  # noqa: E402


def _scores(seed: int, bias: float, n: int, shares: list[float]) -> tuple[object, object]:
    rng = np.random.default_rng(seed)
    y = rng.choice(len(shares), size=n, p=shares)
    scores = rng.normal(size=(n, len(shares)))
    scores[np.arange(n), y] += 1.5
    scores[:, -1] -= bias  # the last class's scores are all too low
    return scores, y


def test_a_rare_class_scored_too_low_gets_its_threshold_moved() -> None:
    scores, y = _scores(seed=0, bias=1.5, n=1500, shares=[0.45, 0.4, 0.15])
    shift, gain = offsets(scores, y)
    assert shift[0] == 0.0  # the reference class
    assert shift[2] >= 0.5 and gain > 0.01
    before = macro_f1(y, scores.argmax(axis=1), 3)
    assert macro_f1(y, (scores + shift).argmax(axis=1), 3) > before + 0.05


def test_thresholds_that_only_fit_their_own_scores_are_dropped() -> None:
    scores, y = _scores(seed=2, bias=0.0, n=400, shares=[1 / 3, 1 / 3, 1 / 3])
    assert tune_offsets(scores, y).any()  # in-sample, some offset always looks better
    shift, gain = offsets(scores, y)
    assert not shift.any() and gain <= 0


def test_few_scores_move_no_threshold() -> None:
    scores, y = _scores(seed=0, bias=1.5, n=40, shares=[0.45, 0.4, 0.15])
    shift, gain = offsets(scores, y)
    assert not shift.any() and gain == 0.0


def test_offsets_are_deterministic() -> None:
    scores, y = _scores(seed=1, bias=1.0, n=600, shares=[0.5, 0.3, 0.2])
    first, second = offsets(scores, y, seed=3), offsets(scores, y, seed=3)
    assert (first[0] == second[0]).all() and first[1] == second[1]


def test_macro_f1_matches_scikit_learn() -> None:
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(5)
    y = rng.integers(0, 4, size=300)
    predicted = np.where(rng.random(300) < 0.6, y, rng.integers(0, 4, size=300))
    predicted[predicted == 3] = 2  # a class never predicted
    for truth, guess in ((y, predicted), (np.minimum(y, 2), y)):  # a class never true
        expected = metrics.f1_score(truth, guess, average="macro", zero_division=0)
        assert macro_f1(truth, guess, 4) == pytest.approx(expected)
