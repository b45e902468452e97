"""Heading numerals of official documents: Roman numerals and Vietnamese point letters.

Reports number their parts ``I.`` → ``1.`` → ``a)``. Points (điểm) use the Vietnamese alphabet
without the foreign letters f, j, w, z, so after ``d)`` comes ``đ)`` and after ``e)`` comes
``g)`` (Nghị định 30/2020/NĐ-CP, Phụ lục I).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

__all__ = ["POINT_LETTERS", "from_roman", "point_index", "point_letter", "to_roman"]

POINT_LETTERS: Final[tuple[str, ...]] = tuple("abcdđeghiklmnopqrstuvxy")
"""The 23 letters that number points, in order: a b c d đ e g h i k l m n o p q r s t u v x y."""

_ROMAN_VALUES: Final[tuple[tuple[int, str], ...]] = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_CANONICAL_ROMAN: Final = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_MAX: Final = 3999


def _check_int(n: object, what: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"{what} must be an int, not {type(n).__name__} ({n!r})")
    return n


def to_roman(n: int) -> str:
    """Return ``n`` (1 to 3999) as an upper-case Roman numeral: 4 → "IV", 2024 → "MMXXIV".

    Raises:
        ValueError: if ``n`` is outside 1 to 3999 (there is no standard Roman zero, and
            numbers from 4000 need overlines).
    """
    n = _check_int(n, "n")
    if not 1 <= n <= _ROMAN_MAX:
        raise ValueError(f"Roman numerals cover 1 to {_ROMAN_MAX}, got {n}")
    out: list[str] = []
    for value, symbol in _ROMAN_VALUES:
        count, n = divmod(n, value)
        out.append(symbol * count)
    return "".join(out)


def from_roman(s: str) -> int:
    """Read a Roman numeral in its canonical form: "XIV" → 14.

    Only the canonical subtractive form is accepted ("IV", not "IIII"; "XC", not "LXL"), because
    a numeral that :func:`to_roman` would not write is more likely a typo than a number. Upper
    or lower case is accepted ("iv"), but not a mix; surrounding whitespace is ignored.

    Raises:
        ValueError: for an empty string or a non-canonical numeral.
    """
    text = s.strip()
    if not text:
        raise ValueError("an empty string is not a Roman numeral")
    upper = text.upper()
    if text not in (upper, text.lower()) or not _CANONICAL_ROMAN.fullmatch(upper):
        raise ValueError(f"{s!r} is not a canonical Roman numeral (such as 'IV', 'XIV', 'MMXXIV')")
    total, i = 0, 0
    for value, symbol in _ROMAN_VALUES:
        while upper.startswith(symbol, i):
            total += value
            i += len(symbol)
    return total


def point_letter(i: int) -> str:
    """Return the letter of the ``i``-th point (1-based): 1 → "a", 5 → "đ", 7 → "g".

    Raises:
        ValueError: if ``i`` is not 1 to 23 (there are 23 point letters; a longer list should
            be split into clauses).
    """
    i = _check_int(i, "i")
    if not 1 <= i <= len(POINT_LETTERS):
        raise ValueError(f"point numbers go from 1 to {len(POINT_LETTERS)}, got {i}")
    return POINT_LETTERS[i - 1]


def point_index(letter: str) -> int:
    """Return the 1-based position of a point letter: "a" → 1, "đ" → 5, "g" → 7.

    Case-insensitive; NFD input is accepted. Give the letter alone, without ")".

    Raises:
        ValueError: for f, j, w, z or anything that is not one point letter.
    """
    key = unicodedata.normalize("NFC", letter.strip()).lower()
    try:
        return POINT_LETTERS.index(key) + 1
    except ValueError:
        raise ValueError(
            f"{letter!r} is not a Vietnamese point letter (one of {' '.join(POINT_LETTERS)})"
        ) from None
