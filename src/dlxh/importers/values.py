"""Cell values as offices type them, turned into what the models read.

Dates arrive as real date cells, as Excel serial numbers (a date column formatted as a number:
``46346`` is 20/11/2026), or as text: ISO ``2026-11-20``, ``20/11/2026``, ``20.11.2026``,
``20-11-2026`` or ``ngày 20 tháng 11 năm 2026``. Periods arrive as ``2026-11``, ``11/2026``,
``tháng 11/2026``, ``Tháng 11 năm 2026``, ``Quý IV/2026`` or as the date cell Excel makes of a
typed ``11/2026`` (the 1st of the month). Every function raises ``ValueError`` with a message
saying what was expected; the caller puts the cell's position in front of it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any, Final

from dlxh.models._enum import LabeledEnum
from dlxh.models.period import Period
from dlxh.quoting import quote
from dlxh.tables import EXCEL_EPOCH, cell_text
from dlxh.vn.dates import parse_date
from dlxh.vn.numerals import from_roman
from dlxh.vn.text import fold

__all__ = ["UNSAVED", "boolean", "choices", "day", "label", "period", "text", "year_of_birth"]

EXCEL_ERRORS: Final = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!"}
)
SERIALS: Final = range(20_000, 80_001)
"""Serial numbers read as dates (1954-10-03 to 2119-01-09): a smaller number in a date column
is more likely a year or a typo than a date."""

_FORMULA = re.compile(r"=\s*(?:[A-Za-z][\w.]*\s*\(|\$?[A-Za-z]{1,3}\$?\d+)")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DMY = re.compile(r"(?:ngay\s*)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_MONTH = re.compile(r"(?:thang|t)?\s*(\d{1,2})\s*(?:[/.-]|nam)\s*(\d{4})")
_YEAR_MONTH = re.compile(r"(\d{4})\s*[/.]\s*(\d{1,2})")
_QUARTER = re.compile(r"quy\s*([1-4]|[ivx]+)\s*(?:[/.-]|nam)?\s*(\d{4})")
_TRUE: Final = frozenset({"x", "1", "co", "yes", "true", "dung", "diem nong"})
_FALSE: Final = frozenset({"0", "khong", "no", "false", "-"})


class _Unsaved:
    """What a cell holding a formula with no saved value reads as."""

    def __repr__(self) -> str:
        return "<formula without a saved value>"


UNSAVED: Final = _Unsaved()


def text(value: Any) -> str | None:
    """The cell as text, ``None`` when blank; an Excel error value, a formula whose value was
    never saved, or a formula typed into a CSV is refused (the value it stands for is not in
    the file)."""
    if value is None:
        return None
    if value is UNSAVED:
        raise ValueError(
            "the cell holds a formula whose value was never saved (the file was written by a "
            "program that does not calculate); open and save it in Excel, or type the value"
        )
    if isinstance(value, str):
        stripped = value.strip()
        if stripped in EXCEL_ERRORS:
            raise ValueError(
                f"the cell shows the Excel error {stripped} (a formula that failed); "
                "type the value itself"
            )
        if _FORMULA.match(stripped):
            raise ValueError(
                f"{quote(stripped)} is a spreadsheet formula, not its value; save the sheet "
                "from Excel (which writes the values) or type the value"
            )
        return stripped or None
    return cell_text(value) or None


def _serial(number: float, epoch: dt.date) -> dt.date:
    whole = int(number)  # a date and time (46346.5) keeps its date
    if whole in SERIALS:
        return epoch + dt.timedelta(days=whole)
    raise ValueError(
        f"the number {cell_text(number)} is not a date; write it as 20/11/2026 "
        "(or format the cell as a date)"
    )


def day(value: Any, epoch: dt.date = EXCEL_EPOCH) -> dt.date | None:
    """A date from a date cell, a serial number or any of the usual written forms."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError(f"expected a date such as 20/11/2026, got {value}")
    if isinstance(value, int | float):
        return _serial(float(value), epoch)
    written = text(value)
    return None if written is None else _written_day(written, epoch)


@functools.lru_cache(maxsize=4096)
def _written_day(written: str, epoch: dt.date) -> dt.date:
    if written.isdigit() and len(written) == 5:
        return _serial(float(written), epoch)
    key = " ".join(fold(written, diacritics=False).split())
    try:
        match = _ISO.fullmatch(key)
        if match:
            year, month, date = (int(g) for g in match.groups())
            return dt.date(year, month, date)
        match = _DMY.fullmatch(key)
        if match:
            return parse_date("/".join(match.groups()), strict=False)
        return parse_date(written, strict=False)
    except ValueError as exc:
        if _ISO.fullmatch(key) or _DMY.fullmatch(key):
            if "real date" in str(exc) or "no month" in str(exc):
                raise ValueError(str(exc)) from None
            raise ValueError(f"{quote(written)} is not a real date ({exc})") from None
        raise ValueError(
            f"expected a date such as 20/11/2026, 20.11.2026 or 2026-11-20, got {quote(written)}"
        ) from None


