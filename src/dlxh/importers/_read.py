"""One file to one partial dataset: find each sheet's header, decide what it holds, build the
records, validate them, and report every bad cell at its sheet, row and column."""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from dlxh.errors import DataValidationError, InputError
from dlxh.files import check_regular
from dlxh.importers import reports as report_rows
from dlxh.importers import roster
from dlxh.importers._cells import Collector, Positions, Table
from dlxh.importers.columns import (
    REPORT_COLUMNS,
    REPORT_KEYS,
    ROSTER_COLUMNS,
    ROSTER_KEYS,
    Header,
    expected_headers,
    find_header,
    ignored,
)
from dlxh.importers.values import UNSAVED
from dlxh.io import validate
from dlxh.models.dataset import Dataset
from dlxh.quoting import cut, quote
from dlxh.tables import Sheet, cell_text, column_letter, read_sheets

__all__ = ["positions", "read_table_file"]

# id(dataset) -> (a weak reference to it, its positions): datasets are not hashable
_POSITIONS: dict[int, tuple[weakref.ref[Dataset], Positions]] = {}

_REPORT_MARKERS: Final = frozenset({"id", "period", "submitted_on", "item.title", "item.content"})
_KINDS: Final = {"roster": "roster", "reports": "monthly-reports table"}


def _blank(value: Any) -> bool:
    return value is None or value == ""


def _kind(header: Header) -> tuple[str, list[str | None]] | None:
    reports = header.match(REPORT_KEYS)
    if _REPORT_MARKERS & {name for name in reports if name}:
        return "reports", reports
    people = header.match(ROSTER_KEYS)
    if "full_name" in people:
        return "roster", people
    return None


def _required(kind: str, columns: dict[str, int]) -> list[tuple[str, tuple[str, ...]]]:
    """The fields missing a column, with the headers that would give them."""
    if kind == "roster":
        return [(n, ROSTER_COLUMNS[n]) for n in roster.REQUIRED if n not in columns]
    missing: list[tuple[str, tuple[str, ...]]] = []
    if "period" not in columns:
        missing.append(("period", REPORT_COLUMNS["period"]))
    if "reporter.id" not in columns and "reporter.unit" not in columns:
        missing.append(("reporter.id", REPORT_COLUMNS["reporter.id"]))
    if any(name.startswith("item.") for name in columns):
        if "item.title" not in columns and "item.content" not in columns:
            missing.append(("item.content", REPORT_COLUMNS["item.content"]))
        if "item.field" not in columns:
            missing.append(("item.field", REPORT_COLUMNS["item.field"]))
    return missing


def _table(
    sheet: Sheet, number: int, header: Header, found: Collector
) -> tuple[str, Table | None] | None:
    """What the sheet holds and its table, ``None`` for the table when its columns are wrong
    (reported); ``None`` when it fits neither kind."""
    decided = _kind(header)
    if decided is None:
        return None
    kind, fields = decided
    known = ROSTER_COLUMNS if kind == "roster" else REPORT_COLUMNS
    rows = sheet.rows[header.last + 1 :]
    width = max([len(header.labels), *(len(r) for r in rows)])
    columns: dict[str, int] = {}
    table = Table(sheet, header, columns, number, found.keys)
    start = len(found.problems)
    for column in range(width):
        label = header.labels[column] if column < len(header.labels) else ""
        name = fields[column] if column < len(fields) else None
        filled = any(column < len(r) and not _blank(r[column]) for r in rows)
        where = table.at(header.last, column, label)
        if name is None:
            keys = header.candidates[column] if column < len(header.candidates) else []
            if not label and filled:
                found.problem(where, "the column has values but no header")
            elif label and filled and not any(ignored(k) for k in keys):
                names = ", ".join(aliases[0] for aliases in known.values())
                found.problem(
                    where,
                    f"not a column of a {_KINDS[kind]}; name it as one of: {names} (or "
                    "'Ghi chú…' to keep it out of the data)",
                    label,
                )
            continue
        if name in columns:
            first = columns[name]
            found.problem(
                where,
                f"a second column for {name}: column {column_letter(first)} "
                f"({cut(header.labels[first], 80)}) gives it already; keep one",
                label,
            )
            continue
        columns[name] = column
    for name, aliases in _required(kind, columns):
        found.problem(
            table.at(header.last),
            f"no column for {name} (a {_KINDS[kind]} needs one): expected a header such as "
            + ", ".join(quote(a) for a in aliases[:3]),
        )
    if len(found.problems) > start:
        return kind, None
    for row, column in sheet.formulas:
        if row > header.last and row < len(sheet.rows) and column in columns.values():
            cells = sheet.rows[row]
            cells.extend([None] * (column + 1 - len(cells)))
            cells[column] = UNSAVED
    return kind, table


