"""Jinja's operators, filters and globals, measured before they build what they are asked for.

Each wrapper here predicts the size of its result from its arguments and asks the render's
:class:`~dlxh.templating.limits.Budget` first, so ``'a' * 10**9``, ``x | center(10**9)``,
``range(10**5) | join('x' * 10**6)`` or ``9 ** 9 ** 9`` are refused before any memory is taken.
Filters whose result cannot grow beyond their input are measured after they run
(:func:`measured`); :mod:`dlxh.templating.environment` applies these to every filter, a plugin's
included.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, SupportsIndex, overload

from jinja2 import pass_context, pass_environment, pass_eval_context
from jinja2.filters import make_attrgetter
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, markup_join, str_join
from jinja2.utils import generate_lorem_ipsum

from dlxh.templating.limits import RenderLimitError, current_budget

__all__ = [
    "CHECKED",
    "CONCAT",
    "LOOP",
    "binop",
    "bounded_filters",
    "bounded_lipsum",
    "bounded_range",
    "measured",
    "replaced_size",
]

LOOP = "dlxh_loop"
CONCAT = "dlxh_concat"
CHECKED = "dlxh_checked"
"""Names of the filters the template compiler inserts around loops, ``~`` and ``{% set %}``
blocks."""

_MAX_WIDTH = 10_000
_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_SEQUENCES = (str, list, tuple)


def check_printf(template: str) -> None:
    """Refuse a ``%`` format whose widths or precisions would pad beyond reason."""
    for width, precision in _PRINTF.findall(template):
        for number in (width, precision):
            if number == "*" or (number and int(number) > _MAX_WIDTH):
                raise RenderLimitError(
                    f"a format width or precision of {number} is above the limit of {_MAX_WIDTH:,}"
                )


def binop(operator: str, left: Any, right: Any) -> None:
    """Refuse the operation ``left <operator> right`` when its result would pass a limit."""
    budget = current_budget()
    if operator == "*":
        if isinstance(left, _SEQUENCES) and isinstance(right, int):
            budget.allow(len(left) * max(right, 0), "a repeated value")
        elif isinstance(right, _SEQUENCES) and isinstance(left, int):
            budget.allow(len(right) * max(left, 0), "a repeated value")
        elif isinstance(left, int) and isinstance(right, int):
            budget.allow_int(left.bit_length() + right.bit_length())
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            budget.allow_int(right * left.bit_length())
    elif operator == "+":
        if isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES):
            budget.allow(len(left) + len(right), "a joined value")
    elif operator == "%" and isinstance(left, str):
        check_printf(left)


class _Range(Sequence[int]):
    """``range()`` for templates: any length the budget allows, each item drawn a step."""

    __slots__ = ("_range",)

    def __init__(self, values: range) -> None:
        self._range = values

    def __len__(self) -> int:
        return len(self._range)

    @overload
    def __getitem__(self, index: SupportsIndex) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> _Range: ...
    def __getitem__(self, index: SupportsIndex | slice) -> int | _Range:
        if isinstance(index, slice):
            return _Range(self._range[index])
        return self._range[index]

    def __contains__(self, value: object) -> bool:
        return value in self._range

    def __iter__(self) -> Iterator[int]:
        step = current_budget().step
        for value in self._range:
            step()
            yield value

    def __reversed__(self) -> Iterator[int]:
        return iter(_Range(self._range[::-1]))

    def __repr__(self) -> str:
        return repr(self._range)


def bounded_range(*args: int) -> Sequence[int]:
    """Jinja's ``range``, lazy and counted."""
    values = range(*args)  # no memory: its items are counted as they are drawn
    limit = current_budget().limits.max_value
    if len(values) > limit:
        raise RenderLimitError(f"range() of {len(values):,} items is above the limit of {limit:,}")
    return _Range(values)


def replaced_size(text: str, old: str, new: str, count: int | None = None) -> int:
    """The length of ``text.replace(old, new, count)``, computed without building it."""
    found = text.count(old) if old else len(text) + 1
    if count is not None and count >= 0:
        found = min(found, count)
    return len(text) + found * (len(new) - len(old))


def bounded_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> Any:
    """Jinja's ``lipsum``, with the paragraphs' count and length measured first."""
    words = int(n) * int(max)
    current_budget().allow(words * 12 if words > 0 else 0, "lorem ipsum")
    return generate_lorem_ipsum(n=n, html=html, min=min, max=max)


