"""Tests for dlxh.vn.text: NFC, folding and Vietnamese collation."""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlxh.vn import fold, name_sort_key, nfc, sort_key


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def test_nfc() -> None:
    decomposed = nfd("Nguyễn Thị Ánh")
    assert decomposed != "Nguyễn Thị Ánh"
    assert nfc(decomposed) == "Nguyễn Thị Ánh"
    assert unicodedata.is_normalized("NFC", nfc(decomposed))


@pytest.mark.parametrize(
    ("old_style", "new_style"),
    [
        ("Hòa", "Hoà"),
        ("Thủy", "Thuỷ"),
        ("Khỏe", "Khoẻ"),
        ("Quý", "Qúy"),
        ("Khánh Hòa", "Khánh Hoà"),
        ("Thụy", "Thuỵ"),
        ("Xã Đàm Thủy", "Xã Đàm Thuỷ"),
        ("hòa", "HOÀ"),
        ("Hòa", nfd("Hoà")),
    ],
)
def test_fold_unifies_tone_placement(old_style: str, new_style: str) -> None:
    assert fold(old_style) == fold(new_style)


def test_fold_values() -> None:
    # The tone goes after the last letter of its syllable; the result is NFC.
    assert fold("Hòa") == "hoà"
    assert fold("Thủy") == "thuỷ"
    assert fold("Qúy") == "quý"
    assert fold("  Hà \t Nội ") == fold("hà nội")
    assert fold("Hoàn") == "hoa\u01f9"  # "hoaǹ": a key, not a spelling


def test_fold_keeps_tones_significant() -> None:
    variants = ["Hoa", "Hòa", "Hóa", "Hỏa", "Hõa", "Họa"]
    assert len({fold(v) for v in variants}) == 6
    assert fold("Hòa") != fold("Hoa")
    assert fold("Hòa") != fold("Hóa")


def test_fold_without_tones_keeps_vowel_marks() -> None:
    assert fold("Hòa", tones=False) == "hoa"
    assert fold("Hóa", tones=False) == "hoa"
    assert fold("Người", tones=False) == "ngươi"
    assert fold("Hồ", tones=False) == fold("Hổ", tones=False) == "hô"
    assert fold("Hồ", tones=False) != fold("Ho", tones=False)
    assert fold("Đắk Lắk", tones=False) == "đăk lăk"


def test_fold_without_diacritics_is_ascii_like() -> None:
    assert fold("Đồng Tháp", diacritics=False) == "dong thap"
    assert fold("Nguyễn Thị Ánh", diacritics=False) == "nguyen thi anh"
    assert fold("Ương", diacritics=False) == "uong"
    assert fold(nfd("Ượng"), diacritics=False) == "uong"
    assert fold("Đỗ", diacritics=False, tones=True) == "do"  # diacritics=False drops tones too


def test_fold_reads_eth_as_d_bar() -> None:
    # U+00D0 (Icelandic eth) looks like Đ and appears in legacy data.
    assert fold("\u00d0\u1ed2NG") == fold("Đồng")


def test_fold_leaves_foreign_words_with_several_tones_alone() -> None:
    assert fold("Résumé") == "résumé"


_VOWELS = "aăâeêioôơuưy"
_TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
_LETTERS = [nfc(v + t) for v in _VOWELS for t in _TONES] + list("bcdđghklmnpqrstvx")
_ALPHABET = "".join(_LETTERS) + "".join(_LETTERS).upper() + " -,.0123"
vietnamese_text = st.text(alphabet=_ALPHABET, max_size=30)


@given(vietnamese_text)
def test_fold_is_idempotent_and_normal_form_blind(s: str) -> None:
    for options in ({}, {"tones": False}, {"diacritics": False}):
        key = fold(s, **options)
        assert fold(key, **options) == key
        assert fold(nfd(s), **options) == key
        assert unicodedata.is_normalized("NFC", key)
        assert "  " not in key


@given(vietnamese_text)
def test_fold_is_case_blind(s: str) -> None:
    assert fold(s.upper()) == fold(s.lower()) == fold(s)


@st.composite
def tone_variants(draw: st.DrawFn) -> tuple[str, str]:
    """One syllable written with its tone on either vowel of oa / oe / uy."""
    onset = draw(st.sampled_from(["", "h", "kh", "th", "x", "l", "ng", "t"]))
    first, second = draw(st.sampled_from(["oa", "oe", "uy"]))
    tone = draw(st.sampled_from(_TONES[1:]))
    return nfc(onset + first + tone + second), nfc(onset + first + second + tone)


@given(tone_variants())
def test_tone_variants_fold_and_sort_alike(pair: tuple[str, str]) -> None:
    old_style, new_style = pair
    assert fold(old_style) == fold(new_style)
    assert sort_key(old_style) == sort_key(new_style)
    assert sort_key(old_style.title()) == sort_key(new_style.title())


