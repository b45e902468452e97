"""``dlxh check``: does a .docx follow its format profile?"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.markup import escape
from rich.table import Table

from dlxh.check import CheckReport, check, no_rules_error
from dlxh.cli._errors import EXIT_INPUT, EXIT_INVALID, cli_errors, stderr, stdout
from dlxh.errors import DlxhError
from dlxh.plugins import load_plugins
from dlxh.profiles import BUILTIN_PROFILES

__all__ = ["check_command"]

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _print_report(report: CheckReport) -> None:
    status = "[green]ok[/]" if report.ok else "[bold red]errors[/]"
    stdout.print(
        f"{status} {escape(report.file)} — profile {report.profile} ({escape(report.detection)})"
    )
    if not report.findings:
        return
    table = Table("component", "severity", "rule", "where", "message", "expected", "found")
    for finding in sorted(report.findings, key=lambda f: (f.component, f.severity != "error")):
        note = "" if finding.confirmed else " (unconfirmed)"
        table.add_row(
            finding.component,
            f"[{_SEVERITY_STYLE[finding.severity]}]{finding.severity}[/]{note}",
            finding.rule,
            escape(finding.location),
            escape(finding.message),
            escape(finding.expected or ""),
            escape(finding.found or ""),
        )
    stdout.print(table)


@cli_errors
def check_command(
    files: Annotated[list[Path], typer.Argument(help=".docx files to check.", metavar="FILE...")],
    profile: Annotated[
        str | None,
        typer.Option(
            help="dang (version by the file's date), dang@2018, dang@2026, nha-nuoc, another "
            "profile or a profile .yaml."
        ),
    ] = None,
    output_format: Annotated[
        Literal["text", "json"], typer.Option("--format", help="text (a table) or json.")
    ] = "text",
) -> None:
    """Check .docx files against the State or Party format.

    Exit 0 when no file has an error-level finding, 1 when some do, 2 when a file cannot be read
    or nothing can be checked (a plugin fails, or no rule is loaded).
    """
    worst = 0
    results: list[dict[str, object]] = []
    try:  # nothing can be checked: a broken plugin, or no rule left
        hooks = load_plugins()
        rules = hooks.check_rules()
        if not rules:
            raise no_rules_error(hooks.disabled)
        # a built-in family's name stays a name: check() picks its version by the file's date
        builtin = profile is None or profile.partition("@")[0] in BUILTIN_PROFILES
        found = None if builtin else next((p for p in hooks.profiles() if p.name == profile), None)
        chosen = found or profile
    except DlxhError as exc:
        stderr.print(f"[bold red]error:[/] {escape(str(exc))}")
        raise typer.Exit(EXIT_INPUT) from None
    for file in files:
        try:
            report = check(file, chosen, rules=rules)
        except DlxhError as exc:
            stderr.print(f"[bold red]error:[/] {escape(str(exc))}")
            results.append({"file": str(file), "error": str(exc)})
            worst = EXIT_INPUT
            continue
        if not report.ok:
            worst = max(worst, EXIT_INVALID)
        if output_format == "json":
            results.append(report.to_json_data())
        else:
            _print_report(report)
    if output_format == "json":
        print(json.dumps(results if len(files) > 1 else results[0], ensure_ascii=False, indent=2))
    raise typer.Exit(worst)
