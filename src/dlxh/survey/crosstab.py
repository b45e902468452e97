"""Weighted two-way tables with the Rao–Scott corrected chi-square (R ``svytable``/``svychisq``).

The Pearson statistic of a weighted table is too large because the effective sample size is
smaller than n; Rao and Scott divide it by the mean generalised design effect (first order,
``statistic="Chisq"``) and, for the default ``statistic="F"``, also use a Satterthwaite F reference
distribution with ``d0 = tr(Δ)²/tr(Δ²)`` and ``d0 · degf`` degrees of freedom (second order).
The code follows ``svychisq.survey.design`` step by step.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from dlxh.survey.design import Design, data_error
from dlxh.survey.results import Crosstab

__all__ = ["crosstab"]


def crosstab(design: Design, row: str, column: str) -> Crosstab:
    """Weighted counts and shares of ``row`` × ``column`` and the Rao–Scott tests.

    Rows missing either variable are left out, as ``svychisq(..., na.rm=TRUE)`` (zero-weighted,
    so the design structure is kept).
    """
    rc, rlev, rmiss = design.frame.categorical(row)
    cc, clev, cmiss = design.frame.categorical(column)
    ok = ~rmiss & ~cmiss
    nr, nc = len(rlev), len(clev)
    if nr < 2 or nc < 2:
        which = row if nr < 2 else column
        raise data_error(f"column {which!r}: needs at least two categories for a table")
    n = int(ok.sum())
    w = np.where(ok, design.w, 0.0)
    cell = np.where(ok, cc * nr + rc, 0)  # column-major cell index, as R's interaction()
    k = nr * nc
    counts = np.bincount(cell, weights=w, minlength=k)
    total_w = float(counts.sum())
    mean2 = counts / total_w
    # linearised values of the k cell proportions
    ind = np.zeros((design.n_rows, k))
    ind[np.flatnonzero(ok), cell[ok]] = 1.0
    z = w[:, None] * (ind - mean2[None, :]) / total_w
    v = design.variance(z)

    rows_i = np.tile(np.arange(nr), nc)
    cols_i = np.repeat(np.arange(nc), nr)
    x1 = np.column_stack(
        [np.ones(k)]
        + [(rows_i == i).astype(float) for i in range(1, nr)]
        + [(cols_i == j).astype(float) for j in range(1, nc)]
    )
    x12 = np.column_stack(
        [((rows_i == i) & (cols_i == j)).astype(float) for j in range(1, nc) for i in range(1, nr)]
    )
    beta, *_ = np.linalg.lstsq(x1, x12, rcond=None)
    cmat = x12 - x1 @ beta
    idmat = np.diag(np.where(mean2 == 0, 0.0, 1.0 / np.where(mean2 == 0, 1.0, mean2)))
    denom = cmat.T @ (idmat / n) @ cmat
    numr = cmat.T @ idmat @ v @ idmat @ cmat
    delta = np.linalg.solve(denom, numr)
    tr = float(np.trace(delta))
    d0 = tr**2 / float(np.trace(delta @ delta))
    nu = design.degf()

    table = (counts * n / total_w).reshape(nc, nr).T
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(expected > 0, (table - expected) ** 2 / expected, 0.0)
    x2 = float(terms.sum())
    pdf = (nr - 1) * (nc - 1)
    f_stat = x2 / tr
    chisq = x2 * pdf / tr
    wc = counts.reshape(nc, nr).T
    row_tot = wc.sum(axis=1, keepdims=True)
    return Crosstab(
        row=row,
        column=column,
        row_levels=rlev,
        column_levels=clev,
        counts=wc.tolist(),
        shares=(wc / total_w).tolist(),
        row_shares=np.divide(wc, row_tot, out=np.zeros_like(wc), where=row_tot > 0).tolist(),
        n=n,
        pearson_chisq=x2,
        pearson_df=pdf,
        pearson_p_value=float(stats.chi2.sf(x2, pdf)),
        f=f_stat,
        ndf=d0,
        ddf=d0 * nu,
        p_value=float(stats.f.sf(f_stat, d0, d0 * nu)),
        rs_chisq=chisq,
        rs_p_value=float(stats.chi2.sf(chisq, pdf)),
        design_effects_mean=tr / pdf,
    )
