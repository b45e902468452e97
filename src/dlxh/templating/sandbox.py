"""What a template may touch: plain data, by a list of what is allowed.

Jinja's sandbox only hides names that begin with ``_``. That is not enough when the context
holds real Python objects: a pydantic model's public classmethod ``parse_raw(...,
proto="pickle", allow_pickle=True)`` unpickles anything, ``model_fields[...].annotation`` hands
out classes, and any object's methods may write files. So dlxh turns the rule around: a template
may read

* the data of plain values: strings, numbers, dates, lists, tuples, mappings, and a short list
  of their methods that only compute text or numbers (``upper``, ``split``, ``items``,
  ``isoformat``...);
* the fields of pydantic models and dataclasses, the members of named tuples, the ``name``,
  ``value`` and ``label`` of enum members, and the properties that dlxh's own models define
  (``document.number_line``), since those only compute text from the fields;
* Jinja's own helpers (``loop``, ``namespace``, ``cycler``, ``joiner``, macros);
* the public instance attributes of other objects when their value is not callable;

and may call only Jinja's globals and macros, the allowed methods above, functions marked with
:func:`template_callable`, and callables the caller put directly in the context. Anything else
is refused with a :class:`~jinja2.exceptions.SecurityError` naming the attribute and the type.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import fractions
import functools
import types
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import jinja2.runtime
import jinja2.utils
from markupsafe import Markup
from pydantic import BaseModel

import dlxh.models

__all__ = [
    "allowed_attributes",
    "attribute_allowed",
    "is_plain_callable",
    "may_read",
    "readable_names",
    "template_callable",
]

F = TypeVar("F", bound=Callable[..., Any])

_MARK = "__dlxh_template_callable__"

_TEXT = frozenset(
    [
        "capitalize",
        "casefold",
        "count",
        "endswith",
        "find",
        "index",
        "isalnum",
        "isalpha",
        "isascii",
        "isdecimal",
        "isdigit",
        "islower",
        "isnumeric",
        "isspace",
        "istitle",
        "isupper",
        "join",
        "lower",
        "lstrip",
        "partition",
        "removeprefix",
        "removesuffix",
        "replace",
        "rfind",
        "rindex",
        "rpartition",
        "rsplit",
        "rstrip",
        "split",
        "splitlines",
        "startswith",
        "strip",
        "swapcase",
        "title",
        "upper",
    ]
)
_DATE = frozenset(
    ["year", "month", "day", "weekday", "isoweekday", "isoformat", "isocalendar", "strftime"]
)
_TIME = frozenset(["hour", "minute", "second", "microsecond", "isoformat", "strftime"])
_METHODS: tuple[tuple[type, frozenset[str]], ...] = (
    (bool, frozenset()),
    (int, frozenset({"real", "imag", "numerator", "denominator"})),
    (float, frozenset({"is_integer", "real", "imag"})),
    (decimal.Decimal, frozenset({"is_nan", "is_signed", "is_zero"})),
    (fractions.Fraction, frozenset({"numerator", "denominator"})),
    (Markup, _TEXT | {"striptags", "unescape"}),
    (str, _TEXT),
    (dict, frozenset({"items", "keys", "values", "get"})),
    (Mapping, frozenset({"items", "keys", "values", "get"})),
    (list, frozenset({"index", "count"})),
    (tuple, frozenset({"index", "count"})),
    (dt.datetime, _DATE | _TIME | {"date", "time", "timestamp"}),
    (dt.date, _DATE),
    (dt.time, _TIME),
    (dt.timedelta, frozenset({"days", "seconds", "microseconds", "total_seconds"})),
    (
        jinja2.runtime.LoopContext,
        frozenset(
            [
                "index",
                "index0",
                "revindex",
                "revindex0",
                "first",
                "last",
                "length",
                "depth",
                "depth0",
                "previtem",
                "nextitem",
                "cycle",
                "changed",
            ]
        ),
    ),
    (jinja2.utils.Cycler, frozenset({"next", "reset", "current"})),
    (jinja2.runtime.BlockReference, frozenset({"super"})),
)
"""Allowed attributes of plain values, by type (the first matching type in the list wins)."""

_OPAQUE_PACKAGES = frozenset({"docxtpl", "docx", "docxcompose", "lxml"})
"""Objects from these packages (and from ``dlxh.render``) render as text (``RichText``,
``InlineImage``, sub-documents) and expose nothing to a template: their attributes lead to
templates, packages and files."""


def template_callable(function: F) -> F:
    """Mark ``function`` (or a method) as safe for a template to call: it only computes a value
    from its arguments and touches nothing else."""
    setattr(function, _MARK, True)
    return function


def _own_properties(cls: type, stop: type) -> set[str]:
    """Public properties defined by ``cls`` and its bases below ``stop``, in dlxh's modules."""
    names: set[str] = set()
    for klass in cls.__mro__:
        if klass is stop or not issubclass(klass, stop):
            continue
        if not klass.__module__.startswith("dlxh."):
            continue
        for name, member in vars(klass).items():
            if name.startswith("_"):
                continue
            if isinstance(member, property | functools.cached_property):
                names.add(name)
    return names


