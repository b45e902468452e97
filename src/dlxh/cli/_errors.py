"""Turn dlxh errors into one or two readable lines and an exit code, never a traceback."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TextIO, TypeVar

from rich.console import Console
from rich.markup import escape

from dlxh.errors import DataValidationError, DlxhError, InputError, NotFoundError

__all__ = ["EXIT_INPUT", "EXIT_INVALID", "cli_errors", "show_warning", "stderr", "stdout"]

EXIT_INVALID = 1
"""The data or document is wrong (validation failed, a check found errors)."""
EXIT_INPUT = 2
"""A file could not be read or written at all."""

stdout = Console(highlight=False, soft_wrap=True)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)

P = ParamSpec("P")
R = TypeVar("R")


def report_error(exc: DlxhError) -> int:
    """Print ``exc`` for a person and return the exit code it deserves."""
    stderr.print(f"[bold red]error:[/] {escape(str(exc))}")
    if isinstance(exc, InputError | NotFoundError):
        return EXIT_INPUT
    if isinstance(exc, DataValidationError):
        return EXIT_INVALID
    return EXIT_INVALID


def cli_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Decorate a command so that a :class:`DlxhError` ends it with a message and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except DlxhError as exc:
            import typer  # noqa: PLC0415 (the plain check path runs without Typer)

            raise typer.Exit(report_error(exc)) from None

    return wrapper


def show_warning(  # noqa: PLR0917 (the signature of warnings.showwarning)
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """Warnings meant for users (a misspelt plugin name...) as one line, not a source excerpt."""
    stderr.print(f"[yellow]warning:[/] {escape(str(message))}")
