"""``dlxh check``: does a .docx follow its format profile?"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from dlxh.cli._errors import cli_errors
from dlxh.cli.checking import run_check

__all__ = ["check_command", "run_check"]


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
    raise typer.Exit(run_check(files, profile, output_format))
