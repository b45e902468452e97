"""Confidence intervals: normal/t Wald intervals and R's ``svyciprop`` methods for proportions.

Which distribution R uses matters for agreement: ``confint()`` on a ``svymean``/``svytotal``
result uses normal quantiles (``df = Inf``); ``svyciprop`` uses a t distribution with
``degf(design)`` degrees of freedom for ``"logit"``, and the Korn–Graubard beta interval with an
effective sample size for ``"beta"``.
"""

from __future__ import annotations

import math
from typing import Literal

from scipy import stats

__all__ = ["CipropMethod", "beta_ci", "logit_ci", "quantile", "wald_ci", "wilson_ci"]

CipropMethod = Literal["logit", "beta", "wilson", "mean"]


def quantile(level: float, df: float | None = None) -> float:
    """Two-sided critical value: normal when ``df`` is None or infinite, else Student t."""
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level!r}")
    upper = 1 - (1 - level) / 2
    if df is None or math.isinf(df):
        return float(stats.norm.ppf(upper))
    if df <= 0:
        raise ValueError(f"the design has {df} degrees of freedom; a t interval needs at least 1")
    return float(stats.t.ppf(upper, df))


def wald_ci(
    estimate: float, se: float, level: float = 0.95, df: float | None = None
) -> tuple[float, float]:
    """``estimate ± q·se`` (R's ``confint.svystat``, normal unless ``df`` is given)."""
    q = quantile(level, df)
    return estimate - q * se, estimate + q * se


def _check_p(p: float) -> None:
    if not 0 < p < 1:
        raise ValueError(
            f"the estimated proportion is {p!r}; logit, beta and Wilson intervals need 0 < p < 1 "
            "(R's svyciprop fails there too)"
        )


def logit_ci(p: float, se: float, level: float, df: float | None) -> tuple[float, float]:
    """R's ``svyciprop(method="logit")``: t(``df``) Wald interval for logit(p), back-transformed.

    For an intercept-only quasi-binomial ``svyglm`` the sandwich SE of the log-odds is exactly the
    delta-method ``se / (p (1 - p))``, so no model fit is needed.
    """
    _check_p(p)
    q = quantile(level, df)
    eta = math.log(p / (1 - p))
    half = q * se / (p * (1 - p))
    return 1 / (1 + math.exp(-(eta - half))), 1 / (1 + math.exp(-(eta + half)))


def beta_ci(p: float, se: float, level: float, n: int, df: float) -> tuple[float, float]:
    """R's ``svyciprop(method="beta")``: Clopper–Pearson on Korn & Graubard's effective n.

    ``n_eff = p(1-p)/se²``, shrunk by ``(qt(α/2, n-1) / qt(α/2, degf))²`` so few PSUs widen the
    interval, then beta quantiles with shape parameters ``n_eff·p`` and ``n_eff·(1-p)`` (+1).
    """
    _check_p(p)
    alpha = 1 - level
    n_eff = p * (1 - p) / se**2
    if df <= 0:
        raise ValueError("the design has no degrees of freedom for a beta interval")
    n_eff *= (float(stats.t.ppf(alpha / 2, n - 1)) / float(stats.t.ppf(alpha / 2, df))) ** 2
    low = float(stats.beta.ppf(alpha / 2, n_eff * p, n_eff * (1 - p) + 1))
    high = float(stats.beta.ppf(1 - alpha / 2, n_eff * p + 1, n_eff * (1 - p)))
    return low, high


def wilson_ci(p: float, se: float, level: float) -> tuple[float, float]:
    """Wilson score interval computed on the effective sample size ``n_eff = p(1-p)/se²``.

    This is what "Wilson" means here: the textbook Wilson interval with the design-based
    effective n in place of n (normal quantile). It is not one of R's ``svyciprop`` methods in
    older releases, so there is no R number to match; under SRS with replacement it reduces to the
    ordinary Wilson interval.
    """
    _check_p(p)
    z = quantile(level)
    n = p * (1 - p) / se**2
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return centre - half, centre + half
