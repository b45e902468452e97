"""``dlxh templates``: list, check and build the .docx templates documents render from.

Apart from :mod:`dlxh.cli.render` (which re-exports :data:`templates_app`) so each stays short.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from dlxh.cli._errors import EXIT_INVALID, cli_errors, report_error, stdout
from dlxh.errors import DlxhError, InputError
from dlxh.plugins import default_hooks
from dlxh.profiles import BUILTIN_PROFILES, load_profile, profile_versions
from dlxh.render import build_templates, list_templates
from dlxh.render.catalog import shipped_folder
from dlxh.render.checks import check_template
from dlxh.render.context import CONTEXT_KEYS
from dlxh.render.document import profile_named
from dlxh.templating.template import Template

__all__ = ["templates_app"]

templates_app = typer.Typer(
    help="List, check and build .docx templates.",
    rich_markup_mode=None,
    invoke_without_command=True,
)


@templates_app.callback()
def _list(context: typer.Context) -> None:
    """List the shipped templates (with no subcommand)."""
    if context.invoked_subcommand is not None:
        return
    table = Table("template", "profile", "file")
    for info in list_templates():
        table.add_row(info.name, info.profile, str(info.path))
    stdout.print(table)


@templates_app.command("check")
@cli_errors
def check(
    paths: Annotated[list[Path], typer.Argument(help="Template .docx files to check.")],
    any_variable: Annotated[
        bool, typer.Option("--any-variable", help="Do not check variable names.")
    ] = False,
    var: Annotated[
        list[str] | None,
        typer.Option("--var", help="A variable of your own the render gets (NAME or NAME=VALUE)."),
    ] = None,
) -> None:
    """Check templates: Jinja syntax, tags split across runs, variables the data lacks."""
    worst = 0
    own = [item.partition("=")[0].strip() for item in var or []]
    filters = default_hooks().filters()  # a plugin's filters are known to its templates
    for path in paths:
        try:
            problems = check_template(
                Template.load(path), known=_known(any_variable), filters=filters, extra=own
            )
        except DlxhError as exc:  # one unreadable file does not hide the others' results
            worst = max(worst, report_error(exc))
            continue
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            worst = max(worst, EXIT_INVALID)
        status = "[red]errors[/]" if errors else "[green]ok[/]"
        stdout.print(f"{status} {escape(str(path))}")
        for problem in problems:
            stdout.print(f"  {escape(str(problem))}")
    if worst:
        raise typer.Exit(worst)


def _known(any_variable: bool) -> frozenset[str] | None:
    return None if any_variable else CONTEXT_KEYS


@templates_app.command("build")
@cli_errors
def build(
    profile: Annotated[
        str | None,
        typer.Option(
            help="Profile name (dang@2018 for one version) or .yaml file (default: every "
            "built-in version)."
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Folder (default: templates/<profile>).")
    ] = None,
    all_profiles: Annotated[
        bool, typer.Option("--all", help="Rebuild every built-in profile.")
    ] = False,
) -> None:
    """Build the templates of a profile from its rules (house styles, or after editing rules)."""
    if all_profiles and profile is not None:
        raise InputError("give either --profile or --all, not both")
    if output is not None and profile is None:
        raise InputError("--output needs --profile (one profile per folder)")
    if profile is None:  # every version of every built-in family
        profiles = [version for name in BUILTIN_PROFILES for version in profile_versions(name)]
    elif profile.endswith((".yaml", ".yml")):
        profiles = [load_profile(profile)]
    else:  # a built-in, registered or plugin profile, named in any case
        profiles = [profile_named(profile, default_hooks())]
    for chosen in profiles:
        builtin = chosen in profile_versions(chosen.name)
        default = shipped_folder(chosen) if builtin else chosen.name
        folder = output if output is not None else Path("templates") / default
        for path in build_templates(chosen, folder):
            stdout.print(f"wrote {escape(str(path))}")
