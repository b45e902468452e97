"""``dlxh render`` and ``dlxh templates``: documents from data, and the templates behind them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from dlxh.cli._errors import EXIT_INVALID, cli_errors, report_error, stdout
from dlxh.errors import DlxhError, InputError
from dlxh.io import load
from dlxh.models import Document
from dlxh.plugins import Hooks, load_plugins
from dlxh.profiles import BUILTIN_PROFILES, available_profiles, get_profile, load_profile
from dlxh.render import build_templates, list_templates, render_document
from dlxh.render.checks import check_template
from dlxh.render.context import CONTEXT_KEYS
from dlxh.render.template import Template

__all__ = ["render", "templates_app"]

templates_app = typer.Typer(
    help="List, check and build .docx templates.",
    rich_markup_mode=None,
    invoke_without_command=True,
)


def _profile_option(value: str | None, hooks: Hooks) -> str | None:
    if value is None:
        return None
    names = {*available_profiles(), *(p.name for p in hooks.profiles())}
    if value in names or value.endswith((".yaml", ".yml")):
        return value
    raise InputError(
        f"unknown profile {value!r}; use one of: {', '.join(available_profiles())} "
        "or a profile .yaml file"
    )


@cli_errors
def render(
    source: Annotated[Path, typer.Argument(help="A document as YAML or JSON.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The .docx file to write.")],
    template: Annotated[
        str | None, typer.Option(help="Template name (dang/van-ban) or .docx path.")
    ] = None,
    profile: Annotated[
        str | None, typer.Option(help="dang, nha-nuoc, another profile, or a profile .yaml.")
    ] = None,
) -> None:
    """Render an official document from its data into a .docx file."""
    hooks = load_plugins()
    chosen = _profile_option(profile, hooks)
    document = load(source, Document)
    if output.suffix.lower() != ".docx":
        raise InputError("the output must be a .docx file", path=output)
    render_document(
        document,
        output,
        template=template,
        profile=chosen,
        base_dir=source.resolve().parent,
        hooks=hooks,
    )
    stdout.print(f"wrote {escape(str(output))}")


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
) -> None:
    """Check templates: Jinja syntax, tags split across runs, variables the data lacks."""
    worst = 0
    for path in paths:
        try:
            problems = check_template(Template.load(path), known=_known(any_variable))
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
        str | None, typer.Option(help="Profile name or .yaml file (default: every built-in).")
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
    if profile is None:
        profiles = [get_profile(name) for name in BUILTIN_PROFILES]
    elif profile.endswith((".yaml", ".yml")):
        profiles = [load_profile(profile)]
    else:
        profiles = [get_profile(profile)]
    for chosen in profiles:
        folder = output if output is not None else Path("templates") / chosen.name
        for path in build_templates(chosen, folder):
            stdout.print(f"wrote {escape(str(path))}")
