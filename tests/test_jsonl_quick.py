"""The quick validator of JSON Lines records gives what the full one gives, or leaves it to it."""

from __future__ import annotations

import gc
import unicodedata
from pathlib import Path
from typing import Any

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlxh import DataValidationError, load_dataset
from dlxh._jsonl_fast import clean_line, clean_lines, quick_validator
from dlxh.models import Collaborator, OpinionItem, OpinionReport, Unit
from jsonl_cases import CONTEXT, ITEM, full, line

# Text as it arrives: Vietnamese in both normal forms, edge and inner spaces of several kinds,
# tabs, line breaks, controls, format characters and quotes.
PIECES = st.sampled_from(
    [
        *("a", "Đ", "ế", "e\u0302\u0301", "\u0301", " ", "\u00a0", "\t", "\n", "\r", "\x07"),
        *("\u200b", "\u2028", '"', "\\", "–", "“", "ĐUK", "1", "-", ".", "_"),
    ]
)
TEXTS = st.lists(PIECES, max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(title=TEXTS, content=TEXTS, ident=TEXTS)
def test_on_a_clean_line_the_quick_validator_agrees_with_the_full_one(
    title: str, content: str, ident: str
) -> None:
    """Whenever the quick road is taken, its instances equal the full validator's; whenever it
    accepts a record the full validator refuses, that would be a bug (never)."""
    record = {**ITEM, "title": title, "content": content, "id": ident}
    if not clean_line(line(record)):
        return
    try:
        expected: list[pydantic.BaseModel] | None = full(OpinionItem, [record])
    except pydantic.ValidationError:
        expected = None
    try:
        got = quick_validator(OpinionItem).validate_python([record], context=CONTEXT)
    except pydantic.ValidationError:
        return  # the full validator decides (and reports)
    assert got == expected
    assert unicodedata.is_normalized("NFC", got[0].title)


def test_a_line_needing_cleaning_is_not_clean() -> None:
    assert clean_line(line(ITEM))
    for title in ("Gia\u0301 tăng", "Giá\ttăng", "Giá\u200btăng", "Giá\u00a0tăng", "Giá\\ntăng"):
        assert not clean_line(line({**ITEM, "title": title})), title
    # The chunk check finds the one line that is not clean among clean ones.
    lines = [line(ITEM), line({**ITEM, "content": "Nông da\u0302n"}), line(ITEM)]
    chunk = "\n".join(x.decode() for x in lines) + "\n"
    assert clean_lines(chunk, lines) == [True, False, True]


@pytest.mark.parametrize(
    "change",
    [
        {"tendency": "tán thành"},  # a Vietnamese label: the enum's own lookup
        {"observed_on": "30/3/2026"},  # a Vietnamese date: only the full validator reads it
        {"admin_code": "045"},  # digits for a whole number
        {"title": "  Giá tăng  "},  # edge spaces stripped in Rust
    ],
)
def test_values_the_callbacks_change_give_the_full_validators_result(
    change: dict[str, Any],
) -> None:
    record = {**ITEM, **change}
    expected = full(OpinionItem, [record])
    try:
        got = quick_validator(OpinionItem).validate_python([record], context=CONTEXT)
    except pydantic.ValidationError:
        return
    assert got == expected


def test_the_quick_validator_builds_the_same_classes_with_their_checks() -> None:
    """Model-level checks still run (a collaborator appointed at 10), nested models are the
    real classes, defaults are set and the fields given are remembered."""
    person = {"id": "C1", "full_name": "Trần Văn Mẫu", "unit": "U1", "level": "commune"}
    [got] = quick_validator(Collaborator).validate_python([person], context=CONTEXT)
    assert type(got) is Collaborator and got == Collaborator.model_validate(person)
    assert got.model_fields_set == set(person)
    young = {**person, "birth_year": 2020, "appointed_on": "2030-01-01"}
    with pytest.raises(pydantic.ValidationError, match="at least 18"):
        quick_validator(Collaborator).validate_python([young], context=CONTEXT)
    report = {
        "id": "R1",
        "period": "2026-10",
        "reporter": {"kind": "collaborator", "id": "C1"},
        "items": [ITEM],
    }
    [got_report] = quick_validator(OpinionReport).validate_python([report], context=CONTEXT)
    assert got_report == OpinionReport.model_validate(report)
    assert str(got_report.due_on) == "2026-10-20"
    unit = {"code": "U1", "name": "Đảng ủy xã Mẫu", "level": "commune"}
    assert quick_validator(Unit).validate_python([unit])[0] == Unit.model_validate(unit)


def test_a_file_mixing_clean_and_unclean_lines_loads_and_reports_like_yaml(
    tmp_path: Path,
) -> None:
    units = [
        {"code": "U1", "name": "Đảng ủy xã Mẫu", "level": "commune"},
        {"code": "U2", "name": "Đa\u0309ng u\u0309y xã Khác", "level": "xã"},  # NFD, label
        {"code": "U3", "name": "  Xã Ba ", "level": "commune", "note": "Ghi chu\u0301"},
    ]
    file = tmp_path / "00-units.jsonl"
    file.write_text("".join(line(u).decode() + "\n" for u in units), encoding="utf-8")
    loaded = load_dataset(file)
    assert loaded.units == [Unit.model_validate(u) for u in units]
    assert loaded.units[1].name == "Đảng ủy xã Khác" and loaded.units[2].name == "Xã Ba"
    bad = [*units, {"code": "U4", "name": " ", "level": "commune"}]
    file.write_text("".join(line(u).decode() + "\n" for u in bad), encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_dataset(file)
    [problem] = info.value.problems
    assert str(problem).startswith(f"{file}: line 4: name: must not be empty or only spaces")


def test_loading_leaves_its_objects_in_the_oldest_generation(tmp_path: Path) -> None:
    """No collection walks the records just built, and an application's frozen objects stay
    frozen."""
    file = tmp_path / "00-units.jsonl"
    file.write_text(line({"code": "U1", "name": "Xã Mẫu", "level": "commune"}).decode() + "\n")
    dataset = load_dataset(file)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert any(obj is dataset for obj in gc.get_objects(generation=2))
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        load_dataset(file)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