def test_python_sorted_gets_vietnamese_wrong_and_sort_key_fixes_it() -> None:
    names = ["Đức", "Dũng", "Anh", "Ánh", "Ân", "Ăn", "Bình", "Ương", "Uyên", "Yến", "Zoe"]
    assert sorted(names).index("Đức") > sorted(names).index("Zoe")  # code-point order
    assert sorted(names, key=sort_key) == [
        "Anh", "Ánh", "Ăn", "Ân", "Bình", "Dũng", "Đức", "Uyên", "Ương", "Yến", "Zoe",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "ordered",
    [
        ["ma", "mà", "má", "mả", "mã", "mạ"],  # tones: none, huyền, sắc, hỏi, ngã, nặng
        ["An", "An Bình", "Anh", "Anh Tuấn", "Ăn", "Ân"],  # shorter first, space before letters
        ["mạ", "ma chay"],  # tone decides only between equal letters
        ["D", "Đ", "E"],
        ["a", "ă", "â", "b"],
        ["e", "ê", "f", "g"],  # foreign f after ê
        ["i", "j", "k"],
        ["v", "w", "x"],
        ["y", "z"],
        ["o", "ô", "ơ", "p"],
        ["u", "ư", "v"],
        ["Oanh", "Óc", "Ông", "Ơn"],
        ["-", "1", "a"],  # punctuation, digits, letters
        ["(x)", "1", "A"],
        ["Phường 1", "Phường 2", "Phường A"],
        ["an", "An", "ăn", "Ăn"],  # case is the last criterion
        ["Hoa", "Hòa", "Hóa", "Họa"],
        ["Lạng Sơn", "Lào Cai", "Lâm Đồng"],  # "lang" < "lao" < "lâm": â comes after a
    ],
)
def test_sort_key_orders(ordered: list[str]) -> None:
    for shuffled in (ordered[::-1], ordered[1:] + ordered[:1]):
        assert sorted(shuffled, key=sort_key) == ordered


def test_sort_key_equal_for_variants() -> None:
    assert sort_key("Hòa") == sort_key("Hoà")
    assert sort_key("Khánh Hòa") == sort_key(nfd("Khánh Hoà"))
    assert sort_key("An  Bình") == sort_key("An Bình")
    assert sort_key(" An\t") == sort_key("An")
    assert sort_key("Hòa") != sort_key("Hoa")
    assert sort_key("hòa") != sort_key("Hòa")


def test_sort_provinces() -> None:
    provinces = ["Đồng Tháp", "Đắk Lắk", "Điện Biên", "Đà Nẵng", "Cà Mau", "Cao Bằng", "Cần Thơ"]
    # Cà Mau / Cao Bằng share "ca": "ca mau" < "cao..." since space sorts before letters.
    assert sorted(provinces, key=sort_key) == [
        "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Điện Biên", "Đồng Tháp",
    ]  # fmt: skip


@given(vietnamese_text)
def test_sort_key_is_normal_form_blind_and_case_is_tertiary(s: str) -> None:
    assert sort_key(nfd(s)) == sort_key(s)
    upper, lower = sort_key(s.upper()), sort_key(s.lower())
    assert upper[:2] == lower[:2]


@given(st.lists(vietnamese_text, max_size=8))
def test_sort_key_sorting_is_consistent_with_fold(items: list[str]) -> None:
    ordered = sorted(items, key=sort_key)
    keys = [sort_key(x) for x in ordered]
    assert keys == sorted(keys)
    for a, b in itertools.pairwise(ordered):
        if sort_key(a) == sort_key(b):
            assert fold(a) == fold(b)


def test_name_sort_key_sorts_by_given_name_then_family_and_middle() -> None:
    names = [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn An",
        "Phạm Thị Ánh",
        "Đỗ Minh Đức",
        "Nguyễn Thị Dung",
        "Hoàng Anh",
    ]
    assert sorted(names, key=name_sort_key) == [
        "Lê Văn An",
        "Nguyễn Văn An",
        "Hoàng Anh",
        "Phạm Thị Ánh",
        "Trần Thị Bình",
        "Nguyễn Thị Dung",
        "Đỗ Minh Đức",
    ]


def test_name_sort_key_edge_cases() -> None:
    assert name_sort_key("  Nguyễn   Văn   Hòa ") == name_sort_key("Nguyễn Văn Hoà")
    assert sorted(["Tèo", "Nguyễn An"], key=name_sort_key) == ["Nguyễn An", "Tèo"]
    with pytest.raises(ValueError, match="empty name"):
        name_sort_key("   ")


def test_name_sort_key_compares_case_last() -> None:
    names = ["BÙI VĂN AN", "Trần Văn An", "Lê Văn An", "Bùi Văn Ấn"]
    assert sorted(names, key=name_sort_key) == [
        "BÙI VĂN AN",
        "Lê Văn An",
        "Trần Văn An",
        "Bùi Văn Ấn",
    ]
