"""Property tests of dlxh.survey against textbook formulas, and bad-data errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlxh import survey
from dlxh.errors import DataValidationError

values = st.lists(
    st.floats(min_value=-1e3, max_value=1e3, allow_nan=False), min_size=3, max_size=40
)


@settings(max_examples=60, deadline=None)
@given(ys=values, extra=st.integers(min_value=0, max_value=500))
def test_srs_mean_matches_textbook(ys: list[float], extra: int) -> None:
    n = len(ys)
    pop = n + extra
    d = survey.Design({"y": ys, "N": [pop] * n}, fpc="N")
    e = survey.mean(d, "y")
    y = np.array(ys)
    assert e.estimate == pytest.approx(y.mean(), abs=1e-9)
    se = y.std(ddof=1) / math.sqrt(n) * math.sqrt(1 - n / pop)
    assert e.se == pytest.approx(se, rel=1e-7, abs=1e-9)
    assert e.df == n - 1


@settings(max_examples=60, deadline=None)
@given(
    ys=st.lists(st.floats(min_value=-1e3, max_value=1e3, allow_nan=False), min_size=4, max_size=40),
    k=st.floats(min_value=0.1, max_value=100),
)
def test_totals_scale_with_weights(ys: list[float], k: float) -> None:
    n = len(ys)
    strata = [i % 2 for i in range(n)]
    w = [1.0 + (i % 3) for i in range(n)]
    d1 = survey.Design({"y": ys, "w": w, "s": strata}, weights="w", strata="s")
    d2 = survey.Design({"y": ys, "w": [k * x for x in w], "s": strata}, weights="w", strata="s")
    t1, t2 = survey.total(d1, "y"), survey.total(d2, "y")
    assert t2.estimate == pytest.approx(k * t1.estimate, rel=1e-9, abs=1e-6)
    assert t2.se == pytest.approx(k * t1.se, rel=1e-7, abs=1e-6)
    assert survey.mean(d2, "y").estimate == pytest.approx(survey.mean(d1, "y").estimate, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=10_000),
    pa=st.lists(st.floats(min_value=1, max_value=1000), min_size=2, max_size=2),
)
def test_rake_reproduces_margins(seed: int, pa: list[float]) -> None:
    rng = np.random.default_rng(seed)
    n = 60
    a = rng.choice(["x", "y"], n)
    b = rng.choice(["p", "q", "r"], n)
    a[:2], b[:3] = ["x", "y"], ["p", "q", "r"]
    total_pop = sum(pa)
    pb = {"p": total_pop * 0.2, "q": total_pop * 0.5, "r": total_pop * 0.3}
    d = survey.Design({"a": a.tolist(), "b": b.tolist(), "w": rng.uniform(1, 5, n)}, weights="w")
    r = survey.rake(d, {"a": {"x": pa[0], "y": pa[1]}, "b": pb})
    for lv, target in (("x", pa[0]), ("y", pa[1])):
        assert float(r.w[a == lv].sum()) == pytest.approx(target, rel=1e-6)
    for lv, target in pb.items():
        assert float(r.w[b == lv].sum()) == pytest.approx(target, rel=1e-6)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_domain_totals_sum_to_total(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 50
    data = {
        "y": rng.normal(10, 3, n),
        "g": rng.choice(["a", "b", "c"], n).tolist(),
        "s": (np.arange(n) % 3).tolist(),
        "c": (np.arange(n) % 12).tolist(),
        "w": rng.uniform(1, 4, n),
    }
    d = survey.Design(data, weights="w", strata="s", cluster="c")
    parts = survey.total(d, "y", by="g")
    assert sum(e.estimate for e in parts) == pytest.approx(survey.total(d, "y").estimate)


def test_weighting_effect_kish() -> None:
    we = survey.weighting_effect(np.array([1.0, 1.0, 2.0, 4.0]))
    assert we.deff_w == pytest.approx(4 * 22 / 64)
    assert we.effective_n == pytest.approx(64 / 22)


def test_planning() -> None:
    assert survey.sample_size(0.03) == 1068
    assert survey.sample_size(0.05) == 385
    assert survey.sample_size(0.03, population=1000) < 1068
    assert survey.sample_size(0.03, response_rate=0.5) == math.ceil(1067.07 / 0.5)
    assert survey.margin_of_error(1068) == pytest.approx(0.0300, abs=1e-4)
    ok = survey.representativeness({"nam": 498, "nữ": 502}, {"nam": 0.49, "nữ": 0.51})
    assert ok.verdict == "đại diện" and ok.representative
    bad = survey.representativeness({"nam": 700, "nữ": 300}, {"nam": 49, "nữ": 51})
    assert bad.verdict == "chưa đại diện" and bad.max_abs_difference_pp == pytest.approx(21)
    assert bad.model_dump_json()


def test_estimate_is_json() -> None:
    d = survey.Design({"y": [1.0, 2.0, 3.0]})
    assert '"statistic":"mean"' in survey.mean(d, "y").model_dump_json()


# --------------------------------------------------------------------------- bad data


def test_non_numeric_weights() -> None:
    with pytest.raises(DataValidationError, match=r"'w'.*row 2.*not a number"):
        survey.Design({"y": [1, 2], "w": ["1", "abc"]}, weights="w")


@pytest.mark.parametrize("bad", [0, -1.5])
def test_zero_or_negative_weights(bad: float) -> None:
    with pytest.raises(DataValidationError, match=r"'w'.*must be positive"):
        survey.Design({"y": [1, 2], "w": [1, bad]}, weights="w")


def test_every_bad_weight_is_named_with_its_row() -> None:
    data = {"y": [1, 2, 3, 4, 5], "w": [1, None, 0, 2, -5]}
    with pytest.raises(DataValidationError) as caught:
        survey.Design(data, weights="w")
    assert "row 2 is blank, row 3 has 0, row 5 has -5; sampling weights must be" in str(
        caught.value
    )
    many = {"y": [1.0] * 15, "w": [0] * 12 + [1, 1, 1]}
    with pytest.raises(DataValidationError, match=r"row 10 has 0 and 2 more rows"):
        survey.Design(many, weights="w")


def test_lonely_psu_fails_by_default() -> None:
    data = {"y": [1.0, 2, 3, 4], "s": ["a", "a", "b", "b"], "c": [1, 2, 3, 3]}
    with pytest.raises(DataValidationError, match=r"stratum 'b'.*only one PSU"):
        survey.Design(data, strata="s", cluster="c")
    d = survey.Design(data, strata="s", cluster="c", lonely_psu="remove")
    assert math.isfinite(survey.mean(d, "y").se)
    d2 = survey.Design(data, strata="s", cluster="c", lonely_psu="adjust")
    assert survey.mean(d2, "y").se >= survey.mean(d, "y").se


def test_empty_domain() -> None:
    d = survey.Design({"y": [1.0, None, 3.0], "g": ["a", "b", "a"]})
    with pytest.raises(DataValidationError, match=r"domain g='b'"):
        survey.mean(d, "y", by="g", na_rm=True)


def test_missing_without_na_rm() -> None:
    d = survey.Design({"y": [1.0, None, 3.0]})
    with pytest.raises(DataValidationError, match=r"'y'.*missing.*na_rm"):
        survey.mean(d, "y")
    assert survey.mean(d, "y", na_rm=True).n == 2


def test_unknown_column() -> None:
    d = survey.Design({"y": [1.0, 2.0]})
    with pytest.raises(DataValidationError, match=r"unknown column 'z'"):
        survey.mean(d, "z")
    with pytest.raises(DataValidationError, match=r"unknown column 'q'"):
        survey.Design({"y": [1.0, 2.0]}, weights="q")


def test_unknown_category_and_degenerate_ciprop() -> None:
    d = survey.Design({"a": ["x", "x", "y"]})
    with pytest.raises(DataValidationError, match=r"category 'z'"):
        survey.proportion(d, "a", "z")
    d1 = survey.Design({"a": ["x", "x", "x"]})
    with pytest.raises(ValueError, match=r"0 < p < 1"):
        survey.ciprop(d1, "a", "x")


def test_rows_input() -> None:
    d = survey.Design([{"y": 1, "w": 2}, {"y": 3, "w": 2}], weights="w")
    assert survey.total(d, "y").estimate == 8
