"""Periods as clerks type them: "11/2026", "tháng 11/2026", "Quý II năm 2026", "năm 2026".

Data files and the command line take the short ISO-like forms (``2026-11``, ``2026-Q2``), but
a period typed into a spreadsheet or a form reads the way documents write it, and the wording
dlxh prints itself (:attr:`dlxh.models.Period.label`) must read back. The text is compared after
NFC normalisation, case folding and collapsing spaces, so NFD input from another system, "Tháng"
at the start of a cell and a doubled space all read the same.

Kept apart from :mod:`dlxh.models.period`, which imports it on first use: only a period that
is not in the ISO form comes here, so the common case never pays for these patterns.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Final

from dlxh.models.period import Period
from dlxh.vn.dates import parse_date
from dlxh.vn.numerals import from_roman

__all__ = ["ACCEPTED", "parse_period_text"]

ACCEPTED: Final = (
    "YYYY-MM (2026-11), MM/YYYY (11/2026), 'tháng 11/2026', 'tháng 11 năm 2026', "
    "YYYY-Qn (2026-Q2), 'quý II/2026', 'quý II năm 2026', YYYY-Hn (2026-H1), "
    "'6 tháng đầu năm 2026', YYYY-9M, '9 tháng đầu năm 2026', YYYY (2026), 'năm 2026', "
    "or an ad-hoc range YYYY-MM-DD/YYYY-MM-DD ('từ ngày 03/5/2026 đến ngày 10/5/2026')"
)
"""The forms :meth:`dlxh.models.Period.parse` reads, for its error message."""

_SEP = r"\s*(?:[/.-]|năm)\s*"  # between the month (quarter) and the year: "/", "-", "." or "năm"
_YEAR = r"(?P<year>\d{4})"
_MONTH: Final = re.compile(rf"(?:(?:tháng|th|t)\.?\s*)?(?P<month>\d{{1,2}}){_SEP}{_YEAR}")
_QUARTER: Final = re.compile(rf"(?:quý|q)\.?\s*(?P<quarter>[1-4]|iv|i{{1,3}}){_SEP}{_YEAR}")
_HALF: Final = re.compile(rf"(?:6|sáu) tháng(?: (?P<which>đầu|cuối))? năm {_YEAR}")
_NINE: Final = re.compile(rf"(?:9|chín) tháng(?: đầu)? năm {_YEAR}")
_YEAR_ONLY: Final = re.compile(rf"năm {_YEAR}")
_RANGE: Final = re.compile(r"từ (?P<first>.+?) đến (?P<last>.+)")


def _clean(text: str) -> str:
    """NFC, case-folded, single spaces, no closing full stop: the form the patterns expect."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split()).rstrip(".")


def _day(text: str) -> date | None:
    """A day of an ad-hoc range in either official form, ``None`` when it is none."""
    try:
        return parse_date(text, strict=False)
    except ValueError:
        return None


def parse_period_text(text: str) -> Period | None:
    """The period ``text`` names in words or as MM/YYYY, or ``None`` when it is in no such form.

    Range checks (month 13, a range ending before it starts) are left to the constructors, so
    their messages are the same whichever form the period came in.
    """
    cleaned = _clean(text)
    if match := _MONTH.fullmatch(cleaned):
        return Period.month(int(match["year"]), int(match["month"]))
    if match := _QUARTER.fullmatch(cleaned):
        value = match["quarter"]
        quarter = int(value) if value.isdigit() else from_roman(value)
        return Period.quarter(int(match["year"]), quarter)
    if match := _HALF.fullmatch(cleaned):
        return Period.half_year(int(match["year"]), 2 if match["which"] == "cuối" else 1)
    if match := _NINE.fullmatch(cleaned):
        return Period.nine_months(int(match["year"]))
    if match := _YEAR_ONLY.fullmatch(cleaned):
        return Period.year_of(int(match["year"]))
    if match := _RANGE.fullmatch(cleaned):
        first, last = _day(match["first"]), _day(match["last"])
        return None if first is None or last is None else Period.ad_hoc(first, last)
    if cleaned.startswith("ngày "):
        day = _day(cleaned)
        return None if day is None else Period.ad_hoc(day)
    return None
