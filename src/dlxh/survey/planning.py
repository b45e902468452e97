"""Sample-size planning and a representativeness check for survey reports.

``sample_size`` uses the usual formula for a proportion, ``n0 = z² p (1-p) deff / e²``, with
Cochran's finite-population correction ``n = n0 / (1 + (n0 - 1) / N)`` and inflation for the
expected response rate, rounded *up* (±3 % at 95 % gives 1068, the familiar figure).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from scipy import stats

from dlxh.survey.design import data_error
from dlxh.survey.intervals import quantile
from dlxh.survey.results import CategoryComparison, Representativeness

__all__ = ["margin_of_error", "representativeness", "sample_size"]


def _check(name: str, value: float, low: float, high: float, *, closed_low: bool = False) -> None:
    ok = (low <= value if closed_low else low < value) and value <= high
    if not ok or math.isnan(value):
        raise ValueError(
            f"{name} must be in {'[' if closed_low else '('}{low}, {high}], not {value!r}"
        )


def sample_size(  # noqa: PLR0917 - the signature of the specification
    moe: float,
    level: float = 0.95,
    p: float = 0.5,
    deff: float = 1.0,
    population: int | None = None,
    response_rate: float = 1.0,
) -> int:
    """Respondents to contact for a margin of error ``moe`` (a fraction: 0.03 for ±3 points)."""
    _check("moe", moe, 0.0, 1.0)
    _check("p", p, 0.0, 1.0)
    _check("response_rate", response_rate, 0.0, 1.0)
    if deff <= 0:
        raise ValueError(f"deff must be positive, not {deff!r}")
    z = quantile(level)
    n = z * z * p * (1 - p) * deff / (moe * moe)
    if population is not None:
        if population < 1:
            raise ValueError(f"population must be at least 1, not {population!r}")
        n = n / (1 + (n - 1) / population)
    n /= response_rate
    # guard against 1068.0000000001 from floating point before rounding up
    return max(1, math.ceil(round(n, 9)))


def margin_of_error(
    n: int,
    level: float = 0.95,
    p: float = 0.5,
    deff: float = 1.0,
    population: int | None = None,
) -> float:
    """Half-width of the normal interval for a proportion from ``n`` respondents (a fraction).

    With ``population`` the finite-population factor ``(N - n) / (N - 1)`` is applied.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n!r}")
    _check("p", p, 0.0, 1.0, closed_low=True)
    var = p * (1 - p) * deff / n
    if population is not None:
        if population < n:
            raise ValueError(f"population ({population}) is smaller than the sample ({n})")
        var *= (population - n) / (population - 1) if population > 1 else 0.0
    return quantile(level) * math.sqrt(var)


def representativeness(
    sample_counts: Mapping[str, float],
    population: Mapping[str, float],
    *,
    max_difference_pp: float = 5.0,
    alpha: float = 0.05,
    variable: str | None = None,
) -> Representativeness:
    """Compare the sample composition with the population (counts or shares; they are normalised).

    Reports, per category, the sample and population percentages and their difference in
    percentage points, a chi-square goodness-of-fit test, and the verdict ``"đại diện"`` when the
    largest absolute difference is at most ``max_difference_pp`` and ``p >= alpha``, otherwise
    ``"chưa đại diện"``. Large samples make the test sensitive to tiny differences, which is why
    the percentage-point threshold is a separate, explicit parameter.
    """
    keys = list(population)
    missing = [k for k in sample_counts if k not in population]
    if missing:
        raise data_error(
            f"sample categories without a population figure: {', '.join(map(repr, missing))}"
        )
    obs = [float(sample_counts.get(k, 0.0)) for k in keys]
    pop = [float(population[k]) for k in keys]
    if any(v < 0 for v in obs) or any(v <= 0 for v in pop):
        raise data_error("counts must be non-negative and population figures positive")
    if len(keys) < 2:
        raise data_error("representativeness needs at least two categories")
    n = sum(obs)
    if n <= 0:
        raise data_error("the sample is empty")
    ptot = sum(pop)
    expected = [n * v / ptot for v in pop]
    chisq = sum((o - e) ** 2 / e for o, e in zip(obs, expected, strict=True))
    df = len(keys) - 1
    p_value = float(stats.chi2.sf(chisq, df))
    cats = [
        CategoryComparison(
            category=str(k),
            sample_count=o,
            sample_pct=100 * o / n,
            population_pct=100 * v / ptot,
            difference_pp=100 * (o / n - v / ptot),
        )
        for k, o, v in zip(keys, obs, pop, strict=True)
    ]
    worst = max(abs(c.difference_pp) for c in cats)
    ok = worst <= max_difference_pp and p_value >= alpha
    return Representativeness(
        variable=variable,
        categories=cats,
        n=round(n),
        chisq=chisq,
        df=df,
        p_value=p_value,
        max_abs_difference_pp=worst,
        max_difference_pp=max_difference_pp,
        alpha=alpha,
        representative=ok,
        verdict="đại diện" if ok else "chưa đại diện",
    )
