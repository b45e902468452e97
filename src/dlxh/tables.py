"""Tabular files: CSV and XLSX rows with sheet/row/column positions.

Offices keep their rosters and monthly tables in Excel, or export them as CSV; the survey
importer and the dataset importers read both through here, so they share one reading of what
Excel writes: UTF-8 with or without a BOM, the ``sep=;`` first line of a European Excel, any of
``,`` ``;`` tab ``|`` as the delimiter, and workbooks opened through the guard of
:mod:`dlxh.survey.xlsx_guard` (bounded, DTD-free, read to the last row).

:func:`read_sheets` keeps what a position-naming error needs: the sheet's name, each row at its
real row number (row 1 first, blank rows kept), raw cell values (a date cell stays a date, a
number a number), merged ranges filled with their top-left value (read-only openpyxl has no
``merged_cells``: they come from the sheet's XML) and the cells holding a formula whose value
was never saved.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlxh.errors import InputError
from dlxh.files import read_regular
from dlxh.quoting import cut, quote

__all__ = [
    "MAX_CSV_BYTES",
    "Sheet",
    "cell_text",
    "column_letter",
    "decode_csv",
    "read_csv",
    "read_csv_rows",
    "read_sheets",
    "read_xlsx",
    "trimmed",
]

MAX_CSV_BYTES = 256 * 1024 * 1024
"""Largest CSV read (an .xlsx is bounded by :class:`~dlxh.survey.xlsx_guard.WorkbookLimits`)."""

EXCEL_EPOCH = dt.date(1899, 12, 30)
"""Day 0 of Excel's serial dates (1900 date system; the famous 29/02/1900 included)."""

_MIN_FILL = 1_000_000
"""Cells merged ranges may fill in a sheet, at least; more is allowed in proportion to the
cells read (a crafted range over a million rows must not make a billion cells)."""


def cell_text(value: Any) -> str:
    """A cell's value as text: ``""`` for a blank, ``1``/``0`` for booleans, a whole float
    without ``.0`` (Excel stores every number as a float), dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def decode_csv(data: bytes, path: Path) -> str:
    """CSV bytes as text: UTF-8, with or without the BOM Excel writes."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte {exc.start}); in Excel use Save As, "
            "'CSV UTF-8 (Comma delimited)'",
            path=path,
        ) from None


def read_csv_rows(path: Path, what: str = "CSV file") -> list[list[str]]:
    """Every record of a CSV file, cells stripped (the header among them).

    The delimiter is the one of Excel's ``sep=`` first line when there is one, otherwise the
    most frequent of ``,`` ``;`` tab ``|`` in the first line (Excel in a Vietnamese or European
    locale writes ``;``).
    """
    text = decode_csv(read_regular(path, MAX_CSV_BYTES, what), path)
    delimiter = None
    first, _, rest = text.partition("\n")
    directive = re.fullmatch(r'"?sep=(.)"?\r?', first.strip("\r"))
    if directive:  # Excel's "sep=;" first line
        delimiter, text = directive.group(1), rest
    if delimiter is None:
        header = text.partition("\n")[0]
        counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", path=path) from None
    return [[c.strip() for c in r] for r in rows]


def read_csv(path: Path, what: str = "CSV file") -> tuple[list[str], list[list[str]]]:
    """A CSV file's first record (the header) and the records after it."""
    rows = read_csv_rows(path, what)
    if not rows:
        raise InputError("the file is empty; expected a header row", path=path)
    return rows[0], rows[1:]


def trimmed(row: Iterable[Any], width: int | None = None) -> list[str]:
    """The row's cells as text, without the blank cells at its end.

    A row is as long as its last cell, which may be an empty cell far to the right (a styled
    cell at column XFD makes 16,384): when nothing but blanks lies past ``width`` (the header's
    width) the tail is dropped by counting, without converting each cell.
    """
    row = tuple(row)
    if width is not None and len(row) > width:
        tail = row[width:]
        if tail.count(None) + tail.count("") == len(tail):
            row = row[:width]
    cells = [cell_text(v) for v in row]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def read_xlsx(path: Path, sheet: str | None) -> tuple[list[str], list[list[str]]]:
    """The first row (the header) and the rows after it of a workbook's first sheet (or
    ``sheet``), as text."""
    from dlxh.survey.xlsx_guard import open_workbook  # noqa: PLC0415 (openpyxl is heavy)

    with open_workbook(path) as workbook:
        if sheet is None:
            if not workbook.sheets:
                raise InputError("the workbook has no worksheet", path=path)
            worksheet = workbook.sheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook.sheet(sheet)
        else:
            names = ", ".join(workbook.sheetnames)
            raise InputError(f"no sheet {quote(sheet)} (found {cut(names)})", path=path)
        rows = workbook.rows(worksheet)
        first = next(rows, None)
        if first is None:
            raise InputError("the sheet is empty; expected a header row", path=path)
        header = trimmed(first)
        body = [trimmed(row, len(header)) for row in rows]
    return header, body


