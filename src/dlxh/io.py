"""Load and save models as YAML or JSON, with errors that name the file and the field.

YAML and JSON take the same road: YAML is read by a strict safe reader (:mod:`dlxh._yaml`: YAML 1.2
scalars, unique keys, bounded aliases), and the result is validated as JSON. So a file means the
same thing in either syntax, and round trips are lossless (``dump`` then ``load`` gives an equal
model).

Files are read with :func:`dlxh.files.read_regular` (regular files only, at most
:data:`MAX_FILE_BYTES`), a number too long to convert is reported with its field like any other
bad value (:mod:`dlxh.digits`), and a message quotes at most a couple of hundred characters of a
value (:mod:`dlxh.quoting`).

A dataset folder (:func:`load_dataset`) may also hold ``.jsonl`` files, one record of one list
per line, for collections too large for YAML (:mod:`dlxh._jsonl`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

import pydantic
import yaml

from dlxh._heap import no_cycle_collection
from dlxh._yaml import parse_yaml
from dlxh.atomic import atomic_write
from dlxh.digits import MAX_DIGITS, LongNumber
from dlxh.errors import DataValidationError, FieldProblem, InputError
from dlxh.files import read_regular
from dlxh.importing import importers_for, read_imported
from dlxh.models._context import PARTIAL
from dlxh.quoting import quote

if TYPE_CHECKING:
    from dlxh.models.dataset import Dataset
    from dlxh.plugins import Hooks

__all__ = [
    "MAX_FILE_BYTES",
    "Format",
    "dump",
    "dumps",
    "format_of",
    "load",
    "load_dataset",
    "loads",
    "validate",
]

M = TypeVar("M", bound=pydantic.BaseModel)
Format = Literal["yaml", "json"]

MAX_FILE_BYTES = 256 * 1024 * 1024
"""Largest data file ``load`` reads (a guard against pointing it at a disk image by mistake)."""

_SUFFIXES: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def format_of(path: str | os.PathLike[str]) -> Format:
    """The format a file name implies (``.yaml``/``.yml`` or ``.json``)."""
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise InputError(
            f"unknown file type {suffix or '(none)'!r}; expected .yaml, .yml or .json",
            path=str(path),
        )
    return _SUFFIXES[suffix]


def _problems(error: pydantic.ValidationError, source: str | None = None) -> list[FieldProblem]:
    problems = []
    for item in error.errors(include_url=False):
        location = ".".join(str(part) for part in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        kind = item["type"]
        value = item.get("input")
        if kind == "extra_forbidden":
            message = "unknown field (check its spelling)"
        elif kind == "missing":
            message = "required field is missing"
        elif kind == "json_invalid" and "recursion" in message:  # pydantic's own depth bound
            message = "the data is nested too deeply"
        elif kind.startswith(("date_", "datetime_")):
            message = (
                f"{message}; got {quote(value)}, expected a date such as 2026-03-30 or 30/3/2026"
            )
        elif (
            kind in ("int_parsing", "int_type", "string_type") and not isinstance(value, dict)
        ) or (kind == "literal_error" and isinstance(value, str)):
            message = f"{message}, got {quote(value)}"
        problems.append(FieldProblem(location, message, value, source))
    return problems


def validate(
    model: type[M],
    data: Any,
    *,
    source: str | os.PathLike[str] | None = None,
    partial: bool = False,
) -> M:
    """Validate JSON-like data against ``model``; raise :class:`DataValidationError` if it fails.

    ``partial=True`` skips the checks that span a whole dataset (references, duplicate ids): what
    an importer returns for one file of a dataset folder (a roster sheet names units defined in
    ``units.yaml``), checked across the files when they are merged.
    """
    try:
        return model.model_validate(data, context={PARTIAL: True} if partial else None)
    except pydantic.ValidationError as exc:
        where = None if source is None else str(source)
        raise DataValidationError(model.__name__, _problems(exc), source=where) from None


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InputError(f"invalid JSON: duplicate key {quote(key)}")
        result[key] = value
    return result


def _json_int(text: str) -> int | LongNumber:
    """JSON's whole numbers, with a placeholder for one too long to convert (reported later with
    its field path: here its position is unknown)."""
    digits = len(text.lstrip("-"))
    if digits <= MAX_DIGITS:
        try:
            return int(text)
        except ValueError:  # the application lowered sys.set_int_max_str_digits
            pass
    return LongNumber(digits)


def _parse(text: str | bytes, fmt: Format, where: str | None) -> Any:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not UTF-8 text (byte {exc.start}); save the file as UTF-8 "
                "(in Word or Notepad: Save As, Encoding: UTF-8)",
                path=where,
            ) from None
    if fmt == "yaml":
        return parse_yaml(text, where)
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"invalid JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}", path=where
        ) from None
    except InputError as exc:
        raise InputError(str(exc), path=where) from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply", path=where) from None


def _long_numbers(data: Any, location: str) -> list[FieldProblem]:
    """Every :class:`LongNumber` left in ``data``, as a problem at its field path."""
    if isinstance(data, LongNumber):
        return [FieldProblem(location, data.message(), data)]
    found: list[FieldProblem] = []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _long_numbers(value, f"{location}.{key}" if location else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _long_numbers(value, f"{location}.{index}" if location else str(index))
    return found


def _validate_parsed(data: Any, model: type[M], where: str | None, partial: bool) -> M:
    if data is None:
        raise InputError(f"the file holds no data; expected a {model.__name__}", path=where)
    placeholders: list[LongNumber] = []

    def placeholder(value: object) -> None:
        if not isinstance(value, LongNumber):
            raise TypeError(f"{type(value).__name__} is not a JSON value")
        placeholders.append(value)

    try:
        text = json.dumps(data, ensure_ascii=False, default=placeholder)
    except RecursionError:
        raise InputError("the data is nested too deeply", path=where) from None
    if placeholders:
        raise DataValidationError(model.__name__, _long_numbers(data, ""), source=where)
    try:
        return model.model_validate_json(text, context={PARTIAL: True} if partial else None)
    except pydantic.ValidationError as exc:
        raise DataValidationError(model.__name__, _problems(exc), source=where) from None


def loads(
    text: str | bytes,
    model: type[M],
    *,
    format: Format = "yaml",
    source: str | os.PathLike[str] | None = None,
    partial: bool = False,
) -> M:
    """Parse ``text`` (YAML or JSON) into ``model``.

    ``partial=True`` skips the checks that span a whole dataset (references, duplicate ids), for a
    file that is one part of a dataset; :func:`load_dataset` checks the merged whole.
    """
    where = None if source is None else str(source)
    return _validate_parsed(_parse(text, format, where), model, where, partial)


def _read(path: str | os.PathLike[str]) -> tuple[bytes, Format]:
    file = Path(path)
    if file.is_dir():
        raise InputError("is a directory; use load_dataset() for a folder", path=file)
    if not file.exists():
        raise InputError("no such file", path=file)
    fmt = format_of(path)
    return read_regular(file, MAX_FILE_BYTES, "data file"), fmt


@overload
def load(
    path: str | os.PathLike[str],
    *,
    partial: bool = False,
    hooks: Hooks | Literal[False] | None = None,
) -> Dataset: ...
@overload
def load(
    path: str | os.PathLike[str],
    model: type[M],
    *,
    partial: bool = False,
    hooks: Hooks | Literal[False] | None = None,
) -> M: ...
def load(
    path: str | os.PathLike[str],
    model: type[pydantic.BaseModel] | None = None,
    *,
    partial: bool = False,
    hooks: Hooks | Literal[False] | None = None,
) -> Any:
    """Read a ``.yaml``/``.yml``/``.json`` file into ``model`` (a :class:`Dataset` by default).

    A dataset in a format dlxh does not read itself (``.xlsx``, ``.csv``) is read by the
    importer registered for its suffix (:mod:`dlxh.importing`; ``hooks`` as for
    :func:`load_dataset`)."""
    if (
        model in (None, _dataset())
        and Path(path).suffix.lower() not in _DATASET_SUFFIXES
        and not Path(path).is_dir()
        and Path(path).exists()
    ):
        file = Path(path)
        if partial:
            return read_imported(file, importers_for([file], hooks))
        return load_dataset([file], hooks=hooks)
    data, fmt = _read(path)
    return loads(data, model or _dataset(), format=fmt, source=path, partial=partial)


def _dataset() -> type[Dataset]:
    from dlxh.models.dataset import Dataset  # noqa: PLC0415 (the models load on first use)

    return Dataset


_JSONL = ".jsonl"
_DATASET_SUFFIXES = (*_SUFFIXES, _JSONL)


def load_dataset(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    hooks: Hooks | Literal[False] | None = None,
    lenient: bool = False,
) -> Dataset:
    """Load a :class:`Dataset` from a file, a folder of data files, or several paths.

    Each file holds part of a dataset (``units.yaml``, ``reports.json``...); the parts are merged
    and cross-checked together, so a report may name a collaborator defined in another file.
    A ``.jsonl`` file holds one list, named by the file (``20-reports.jsonl``: one report per
    line; see :mod:`dlxh._jsonl`), the fast way to bring in a large collection. A file of any
    other suffix (``ctv.xlsx``, ``bao-cao.csv``) is read by the importer registered for it
    (:mod:`dlxh.importing`; ``hooks`` as everywhere: the installed plugins by default,
    ``False`` for dlxh's own formats only); a file no importer reads is an error. Hidden files
    and Office lock files (``~$ctv.xlsx``) are not data and are passed over, and so are
    subfolders.

    Every file is checked before any error is raised, and each problem names its own file and
    its position in that file (for JSON Lines, its line). ``lenient=True`` lets through reports
    of collaborators who are not (yet) in the roster, for ``synthesize(strict=False)`` to leave
    out with a warning naming each one; every other problem still fails the load.
    """
    from dlxh.folders import load_parts  # noqa: PLC0415 (a cycle: the folders read with load)

    with no_cycle_collection():
        return load_parts(paths, hooks=hooks, lenient=lenient)


def dumps(model: pydantic.BaseModel, format: Format = "yaml") -> str:
    """Serialise ``model`` as YAML or JSON (empty values left out, Vietnamese kept readable).

    Computed fields (a synthesis's ``hotspots``) are left out as well: they are derived from
    the rest, and a file written here must load back (:func:`load`) into the same model."""
    data = model.model_dump(mode="json", exclude_none=True, exclude_computed_fields=True)
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def dump(model: pydantic.BaseModel, path: str | os.PathLike[str]) -> Path:
    """Write ``model`` to a ``.yaml``/``.json`` file atomically (the format follows the suffix)."""
    return atomic_write(path, dumps(model, format_of(path)).encode("utf-8"))
