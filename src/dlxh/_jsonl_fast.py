"""The quick road through validation for JSON Lines records whose text is already clean.

Validating a national month spends much of its time calling back into Python: every text field
goes through :func:`dlxh.models._text.clean_text`, every enum through ``LabeledEnum.parse``,
every date through the Vietnamese-date reader, several times per opinion item. For nearly every
record these calls change nothing: the text arrives NFC, stripped and printable, the enums as
their identifiers, the dates in ISO form.

So each model gets a second validator, derived from its own core schema (the same fields,
constraints, defaults and model-level checks, building instances of the same classes) with
those callbacks taken out, under one of two rules:

* **identity on clean text** (the text cleaners): removed only for a record whose line passes
  :func:`clean_line`, which proves that every string in it is already what cleaning returns;
* **identity, or else rejected** (the ISO date, digits, and enum-identifier readers): a value
  the callback would change is one the schema left behind refuses (``"30/3/2026"`` is no ISO
  date; ``"045"`` is no strict int; an enum's Vietnamese label is looked up by the enum's own
  ``_missing_``, the same as ``LabeledEnum.parse`` does).

A batch the quick validator refuses for any reason is validated again by the model's full
validator, whose result and error messages are the only ones ever reported; the quick road
only ever gives what the full one would (tests check both rules against the callbacks).
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import pydantic
from pydantic_core import SchemaValidator, core_schema

from dlxh.models import _scalars, _text
from dlxh.models._enum import LabeledEnum

__all__ = ["clean_line", "clean_lines", "quick_validator"]

_CLEANERS: frozenset[Callable[[object], object]] = frozenset(
    {_text._single_line, _text._multi_line, _text._run_text}
)
"""Cleaners that, on a line :func:`clean_line` accepts, only strip spaces at a string's edges
(not even that for runs) and refuse empty text: Rust does both in the quick validator."""

_IDENTITY_OR_REJECTED: frozenset[Callable[[object], object]] = frozenset(
    {_scalars._day, _scalars._digits}
)
"""Before-validators whose inner schema refuses every value they would change."""

_LOCK = threading.Lock()


def clean_line(line: bytes) -> bool:
    """Whether every string in the JSON ``line`` is, once stripped of spaces at its edges, what
    the text cleaners return (and the quick validator strips those spaces in Rust).

    Without escapes (no backslash) each string is the raw text between two quotes. A quote is
    a starter that composes with nothing, so when the line is NFC so is each string between
    quotes; when the line is printable (no control, separator or format character, and no
    space but U+0020), so is each string, and for printable text ``clean_text`` only strips
    U+0020 at the edges, as Rust's ``trim`` then does (the only white space printable text has).
    """
    if b"\\" in line:
        return False
    text = line.decode("utf-8")
    return text.isprintable() and (text.isascii() or unicodedata.is_normalized("NFC", text))


def clean_lines(chunk: str, lines: list[bytes]) -> list[bool]:
    """:func:`clean_line` for each of ``lines``, the ``chunk`` of text that holds them checked
    once first: a chunk that is NFC and printable but for its line feeds (which compose with
    nothing) has lines that are too, and only a chunk that fails is looked at line by line."""
    if (
        "\\" not in chunk
        and chunk.replace("\n", "").isprintable()
        and (chunk.isascii() or unicodedata.is_normalized("NFC", chunk))
    ):
        return [True] * len(lines)
    return [clean_line(line) for line in lines]


def _function(node: dict[str, Any]) -> Any:
    holder = node.get("function")
    return holder.get("function") if isinstance(holder, dict) else None


def _enum(node: dict[str, Any], cls: type[LabeledEnum]) -> dict[str, Any]:
    """The Rust enum lookup for ``cls``: identifiers directly, anything else by the enum's own
    ``_missing_`` (the path ``LabeledEnum.parse`` takes), refused otherwise."""
    schema: dict[str, Any] = dict(core_schema.enum_schema(cls, list(cls), sub_type="str"))
    for key in ("ref", "metadata", "serialization"):
        if key in node:
            schema[key] = node[key]
    return schema


def _quick(node: Any) -> Any:
    """A copy of the core schema ``node`` with the callbacks the quick road may skip."""
    if isinstance(node, dict):
        kind = node.get("type")
        function = _function(node)
        if kind == "function-before" and function in _IDENTITY_OR_REJECTED:
            return _quick(node["schema"])
        if kind == "function-before" and function in _CLEANERS and node["schema"]["type"] == "str":
            # Empty text is refused (the full validator then says why); stripped unless a run.
            limits = {"min_length": 1, "strip_whitespace": function is not _text._run_text}
            return {**node["schema"], **limits}
        if kind == "function-plain" and getattr(function, "__func__", None) is (
            LabeledEnum.parse.__func__  # type: ignore[attr-defined]
        ):
            return _enum(node, function.__self__)
        return {key: _quick(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_quick(value) for value in node]
    return node


def _classes(node: Any) -> set[type[pydantic.BaseModel]]:
    """The model classes a core schema builds."""
    found: set[type[pydantic.BaseModel]] = set()
    if isinstance(node, dict):
        if node.get("type") == "model":
            found.add(node["cls"])
        for value in node.values():
            found |= _classes(value)
    elif isinstance(node, list):
        for value in node:
            found |= _classes(value)
    return found


@contextmanager
def _unbuilt(classes: set[type[pydantic.BaseModel]]) -> Iterator[None]:
    """Have pydantic-core build ``classes`` from the schema it is given.

    pydantic-core reuses the validator a complete model class already has wherever a schema
    names that class (``__pydantic_complete__`` in the class's own ``__dict__``): the derived
    schema would be replaced by the full one. The flag is lowered while the quick validator is
    built, under a lock, and restored right after.
    """
    with _LOCK:
        marked = [cls for cls in classes if cls.__dict__.get("__pydantic_complete__")]
        for cls in marked:
            type.__setattr__(cls, "__pydantic_complete__", False)
        try:
            yield
        finally:
            for cls in marked:
                type.__setattr__(cls, "__pydantic_complete__", True)


@cache
def quick_validator(model: type[pydantic.BaseModel]) -> SchemaValidator:
    """A validator of ``list[model]`` for records whose lines are clean (see the module)."""
    schema = _quick(model.__pydantic_core_schema__)
    with _unbuilt(_classes(schema)):
        return SchemaValidator(core_schema.list_schema(schema))
