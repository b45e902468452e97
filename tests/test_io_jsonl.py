"""JSON Lines collections in dataset folders: same data as YAML, errors with file and line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dlxh import Dataset, DataValidationError, InputError, load_dataset
from dlxh._jsonl import _from_text
from dlxh.models import Document, OpinionReport

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "data"

UNIT = {"code": "U1", "name": "Đảng ủy xã Mẫu", "level": "commune"}
PERSON = {"id": "C1", "full_name": "Trần Văn Mẫu", "unit": "U1", "level": "commune"}


def report(ident: str, reporter: str = "C1", **item: Any) -> dict[str, Any]:
    entry = {"id": f"{ident}-1", "title": "Giá phân bón tăng", "content": "Nông dân lo.", **item}
    entry.setdefault("field", "economy")
    return {
        "id": ident,
        "period": "2026-10",
        "reporter": {"kind": "collaborator", "id": reporter},
        "submitted_on": "2026-10-12",
        "items": [entry],
    }


def lines(*records: Any, compact: bool = True) -> str:
    separators = (",", ":") if compact else (", ", ": ")
    return "".join(json.dumps(r, ensure_ascii=False, separators=separators) + "\n" for r in records)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(error: pytest.ExceptionInfo[DataValidationError]) -> list[str]:
    return [str(p) for p in error.value.problems]


def test_the_examples_as_json_lines_load_equal_to_the_yaml(tmp_path: Path) -> None:
    """Every collection of examples/data (documents with images and surveys too), one record
    per line, gives the same dataset as the YAML files."""
    expected = load_dataset(EXAMPLES)
    data = expected.model_dump(mode="json", exclude_unset=True)
    for number, key in enumerate(k for k, v in data.items() if isinstance(v, list)):
        name = f"{number:02d}-{key.replace('_', '-')}.jsonl"
        write(tmp_path, name, lines(*data[key], compact=number % 2 == 0))
    write(tmp_path, "dataset.yaml", f"name: {data['name']}\n")
    assert load_dataset(tmp_path) == expected
    assert _from_text(Document) and not _from_text(OpinionReport)


def test_a_bad_field_is_reported_with_its_file_line_and_field(tmp_path: Path) -> None:
    write(tmp_path, "10-collaborators.jsonl", lines(PERSON))
    text = lines(report("R1"), report("R2", field="weather"), report("R3", title=""))
    file = write(tmp_path, "20-reports.jsonl", text)
    with pytest.raises(DataValidationError) as info:
        load_dataset(tmp_path)
    found = problems(info)
    assert len(found) == 2
    assert found[0].startswith(f"{file}: line 2: items.0.field: expected one of: politics")
    assert found[1].startswith(f"{file}: line 3: items.0.title: must not be empty")


def test_lines_that_are_not_one_json_object(tmp_path: Path) -> None:
    text = lines(UNIT) + "[1, 2]\n" + '{"code": "U2", \n' + "null\n" + "{} {}\n"
    file = write(tmp_path, "units.jsonl", text)
    with pytest.raises(DataValidationError) as info:
        load_dataset(file)
    found = problems(info)
    assert (
        found[0]
        == f"{file}: line 2: expected a JSON object ({{...}}), one record per line; got list"
    )
    assert found[1].startswith(f"{file}: line 3: invalid JSON: column")
    assert found[2].endswith(
        "line 4: expected a JSON object ({...}), one record per line; got null"
    )
    assert found[3].startswith(f"{file}: line 5: invalid JSON: column 4: Extra data")


def test_a_line_nested_too_deeply_is_refused_on_its_line(tmp_path: Path) -> None:
    """A hostile line (200,000 nested lists, 5,000 nested objects) is one clear problem per
    line, never a RecursionError, and the clean line between them still counts."""
    deep_lists = '{"id": "U1", "items": ' + "[" * 200_000 + "]" * 200_000 + "}\n"
    deep_objects = '{"code": "U2", "x": ' + '{"a": ' * 5_000 + "1" + "}" * 5_000 + "}\n"
    file = write(tmp_path, "units.jsonl", deep_lists + lines(UNIT) + deep_objects)
    with pytest.raises(DataValidationError) as info:
        load_dataset(file)
    assert problems(info) == [
        f"{file}: line 1: invalid JSON: nested too deeply",
        f"{file}: line 3: invalid JSON: nested too deeply",
    ]


@pytest.mark.parametrize("compact", [True, False])
def test_duplicate_keys_are_refused_on_their_line(tmp_path: Path, compact: bool) -> None:
    """Refused whether the line takes the fast path (compact) or the careful one (spaced)."""
    twice = '{"code":"U2","name":"A","name":"B","level":"agency"}'
    if not compact:
        twice = twice.replace(":", ": ").replace(",", ", ")
    file = write(tmp_path, "units.jsonl", lines(UNIT) + twice + "\n")
    with pytest.raises(DataValidationError) as info:
        load_dataset(file)
    assert problems(info) == [f"{file}: line 2: invalid JSON: duplicate key 'name'"]


def test_a_number_too_long_is_reported_with_its_line_and_field(tmp_path: Path) -> None:
    long = '{"code":"U2","name":"A","level":"agency","admin_code":' + "9" * 5000 + "}"
    file = write(tmp_path, "units.jsonl", long + "\n")
    with pytest.raises(DataValidationError) as info:
        load_dataset(file)
    (found,) = problems(info)
    assert found.startswith(f"{file}: line 1: admin_code: a number of 5,000 digits")


def test_long_lines_load_and_long_digit_strings_are_text(tmp_path: Path) -> None:
    """Lines longer than the longest number still take the checks (here: a 6,000-digit
    string, which is text, not a number, and a long content)."""
    write(tmp_path, "units.jsonl", lines(UNIT))
    write(tmp_path, "collaborators.jsonl", lines(PERSON))
    long = report("R1", content="Nông dân lo. " * 500, recommendation="1" * 6000)
    write(tmp_path, "reports.jsonl", lines(long, compact=False) + lines(long | {"id": "R2"}))
    items = [r.items[0] for r in load_dataset(tmp_path).reports]
    assert [len(i.recommendation or "") for i in items] == [6000, 6000]


def test_unknown_collection_names_the_file_and_the_collections(tmp_path: Path) -> None:
    file = write(tmp_path, "20-widgets.jsonl", lines(UNIT))
    with pytest.raises(InputError) as info:
        load_dataset(tmp_path)
    message = str(info.value)
    assert str(file) in message and "unknown collection 'widgets'" in message
    assert "collaborators, documents, events, follow_ups, reports, surveys, units" in message


def test_collection_names_drop_numeric_prefixes_and_take_dashes(tmp_path: Path) -> None:
    write(tmp_path, "00-units.jsonl", lines(UNIT))
    write(tmp_path, "10-2026-10-collaborators.jsonl", lines(PERSON))
    write(tmp_path, "Reports.jsonl", lines(report("R1")))
    write(tmp_path, "30-follow-ups.jsonl", "")
    data = load_dataset(tmp_path)
    assert [len(data.units), len(data.collaborators), len(data.reports)] == [1, 1, 1]


def test_bom_blank_lines_and_crlf_are_accepted_and_lines_still_count(tmp_path: Path) -> None:
    body = "\n\n" + lines(UNIT).replace("\n", "\r\n") + "   \n\t\n"
    file = tmp_path / "units.jsonl"
    file.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    assert load_dataset(file).units[0].name == "Đảng ủy xã Mẫu"
    file.write_bytes(b"\xef\xbb\xbf" + (body + '{"code": "U2"}\n').encode("utf-8"))
    with pytest.raises(DataValidationError) as info:
        load_dataset(file)
    assert problems(info)[0] == f"{file}: line 6: name: required field is missing"


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    file = tmp_path / "units.jsonl"
    file.write_bytes(lines(UNIT).encode() + b'{"code": "\xff"}\n')
    with pytest.raises(InputError, match=r"units\.jsonl: line 2: not UTF-8 text"):
        load_dataset(file)


def test_yaml_and_json_lines_merge_and_cross_checks_name_the_line(tmp_path: Path) -> None:
    write(
        tmp_path, "00-units.yaml", "name: Mẫu\nunits:\n  - {code: U1, name: Xã, level: commune}\n"
    )
    write(tmp_path, "10-collaborators.jsonl", lines(PERSON))
    file = write(tmp_path, "20-reports.jsonl", lines(report("R1"), report("R2", reporter="C9")))
    with pytest.raises(DataValidationError) as info:
        load_dataset(tmp_path)
    assert problems(info) == [
        f"{file}: line 2: reporter.id: collaborator 'C9' is not in collaborators"
    ]
    write(tmp_path, "20-reports.jsonl", lines(report("R1")))
    data = load_dataset(tmp_path)
    assert isinstance(data, Dataset) and data.name == "Mẫu"
    assert data.collaborator("C1").unit == data.units[0].code
    assert data.reports[0].items[0].title == "Giá phân bón tăng"
    write(tmp_path, "21-reports.jsonl", lines(report("R1")))
    with pytest.raises(DataValidationError, match=r"21-reports\.jsonl: line 1: id: report id 'R1'"):
        load_dataset(tmp_path)


def test_text_is_cleaned_as_in_yaml(tmp_path: Path) -> None:
    """NFD input becomes NFC, edge spaces go, a control character is refused with its line."""
    nfd = "Gia\u0301 phân bón"
    write(tmp_path, "units.jsonl", lines(UNIT))
    write(tmp_path, "collaborators.jsonl", lines(PERSON))
    write(tmp_path, "reports.jsonl", lines(report("R1", title=f"  {nfd}  ")))
    assert load_dataset(tmp_path).reports[0].items[0].title == "Giá phân bón"
    write(tmp_path, "reports.jsonl", lines(report("R1", title="Giá\u0007")))
    with pytest.raises(DataValidationError, match=r"line 1: items\.0\.title: control character"):
        load_dataset(tmp_path)
