"""The cheap proofs behind the quick road of JSON Lines refuse whatever the careful path refuses.

* the quote count (:func:`dlxh._jsonl._unique`) stands in for Python's reader with its
  duplicate-key check;
* :func:`dlxh._jsonl_fast.stripped_chunk` lets text through uncopied only when no string has
  edge spaces or is empty;
* pydantic's after-check of a bound becomes the core's bound;
* the dataset's cross-checks compare sets first and still report every problem, in order.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pydantic
import pydantic_core
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlxh import Dataset, DataValidationError, load_dataset
from dlxh._jsonl import _unique
from dlxh._jsonl_fast import clean_line, quick_validator, stripped_chunk
from dlxh.models import Collaborator, OpinionItem
from dlxh.models.event import EventKind
from jsonl_cases import CONTEXT, ITEM, full, line

UNIT = {"code": "U1", "name": "Đảng ủy xã Mẫu", "level": "commune"}
EVENT_KIND = next(iter(EventKind)).value
PERSON = {"id": "C1", "full_name": "Trần Văn Mẫu", "unit": "U1", "level": "commune"}


def report(ident: str, *items: dict[str, Any], reporter: str = "C1") -> dict[str, Any]:
    return {
        "id": ident,
        "period": "2026-10",
        "reporter": {"kind": "collaborator", "id": reporter},
        "items": list(items) or [ITEM],
    }


# --- the quote count -------------------------------------------------------------------------

KEYS = st.sampled_from(["a", "b", "id", "title", ":", "{", "a b", "đ", 'a"b'])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.sampled_from(["", "x", ":"]))
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.lists(st.tuples(KEYS, inner), max_size=4)
    ),
    max_leaves=12,
)


def write_json(value: Any, spaced: bool) -> str:
    """JSON text of ``value``, where a list of pairs is an object (so keys may repeat)."""
    colon, comma = (": ", ", ") if spaced else (":", ",")
    if isinstance(value, list) and all(isinstance(v, tuple) for v in value) and value:
        inner = comma.join(
            json.dumps(k, ensure_ascii=False) + colon + write_json(v, spaced) for k, v in value
        )
        return "{" + inner + "}"
    if isinstance(value, list):
        return "[" + comma.join(write_json(v, spaced) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def has_repeated_key(value: Any) -> bool:
    if isinstance(value, list) and value and all(isinstance(v, tuple) for v in value):
        keys = [k for k, _ in value]
        return len(set(keys)) < len(keys) or any(has_repeated_key(v) for _, v in value)
    if isinstance(value, list):
        return any(has_repeated_key(v) for v in value)
    return False


@settings(max_examples=400, deadline=None)
@given(pairs=st.lists(st.tuples(KEYS, VALUES), max_size=5), spaced=st.booleans())
def test_the_quote_count_proves_exactly_that_no_key_repeats(
    pairs: list[tuple[str, Any]], spaced: bool
) -> None:
    text = write_json(pairs, spaced).encode() if pairs else b"{}"
    value = pydantic_core.from_json(text)
    if has_repeated_key(pairs):
        assert not _unique(value, text)
    elif b"\\" not in text:
        assert _unique(value, text)  # with escapes, only text written as pydantic writes it


def test_repeated_keys_are_refused_on_their_line_among_clean_ones(tmp_path: Path) -> None:
    """Nested (an item's key) or at the top, in a file whose other lines are clean: the line is
    named, as Python's reader with its duplicate-key check would."""
    good = [line(report(f"R{n}")).decode() for n in range(3)]
    nested = line(report("R9")).decode().replace('"field":', '"title":"Lại","field":', 1)
    escaped = good[0].replace("Giá", "Gi\\u00e1").replace('"id":', '"id":"R0","id":', 1)
    for bad, key in ((nested, "title"), (escaped, "id")):
        file = tmp_path / "20-reports.jsonl"
        file.write_text("\n".join([good[1], bad, good[2]]) + "\n", encoding="utf-8")
        with pytest.raises(DataValidationError) as info:
            load_dataset(file)
        [problem] = info.value.problems
        assert str(problem) == f"{file}: line 2: invalid JSON: duplicate key '{key}'"


def test_lines_that_only_make_records_when_joined_are_refused(tmp_path: Path) -> None:
    """Two lines that are one record together, and one line that is two: each line alone is
    what counts."""
    file = tmp_path / "00-units.jsonl"
    text = '{"code":"U1","name":"Xã A","level":"commune","x":[{"a":1}\n{"b":2}]}\n'
    text += (
        '{"code":"U2","name":"Xã B","level":"commune"},{"code":"U3","name":"C","level":"commune"}\n'
    )
    file.write_text(text, encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_dataset(file)
    assert [p.location for p in info.value.problems] == ["line 1", "line 2", "line 3"]
    assert all("invalid JSON" in p.message for p in info.value.problems)


# --- edge spaces and empty text ------------------------------------------------------------------

PIECES = st.sampled_from(["a", "Đ", "ế", " ", "\u00a0", "\t", '"', "\\", "1", "-"])
TEXTS = st.lists(PIECES, max_size=6).map("".join)


@settings(max_examples=300, deadline=None)
@given(title=TEXTS, content=TEXTS, place=TEXTS)
def test_the_uncopied_road_agrees_with_the_full_validator(
    title: str, content: str, place: str
) -> None:
    """Taken only on a clean line in a chunk without edge spaces or empty strings, it gives
    what the full validator gives, and never accepts what that refuses."""
    record = {**ITEM, "title": title, "content": content, "place": place}
    encoded = line(record)
    if not (clean_line(encoded) and stripped_chunk(encoded)):
        return
    try:
        expected: list[pydantic.BaseModel] | None = full(OpinionItem, [record])
    except pydantic.ValidationError:
        expected = None
    try:
        got = quick_validator(OpinionItem, stripped=True).validate_python([record], context=CONTEXT)
    except pydantic.ValidationError:
        return  # the full validator decides (and reports)
    assert got == expected


def test_edge_spaces_and_empty_text_leave_the_chunk_to_the_copying_road() -> None:
    assert stripped_chunk(line(ITEM) + b"\n" + line(ITEM))
    for change in ({"title": " Giá"}, {"title": "Giá "}, {"place": ""}, {"title": " "}):
        assert not stripped_chunk(line(ITEM) + b"\n" + line({**ITEM, **change})), change
    # Spaces around the JSON punctuation make the check refuse too (the safe side).
    assert not stripped_chunk(json.dumps(ITEM, ensure_ascii=False).encode())


def test_edge_spaces_and_empty_text_in_a_file_load_as_the_full_validator_says(
    tmp_path: Path,
) -> None:
    file = tmp_path / "00-units.jsonl"
    units = [UNIT, {**UNIT, "code": "U2", "name": "  Xã Hai "}]
    file.write_text("".join(line(u).decode() + "\n" for u in units), encoding="utf-8")
    assert load_dataset(file).units[1].name == "Xã Hai"
    file.write_text(line({**UNIT, "note": ""}).decode() + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"line 1: note: must not be empty"):
        load_dataset(file)


# --- bounds --------------------------------------------------------------------------------------


@pytest.mark.parametrize("stripped", [False, True])
@pytest.mark.parametrize("code", [1, 0, -3, 10**30, True, 1.0, "7", None])
def test_a_bound_checked_by_the_core_refuses_what_pydantics_check_refuses(
    code: Any, stripped: bool
) -> None:
    record = {**ITEM, "admin_code": code}
    try:
        expected: list[pydantic.BaseModel] | None = full(OpinionItem, [record])
    except pydantic.ValidationError:
        expected = None
    try:
        got = quick_validator(OpinionItem, stripped).validate_python([record], context=CONTEXT)
    except pydantic.ValidationError:
        return  # left to the full validator
    assert expected is not None and got == expected
    young = {**PERSON, "birth_year": 1899}
    with pytest.raises(pydantic.ValidationError):
        quick_validator(Collaborator, stripped).validate_python([young], context=CONTEXT)


# --- the dataset's cross-checks ----------------------------------------------------------------


def test_every_cross_check_problem_is_found_in_order() -> None:
    """Duplicates, units, reporters, events, surveys, follow-ups and successors, each found by
    its set comparison and then located, in the order the checks run."""
    data = {
        "units": [UNIT, {**UNIT, "code": "U2", "parent": "U9"}, UNIT],
        "collaborators": [
            {**PERSON, "appointed_on": "2026-11-01"},
            {**PERSON, "id": "C2", "unit": "U7"},
            {
                **PERSON,
                "id": "C3",
                "status": "replaced",
                "ended_on": "2026-01-01",
                "replaced_by": "C8",
            },
            {**PERSON, "id": "C2"},
        ],
        "reports": [
            report("R1"),
            report("R2", reporter="C5"),
            {**report("R3"), "reporter": {"kind": "unit", "id": "U6"}},
            {**report("R4"), "reporter": {"kind": "collaborator", "id": "C2", "name": "Ai Khác"}},
            report("R1"),
        ],
        "events": [
            {
                "id": "E1",
                "kind": EVENT_KIND,
                "title": "Hội nghị",
                "date": "2026-10-02",
                "unit": "U5",
            }
        ],
        "follow_ups": [
            {
                "id": "F1",
                "title": "Theo dõi",
                "responsible_agency": "UBND xã",
                "reported_on": "2026-10-03",
                "sources": ["R1", "X"],
            }
        ],
    }
    dataset = Dataset.model_validate(data, context=CONTEXT)
    found = [(".".join(map(str, where)), value) for where, _, value in dataset.reference_problems()]
    assert found == [
        ("units.2.code", "U1"),
        ("collaborators.3.id", "C2"),
        ("reports.4.id", "R1"),
        ("units.1.parent", "U9"),
        ("collaborators.1.unit", "U7"),
        ("reports.0.reporter.id", "C1"),
        ("reports.1.reporter.id", "C5"),
        ("reports.2.reporter.id", "U6"),
        ("reports.3.reporter.name", "Ai Khác"),
        ("reports.4.reporter.id", "C1"),
        ("events.0.unit", "U5"),
        ("follow_ups.0.sources.1", "X"),
        ("collaborators.2.replaced_by", "C8"),
    ]
    assert Dataset.model_validate({"units": [UNIT], "collaborators": [PERSON]}).units
