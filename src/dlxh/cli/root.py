"""The root of the ``dlxh`` command: a Typer group that imports each command when it runs and
prints its help from :data:`dlxh.cli.COMMANDS`."""

from __future__ import annotations

import importlib
from typing import Annotated, Any

import typer
import typer.core
import typer.main

from dlxh.cli import COMMANDS, HELP

__all__ = ["root", "root_callback"]


class _LazyGroup(typer.core.TyperGroup):
    """The root group: a command is imported when it runs; the help is read from the table."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute, _ = COMMANDS[cmd_name]
        module = importlib.import_module(module_name)
        if not attribute:  # defined on the full application itself
            return typer.main.get_command(module.app).get_command(ctx, cmd_name)  # type: ignore[attr-defined]
        target = getattr(module, attribute)
        if isinstance(target, typer.Typer):
            command = typer.main.get_command(target)
        else:
            single = typer.Typer(pretty_exceptions_enable=False, rich_markup_mode=None)
            single.command(name=cmd_name)(target)
            command = typer.main.get_command(single)
        command.name = cmd_name
        return command

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, text) for name, (_, _, text) in COMMANDS.items()])


def _version(value: bool) -> None:
    if value:
        from dlxh._version import __version__  # noqa: PLC0415

        typer.echo(f"dlxh {__version__}")
        raise typer.Exit()


def root_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """dlxh command line: ``--version``, and warnings for users printed as one line (the
    root of both the console script and the full application, :data:`dlxh.cli.app`)."""
    import warnings  # noqa: PLC0415

    from dlxh.cli._errors import show_warning  # noqa: PLC0415 (light: rich only)

    warnings.showwarning = show_warning


def root() -> typer.Typer:
    root = typer.Typer(
        cls=_LazyGroup,
        name="dlxh",
        help=HELP,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        add_completion=False,
    )
    root.callback()(root_callback)
    return root
