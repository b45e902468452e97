"""Result models of :mod:`dlxh.survey`: plain pydantic data, JSON-serialisable.

They derive :class:`~dlxh.models._base.DlxhModel` so a misspelt field is an error and a report
template can read them like any other dlxh model.
"""

from __future__ import annotations

from pydantic import Field

from dlxh.models._base import DlxhModel

__all__ = [
    "CategoryComparison",
    "Crosstab",
    "Estimate",
    "Representativeness",
    "WeightingEffect",
]


class Estimate(DlxhModel):
    """One design-based estimate with its standard error and confidence interval.

    ``ci_method`` says how the interval was made: ``"normal"`` (R's ``confint`` on a ``svystat``,
    df = Inf), ``"t"`` (t with ``df`` degrees of freedom), or the :func:`ciprop` method. ``deff`` is
    R's ``deff=TRUE`` design effect (``None`` when not defined, e.g. for a ratio). ``n`` is the
    number of rows that entered the estimate (nonzero weight, non-missing value).
    """

    variable: str
    statistic: str
    category: str | None = None
    domain: str | None = None
    domain_column: str | None = None
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    level: float = 0.95
    ci_method: str = "normal"
    deff: float | None = None
    df: int
    n: int


class Crosstab(DlxhModel):
    """A weighted two-way table with R's ``svychisq`` tests.

    ``counts[i][j]`` is the estimated population count of row level ``i`` and column level ``j``;
    ``shares`` the cell share of the whole table, ``row_shares`` the share within the row. The
    Pearson statistic (``pearson_chisq``) is computed, as R does, on the table rescaled to the
    sample size; ``f``/``ndf``/``ddf``/``p_value`` are the second-order Rao–Scott F test (R's
    default ``statistic="F"``) and ``rs_chisq``/``rs_p_value`` the first-order corrected chi-square
    (``statistic="Chisq"``).
    """

    row: str
    column: str
    row_levels: list[str]
    column_levels: list[str]
    counts: list[list[float]]
    shares: list[list[float]]
    row_shares: list[list[float]]
    n: int
    pearson_chisq: float
    pearson_df: int
    pearson_p_value: float
    f: float
    ndf: float
    ddf: float
    p_value: float
    rs_chisq: float
    rs_p_value: float
    design_effects_mean: float


class WeightingEffect(DlxhModel):
    """Kish's weighting effect ``deff_w = n·Σw²/(Σw)²`` and effective sample size ``n / deff_w``."""

    n: int
    sum_weights: float
    deff_w: float
    effective_n: float
    min_weight: float
    max_weight: float


class CategoryComparison(DlxhModel):
    """Sample versus population share of one category, in percent and percentage points."""

    category: str
    sample_count: float
    sample_pct: float
    population_pct: float
    difference_pp: float


class Representativeness(DlxhModel):
    """Goodness of fit of the sample composition to the population, with a verdict.

    The verdict is ``"đại diện"`` (representative) when every category is within
    ``max_difference_pp`` percentage points of the population share *and* the chi-square
    goodness-of-fit p-value is at least ``alpha``; otherwise ``"chưa đại diện"``.
    """

    variable: str | None = None
    categories: list[CategoryComparison]
    n: int
    chisq: float
    df: int
    p_value: float
    max_abs_difference_pp: float
    max_difference_pp: float = Field(description="threshold in percentage points")
    alpha: float
    representative: bool
    verdict: str
