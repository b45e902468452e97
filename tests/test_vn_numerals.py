"""Tests for dlxh.vn.numerals: Roman numerals and point letters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlxh.vn import POINT_LETTERS, from_roman, point_index, point_letter, to_roman


@pytest.mark.parametrize(
    ("n", "roman"),
    [
        (1, "I"),
        (2, "II"),
        (3, "III"),
        (4, "IV"),
        (5, "V"),
        (9, "IX"),
        (14, "XIV"),
        (40, "XL"),
        (49, "XLIX"),
        (90, "XC"),
        (400, "CD"),
        (900, "CM"),
        (1994, "MCMXCIV"),
        (2024, "MMXXIV"),
        (3999, "MMMCMXCIX"),
    ],
)
def test_roman_both_ways(n: int, roman: str) -> None:
    assert to_roman(n) == roman
    assert from_roman(roman) == n


@pytest.mark.parametrize("n", [0, -1, 4000])
def test_to_roman_out_of_range(n: int) -> None:
    with pytest.raises(ValueError, match="1 to 3999"):
        to_roman(n)


def test_to_roman_rejects_bool() -> None:
    with pytest.raises(TypeError):
        to_roman(True)


@pytest.mark.parametrize(
    "bad",
    ["", "   ", "IIII", "VX", "IC", "XM", "VV", "LL", "DD", "IIV", "MMMM", "iV", "ABC", "I V"],
)
def test_from_roman_rejects_non_canonical(bad: str) -> None:
    with pytest.raises(ValueError, match="Roman numeral"):
        from_roman(bad)


def test_from_roman_accepts_lower_case_and_whitespace() -> None:
    assert from_roman("xiv") == 14
    assert from_roman(" IV ") == 4


@given(st.integers(min_value=1, max_value=3999))
def test_roman_round_trip(n: int) -> None:
    assert from_roman(to_roman(n)) == n
    assert from_roman(to_roman(n).lower()) == n


def test_point_letters() -> None:
    assert POINT_LETTERS == (
        "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
        "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y",
    )  # fmt: skip
    assert not {"f", "j", "w", "z"} & set(POINT_LETTERS)


@pytest.mark.parametrize(
    ("i", "letter"), [(1, "a"), (4, "d"), (5, "đ"), (6, "e"), (7, "g"), (10, "k"), (23, "y")]
)
def test_point_letter_and_index(i: int, letter: str) -> None:
    assert point_letter(i) == letter
    assert point_index(letter) == i
    assert point_index(letter.upper()) == i


@pytest.mark.parametrize("i", [0, 24, -1])
def test_point_letter_out_of_range(i: int) -> None:
    with pytest.raises(ValueError, match="1 to 23"):
        point_letter(i)


@pytest.mark.parametrize("bad", ["f", "j", "w", "z", "", "ab", "a)", "1"])
def test_point_index_rejects(bad: str) -> None:
    with pytest.raises(ValueError, match="point letter"):
        point_index(bad)


def test_point_round_trip() -> None:
    assert [point_index(point_letter(i)) for i in range(1, 24)] == list(range(1, 24))
