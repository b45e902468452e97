"""The plugin manager factory and a typed facade over the hooks.

``load_plugins()`` builds a fresh manager every time (no global state): the built-ins first, then
the ``dlxh`` entry points of installed distributions, then any plugin objects passed in, and
finally ``check_pending()``, so a misspelt hook name (``dlxh_register_metric``) fails loudly at
load time instead of being silently ignored.

Environment variables:

* ``DLXH_DISABLE_PLUGINS=name,name`` blocks plugins by name (entry point or registration name, or
  module: ``laichau`` or ``dlxh_laichau``, ``dlxh.builtins.check``);
* ``DLXH_NO_ENTRY_POINTS=1`` loads the built-ins only;
* ``DLXH_TRACE_PLUGINS=1`` prints every hook call and result to standard error.
"""

from __future__ import annotations

import importlib
import os
import sys
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal

import pluggy

from dlxh import hookspecs
from dlxh import plugin_registry as registry
from dlxh.errors import PluginError
from dlxh.hookspecs import Importer, Metric
from dlxh.plugin_entry_points import ENTRY_POINT_GROUP, covers, load_entry_points
from dlxh.plugin_entry_points import blocked_by as _blocked
from dlxh.plugin_guards import check_groups, describe, guard_plugin

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from dlxh.check import Rule
    from dlxh.models import Dataset, Document, OpinionField, OpinionItem, Tendency
    from dlxh.profiles import FormatProfile

__all__ = [
    "DEFAULT_PLUGINS",
    "ENTRY_POINT_GROUP",
    "Hooks",
    "covers",
    "default_hooks",
    "disabled_names",
    "load_plugins",
    "resolve_hooks",
]

DEFAULT_PLUGINS = (
    "dlxh.builtins.document",
    "dlxh.builtins.check",
    "dlxh.builtins.analysis",
    "dlxh.builtins.importing",
)
"""Modules holding dlxh's own hook implementations, registered before anyone else's."""


def disabled_names(extra: Iterable[str] = ()) -> set[str]:
    """The plugin names blocked by ``$DLXH_DISABLE_PLUGINS`` and ``extra``."""
    names = {n.strip() for n in os.environ.get("DLXH_DISABLE_PLUGINS", "").split(",") if n.strip()}
    return names | set(extra)


class _Manager(pluggy.PluginManager):
    """pluggy's manager, with every plugin's hook implementations guarded as they are
    registered (:mod:`dlxh.plugin_guards`), however they are registered."""

    def register(self, plugin: object, name: str | None = None) -> str | None:
        registered = super().register(plugin, name)
        if registered is not None:
            guard_plugin(self, plugin, builtin=registered in DEFAULT_PLUGINS)
        return registered


def load_plugins(
    plugins: Iterable[object] = (),
    *,
    entry_points: bool | None = None,
    disabled: Iterable[str] = (),
) -> Hooks:
    """A fresh plugin manager with the built-ins, installed plugins and ``plugins``.

    ``entry_points=None`` follows ``$DLXH_NO_ENTRY_POINTS``. ``disabled`` (and
    ``$DLXH_DISABLE_PLUGINS``) name plugins to leave out, by registration or entry point name or
    by module. Raises :class:`PluginError`, naming the plugin, when one fails to import, cannot be
    registered or implements a hook that does not exist.
    """
    manager = _Manager(ENTRY_POINT_GROUP)
    manager.add_hookspecs(hookspecs)
    blocked = disabled_names(disabled)
    matched: set[str] = set()
    for name in blocked:
        manager.set_blocked(name)
    for module_name in DEFAULT_PLUGINS:
        if hit := _blocked(blocked, module_name, module_name):
            matched.add(hit)
        else:
            manager.register(importlib.import_module(module_name), name=module_name)
    if entry_points is None:
        entry_points = os.environ.get("DLXH_NO_ENTRY_POINTS", "") not in ("1", "true", "yes")
    versions: dict[str, str] = {}
    known: set[str] = set(DEFAULT_PLUGINS)
    if entry_points:
        load_entry_points(manager, blocked, matched, versions, known)
    elif blocked:
        for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
            known |= {ep.name, ep.module}
            if hit := _blocked(blocked, ep.name, ep.module):
                matched.add(hit)
    for plugin in plugins:
        name = getattr(plugin, "__name__", None) or type(plugin).__name__
        module = plugin.__name__ if isinstance(plugin, ModuleType) else None
        known |= {name, *([module] if module else [])}
        if hit := _blocked(blocked, name, module):
            matched.add(hit)
            continue
        unique, count = name, 1
        while manager.has_plugin(unique):  # two objects of one class: name them apart
            count += 1
            unique = f"{name}#{count}"
        try:
            manager.register(plugin, name=unique)
        except (ValueError, pluggy.PluginValidationError) as exc:
            raise PluginError(f"plugin {name!r} could not be registered: {describe(exc)}") from None
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as exc:
        culprit = manager.get_name(exc.plugin) or repr(exc.plugin)
        raise PluginError(f"plugin {culprit!r}: {describe(exc)}") from None
    if os.environ.get("DLXH_TRACE_PLUGINS", "") in ("1", "true", "yes"):
        manager.trace.root.setwriter(lambda message: sys.stderr.write(f"[dlxh plugins] {message}"))
        manager.enable_tracing()
    _warn_unknown(blocked - matched - known, known)
    return Hooks(manager, disabled=sorted(matched), versions=versions)


