"""Reporting periods: month, quarter, half-year, nine months, year, or an ad-hoc date range.

DLXH work runs on periods (monthly collaborator reports, quarterly and six-month reviews, yearly
guidance), so a period is a value of its own rather than two loose dates. In data files a period
is a short string: ``2024-05`` (month), ``2024-Q2``, ``2024-H1`` / ``2024-H2`` (six months),
``2024-9M`` (nine months), ``2024`` (year), or an ISO 8601 interval ``2024-05-03/2024-05-10``
(ad hoc, "đột xuất"). :meth:`Period.parse` also reads them as clerks type them ("11/2026",
"tháng 11 năm 2026", "quý II/2026"); they are always written back in the short form.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import total_ordering
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from dlxh.errors import DataValidationError, FieldProblem
from dlxh.models._enum import LabeledEnum
from dlxh.vn.dates import format_date_short, month_name
from dlxh.vn.numerals import to_roman

__all__ = ["Period", "PeriodKind", "period_argument"]

DUE_DAY = 20
"""Collaborators report before the 20th of each month (seed 003, the boards' Hướng dẫn): the
default of :attr:`dlxh.models.network.NetworkSettings.report_due_day`, which a network may set."""

_PATTERN = re.compile(
    r"^(?P<year>\d{4})"
    r"(?:-(?:(?P<month>\d{2})|Q(?P<quarter>[1-4])|H(?P<half>[12])|(?P<nine>9M))"
    r"|(?P<adhoc>-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}))?$",
    re.IGNORECASE,
)
PERIOD_PATTERN = r"^\d{4}(-(\d{2}|[Qq][1-4]|[Hh][12]|9[Mm]|\d{2}-\d{2}/\d{4}-\d{2}-\d{2}))?$"


class PeriodKind(LabeledEnum):
    """The kind of a reporting period."""

    MONTH = ("month", "tháng")
    QUARTER = ("quarter", "quý")
    HALF_YEAR = ("half_year", "6 tháng")
    NINE_MONTHS = ("nine_months", "9 tháng")
    YEAR = ("year", "năm")
    AD_HOC = ("ad_hoc", "đột xuất")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _check_year(year: int) -> int:
    if not 1900 <= year <= 2200:
        raise ValueError(f"year {year} is out of range (expected 1900-2200)")
    return year


_PARSED: dict[str, Period] = {}  # period strings already parsed (see Period.coerce)
_PARSED_MAX = 4096


@total_ordering
class Period:
    """An immutable reporting period. Build one with the class methods or :meth:`parse`.

    >>> Period.month(2024, 5).label
    'tháng 5 năm 2024'
    >>> str(Period.parse("2024-Q2")), Period.parse("2024-Q2").end.isoformat()
    ('2024-Q2', '2024-06-30')
    """

    __slots__ = ("_end", "_index", "_kind", "_start", "_year")

    def __init__(self, kind: PeriodKind, start: date, end: date, year: int, index: int) -> None:
        if end < start:
            raise ValueError(f"period ends ({end}) before it starts ({start})")
        self._kind = kind
        self._start = start
        self._end = end
        self._year = year
        self._index = index

    # -- constructors -------------------------------------------------------------------------
    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The calendar month ``month`` of ``year``."""
        if not 1 <= month <= 12:
            raise ValueError(f"month must be 1-12, got {month}")
        _check_year(year)
        return cls(PeriodKind.MONTH, date(year, month, 1), _month_end(year, month), year, month)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Quarter 1-4 (quý I-IV)."""
        if not 1 <= quarter <= 4:
            raise ValueError(f"quarter must be 1-4, got {quarter}")
        _check_year(year)
        first = 3 * quarter - 2
        return cls(
            PeriodKind.QUARTER, date(year, first, 1), _month_end(year, first + 2), year, quarter
        )

    @classmethod
    def half_year(cls, year: int, half: int = 1) -> Period:
        """Six months: half 1 is January-June ("6 tháng đầu năm"), half 2 July-December."""
        if half not in (1, 2):
            raise ValueError(f"half must be 1 or 2, got {half}")
        _check_year(year)
        first = 1 if half == 1 else 7
        return cls(
            PeriodKind.HALF_YEAR, date(year, first, 1), _month_end(year, first + 5), year, half
        )

    @classmethod
    def nine_months(cls, year: int) -> Period:
        """January-September ("9 tháng đầu năm")."""
        _check_year(year)
        return cls(PeriodKind.NINE_MONTHS, date(year, 1, 1), date(year, 9, 30), year, 1)

    @classmethod
    def year_of(cls, year: int) -> Period:
        """The calendar year."""
        _check_year(year)
        return cls(PeriodKind.YEAR, date(year, 1, 1), date(year, 12, 31), year, 1)

    @classmethod
    def ad_hoc(cls, start: date, end: date | None = None) -> Period:
        """An ad-hoc ("đột xuất") period, ``start`` to ``end`` inclusive (one day by default)."""
        _check_year(start.year)
        return cls(PeriodKind.AD_HOC, start, end or start, start.year, 0)

    @classmethod
    def containing(cls, day: date, kind: PeriodKind = PeriodKind.MONTH) -> Period:
        """The period of ``kind`` that contains ``day`` (nine months only for January-September)."""
        match kind:
            case PeriodKind.MONTH:
                return cls.month(day.year, day.month)
            case PeriodKind.QUARTER:
                return cls.quarter(day.year, (day.month - 1) // 3 + 1)
            case PeriodKind.HALF_YEAR:
                return cls.half_year(day.year, 1 if day.month <= 6 else 2)
            case PeriodKind.NINE_MONTHS:
                if day.month > 9:
                    raise ValueError(f"{day} is not within the first nine months of its year")
                return cls.nine_months(day.year)
            case PeriodKind.YEAR:
                return cls.year_of(day.year)
            case _:
                return cls.ad_hoc(day)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``2024-05``, ``2024-Q2``, ``2024-H1``, ``2024-9M``, ``2024``, an ISO interval,
        or the same periods as clerks type them: ``11/2026``, ``tháng 11/2026``, ``Tháng 11 năm
        2026``, ``quý II/2026``, ``6 tháng đầu năm 2026``, ``năm 2026`` (any case, NFC or NFD;
        see :mod:`dlxh.models._period_text`). Every :attr:`label` reads back.
        """
        match = _PATTERN.match(text.strip())
        if not match:
            return cls._parse_text(text)
        year = int(match["year"])
        if match["month"]:
            return cls.month(year, int(match["month"]))
        if match["quarter"]:
            return cls.quarter(year, int(match["quarter"]))
        if match["half"]:
            return cls.half_year(year, int(match["half"]))
        if match["nine"]:
            return cls.nine_months(year)
        if match["adhoc"]:
            first, _, last = text.strip().partition("/")
            try:
                return cls.ad_hoc(date.fromisoformat(first), date.fromisoformat(last))
            except ValueError as exc:
                raise ValueError(f"invalid period {text!r}: {exc}") from None
        return cls.year_of(year)

    @classmethod
    def _parse_text(cls, text: str) -> Period:
        """A period in words or as MM/YYYY (the uncommon road: ISO forms never come here)."""
        from dlxh.models._period_text import ACCEPTED, parse_period_text  # noqa: PLC0415

        found = parse_period_text(text)
        if found is None:
            raise ValueError(f"invalid period {text!r}: expected {ACCEPTED}")
        return found

    # -- properties ---------------------------------------------------------------------------
    @property
    def kind(self) -> PeriodKind:
        return self._kind

    @property
    def start(self) -> date:
        """First day, inclusive."""
        return self._start

    @property
    def end(self) -> date:
        """Last day, inclusive."""
        return self._end

    @property
    def year(self) -> int:
        return self._year

    @property
    def index(self) -> int:
        """Month (1-12), quarter (1-4) or half (1-2); 1 for nine months and year, 0 for ad hoc."""
        return self._index

    @property
    def days(self) -> int:
        return (self._end - self._start).days + 1

    def due(self, day: int = DUE_DAY) -> date:
        """When reports for this period are due under a deadline on the ``day`` of the month.

        That day of the period's last month (the network's deadline, :class:`~dlxh.models.
        network.NetworkSettings`; a day past the month's end is its last day, so a deadline
        "on the 30th" falls on 28 or 29 February); for an ad-hoc period, its last day.
        """
        if self._kind is PeriodKind.AD_HOC:
            return self._end
        if not 1 <= day <= 31:
            raise ValueError(f"the due day must be 1-31, got {day}")
        return date(self._end.year, self._end.month, min(day, self._end.day))

    @property
    def default_due(self) -> date:
        """When reports for this period are due by default: :meth:`due` on the 20th (the
        collaborators' monthly deadline, unless the network sets another)."""
        return self.due(DUE_DAY)

    @property
    def label(self) -> str:
        """The Vietnamese wording for document titles: "tháng 01 năm 2024", "quý II năm 2024"."""
        match self._kind:
            case PeriodKind.MONTH:
                return f"{month_name(self._index)} năm {self._year}"
            case PeriodKind.QUARTER:
                return f"quý {to_roman(self._index)} năm {self._year}"
            case PeriodKind.HALF_YEAR:
                which = "đầu" if self._index == 1 else "cuối"
                return f"6 tháng {which} năm {self._year}"
            case PeriodKind.NINE_MONTHS:
                return f"9 tháng đầu năm {self._year}"
            case PeriodKind.YEAR:
                return f"năm {self._year}"
            case _:
                if self._start == self._end:
                    return f"ngày {format_date_short(self._start)}"
                return (
                    f"từ ngày {format_date_short(self._start)} "
                    f"đến ngày {format_date_short(self._end)}"
                )

    # -- navigation ---------------------------------------------------------------------------
    def contains(self, day: date) -> bool:
        return self._start <= day <= self._end

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.contains(day)

    def months(self) -> list[Period]:
        """The calendar months this period spans, in order."""
        result = []
        year, month = self._start.year, self._start.month
        while date(year, month, 1) <= self._end:
            result.append(Period.month(year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result

    def shift(self, steps: int) -> Period:
        """The period ``steps`` periods later (negative: earlier) of the same kind.

        Nine-month periods and ad-hoc ranges shift by whole years and by their own length.
        """
        match self._kind:
            case PeriodKind.MONTH:
                total = self._year * 12 + self._index - 1 + steps
                return Period.month(total // 12, total % 12 + 1)
            case PeriodKind.QUARTER:
                total = self._year * 4 + self._index - 1 + steps
                return Period.quarter(total // 4, total % 4 + 1)
            case PeriodKind.HALF_YEAR:
                total = self._year * 2 + self._index - 1 + steps
                return Period.half_year(total // 2, total % 2 + 1)
            case PeriodKind.NINE_MONTHS:
                return Period.nine_months(self._year + steps)
            case PeriodKind.YEAR:
                return Period.year_of(self._year + steps)
            case _:
                delta = timedelta(days=self.days * steps)
                return Period.ad_hoc(self._start + delta, self._end + delta)

    def next(self) -> Period:
        return self.shift(1)

    def previous(self) -> Period:
        return self.shift(-1)

    # -- value semantics ----------------------------------------------------------------------
    def _key(self) -> tuple[date, date, str]:
        return (self._start, self._end, self._kind.value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Period):
            return self._key() == other._key()
        return NotImplemented

    def __lt__(self, other: object) -> bool:
        if isinstance(other, Period):
            return self._key() < other._key()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __str__(self) -> str:
        match self._kind:
            case PeriodKind.MONTH:
                return f"{self._year:04d}-{self._index:02d}"
            case PeriodKind.QUARTER:
                return f"{self._year:04d}-Q{self._index}"
            case PeriodKind.HALF_YEAR:
                return f"{self._year:04d}-H{self._index}"
            case PeriodKind.NINE_MONTHS:
                return f"{self._year:04d}-9M"
            case PeriodKind.YEAR:
                return f"{self._year:04d}"
            case _:
                return f"{self._start.isoformat()}/{self._end.isoformat()}"

    def __repr__(self) -> str:
        return f"Period.parse({str(self)!r})"

    # -- pydantic integration -----------------------------------------------------------------
    @classmethod
    def coerce(cls, value: Any) -> Period:
        """A period from a Period, a period string or an ``int`` year (as in data files)."""
        if isinstance(value, Period):
            return value
        if isinstance(value, str):
            # Periods are immutable, and the reports of a month all name the same one: parsing
            # it once, not twice per report, is a tenth of loading a national month.
            if cls is not Period:
                return cls.parse(value)
            period = _PARSED.get(value)
            if period is None:
                if len(_PARSED) >= _PARSED_MAX:
                    _PARSED.clear()
                period = _PARSED[value] = cls.parse(value)
            return period
        if isinstance(value, int) and not isinstance(value, bool):
            return cls.year_of(value)
        raise ValueError(f"expected a period string such as '2024-05', got {type(value).__name__}")

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.coerce,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "pattern": PERIOD_PATTERN,
            "description": "Reporting period: YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY-9M or an "
            "ISO interval YYYY-MM-DD/YYYY-MM-DD (ad hoc).",
            "examples": ["2024-05", "2024-Q2", "2024-H1", "2024-9M", "2024"],
        }


def period_argument(value: Any, name: str = "period") -> Period:
    """Coerce the ``name`` argument of a public function, raising :class:`DataValidationError`.

    ``Period.coerce`` raises a plain ``ValueError`` because pydantic expects one; functions such
    as :func:`dlxh.aggregate.synthesize` take a period from their caller directly, and a caller
    catching :class:`~dlxh.errors.DlxhError` should see a bad one (``"2026-13"``) as dlxh's error.
    """
    try:
        return Period.coerce(value)
    except ValueError as exc:
        raise DataValidationError("Period", [FieldProblem(name, str(exc), value)]) from None
