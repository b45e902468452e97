"""The Jinja environment every dlxh template renders in.

Templates come from anyone, so the environment is built for hostile ones:

* sandboxed by a list of what is allowed (:mod:`dlxh.templating.sandbox`): a template reads plain
  data and the fields of models, and calls nothing but Jinja's helpers and a few text methods;
  ``document.signer.parse_raw(...)`` or ``''.__class__`` is a :class:`SecurityError`;
* bounded (:mod:`dlxh.templating.limits`): the compiler wraps every loop, ``~`` and ``{% set %}``
  block so they count against the render's budget, ``*``, ``**``, ``+`` and ``%`` are measured
  before they run, and every filter's result is measured, so no template can hang a server or
  take its memory;
* autoescaped, so a value such as ``A & B <C>`` is written as text instead of breaking the XML;
* strict about undefined names, so a misspelt tag is an error instead of a silent blank in a
  signed document; and a value that is ``None`` (an optional field left empty) prints as
  nothing, never as "None".

The filters are the Vietnamese language layer.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Mapping
from typing import Any

import jinja2
from jinja2 import StrictUndefined, Undefined, nodes, pass_environment
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import SandboxedEnvironment
from jinja2.visitor import NodeTransformer

from dlxh.templating.bounded import (
    CHECKED,
    CONCAT,
    LOOP,
    binop,
    bounded_filters,
    bounded_lipsum,
    bounded_range,
    measured,
    replaced_size,
)
from dlxh.templating.limits import RenderLimitError, budget_scope, current_budget
from dlxh.templating.sandbox import attribute_allowed, is_plain_callable, may_read
from dlxh.vn import (
    amount_to_words,
    format_date,
    format_date_short,
    format_number,
    format_percent,
    format_place_date,
    format_share,
    number_to_words,
    parse_date,
    point_letter,
    to_roman,
)

__all__ = ["FILTERS", "make_environment"]


def _as_date(value: Any) -> dt.date:
    """A date from a date, an ISO text (``2026-10-05``, as JSON carries dates) or an official
    Vietnamese one (``05/10/2026``, ``ngày 05 tháng 10 năm 2026``)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, Undefined):
        str(value)  # a strict undefined reports the missing name
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return parse_date(value, strict=False)
    raise TypeError(f"expected a date, got {type(value).__name__} {value!r}")


def _date(value: Any) -> str:
    return format_date(_as_date(value))


def _date_short(value: Any) -> str:
    return format_date_short(_as_date(value))


def _place_date(place: str, value: Any) -> str:
    if isinstance(place, Undefined):
        str(place)  # the place first, as the tag reads
    return format_place_date(place, _as_date(value))


FILTERS: dict[str, Callable[..., Any]] = {
    "date": _date,
    "date_short": _date_short,
    "place_date": _place_date,
    "number": format_number,
    "percent": format_percent,
    "share": format_share,
    "roman": to_roman,
    "words": number_to_words,
    "amount_words": amount_to_words,
    "point_letter": point_letter,
}
"""Template filters: ``{{ d | date }}``, ``{{ 0.939 | percent }}``, ``{{ 2025 | words }}``.
The date filters also take ISO and Vietnamese date texts, since JSON job files carry dates as
text."""


