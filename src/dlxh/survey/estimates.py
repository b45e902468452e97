"""Means, totals, proportions, ratios and their domain versions, as R's ``svymean``/``svyby``.

Each estimator computes its point estimate and a linearised variable ``z`` (Taylor
linearisation); :meth:`Design.variance` turns ``z`` into the variance. Domains are estimated the way
``svyby`` does, by zero-weighting rows outside the domain while keeping every stratum and PSU of
the full design, so a domain's standard error includes the randomness of its sample size.

``na_rm=True`` drops rows whose analysis variable is missing the same way (R's ``na.rm=TRUE``
subsets the design, which keeps the strata/PSU structure); with ``na_rm=False`` a missing value is
an error naming the column, never a silent NaN.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Literal, overload

import numpy as np

from dlxh.survey.design import BoolArray, Design, FloatArray, data_error
from dlxh.survey.intervals import CipropMethod, beta_ci, logit_ci, wald_ci, wilson_ci
from dlxh.survey.results import Estimate

__all__ = ["DeffKind", "ciprop", "mean", "proportion", "ratio", "total"]

DeffKind = Literal["srs", "replace"]

# (estimate, z, deff) from (weights already zeroed outside the domain, mask)
_Core = Callable[[FloatArray, BoolArray], tuple[float, FloatArray, float | None]]


def _values(design: Design, column: str, na_rm: bool) -> tuple[FloatArray, BoolArray]:
    values, missing = design.frame.numeric(column)
    if missing.any() and not na_rm:
        raise data_error(
            f"column {column!r}: {int(missing.sum())} missing values; pass na_rm=True to "
            "estimate from the rows that have a value (R's na.rm=TRUE)"
        )
    return np.where(missing, 0.0, values), ~missing


def _indicator(
    design: Design, column: str, category: str, na_rm: bool
) -> tuple[FloatArray, BoolArray]:
    codes, levels, missing = design.frame.categorical(column)
    if missing.any() and not na_rm:
        raise data_error(
            f"column {column!r}: {int(missing.sum())} missing values; pass na_rm=True to "
            "estimate from the rows that have a value (R's na.rm=TRUE)"
        )
    category = str(category)
    if category not in levels:
        known = ", ".join(levels)
        raise data_error(
            f"column {column!r}: category {category!r} does not occur; values are: {known}"
        )
    y = (codes == levels.index(category)).astype(np.float64)
    return y, ~missing


def _srs_variance(y: FloatArray, wd: FloatArray, mask: BoolArray) -> tuple[float, float, int]:
    """R's ``svyvar`` (weighted variance times n/(n-1)), the weight sum and n in the domain."""
    total_w = float(wd.sum())
    nobs = int(mask.sum())
    ybar = float((wd * y).sum()) / total_w
    var = float((wd * (y - ybar) ** 2).sum()) / total_w
    var = var * nobs / (nobs - 1) if nobs > 1 else math.nan
    return var, total_w, nobs


def _deff(v: float, vsrs: float) -> float | None:
    if not math.isfinite(vsrs) or vsrs <= 0:
        return None
    return v / vsrs


def _domains(
    design: Design, by: str | None, usable: BoolArray
) -> list[tuple[str | None, BoolArray]]:
    if by is None:
        return [(None, usable)]
    codes, levels, _ = design.frame.categorical(by)
    out: list[tuple[str | None, BoolArray]] = []
    for i, level in enumerate(levels):
        out.append((level, usable & (codes == i)))
    return out


def _run(
    design: Design,
    *,
    variable: str,
    statistic: str,
    usable: BoolArray,
    by: str | None,
    level: float,
    core: _Core,
    category: str | None = None,
    what: str,
) -> list[Estimate]:
    results: list[Estimate] = []
    for domain, mask in _domains(design, by, usable):
        n = int(mask.sum())
        if n == 0:
            where = f" in domain {by}={domain!r}" if by else ""
            raise data_error(f"no rows with a value of {what}{where}: cannot estimate")
        wd = np.where(mask, design.w, 0.0)
        est, z, vsrs = core(wd, mask)
        v = design.var1(z)
        se = math.sqrt(max(v, 0.0))
        low, high = wald_ci(est, se, level)
        results.append(
            Estimate(
                variable=variable,
                statistic=statistic,
                category=category,
                domain=domain,
                domain_column=by,
                estimate=est,
                se=se,
                ci_low=low,
                ci_high=high,
                level=level,
                ci_method="normal",
                deff=None if vsrs is None else _deff(v, vsrs),
                df=design.degf(mask),
                n=n,
            )
        )
    return results


