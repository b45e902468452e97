from __future__ import annotations

import unicodedata
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11/2026", "2026-11"),
        ("1/2026", "2026-01"),
        ("tháng 11/2026", "2026-11"),
        ("Tháng 11 năm 2026", "2026-11"),
        ("THÁNG  01  NĂM 2026", "2026-01"),
        ("T11/2026", "2026-11"),
        ("11.2026", "2026-11"),
        ("quý II/2026", "2026-Q2"),
        ("Quý 4 năm 2026", "2026-Q4"),
        ("6 tháng cuối năm 2026", "2026-H2"),
        ("9 tháng đầu năm 2026", "2026-9M"),
        ("năm 2026", "2026"),
        ("từ ngày 03/5/2026 đến ngày 10/5/2026", "2026-05-03/2026-05-10"),
    ],
)
def test_vietnamese_period_texts(text: str, expected: str) -> None:
    assert str(Period.parse(text)) == expected
    assert str(Period.parse(unicodedata.normalize("NFD", text))) == expected
    report = OpinionReport.model_validate(
        {"id": "R", "period": text, "reporter": {"kind": "unit", "id": "U"}}
    )
    assert str(report.period) == expected


@pytest.mark.parametrize(
    "period",
    [
        Period.month(2026, 1),
        Period.month(2026, 11),
        Period.quarter(2026, 3),
        Period.half_year(2026, 1),
        Period.half_year(2026, 2),
        Period.nine_months(2026),
        Period.year_of(2026),
        Period.ad_hoc(date(2026, 5, 3)),
        Period.ad_hoc(date(2026, 5, 3), date(2026, 5, 10)),
    ],
)
def test_every_label_reads_back(period: Period) -> None:
    assert Period.parse(period.label) == period
    assert Period.parse(period.label.upper()) == period


@pytest.mark.parametrize("bad", ["11/26", "tháng 11", "quý V/2026", "Q5/2026", "tháng mười/2026"])
def test_text_period_errors_say_which_forms_are_accepted(bad: str) -> None:
    with pytest.raises(ValueError, match="invalid period") as caught:
        Period.parse(bad)
    message = str(caught.value)
    assert "2026-11" in message and "11/2026" in message and "tháng 11 năm 2026" in message


def test_text_period_out_of_range_says_why() -> None:
    with pytest.raises(ValueError, match="month must be 1-12, got 13"):
        Period.parse("tháng 13/2026")


def test_due_on_a_network_day() -> None:
    assert Period.month(2026, 10).due(25) == date(2026, 10, 25)
    assert Period.quarter(2026, 1).due(25) == date(2026, 3, 25)
    assert Period.month(2026, 2).due(30) == date(2026, 2, 28)  # past the month's end: its last day
    assert Period.ad_hoc(date(2026, 5, 3)).due(25) == date(2026, 5, 3)
    assert Period.month(2026, 10).due() == Period.month(2026, 10).default_due
    with pytest.raises(ValueError, match="1-31"):
        Period.month(2026, 10).due(0)
