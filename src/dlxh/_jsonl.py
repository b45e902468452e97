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
validated in batches (the same JSON-mode rules as a ``.json`` file), and each problem is mapped
back to its line. Records whose text is already clean take a quick validator first, derived from
the model's own schema without the Python callbacks that would change nothing in them
(:mod:`dlxh._jsonl_fast`); a batch it refuses goes through the full validator, which alone
reports problems.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pydantic
import pydantic_core

from dlxh._jsonl_fast import clean_lines, quick_validator, stripped_chunk
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


def _chunks(file: Path) -> Iterator[tuple[int, list[bytes], str, bytes]]:
    """The lines of ``file`` by chunks of :data:`BATCH`: the number of the chunk's first line,
    its lines, the chunk decoded with its line feeds as spaces (:func:`clean_lines` then checks
    it without a copy), and the chunk itself. Decoding by chunk checks that the file is UTF-8
    without holding the whole file as text too (a national month is 120 MB)."""
    data = read_regular(file, MAX_FILE_BYTES, "data file").removeprefix(_BOM)
    start, first = 0, 1
    while start < len(data):
        end = start
        for _ in range(BATCH):
            end = data.find(b"\n", end) + 1
            if not end:
                end = len(data)
                break
        chunk = data[start:end]
        try:
            text = chunk.replace(b"\n", b" ").decode("utf-8")
        except UnicodeDecodeError as exc:
            line = first + chunk.count(b"\n", 0, exc.start)
            raise InputError(
                f"line {line}: not UTF-8 text; save the file as UTF-8", path=file
            ) from None
        lines = chunk.split(b"\n")
        if chunk.endswith(b"\n"):
            lines.pop()
        yield first, lines, text, chunk
        first += len(lines)
        start = end


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


def _parsed(line: bytes) -> Any:
    """The record on ``line`` read by pydantic's Rust reader, or ``None`` when that reader
    cannot be trusted with it (a number too long for ``int``) or refuses it."""
    if len(line) > MAX_DIGITS and _DIGIT_RUN.search(line):
        return None
    try:
        value = pydantic_core.from_json(line, allow_inf_nan=False)
    except ValueError:
        return None
    return value if type(value) is dict else None


def _strings(value: Any) -> int:
    """How many strings, keys included, the parsed JSON ``value`` holds."""
    if type(value) is dict:
        count = len(value)
        values: Iterable[Any] = value.values()
    elif type(value) is list:
        count, values = 0, value
    else:
        return 1 if type(value) is str else 0
    for item in values:
        kind = type(item)
        if kind is str:
            count += 1
        elif kind is dict or kind is list:
            count += _strings(item)
    return count


def _unique(value: Any, text: bytes) -> bool:
    """Whether ``value``, read from ``text`` by pydantic's Rust reader, is what Python's reader
    gives: no key repeated (a repeated key leaves only its last value) and nothing lost.

    Without escapes, every string of the text is the raw bytes between two quotes, and the
    reader keeps each as a key or a value, except where a key is repeated: the strings read
    are as many as half the quotes exactly when no key is. With escapes, writing the value
    back must give the text byte for byte (a repeated key would be missing from it); this
    refuses text written another way (``\\u00e9`` for ``é``), which the careful path reads.
    """
    if b"\\" not in text:
        return text.count(b'"') == 2 * _strings(value)
    return pydantic_core.to_json(value) == text


def _records(
    lines: list[bytes], numbers: list[int], problems: list[FieldProblem], source: str
) -> list[Any]:
    """The records on ``lines`` (stripped, not blank), as the JSON reader of :mod:`dlxh.io`
    would give them, with ``None`` for each line whose problem was added.

    Fast path: pydantic's Rust reader parses each line (so each line holds one value, and the
    numbers it reads are the ones Python reads: too long ones are left to the careful path),
    and :func:`_unique` proves that no key was repeated, for the whole chunk at once, then line
    by line only when that fails. The other lines take the careful path.
    """
    records = [_parsed(line) for line in lines]
    if None not in records and _unique(records, b"[" + b",".join(lines) + b"]"):
        return records
    for index, (value, line) in enumerate(zip(records, lines, strict=True)):
        if value is None or not _unique(value, line):
            records[index] = _careful(line.decode("utf-8"), numbers[index], problems, source)
    return records


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


def _quick(
    model: type[pydantic.BaseModel], records: list[Any], stripped: bool
) -> list[pydantic.BaseModel] | None:
    """``records`` through the quick validator (:mod:`dlxh._jsonl_fast`), or ``None`` when it
    refuses any: the full validator then gives the result and the problems."""
    try:
        valid: list[pydantic.BaseModel] = quick_validator(model, stripped).validate_python(
            records, context={PARTIAL: True}
        )
    except pydantic.ValidationError:
        return None
    return valid


def read_jsonl(
    file: Path, model: type[pydantic.BaseModel], problems: list[FieldProblem]
) -> tuple[list[pydantic.BaseModel], list[int]]:
    """The records of ``file`` as ``model`` instances, with their line numbers.

    Problems (a line that is not a JSON object, a duplicate key, an invalid field) are added to
    ``problems``, each naming its line; the records are returned only when the file has none,
    so that a partly read file never passes for a whole one.

    Records on clean lines (:func:`dlxh._jsonl_fast.clean_line`) take the quick validator
    first (its string-copying variant unless the chunk passes
    :func:`dlxh._jsonl_fast.stripped_chunk`); the others, and every batch it refuses, the
    model's full validator.
    """
    source = str(file)
    own: list[FieldProblem] = []
    valid: list[pydantic.BaseModel] = []
    numbers: list[int] = []
    quick = not _from_text(model)
    tries = misses = 0
    for first, raw, text, chunk in _chunks(file):
        lines = [line.strip(_BLANK) for line in raw]
        batch_numbers = [number for number, line in enumerate(lines, first) if line]
        if len(batch_numbers) < len(lines):
            lines = [line for line in lines if line]
        records = _records(lines, batch_numbers, own, source)
        kept = [i for i, record in enumerate(records) if record is not None]
        fast = []
        if quick:
            clean = clean_lines(text, [lines[i] for i in kept])
            fast = [i for i, ok in zip(kept, clean, strict=True) if ok]
        del text
        done: dict[int, pydantic.BaseModel] = {}
        if fast:
            tries += 1
            result = _quick(model, [records[i] for i in fast], stripped_chunk(chunk))
            if result is None:
                misses += 1
                quick = not (misses >= 2 and 2 * misses > tries)
            else:
                done = dict(zip(fast, result, strict=True))
        slow = [i for i in kept if i not in done]
        if slow:
            result = _validate(
                model,
                [records[i] for i in slow],
                [lines[i] for i in slow],
                [batch_numbers[i] for i in slow],
                source=source,
                problems=own,
            )
            if result:  # empty when a problem was found: the file is refused as a whole
                done.update(zip(slow, result, strict=True))
        if not own:
            valid += [done[i] for i in kept]
            numbers += [batch_numbers[i] for i in kept]
    if own:
        problems += own
        return [], []
    return valid, numbers
