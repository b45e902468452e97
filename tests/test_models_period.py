from __future__ import annotations

from datetime import date

import pytest

from dlxh.models import OpinionReport, Period, PeriodKind


@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "label"),
    [
        ("2024-05", PeriodKind.MONTH, date(2024, 5, 1), date(2024, 5, 31), "tháng 5 năm 2024"),
        ("2024-01", PeriodKind.MONTH, date(2024, 1, 1), date(2024, 1, 31), "tháng 01 năm 2024"),
        ("2024-02", PeriodKind.MONTH, date(2024, 2, 1), date(2024, 2, 29), "tháng 02 năm 2024"),
        ("2024-Q2", PeriodKind.QUARTER, date(2024, 4, 1), date(2024, 6, 30), "quý II năm 2024"),
        ("2024-q4", PeriodKind.QUARTER, date(2024, 10, 1), date(2024, 12, 31), "quý IV năm 2024"),
        (
            "2024-H1",
            PeriodKind.HALF_YEAR,
            date(2024, 1, 1),
            date(2024, 6, 30),
            "6 tháng đầu năm 2024",
        ),
        (
            "2023-H2",
            PeriodKind.HALF_YEAR,
            date(2023, 7, 1),
            date(2023, 12, 31),
            "6 tháng cuối năm 2023",
        ),
        (
            "2024-9M",
            PeriodKind.NINE_MONTHS,
            date(2024, 1, 1),
            date(2024, 9, 30),
            "9 tháng đầu năm 2024",
        ),
        ("2024", PeriodKind.YEAR, date(2024, 1, 1), date(2024, 12, 31), "năm 2024"),
        (
            "2024-05-03/2024-05-10",
            PeriodKind.AD_HOC,
            date(2024, 5, 3),
            date(2024, 5, 10),
            "từ ngày 03/5/2024 đến ngày 10/5/2024",
        ),
    ],
)
def test_parse(text: str, kind: PeriodKind, start: date, end: date, label: str) -> None:
    period = Period.parse(text)
    assert (period.kind, period.start, period.end, period.label) == (kind, start, end, label)
    assert str(period) == text.replace("q", "Q")


def test_constructors_match_parse() -> None:
    assert Period.month(2024, 5) == Period.parse("2024-05")
    assert Period.quarter(2024, 2) == Period.parse("2024-Q2")
    assert Period.half_year(2024) == Period.parse("2024-H1")
    assert Period.year_of(2024) == Period.parse("2024")
    assert Period.containing(date(2024, 8, 15), PeriodKind.QUARTER) == Period.quarter(2024, 3)


@pytest.mark.parametrize(
    "bad",
    ["2024-13", "2024-00", "2024-Q5", "2024-H3", "24-05", "2024/05", "2024-05-10/2024-05-01", ""],
)
def test_invalid_periods_raise_clear_errors(bad: str) -> None:
    with pytest.raises(ValueError, match=r"period|month|ends"):
        Period.parse(bad)


def test_due_dates() -> None:
    assert Period.month(2024, 5).default_due == date(2024, 5, 20)
    assert Period.quarter(2024, 2).default_due == date(2024, 6, 20)
    assert Period.ad_hoc(date(2024, 5, 3)).default_due == date(2024, 5, 3)


def test_navigation() -> None:
    assert Period.month(2024, 12).next() == Period.month(2025, 1)
    assert Period.month(2024, 1).previous() == Period.month(2023, 12)
    assert Period.quarter(2024, 1).shift(-1) == Period.quarter(2023, 4)
    assert Period.half_year(2024, 2).next() == Period.half_year(2025, 1)
    assert [str(m) for m in Period.quarter(2024, 3).months()] == ["2024-07", "2024-08", "2024-09"]
    assert date(2024, 5, 31) in Period.month(2024, 5)
    assert date(2024, 6, 1) not in Period.month(2024, 5)


def test_period_is_a_plain_string_in_data_and_schema() -> None:
    report = OpinionReport.model_validate(
        {"id": "R1", "period": "2024-Q2", "reporter": {"kind": "unit", "id": "U1"}}
    )
    assert report.model_dump(mode="json")["period"] == "2024-Q2"
    schema = OpinionReport.model_json_schema()["properties"]["period"]
    assert schema["type"] == "string" and "pattern" in schema
    assert hash(report.period) == hash(Period.quarter(2024, 2))
