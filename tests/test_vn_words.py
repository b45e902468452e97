"""Tests for dlxh.vn.words: numbers and amounts in Vietnamese words."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlxh.vn import amount_to_words, number_to_words

# Every expectation was read aloud by hand following the formal rules in the module docstring.
CASES = [
    (0, "không"),
    (1, "một"),
    (4, "bốn"),
    (5, "năm"),
    (9, "chín"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (19, "mười chín"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi bốn"),
    (25, "hai mươi lăm"),
    (31, "ba mươi mốt"),
    (45, "bốn mươi lăm"),
    (55, "năm mươi lăm"),
    (99, "chín mươi chín"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (104, "một trăm linh bốn"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (111, "một trăm mười một"),
    (115, "một trăm mười lăm"),
    (121, "một trăm hai mươi mốt"),
    (200, "hai trăm"),
    (305, "ba trăm linh năm"),
    (999, "chín trăm chín mươi chín"),
    (1000, "một nghìn"),
    (1001, "một nghìn không trăm linh một"),
    (1005, "một nghìn không trăm linh năm"),
    (1010, "một nghìn không trăm mười"),
    (1015, "một nghìn không trăm mười lăm"),
    (1100, "một nghìn một trăm"),
    (1234, "một nghìn hai trăm ba mươi bốn"),
    (1443, "một nghìn bốn trăm bốn mươi ba"),
    (2025, "hai nghìn không trăm hai mươi lăm"),
    (4890, "bốn nghìn tám trăm chín mươi"),
    (10_000, "mười nghìn"),
    (15_000, "mười lăm nghìn"),
    (21_000, "hai mươi mốt nghìn"),
    (50_698, "năm mươi nghìn sáu trăm chín mươi tám"),
    (100_000, "một trăm nghìn"),
    (105_000, "một trăm linh năm nghìn"),
    (10**6, "một triệu"),
    (1_000_005, "một triệu không trăm linh năm"),
    (1_001_000, "một triệu không trăm linh một nghìn"),
    (1_234_567, "một triệu hai trăm ba mươi bốn nghìn năm trăm sáu mươi bảy"),
    (10**9, "một tỷ"),
    (1_000_000_005, "một tỷ không trăm linh năm"),
    (1_005_000_000, "một tỷ không trăm linh năm triệu"),
    (2_000_010_000, "hai tỷ không trăm mười nghìn"),
    (
        123_456_789_012,
        "một trăm hai mươi ba tỷ bốn trăm năm mươi sáu triệu bảy trăm tám mươi chín nghìn"
        " không trăm mười hai",
    ),
    (10**12, "một nghìn tỷ"),
    (5_000_000_000_000, "năm nghìn tỷ"),
    (1_000_000_000_001, "một nghìn tỷ không trăm linh một"),
    (10**15, "một triệu tỷ"),
    (1_000_000_000_000_000_000, "một tỷ tỷ"),
    (-1, "âm một"),
    (-2025, "âm hai nghìn không trăm hai mươi lăm"),
]


@pytest.mark.parametrize(("n", "expected"), CASES)
def test_number_to_words(n: int, expected: str) -> None:
    assert number_to_words(n) == expected


def test_case_table_is_large_and_distinct() -> None:
    assert len(CASES) >= 45
    assert len({n for n, _ in CASES}) == len(CASES)


@pytest.mark.parametrize(
    ("n", "options", "expected"),
    [
        (24, {"four": "tư"}, "hai mươi tư"),
        (34_000, {"four": "tư"}, "ba mươi tư nghìn"),
        (14, {"four": "tư"}, "mười bốn"),
        (104, {"four": "tư"}, "một trăm linh bốn"),
        (105, {"zero_tens": "lẻ"}, "một trăm lẻ năm"),
        (1005, {"zero_tens": "lẻ"}, "một nghìn không trăm lẻ năm"),
        (2025, {"zero_tens": "lẻ"}, "hai nghìn không trăm hai mươi lăm"),
    ],
)
def test_number_to_words_options(n: int, options: dict[str, str], expected: str) -> None:
    assert number_to_words(n, **options) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [True, False, 1.0, "5", None])
def test_number_to_words_rejects_non_int(bad: object) -> None:
    with pytest.raises(TypeError, match="must be an int"):
        number_to_words(bad)  # type: ignore[arg-type]


def test_number_to_words_rejects_unknown_option() -> None:
    with pytest.raises(ValueError, match="zero_tens"):
        number_to_words(105, zero_tens="le")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="four"):
        number_to_words(24, four="4")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("n", "kwargs", "expected"),
    [
        (2025, {}, "Hai nghìn không trăm hai mươi lăm đồng"),
        (0, {}, "Không đồng"),
        (-5, {}, "Âm năm đồng"),
        (1005, {"zero_tens": "lẻ"}, "Một nghìn không trăm lẻ năm đồng"),
        (1_500_000, {"currency": "đồng Việt Nam"}, "Một triệu năm trăm nghìn đồng Việt Nam"),
        (15, {"currency": ""}, "Mười lăm"),
    ],
)
def test_amount_to_words(n: int, kwargs: dict[str, str], expected: str) -> None:
    assert amount_to_words(n, **kwargs) == expected  # type: ignore[arg-type]


_VOCABULARY = {
    "không", "một", "mốt", "hai", "ba", "bốn", "năm", "lăm", "sáu", "bảy", "tám", "chín",
    "mười", "mươi", "trăm", "linh", "nghìn", "triệu", "tỷ", "âm",
}  # fmt: skip


@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_number_to_words_is_well_formed(n: int) -> None:
    text = number_to_words(n)
    assert text == number_to_words(n)  # stable
    assert "  " not in text
    assert text == text.strip()
    words = text.split()
    assert set(words) <= _VOCABULARY
    for before, after in itertools.pairwise(words):
        assert not (before == "mười" and after == "mốt")  # "mười một"
        assert not (before == "linh" and after in {"mốt", "lăm"})  # "linh một", "linh năm"
        assert not (before == "mươi" and after == "năm")  # "hai mươi lăm"
    assert (n < 0) == text.startswith("âm ")


@given(st.integers(min_value=1, max_value=10**24))
def test_negative_is_am_plus_positive(n: int) -> None:
    assert number_to_words(-n) == "âm " + number_to_words(n)
