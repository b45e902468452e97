"""The linear model behind a trained classifier: fitting, calibration, prediction.

:class:`TargetModel` predicts with numpy alone (what a model file is read into);
:func:`train`, :func:`offsets` and :func:`temperature` fit it and need scikit-learn, imported
where they run.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from dlxh.aggregate.features import Block, transform

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "NB_INTERPOLATION",
    "Target",
    "TargetModel",
    "offsets",
    "scores",
    "softmax",
    "temperature",
    "train",
]

Target = Literal["field", "tendency"]


@dataclass
class TargetModel:
    """A fitted linear model for one target: features, coefficients and calibration.

    ``scores`` (``statistics``) holds what the training measured: counts per class, the chosen
    regularisation, the out-of-fold accuracy and macro-F1."""

    target: Target
    blocks: list[Block]
    classes: list[str]
    coef: NDArray[np.float64]
    intercept: NDArray[np.float64]
    temperature: float = 1.0
    min_confidence: float = 0.5
    statistics: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, texts: Sequence[str]) -> NDArray[np.float64]:
        """Calibrated class probabilities, one row per text, columns in ``classes`` order."""
        matrix = transform(self.blocks, texts)
        return softmax((matrix @ self.coef.T + self.intercept) / self.temperature)

    def predict(self, text: str) -> tuple[str | None, float]:
        """The most probable class of ``text`` and its probability; ``None`` below
        ``min_confidence`` (the probability is still given), and ``None`` for a text that
        shares no feature with the history (its scores would be the intercepts alone)."""
        matrix = transform(self.blocks, [text])
        row = softmax((matrix @ self.coef.T + self.intercept) / self.temperature)[0]
        best = int(row.argmax())
        confidence = float(row[best])
        if matrix.nnz == 0 or confidence < self.min_confidence:
            return None, confidence
        return self.classes[best], confidence


def softmax(scores: NDArray[np.float64]) -> NDArray[np.float64]:
    import numpy as np  # noqa: PLC0415

    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    result: NDArray[np.float64] = exp / exp.sum(axis=1, keepdims=True)
    return result


NB_INTERPOLATION = 0.5
"""NB-SVM's beta: how far the weights move from the naive-Bayes ratios towards the SVM's
(chosen on the benchmark's train/dev splits; 1 is a plain SVM on scaled features)."""


def train(
    c: float, seed: int, matrix: Any, y: NDArray[Any], n_classes: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(coef, intercept), one row per class, of an NB-SVM (Wang & Manning 2012), one class
    against the rest: each feature is scaled by its naive-Bayes log-count ratio for the class,
    a linear SVM (squared hinge, classes weighted inversely to their size) is fitted on the
    scaled features, and its weights are pulled halfway to their mean magnitude. The scaling
    folds into the weights, so the model stays one linear layer on the TF-IDF features —
    what the model file stores and numpy predicts with. On both benchmark tasks it beats a
    plain SVM or logistic regression by about a point of macro-F1."""
    import numpy as np  # noqa: PLC0415
    from sklearn.svm import LinearSVC  # noqa: PLC0415

    present = matrix.copy()
    present.data[:] = 1.0
    coef = np.zeros((n_classes, matrix.shape[1]))
    intercept = np.zeros(n_classes)
    for k in range(n_classes):
        positive = y == k
        p = 1.0 + np.asarray(present[positive].sum(axis=0)).ravel()
        q = 1.0 + np.asarray(present[~positive].sum(axis=0)).ravel()
        ratio = np.log((p / p.sum()) / (q / q.sum()))
        model = LinearSVC(C=c, class_weight="balanced", random_state=seed, max_iter=5000)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*failed to converge.*")
            model.fit(matrix.multiply(ratio).tocsr(), positive.astype(int))
        w = np.asarray(model.coef_, dtype=np.float64).ravel()
        w = (1 - NB_INTERPOLATION) * np.abs(w).mean() + NB_INTERPOLATION * w
        coef[k] = w * ratio
        intercept[k] = float(model.intercept_[0])
    return coef, intercept


def scores(
    weights: tuple[NDArray[np.float64], NDArray[np.float64]], matrix: Any
) -> NDArray[np.float64]:
    import numpy as np  # noqa: PLC0415

    coef, intercept = weights
    result: NDArray[np.float64] = np.asarray(matrix @ coef.T) + intercept
    return result


def offsets(scores: NDArray[np.float64], y: NDArray[Any]) -> NDArray[np.float64]:
    """Per-class offsets added to the scores that maximise the macro-F1 of the out-of-fold
    predictions (coordinate ascent on a grid). A class the data rarely shows (a neutral
    remark among praise and complaints) is otherwise under-predicted even with balanced
    class weights; the offsets move the decision thresholds, not the model."""
    import numpy as np  # noqa: PLC0415
    from sklearn.metrics import f1_score  # noqa: PLC0415

    offsets = np.zeros(scores.shape[1])
    if scores.shape[1] < 2 or len(y) < 50:  # too few held-out items to move thresholds
        return offsets

    def score(candidate: NDArray[np.float64]) -> float:
        return float(f1_score(y, (scores + candidate).argmax(axis=1), average="macro"))

    best = score(offsets)
    grid = np.round(np.arange(-1.0, 1.0001, 0.05), 2)
    for _ in range(2):
        for k in range(1, scores.shape[1]):  # the first class is the reference
            for value in grid:
                trial = offsets.copy()
                trial[k] = value
                if (got := score(trial)) > best + 1e-9:
                    best, offsets = got, trial
    return offsets


def temperature(scores: NDArray[np.float64], y: NDArray[Any]) -> float:
    """The temperature ``T`` minimising the log-loss of ``softmax(scores / T)`` on held-out
    scores (a golden-section search on log T): one number, so it cannot overfit.

    The targets are smoothed by ``K / (n + K)`` (``n`` held-out items, ``K`` classes): a
    small history the model gets all right must not make it sure of everything (the
    log-loss alone would then push ``T`` to zero and every probability to 1)."""
    import math  # noqa: PLC0415

    import numpy as np  # noqa: PLC0415

    n, k = scores.shape
    smoothing = k / (n + k)
    target = np.full((n, k), smoothing / k)
    target[np.arange(n), y] += 1.0 - smoothing

    def loss(log_t: float) -> float:
        probs = np.clip(softmax(scores / math.exp(log_t)), 1e-12, 1.0)
        return float(-(target * np.log(probs)).sum(axis=1).mean())

    lo, hi = math.log(0.01), math.log(100.0)
    ratio = (math.sqrt(5) - 1) / 2
    for _ in range(60):
        a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
        if loss(a) < loss(b):
            hi = b
        else:
            lo = a
    return math.exp((lo + hi) / 2)
