"""Run the ``dlxh`` command in-process for tests, with a wide terminal."""

from __future__ import annotations

from typer.testing import CliRunner

from dlxh.cli import app

_runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr); fails the test if the command crashed with a traceback."""
    result = _runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr
