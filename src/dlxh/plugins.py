"""The plugin manager factory and a typed facade over the hooks.

``load_plugins()`` builds a fresh manager every time (no global state): the built-ins first, then
the ``dlxh`` entry points of installed distributions, then any plugin objects passed in, and
finally ``check_pending()``, so a misspelt hook name (``dlxh_register_metric``) fails loudly at
load time instead of being silently ignored.

Environment variables:

* ``DLXH_DISABLE_PLUGINS=name,name`` blocks plugins by name (entry point name or module name);
* ``DLXH_NO_ENTRY_POINTS=1`` loads the built-ins only;
* ``DLXH_TRACE_PLUGINS=1`` prints every hook call and result to standard error.
"""

from __future__ import annotations

import importlib
import os
import sys
import warnings
from collections.abc import Callable, Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

from dlxh import hookspecs
from dlxh.errors import PluginError
from dlxh.hookspecs import Importer, Metric

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from dlxh.check import Rule
    from dlxh.models import Dataset, Document, OpinionField, OpinionItem, Tendency
    from dlxh.profiles import FormatProfile

__all__ = ["DEFAULT_PLUGINS", "ENTRY_POINT_GROUP", "Hooks", "load_plugins"]

ENTRY_POINT_GROUP = "dlxh"
DEFAULT_PLUGINS = (
    "dlxh.builtins.document",
    "dlxh.builtins.check",
    "dlxh.builtins.analysis",
)
"""Modules holding dlxh's own hook implementations, registered before anyone else's."""


def _disabled(extra: Iterable[str]) -> set[str]:
    names = {n.strip() for n in os.environ.get("DLXH_DISABLE_PLUGINS", "").split(",") if n.strip()}
    return names | set(extra)


def load_plugins(
    plugins: Iterable[object] = (),
    *,
    entry_points: bool | None = None,
    disabled: Iterable[str] = (),
) -> Hooks:
    """A fresh plugin manager with the built-ins, installed plugins and ``plugins``.

    ``entry_points=None`` follows ``$DLXH_NO_ENTRY_POINTS``. Raises :class:`PluginError` when a
    plugin fails to import or implements a hook that does not exist.
    """
    manager = pluggy.PluginManager(ENTRY_POINT_GROUP)
    manager.add_hookspecs(hookspecs)
    blocked = _disabled(disabled)
    for name in blocked:
        manager.set_blocked(name)
    for module_name in DEFAULT_PLUGINS:
        if module_name not in blocked:
            manager.register(importlib.import_module(module_name), name=module_name)
    if entry_points is None:
        entry_points = os.environ.get("DLXH_NO_ENTRY_POINTS", "") not in ("1", "true", "yes")
    if entry_points:
        try:
            manager.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
        except Exception as exc:
            raise PluginError(f"a plugin failed to load: {type(exc).__name__}: {exc}") from exc
    given: list[str] = []
    for plugin in plugins:
        name = getattr(plugin, "__name__", None) or type(plugin).__name__
        given.append(name)
        if manager.is_blocked(name):
            continue
        try:
            manager.register(plugin, name=name if manager.get_plugin(name) is None else None)
        except ValueError as exc:
            raise PluginError(f"plugin {name!r} could not be registered: {exc}") from None
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {exc.plugin!r}: {exc}") from None
    if os.environ.get("DLXH_TRACE_PLUGINS", "") in ("1", "true", "yes"):
        manager.trace.root.setwriter(lambda message: sys.stderr.write(f"[dlxh plugins] {message}"))
        manager.enable_tracing()
    return Hooks(manager, disabled=_installed(blocked, given) if blocked else [])


def _installed(blocked: set[str], given: Iterable[str]) -> list[str]:
    """The blocked names that match a plugin, warning about the rest: a misspelt name would
    otherwise leave its plugin running without a word. Reads the entry points only when
    something is blocked, so the usual start-up pays nothing."""
    known = {*DEFAULT_PLUGINS, *given}
    known |= {ep.name for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)}
    unknown = sorted(blocked - known)
    if unknown:
        warnings.warn(
            f"DLXH_DISABLE_PLUGINS names no installed plugin: {', '.join(unknown)} "
            f"(plugins: {', '.join(sorted(known))})",
            UserWarning,
            stacklevel=3,
        )
    return sorted(blocked & known)


