"""Whole numbers and dates as people write them in data files.

Officials zero-pad counts and codes ("02 vấn đề", commune ``00304``) and write dates the
Vietnamese way (``30/3/2026``, "ngày 30 tháng 3 năm 2026"). These types accept those spellings and
still refuse what is ambiguous: a fraction where a count is expected, ``true`` as a number, or a
day that does not exist.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated

from pydantic import BeforeValidator, Field

from dlxh.digits import MAX_DIGITS, count_digits, too_many_digits
from dlxh.vn.dates import parse_date

__all__ = ["Day", "Whole"]

_DIGITS = re.compile(r"^\s*[+-]?\d+\s*$")
# "ngày ..." or day-month-year with one separator ("30/3/2026", "30.3.2026", "30-3-2026"); an
# ISO date (year first) is left to pydantic.
_VIETNAMESE_DATE = re.compile(r"^\s*(ngày\s|\d{1,2}([/.-])\d{1,2}\2\d{4}\s*$)", re.IGNORECASE)


def _digits(value: object) -> object:
    if isinstance(value, str) and _DIGITS.match(value):
        if too_many_digits(value):
            raise ValueError(
                f"a number of {count_digits(value):,} digits; at most {MAX_DIGITS:,} are allowed"
            )
        return int(value)
    return value


def _day(value: object) -> object:
    if isinstance(value, str):
        # NFC first: a decomposed "ngày" (macOS, some web forms) must read as the composed one.
        text = value if value.isascii() else unicodedata.normalize("NFC", value)
        if _VIETNAMESE_DATE.match(text):
            return parse_date(text, strict=False)
    return value


Whole = Annotated[int, BeforeValidator(_digits), Field(strict=True)]
"""A whole number: an ``int`` or digits (``"045"`` is 45); never a fraction or a bool."""

Day = Annotated[dt.date, BeforeValidator(_day)]
"""A date: ISO ``2026-03-30``, or Vietnamese ``30/3/2026`` (also ``30.3.2026``, ``30-3-2026``) /
``ngày 30 tháng 3 năm 2026``, NFC or NFD."""