class _Bound(NodeTransformer):
    """Wraps every loop's iterable, every ``~`` and every ``{% set %}`` block in the filters
    that count them against the render's budget (:mod:`dlxh.templating.bounded`)."""

    def visit_For(self, node: nodes.For) -> nodes.Node:  # noqa: N802
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, LOOP, [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:  # noqa: N802
        self.generic_visit(node)
        items = nodes.List(list(node.nodes), lineno=node.lineno)
        return nodes.Filter(items, CONCAT, [], [], None, None, lineno=node.lineno)

    def visit_AssignBlock(self, node: nodes.AssignBlock) -> nodes.Node:  # noqa: N802
        self.generic_visit(node)
        node.filter = nodes.Filter(node.filter, CHECKED, [], [], None, None, lineno=node.lineno)
        return node


class BoundedTemplate(jinja2.Template):
    """A compiled template whose renders run inside a budget and write bounded output."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        values = dict(*args, **kwargs)
        trusted = frozenset(
            id(value)
            for value in values.values()
            if callable(value) and not isinstance(value, type)
        )
        context = self.new_context(values)
        with budget_scope(trusted) as budget:
            try:
                return budget.write(self.root_render_func(context))
            except RecursionError:
                raise RenderLimitError(
                    "the template nests deeper than Python allows (a macro that calls itself?)"
                ) from None
            except MemoryError:
                raise RenderLimitError("the template ran out of memory") from None
            except Exception:
                self.environment.handle_exception()
        raise AssertionError("unreachable")  # pragma: no cover

    def generate(self, *args: Any, **kwargs: Any) -> Any:
        yield self.render(*args, **kwargs)


class _NoLoader(jinja2.BaseLoader):
    """A .docx template is one file: ``{% include %}``, ``{% import %}`` and ``{% extends %}``
    would read other files by name, so they are refused with a message that says so."""

    def get_source(self, environment: jinja2.Environment, template: str) -> Any:
        raise SecurityError(
            f"templates may not include, import or extend other templates ({template!r})"
        )


class _Environment(SandboxedEnvironment):
    """The sandbox: allowed attributes and calls only, every operation within the budget."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    template_class = BoundedTemplate

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = bounded_range
        self.globals["lipsum"] = bounded_lipsum
        self._callable_globals = frozenset(id(value) for value in self.globals.values())

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        bounded = _Bound().visit(tree)
        assert isinstance(bounded, nodes.Template)
        return bounded

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return attribute_allowed(obj, attr, value)

    def is_safe_callable(self, obj: Any) -> bool:
        return id(obj) in self._callable_globals or is_plain_callable(obj, current_budget().trusted)

    def wrap_str_format(self, value: Any) -> None:
        return None  # str.format is not an allowed attribute at all

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        raise SecurityError(
            f"templates may not use {attribute!r} of a {type(obj).__name__} value "
            "(they read data fields only)"
        )

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Jinja tries getattr() first and falls back to obj[attribute]; on a plain dict the first
        # fails exactly when dict has no such attribute, and raising and catching that
        # AttributeError was a fifth of the time of a large table.
        if type(obj) is dict and not hasattr(dict, attribute):
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        allowed = may_read(obj, attribute)
        if allowed is False:  # refused before evaluating it: a property runs code
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                pass
            if _exists(obj, attribute):
                return self.unsafe_undefined(obj, attribute)
            return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        try:
            return obj[argument]
        except (TypeError, LookupError):
            if isinstance(argument, str):
                return self.getattr(obj, argument)
        return self.undefined(obj=obj, name=argument)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        binop(operator, left, right)
        return current_budget().measure(self.binop_table[operator](left, right))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        budget = current_budget()
        budget.step()
        if not __self.is_safe_callable(__obj):
            name = getattr(__obj, "__name__", type(__obj).__name__)
            raise SecurityError(f"templates may not call {name!r}")
        if isinstance(__obj, LoopContext) and args:  # a recursive loop's next level
            args = (budget.counted(args[0]), *args[1:])
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str) and args:
            args = _check_text_method(owner, getattr(__obj, "__name__", ""), args)
        return budget.measure(__context.call(__obj, *args, **kwargs), "the result of a call")


def _exists(obj: Any, attribute: str) -> bool:
    return inspect.getattr_static(obj, attribute, _MISSING) is not _MISSING


_MISSING = object()


@pass_environment
def _attr(environment: jinja2.Environment, obj: Any, name: Any) -> Any:
    """Jinja's ``attr`` filter through the sandbox's own check (Jinja's evaluates first)."""
    return environment.getattr(obj, str(name))


def _check_text_method(text: str, name: str, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Refuse ``text.replace`` / ``text.join`` whose result would pass a limit; the arguments to
    call it with (``join``'s items read once into a list, so an iterator is not used up)."""
    budget = current_budget()
    if name == "replace" and len(args) >= 2:
        count = args[2] if len(args) > 2 and isinstance(args[2], int) else None
        budget.allow(replaced_size(text, str(args[0]), str(args[1]), count), "a replaced text")
    elif name == "join":
        items = list(args[0])
        budget.allow(len(items), "a list")
        size = sum(len(item) for item in items if isinstance(item, str))
        budget.allow(size + len(text) * max(0, len(items) - 1), "a joined text")
        return (items, *args[1:])
    return args


def _blank_none(value: Any) -> Any:
    """What ``{{ value }}`` prints: nothing for ``None``, so an empty optional field
    (``{{ document.summary }}``, ``{{ extra.ghi_chu }}``) never writes "None" into a signed
    document; every other value (rich text, sub-documents, images included) as it is."""
    return "" if value is None else value


def make_environment(
    extra_filters: Mapping[str, Callable[..., Any]] | None = None,
) -> SandboxedEnvironment:
    """A new sandboxed, bounded, autoescaping, strict environment with the dlxh filters (and
    ``extra_filters``, a plugin's or the caller's); every filter's result is measured."""
    environment = _Environment(
        autoescape=True, undefined=StrictUndefined, loader=_NoLoader(), finalize=_blank_none
    )
    filters = dict(environment.filters)
    filters.update(FILTERS)
    filters["attr"] = _attr
    if extra_filters:
        filters.update(extra_filters)
    builtin = environment.filters
    for name, bounded in bounded_filters(builtin).items():
        if filters.get(name) is builtin.get(name):  # a plugin's own version stays its own
            filters[name] = bounded
    environment.filters = {
        name: function if name in (LOOP, CHECKED) else measured(name, function)
        for name, function in filters.items()
    }
    return environment
