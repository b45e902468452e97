"""JSON Lines collections of a dataset folder: one record per line, fast enough for a country.

A national month is about 100,000 reports holding 300,000 opinion items; as YAML or one JSON
document that takes minutes to read and gigabytes to hold, and one bad record hides among the
others. As JSON Lines each record is one line, so a file can be written as it is produced, split
across several files, and every problem is reported with its line.

The file's name says which list of the dataset it holds: its stem without a numeric prefix
(``20-reports.jsonl`` and ``2026-01-reports.jsonl`` hold ``reports``; ``30-follow-ups.jsonl``
holds ``follow_ups``).

Each line goes through the same guards as a JSON file (:func:`dlxh.io._parse`): duplicate keys
are refused and a number too long to convert is reported with its field. The records are then
validated in batches, from the JSON text itself (pydantic's Rust parser, the same JSON-mode
rules as a ``.json`` file), and each problem is mapped back to its line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from functools import cache
from pathlib import Path
from typing import Any

import pydantic
import pydantic_core

from dlxh.digits import MAX_DIGITS, LongNumber
from dlxh.errors import FieldProblem, InputError
from dlxh.files import read_regular
from dlxh.io import MAX_FILE_BYTES, _json_int, _long_numbers, _problems
from dlxh.models._context import PARTIAL
from dlxh.quoting import quote

__all__ = ["BATCH", "collection_of", "read_jsonl"]

BATCH = 4096
"""Records validated in one call: large enough that the per-call cost vanishes, small enough
that the joined text of a batch stays a few megabytes."""

_PREFIX = re.compile(r"^(?:\d+[-_.])+")
_BLANK = b" \t\r"  # JSON's white space, besides the line feed that ends the line
_BOM = b"\xef\xbb\xbf"
_DIGIT_RUN = re.compile(rb"[0-9]{%d}" % (MAX_DIGITS + 1))


def collection_of(file: Path, collections: Collection[str]) -> str:
    """The dataset list a ``.jsonl`` file holds, from its name; ``InputError`` when unknown."""
    name = _PREFIX.sub("", file.stem).lower().replace("-", "_")
    if name not in collections:
        known = ", ".join(sorted(collections))
        raise InputError(
            f"unknown collection {quote(name)} in the file name; a .jsonl file is named after "
            f"the list it holds, as in 20-reports.jsonl (one of: {known})",
            path=file,
        )
    return name


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``dict(pairs)``, refusing a key given twice (the C calls only: it runs for every object)."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {quote(key)}")
            seen.add(key)
    return result


def _lines(file: Path) -> list[bytes]:
    data = read_regular(file, MAX_FILE_BYTES, "data file").removeprefix(_BOM)
    try:
        data.decode("utf-8")  # checked once for the whole file, so every line is UTF-8
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"line {line}: not UTF-8 text; save the file as UTF-8", path=file
        ) from None
    return data.split(b"\n")


def _careful(line: str, number: int, problems: list[FieldProblem], source: str) -> Any:
    """The record on ``line`` read by Python's JSON reader with dlxh's guards (every key once,
    numbers short enough to convert), or ``None`` after adding its problem."""
    long_numbers: list[LongNumber] = []

    def parse_int(text: str) -> int | LongNumber:
        value = _json_int(text)
        if isinstance(value, LongNumber):
            long_numbers.append(value)
        return value

    where = f"line {number}"
    try:
        value = json.loads(line, object_pairs_hook=_unique_pairs, parse_int=parse_int)
    except json.JSONDecodeError as exc:
        problems.append(
            FieldProblem(where, f"invalid JSON: column {exc.colno}: {exc.msg}", None, source)
        )
        return None
    except ValueError as exc:  # a duplicate key
        problems.append(FieldProblem(where, f"invalid JSON: {exc}", None, source))
        return None
    except RecursionError:
        problems.append(FieldProblem(where, "invalid JSON: nested too deeply", None, source))
        return None
    if not isinstance(value, dict):
        kind = type(value).__name__ if value is not None else "null"
        message = f"expected a JSON object ({{...}}), one record per line; got {kind}"
        problems.append(FieldProblem(where, message, value, source))
        return None
    if long_numbers:
        for p in _long_numbers(value, ""):
            problems.append(FieldProblem(f"{where}: {p.location}", p.message, p.value, source))
        return None
    return value


def _record(line: bytes, number: int, problems: list[FieldProblem], source: str) -> Any:
    """The record on ``line``, as the JSON reader of :mod:`dlxh.io` would give it, or ``None``.

    Fast path: pydantic's Rust reader parses the line, and writing the result back gives the
    line byte for byte. That proves every key was unique (a repeated key would be missing
    from what is written back) and every number converted, without Python's reader. Lines
    written another way (spaces after colons, ASCII escapes) take the careful path.
    """
    if len(line) <= MAX_DIGITS or not _DIGIT_RUN.search(line):  # no number too long for int
        try:
            value = pydantic_core.from_json(line, allow_inf_nan=False)
        except ValueError:
            value = None
        if type(value) is dict and pydantic_core.to_json(value) == line.rstrip(_BLANK):
            return value
    return _careful(line.decode("utf-8"), number, problems, source)


@cache
def _adapter(model: type[pydantic.BaseModel]) -> pydantic.TypeAdapter[list[Any]]:
    return pydantic.TypeAdapter(list[model])  # type: ignore[valid-type]


_TEXT_ONLY = frozenset({"bytes", "json-or-python"})


@cache
def _from_text(model: type[pydantic.BaseModel]) -> bool:
    """Whether records of ``model`` must be validated from their JSON text: a field whose JSON
    reading differs from its Python one (``bytes`` as base64) is in it. Others are validated
    from the parsed records, which the line check made already: the same values either way."""

    def walk(node: object) -> bool:
        if isinstance(node, dict):
            kind = node.get("type")  # a field may be called "type" too: its value is a dict
            return (isinstance(kind, str) and kind in _TEXT_ONLY) or any(map(walk, node.values()))
        if isinstance(node, list | tuple):
            return any(walk(v) for v in node)
        return False

    return walk(model.__pydantic_core_schema__)


def _validate(
    model: type[pydantic.BaseModel],
    records: list[Any],
    lines: list[bytes],
    numbers: list[int],
    *,
    source: str,
    problems: list[FieldProblem],
) -> list[pydantic.BaseModel]:
    """Validate one batch of checked records; problems carry their own line."""
    adapter = _adapter(model)
    context = {PARTIAL: True}
    try:
        if _from_text(model):
            return adapter.validate_json(b"[" + b",".join(lines) + b"]", context=context)
        return adapter.validate_python(records, context=context)
    except pydantic.ValidationError as exc:
        found = _problems(exc)
    if any(not p.location for p in found) and len(lines) > 1:
        # The batch did not parse as a whole (a JSON nicety Python's reader accepts and
        # pydantic's does not, such as NaN): find the line, one at a time.
        valid = []
        for record, line, number in zip(records, lines, numbers, strict=True):
            valid += _validate(model, [record], [line], [number], source=source, problems=problems)
        return valid
    for p in found:
        index, _, tail = p.location.partition(".")
        where = f"line {numbers[int(index)]}" if index.isdigit() else f"line {numbers[0]}"
        location = f"{where}: {tail}" if tail else where
        problems.append(FieldProblem(location, p.message, p.value, source))
    return []


def read_jsonl(
    file: Path, model: type[pydantic.BaseModel], problems: list[FieldProblem]
) -> tuple[list[pydantic.BaseModel], list[int]]:
    """The records of ``file`` as ``model`` instances, with their line numbers.

    Problems (a line that is not a JSON object, a duplicate key, an invalid field) are added to
    ``problems``, each naming its line; the records are returned only when the file has none,
    so that a partly read file never passes for a whole one.
    """
    source = str(file)
    own: list[FieldProblem] = []
    valid: list[pydantic.BaseModel] = []
    numbers: list[int] = []
    batch: list[Any] = []
    lines: list[bytes] = []
    batch_numbers: list[int] = []
    for number, line in enumerate(_lines(file), 1):
        if not line.strip(_BLANK):
            continue
        record = _record(line, number, own, source)
        if record is not None:
            batch.append(record)
            lines.append(line)
            batch_numbers.append(number)
        if len(batch) >= BATCH:
            valid += _validate(model, batch, lines, batch_numbers, source=source, problems=own)
            numbers += batch_numbers
            batch, lines, batch_numbers = [], [], []
    if batch:
        valid += _validate(model, batch, lines, batch_numbers, source=source, problems=own)
        numbers += batch_numbers
    if own:
        problems += own
        return [], []
    return valid, numbers
