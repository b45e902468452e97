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
* aliases may not expand the data beyond a bound proportional to the file (no "billion laughs").
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from typing import Any

import yaml

from dlxh.errors import InputError

__all__ = ["EXPANSION_PER_BYTE", "MIN_EXPANSION", "parse_yaml"]

EXPANSION_PER_BYTE = 10
"""At most this many values per byte of YAML: plain data stays far below, alias bombs far above."""
MIN_EXPANSION = 1_000_000

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_DROPPED = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The libyaml-backed safe loader when available, with YAML 1.2 scalars and unique keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
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
                    f"duplicate key {key!r} (first given on line {first})",
                    key_node.start_mark,
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]


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


def _jsonable(value: Any, budget: list[int], path: list[int]) -> Any:
    """YAML values to JSON values: dates to ISO strings, bytes to base64; bounded and cycle-safe."""
    budget[0] -= 1
    if budget[0] < 0:
        raise InputError("the YAML expands to far more values than its size allows (alias bomb?)")
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
    if isinstance(value, dt.datetime | dt.date):  # only from an explicit !!timestamp tag
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def parse_yaml(text: str, source: str | None = None) -> Any:
    """Parse ``text`` into JSON-compatible Python data, or raise :class:`InputError` with a line."""
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise InputError(f"invalid YAML: {where}{exc.problem}", path=source) from None
    except yaml.reader.ReaderError as exc:
        char = exc.character
        code = char if isinstance(char, int) else ord(char)
        raise InputError(
            f"invalid YAML: {_line_of(text, exc.position)}: character U+{code:04X} is not allowed",
            path=source,
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", path=source) from None
    except RecursionError:
        raise InputError("invalid YAML: nested too deeply", path=source) from None
    budget = max(MIN_EXPANSION, EXPANSION_PER_BYTE * len(text))
    try:
        return _jsonable(data, [budget], [])
    except InputError as exc:
        raise InputError(str(exc), path=source) from None
