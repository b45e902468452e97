"""Reading one table's cells while remembering where each value came from.

Every value an importer puts into a record is *placed*: its record path (``reports.2.items.1
.tendency``) is tied to the cell it came from, so a problem the models find later (a phone
number that is not one, a collaborator who ended before being appointed) is reported at the
sheet, row and column, with the header as the table writes it. A value that cannot even be
converted (a date that is not one) is reported at once, and the models' complaint about the
field left empty is then dropped: one problem per bad cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from dlxh.errors import FieldProblem
from dlxh.importers.columns import Header
from dlxh.tables import Sheet

__all__ = ["Collector", "Positions", "Spot", "Table"]

T = TypeVar("T")


@dataclass
class Table:
    """A sheet, its header and the column of each field it has."""

    sheet: Sheet
    header: Header
    columns: dict[str, int]
    number: int = 0
    """The sheet's place in its file, to order problems."""
    keys: dict[str, tuple[int, int, int]] | None = None
    """Where :meth:`where` records each position's order key (a :class:`Collector`'s)."""
    memo: dict[str, Any] = field(default_factory=dict)
    """What a reader computes once per table (its converters)."""

    def raw(self, row: int, name: str) -> Any:
        """The raw value of field ``name`` in 0-based ``row`` (``None`` without the column)."""
        column = self.columns.get(name)
        if column is None:
            return None
        cells = self.sheet.rows[row]
        return cells[column] if column < len(cells) else None

    def where(self, row: int, name: str | None = None) -> str:
        """The position of field ``name``'s cell in ``row`` (of the row alone without it)."""
        column = None if name is None else self.columns.get(name)
        label = None if column is None else self.header.labels[column]
        return self.at(row, column, label)

    def at(self, row: int, column: int | None = None, label: str | None = None) -> str:
        """The position of a 0-based cell (of a row), its order key recorded."""
        text = self.sheet.where(row, column, label)
        if self.keys is not None:
            self.keys.setdefault(text, (self.number, row, -1 if column is None else column))
        return text

    def data_rows(self) -> range:
        """The 0-based rows below the header."""
        return range(self.header.last + 1, len(self.sheet.rows))


Spot = tuple[Table, int, "str | None"]
"""A table, a 0-based row and a field (``None``: the row itself)."""


class Positions(Mapping[str, str]):
    """Record path -> position text, made on access (a large table places a million cells)."""

    def __init__(self, places: dict[str, Spot]) -> None:
        self._places = places

    def __getitem__(self, location: str) -> str:
        table, row, name = self._places[location]
        return table.where(row, name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._places)

    def __len__(self) -> int:
        return len(self._places)


@dataclass
class Collector:
    """The problems found in one file, and where each record's values came from."""

    problems: list[FieldProblem] = field(default_factory=list)
    order: list[tuple[int, int, int]] = field(default_factory=list)
    """Each problem's (sheet, row, column) order key, to list them as the table reads."""
    places: dict[str, Spot] = field(default_factory=dict)
    """Record path -> the cell (or row) its value came from; the text is made when needed."""
    reported: set[str] = field(default_factory=set)

    def problem(self, where: str, message: str, value: object = None) -> None:
        self.problems.append(FieldProblem(where, message, value))
        self.order.append(self.keys.get(where, (1 << 30, 0, 0)))

    keys: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    """The order key of each position text handed out (see :meth:`Table.where`)."""

    def sorted_problems(self) -> list[FieldProblem]:
        """The problems by sheet, row and column (stable: a cell's problems keep their order)."""
        ranked = sorted(range(len(self.problems)), key=self.order.__getitem__)
        return [self.problems[i] for i in ranked]

    def place(self, location: str, table: Table, row: int, name: str | None = None) -> None:
        """Tie a record path to field ``name``'s cell in ``row`` (the row alone without a
        name); the first position given wins."""
        self.places.setdefault(location, (table, row, name))

    def read(
        self,
        table: Table,
        row: int,
        name: str,
        convert: Callable[[Any], T | None],
        location: str,
    ) -> T | None:
        """Field ``name`` of ``row`` converted, placed at ``location``; ``None`` when blank or
        when it cannot be converted (then reported here, at its cell)."""
        if name in table.columns:
            self.place(location, table, row, name)
        raw = table.raw(row, name)
        if raw is None or raw == "":
            return None
        try:
            return convert(raw)
        except ValueError as exc:
            self.problem(table.where(row, name), str(exc).removeprefix("Value error, "), raw)
            self.reported.add(location)
            return None

    def position(self, location: str) -> tuple[str, str] | None:
        """The position of the longest placed prefix of the dotted ``location``, and the rest
        of the location past that prefix (``""`` when it is placed itself)."""
        parts = location.split(".")
        for end in range(len(parts), 0, -1):
            found = self.places.get(".".join(parts[:end]))
            if found is not None:
                table, row, name = found
                return table.where(row, name), ".".join(parts[end:])
        return None

    def already_reported(self, location: str) -> bool:
        parts = location.split(".")
        return any(".".join(parts[:end]) in self.reported for end in range(len(parts), 0, -1))
