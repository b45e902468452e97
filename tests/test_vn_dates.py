"""Tests for dlxh.vn.dates: the official date forms and their parsing."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlxh.errors import DlxhError
from dlxh.vn import (
    DateFormatError,
    format_date,
    format_date_short,
    format_place_date,
    month_name,
    parse_date,
)
from dlxh.vn.dates import parse_date_loose

# (date, long form, short form): days below 10 padded, months 1-2 padded, months 3-12 not.
FORMS = [
    (dt.date(2024, 1, 5), "ngày 05 tháng 01 năm 2024", "05/01/2024"),
    (dt.date(2019, 6, 29), "ngày 29 tháng 6 năm 2019", "29/6/2019"),
    (dt.date(2018, 4, 3), "ngày 03 tháng 4 năm 2018", "03/4/2018"),
    (dt.date(2025, 2, 10), "ngày 10 tháng 02 năm 2025", "10/02/2025"),
    (dt.date(2024, 12, 31), "ngày 31 tháng 12 năm 2024", "31/12/2024"),
    (dt.date(2014, 8, 18), "ngày 18 tháng 8 năm 2014", "18/8/2014"),
    (dt.date(2024, 1, 31), "ngày 31 tháng 01 năm 2024", "31/01/2024"),
    (dt.date(2020, 9, 30), "ngày 30 tháng 9 năm 2020", "30/9/2020"),
    (dt.date(2021, 10, 25), "ngày 25 tháng 10 năm 2021", "25/10/2021"),
    (dt.date(2024, 3, 1), "ngày 01 tháng 3 năm 2024", "01/3/2024"),
]


@pytest.mark.parametrize(("d", "long", "short"), FORMS)
def test_format_date(d: dt.date, long: str, short: str) -> None:
    assert format_date(d) == long
    assert format_date_short(d) == short


@pytest.mark.parametrize(("d", "long", "short"), FORMS)
def test_parse_date_both_forms(d: dt.date, long: str, short: str) -> None:
    assert parse_date(long) == d
    assert parse_date(short) == d
    assert parse_date(long.removeprefix("ngày ")) == d
    assert parse_date("ngày " + short) == d


def test_format_date_accepts_datetime() -> None:
    assert format_date(dt.datetime(2024, 1, 5, 14, 30)) == "ngày 05 tháng 01 năm 2024"


def test_format_place_date() -> None:
    assert format_place_date("Hà Nội", dt.date(2024, 1, 5)) == "Hà Nội, ngày 05 tháng 01 năm 2024"
    assert format_place_date("  Lào  Cai ", dt.date(2019, 6, 29)) == (
        "Lào Cai, ngày 29 tháng 6 năm 2019"
    )
    with pytest.raises(ValueError, match="place must not be empty"):
        format_place_date("  ", dt.date(2024, 1, 5))


@pytest.mark.parametrize(
    ("m", "name"), [(1, "tháng 01"), (2, "tháng 02"), (3, "tháng 3"), (12, "tháng 12")]
)
def test_month_name(m: int, name: str) -> None:
    assert month_name(m) == name


@pytest.mark.parametrize("m", [0, 13, True])
def test_month_name_rejects(m: int) -> None:
    with pytest.raises(ValueError, match="1 to 12"):
        month_name(m)


@pytest.mark.parametrize(
    "text",
    [
        "NGÀY 05 THÁNG 01 NĂM 2024",
        "  ngày   05  tháng 01\tnăm 2024 ",
        "Ngày 05 Tháng 01 Năm 2024",
        unicodedata.normalize("NFD", "ngày 05 tháng 01 năm 2024"),
        unicodedata.normalize("NFD", "NGÀY 05 THÁNG 01 NĂM 2024"),
        "05 / 01 / 2024",
    ],
)
def test_parse_date_is_tolerant_of_case_spaces_and_normal_form(text: str) -> None:
    assert parse_date(text) == dt.date(2024, 1, 5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ngày 05 tháng 08 năm 2024", "must be written 'tháng 8', got 'tháng 08'"),
        ("ngày 05 tháng 1 năm 2024", "must be written 'tháng 01', got 'tháng 1'"),
        ("ngày 5 tháng 01 năm 2024", "day must be written '05'"),
        ("18/08/2014", "must be written '8', got '08'"),
        ("31/1/2024", "must be written '01', got '1'"),
        ("3/4/2018", "day must be written '03'"),
    ],
)
def test_strict_parse_rejects_wrong_padding(text: str, message: str) -> None:
    with pytest.raises(DateFormatError, match=message):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ngày 05 tháng 08 năm 2024", dt.date(2024, 8, 5)),
        ("ngày 5 tháng 1 năm 2024", dt.date(2024, 1, 5)),
        ("18/08/2014", dt.date(2014, 8, 18)),
        ("3/4/2018", dt.date(2018, 4, 3)),
    ],
)
def test_lenient_parse_accepts_any_padding(text: str, expected: dt.date) -> None:
    assert parse_date(text, strict=False) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2024", "not a real date: month 2 of 2024 has 29 days"),
        ("29/02/2023", "not a real date: month 2 of 2023 has 28 days"),
        ("ngày 31 tháng 4 năm 2024", "month 4 of 2024 has 30 days"),
        ("00/01/2024", "not a real date"),
        ("15/13/2024", "there is no month 13"),
        ("15/0/2024", "there is no month 0"),
    ],
)
@pytest.mark.parametrize("strict", [True, False])
def test_parse_rejects_impossible_dates(text: str, message: str, strict: bool) -> None:
    with pytest.raises(DateFormatError, match=message):
        parse_date(text, strict=strict)


@pytest.mark.parametrize(
    "text",
    ["", "tháng 08", "ngày 05 tháng 01", "2024-01-05", "05.01/2024", "05/01/2024.", "hôm qua"],
)
def test_parse_rejects_other_text(text: str) -> None:
    with pytest.raises(DateFormatError, match="is not a date in the form"):
        parse_date(text)


def test_parse_rejects_two_digit_year() -> None:
    with pytest.raises(DateFormatError, match="four digits"):
        parse_date("05/01/24", strict=False)


def test_date_format_error_is_value_error_and_dlxh_error() -> None:
    with pytest.raises(ValueError, match="not a real date") as info:
        parse_date("31/02/2024")
    assert isinstance(info.value, DlxhError)


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_parse_inverts_format(d: dt.date) -> None:
    assert parse_date(format_date(d)) == d
    assert parse_date(format_date_short(d)) == d
    assert parse_date(format_date(d).upper()) == d


@pytest.mark.parametrize(
    "text",
    ["20.11.2026", "20/11/2026", "20-11-2026", "ngày 20.11.2026", "20 . 11 . 2026"],
)
def test_dots_and_hyphens_separate_like_slashes(text: str) -> None:
    assert parse_date(text) == dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20", dt.date(2026, 11, 20)),
        ("20.11.2026", dt.date(2026, 11, 20)),
        ("20/11/2026", dt.date(2026, 11, 20)),
        ("ngày 20 tháng 11 năm 2026", dt.date(2026, 11, 20)),
        (unicodedata.normalize("NFD", "ngày 5 tháng 1 năm 2026"), dt.date(2026, 1, 5)),
        ("5/1/2026", dt.date(2026, 1, 5)),  # the padding rule is for writing, not reading
        ("  31.10.2026 ", dt.date(2026, 10, 31)),
    ],
)
def test_parse_date_loose_reads_iso_then_vietnamese(text: str, expected: dt.date) -> None:
    assert parse_date_loose(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-30", "not a real date: month 2 of 2026 has 28 days"),
        ("2026-13-01", "there is no month 13"),
        ("30.02.2026", "not a real date"),
        ("20261120", "write it as 2026-11-20, 20/11/2026, 20.11.2026"),  # ISO basic: refused
        ("2026-W47-5", "write it as"),
        ("20/11.2026", "write it as"),
        ("hôm qua", "write it as"),
    ],
)
def test_parse_date_loose_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(DateFormatError, match=message):
        parse_date_loose(text)


def test_an_iso_date_is_not_read_as_a_hyphenated_vietnamese_one() -> None:
    with pytest.raises(DateFormatError, match="is not a date in the form"):
        parse_date("2026-11-20")
