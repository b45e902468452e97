"""Dates in the form Vietnamese official documents require.

Nghị định 30/2020/NĐ-CP (Phụ lục I) writes the place and date of issue as
"Hà Nội, ngày 05 tháng 01 năm 2024": the **day is zero-padded below 10, months 1 and 2 are
zero-padded, months 3 to 12 are not** ("ngày 29 tháng 6 năm 2019", "ngày 03 tháng 4 năm 2018").
The padding of January and February stops anyone turning "tháng 1" into "tháng 11" or
"tháng 2" into "tháng 12" by adding one stroke; the other months cannot be extended into a valid
month, so they are not padded. A blanket ``%m`` gets this wrong for ten months of the year.

Citations of other documents use the short form with the same padding rule:
"Kết luận số 100-KL/TW, ngày 18/8/2014", "ngày 31/01/2024", "ngày 03/4/2018".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from typing import Final

from dlxh.quoting import quote
from dlxh.vn.errors import DateFormatError

__all__ = [
    "format_date",
    "format_date_short",
    "format_place_date",
    "month_name",
    "parse_date",
    "parse_date_loose",
]

_LONG_FORM: Final = re.compile(r"(?:ngày\s+)?([0-9]+)\s+tháng\s+([0-9]+)\s+năm\s+([0-9]+)")
# Day, month, year with one separator throughout: 20/11/2026, 20.11.2026 or 20-11-2026.
_SHORT_FORM: Final = re.compile(r"(?:ngày\s+)?([0-9]+)\s*([/.-])\s*([0-9]+)\s*\2\s*([0-9]+)")
_ISO_FORM: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def _day(day: int) -> str:
    return f"{day:02d}"


def _month(month: int) -> str:
    """Months 1 and 2 are padded ("01", "02"), months 3 to 12 are not ("3", "12")."""
    return f"{month:02d}" if month <= 2 else str(month)


def month_name(month: int) -> str:
    """Return "tháng 01" ... "tháng 12" with the official padding: "tháng 02", "tháng 3".

    Useful for report periods ("Báo cáo tháng 01 năm 2024").

    Raises:
        ValueError: if ``month`` is not 1 to 12.
    """
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError(f"month must be an integer from 1 to 12, got {month!r}")
    return f"tháng {_month(month)}"


def format_date(d: dt.date) -> str:
    """Return the official long form: "ngày 05 tháng 01 năm 2024", "ngày 29 tháng 6 năm 2019"."""
    return f"ngày {_day(d.day)} tháng {_month(d.month)} năm {d.year}"


def format_place_date(place: str, d: dt.date) -> str:
    """Return the place-and-date line of a document: ``Hà Nội, ngày 05 tháng 01 năm 2024``.

    ``place`` is used as given (after trimming): by convention it is the name of the province or
    commune where the issuer sits, without "Tỉnh"/"Thành phố" ("Lào Cai", "Hà Nội").

    Raises:
        ValueError: if ``place`` is empty.
    """
    place = " ".join(place.split())
    if not place:
        raise ValueError("place must not be empty (e.g. 'Hà Nội')")
    return f"{place}, {format_date(d)}"


def format_date_short(d: dt.date) -> str:
    """Return the citation form: ``18/8/2014``, ``31/01/2024``, ``03/4/2018``."""
    return f"{_day(d.day)}/{_month(d.month)}/{d.year}"


def _build(
    day_s: str, month_s: str, year_s: str, text: str, *, strict: bool, short: bool
) -> dt.date:
    """Check the parts of a parsed date and return it, or raise a message naming the problem."""
    if len(year_s) != 4:
        raise DateFormatError(f"{quote(text)}: the year must have four digits, got {quote(year_s)}")
    if len(day_s) > 2 or len(month_s) > 2:  # also keeps int() away from 5,000-digit days
        raise DateFormatError(f"{quote(text)}: the day and the month have one or two digits")
    day, month, year = int(day_s), int(month_s), int(year_s)
    if not 1 <= month <= 12:
        raise DateFormatError(f"{quote(text)}: there is no month {month}")
    if year < 1:
        raise DateFormatError(f"{quote(text)}: there is no year {year}")
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        raise DateFormatError(
            f"{quote(text)} is not a real date: month {month} of {year} has {days_in_month} days"
        )
    if strict:
        if day_s != _day(day):
            raise DateFormatError(
                f"{quote(text)}: the day must be written {_day(day)!r} (two digits), "
                f"got {quote(day_s)}"
            )
        if month_s != _month(month):
            expected = _month(month) if short else f"tháng {_month(month)}"
            given = month_s if short else f"tháng {month_s}"
            raise DateFormatError(
                f"{quote(text)}: the month must be written {expected!r}, got {given!r} "
                "(months 1 and 2 are zero-padded, months 3 to 12 are not)"
            )
    return dt.date(year, month, day)


def parse_date(text: str, *, strict: bool = True) -> dt.date:
    """Read a date written in either official form.

    Accepts the long form ``ngày 05 tháng 01 năm 2024`` (the leading "ngày" is optional) and the
    short form ``18/8/2014`` (optionally after "ngày"), also written with dots or hyphens
    (``18.8.2014``, ``18-8-2014``; one separator throughout). Case, runs of spaces and NFC/NFD do
    not matter. Years must have four digits: a two-digit year is ambiguous.

    Args:
        text: The date text, nothing else (no place, no trailing punctuation).
        strict: When true (the default), the padding must be the official one: day in two digits,
            months 1 and 2 in two digits, months 3 to 12 without a leading zero. Use
            ``strict=False`` to read dates from documents that did not follow the rule.

    Raises:
        DateFormatError: a :class:`ValueError` naming what is wrong, for text in neither form,
            wrong padding in strict mode (saying what the padded form should be), or a day that
            does not exist such as 31/02.
    """
    cleaned = _cleaned(text)
    match = _LONG_FORM.fullmatch(cleaned)
    if match is not None:
        day_s, month_s, year_s = match.groups()
        return _build(day_s, month_s, year_s, text, strict=strict, short=False)
    match = _SHORT_FORM.fullmatch(cleaned)
    # "2026-11-20" is ISO, not a day 2026: left to the message below (and parse_date_loose).
    if match is not None and not (match[2] == "-" and len(match[1]) > 2):
        day_s, _, month_s, year_s = match.groups()
        return _build(day_s, month_s, year_s, text, strict=strict, short=True)
    raise DateFormatError(
        f"{quote(text)} is not a date in the form 'ngày 05 tháng 01 năm 2024' or '18/8/2014'"
    )


def _cleaned(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def parse_date_loose(text: str) -> dt.date:
    """Read a date the way a person types it into a form or a command line.

    ISO ``2026-11-20`` first (exactly that form: not the week dates and compact forms that
    :meth:`datetime.date.fromisoformat` also takes), then the Vietnamese forms of
    :func:`parse_date` without the padding rule: ``20/11/2026``, ``20.11.2026``,
    ``20-11-2026``, ``ngày 20 tháng 11 năm 2026``, ``ngày 5/1/2026``.

    Raises:
        DateFormatError: a :class:`ValueError` naming the accepted forms, or saying which day
            does not exist (``2026-02-30``, ``30/02/2026``).
    """
    cleaned = _cleaned(text)
    iso = _ISO_FORM.fullmatch(cleaned)
    if iso is not None:
        year, month, day = (int(part) for part in iso.groups())
        if year < 1:
            raise DateFormatError(f"{quote(text)}: there is no year {year}")
        if not 1 <= month <= 12:
            raise DateFormatError(f"{quote(text)}: there is no month {month}")
        days_in_month = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days_in_month:
            raise DateFormatError(
                f"{quote(text)} is not a real date: month {month} of {year} has "
                f"{days_in_month} days"
            )
        return dt.date(year, month, day)
    try:
        return parse_date(text, strict=False)
    except DateFormatError as exc:
        if _LONG_FORM.fullmatch(cleaned) or _SHORT_FORM.fullmatch(cleaned):
            raise  # the form was right, the day is not: keep the precise message
        raise DateFormatError(
            f"{quote(text)} is not a date; write it as 2026-11-20, 20/11/2026, 20.11.2026 or "
            "'ngày 20 tháng 11 năm 2026'"
        ) from exc
