"""Tests for dlxh.vn.numbers: Vietnamese number notation and explicit rounding."""

from __future__ import annotations

import decimal
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlxh.vn import Rounding, format_number, format_percent, format_share, share


def test_rounding_modes_map_to_decimal_constants() -> None:
    assert Rounding.HALF_UP.decimal_mode == decimal.ROUND_HALF_UP
    assert Rounding.HALF_EVEN.decimal_mode == decimal.ROUND_HALF_EVEN
    assert Rounding.DOWN.decimal_mode == decimal.ROUND_DOWN
    assert Rounding.UP.decimal_mode == decimal.ROUND_UP
    assert Rounding.FLOOR.decimal_mode == decimal.ROUND_FLOOR
    assert Rounding.CEILING.decimal_mode == decimal.ROUND_CEILING
    assert Rounding("down") is Rounding.DOWN
    assert Rounding.HALF_UP == "half_up"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0, None, "0"),
        (7, None, "7"),
        (1443, None, "1.443"),
        (50698, None, "50.698"),
        (4890, None, "4.890"),
        (1_234_567, None, "1.234.567"),
        (-1443, None, "-1.443"),
        (1234.5, 1, "1.234,5"),
        (1234.5, None, "1.234,5"),
        (1234.5, 0, "1.235"),
        (1234.5, 2, "1.234,50"),
        (0.1 + 0.2, None, "0,3"),
        (1 / 3, 2, "0,33"),
        (3.0, None, "3"),
        (0.145, 2, "0,15"),  # float 0.145 is 0.14499999999999999; round(0.145, 2) gives 0.14
        (1.005, 2, "1,01"),  # float 1.005 is 1.00499999999999989...
        (2.675, 2, "2,68"),  # round(2.675, 2) gives 2.67
        (-0.04, 1, "0,0"),  # no "-0,0"
        (Decimal("1.50"), None, "1,50"),
        (Decimal("1E+3"), None, "1.000"),
        (Decimal("-1234.567"), 2, "-1.234,57"),
        (10**30, 2, "1.000.000.000.000.000.000.000.000.000.000,00"),
        (
            Decimal("123456789012345678901234567890.125"),
            2,
            "123.456.789.012.345.678.901.234.567.890,13",
        ),
    ],
)
def test_format_number(value: int | float | Decimal, decimals: int | None, expected: str) -> None:
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize(
    ("rounding", "expected"),
    [
        (Rounding.HALF_UP, ["3", "-3", "2", "-2", "3"]),
        (Rounding.HALF_EVEN, ["2", "-2", "2", "-2", "3"]),
        (Rounding.DOWN, ["2", "-2", "2", "-2", "2"]),
        (Rounding.UP, ["3", "-3", "3", "-3", "3"]),
        (Rounding.FLOOR, ["2", "-3", "2", "-3", "2"]),
        (Rounding.CEILING, ["3", "-2", "3", "-2", "3"]),
    ],
)
def test_format_number_rounding_modes(rounding: Rounding, expected: list[str]) -> None:
    values = [2.5, -2.5, Decimal("2.1"), Decimal("-2.1"), 2.7]
    assert [format_number(v, 0, rounding) for v in values] == expected


def test_format_number_accepts_rounding_as_string() -> None:
    assert format_number(2.5, 0, "down") == "2"  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [True, "12", None, [1]])
