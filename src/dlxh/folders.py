"""A dataset read from many files: the folder rules, the merge and the checks across files.

:func:`dlxh.io.load_dataset` reads every file of a folder (or the files given) as one part of a
dataset: YAML and JSON parts through :func:`dlxh.io.load`, JSON Lines collections
(:mod:`dlxh._jsonl`), other suffixes through the importers (:mod:`dlxh.importing`). The parts are
merged without validating their records a second time, and what is left, the checks across the
parts (references, duplicate identifiers), runs on the whole; each problem is then named by its
own file and its place there.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args, get_origin

import pydantic

from dlxh.errors import DataValidationError, FieldProblem, InputError
from dlxh.importing import ignored_name, importers_for, read_imported
from dlxh.io import _JSONL, _SUFFIXES, _dataset, load
from dlxh.quoting import quote

if TYPE_CHECKING:
    from dlxh.hookspecs import Importer
    from dlxh.models.dataset import Dataset
    from dlxh.plugins import Hooks

__all__ = ["load_parts"]


def _dataset_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The data files of ``paths``: the files given, and every file of a folder given (not its
    subfolders), except hidden and Office lock files (:func:`dlxh.importing.ignored_name`)."""
    files: list[Path] = []
    for item in paths:
        entry = Path(item)
        if entry.is_dir():
            found = sorted(
                p for p in entry.iterdir() if not ignored_name(p.name) and not p.is_dir()
            )
            if not found:
                raise InputError("folder holds no .yaml, .yml, .json or .jsonl file", path=entry)
            files += found
        elif entry.exists():
            files.append(entry)
        else:
            raise InputError("no such file or folder", path=entry)
    return files


def _collections(dataset: type[Dataset]) -> dict[str, type[pydantic.BaseModel]]:
    """The dataset's lists and the model of their records (what a .jsonl file may hold)."""
    found: dict[str, type[pydantic.BaseModel]] = {}
    for key, info in dataset.model_fields.items():
        if get_origin(info.annotation) is list:
            (item,) = get_args(info.annotation)
            found[key] = item
    return found


def load_parts(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    hooks: Hooks | Literal[False] | None = None,
    lenient: bool = False,
) -> Dataset:
    """What :func:`dlxh.io.load_dataset` returns (it documents the rules)."""
    Dataset = _dataset()  # noqa: N806 (the class, bound on first use)
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    paths = list(paths)
    files = _dataset_files(paths)
    importers = importers_for(files, hooks)
    collections = _collections(Dataset)
    problems: list[FieldProblem] = []
    merged: dict[str, Any] = {}
    # list key -> the parts it was merged from, in order: (file, its records' line numbers, or
    # None for a YAML/JSON file and its number of records), to point at a record's origin
    origin: dict[str, list[tuple[Path, list[int] | None, int]]] = {}
    located: dict[Path, Mapping[str, str]] = {}  # imported file -> record path -> its cell
    for file in files:
        if file.suffix.lower() == _JSONL:
            from dlxh._jsonl import collection_of, read_jsonl  # noqa: PLC0415 (first use)

            key = collection_of(file, collections)
            records, lines = read_jsonl(file, collections[key], problems)
            merged.setdefault(key, []).extend(records)
            origin.setdefault(key, []).append((file, lines, len(lines)))
            continue
        try:
            part = _read_part(file, importers, located)
        except DataValidationError as exc:
            problems += [
                FieldProblem(p.location, p.message, p.value, str(file)) for p in exc.problems
            ]
            continue
        # The validated objects themselves, not a dump to validate again: the whole-dataset
        # checks below are all that is left to do.
        for key in part.model_fields_set:
            listed = isinstance(value := getattr(part, key), list)
            origin.setdefault(key, []).append((file, None, len(value) if listed else 0))
            if listed:
                merged.setdefault(key, []).extend(value)
            elif merged.setdefault(key, value) != value:  # two files set it: never pick one
                problems.append(
                    FieldProblem(
                        key,
                        f"differs from the {key} given in {quote(str(origin[key][0][0]))}; "
                        "set it in one file",
                        None,
                        str(file),
                    )
                )
    label = ", ".join(str(p) for p in paths)
    if problems:
        raise DataValidationError("Dataset", problems, source=label)
    # Every part is validated already (validating the merged lists again would run each
    # record's own checks a second time): what is left are the checks across the parts.
    dataset = Dataset.model_construct(_fields_set=set(merged), **merged)
    found = [
        FieldProblem(".".join(str(part) for part in location), message, value)
        for location, message, value in dataset.reference_problems()
        if not (lenient and _unregistered_reporter(dataset, location))
    ]
    if not found:
        return dataset
    if len(files) == 1 and files[0].suffix.lower() in _SUFFIXES:
        raise DataValidationError("Dataset", found, source=files[0])
    raise DataValidationError("Dataset", _relocated(found, origin, located), source=label)


def _relocated(
    found: list[FieldProblem],
    origin: Mapping[str, list[tuple[Path, list[int] | None, int]]],
    located: Mapping[Path, Mapping[str, str]],
) -> list[FieldProblem]:
    """Problems of the merged dataset, each named by its own file and its place there: a
    record's index in a YAML/JSON file, its line in a JSON Lines file, its sheet, row and
    column in an imported table (when the importer says, :func:`dlxh.importers.positions`)."""
    relocated = []
    for problem in found:
        key, _, rest = problem.location.partition(".")
        index, _, tail = rest.partition(".")
        spot = _origin(origin.get(key, []), int(index)) if index.isdigit() else None
        if spot is None:
            relocated.append(problem)
            continue
        file, local, line = spot
        if line is None:
            location = ".".join(part for part in (key, str(local), tail) if part)
            cells = located.get(file, {})
            location = cells.get(location) or cells.get(f"{key}.{local}") or location
        else:
            location = f"line {line}: {tail}" if tail else f"line {line}"
        relocated.append(FieldProblem(location, problem.message, problem.value, str(file)))
    return relocated


def _read_part(
    file: Path, importers: Mapping[str, Importer], located: dict[Path, Mapping[str, str]]
) -> Dataset:
    """The part of a dataset one YAML/JSON file or one imported file holds (partly validated);
    an imported table's cell positions go into ``located``."""
    if file.suffix.lower() in _SUFFIXES:
        return load(file, _dataset(), partial=True)
    part = read_imported(file, importers)
    from dlxh.importers import positions  # noqa: PLC0415 (the importers load on first use)

    located[file] = positions(part)
    return part


def _unregistered_reporter(dataset: Dataset, location: tuple[str | int, ...]) -> bool:
    """Whether a reference problem is a report naming a collaborator not in the roster (what
    ``lenient`` lets through: the synthesis leaves such a report out and says so)."""
    from dlxh.models import ReporterKind  # noqa: PLC0415

    if len(location) != 4 or location[0] != "reports" or location[2:] != ("reporter", "id"):
        return False
    report = dataset.reports[int(location[1])]
    return report.reporter.kind is ReporterKind.COLLABORATOR and bool(dataset.collaborators)


def _origin(
    parts: list[tuple[Path, list[int] | None, int]], index: int
) -> tuple[Path, int, int | None] | None:
    """The file, index in that file and line (JSON Lines only) of record ``index`` of a merged
    list, or ``None`` when it is past the parts."""
    for file, lines, count in parts:
        if index < count:
            return file, index, None if lines is None else lines[index]
        index -= count
    return None
