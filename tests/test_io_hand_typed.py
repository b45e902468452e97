"""Data as officials type it: zero-padded numbers, Vietnamese dates, repeated keys, folders."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pydantic
import pytest

from dlxh import Dataset, DataValidationError, InputError, load_dataset, loads
from dlxh.io import dumps
from dlxh.models import Document, Event, OpinionItem, Unit

EVENT = "id: E1\nkind: giao ban\ntitle: Giao ban\n"


def test_zero_padded_numbers_are_decimal_not_octal() -> None:
    event = loads(EVENT + "date: 2026-10-28\nattendees: 045\nopinions_raised: 012\n", Event)
    assert (event.attendees, event.opinions_raised) == (45, 12)
    unit = loads("code: '007'\nname: Phường Vĩnh Hưng\nlevel: phường\nadmin_code: 00304\n", Unit)
    admin = unit.admin_unit()
    assert unit.code == "007" and admin is not None and admin.name == "Phường Vĩnh Hưng"


def test_numbers_where_text_is_expected_keep_their_digits() -> None:
    unit = loads("code: 0012\nname: 2026\nlevel: agency\n", Unit)
    assert (unit.code, unit.name) == ("0012", "2026")


@pytest.mark.parametrize("text", ["1:30", "1e3", "0x1F", "0o17", "00304", "no", "on", "~x"])
def test_yaml_1_1_lookalikes_round_trip_as_text(text: str) -> None:
    item = OpinionItem(title=text, content=text, field="other")
    assert loads(dumps(item), OpinionItem) == item


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("30/3/2026", date(2026, 3, 30)),
        ("30/03/2026", date(2026, 3, 30)),
        ("05/01/2026", date(2026, 1, 5)),
        ("ngày 28 tháng 10 năm 2026", date(2026, 10, 28)),
        ("2026-10-28", date(2026, 10, 28)),
    ],
)
def test_dates_in_vietnamese_notation(typed: str, expected: date) -> None:
    assert loads(EVENT + f"date: {typed}\n", Event).date == expected


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("2026-02-30", "got '2026-02-30', expected a date such as 2026-03-30 or 30/3/2026"),
        ("31/2/2026", "'31/2/2026' is not a real date: month 2 of 2026 has 28 days"),
        ("ngày 31 tháng 02 năm 2026", "month 2 of 2026 has 28 days"),
    ],
)
def test_impossible_dates_name_the_value_and_field(typed: str, fragment: str) -> None:
    with pytest.raises(DataValidationError) as info:
        loads(EVENT + f"date: {typed}\n", Event)
    problem = info.value.problems[0]
    assert problem.location == "date"
    assert fragment in problem.message


def test_date_error_shows_value_and_expected_form() -> None:
    with pytest.raises(DataValidationError, match=r"got '2026/13/01', expected a date such as"):
        loads(EVENT + "date: 2026/13/01\n", Event)


def test_duplicate_keys_are_errors_in_yaml_and_json() -> None:
    with pytest.raises(InputError, match=r"line 3, column 1: duplicate key 'reports' \(first"):
        loads("reports: []\nevents: []\nreports: []\n", Dataset)
    with pytest.raises(InputError, match="duplicate key 'period'"):
        loads('{"id": "R", "period": "2026-03", "period": "2026-04"}', Dataset, format="json")


def test_yaml_block_scalar_title_is_accepted() -> None:
    item = loads("title: |\n  Giá điện tăng\ncontent: x\nfield: economy\n", OpinionItem)
    assert item.title == "Giá điện tăng"


def test_control_character_in_yaml_gives_line_and_column() -> None:
    with pytest.raises(InputError, match=r"line 2, column 8: character U\+0007"):
        loads("title: t\ncontent\x07: x\n", OpinionItem)


def test_enum_labels_with_other_tone_placement_and_dashes() -> None:
    for spelling in ("văn hoá - xã hội", "văn hóa – xã hội", "Văn hóa-xã hội", "VĂN HOÁ — XÃ HỘI"):
        item = loads(f"title: t\ncontent: c\nfield: {spelling}\n", OpinionItem)
        assert item.field.value == "culture_society"
    assert loads(EVENT.replace("giao ban", "toạ đàm") + "date: 2026-10-28\n", Event).kind.value == (
        "seminar"
    )


def test_folder_errors_name_each_file_and_the_position_in_it(tmp_path: Path) -> None:
    (tmp_path / "00-units.yaml").write_text(
        "units:\n  - {code: U1, name: Đơn vị, level: agency}\n", "utf-8"
    )
    (tmp_path / "10-a.yaml").write_text(
        "collaborators:\n  - {id: C1, full_name: A, unit: U1, level: xã}\n", "utf-8"
    )
    (tmp_path / "20-b.yaml").write_text(
        "collaborators:\n  - {id: C2, full_name: B, unit: U9, level: xã}\n", "utf-8"
    )
    with pytest.raises(DataValidationError) as info:
        load_dataset(tmp_path)
    [problem] = info.value.problems
    assert problem.source == str(tmp_path / "20-b.yaml")
    assert problem.location == "collaborators.0.unit"
    assert f"{tmp_path / '20-b.yaml'}: collaborators.0.unit: unit 'U9'" in str(info.value)


def test_folder_reports_every_bad_file_at_once(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("units:\n  - {code: U1, name: x, level: huyện xã}\n", "utf-8")
    (tmp_path / "b.yaml").write_text("events:\n  - {id: E, kind: briefing, title: t}\n", "utf-8")
    with pytest.raises(DataValidationError) as info:
        load_dataset(tmp_path)
    assert [(p.source, p.location) for p in info.value.problems] == [
        (str(tmp_path / "a.yaml"), "units.0.level"),
        (str(tmp_path / "b.yaml"), "events.0.date"),
    ]


def test_missing_path_in_a_dataset_list(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nowhere: no such file or folder"):
        load_dataset(tmp_path / "nowhere")


def _network(**report: object) -> dict[str, object]:
    return {
        "units": [{"code": "U", "name": "Đơn vị", "level": "agency"}],
        "collaborators": [
            {
                "id": "C1",
                "full_name": "Lò Văn Thành",
                "unit": "U",
                "level": "xã",
                "status": "replaced",
                "appointed_on": "2025-07-01",
                "ended_on": "2026-06-30",
            }
        ],
        "reports": [
            {"id": "R1", "period": "2026-05", "reporter": {"kind": "collaborator", "id": "C1"}}
            | report
        ],
    }


def test_reporter_name_and_membership_are_checked() -> None:
    assert Dataset.model_validate(_network()).reports[0].id == "R1"
    data = Dataset.model_validate(_network())
    assert data.reporter_name(data.reports[0]) == "Lò Văn Thành"
    with pytest.raises(ValueError, match="name 'Nguyễn Văn Sai' differs"):
        Dataset.model_validate(
            _network(reporter={"kind": "collaborator", "id": "C1", "name": "Nguyễn Văn Sai"})
        )
    with pytest.raises(ValueError, match="was not in the network during 2026-07"):
        Dataset.model_validate(_network(period="2026-07"))


def test_event_units_and_follow_up_sources_are_checked() -> None:
    data = _network()
    data["events"] = [
        {"id": "E", "kind": "briefing", "title": "t", "date": "2026-05-28", "unit": "X"}
    ]
    data["follow_ups"] = [
        {
            "id": "F",
            "title": "t",
            "responsible_agency": "a",
            "reported_on": "2026-05-02",
            "sources": ["R1", "BC-404"],
        }
    ]
    with pytest.raises(pydantic.ValidationError) as info:
        Dataset.model_validate(data)
    text = str(info.value)
    assert "events.0.unit" in text and "unit 'X' is not in units" in text
    assert "follow_ups.0.sources.1" in text and "'BC-404' is neither a report" in text


def test_archive_line_is_normalised_and_not_a_recipient() -> None:
    base = {
        "type": "bao_cao",
        "issuer": {"name": "ỦY BAN NHÂN DÂN XÃ PHONG THỔ", "code": "UBND"},
        "place": "Phong Thổ",
        "date": "28/10/2026",
        "recipients": ["Thường trực Đảng ủy"],
    }
    doc = Document.model_validate({**base, "archive": "Lưu: VT, VX."})
    assert doc.recipient_lines()[-1] == "- Lưu: VT, VX."
    with pytest.raises(ValueError, match=r"recipients\[1\] \('Lưu VT\.'\) is the archive line"):
        Document.model_validate({**base, "recipients": ["Thường trực Đảng ủy", "Lưu VT."]})
