"""Loading and saving data files: formats, errors that name file and field, hostile input."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from dlxh import Dataset, DataValidationError, InputError, dump, load, load_dataset, loads
from dlxh.io import dumps
from dlxh.models import Document, Event, Image, OpinionItem

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "data"


def test_sample_dataset_loads_and_cross_references_resolve() -> None:
    data = load_dataset(EXAMPLES)
    assert len(data.units) == 7 and len(data.collaborators) == 7
    report = next(r for r in data.reports if r.id == "BC-2026-10-003")
    assert data.collaborator(report.reporter.id).full_name == "Đặng Văn Ân"
    assert data.unit("DU-PHONGTHO").legacy_district == "Huyện Phong Thổ"
    with pytest.raises(KeyError, match="no unit with code 'NOPE'"):
        data.unit("NOPE")


def test_error_names_file_and_field_path(tmp_path: Path) -> None:
    file = tmp_path / "reports.yaml"
    file.write_text(
        "reports:\n"
        "  - id: R1\n"
        "    period: 2026-10\n"
        "    reporter: {kind: collaborator, id: C1}\n"
        "    items:\n"
        "      - {title: Giá điện, content: x, field: economy, tendancy: approve}\n"
        "      - {title: Sạt lở, content: x, field: weather}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataValidationError) as info:
        load(file)
    message = str(info.value)
    assert message.startswith(f"{file}: invalid Dataset (2 problems)")
    assert "reports.0.items.0.tendancy: unknown field (check its spelling)" in message
    assert "reports.0.items.1.field: expected one of: politics (chính trị), economy" in message
    assert "got 'weather'" in message
    assert [p.location for p in info.value.problems] == [
        "reports.0.items.0.tendancy",
        "reports.0.items.1.field",
    ]


def test_missing_required_field_is_reported_by_path() -> None:
    with pytest.raises(DataValidationError, match=r"events\.0\.date: required field is missing"):
        loads("events:\n  - {id: E1, kind: briefing, title: Giao ban}\n", Dataset)


def test_yaml_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text("units:\n  - code: A\n   name: x\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.yaml: invalid YAML: line 3, column 4: "):
        load(file)


def test_json_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    file = tmp_path / "bad.json"
    file.write_text('{"units": [\n  {"code": "A",}\n]}', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.json: invalid JSON: line 2, column 16"):
        load(file)


def test_yaml_booleans_are_yaml_1_2() -> None:
    # "no", "on", "yes", "off" stay strings in YAML; only true/false are booleans. A boolean
    # field still understands "yes"/"no" (pydantic's rule), but a text field keeps the word.
    item = loads("title: no\ncontent: on\nfield: other\nhotspot: true\n", OpinionItem)
    assert (item.title, item.content, item.hotspot) == ("no", "on", True)
    assert loads("title: t\ncontent: c\nfield: other\nhotspot: no\n", OpinionItem).hotspot is False
    with pytest.raises(DataValidationError, match="hotspot: Input should be a valid boolean"):
        loads("title: t\ncontent: c\nfield: other\nhotspot: có\n", OpinionItem)


def test_dates_are_real_calendar_dates() -> None:
    text = "id: E\nkind: briefing\ntitle: t\ndate: 2026-02-30\n"
    with pytest.raises(DataValidationError, match="date: Input should be a valid date"):
        loads(text, Event)


def test_alias_bomb_is_refused() -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    with pytest.raises(InputError, match="far more values than its size allows"):
        loads("\n".join(lines), Dataset)


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(InputError, match="refers to itself"):
        loads("units: &u [*u]\n", Dataset)


def test_not_utf8_empty_missing_and_unknown_suffix(tmp_path: Path) -> None:
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: Hòa".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        load(latin)
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(InputError, match="holds no data; expected a Dataset"):
        load(empty)
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "missing.yaml")
    (tmp_path / "x.docx").write_bytes(b"PK")
    with pytest.raises(InputError, match=r"unknown file type '\.docx'"):
        load(tmp_path / "x.docx")
    (tmp_path / "dir.yaml").mkdir()
    with pytest.raises(InputError, match="is a directory"):
        load(tmp_path / "dir.yaml")


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    file = tmp_path / "bom.json"
    file.write_bytes(b"\xef\xbb\xbf" + json.dumps({"name": "Bộ dữ liệu"}).encode())
    assert load(file).name == "Bộ dữ liệu"


def test_xml_special_characters_survive(tmp_path: Path) -> None:
    item = OpinionItem(title='Giá "điện" & <nước>', content="a < b && c > d", field="economy")
    path = dump(item, tmp_path / "item.yaml")
    assert load(path, OpinionItem) == item


def test_image_bytes_round_trip_as_base64(tmp_path: Path) -> None:
    payload = bytes(range(256))
    image = Image(data=payload, caption="Biểu đồ")
    for name in ("image.yaml", "image.json"):
        again = load(dump(image, tmp_path / name), Image)
        assert again.data == payload
    assert base64.urlsafe_b64encode(payload).decode() in dumps(image, "json")


def test_dump_is_atomic(tmp_path: Path) -> None:
    target = tmp_path / "data.json"
    target.write_text("old", encoding="utf-8")

    class BoomError(Exception):
        pass

    from dlxh.atomic import atomic_open

    def write_half_then_fail() -> None:
        with atomic_open(target) as stream:
            stream.write(b"half a file")
            raise BoomError

    with pytest.raises(BoomError):
        write_half_then_fail()
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.json"]
    with pytest.raises(InputError, match="does not exist"):
        dump(Dataset(), tmp_path / "no" / "such" / "dir.json")


def test_load_dataset_merges_files_and_checks_across_them(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "units:\n  - {code: U1, name: Đơn vị 1, level: agency}\n", encoding="utf-8"
    )
    (tmp_path / "b.yaml").write_text(
        "collaborators:\n  - {id: C1, full_name: A, unit: U2, level: commune}\n", encoding="utf-8"
    )
    with pytest.raises(
        DataValidationError, match=r"collaborators\.0\.unit: unit 'U2' is not in units"
    ):
        load_dataset(tmp_path)
    (tmp_path / "c.yaml").write_text(
        "units:\n  - {code: U2, name: Đơn vị 2, level: agency, parent: U1}\n", encoding="utf-8"
    )
    data = load_dataset(tmp_path)
    assert [u.code for u in data.units] == ["U1", "U2"]
    (tmp_path / "d.yaml").write_text(
        "units:\n  - {code: U1, name: Trùng, level: agency}\n", encoding="utf-8"
    )
    with pytest.raises(DataValidationError, match="unit code 'U1' is used more than once"):
        load_dataset(tmp_path)


def test_load_dataset_on_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"holds no \.yaml"):
        load_dataset(tmp_path)


def test_documents_from_the_sample_render_their_headers() -> None:
    docs = load_dataset(EXAMPLES).documents
    assert [d.number_line for d in docs] == ["Số 05-HD/BTGDVTU", "Số: 15/BC-UBND", "Số: 07/UBND-VX"]
    assert isinstance(docs[0], Document)


def test_dataset_merge() -> None:
    data = load_dataset(EXAMPLES)
    extra = Dataset.model_validate(
        {"events": [{"id": "E9", "kind": "seminar", "title": "Tọa đàm", "date": "2026-11-02"}]}
    )
    merged = data.merge(extra)
    assert len(merged.events) == len(data.events) + 1
    with pytest.raises(ValueError, match="event id 'E9' is used more than once"):
        merged.merge(extra)
