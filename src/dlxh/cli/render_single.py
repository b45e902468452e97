"""``dlxh render`` of one document: the caller's own variables (``--var``, ``--context``).

Kept apart from :mod:`dlxh.cli.render`, which holds the options and the batch and template
commands, so that each module stays short enough to read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import JsonValue, RootModel

from dlxh.errors import InputError
from dlxh.io import load

__all__ = ["read_context"]


class _ContextFile(RootModel[dict[str, JsonValue]]):
    """A ``--context`` file: one mapping of names to plain values (YAML or JSON)."""


def read_context(variables: list[str], file: Path | None) -> dict[str, Any]:
    """The template variables of ``--context FILE`` and then ``--var key=value`` (a ``--var``
    overrides the file, as a command-line option overrides a configuration file).

    A ``--var`` value is text, as typed; a file gives numbers, lists and mappings too. Names are
    checked by :func:`dlxh.render.context.user_context` when the document renders.
    """
    context: dict[str, Any] = {}
    if file is not None:
        context.update(load(file, _ContextFile).root)
    for item in variables:
        key, equals, value = item.partition("=")
        if not equals or not key.strip():
            raise InputError(f"--var {item!r}: give it as NAME=VALUE (so_ho=12)")
        context[key.strip()] = value
    return context