class Hooks:
    """Typed access to the hooks of one plugin manager."""

    def __init__(self, manager: pluggy.PluginManager, *, disabled: Sequence[str] = ()) -> None:
        self.manager = manager
        self.disabled = list(disabled)
        """Names of installed plugins that were blocked (``DLXH_DISABLE_PLUGINS``, ``disabled``)."""
        self._hook: Any = manager.hook

    # -- introspection ------------------------------------------------------------------------
    def plugins(self) -> list[tuple[str, str, list[str]]]:
        """(name, version, implemented hooks) of every registered plugin, built-ins first."""
        versions = {
            plugin_name: dist.version
            for plugin_name, dist in (
                (self.manager.get_name(p), d) for p, d in self.manager.list_plugin_distinfo()
            )
        }
        rows = []
        for plugin in self.manager.get_plugins():
            name = self.manager.get_name(plugin) or repr(plugin)
            hooks = sorted(caller.name for caller in self.manager.get_hookcallers(plugin) or [])
            version = versions.get(name) or ("built-in" if name.startswith("dlxh.builtins") else "")
            rows.append((name, version, hooks))
        order = {name: index for index, name in enumerate(DEFAULT_PLUGINS)}
        return sorted(rows, key=lambda row: (order.get(row[0], len(order)), row[0]))

    # -- registries ---------------------------------------------------------------------------
    def _collect(self, hook: str, what: str) -> dict[str, Any]:
        found: dict[str, Any] = {}

        def register(name: str, value: Any) -> None:
            if not isinstance(name, str) or not name:
                raise PluginError(f"a plugin registered a {what} without a name")
            if name in found:
                raise PluginError(f"two plugins register the {what} {name!r}")
            found[name] = value

        getattr(self._hook, hook)(register=register)
        return found

    def metrics(self) -> dict[str, Metric]:
        """Every registered aggregation metric, by name."""
        return self._collect("dlxh_register_metrics", "metric")

    def filters(self) -> dict[str, Callable[..., Any]]:
        """Every registered Jinja filter, by name."""
        return self._collect("dlxh_register_filters", "filter")

    def importers(self) -> dict[str, Importer]:
        """Every registered importer, by file suffix."""
        return self._collect("dlxh_register_importers", "importer")

    def profiles(self) -> list[FormatProfile]:
        """Every registered format profile (built-in ones included)."""
        found: dict[str, FormatProfile] = {}

        def register(profile: FormatProfile) -> None:
            if profile.name in found and found[profile.name] is not profile:
                raise PluginError(f"two plugins register the profile {profile.name!r}")
            found[profile.name] = profile

        self._hook.dlxh_register_profiles(register=register)
        return list(found.values())

    def check_rules(self) -> list[Rule]:
        """Every registered checker rule, built-ins first."""
        found: list[Rule] = []

        def register(rule: Rule) -> None:
            if rule in found:
                name = getattr(rule, "__name__", repr(rule))
                raise PluginError(f"the check rule {name!r} is registered twice")
            found.append(rule)

        self._hook.dlxh_register_check_rules(register=register)
        return found

    def template_dirs(self) -> list[Path]:
        """Template folders registered by plugins."""
        found: list[Path] = []
        self._hook.dlxh_register_templates(register=lambda path: found.append(Path(path)))
        return found

    # -- decisions ----------------------------------------------------------------------------
    def classify(self, text: str) -> tuple[OpinionField | None, Tendency | None]:
        """(field, tendency) for an opinion text, from the first plugin that knows."""
        return (
            self._hook.dlxh_classify_field(text=text),
            self._hook.dlxh_classify_tendency(text=text),
        )

    def is_hotspot(self, item: OpinionItem) -> bool:
        """Whether ``item`` is a hot spot: flagged in the data, or detected by a plugin."""
        return bool(item.hotspot or self._hook.dlxh_detect_hotspot(item=item))

    def mark_hotspots(self, dataset: Dataset) -> Dataset:
        """A copy of ``dataset`` where items a plugin detects as hot spots are flagged so.

        Items already flagged stay flagged; the dataset given is not changed.
        """
        reports = []
        changed = False
        for report in dataset.reports:
            items = []
            for item in report.items:
                if not item.hotspot and self._hook.dlxh_detect_hotspot(item=item):
                    item = item.model_copy(update={"hotspot": True})  # noqa: PLW2901
                    changed = True
                items.append(item)
            reports.append(report.model_copy(update={"items": items}))
        return dataset.model_copy(update={"reports": reports}) if changed else dataset

    def group(self, items: Sequence[OpinionItem]) -> list[list[int]]:
        """Groups of item indexes speaking of the same matter (checked to cover every item)."""
        groups: list[list[int]] | None = self._hook.dlxh_group_items(items=items)
        if groups is None:
            return [[index] for index in range(len(items))]
        seen = sorted(index for group in groups for index in group)
        if seen != list(range(len(items))):
            raise PluginError("dlxh_group_items must return every item index exactly once")
        return groups

    def has_postprocess(self) -> bool:
        """Whether a plugin edits rendered documents (it then needs python-docx's object)."""
        return bool(self._hook.dlxh_render_document.get_hookimpls())

    def postprocess(self, document: Document, docx: DocxDocument) -> None:
        """Let plugins edit a rendered document before it is saved."""
        self._hook.dlxh_render_document(document=document, docx=docx)
