"""Survey designs and their Taylor-linearisation variance, as R's ``survey`` package computes it.

A :class:`Design` holds a table (a :class:`Frame`), the sampling weights, the strata, the primary
sampling units (PSUs, one-stage cluster sampling) and the finite population correction. Every
estimator in :mod:`dlxh.survey` reduces to a *linearised* variable ``z`` (one value per row, the
influence of the row on the estimate, already multiplied by its weight); the design turns ``z``
into a variance with the with-replacement-within-strata formula of Lumley's ``svyrecvar``::

    V = sum_h (1 - f_h) * n_h / (n_h - 1) * sum_i (t_hi - mean_h(t))^2

where ``t_hi`` are PSU totals of ``z``, ``n_h`` the number of PSUs in stratum ``h`` and ``f_h`` the
sampling fraction. Domains (``by=``) and ``na_rm`` are handled, as R's ``subset()`` does, by giving
weight zero to the rows outside the domain: the strata and PSU counts stay those of the full design,
which is what makes domain standard errors correct.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from dlxh.errors import DataValidationError, FieldProblem

__all__ = ["Design", "Frame", "LonelyPSU", "data_error"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

LonelyPSU = Literal["fail", "remove", "certainty", "adjust"]
_LONELY: tuple[str, ...] = ("fail", "remove", "certainty", "adjust")


def data_error(message: str) -> DataValidationError:
    """A :class:`DataValidationError` for survey data; the message names the column and problem."""
    return DataValidationError("survey data", [FieldProblem("survey", message)])


def _is_missing_scalar(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() in ("", "NA", "NaN", "nan")


class Frame:
    """A small column store: column name -> numpy array, built from columns or from rows.

    dlxh does not depend on pandas; survey data arrives as a dict of columns (from a CSV or an
    importer) or as a list of row dicts (from JSON). Missing values are ``None``, ``NaN``, an empty
    string or ``"NA"`` (R's spelling), and are kept as missing until an estimate decides what to do.
    """

    def __init__(self, columns: Mapping[str, Sequence[Any] | npt.NDArray[Any]]) -> None:
        self._cols: dict[str, npt.NDArray[Any]] = {}
        length: int | None = None
        for name, values in columns.items():
            arr = np.asarray(values)
            if arr.ndim != 1:
                raise data_error(f"column {name!r}: expected a flat sequence of values")
            if length is not None and arr.shape[0] != length:
                raise data_error(
                    f"column {name!r}: has {arr.shape[0]} values, other columns have {length}"
                )
            length = arr.shape[0]
            self._cols[str(name)] = arr
        if length is None:
            raise data_error("the survey table has no columns")
        self.n_rows = length

    @classmethod
    def from_any(cls, data: Frame | Mapping[str, Any] | Iterable[Mapping[str, Any]]) -> Frame:
        """Accept a Frame, a dict of columns or a list of row dicts."""
        if isinstance(data, Frame):
            return data
        if isinstance(data, Mapping):
            return cls(data)
        rows = list(data)
        if not rows:
            raise data_error("the survey table has no rows")
        names: list[str] = []
        for row in rows:
            for key in row:
                if key not in names:
                    names.append(key)
        return cls({name: [row.get(name) for row in rows] for name in names})

    @property
    def columns(self) -> list[str]:
        """The column names, in order."""
        return list(self._cols)

    def raw(self, name: str) -> npt.NDArray[Any]:
        """The stored values of a column; an unknown name is an error that lists the columns."""
        try:
            return self._cols[name]
        except KeyError:
            known = ", ".join(self._cols)
            raise data_error(f"unknown column {name!r}; the table has: {known}") from None

    def numeric(self, name: str) -> tuple[FloatArray, BoolArray]:
        """The column as float64 with NaN where missing, and the missing mask.

        A value that is neither a number nor missing is an error naming the column, the row and the
        value, rather than a silent NaN.
        """
        arr = self.raw(name)
        if arr.dtype.kind in "fiub":
            out = arr.astype(np.float64)
            return out, np.isnan(out)
        out = np.empty(arr.shape[0], dtype=np.float64)
        for i, value in enumerate(arr.tolist()):
            if _is_missing_scalar(value):
                out[i] = np.nan
                continue
            if isinstance(value, bool):
                out[i] = float(value)
                continue
            try:
                out[i] = float(value)
            except (TypeError, ValueError):
                raise data_error(
                    f"column {name!r}: row {i + 1} has {value!r}, which is not a number"
                ) from None
        return out, np.isnan(out)

    def categorical(self, name: str) -> tuple[IntArray, list[str], BoolArray]:
        """Integer codes (-1 where missing), the sorted level labels and the missing mask.

        Levels are the values as text (``1`` and ``1.0`` from a float column both read ``"1"``);
        text is sorted as text, numbers numerically (as R sorts factor levels), so results come in
        a predictable order.
        """
        arr = self.raw(name)
        if arr.dtype.kind in "fiub":
            # numbers: factorise the values themselves (fast, numeric order), label afterwards
            missing = np.isnan(arr) if arr.dtype.kind == "f" else np.zeros(arr.shape[0], bool)
            uniq, inverse = np.unique(arr[~missing], return_inverse=True)
            codes = np.full(arr.shape[0], -1, dtype=np.intp)
            codes[~missing] = inverse
            labels = [_num_label(float(v)) for v in uniq.tolist()]
            return codes, labels, missing
        values = arr.tolist()
        missing = np.array([_is_missing_scalar(v) for v in values], dtype=bool)
        text = np.array(
            ["" if m else _label(v) for v, m in zip(values, missing.tolist(), strict=True)],
            dtype=object,
        )
        present = text[~missing].astype(str)
        levels, inverse = np.unique(present, return_inverse=True)
        codes = np.full(arr.shape[0], -1, dtype=np.intp)
        codes[~missing] = inverse
        return codes, [str(v) for v in levels.tolist()], missing


def _num_label(value: float) -> str:
    if math.isnan(value):
        return ""
    return str(int(value)) if value.is_integer() else repr(value)


def _label(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class Calibration:
    """What a post-stratification or raking step needs to correct the variance.

    R replaces each linearised value by its residual from a weighted regression on the calibration
    factors (``svyrecvar``'s ``postStrata``/``calibrate`` step). As in R's ``calibrate``, the fit
    regresses ``u = z / w`` on the factors with the *pre-calibration* weights ``w0`` and subtracts
    ``w · fitted`` (``w`` the calibrated weights); for a single factor this equals
    ``postStratify``'s within-class centring. The
    weights are stored at calibration time, so domains computed later still see the full fit.
    """

    def __init__(
        self, codes: list[IntArray], sizes: list[int], weights: FloatArray, calibrated: FloatArray
    ) -> None:
        self.codes = codes
        self.sizes = sizes
        self.weights = weights
        self.calibrated = calibrated
        offsets = np.cumsum([0, *sizes])
        self._offsets = offsets
        p = int(offsets[-1])
        xtwx = np.zeros((p, p))
        for a, (ca, oa) in enumerate(zip(codes, offsets[:-1], strict=True)):
            for b, (cb, ob) in enumerate(zip(codes, offsets[:-1], strict=True)):
                if b < a:
                    continue
                joint = ca * sizes[b] + cb
                block = np.bincount(joint, weights=weights, minlength=sizes[a] * sizes[b])
                block = block.reshape(sizes[a], sizes[b])
                xtwx[oa : oa + sizes[a], ob : ob + sizes[b]] = block
                xtwx[ob : ob + sizes[b], oa : oa + sizes[a]] = block.T
        self._pinv = np.linalg.pinv(xtwx)

    def residualise(self, z: FloatArray) -> FloatArray:
        """Return ``z - w·Xβ``, ``β`` the ``w0``-weighted LS fit of ``u = z / w`` on ``X``."""
        w = self.weights
        wc = self.calibrated
        u = z / np.where(wc > 0, wc, 1.0)
        xtwu = np.concatenate(
            [
                np.bincount(c, weights=w * u, minlength=s)
                for c, s in zip(self.codes, self.sizes, strict=True)
            ]
        )
        beta = self._pinv @ xtwu
        fitted = np.zeros_like(z)
        for c, o in zip(self.codes, self._offsets[:-1], strict=True):
            fitted += beta[o + c]
        return np.asarray(z - wc * fitted, dtype=np.float64)


class Design:
    """A one-stage stratified cluster design (SRS being the trivial case), as ``svydesign``.

    ``weights`` names a column of sampling weights; when it is ``None`` the weights are
    ``N_h / n_h`` (PSUs in the stratum over PSUs sampled, every element of a sampled PSU taking its
    PSU's weight) if ``fpc`` gives population sizes, the inverse fraction if it gives fractions,
    as R derives them, and 1 without ``fpc``.
    ``strata`` and ``cluster`` name the stratum and PSU columns (``None``: one stratum, each row its
    own PSU). PSU ids are nested within strata. ``fpc`` names a column holding either the
    population size of the stratum (in PSUs; a value >= 1) or the sampling fraction (< 1), exactly
    as R interprets ``fpc``; it must be constant within a stratum.

    ``lonely_psu`` says what to do with a stratum holding a single PSU, whose variance contribution
    is 0/0: ``"fail"`` (R's default ``options(survey.lonely.psu="fail")``) raises; ``"remove"`` and
    ``"certainty"`` give it no contribution; ``"adjust"`` centres it at the mean of all PSU totals.
    """

    def __init__(  # noqa: PLR0915 - one linear validation of the design columns
        self,
        data: Frame | Mapping[str, Any] | Iterable[Mapping[str, Any]],
        *,
        weights: str | None = None,
        strata: str | None = None,
        cluster: str | None = None,
        fpc: str | None = None,
        lonely_psu: LonelyPSU = "fail",
    ) -> None:
        if lonely_psu not in _LONELY:
            raise ValueError(f"lonely_psu must be one of {', '.join(_LONELY)}, not {lonely_psu!r}")
        self.frame = Frame.from_any(data)
        self.weights_column = weights
        self.strata_column = strata
        self.cluster_column = cluster
        self.fpc_column = fpc
        self.lonely_psu: LonelyPSU = lonely_psu
        n = self.frame.n_rows
        self.n_rows = n

        if strata is None:
            s_codes = np.zeros(n, dtype=np.intp)
            self.strata_levels = ["1"]
        else:
            s_codes, self.strata_levels, s_miss = self.frame.categorical(strata)
            if s_miss.any():
                raise data_error(
                    f"column {strata!r} (strata): {int(s_miss.sum())} missing values; every row "
                    "must belong to a stratum"
                )
        n_strata = len(self.strata_levels)

        if cluster is None:
            psu_key = np.arange(n, dtype=np.intp)
        else:
            c_codes, c_levels, c_miss = self.frame.categorical(cluster)
            if c_miss.any():
                raise data_error(
                    f"column {cluster!r} (cluster): {int(c_miss.sum())} missing PSU ids"
                )
            psu_key = s_codes * len(c_levels) + c_codes
        uniq, psu = np.unique(psu_key, return_inverse=True)
        self.psu: IntArray = psu.astype(np.intp)
        self.n_psu_total = int(uniq.shape[0])
        first = np.zeros(self.n_psu_total, dtype=np.intp)
        first[self.psu[::-1]] = np.arange(n - 1, -1, -1)
        self.psu_stratum: IntArray = s_codes[first]
        self.strata: IntArray = s_codes
        self.n_psu_h: IntArray = np.bincount(self.psu_stratum, minlength=n_strata).astype(np.intp)

        self.fraction: FloatArray = np.zeros(n_strata)
        popsize: FloatArray | None = None
        if fpc is not None:
            f_vals, f_miss = self.frame.numeric(fpc)
            if f_miss.any():
                raise data_error(f"column {fpc!r} (fpc): {int(f_miss.sum())} missing")
            if (f_vals <= 0).any():
                raise data_error(f"column {fpc!r} (fpc): values must be positive")
            lo = np.full(n_strata, np.inf)
            hi = np.full(n_strata, -np.inf)
            np.minimum.at(lo, s_codes, f_vals)
            np.maximum.at(hi, s_codes, f_vals)
            if (hi - lo > 1e-9 * np.maximum(1.0, np.abs(hi))).any():
                bad = self.strata_levels[int(np.argmax(hi - lo))]
                raise data_error(
                    f"column {fpc!r} (fpc): differs within stratum {bad!r}; it must be constant"
                )
            if (lo < 1).all():
                self.fraction = lo.copy()
            elif (lo >= 1).all():
                popsize = lo
                if (popsize < self.n_psu_h).any():
                    bad = self.strata_levels[int(np.argmax(self.n_psu_h - popsize))]
                    raise data_error(
                        f"column {fpc!r} (fpc): stratum {bad!r} has more sampled PSUs than its "
                        "population size"
                    )
                self.fraction = self.n_psu_h / popsize
            else:
                raise data_error(
                    f"column {fpc!r} (fpc): mixes sampling fractions (< 1) and population sizes"
                )

        if weights is None:
            # the inverse of the PSU sampling probability, as R derives weights from fpc; in a
            # one-stage cluster design every element of a sampled PSU carries its PSU's weight
            if popsize is not None:
                self.w: FloatArray = (popsize / self.n_psu_h)[s_codes]
            elif fpc is not None:
                self.w = (1.0 / self.fraction)[s_codes]
            else:
                self.w = np.ones(n)
        else:
            w, w_miss = self.frame.numeric(weights)
            invalid = np.flatnonzero(w_miss | ~np.isfinite(w) | (w <= 0))
            if invalid.size:
                # every invalid row at once (up to a screenful), so one fix pass repairs the column
                shown = [
                    f"row {i + 1} " + ("is blank" if w_miss[i] else f"has {float(w[i]):g}")
                    for i in invalid[:10]
                ]
                more = f" and {invalid.size - 10} more rows" if invalid.size > 10 else ""
                raise data_error(
                    f"column {weights!r} (weights): {', '.join(shown)}{more}; "
                    "sampling weights must be positive numbers"
                )
            self.w = w
        self.calibrations: list[Calibration] = []

        lonely = self.n_psu_h == 1
        if lonely.any() and lonely_psu == "fail":
            names = ", ".join(repr(self.strata_levels[i]) for i in np.flatnonzero(lonely)[:5])
            raise data_error(
                f"stratum {names} of column {strata!r} has only one PSU, so its variance cannot "
                "be estimated; combine strata or pass lonely_psu='adjust', 'remove' or "
                "'certainty'"
            )

    # ------------------------------------------------------------------ helpers for estimators

    def copy_with_weights(self, w: FloatArray, calibration: Calibration | None) -> Design:
        """A shallow copy with new weights (and one more calibration step), for weighting."""
        new = object.__new__(Design)
        new.__dict__.update(self.__dict__)
        new.w = w
        new.calibrations = [*self.calibrations, *([calibration] if calibration else [])]
        return new

    def degf(self, mask: BoolArray | None = None) -> int:
        """R's ``degf``: PSUs minus strata, counting only those with rows of nonzero weight."""
        if mask is None:
            return self.n_psu_total - int((self.n_psu_h > 0).sum())
        psus = np.unique(self.psu[mask])
        strata = np.unique(self.psu_stratum[psus])
        return int(psus.shape[0] - strata.shape[0])

    def variance(self, z: FloatArray) -> FloatArray:
        """Covariance matrix of the estimator(s) whose linearised values are the columns of ``z``.

        ``z`` is ``(n,)`` or ``(n, k)``; the result is ``(k, k)`` (``(1, 1)`` for a vector). The
        work is a few ``bincount`` passes, so a million rows take milliseconds per column.
        """
        zz = z.reshape(self.n_rows, -1).astype(np.float64, copy=True)
        k = zz.shape[1]
        for cal in self.calibrations:
            for j in range(k):
                zz[:, j] = cal.residualise(zz[:, j])
        n_h = self.n_psu_h.astype(np.float64)
        n_str = n_h.shape[0]
        totals = np.empty((self.n_psu_total, k))
        for j in range(k):
            totals[:, j] = np.bincount(self.psu, weights=zz[:, j], minlength=self.n_psu_total)
        lonely = n_h == 1
        safe_n = np.where(n_h > 0, n_h, 1.0)
        centre = np.empty((n_str, k))
        for j in range(k):
            centre[:, j] = np.bincount(self.psu_stratum, weights=totals[:, j], minlength=n_str)
        centre /= safe_n[:, None]
        scale = (1.0 - self.fraction) * n_h / np.where(n_h > 1, n_h - 1, 1.0)
        if lonely.any():
            if self.lonely_psu == "adjust":
                centre[lonely] = totals.sum(axis=0) / self.n_psu_total
                scale[lonely] = 1.0 - self.fraction[lonely]
            else:
                scale[lonely] = 0.0
        dev = (totals - centre[self.psu_stratum]) * np.sqrt(scale[self.psu_stratum])[:, None]
        return np.asarray(dev.T @ dev, dtype=np.float64)

    def var1(self, z: FloatArray) -> float:
        """Variance of one estimator from its linearised values."""
        return float(self.variance(z)[0, 0])
