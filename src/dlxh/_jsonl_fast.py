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
  :func:`clean_line`, which proves that every string in it is already what cleaning returns
  once stripped of spaces at its edges (Rust strips them, and refuses empty text); where the
  whole chunk of lines passes :func:`stripped_chunk` too, no string has such spaces or is
  empty, and the strings are taken as they are (no copy: a third of validating a month went
  into re-encoding and copying strings that stripping left unchanged);
* **identity, or else rejected** (the ISO date, digits, and enum-identifier readers): a value
  the callback would change is one the schema left behind refuses (``"30/3/2026"`` is no ISO
  date; ``"045"`` is no strict int; an enum's Vietnamese label is looked up by the enum's own
  ``_missing_``, the same as ``LabeledEnum.parse`` does); pydantic's own after-checks of a
  bound (``ge=1`` on a whole number) become the same bound of the core's ``int``.

A batch the quick validator refuses for any reason is validated again by the model's full
validator, whose result and error messages are the only ones ever reported; the quick road
only ever gives what the full one would (tests check both rules against the callbacks).
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache, partial
from typing import Any

import pydantic
from pydantic._internal import _validators
from pydantic_core import SchemaValidator, core_schema

from dlxh.models import _scalars, _text
from dlxh.models._enum import LabeledEnum

__all__ = ["clean_line", "clean_lines", "quick_validator", "stripped_chunk"]

_CLEANERS: frozenset[Callable[[object], object]] = frozenset(
    {_text._single_line, _text._multi_line, _text._run_text}
)
"""Cleaners that, on a line :func:`clean_line` accepts, only strip spaces at a string's edges
(not even that for runs) and refuse empty text: Rust does both in the quick validator."""

_IDENTITY_OR_REJECTED: frozenset[Callable[[object], object]] = frozenset(
    {_scalars._day, _scalars._digits}
)
"""Before-validators whose inner schema refuses every value they would change."""

_BOUNDS: dict[Callable[..., object], str] = {
    _validators.greater_than_validator: "gt",
    _validators.greater_than_or_equal_validator: "ge",
    _validators.less_than_validator: "lt",
    _validators.less_than_or_equal_validator: "le",
}
"""pydantic's checks of a bound it could not put in the schema (``Field(ge=1)`` on a type with
a before-validator): on a strict ``int`` the core's own bound refuses the same numbers."""

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
    nothing, as the spaces :mod:`dlxh._jsonl` reads them as do) has lines that are too, and
    only a chunk that fails is looked at line by line."""
    if (
        "\\" not in chunk
        and (chunk.isprintable() or chunk.replace("\n", " ").isprintable())
        and (chunk.isascii() or unicodedata.is_normalized("NFC", chunk))
    ):
        return [True] * len(lines)
    return [clean_line(line) for line in lines]


def stripped_chunk(chunk: bytes) -> bool:
    """Whether no string in the JSON lines of ``chunk`` is empty or has a space at an edge.

    Without escapes (see :func:`clean_line`) a string is the raw text between two quotes: one
    starting with a space has a quote then a space, one ending with a space a space then a
    quote, and an empty one two quotes in a row. A chunk with none of the three has none of
    those strings (and the other white space is not printable, so not on a clean line).
    """
    return b'""' not in chunk and b'" ' not in chunk and b' "' not in chunk


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


def _bound(node: dict[str, Any], function: Any, stripped: bool) -> dict[str, Any] | None:
    """For an after-check of ``Field(ge=1)`` around what the quick road makes a strict ``int``
    schema without a bound of that kind, that schema with the bound; else ``None``."""
    if node.get("type") != "function-after" or not isinstance(function, partial):
        return None
    key = _BOUNDS.get(function.func)
    if key is None or function.args or set(function.keywords) != {key}:
        return None
    inner = _quick(node["schema"], stripped)
    if inner.get("type") != "int" or inner.get("strict") is not True or key in inner:
        return None
    return {**inner, key: function.keywords[key]}


def _quick(node: Any, stripped: bool) -> Any:
    """A copy of the core schema ``node`` with the callbacks the quick road may skip."""
    if isinstance(node, dict):
        kind = node.get("type")
        function = _function(node)
        if kind == "function-before" and function in _IDENTITY_OR_REJECTED:
            return _quick(node["schema"], stripped)
        if kind == "function-before" and function in _CLEANERS and node["schema"]["type"] == "str":
            if stripped:  # nothing to strip, nothing empty: the string itself
                return dict(node["schema"])
            # Empty text is refused (the full validator then says why); stripped unless a run.
            limits = {"min_length": 1, "strip_whitespace": function is not _text._run_text}
            return {**node["schema"], **limits}
        bound = _bound(node, function, stripped)
        if bound is not None:
            return bound
        if kind == "function-plain" and getattr(function, "__func__", None) is (
            LabeledEnum.parse.__func__  # type: ignore[attr-defined]
        ):
            return _enum(node, function.__self__)
        return {key: _quick(value, stripped) for key, value in node.items()}
    if isinstance(node, list):
        return [_quick(value, stripped) for value in node]
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
def quick_validator(model: type[pydantic.BaseModel], stripped: bool = False) -> SchemaValidator:
    """A validator of ``list[model]`` for records whose lines are clean (see the module), and
    with ``stripped`` for records in a chunk that passes :func:`stripped_chunk` too."""
    schema = _quick(model.__pydantic_core_schema__, stripped)
    with _unbuilt(_classes(schema)):
        return SchemaValidator(core_schema.list_schema(schema))
