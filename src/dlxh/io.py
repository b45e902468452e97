"""Load and save models as YAML or JSON, with errors that name the file and the field.

YAML and JSON take the same road: YAML is parsed safely (no Python objects), its dates and binary
values are turned into their JSON spelling, and the result is validated as JSON. So a file means the
same thing in either syntax, and round trips are lossless (``dump`` then ``load`` gives an equal
model).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, TypeVar, overload

import pydantic
import yaml

from dlxh.atomic import atomic_write
from dlxh.errors import DataValidationError, FieldProblem, InputError
from dlxh.models import Dataset
from dlxh.models.dataset import PARTIAL

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_YAML_NODES",
    "Format",
    "dump",
    "dumps",
    "load",
    "load_dataset",
    "loads",
    "validate",
]

M = TypeVar("M", bound=pydantic.BaseModel)
Format = Literal["yaml", "json"]

MAX_FILE_BYTES = 256 * 1024 * 1024
"""Largest data file ``load`` reads (a guard against pointing it at a disk image by mistake)."""

MAX_YAML_NODES = 5_000_000
"""Most values a YAML file may expand to; aliases (``*ref``) could explode ("billion laughs")."""

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


def _problems(error: pydantic.ValidationError) -> list[FieldProblem]:
    problems = []
    for item in error.errors(include_url=False):
        location = ".".join(str(part) for part in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown field (check its spelling)"
        elif item["type"] == "missing":
            message = "required field is missing"
        value = item.get("input")
        if item["type"] in ("enum", "literal_error") and isinstance(value, str):
            message = f"{message}, got {value!r}"
        problems.append(FieldProblem(location, message, value))
    return problems


def validate(model: type[M], data: Any, *, source: str | os.PathLike[str] | None = None) -> M:
    """Validate JSON-like data against ``model``; raise :class:`DataValidationError` if it fails."""
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        where = None if source is None else str(source)
        raise DataValidationError(model.__name__, _problems(exc), source=where) from None


def _jsonable(value: Any, budget: list[int], path: list[int]) -> Any:
    """YAML values to JSON values: dates to ISO strings, bytes to base64; bounded and cycle-safe."""
    budget[0] -= 1
    if budget[0] < 0:
        raise InputError(f"the YAML expands to more than {MAX_YAML_NODES:,} values (alias bomb?)")
    if isinstance(value, dict | list):
        if id(value) in path:
            raise InputError("the YAML refers to itself through an alias (a cycle)")
        path.append(id(value))
        if isinstance(value, dict):
            result: Any = {str(k): _jsonable(v, budget, path) for k, v in value.items()}
        else:
            result = [_jsonable(v, budget, path) for v in value]
        path.pop()
        return result
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


class _Loader(yaml.SafeLoader):
    """Safe YAML with YAML 1.2 booleans (only ``true``/``false``) and dates left to the models.

    YAML 1.1 (PyYAML's default) reads ``on``, ``off``, ``yes``, ``no``, ``y``, ``n`` as booleans,
    which silently turns a field named ``on`` or an answer ``no`` into ``True``/``False``.
    """


# Dates stay strings here and are parsed by the models, so "2026-02-30" is reported with its field
# path instead of crashing the YAML parser.
_PLAIN = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _PLAIN]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _parse_yaml(text: str, source: str | None) -> Any:
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise InputError(f"invalid YAML: {where}{exc.problem}", path=source) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", path=source) from None
    except RecursionError:
        raise InputError("invalid YAML: nested too deeply", path=source) from None
    try:
        return _jsonable(data, [MAX_YAML_NODES], [])
    except InputError as exc:
        raise InputError(str(exc), path=source) from None


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
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text (byte {exc.start})", path=where) from None
    if format == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"invalid JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}", path=where
            ) from None
        except RecursionError:
            raise InputError("invalid JSON: nested too deeply", path=where) from None
    else:
        data = _parse_yaml(text, where)
    if data is None:
        raise InputError(f"the file is empty; expected a {model.__name__}", path=where)
    try:
        return model.model_validate_json(
            json.dumps(data, ensure_ascii=False), context={PARTIAL: True} if partial else None
        )
    except pydantic.ValidationError as exc:
        raise DataValidationError(model.__name__, _problems(exc), source=where) from None


@overload
def load(path: str | os.PathLike[str], *, partial: bool = False) -> Dataset: ...
@overload
def load(path: str | os.PathLike[str], model: type[M], *, partial: bool = False) -> M: ...
def load(
    path: str | os.PathLike[str],
    model: type[pydantic.BaseModel] = Dataset,
    *,
    partial: bool = False,
) -> Any:
    """Read a ``.yaml``/``.yml``/``.json`` file into ``model`` (a :class:`Dataset` by default)."""
    fmt = format_of(path)
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"file is {size:,} bytes, more than the {MAX_FILE_BYTES:,} allowed", path=file
            )
        data = file.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=file) from None
    except IsADirectoryError:
        raise InputError("is a directory; use load_dataset() for a folder", path=file) from None
    except PermissionError:
        raise InputError("permission denied", path=file) from None
    return loads(data, model, format=fmt, source=file, partial=partial)


def load_dataset(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> Dataset:
    """Load a :class:`Dataset` from a file, a folder of ``.yaml``/``.json`` files, or several paths.

    Each file holds part of a dataset (``units.yaml``, ``reports.json``...); the parts are merged
    and cross-checked together, so a report may name a collaborator defined in another file.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    files: list[Path] = []
    for item in paths:
        entry = Path(item)
        if entry.is_dir():
            found = sorted(p for p in entry.iterdir() if p.suffix.lower() in _SUFFIXES)
            if not found:
                raise InputError("folder holds no .yaml, .yml or .json file", path=entry)
            files += found
        else:
            files.append(entry)
    merged: dict[str, Any] = {}
    for file in files:
        part = load(file, Dataset, partial=True).model_dump(mode="json", exclude_unset=True)
        for key, value in part.items():
            if isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            else:
                merged.setdefault(key, value)
    sources = ", ".join(str(f) for f in files)
    return validate(Dataset, merged, source=sources)


def dumps(model: pydantic.BaseModel, format: Format = "yaml") -> str:
    """Serialise ``model`` as YAML or JSON (empty values left out, Vietnamese kept readable)."""
    data = model.model_dump(mode="json", exclude_none=True)
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def dump(model: pydantic.BaseModel, path: str | os.PathLike[str]) -> Path:
    """Write ``model`` to a ``.yaml``/``.json`` file atomically (the format follows the suffix)."""
    return atomic_write(path, dumps(model, format_of(path)).encode("utf-8"))
