"""Installed plugins: the ``dlxh`` entry points of installed distributions, named in every error.

pluggy's own loader lets an import error through without saying which plugin raised it, and
silently skips a second distribution that uses a name already taken; this one names the entry
point, its distribution and its module.
"""

from __future__ import annotations

from importlib import metadata

import pluggy

from dlxh.errors import PluginError
from dlxh.plugin_guards import describe

__all__ = ["ENTRY_POINT_GROUP", "blocked_by", "covers", "load_entry_points"]

ENTRY_POINT_GROUP = "dlxh"


def covers(blocked: str, module: str) -> bool:
    """Whether the blocked name ``blocked`` names ``module``: the module or a package of it."""
    return module == blocked or module.startswith(f"{blocked}.")


def blocked_by(blocked: set[str], name: str | None, module: str | None = None) -> str | None:
    """The blocked name that matches a plugin's name or module, if any."""
    if name in blocked:
        return name
    return next((b for b in sorted(blocked) if module and covers(b, module)), None)


def load_entry_points(
    manager: pluggy.PluginManager,
    blocked: set[str],
    matched: set[str],
    versions: dict[str, str],
    known: set[str],
) -> None:
    """Import and register the ``dlxh`` entry points of installed distributions.

    pluggy's own loader lets an import error through without saying which plugin raised it, and
    silently skips a second distribution that uses a name already taken; this one names the entry
    point, its distribution and module in every error."""
    origin: dict[str, str] = {}
    # the group's entry points first (each distribution's entry_points.txt), then the metadata
    # of the few distributions that have one: parsing every installed distribution's METADATA
    # took a fifth of a second at every start
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist
        dist_name = str(dist.metadata["Name"] or "?") if dist is not None else "?"
        version = dist.version if dist is not None else "?"
        known |= {ep.name, ep.module}
        where = f"entry point {ep.name!r} of {dist_name} {version} (module {ep.value})"
        if hit := blocked_by(blocked, ep.name, ep.module):
            matched.add(hit)
            continue
        if ep.name in origin:
            if origin[ep.name] == dist_name:  # the same distribution seen twice on sys.path
                continue
            raise PluginError(
                f"{where}: the plugin name is already taken by {origin[ep.name]}; "
                "uninstall one of them or disable it with DLXH_DISABLE_PLUGINS"
            )
        try:
            plugin = ep.load()
        except (Exception, SystemExit) as exc:
            raise PluginError(f"{where} failed to import: {describe(exc)}") from exc
        try:
            manager.register(plugin, name=ep.name)
        except (ValueError, pluggy.PluginValidationError) as exc:
            raise PluginError(f"{where} could not be registered: {describe(exc)}") from None
        origin[ep.name] = dist_name
        versions[ep.name] = version
