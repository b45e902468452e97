"""Data files dlxh does not read itself, read by importers (``dlxh_register_importers``).

A dataset folder may hold files in formats offices keep (a roster in Excel, monthly reports as
CSV): :func:`dlxh.load_dataset` hands each file whose suffix is not one of dlxh's own
(``.yaml``, ``.yml``, ``.json``, ``.jsonl``) to the importer registered for that suffix, and
merges what it returns with the other files before the checks across files. A file no importer
reads is an error, never skipped: a roster left out in silence would make every report of the
month look like a stranger's.

An importer is ``(path) -> Dataset``: the part of a dataset the file holds, validated with
``dlxh.io.validate(Dataset, data, source=path, partial=True)`` (partial, because a roster
names units defined in another file of the folder). Problems with the file's content are
raised as a :class:`~dlxh.errors.DataValidationError` naming the file and each cell; any other
exception is the plugin's failure, reported as a :class:`~dlxh.errors.PluginError` naming it.

Plugins are loaded only when such a file is met, so a folder of YAML files loads as fast with
importers as without.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from dlxh.errors import InputError
from dlxh.files import check_regular

if TYPE_CHECKING:
    from dlxh.hookspecs import Importer
    from dlxh.models.dataset import Dataset
    from dlxh.plugins import Hooks

__all__ = ["NATIVE_SUFFIXES", "ignored_name", "importers_for", "read_imported"]

NATIVE_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl")
"""Suffixes dlxh reads itself."""


def ignored_name(name: str) -> bool:
    """Whether a file in a dataset folder is not data at all: hidden files (``.DS_Store``,
    ``.gitkeep``) and the lock files Office leaves beside an open workbook (``~$ctv.xlsx``)."""
    return name.startswith((".", "~$"))


def importers_for(
    files: Iterable[Path], hooks: Hooks | Literal[False] | None
) -> dict[str, Importer]:
    """The importers for the foreign files among ``files``, by lower-case suffix.

    Raises an :class:`InputError` naming every file no importer reads, before any file is read.
    Plugins are loaded (``hooks=None``: :func:`dlxh.plugins.default_hooks`) only when a foreign
    file is present.
    """
    foreign = [f for f in files if f.suffix.lower() not in NATIVE_SUFFIXES]
    if not foreign:
        return {}
    from dlxh.plugins import resolve_hooks  # noqa: PLC0415 (plugins load only when needed)

    resolved = resolve_hooks(hooks)
    registered: Mapping[str, Importer] = resolved.importers() if resolved is not None else {}
    known = {suffix.lower(): importer for suffix, importer in registered.items()}
    unread = [f for f in foreign if f.suffix.lower() not in known]
    if unread:
        names = ", ".join(repr(s) for s in sorted({f.suffix.lower() or "(none)" for f in unread}))
        offered = ", ".join(NATIVE_SUFFIXES)
        imported = f" and, through importers, {', '.join(sorted(known))}" if known else ""
        off = " (plugins are off: hooks=False)" if resolved is None else ""
        raise InputError(
            f"unknown file type {names}: dlxh reads {offered}{imported}{off}; a plugin may "
            "register an importer for other suffixes",
            path=unread[0] if len(unread) == 1 else ", ".join(str(f) for f in unread),
        )
    return known


def read_imported(file: Path, importers: Mapping[str, Importer]) -> Dataset:
    """The part of a dataset the importer for ``file``'s suffix reads from it."""
    from dlxh.models.dataset import Dataset  # noqa: PLC0415 (the models load on first use)

    check_regular(file, "data file")  # a FIFO named roster.csv must not hang the importer
    part = importers[file.suffix.lower()](file)
    if not isinstance(part, Dataset):  # a plugin's importer is checked as it returns; this is ours
        raise InputError(
            f"the importer for {file.suffix.lower()} returned {type(part).__name__}, "
            "expected a Dataset",
            path=file,
        )
    return part
