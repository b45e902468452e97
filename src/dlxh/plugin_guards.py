"""Holding plugin code to account: every failure of a plugin names the plugin.

pluggy calls hook implementations and lets whatever they raise go through unchanged, and it does
not say which plugin answered a ``firstresult`` hook. A user then sees a traceback from deep
inside someone else's package, or a wrong result with no author. So each hook implementation a
plugin registers is wrapped when it is registered (:func:`guard_plugin`):

* while it runs, :func:`current_plugin` names it, so the ``register`` callbacks of registry hooks
  can say who registered a wrong object or a duplicate;
* an exception it raises becomes a one-line :class:`~dlxh.errors.PluginError` naming the plugin,
  the hook and the original error (kept as ``__cause__``);
* what it returns is checked against the hook's contract before the host uses it (a classifier's
  enum, a grouping's indexes, and nothing at all from a registry hook).

The callables plugins register and the host calls later (check rules, metrics) are wrapped the
same way by :func:`guard_callable`. dlxh's built-ins are wrapped too, but only to be named: their
errors are dlxh's own and pass through unchanged.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Generator, Mapping, Sequence
from contextvars import ContextVar
from typing import Any

import pluggy

from dlxh.errors import PluginError

__all__ = [
    "check_groups",
    "current_plugin",
    "describe",
    "guard_callable",
    "guard_plugin",
    "shown",
]

_CURRENT: ContextVar[str | None] = ContextVar("dlxh_current_plugin", default=None)
_GUARDED = "__dlxh_guarded__"
_SHOWN = 200


def _text(value: object) -> str:
    try:
        return str(value)
    except Exception:  # a plugin's object whose str() fails must not hide the first error
        return ""


def describe(exc: BaseException) -> str:
    """``Type: message`` on one line, cut short (a plugin's message may quote anything)."""
    text = " ".join(_text(exc)[: _SHOWN * 4].split())
    if len(text) > _SHOWN:
        text = f"{text[: _SHOWN - 1]}…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def shown(value: object) -> str:
    """A value in a message: short plain values as their repr, anything else by its type."""
    plain = value is None or isinstance(value, str | int | float)  # bool is an int
    text = repr(value[:60] if isinstance(value, str) else value) if plain else type(value).__name__
    return text if len(text) <= 60 else f"{text[:59]}…"


def current_plugin() -> str | None:
    """The name of the plugin whose hook implementation is running, if any."""
    return _CURRENT.get()


def _failure(plugin: str, where: str, exc: BaseException) -> PluginError:
    error = PluginError(f"plugin {plugin!r} failed in {where}: {describe(exc)}")
    error.__cause__ = exc
    return error


_KEPT: tuple[type[BaseException], ...] = (PluginError, StopIteration)


def _run(
    plugin: str,
    where: str,
    builtin: bool,
    call: Callable[[], Any],
    thrown: Any = None,
    *,
    passing: tuple[type[BaseException], ...] = (),
) -> Any:
    """``call()`` with ``plugin`` named as the current one, its errors turned into
    :class:`PluginError` (except dlxh's own built-ins', a ``PluginError`` already raised,
    the end of a generator, ``thrown``, an exception the host passed in, and the ``passing``
    kinds, errors the host defines as the user's to fix)."""
    kept = _KEPT + passing if passing else _KEPT  # every hook call runs here: no new tuple
    token = _CURRENT.set(plugin)
    try:
        return call()
    except kept:
        raise
    except Exception as exc:
        if builtin or exc is thrown:
            raise
        raise _failure(plugin, where, exc) from exc
    finally:
        _CURRENT.reset(token)


# -- results of hooks -----------------------------------------------------------------------------
def check_groups(groups: object, count: int) -> str | None:
    """Why ``groups`` is not a grouping of ``count`` items (lists of indexes covering each
    index exactly once), or ``None``."""
    if not isinstance(groups, list) or not all(isinstance(g, list) for g in groups):
        return f"must return a list of lists of item indexes, not {type(groups).__name__}"
    indexes = [i for group in groups for i in group]
    if not all(type(i) is int for i in indexes) or sorted(indexes) != list(range(count)):
        return "must return every item index exactly once"
    return None


def _enum(kind: str) -> Callable[[object, Mapping[str, object]], str | None]:
    def check(result: object, arguments: Mapping[str, object]) -> str | None:
        from dlxh import models  # noqa: PLC0415 (the models import the plugin machinery)

        expected = getattr(models, kind)
        if result is None or isinstance(result, expected):
            return None
        article = "an" if kind[0] in "AEIOU" else "a"
        return (
            f"returned {type(result).__name__} {shown(result)}; expected {article} {kind} or None"
        )

    return check


def _flag(result: object, arguments: Mapping[str, object]) -> str | None:
    if result is None or isinstance(result, bool):
        return None
    return f"returned {type(result).__name__}; expected True, False or None"


def _grouping(result: object, arguments: Mapping[str, object]) -> str | None:
    items = arguments.get("items")
    if result is None or not isinstance(items, Sequence):
        return None
    return check_groups(result, len(items))


def _nothing(result: object, arguments: Mapping[str, object]) -> str | None:
    if result is None:
        return None
    return (
        f"returned a {type(result).__name__}, but this hook's results are ignored: a registry "
        "hook calls register(...) for each contribution and returns nothing"
    )


_RESULTS: dict[str, Callable[[object, Mapping[str, object]], str | None]] = {
    "dlxh_classify_field": _enum("OpinionField"),
    "dlxh_classify_tendency": _enum("Tendency"),
    "dlxh_detect_hotspot": _flag,
    "dlxh_group_items": _grouping,
}


# -- wrapping ---------------------------------------------------------------------------------
def _plain(impl: pluggy.HookImpl, hook: str, builtin: bool) -> Callable[..., Any]:
    function, plugin = impl.function, impl.plugin_name
    check = _RESULTS.get(hook, _nothing)

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        result = _run(plugin, hook, builtin, lambda: function(*args, **kwargs))
        if not builtin:
            problem = check(result, {**dict(zip(impl.argnames, args, strict=False)), **kwargs})
            if problem is not None:
                raise PluginError(f"plugin {plugin!r}: {hook} {problem}")
        return result

    return guarded


def _wrapper(impl: pluggy.HookImpl, hook: str, builtin: bool) -> Callable[..., Any]:
    """A wrapper implementation (a generator) driven step by step: what the host throws into it
    goes through as it is, what the plugin's own code raises names the plugin."""
    function, plugin = impl.function, impl.plugin_name

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Generator[Any, Any, Any]:
        inner = _run(plugin, hook, builtin, lambda: function(*args, **kwargs))
        try:
            value = _run(plugin, hook, builtin, lambda: next(inner))
        except StopIteration:
            return None  # pluggy reports the wrapper that did not yield
        while True:
            thrown: BaseException | None = None
            try:
                sent = yield value
            except GeneratorExit:
                inner.close()
                raise
            except BaseException as exc:  # the other implementations' error, passed in
                thrown = exc
                step: Callable[[], Any] = functools.partial(inner.throw, exc)
            else:
                step = functools.partial(inner.send, sent)
            try:
                value = _run(plugin, hook, builtin, step, thrown)
            except StopIteration as stop:
                return stop.value

    return guarded


def guard_plugin(manager: pluggy.PluginManager, plugin: object, builtin: bool) -> None:
    """Wrap every hook implementation of the registered ``plugin`` (once)."""
    for caller in manager.get_hookcallers(plugin) or []:
        for impl in caller.get_hookimpls():
            if impl.plugin is plugin and not getattr(impl.function, _GUARDED, False):
                make = _wrapper if impl.wrapper or impl.hookwrapper else _plain
                guarded = make(impl, caller.name, builtin)
                setattr(guarded, _GUARDED, True)
                impl.function = guarded  # type: ignore[misc]  # pluggy marks it Final


def guard_callable(
    function: Callable[..., Any],
    plugin: str,
    what: str,
    check: Callable[[Any], str | None] | None = None,
    passing: tuple[type[BaseException], ...] = (),
) -> Callable[..., Any]:
    """``function`` (registered by ``plugin`` as ``what``) with its errors, and results that
    ``check`` finds wrong, turned into :class:`PluginError` naming the plugin; errors of the
    ``passing`` kinds go through as they are."""

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        result = _run(plugin, what, False, lambda: function(*args, **kwargs), passing=passing)
        problem = check(result) if check is not None else None
        if problem is not None:
            raise PluginError(f"plugin {plugin!r}: {what} {problem}")
        return result

    return guarded
