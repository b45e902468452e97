"""Numbers in Vietnamese words, as written on amounts in official and financial documents.

The reading follows the formal (northern, written) usage:

* Digits are read in groups of three, with the scales *nghìn* (10³), *triệu* (10⁶) and *tỷ* (10⁹);
  above a *tỷ* the scales repeat: *nghìn tỷ* (10¹²), *triệu tỷ* (10¹⁵), *tỷ tỷ* (10¹⁸).
* A group of three zeros is skipped. Every non-zero group after the first is read with all three
  digits, so a missing hundred is "không trăm" and a missing ten is "linh" (or "lẻ"):
  1005 is "một nghìn không trăm linh năm", 2025 "hai nghìn không trăm hai mươi lăm". Amounts
  must read this way: "một nghìn năm" would be ambiguous.
* Ten is "mười", tens from twenty "mươi" ("hai mươi"). After "mươi" a 1 is "mốt" ("hai mươi
  mốt"), but after "mười" or "linh" it stays "một" ("mười một", "một trăm linh một").
* A 5 after any tens digit is "lăm" ("mười lăm", "hai mươi lăm"); after "linh" it stays "năm"
  ("một trăm linh năm").
* A 4 after "mươi" may be read "tư" ("hai mươi tư"), an option; "mười bốn" and "linh bốn" keep
  "bốn", the only forms used in writing.

``num2words(lang="vi")`` reads 2025 as "hai nghìn lẻ hai mươi lăm", which is wrong: do not use it.
"""

from __future__ import annotations

from typing import Final, Literal

__all__ = ["amount_to_words", "number_to_words"]

_DIGITS: Final[tuple[str, ...]] = (
    "không",
    "một",
    "hai",
    "ba",
    "bốn",
    "năm",
    "sáu",
    "bảy",
    "tám",
    "chín",
)
_BILLION: Final = 10**9


def _check_int(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int, not {type(n).__name__} ({n!r})")
    return n


def _read_group(group: int, *, full: bool, zero_tens: str, four: str) -> list[str]:
    """Read a group of three digits (1 to 999).

    ``full`` reads the hundreds and the "linh" even when they are zero: every group that follows
    a higher non-zero group is read this way.
    """
    hundreds, rest = divmod(group, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(zero_tens)
            words.append(_DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units == 1:
            words.append("mốt")
        elif units == 4:
            words.append(four)
        elif units == 5:
            words.append("lăm")
        elif units:
            words.append(_DIGITS[units])
    return words


def _read(n: int, *, leading: bool, zero_tens: str, four: str) -> list[str]:
    """Read ``n`` > 0. ``leading`` is false when a higher non-zero part has already been read."""
    if n >= _BILLION:
        high, low = divmod(n, _BILLION)
        words = [*_read(high, leading=leading, zero_tens=zero_tens, four=four), "tỷ"]
        if low:
            words += _read(low, leading=False, zero_tens=zero_tens, four=four)
        return words
    words = []
    for group, scale in ((n // 10**6, "triệu"), (n // 1000 % 1000, "nghìn"), (n % 1000, "")):
        if not group:
            continue
        words += _read_group(group, full=not leading, zero_tens=zero_tens, four=four)
        if scale:
            words.append(scale)
        leading = False
    return words


def number_to_words(
    n: int,
    *,
    zero_tens: Literal["linh", "lẻ"] = "linh",
    four: Literal["bốn", "tư"] = "bốn",
) -> str:
    """Spell an integer in Vietnamese words, lower case: 2025 → "hai nghìn không trăm hai mươi lăm".

    Args:
        n: Any integer; negative numbers start with "âm".
        zero_tens: The word for a zero tens digit before a unit: "linh" (the default, usual in
            writing: "một trăm linh năm") or "lẻ" (usual in speech, and in the south).
        four: How to read a 4 after "mươi": "bốn" ("hai mươi bốn", the default) or "tư"
            ("hai mươi tư").

    Raises:
        TypeError: if ``n`` is not an int (``bool`` is refused too: ``True`` is no amount).
        ValueError: if an option has another value.
    """
    n = _check_int(n)
    if zero_tens not in ("linh", "lẻ"):
        raise ValueError(f"zero_tens must be 'linh' or 'lẻ', got {zero_tens!r}")
    if four not in ("bốn", "tư"):
        raise ValueError(f"four must be 'bốn' or 'tư', got {four!r}")
    if n == 0:
        return _DIGITS[0]
    words = _read(abs(n), leading=True, zero_tens=zero_tens, four=four)
    return " ".join(["âm", *words] if n < 0 else words)


def amount_to_words(
    n: int,
    currency: str = "đồng",
    *,
    zero_tens: Literal["linh", "lẻ"] = "linh",
    four: Literal["bốn", "tư"] = "bốn",
) -> str:
    """Spell an amount as written on official and financial documents, first letter capitalised.

    ``amount_to_words(2025)`` is "Hai nghìn không trăm hai mươi lăm đồng". Pass
    ``currency=""`` to leave the unit out. The options are those of :func:`number_to_words`.
    """
    words = number_to_words(n, zero_tens=zero_tens, four=four)
    text = f"{words} {currency.strip()}" if currency.strip() else words
    return text[0].upper() + text[1:]