def _misfit(file: Path, sheets: list[Sheet]) -> InputError:
    seen = []
    for sheet in sheets:
        first = next((row for row in sheet.rows if any(not _blank(v) for v in row)), [])
        texts = ", ".join(quote(cell_text(v), 40) for v in first[:8] if not _blank(v))
        name = f"sheet {quote(sheet.name)}" if sheet.name is not None else "the file"
        seen.append(f"{name} starts with {cut(texts, 300)}" if texts else f"{name} is empty")
    if not seen:
        return InputError(f"the file is empty; {expected_headers()}", path=file)
    return InputError(
        f"neither a roster nor monthly reports ({'; '.join(seen)}): {expected_headers()}",
        path=file,
    )


def _relocate(exc: DataValidationError, found: Collector) -> None:
    """The models' problems, at the cells their values came from."""
    for problem in exc.problems:
        location = problem.location
        if found.already_reported(location):
            continue
        spot = found.position(location)
        message = problem.message
        if message.startswith("String should match pattern"):
            message = (
                f"{quote(problem.value)} is not a code: letters, digits, '.', '_' and '-' only, "
                "no spaces (the code, as in units.yaml, not the name)"
            )
        if spot is None:
            found.problem(location, message, problem.value)
            continue
        where, rest = spot
        if not rest and message == "required field is missing":
            message = "the cell is empty; a value is required"
        elif rest and not rest.isdigit():
            message = f"{rest}: {message}"
        found.problem(where, message, problem.value)


def read_table_file(path: str | Path) -> Dataset:
    """The collaborators and reports of a ``.csv`` or ``.xlsx`` file, as a partial dataset.

    Raises:
        InputError: the file cannot be read, or no sheet is a roster or a reports table.
        DataValidationError: every bad cell, each named by sheet, row and column.
    """
    file = check_regular(path, "data file")
    sheets = [sheet for sheet in read_sheets(file) if any(sheet.rows)]
    found = Collector()
    people: list[dict[str, Any]] = []
    grouping = report_rows.Grouping()
    fitted = 0
    for number, sheet in enumerate(sheets):
        header = find_header(sheet)
        decided = None if header is None else _table(sheet, number, header, found)
        if decided is None:
            continue
        fitted += 1
        kind, table = decided
        if table is None:
            continue
        if kind == "roster":
            people += roster.collaborators(table, found, len(people))
        else:
            report_rows.reports(table, found, grouping, 0)
    if not fitted:
        raise _misfit(file, sheets)
    data: dict[str, Any] = {}
    if people:
        data["collaborators"] = people
    if grouping.records:
        data["reports"] = grouping.records
    dataset = None
    try:
        dataset = validate(Dataset, data, source=file, partial=True)
    except DataValidationError as exc:
        _relocate(exc, found)
    if found.problems or dataset is None:
        raise DataValidationError("Dataset", found.sorted_problems(), source=file)
    key = id(dataset)
    _POSITIONS[key] = (
        weakref.ref(dataset, lambda _: _POSITIONS.pop(key, None)),
        Positions(found.places),
    )
    return dataset


def positions(dataset: Dataset) -> Mapping[str, str]:
    """Where the records of a dataset this module returned came from: record path
    (``collaborators.3``, ``reports.2.reporter.id``) -> ``sheet 'CTV', row 5, column C (Đơn
    vị)``; empty for any other dataset. For errors found across the files of a folder, which
    name a record by its index in the file."""
    entry = _POSITIONS.get(id(dataset))
    return entry[1] if entry is not None and entry[0]() is dataset else {}