def _mean_core(y: FloatArray, deff: DeffKind) -> _Core:
    def core(wd: FloatArray, mask: BoolArray) -> tuple[float, FloatArray, float | None]:
        total_w = float(wd.sum())
        est = float((wd * y).sum()) / total_w
        z = wd * (y - est) / total_w
        var, psum, nobs = _srs_variance(y, wd, mask)
        if deff == "replace":
            vsrs = var / nobs
        else:
            vsrs = var * (psum - nobs) / (psum * nobs) if psum >= nobs else math.nan
        return est, z, vsrs

    return core


def _total_core(y: FloatArray, deff: DeffKind) -> _Core:
    def core(wd: FloatArray, mask: BoolArray) -> tuple[float, FloatArray, float | None]:
        est = float((wd * y).sum())
        var, psum, nobs = _srs_variance(y, wd, mask)
        if deff == "replace":
            vsrs = var * psum**2 / nobs
        else:
            vsrs = var * psum**2 * (psum - nobs) / (psum * nobs) if psum >= nobs else math.nan
        return est, wd * y, vsrs

    return core


@overload
def mean(
    design: Design,
    variable: str,
    *,
    by: None = None,
    na_rm: bool = False,
    level: float = 0.95,
    deff: DeffKind = "srs",
) -> Estimate: ...
@overload
def mean(
    design: Design,
    variable: str,
    *,
    by: str,
    na_rm: bool = False,
    level: float = 0.95,
    deff: DeffKind = "srs",
) -> list[Estimate]: ...
def mean(
    design: Design,
    variable: str,
    *,
    by: str | None = None,
    na_rm: bool = False,
    level: float = 0.95,
    deff: DeffKind = "srs",
) -> Estimate | list[Estimate]:
    """Weighted mean (R ``svymean``), or one per level of ``by`` (R ``svyby(..., svymean)``).

    ``deff="srs"`` is R's ``deff=TRUE``: the variance relative to simple random sampling
    *without* replacement of the same n from a population of size Σw (so it includes the
    ``1 - n/Σw`` factor); ``deff="replace"`` is R's ``deff="replace"``. The interval uses normal
    quantiles, as R's ``confint`` does by default.
    """
    y, usable = _values(design, variable, na_rm)
    out = _run(
        design,
        variable=variable,
        statistic="mean",
        usable=usable,
        by=by,
        level=level,
        core=_mean_core(y, deff),
        what=repr(variable),
    )
    return out if by is not None else out[0]


@overload
def total(
    design: Design,
    variable: str,
    *,
    by: None = None,
    na_rm: bool = False,
    level: float = 0.95,
    deff: DeffKind = "srs",
) -> Estimate: ...
@overload
def total(
    design: Design,
    variable: str,
    *,
    by: str,
    na_rm: bool = False,
    level: float = 0.95,
    deff: DeffKind = "srs",
) -> list[Estimate]: ...
def total(
    design: Design,
    variable: str,
    *,
    by: str | None = None,
    na_rm: bool = False,
    level: float = 0.95,
    deff: DeffKind = "srs",
) -> Estimate | list[Estimate]:
    """Weighted (Horvitz–Thompson) total, R ``svytotal``; per domain with ``by``."""
    y, usable = _values(design, variable, na_rm)
    out = _run(
        design,
        variable=variable,
        statistic="total",
        usable=usable,
        by=by,
        level=level,
        core=_total_core(y, deff),
        what=repr(variable),
    )
    return out if by is not None else out[0]


@overload
def proportion(
    design: Design,
    variable: str,
    category: str,
    *,
    by: None = None,
    na_rm: bool = False,
    level: float = 0.95,
    deff: DeffKind = "srs",
) -> Estimate: ...
@overload
def proportion(
    design: Design,
    variable: str,
    category: str,
    *,
    by: str,
    na_rm: bool = False,
    level: float = 0.95,
    deff: DeffKind = "srs",
) -> list[Estimate]: ...
def proportion(
    design: Design,
    variable: str,
    category: str,
    *,
    by: str | None = None,
    na_rm: bool = False,
    level: float = 0.95,
    deff: DeffKind = "srs",
) -> Estimate | list[Estimate]:
    """Share of rows whose ``variable`` equals ``category``: the mean of the indicator.

    This is what R reports for a factor level in ``svymean(~factor, design)``; the interval is the
    symmetric normal one (``svyciprop(method="mean")``); see :func:`ciprop` for better intervals.
    """
    y, usable = _indicator(design, variable, category, na_rm)
    out = _run(
        design,
        variable=variable,
        statistic="proportion",
        usable=usable,
        by=by,
        level=level,
        core=_mean_core(y, deff),
        category=str(category),
        what=repr(variable),
    )
    return out if by is not None else out[0]