def test_format_number_rejects_non_numbers(bad: object) -> None:
    with pytest.raises(TypeError):
        format_number(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity")])
def test_format_number_rejects_non_finite(bad: float | Decimal) -> None:
    with pytest.raises(ValueError, match="finite"):
        format_number(bad)


def test_format_number_rejects_negative_decimals() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        format_number(1, -1)


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (0.939, {}, "93,9%"),
        (0.939, {"decimals": 0}, "94%"),
        (0.9394, {"decimals": 2}, "93,94%"),
        (1, {"decimals": 0}, "100%"),
        (Decimal("0.125"), {}, "12,5%"),
        (0.145, {"decimals": 0}, "15%"),  # 0.145 * 100 is 14.499999999999998 in floats
        (0.1445, {}, "14,5%"),
        (0.1445, {"rounding": Rounding.DOWN}, "14,4%"),
        (12.5, {"decimals": 0}, "1.250%"),
        (-0.05, {"decimals": 0}, "-5%"),
    ],
)
def test_format_percent(value: float | Decimal, kwargs: dict[str, object], expected: str) -> None:
    assert format_percent(value, **kwargs) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("part", "whole", "decimals", "rounding", "expected"),
    [
        (62, 66, 0, Rounding.HALF_UP, "94%"),
        (62, 66, 0, Rounding.DOWN, "93%"),  # seed 004 prints "93%"
        (62, 66, 1, Rounding.HALF_UP, "93,9%"),
        (62, 66, 2, Rounding.HALF_UP, "93,94%"),
        (1, 8, 1, Rounding.HALF_UP, "12,5%"),
        (1, 8, 1, Rounding.DOWN, "12,5%"),
        (1, 8, 0, Rounding.HALF_UP, "13%"),
        (1, 8, 0, Rounding.HALF_EVEN, "12%"),
        (1, 8, 0, Rounding.DOWN, "12%"),
        (5, 8, 1, Rounding.HALF_UP, "62,5%"),
        (5, 8, 0, Rounding.HALF_EVEN, "62%"),
        (29, 200, 0, Rounding.HALF_UP, "15%"),  # round(29 / 200 * 100) gives 14
        (29, 200, 0, Rounding.HALF_EVEN, "14%"),
        (7, 200, 0, Rounding.HALF_UP, "4%"),  # 3.5 exactly
        (7, 200, 0, Rounding.HALF_EVEN, "4%"),
        (1, 3, 0, Rounding.UP, "34%"),
        (2, 3, 1, Rounding.HALF_UP, "66,7%"),
        (66, 66, 0, Rounding.HALF_UP, "100%"),
        (0, 66, 0, Rounding.HALF_UP, "0%"),
        (730, 1443, 1, Rounding.HALF_UP, "50,6%"),
        (120, 100, 0, Rounding.HALF_UP, "120%"),
        (Decimal("0.3"), Decimal("0.8"), 1, Rounding.HALF_UP, "37,5%"),
        (0.3, 0.8, 1, Rounding.HALF_UP, "37,5%"),
    ],
)
def test_format_share(
    part: int | float | Decimal,
    whole: int | float | Decimal,
    decimals: int,
    rounding: Rounding,
    expected: str,
) -> None:
    assert format_share(part, whole, decimals, rounding) == expected


def test_share_returns_exact_decimal_with_fixed_places() -> None:
    assert share(62, 66) == Decimal(94)
    assert share(62, 66, rounding=Rounding.DOWN) == Decimal(93)
    assert str(share(62, 66, 2)) == "93.94"
    assert str(share(0, 5, 2)) == "0.00"
    assert str(share(1, 8, 3)) == "12.500"


@pytest.mark.parametrize(
    ("rounding", "expected"),
    [
        (Rounding.HALF_UP, "-93.9"),
        (Rounding.DOWN, "-93.9"),
        (Rounding.FLOOR, "-94.0"),
        (Rounding.CEILING, "-93.9"),
        (Rounding.UP, "-94.0"),
    ],
)
def test_share_of_negative_part(rounding: Rounding, expected: str) -> None:
    # -62/66 = -93.9393...%
    assert str(share(-62, 66, 1, rounding)) == expected


def test_share_of_zero_whole_is_an_error() -> None:
    with pytest.raises(ValueError, match="whole of zero"):
        share(1, 0)
    with pytest.raises(ValueError, match="whole of zero"):
        format_share(0, Decimal("0.0"))


@given(
    st.decimals(min_value=-(10**6), max_value=10**6, places=4, allow_nan=False),
    st.integers(min_value=0, max_value=3),
    st.sampled_from(list(Rounding)),
)
def test_share_agrees_with_decimal_quantize(
    value: Decimal, places: int, rounding: Rounding
) -> None:
    # share(x, 100) is x percent: the exact-fraction rounding must match Decimal's own.
    expected = value.quantize(Decimal(1).scaleb(-places), rounding=rounding.decimal_mode)
    assert share(value, 100, places, rounding) == expected


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_format_number_of_int_round_trips(n: int) -> None:
    text = format_number(n)
    assert int(text.replace(".", "")) == n
    assert "," not in text


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_format_number_of_float_reads_back(x: float) -> None:
    # Floats print with at most 15 significant digits: within 1e-14 of the exact binary value.
    printed = Decimal(format_number(x).replace(".", "").replace(",", "."))
    assert abs(printed - Decimal(x)) <= abs(Decimal(x)) * Decimal("1e-14")
