"""``dlxh render`` of one document: the caller's own variables (``--var``, ``--context``), and
the check of what was rendered before it is written (``--draft`` to write it all the same).

Kept apart from :mod:`dlxh.cli.render`, which holds the options and the batch command, so that
each module stays short enough to read.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import JsonValue, RootModel

from dlxh.atomic import atomic_write
from dlxh.cli._errors import stderr
from dlxh.cli._inputs import make_parent
from dlxh.errors import DlxhError, InputError
from dlxh.io import load
from dlxh.models import Document
from dlxh.plugins import Hooks

__all__ = ["DocumentCheckError", "read_context", "render_checked"]


class DocumentCheckError(DlxhError):
    """The document dlxh rendered fails dlxh's own format check, so it was not written."""


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


def render_checked(
    document: Document,
    output: Path,
    *,
    template: str | None,
    profile: str | None,
    base_dir: Path,
    hooks: Hooks,
    context: Mapping[str, Any],
    draft: bool,
) -> None:
    """Render ``document``, check the result as ``dlxh check`` would (the same profile, the
    plugins' rules), and write it only when it passes, or when it is a ``draft``.

    A document that its own checker fails (no signer, a summary where the type needs one) would
    go out looking official and fail the first review; refusing it here says what to fix before
    anyone signs. A draft is written with the findings shown as warnings.
    """
    from dlxh.check import check  # noqa: PLC0415 (the render path imports it only here)
    from dlxh.cli.checking import format_report  # noqa: PLC0415 (idem)
    from dlxh.render.document import render_document, resolve_profile  # noqa: PLC0415

    chosen = resolve_profile(profile, document, hooks)
    data = render_document(
        document,
        template=template,
        profile=chosen,
        base_dir=base_dir,
        hooks=hooks,
        context=context,
    )
    report = dataclasses.replace(check(data, chosen, hooks=hooks), file=os.fspath(output))
    errors = report.errors()
    if errors:
        count = f"{len(errors)} error{'s' if len(errors) > 1 else ''}"
        if not draft:
            stderr.print(format_report(dataclasses.replace(report, findings=errors)), markup=False)
            raise DocumentCheckError(
                f"{output}: the document would fail its check ({count}); fix it or give --draft"
            )
        stderr.print(f"warning: {output} is a draft: it fails its check ({count})", markup=False)
        stderr.print(format_report(report), markup=False, highlight=False)
    atomic_write(make_parent(output), data)