def _warn_unknown(unknown: set[str], known: set[str]) -> None:
    """Warn about blocked names that match no plugin: a misspelt name would otherwise leave its
    plugin running without a word."""
    if unknown:
        warnings.warn(
            f"DLXH_DISABLE_PLUGINS names no installed plugin: {', '.join(sorted(unknown))} "
            f"(plugins: {', '.join(sorted(known))})",
            UserWarning,
            stacklevel=3,
        )


_DEFAULT: dict[tuple[str, str, str], Hooks] = {}


def _environment_key() -> tuple[str, str, str]:
    return tuple(  # type: ignore[return-value]
        os.environ.get(name, "")
        for name in ("DLXH_DISABLE_PLUGINS", "DLXH_NO_ENTRY_POINTS", "DLXH_TRACE_PLUGINS")
    )


def default_hooks(*, refresh: bool = False) -> Hooks:
    """The hooks every entry point uses when given none: the built-ins and the installed plugins.

    This is what the command line uses, so ``synthesize()``, ``render_document()``,
    ``check()`` and ``load_dataset()`` called from Python give the answers ``dlxh aggregate``,
    ``dlxh render`` and ``dlxh check`` give. Installed plugins are read once per process (and
    per value of the ``DLXH_*`` variables); pass ``refresh=True`` after installing or
    uninstalling one while the process runs.
    """
    key = _environment_key()
    if refresh:
        _DEFAULT.clear()
    if key not in _DEFAULT:
        _DEFAULT[key] = load_plugins()
    return _DEFAULT[key]


def resolve_hooks(hooks: Hooks | Literal[False] | None) -> Hooks | None:
    """The :class:`Hooks` an entry point given ``hooks=`` uses, ``None`` for "no plugins".

    Every public entry point takes ``hooks: Hooks | Literal[False] | None = None``: ``None``
    for :func:`default_hooks` (the built-ins and the installed plugins, as the command line
    uses them), ``False`` for no plugins at all, or a :class:`Hooks` of your own
    (:func:`load_plugins`)."""
    if hooks is None:
        return default_hooks()
    if hooks is False:
        return None
    return hooks


