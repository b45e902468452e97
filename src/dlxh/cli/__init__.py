"""The ``dlxh`` command-line interface (Typer), loaded one command at a time.

The full application (``dlxh.cli.app``, defined in :mod:`dlxh.cli.application`) imports every
command, and with them the survey statistics (scipy), the renderer and the aggregation: about
two seconds before anything is done.
A clerk who runs ``dlxh check lettre.docx`` on every outgoing document should not wait for that,
so the console script's root group knows each command by its name and one-line help
(:data:`COMMANDS`) and imports a command's module only when that command runs; ``dlxh --help``
prints from the table. A test keeps the table equal to the full application's commands.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["COMMANDS", "app", "main"]

COMMANDS: dict[str, tuple[str, str, str]] = {
    # name: (module, attribute, one-line help), in the order the full application lists them
    "demo": (
        "dlxh.cli.demo",
        "demo",
        "Validate the sample dataset, print a summary, and render the sample documents.",
    ),
    "render": (
        "dlxh.cli.render",
        "render",
        "Render an official document from its data into a .docx file, or a batch of them.",
    ),
    "check": (
        "dlxh.cli.check",
        "check_command",
        "Check .docx files against the State or Party format.",
    ),
    "plugins": (
        "dlxh.cli.plugins",
        "plugins_command",
        "List loaded plugins (built-ins first), their versions and the hooks they implement.",
    ),
    "aggregate": (
        "dlxh.cli.aggregate",
        "aggregate_command",
        "Synthesise the reports of a period: compliance, opinion currents, follow-ups, events.",
    ),
    "train": (
        "dlxh.cli.train",
        "train_command",
        "Train a field and tendency classifier on the labelled items of past reports.",
    ),
    "schema": (
        "dlxh.cli.application",
        "",
        "Print the JSON Schema of a model (for editors, form builders and other languages).",
    ),
    "validate": (
        "dlxh.cli.application",
        "",
        "Check data files against a model; print every problem with its field path.",
    ),
    "convert": (
        "dlxh.cli.application",
        "",
        "Validate and rewrite data in normal form (NFC text, E.164 phones), as YAML or JSON.",
    ),
    "vn": ("dlxh.cli.vn", "vn_app", "Vietnamese dates, numbers, words and administrative units."),
    "templates": ("dlxh.cli.render", "templates_app", "List, check and build .docx templates."),
    "survey": (
        "dlxh.cli.survey",
        "survey_app",
        "Survey statistics (agreeing with R's survey package) and survey documents.",
    ),
}
"""Every command of ``dlxh``: the module that defines it, its name there ("" for the commands
of the full application itself) and its one-line help."""

HELP = "dlxh: models, Vietnamese text tools and official documents for social-opinion work."


def _plain_check(args: list[str]) -> tuple[list[str], str | None, str] | None:
    """``dlxh check FILE... [--profile P] [--format text|json]`` read without Typer, or None
    when the line holds anything else (help, a mistake): Typer then reads it and says what is
    wrong. Typer's conversion of the parameters costs about 0.2 s, more than the check of a
    file; a clerk runs this command on every outgoing document. A test keeps this reader's
    options equal to the command's."""
    if not args or args[0] != "check":
        return None
    files: list[str] = []
    options: dict[str, str] = {}
    rest = iter(args[1:])
    for arg in rest:
        name, equals, value = arg.partition("=")
        if name in _CHECK_OPTIONS:
            if not equals:
                value = next(rest, "")
            if not value or name in options:
                return None
            options[name] = value
        elif arg.startswith("-"):
            return None
        else:
            files.append(arg)
    output = options.get("--format", "text")
    if not files or output not in ("text", "json"):
        return None
    return files, options.get("--profile"), output


_CHECK_OPTIONS = ("--profile", "--format")


def main() -> None:
    """Entry point of the ``dlxh`` console script."""
    plain = _plain_check(sys.argv[1:])
    if plain is not None:
        import warnings  # noqa: PLC0415
        from pathlib import Path  # noqa: PLC0415

        from dlxh.cli._errors import report_error, show_warning  # noqa: PLC0415
        from dlxh.cli.checking import run_check  # noqa: PLC0415
        from dlxh.errors import DlxhError  # noqa: PLC0415

        warnings.showwarning = show_warning
        files, profile, output = plain
        try:
            status = run_check([Path(f) for f in files], profile, output)
        except DlxhError as exc:
            status = report_error(exc)
        sys.exit(status)
    from dlxh.cli.root import root  # noqa: PLC0415 (Typer, for everything but a plain check)

    root()(args=sys.argv[1:], prog_name="dlxh")


def __getattr__(name: str) -> Any:
    if name == "app":  # the full Typer application, for tests and embedding
        from dlxh.cli.application import app  # noqa: PLC0415

        return app
    raise AttributeError(f"module 'dlxh.cli' has no attribute {name!r}")
