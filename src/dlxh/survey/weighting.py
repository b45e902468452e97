"""Post-stratification, raking and Kish's weighting effect (R ``postStratify``, ``rake``).

The adjusted design keeps its strata and PSUs and records the calibration factors, so variances
use the residuals of the linearised values from the calibration fit, as R's ``svyrecvar`` does;
that is why a post-stratified total can have a much smaller SE than the unadjusted one.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from dlxh.survey.design import Calibration, Design, FloatArray, IntArray, data_error
from dlxh.survey.results import WeightingEffect

__all__ = ["poststratify", "rake", "weighting_effect"]


def _margin(
    design: Design, column: str, population: Mapping[str, float]
) -> tuple[IntArray, FloatArray]:
    codes, levels, missing = design.frame.categorical(column)
    if missing.any():
        raise data_error(
            f"column {column!r}: {int(missing.sum())} missing values; every row needs a "
            "weighting class"
        )
    pop = {str(k): float(v) for k, v in population.items()}
    absent = [lv for lv in levels if lv not in pop]
    if absent:
        raise data_error(
            f"column {column!r}: no population total for {', '.join(map(repr, absent))}"
        )
    empty = [k for k in pop if k not in levels and pop[k] > 0]
    if empty:
        raise data_error(
            f"column {column!r}: population class {', '.join(map(repr, empty))} has no sample "
            "rows, so it cannot be weighted; collapse it with a neighbour"
        )
    targets = np.array([pop[lv] for lv in levels])
    if (targets <= 0).any() or not np.isfinite(targets).all():
        raise data_error(f"column {column!r}: population totals must be positive")
    return codes, targets


def poststratify(design: Design, column: str, population: Mapping[str, float]) -> Design:
    """Scale weights so the weighted count of each class of ``column`` equals ``population``.

    ``population`` maps each class (as text) to its population count, like the ``Freq`` column of
    R's ``postStratify(design, ~column, pop)``.
    """
    codes, targets = _margin(design, column, population)
    current = np.bincount(codes, weights=design.w, minlength=targets.shape[0])
    w = design.w * (targets / current)[codes]
    return design.copy_with_weights(w, Calibration([codes], [targets.shape[0]], design.w, w))


def rake(
    design: Design,
    margins: Mapping[str, Mapping[str, float]],
    *,
    max_iter: int = 100,
    tol: float = 1e-7,
) -> Design:
    """Iterative proportional fitting to several population margins (R ``rake``).

    ``margins`` maps a column name to its population counts by class. Iterates until every
    weighted margin is within ``tol`` (relative) of its target; failing to converge is an error,
    since the margins are then usually inconsistent (different grand totals).
    """
    if not margins:
        raise ValueError("rake needs at least one margin")
    parsed = [(col, *_margin(design, col, pop)) for col, pop in margins.items()]
    grand = [float(t.sum()) for _, _, t in parsed]
    if max(grand) - min(grand) > 1e-6 * max(grand):
        raise data_error(
            f"the margins have different grand totals ({', '.join(f'{g:g}' for g in grand)})"
        )
    w = design.w.copy()
    for _ in range(max_iter):
        for _, codes, targets in parsed:
            current = np.bincount(codes, weights=w, minlength=targets.shape[0])
            w *= (targets / current)[codes]
        worst = max(
            float(np.max(np.abs(np.bincount(c, weights=w, minlength=t.shape[0]) - t) / t))
            for _, c, t in parsed
        )
        if worst < tol:
            break
    else:
        raise data_error(f"raking did not converge in {max_iter} iterations")
    cal = Calibration([c for _, c, _ in parsed], [t.shape[0] for _, _, t in parsed], design.w, w)
    return design.copy_with_weights(w, cal)


def weighting_effect(weights: Design | FloatArray) -> WeightingEffect:
    """Kish's ``deff_w = n Σw² / (Σw)²`` and the effective sample size ``n / deff_w``.

    It measures only the precision lost to unequal weights (not clustering); 1 means equal
    weights.
    """
    w = weights.w if isinstance(weights, Design) else np.asarray(weights, dtype=np.float64)
    if w.size == 0:
        raise data_error("no weights given")
    if (w < 0).any() or not np.isfinite(w).all():
        raise data_error("weights must be finite and non-negative")
    w = w[w > 0]
    n = int(w.size)
    s = float(w.sum())
    deff = n * float((w * w).sum()) / (s * s)
    return WeightingEffect(
        n=n,
        sum_weights=s,
        deff_w=deff,
        effective_n=n / deff,
        min_weight=float(w.min()),
        max_weight=float(w.max()),
    )
