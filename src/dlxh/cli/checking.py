"""What ``dlxh check`` does, without the command-line machinery: read the files, check them,
print the reports. The console script runs it straight for a plain ``dlxh check FILE...``
(:func:`dlxh.cli.main`), so this module imports neither Typer nor the other commands."""

from __future__ import annotations

import json
from pathlib import Path

from rich.markup import escape
from rich.table import Table

from dlxh.check import CheckReport, check, no_rules_error
from dlxh.cli._errors import EXIT_INPUT, EXIT_INVALID, stderr, stdout
from dlxh.errors import DlxhError
from dlxh.plugins import load_plugins
from dlxh.profiles import BUILTIN_PROFILES

__all__ = ["run_check"]

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


def run_check(files: list[Path], profile: str | None, output_format: str) -> int:
    """What ``dlxh check`` does, as a function returning the exit status: the console script
    calls it directly for a plain ``dlxh check FILE...`` (see :mod:`dlxh.cli`), without Typer's
    parameter conversion, which alone took longer than the check."""
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
        return EXIT_INPUT
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
    return worst
