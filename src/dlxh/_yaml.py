"""A safe, strict YAML reader for data files.

PyYAML follows YAML 1.1, whose implicit types surprise people who type data by hand: ``on`` and
``no`` are booleans, ``045`` is the octal number 37, ``1:30`` is 90, and a key written twice
silently replaces the first. Officials zero-pad numbers ("02 vấn đề", commune code ``00304``) and
paste blocks twice, so this reader follows the YAML 1.2 core schema instead:

* booleans are only ``true``/``false``;
* whole numbers are plain decimals without leading zeros; ``00304`` and ``007`` stay text, and the
  models read digit strings where they expect a number;
* dates stay text, parsed by the models (so ``2026-02-30`` is reported with its field path);
* a key repeated in one mapping is an error with its line;
* only the tags JSON has an equivalent for are read (``!!str``, ``!!int``, ``!!float``,
  ``!!bool``, ``!!null``, ``!!seq``, ``!!map``, plus ``!!binary`` as base64 text and
  ``!!timestamp`` as ISO text); ``!!set``, ``!!omap``, ``!!pairs``, ``!!python/...`` and unknown
  tags, and a value its tag cannot read (``!!int abc``, ``!!timestamp 2001-13-45``), are errors
  with their line;
* a whole number of more than :data:`~dlxh.digits.MAX_DIGITS` digits becomes a
  :class:`~dlxh.digits.LongNumber` that the loader reports with its field path and line;
* aliases may not expand the data beyond a bound proportional to the file. An alias costs what
  it refers to, counted by value *and* by size: the data reached through aliases may hold at
  most :data:`EXPANSION_PER_BYTE` values per byte of YAML (at least :data:`MIN_EXPANSION`)
  and at most :data:`CHARS_PER_BYTE` characters of text per byte (at least :data:`MIN_CHARS`).
  So neither "billion laughs" (many small values) nor a thousand aliases to one long string
  (a few values, gigabytes of text once written out as JSON) gets through. Data without
  aliases stays far below both bounds: each value and each character comes from the file.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from typing import Any

import yaml

from dlxh.digits import MAX_DIGITS, LongNumber, count_digits, too_many_digits
from dlxh.errors import InputError
from dlxh.quoting import cut, quote

__all__ = ["CHARS_PER_BYTE", "EXPANSION_PER_BYTE", "MIN_CHARS", "MIN_EXPANSION", "parse_yaml"]

EXPANSION_PER_BYTE = 10
"""At most this many values per byte of YAML: plain data stays far below, alias bombs far above."""
MIN_EXPANSION = 1_000_000
"""The value bound of a small file."""
CHARS_PER_BYTE = 20
"""At most this many characters of text (strings and keys, aliases expanded) per byte of YAML."""
MIN_CHARS = 10_000_000
"""The text bound of a small file (10 million characters)."""

_LARGEST = 10**MAX_DIGITS
_REFUSED_TAGS = {
    "tag:yaml.org,2002:set": "a set; write a list",
    "tag:yaml.org,2002:omap": "an ordered mapping; write a mapping",
    "tag:yaml.org,2002:pairs": "a list of pairs; write a mapping",
}

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_DROPPED = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}


def _shown(tag: str) -> str:
    """A tag as it is written in a file (``!!set``), cut short."""
    return cut(tag.replace("tag:yaml.org,2002:", "!!"), 60)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The libyaml-backed safe loader when available, with YAML 1.2 scalars and unique keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):  # "!!map [a, b]"
            raise yaml.constructor.ConstructorError(
                None, None, f"expected a mapping, found a {node.id}", node.start_mark
            )
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, list | dict):
                continue  # unhashable; the base class reports it
            if key in seen:
                first = seen[key].start_mark.line + 1
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key {quote(key)} (first given on line {first})",
                    key_node.start_mark,
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """Any failure to read one value (``!!int abc`` is a ``ValueError``, ``!!timestamp x``
        an ``AttributeError`` inside PyYAML) becomes a YAML error at that value's line."""
        try:
            return super().construct_object(node, deep)
        except (yaml.YAMLError, RecursionError, MemoryError):
            raise
        except Exception as exc:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"cannot read this {_shown(node.tag)} value: {cut(str(exc))}",
                node.start_mark,
            ) from None

    def construct_long_int(self, node: yaml.ScalarNode) -> Any:
        """A whole number, or a :class:`LongNumber` when it has too many digits to convert."""
        text = str(self.construct_scalar(node))
        mark = node.start_mark
        if too_many_digits(text):
            return LongNumber(count_digits(text), mark.line + 1, mark.column + 1)
        value = self.construct_yaml_int(node)
        if isinstance(value, int) and abs(value) >= _LARGEST:  # a long hexadecimal !!int
            return LongNumber(MAX_DIGITS + 1, mark.line + 1, mark.column + 1)
        return value

    def construct_refused(self, node: yaml.Node) -> Any:
        """Tags with no JSON equivalent: a clear error at their line, not a Python ``set``."""
        what = _REFUSED_TAGS.get(node.tag, "not a JSON value")
        raise yaml.constructor.ConstructorError(
            None, None, f"the tag {_shown(node.tag)} is not allowed here ({what})", node.start_mark
        )


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_long_int)
for _tag in _REFUSED_TAGS:
    _Loader.add_constructor(_tag, _Loader.construct_refused)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:0|[1-9][0-9]*)\.[0-9]*(?:[eE][-+][0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def _line_of(text: str, position: int) -> str:
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return f"line {line}, column {column}"


class _Budget:
    """What the data may still hold once aliases are expanded: values, and characters."""

    __slots__ = ("chars", "values")

    def __init__(self, size: int) -> None:
        self.values = max(MIN_EXPANSION, EXPANSION_PER_BYTE * size)
        self.chars = max(MIN_CHARS, CHARS_PER_BYTE * size)

    def spend(self, chars: int) -> None:
        self.values -= 1
        self.chars -= chars
        if self.values < 0:
            raise InputError(
                "the YAML expands to far more values than its size allows (alias bomb?)"
            )
        if self.chars < 0:
            raise InputError(
                "the YAML expands to far more text than its size allows (aliases to long values?)"
            )


def _key(key: Any) -> str:
    if isinstance(key, LongNumber):
        raise InputError(f"line {key.line}, column {key.column}: a key that is {key.message()}")
    return str(key)


def _jsonable(value: Any, budget: _Budget, path: list[int]) -> Any:
    """YAML values to JSON values: dates to ISO strings, bytes to base64; bounded and cycle-safe."""
    if isinstance(value, dict | list):
        budget.spend(0)
        if id(value) in path:
            raise InputError("the YAML refers to itself through an alias (a cycle)")
        path.append(id(value))
        if isinstance(value, dict):
            result: Any = {}
            for k, v in value.items():
                key = _key(k)
                budget.spend(len(key))
                result[key] = _jsonable(v, budget, path)
        else:
            result = [_jsonable(v, budget, path) for v in value]
        path.pop()
        return result
    if isinstance(value, dt.datetime | dt.date):  # only from an explicit !!timestamp tag
        value = value.isoformat()
    elif isinstance(value, bytes):
        value = base64.b64encode(value).decode("ascii")
    budget.spend(len(value) if isinstance(value, str) else 1)
    return value


def parse_yaml(text: str, source: str | None = None) -> Any:
    """Parse ``text`` into JSON-compatible Python data, or raise :class:`InputError` with a line."""
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = cut(str(exc.problem))
        raise InputError(f"invalid YAML: {where}{problem}", path=source) from None
    except yaml.reader.ReaderError as exc:
        char = exc.character
        code = char if isinstance(char, int) else ord(char)
        raise InputError(
            f"invalid YAML: {_line_of(text, exc.position)}: character U+{code:04X} is not allowed",
            path=source,
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {cut(str(exc))}", path=source) from None
    except RecursionError:
        raise InputError("invalid YAML: nested too deeply", path=source) from None
    except (ValueError, TypeError, KeyError, AttributeError) as exc:  # PyYAML's own slips
        raise InputError(f"invalid YAML: {cut(str(exc))}", path=source) from None
    try:
        return _jsonable(data, _Budget(len(text)), [])
    except InputError as exc:
        raise InputError(str(exc), path=source) from None
    except RecursionError:
        raise InputError("invalid YAML: nested too deeply", path=source) from None
