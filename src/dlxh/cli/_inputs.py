"""Option values read the way data files read them, and output paths handled one way.

A clerk who typed ``submitted_on: 20/11/2026`` in a data file types ``--as-of 20/11/2026`` on
the command line too, and ``--level xã`` for the level a data file writes ``commune`` or
``xã``; each command used to parse its options its own way (ISO dates only, English level
names only). Output files follow one rule in every command: a missing folder is created (just
before writing, so a command that fails early leaves nothing behind), a wrong suffix or a
folder in the way is refused before any work, and paths are quoted the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from dlxh.errors import InputError
from dlxh.models import UnitLevel
from dlxh.quoting import quote
from dlxh.vn.dates import parse_date_loose

__all__ = ["date_option", "level_option", "make_parent", "output_option"]


def date_option(option: str, value: str | None) -> dt.date | None:
    """A date option in any form a data file accepts: ``2026-10-31``, ``31/10/2026``,
    ``31.10.2026``, ``ngày 31 tháng 10 năm 2026``; the error names the option."""
    if value is None:
        return None
    try:
        return parse_date_loose(value)
    except ValueError as exc:
        raise InputError(f"{option}: {exc}") from None


def level_option(option: str, value: str | None) -> UnitLevel | None:
    """A unit level by its English value or a Vietnamese name, in any case, with or without
    marks (``commune``, ``xã``, ``Xa``, ``tỉnh``); the error lists the levels."""
    if value is None:
        return None
    try:
        return UnitLevel.parse(value)
    except ValueError:
        found = UnitLevel.parse_unaccented(value)
    if found is not None:
        return found
    listed = ", ".join(f"{level.value} ({level.label})" for level in UnitLevel)
    raise InputError(f"{option} {quote(value)}: unknown level; one of: {listed}")


def output_option(option: str, path: Path, suffixes: Sequence[str]) -> Path:
    """Check an output file before any work: its suffix is one of ``suffixes`` and nothing on
    its way is a file or is the path itself a folder. Its folder may be missing:
    :func:`make_parent` creates it when the output is written."""
    if path.suffix.lower() not in suffixes:
        expected = (
            ", ".join(suffixes[:-1]) + f" or {suffixes[-1]}" if len(suffixes) > 1 else suffixes[0]
        )
        raise InputError(f"the output must be a {expected} file", path=path)
    if path.is_dir():
        raise InputError(f"is a folder; give {option} a file name", path=path)
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise InputError(f"{quote(str(parent))} is not a folder", path=path)
            break
    return path


def make_parent(path: Path) -> Path:
    """Create the folder of an output file (and its parents) when missing; return the path."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"cannot create the folder {quote(str(path.parent))}: {exc.strerror or exc}",
            path=path,
        ) from None
    return path
