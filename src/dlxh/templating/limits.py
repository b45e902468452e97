"""Bounds on the work one template may make a render do.

A sandbox that only hides Python internals still lets a template take the machine:
``{% for i in range(99999) %}{% for j in range(99999) %}`` runs ten billion iterations,
``'a' * 10**9`` allocates a gigabyte, ``9 ** (9 ** 9)`` computes a number with 370 million
digits, and a string doubled forty times in a loop holds a terabyte. Templates come from anyone
(a province's clerk, a plugin, a download), so every render carries a :class:`Budget`:

* every loop iteration, every item drawn from ``range()`` and every call counts as a *step*; the
  render stops after :attr:`Limits.max_steps` steps or :attr:`Limits.timeout` seconds;
* every string, list or mapping that an operator, a filter or a call creates is measured
  *before* it is built where the size can be predicted (``*``, ``+``, ``~``, ``**``, ``center``,
  ``replace``, ``join``...) and after it is built otherwise; one value may hold at most
  :attr:`Limits.max_value` items or characters, and the sizes created in one render add up to at
  most :attr:`Limits.max_created`;
* the text a template writes is at most :attr:`Limits.max_output` characters, and integers at
  most :attr:`Limits.max_int_bits` bits.

The defaults are far above what a real official document needs (a 5,000-row table takes some
50,000 steps and a few megabytes) and far below what hurts a server. They are per rendered part
(body, each header and footer). Change them for a block of code with :func:`render_limits`.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import time
from collections.abc import Iterator, Sized
from typing import Any

from jinja2.exceptions import SecurityError

__all__ = [
    "DEFAULT_LIMITS",
    "Budget",
    "Limits",
    "RenderLimitError",
    "active_limits",
    "budget_scope",
    "current_budget",
    "render_limits",
]


class RenderLimitError(SecurityError):
    """A render went past one of its :class:`Limits`; the message names the limit."""


@dataclasses.dataclass(frozen=True, slots=True)
class Limits:
    """The bounds of one render. Every field can be changed; see :func:`render_limits`."""

    max_steps: int = 20_000_000
    """Loop iterations, ``range()`` items and calls."""
    timeout: float = 60.0
    """Wall-clock seconds, checked as steps are taken."""
    max_value: int = 10_000_000
    """Characters of one string, items of one list, tuple or mapping."""
    max_created: int = 200_000_000
    """Characters and items created in one render, added up."""
    max_output: int = 256_000_000
    """Characters the template writes."""
    max_int_bits: int = 14_300
    """Bits of an integer computed by ``*`` or ``**`` (Python prints at most 4,300 digits)."""

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"Limits.{field.name} must be a positive number, got {value!r}")


DEFAULT_LIMITS = Limits()
"""The limits every render has unless :func:`render_limits` says otherwise."""

_LIMITS: contextvars.ContextVar[Limits] = contextvars.ContextVar("dlxh_render_limits")
_BUDGET: contextvars.ContextVar[Budget] = contextvars.ContextVar("dlxh_render_budget")
_CHECK_EVERY = 4096


class Budget:
    """What is left of one render's limits. Renders never share a budget."""

    __slots__ = ("_deadline", "created", "limits", "output", "steps", "trusted")

    def __init__(self, limits: Limits, trusted: frozenset[int] = frozenset()) -> None:
        self.limits = limits
        self.steps = limits.max_steps
        self.created = limits.max_created
        self.output = limits.max_output
        self.trusted = trusted
        """ids of the callables the caller put in the context (they may be called)."""
        self._deadline = time.monotonic() + limits.timeout

    def step(self, count: int = 1) -> None:
        """Take ``count`` steps; stops the render past the step or time limit."""
        before = self.steps
        self.steps -= count
        if self.steps < 0:
            raise RenderLimitError(
                f"the template took more than {self.limits.max_steps:,} steps "
                "(loop iterations, range items and calls)"
            )
        if before // _CHECK_EVERY != self.steps // _CHECK_EVERY:
            self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self._deadline:
            raise RenderLimitError(f"the template ran for more than {self.limits.timeout:g} s")

    def allow(self, size: int, what: str = "a value") -> None:
        """Refuse to create ``what`` of ``size`` characters or items when it would pass a limit;
        otherwise count it as created."""
        if size > self.limits.max_value:
            raise RenderLimitError(
                f"{what} would hold {size:,} characters or items, above the limit of "
                f"{self.limits.max_value:,}"
            )
        self.created -= size
        if self.created < 0:
            raise RenderLimitError(
                f"the template created more than {self.limits.max_created:,} characters "
                "or items in all"
            )
        if size > _CHECK_EVERY:
            self.check_time()

    def measure(self, value: Any, what: str = "a value") -> Any:
        """``value``, counted by its size when it is a string or a container."""
        if isinstance(value, str | bytes | list | tuple | dict | set | frozenset):
            self.allow(len(value), what)
        return value

    def allow_int(self, bits: int) -> None:
        if bits > self.limits.max_int_bits:
            raise RenderLimitError(
                f"the template computed an integer of about {bits:,} bits, above the limit "
                f"of {self.limits.max_int_bits:,}"
            )

    def write(self, chunks: Iterator[str]) -> str:
        """The text of a render's output chunks, stopped past the output limit."""
        parts: list[str] = []
        append = parts.append
        left = self.output
        for chunk in chunks:
            left -= len(chunk)
            if left < 0:
                raise RenderLimitError(
                    f"the template wrote more than {self.limits.max_output:,} characters"
                )
            append(chunk)
        self.output = left
        return "".join(parts)

    def counted(self, iterable: Any) -> Any:
        """``iterable`` as a loop sees it, one step per item (``len()`` kept for ``loop``)."""
        return _Counted(iterable, self)


class _Counted:
    __slots__ = ("_budget", "_iterable")

    def __init__(self, iterable: Any, budget: Budget) -> None:
        self._iterable = iterable
        self._budget = budget

    def __iter__(self) -> Iterator[Any]:
        step = self._budget.step
        for item in self._iterable:
            step()
            yield item

    def __len__(self) -> int:
        if isinstance(self._iterable, Sized):
            return len(self._iterable)
        raise TypeError("object has no len()")


def current_budget() -> Budget:
    """The budget of the render under way; outside a render (a filter called at compile time
    to fold a constant), a fresh budget with the current limits."""
    budget = _BUDGET.get(None)
    if budget is None:
        return Budget(_LIMITS.get(DEFAULT_LIMITS))
    return budget


def active_limits() -> Limits:
    """The limits a render started now gets."""
    return _LIMITS.get(DEFAULT_LIMITS)


@contextlib.contextmanager
def budget_scope(trusted: frozenset[int] = frozenset()) -> Iterator[Budget]:
    """Give the code inside (one render) a budget of its own, unless one is already running
    (a macro or an included part renders within its caller's budget)."""
    running = _BUDGET.get(None)
    if running is not None:
        yield running
        return
    budget = Budget(active_limits(), trusted)
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


@contextlib.contextmanager
def render_limits(limits: Limits | None = None, **changes: Any) -> Iterator[Limits]:
    """Renders started inside the block get ``limits``, or the current ones with ``changes``::

    with render_limits(timeout=5, max_steps=1_000_000):
        template.render(context)
    """
    chosen = limits if limits is not None else active_limits()
    if changes:
        chosen = dataclasses.replace(chosen, **changes)
    token = _LIMITS.set(chosen)
    try:
        yield chosen
    finally:
        _LIMITS.reset(token)
