"""What ``dlxh check`` does, without the command-line machinery: read the files, check them,
print the reports. The console script runs it straight for a plain ``dlxh check FILE...``
(:func:`dlxh.cli.main`), so this module imports neither Typer nor the other commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from dlxh.check import CheckReport, check, no_rules_error, profile_of
from dlxh.cli._errors import EXIT_INPUT, EXIT_INVALID, colour, paint, say
from dlxh.errors import DlxhError
from dlxh.plugins import default_hooks

if TYPE_CHECKING:
    from dlxh.profiles.model import FormatProfile

__all__ = ["format_report", "run_check"]

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_ORDER = {"error": 0, "warning": 1, "info": 2}


def format_report(report: CheckReport, *, colour: bool = False) -> str:
    """The text of ``dlxh check``: a status line, then one line per finding, errors first.

    A line per finding, as linters print them, rather than a table: a table of seven columns
    in 80 characters cut the rule keys and messages short, and lines can be searched with grep.
    """
    status = paint("ok", "green", colour) if report.ok else paint("errors", "bold red", colour)
    lines = [f"{status} {report.file} — profile {report.profile} ({report.detection})"]
    ordered = sorted(report.findings, key=lambda f: (_ORDER[f.severity], f.component))
    width = max((len(f.rule) for f in ordered), default=0)
    for finding in ordered:
        severity = paint(f"{finding.severity:<7}", _SEVERITY_STYLE[finding.severity], colour)
        detail = [finding.message]
        shown = [
            f"{label} {value}"
            for label, value in (("expected", finding.expected), ("found", finding.found))
            if value
        ]
        if shown:
            detail.append(", ".join(shown))
        if not finding.confirmed:
            detail.append("rule unconfirmed")
        lines.append(
            f"  {severity} {finding.rule:<{width}}  {finding.location}: {'; '.join(detail)}"
        )
    return "\n".join(lines)


def run_check(files: list[Path], profile: str | None, output_format: str) -> int:
    """What ``dlxh check`` does, as a function returning the exit status: the console script
    calls it directly for a plain ``dlxh check FILE...`` (see :mod:`dlxh.cli`), without Typer's
    parameter conversion, which alone took longer than the check."""
    worst = 0
    results: list[dict[str, object]] = []
    chosen: FormatProfile | str | None = profile
    try:  # nothing can be checked: a broken plugin, no rule left, an unknown profile
        hooks = default_hooks()
        if not hooks.check_rules():
            raise no_rules_error(hooks.disabled)
        if profile is not None:  # once, not per file (check() takes the object as it is)
            chosen = profile_of(profile, hooks)
    except DlxhError as exc:
        say(str(exc), label="error:", style="bold red")
        return EXIT_INPUT
    for file in files:
        try:
            report = check(file, chosen, hooks=hooks)
        except DlxhError as exc:
            say(str(exc), label="error:", style="bold red")
            results.append({"file": str(file), "error": str(exc)})
            worst = EXIT_INPUT
            continue
        if not report.ok:
            worst = max(worst, EXIT_INVALID)
        if output_format == "json":
            results.append(report.to_json_data())
        else:
            sys.stdout.write(format_report(report, colour=colour(sys.stdout)) + "\n")
            sys.stdout.flush()
    if output_format == "json":
        print(json.dumps(results if len(files) > 1 else results[0], ensure_ascii=False, indent=2))
    return worst