class Hooks:
    """Typed access to the hooks of one plugin manager.

    Every contribution a plugin registers is checked as it arrives (:mod:`dlxh.plugin_registry`)
    and every result a plugin returns before it is used (:mod:`dlxh.plugin_guards`); both
    raise a :class:`PluginError` naming the plugin.
    """

    def __init__(
        self,
        manager: pluggy.PluginManager,
        *,
        disabled: Sequence[str] = (),
        versions: Mapping[str, str] | None = None,
    ) -> None:
        self.manager = manager
        self.disabled = list(disabled)
        """Names of installed plugins that were blocked (``DLXH_DISABLE_PLUGINS``, ``disabled``)."""
        self._versions = dict(versions or {})
        self._hook: Any = manager.hook
        self._memo: dict[str, Any] = {}

    # -- introspection ------------------------------------------------------------------------
    def plugins(self) -> list[tuple[str, str, list[str]]]:
        """(name, version, implemented hooks) of every registered plugin, built-ins first."""
        versions = {
            self.manager.get_name(plugin): dist.version
            for plugin, dist in self.manager.list_plugin_distinfo()
        }
        versions.update(self._versions)
        rows = []
        for plugin in self.manager.get_plugins():
            name = self.manager.get_name(plugin) or repr(plugin)
            hooks = sorted(caller.name for caller in self.manager.get_hookcallers(plugin) or [])
            version = versions.get(name) or ("built-in" if name.startswith("dlxh.builtins") else "")
            rows.append((name, version, hooks))
        order = {name: index for index, name in enumerate(DEFAULT_PLUGINS)}
        return sorted(rows, key=lambda row: (order.get(row[0], len(order)), row[0]))

    # -- registries ---------------------------------------------------------------------------
    # Registrations are read once per manager: they cannot change after check_pending(), and
    # the default path of render_document() would otherwise pay a pluggy round trip and the
    # registry checks on every call. Callers get copies, so they may edit what they get.
    def _named(self, hook: str, what: str) -> dict[str, Any]:
        if hook not in self._memo:
            named = registry.Named(what)
            add = {"metric": registry.metric, "importer": registry.importer}.get(
                what, registry.Named.add
            )
            getattr(self._hook, hook)(register=lambda name, value: add(named, name, value))
            self._memo[hook] = named.found
        return dict(self._memo[hook])

    def metrics(self) -> dict[str, Metric]:
        """Every registered aggregation metric, by name."""
        return self._named("dlxh_register_metrics", "metric")

    def filters(self) -> dict[str, Callable[..., Any]]:
        """Every registered Jinja filter, by name."""
        return self._named("dlxh_register_filters", "filter")

    def importers(self) -> dict[str, Importer]:
        """Every registered importer, by file suffix."""
        return self._named("dlxh_register_importers", "importer")

    def profiles(self) -> list[FormatProfile]:
        """Every registered format profile (built-in ones included)."""
        if "profiles" not in self._memo:
            found: dict[str, FormatProfile] = {}
            owners: dict[str, str] = {}
            self._hook.dlxh_register_profiles(
                register=lambda profile: registry.profile(found, owners, profile)
            )
            self._memo["profiles"] = list(found.values())
        return list(self._memo["profiles"])

    def check_rules(self) -> list[Rule]:
        """Every registered checker rule, built-ins first."""
        if "rules" not in self._memo:
            originals: list[object] = []
            found: list[Rule] = []
            self._hook.dlxh_register_check_rules(
                register=lambda rule: registry.check_rule(originals, found, rule)
            )
            self._memo["rules"] = found
        return list(self._memo["rules"])

    def template_dirs(self) -> list[Path]:
        """Template folders registered by plugins."""
        if "templates" not in self._memo:
            found: list[Path] = []
            self._hook.dlxh_register_templates(
                register=lambda path: registry.template_dir(found, path)
            )
            self._memo["templates"] = found
        return list(self._memo["templates"])

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

    def detects_hotspots(self) -> bool:
        """Whether a plugin other than the built-ins detects hot spots (``dlxh_detect_hotspot``);
        without one, :meth:`mark_hotspots` would change nothing and is skipped."""
        return any(
            not impl.plugin_name.startswith("dlxh.builtins.")
            for impl in self._hook.dlxh_detect_hotspot.get_hookimpls()
        )

    def mark_hotspots(self, dataset: Dataset) -> Dataset:
        """A copy of ``dataset`` where items a plugin detects as hot spots are flagged so.

        :func:`~dlxh.aggregate.synthesize` does this first whenever it uses plugins, so call it
        yourself only to see or save the flagged data. Items already flagged stay flagged; the
        dataset given is not changed.
        """
        if not self.detects_hotspots():
            return dataset
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
        problem = check_groups(groups, len(items))
        if problem is not None:  # a plugin's answer is checked as it returns; this is dlxh's own
            raise PluginError(f"dlxh_group_items {problem}")
        return groups

    def grouper(self) -> Callable[[Sequence[OpinionItem]], list[list[int]]] | None:
        """:meth:`group` when a plugin groups items, ``None`` when only the built-in grouping
        would answer: :func:`~dlxh.aggregate.synthesize` then groups by the unit tree (within
        each unit first, then upwards), which a grouper given the items alone cannot do."""
        own = [
            impl
            for impl in self._hook.dlxh_group_items.get_hookimpls()
            if impl.plugin_name != "dlxh.builtins.analysis"
        ]
        return self.group if own else None

    def has_postprocess(self) -> bool:
        """Whether a plugin edits rendered documents (it then needs python-docx's object)."""
        return bool(self._hook.dlxh_render_document.get_hookimpls())

    def postprocess(self, document: Document, docx: DocxDocument) -> None:
        """Let plugins edit a rendered document before it is saved."""
        self._hook.dlxh_render_document(document=document, docx=docx)
