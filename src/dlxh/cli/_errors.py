"""Turn dlxh errors into one or two readable lines and an exit code, never a traceback."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from dlxh.errors import DataValidationError, DlxhError, InputError, NotFoundError

__all__ = ["EXIT_INPUT", "EXIT_INVALID", "cli_errors", "stderr", "stdout"]

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
            raise typer.Exit(report_error(exc)) from None

    return wrapper