def _marked(cls: type) -> set[str]:
    return {
        name
        for klass in cls.__mro__
        for name, member in vars(klass).items()
        if not name.startswith("_") and getattr(member, _MARK, False)
    }


_CACHE: dict[type, frozenset[str] | None] = {}


def allowed_attributes(cls: type) -> frozenset[str] | None:
    """The attribute names a template may read on instances of ``cls``, or ``None`` when they
    depend on the instance (see :func:`attribute_allowed`)."""
    try:
        return _CACHE[cls]
    except KeyError:
        pass
    found = _CACHE[cls] = _allowed(cls)
    return found


def _allowed(cls: type) -> frozenset[str] | None:
    for kind, names in _METHODS:
        if issubclass(cls, kind):
            return names
    if issubclass(cls, BaseModel):
        fields = set(cls.model_fields) | set(cls.model_computed_fields)
        return frozenset(fields | _own_properties(cls, BaseModel) | _marked(cls))
    if issubclass(cls, enum.Enum):
        return frozenset({"name", "value"} | _own_properties(cls, enum.Enum) | _marked(cls))
    if dataclasses.is_dataclass(cls):
        return frozenset({f.name for f in dataclasses.fields(cls)} | _marked(cls))
    if issubclass(cls, tuple) and hasattr(cls, "_fields"):
        return frozenset(set(cls._fields) | {"index", "count"})
    module = cls.__module__ or ""
    if module.split(".")[0] in _OPAQUE_PACKAGES or module.startswith("dlxh.render."):
        return frozenset(_marked(cls))
    if issubclass(cls, type | types.ModuleType | types.FunctionType | types.MethodType):
        return frozenset()
    if issubclass(cls, types.BuiltinFunctionType | types.CodeType | types.FrameType):
        return frozenset()
    return None


def _plain_value(value: Any) -> bool:
    return not (callable(value) or isinstance(value, type | types.ModuleType))


def may_read(obj: Any, attribute: str) -> bool | None:
    """May a template read ``obj.attribute``? Decided *before* the attribute is evaluated (a
    property runs code): ``True`` or ``False``, or ``None`` when it depends on the value, which
    must then be plain data (see :func:`attribute_allowed`)."""
    if attribute.startswith("_"):
        return False
    names = allowed_attributes(type(obj))
    if names is not None:
        if attribute in names:
            return True
        if isinstance(obj, BaseModel):  # extra fields of a model that allows them
            return None if attribute in (obj.__pydantic_extra__ or {}) else False
        if isinstance(obj, enum.Enum):  # a member's own data (dlxh enums carry a label)
            return None if attribute in vars(obj) else False
        return False
    if isinstance(obj, jinja2.utils.Namespace):
        return True
    try:
        own = vars(obj)
    except TypeError:
        return False
    return None if attribute in own else False


def attribute_allowed(obj: Any, attribute: str, value: Any) -> bool:
    """May a template read ``obj.attribute``, whose value is ``value``?"""
    allowed = may_read(obj, attribute)
    if allowed is None:
        return _plain_value(value)
    if allowed and isinstance(obj, jinja2.utils.Namespace):
        return _plain_value(value) or isinstance(value, jinja2.runtime.Macro)
    return allowed


_JINJA_CALLABLES = (
    jinja2.runtime.Macro,
    jinja2.runtime.LoopContext,
    jinja2.runtime.BlockReference,
    jinja2.utils.Joiner,
)


def is_plain_callable(obj: Any, trusted: frozenset[int] = frozenset()) -> bool:
    """May a template call ``obj``? ``trusted`` holds the ids of callables the caller gave."""
    if id(obj) in trusted:
        return True
    if isinstance(obj, _JINJA_CALLABLES) or getattr(obj, _MARK, False):
        return True
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if isinstance(obj, types.MethodType | types.BuiltinMethodType | types.MethodWrapperType):
        if owner is None or isinstance(owner, type | types.ModuleType):
            return False
        if getattr(getattr(owner, name, None), _MARK, False):
            return True
        names = allowed_attributes(type(owner))
        return names is not None and name in names
    return False


@functools.cache
def readable_names() -> frozenset[str]:
    """Every attribute name a template may read on the values dlxh itself passes (its models,
    enums and plain values): what ``dlxh templates check`` accepts in dlxh's own templates."""
    names: set[str] = set()
    for _, allowed in _METHODS:
        names |= allowed
    for export in dlxh.models.__all__:
        value = getattr(dlxh.models, export)
        if isinstance(value, type):
            names |= allowed_attributes(value) or set()
            if issubclass(value, enum.Enum):
                for member in value:
                    names |= {n for n in vars(member) if not n.startswith("_")}
    return frozenset(names)
