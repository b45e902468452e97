"""``dlxh plugins``: what is loaded, in which version, implementing which hooks."""

from __future__ import annotations

from rich.table import Table

from dlxh.cli._errors import cli_errors, stdout
from dlxh.plugins import load_plugins

__all__ = ["plugins_command"]


@cli_errors
def plugins_command() -> None:
    """List loaded plugins (built-ins first), their versions and the hooks they implement.

    DLXH_DISABLE_PLUGINS=name,... blocks plugins; DLXH_TRACE_PLUGINS=1 traces hook calls.
    """
    hooks = load_plugins()
    table = Table("plugin", "version", "hooks")
    for name, version, implemented in hooks.plugins():
        table.add_row(name, version, ", ".join(h.removeprefix("dlxh_") for h in implemented))
    for name in hooks.disabled:
        table.add_row(name, "disabled", "")
    stdout.print(table)
