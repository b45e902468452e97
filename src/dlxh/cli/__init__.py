"""The ``dlxh`` command-line interface (Typer)."""

from dlxh.cli.app import app


def main() -> None:
    """Entry point of the ``dlxh`` console script."""
    app()


__all__ = ["app", "main"]