def column_letter(index: int) -> str:
    """The spreadsheet letters of 0-based column ``index``: 0 is ``A``, 26 is ``AA``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# ---------------------------------------------------------------------------------------------
# Sheets with positions


@dataclass
class Sheet:
    """One table as read: ``rows[i]`` is the sheet's row ``i + 1`` (a CSV's record ``i + 1``).

    Cells hold raw values: from a workbook ``str``, ``int``, ``float``, ``bool``,
    ``datetime``... (formulas as their saved value), from a CSV always ``str``; blanks are
    ``None`` or ``""`` and rows end at their last non-blank cell. Merged ranges are already
    filled with their top-left value; ``merged`` keeps them (0-based, inclusive) for whoever
    needs to tell a merged header from a typed one.
    """

    name: str | None
    """The sheet's name; ``None`` for a CSV file."""
    rows: list[list[Any]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    formulas: set[tuple[int, int]] = field(default_factory=set)
    """(row, column), 0-based, of the cells holding a formula whose value was never saved."""
    epoch: dt.date = EXCEL_EPOCH
    """Day 0 of the workbook's serial dates (numbers in a date column)."""

    def where(self, row: int, column: int | None = None, header: str | None = None) -> str:
        """The position of a 0-based cell as a person finds it: ``sheet 'CTV', row 7, column D
        (Ngày phân công)``."""
        parts = [f"sheet {quote(self.name)}"] if self.name is not None else []
        parts.append(f"row {row + 1}")
        if column is not None:
            label = f" ({cut(header, 80)})" if header else ""
            parts.append(f"column {column_letter(column)}{label}")
        return ", ".join(parts)


def _blank(value: Any) -> bool:
    return value is None or value == ""


def _strip_tail(row: Iterable[Any]) -> list[Any]:
    cells = list(row)
    while cells and _blank(cells[-1]):
        cells.pop()
    return cells


def _fill_merged(sheet: Sheet, read: int) -> None:
    """Give each cell of a merged range its top-left value (where the cell is blank)."""
    width = max((len(r) for r in sheet.rows), default=0)
    budget = max(_MIN_FILL, 4 * read)
    for top, left, bottom, right in sheet.merged:
        if top >= len(sheet.rows) or left >= width:
            continue
        source = sheet.rows[top]
        value = source[left] if left < len(source) else None
        if _blank(value):
            continue
        last_row, last_column = min(bottom, len(sheet.rows) - 1), min(right, width - 1)
        budget -= (last_row - top + 1) * (last_column - left + 1)
        if budget < 0:
            where = f"sheet {quote(sheet.name)}: " if sheet.name is not None else ""
            raise InputError(f"{where}merged cells cover more cells than the sheet holds")
        for number in range(top, last_row + 1):
            cells = sheet.rows[number]
            if len(cells) <= last_column:
                cells.extend([None] * (last_column + 1 - len(cells)))
            for column in range(left, last_column + 1):
                if _blank(cells[column]):
                    cells[column] = value


def read_sheets(path: Path) -> list[Sheet]:
    """Every table of a ``.csv`` (one, unnamed) or ``.xlsx``/``.xlsm`` file (one per sheet, in
    workbook order), with merged ranges filled; an :class:`InputError` names the file when it
    cannot be read or is refused by the workbook guard."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_workbook(path)
    return [Sheet(None, [_strip_tail(row) for row in read_csv_rows(path)])]


def _read_workbook(path: Path) -> list[Sheet]:
    from dlxh.survey.xlsx_guard import open_workbook, sheet_layout  # noqa: PLC0415 (heavy)

    sheets: list[Sheet] = []
    with open_workbook(path) as workbook:
        for worksheet in workbook.sheets:
            rows = [_strip_tail(row) for row in workbook.rows(worksheet)]
            layout = sheet_layout(workbook, worksheet)
            sheet = Sheet(
                str(worksheet.title),
                rows,
                merged=layout.merged,
                formulas=layout.formulas,
                epoch=workbook.epoch,
            )
            try:
                _fill_merged(sheet, sum(len(r) for r in rows))
            except InputError as exc:
                raise InputError(str(exc), path=path) from None
            sheets.append(sheet)
    return sheets
