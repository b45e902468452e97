"""Turn dlxh errors into one or two readable lines and an exit code, never a traceback.

Error and warning lines are written directly, not through rich: a plain ``dlxh check FILE``
must answer in a fraction of a second, and importing rich took a fifth of that. The rich
consoles the other commands print with (``stdout``, ``stderr``) are made on first use.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ParamSpec, TextIO, TypeVar

from dlxh.errors import DataValidationError, DlxhError, InputError, NotFoundError

if TYPE_CHECKING:
    from rich.console import Console

    stdout: Console
    stderr: Console

__all__ = [
    "EXIT_INPUT",
    "EXIT_INVALID",
    "cli_errors",
    "colour",
    "paint",
    "say",
    "show_warning",
    "stderr",
    "stdout",
]

EXIT_INVALID = 1
"""The data or document is wrong (validation failed, a check found errors)."""
EXIT_INPUT = 2
"""A file could not be read or written at all."""

_STYLES = {"bold red": "1;31", "red": "31", "yellow": "33", "cyan": "36", "green": "32"}


def colour(stream: TextIO) -> bool:
    """Whether to colour what goes to ``stream``: a terminal, unless ``NO_COLOR`` is set (or
    ``FORCE_COLOR`` asks for colour anyway), as rich decides for the other commands."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


def paint(text: str, style: str, on: bool = True) -> str:
    """``text`` in ``style`` (a key of the style table: "bold red", "yellow"...) when ``on``."""
    return f"\x1b[{_STYLES[style]}m{text}\x1b[0m" if on else text


def say(text: str, *, label: str = "", style: str = "", stream: TextIO | None = None) -> None:
    """Write one message line, ``label`` coloured by ``style`` on a terminal."""
    out = stream or sys.stderr
    if label and style:
        label = paint(label, style, colour(out))
    out.write(f"{label} {text}\n" if label else f"{text}\n")
    out.flush()


def __getattr__(name: str) -> Any:
    if name in ("stdout", "stderr"):  # made on first use: see the module's docstring
        from rich.console import Console  # noqa: PLC0415

        console = Console(stderr=name == "stderr", highlight=False, soft_wrap=True)
        globals()[name] = console
        return console
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


P = ParamSpec("P")
R = TypeVar("R")


def report_error(exc: DlxhError) -> int:
    """Print ``exc`` for a person and return the exit code it deserves."""
    say(str(exc), label="error:", style="bold red")
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
    say(str(message), label="warning:", style="yellow")
