"""The ``register`` callbacks of the registry hooks: each contribution checked as it arrives.

A wrong object registered by a plugin (a metric that is a string, a profile that is a dict, a rule
that takes no argument) would otherwise fail much later, inside the host, in a traceback naming
neither the plugin nor the object. Here it is refused at once with a
:class:`~dlxh.errors.PluginError` naming the plugin (:func:`dlxh.plugin_guards.current_plugin`),
and so is a name two plugins both claim, naming both. The callables the host calls later (check
rules, metrics) are wrapped so that their failures name their plugin too.
"""

from __future__ import annotations

import inspect
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ClassVar

from dlxh.errors import DataValidationError, InputError, PluginError
from dlxh.plugin_guards import current_plugin, guard_callable, shown

__all__ = ["Named", "check_rule", "importer", "metric", "profile", "template_dir"]

_FILTER_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*", re.ASCII)
_SUFFIX = re.compile(r"\.[A-Za-z0-9][\w.-]*", re.ASCII)


def _owner() -> str:
    return current_plugin() or "(unknown)"


def _builtin(plugin: str) -> bool:
    return plugin.startswith("dlxh.builtins.")


def _non_empty(name: object) -> bool:
    return isinstance(name, str) and bool(name.strip())


def _filter_name(name: object) -> bool:
    return isinstance(name, str) and _FILTER_NAME.fullmatch(name) is not None


def _suffix(name: object) -> bool:
    return isinstance(name, str) and _SUFFIX.fullmatch(name) is not None


class Named:
    """Contributions registered under a name (metrics, filters, importers), with their owners."""

    KINDS: ClassVar[dict[str, tuple[Callable[[object], bool], str]]] = {
        "metric": (_non_empty, "a non-empty string"),
        "filter": (_filter_name, "a Jinja name (letters, digits, _ and dots)"),
        "importer": (_suffix, 'a file suffix such as ".xlsx"'),
    }

    def __init__(self, what: str) -> None:
        self.what = what
        self.valid, self.name_rule = self.KINDS[what]
        self.found: dict[str, Any] = {}
        self.owners: dict[str, str] = {}

    def add(self, name: object, value: object) -> str:
        """Record ``value`` under ``name`` for the running plugin; return the plugin's name."""
        plugin = _owner()
        if not self.valid(name):
            raise PluginError(
                f"plugin {plugin!r} registered a {self.what} named {shown(name)}; "
                f"the name must be {self.name_rule}"
            )
        key = str(name)
        if not callable(value):
            raise PluginError(
                f"plugin {plugin!r} registered the {self.what} {key!r} as {shown(value)}, "
                "which is not callable"
            )
        if key in self.found:
            first = self.owners[key]
            who = f"{first!r} and {plugin!r}" if first != plugin else f"{plugin!r} twice"
            raise PluginError(f"two plugins register the {self.what} {key!r}: {who}")
        self.found[key] = value
        self.owners[key] = plugin
        return plugin


def _metric_result(result: Any) -> str | None:
    if not isinstance(result, Mapping):
        return f"returned {type(result).__name__}; expected a mapping of names to values"
    for key, value in result.items():
        if (
            not isinstance(key, str)
            or isinstance(value, bool)
            or not isinstance(value, int | float | str)
        ):
            return (
                f"returned {shown(key)}: {shown(value)}; expected str keys and int, float "
                "or str values"
            )
    return None


def metric(named: Named, name: object, value: object) -> None:
    """Register a metric, wrapped (when a plugin's) so its failures and bad results name it."""
    plugin = named.add(name, value)
    if not _builtin(plugin):
        assert callable(value)
        named.found[str(name)] = guard_callable(
            value, plugin, f"the metric {name!r}", _metric_result
        )


def _dataset_result(result: Any) -> str | None:
    from dlxh.models.dataset import Dataset  # noqa: PLC0415 (models import the plugins)

    if isinstance(result, Dataset):
        return None
    return (
        f"returned {shown(result)}; expected a Dataset "
        "(dlxh.io.validate(Dataset, data, source=path, partial=True))"
    )


def importer(named: Named, name: object, value: object) -> None:
    """Register an importer under its suffix (``.XLSX`` and ``.xlsx`` are one suffix), wrapped
    (when a plugin's) so that its failures name it.

    The problems of the file it reads (a :class:`DataValidationError` naming cells, an
    :class:`InputError` naming the file) are the user's to fix and pass through as they are;
    anything else it raises, or a result that is not a ``Dataset``, is the plugin's failure."""
    plugin = named.add(name.lower() if isinstance(name, str) else name, value)
    if _builtin(plugin):
        return
    assert callable(value)
    assert isinstance(name, str)
    named.found[name.lower()] = guard_callable(
        value,
        plugin,
        f"the importer {name.lower()!r}",
        _dataset_result,
        passing=(DataValidationError, InputError),
    )


def profile(found: dict[str, Any], owners: dict[str, str], value: object) -> None:
    """Register a format profile: a :class:`~dlxh.profiles.FormatProfile`, one per name."""
    from dlxh.profiles import FormatProfile  # noqa: PLC0415 (profiles import the plugin machinery)

    plugin = _owner()
    if not isinstance(value, FormatProfile):
        raise PluginError(
            f"plugin {plugin!r} registered a profile that is {shown(value)}, not a FormatProfile "
            "(build one with dlxh.profiles.load_profile)"
        )
    if value.name in found and found[value.name] is not value:
        raise PluginError(
            f"two plugins register the profile {value.name!r}: "
            f"{owners[value.name]!r} and {plugin!r}"
        )
    found[value.name] = value
    owners.setdefault(value.name, plugin)


def check_rule(originals: list[object], rules: list[Callable[..., None]], value: object) -> None:
    """Register a checker rule: a callable taking the one ``CheckContext``, registered once."""
    plugin = _owner()
    name = getattr(value, "__qualname__", None) or shown(value)
    if not callable(value):
        raise PluginError(
            f"plugin {plugin!r} registered the check rule {shown(value)}, which is not callable; "
            "a rule is a function taking a CheckContext"
        )
    try:
        inspect.signature(value).bind(None)
    except TypeError:
        raise PluginError(
            f"plugin {plugin!r} registered the check rule {name!r}, which cannot be called with "
            "one argument (the CheckContext)"
        ) from None
    except ValueError:  # no signature to read (a builtin): it is tried when called
        pass
    if any(value is known for known in originals):
        raise PluginError(f"plugin {plugin!r}: the check rule {name!r} is registered twice")
    originals.append(value)
    rules.append(
        value if _builtin(plugin) else guard_callable(value, plugin, f"the check rule {name!r}")
    )


def template_dir(found: list[Path], value: object) -> None:
    """Register a template folder: a path to an existing directory."""
    plugin = _owner()
    if not isinstance(value, str | os.PathLike):
        raise PluginError(
            f"plugin {plugin!r} registered a template folder that is {shown(value)}, not a path"
        )
    path = Path(value)
    if not path.is_dir():
        raise PluginError(
            f"plugin {plugin!r} registered the template folder {str(path)[:200]!r}, which is not "
            "a directory"
        )
    found.append(path)