@overload
def ciprop(
    design: Design,
    variable: str,
    category: str,
    *,
    method: CipropMethod = "logit",
    by: None = None,
    na_rm: bool = False,
    level: float = 0.95,
    df: float | None = None,
) -> Estimate: ...
@overload
def ciprop(
    design: Design,
    variable: str,
    category: str,
    *,
    method: CipropMethod = "logit",
    by: str,
    na_rm: bool = False,
    level: float = 0.95,
    df: float | None = None,
) -> list[Estimate]: ...
def ciprop(
    design: Design,
    variable: str,
    category: str,
    *,
    method: CipropMethod = "logit",
    by: str | None = None,
    na_rm: bool = False,
    level: float = 0.95,
    df: float | None = None,
) -> Estimate | list[Estimate]:
    """A proportion with R's ``svyciprop`` interval.

    ``"logit"`` (R's default): t interval on the log-odds with ``df`` degrees of freedom (default
    ``degf`` of the (domain) design, as R). ``"beta"``: Korn–Graubard Clopper–Pearson on the
    effective sample size, df-adjusted as R. ``"wilson"``: Wilson score interval on the effective
    sample size with a normal quantile (see :func:`~dlxh.survey.intervals.wilson_ci`). ``"mean"``:
    symmetric t interval (R passes ``df=degf`` to ``confint``).
    """
    estimates = proportion(design, variable, category, by=by, na_rm=na_rm, level=level)
    items = estimates if isinstance(estimates, list) else [estimates]
    out: list[Estimate] = []
    for e in items:
        d = float(e.df) if df is None else df
        if method == "logit":
            low, high = logit_ci(e.estimate, e.se, level, d)
        elif method == "beta":
            low, high = beta_ci(e.estimate, e.se, level, e.n, d)
        elif method == "wilson":
            low, high = wilson_ci(e.estimate, e.se, level)
        elif method == "mean":
            low, high = wald_ci(e.estimate, e.se, level, d)
        else:
            raise ValueError(f"method must be logit, beta, wilson or mean, not {method!r}")
        out.append(e.model_copy(update={"ci_low": low, "ci_high": high, "ci_method": method}))
    return out if by is not None else out[0]


@overload
def ratio(
    design: Design,
    numerator: str,
    denominator: str,
    *,
    by: None = None,
    na_rm: bool = False,
    level: float = 0.95,
) -> Estimate: ...
@overload
def ratio(
    design: Design,
    numerator: str,
    denominator: str,
    *,
    by: str,
    na_rm: bool = False,
    level: float = 0.95,
) -> list[Estimate]: ...
def ratio(
    design: Design,
    numerator: str,
    denominator: str,
    *,
    by: str | None = None,
    na_rm: bool = False,
    level: float = 0.95,
) -> Estimate | list[Estimate]:
    """Ratio of two totals ``Σwy / Σwx`` (R ``svyratio``), linearised as ``w(y - R x)/Σwx``.

    A row missing either variable is dropped together (with ``na_rm=True``). ``deff`` is not
    reported (R's ``svyratio`` does not by default).
    """
    y, ok_y = _values(design, numerator, na_rm)
    x, ok_x = _values(design, denominator, na_rm)

    def core(wd: FloatArray, mask: BoolArray) -> tuple[float, FloatArray, float | None]:
        tx = float((wd * x).sum())
        if tx == 0:
            raise data_error(
                f"column {denominator!r}: the weighted total is 0, so the ratio is undefined"
            )
        r = float((wd * y).sum()) / tx
        return r, wd * (y - r * x) / tx, None

    out = _run(
        design,
        variable=f"{numerator}/{denominator}",
        statistic="ratio",
        usable=ok_y & ok_x,
        by=by,
        level=level,
        core=core,
        what=f"{numerator!r} and {denominator!r}",
    )
    return out if by is not None else out[0]