def _month(year: int, month: int, written: object) -> str:
    if not 1 <= month <= 12:
        raise ValueError(f"{quote(written)}: there is no month {month}")
    return f"{year:04d}-{month:02d}"


def period(value: Any, year: Any = None, epoch: dt.date = EXCEL_EPOCH) -> str | None:
    """A period (``2026-11``, ``2026-Q4``...) from the forms a report table uses.

    ``year`` is the row's year column, for a period column that holds only the month number.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 1 <= value <= 12 and year is not None:
            return period(f"{int(value)}/{cell_text(year)}")
        if float(value).is_integer() and 1900 <= value <= 2100:
            return str(int(value))
        value = _serial(float(value), epoch)
    if isinstance(value, dt.date):
        day_ = value.date() if isinstance(value, dt.datetime) else value
        if day_.day != 1:
            raise ValueError(f"{day_:%d/%m/%Y} is a date, not a period; write the month as 11/2026")
        return _month(day_.year, day_.month, value)
    written = text(value)
    if written is None:
        return None
    if year is not None and written.isdigit() and len(written) <= 2:
        written = f"{written}/{cell_text(year)}"
    return _written_period(written)


@functools.lru_cache(maxsize=1024)
def _written_period(written: str) -> str:
    try:
        return str(Period.parse(written))
    except ValueError:
        pass
    key = " ".join(fold(written, diacritics=False).split())
    if match := _MONTH.fullmatch(key):
        return _month(int(match[2]), int(match[1]), written)
    if match := _YEAR_MONTH.fullmatch(key):
        return _month(int(match[1]), int(match[2]), written)
    if match := _QUARTER.fullmatch(key):
        number = match[1]
        quarter = int(number) if number.isdigit() else _roman(number)
        if 1 <= quarter <= 4:
            return f"{match[2]}-Q{quarter}"
    raise ValueError(
        f"expected a period such as 11/2026, tháng 11/2026 or 2026-11, got {quote(written)}"
    )


def _roman(numeral: str) -> int:
    try:
        return from_roman(numeral.upper())
    except ValueError:
        return 0


def boolean(value: Any) -> bool | None:
    """A yes/no cell: ``x``, ``có``, ``1`` or ``không``, ``0``; blank is ``None``."""
    if isinstance(value, bool):
        return value
    written = text(value)
    if written is None:
        return None
    key = " ".join(fold(written, diacritics=False).split())
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(f"expected 'x' or 'có' for yes, 'không' or blank for no, got {quote(written)}")


def label(value: Any, enum: type[LabeledEnum]) -> str | None:
    """A choice as the models read it, also typed without accents (``kinh te``) when that
    names one choice only; anything else is left to the model, whose message lists them."""
    written = text(value)
    return None if written is None else _label(written, enum)


@functools.lru_cache(maxsize=4096)
def _label(written: str, enum: type[LabeledEnum]) -> str:
    # a table repeats a few labels on every row: folding each again was most of reading it
    try:
        return enum.parse(written).value
    except ValueError:
        member = enum.parse_unaccented(written)
        return written if member is None else member.value


def choices(value: Any, enum: type[LabeledEnum]) -> list[str] | None:
    """Several labels in one cell, separated by ``;``, line breaks or ``,`` (a label that holds
    a comma itself, ``cán bộ, công chức, viên chức``, is read whole when it names one choice)."""
    written = text(value)
    if written is None:
        return None
    found: list[str] = []
    for piece in re.split(r"[;\n]", written):
        chunk = piece.strip()
        if not chunk:
            continue
        whole = label(chunk, enum)
        if whole in enum._value2member_map_:
            parts = [whole]
        else:
            parts = [label(p, enum) or p for p in chunk.split(",") if p.strip()]
        for part in parts:
            if part is not None and part not in found:
                found.append(part)
    return found


def year_of_birth(value: Any, epoch: dt.date = EXCEL_EPOCH) -> int | None:
    """A year of birth from a year or a date of birth (only the year is kept)."""
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and float(value).is_integer()
        and 1900 <= value <= 2100
    ):
        return int(value)
    written = text(value) if isinstance(value, str) else None
    if written is not None and written.isdigit() and len(written) == 4:
        return int(written)
    born = day(value, epoch)
    return None if born is None else born.year