def measured(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` with its result measured against the render's budget."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return current_budget().measure(function(*args, **kwargs), f"the result of |{name}")

    return wrapper


def _width(value: Any) -> int:
    return len(value) if isinstance(value, str) else int(value)


def _materialise(values: Iterable[Any]) -> list[Any]:
    items = list(values)
    current_budget().allow(len(items), "a list")
    return items


def _bounded(builtin: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Versions of Jinja's amplifying filters that measure their result first."""
    center, indent, fmt = builtin["center"], builtin["indent"], builtin["format"]
    replace, join, wordwrap = builtin["replace"], builtin["join"], builtin["wordwrap"]
    batch, slice_, total = builtin["batch"], builtin["slice"], builtin["sum"]
    tojson, urlize = builtin["tojson"], builtin["urlize"]

    def do_center(value: Any, width: int = 80) -> Any:
        current_budget().allow(max(len(str(value)), int(width)), "a centred text")
        return center(value, width)

    def do_indent(s: Any, width: Any = 4, first: bool = False, blank: bool = False) -> Any:
        text = str(s)
        current_budget().allow(len(text) + (text.count("\n") + 1) * _width(width), "indented text")
        return indent(s, width, first, blank)

    def do_format(value: Any, *args: Any, **kwargs: Any) -> Any:
        check_printf(str(value))
        return fmt(value, *args, **kwargs)

    @pass_eval_context
    def do_replace(
        eval_ctx: EvalContext, s: Any, old: Any, new: Any, count: int | None = None
    ) -> Any:
        current_budget().allow(replaced_size(str(s), str(old), str(new), count), "a replaced text")
        return replace(eval_ctx, s, old, new, count)

    @pass_eval_context
    def do_join(
        eval_ctx: EvalContext, value: Iterable[Any], d: Any = "", attribute: Any = None
    ) -> Any:
        if attribute is not None:
            value = map(make_attrgetter(eval_ctx.environment, attribute), value)
        items = _materialise(value)
        size = sum(len(str(item)) for item in items) + len(str(d)) * max(0, len(items) - 1)
        current_budget().allow(size, "a joined text")
        return join(eval_ctx, items, d)

    @pass_context
    def do_wordwrap(context: Context, s: str, width: int = 79, *args: Any, **kwargs: Any) -> Any:
        wrap = kwargs.get("wrapstring", args[1] if len(args) > 1 else None)
        extra = len(str(wrap)) if wrap is not None else 2
        current_budget().allow(len(s) + (len(s) // max(1, int(width)) + 1) * extra, "wrapped text")
        return wordwrap(context.environment, s, width, *args, **kwargs)

    def do_batch(value: Any, linecount: int, fill_with: Any = None) -> Any:
        current_budget().allow(int(linecount), "a batch")
        return batch(value, linecount, fill_with)

    def do_slice(value: Any, slices: int, fill_with: Any = None) -> Any:
        current_budget().allow(int(slices), "slices")
        return slice_(value, slices, fill_with)

    @pass_environment
    def do_sum(environment: Any, iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
        if not isinstance(start, _SEQUENCES):
            return total(environment, iterable, attribute, start)
        if attribute is not None:
            iterable = map(make_attrgetter(environment, attribute), iterable)
        result = start
        for item in iterable:
            binop("+", result, item)
            result = result + item
        return result

    @pass_eval_context
    def do_tojson(eval_ctx: EvalContext, value: Any, indent: Any = None) -> Any:
        if indent is not None:
            current_budget().allow(_width(indent) * 1000, "a JSON indent")
            if _width(indent) > 100:
                raise RenderLimitError("a JSON indent above 100 is not allowed")
        return tojson(eval_ctx, value, indent)

    @pass_eval_context
    def do_urlize(eval_ctx: EvalContext, value: str, *args: Any, **kwargs: Any) -> Any:
        for extra in (kwargs.get("target"), kwargs.get("rel"), *args[2:4]):
            if isinstance(extra, str) and len(extra) > 1000:
                raise RenderLimitError("urlize's target and rel are limited to 1,000 characters")
        return urlize(eval_ctx, value, *args, **kwargs)

    return {
        "center": do_center,
        "indent": do_indent,
        "format": do_format,
        "replace": do_replace,
        "join": do_join,
        "wordwrap": do_wordwrap,
        "batch": do_batch,
        "slice": do_slice,
        "sum": do_sum,
        "tojson": do_tojson,
        "urlize": do_urlize,
    }


@pass_context
def _loop(context: Context, iterable: Any) -> Any:
    return current_budget().counted(iterable)


@pass_eval_context
def _concat(eval_ctx: EvalContext, parts: list[Any]) -> Any:
    texts = [part if isinstance(part, str) else str(part) for part in parts]
    current_budget().allow(sum(map(len, texts)), "a joined text")
    return (markup_join if eval_ctx.autoescape else str_join)(parts)


@pass_context
def _checked(context: Context, value: Any) -> Any:
    return current_budget().measure(value, "a {% set %} block")


def bounded_filters(builtin: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """The bounded replacements of ``builtin`` filters, and the compiler's own three."""
    return {**_bounded(builtin), LOOP: _loop, CONCAT: _concat, CHECKED: _checked}
