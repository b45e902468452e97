"""A collaborators' roster (danh sách cộng tác viên): one row per collaborator.

The columns map to :class:`~dlxh.models.Collaborator` fields (see
:data:`~dlxh.importers.columns.ROSTER_COLUMNS`); ``contact.*`` columns fill the contact block,
``Lĩnh vực`` may list several fields (``kinh tế; y tế``), a date of birth keeps only its year
(the model stores no more), and labels are read as the models read them (``nam``/``nữ``,
``xã``, ``đang hoạt động``). Blank rows, and rows with nothing but a row number, are skipped.
"""

from __future__ import annotations

from typing import Any, Final

from dlxh.importers._cells import Collector, Table
from dlxh.importers.columns import ROSTER_COLUMNS
from dlxh.importers.values import choices, day, label, text, year_of_birth
from dlxh.models.collaborator import CollaboratorStatus, Gender
from dlxh.models.opinion import OpinionField
from dlxh.models.unit import UnitLevel

__all__ = ["REQUIRED", "collaborators"]

REQUIRED: Final = ("id", "full_name", "unit", "level")
"""Fields a roster must have a column for (the model requires them)."""


def _set(record: dict[str, Any], path: str, value: object) -> None:
    head, _, rest = path.partition(".")
    if rest:
        _set(record.setdefault(head, {}), rest, value)
    else:
        record[head] = value


def blank(table: Table, row: int, names: object = None) -> bool:
    """Whether ``row`` has nothing in the table's data columns (``names``: only those)."""
    wanted = table.columns if names is None else names
    return all(table.raw(row, name) in (None, "") for name in wanted)  # type: ignore[attr-defined]


def collaborators(table: Table, found: Collector, start: int) -> list[dict[str, Any]]:
    """The roster's records; ``start`` is the index of the first in the dataset's list."""
    epoch = table.sheet.epoch
    converters: dict[str, Any] = {
        "birth_year": lambda v: year_of_birth(v, epoch),
        "appointed_on": lambda v: day(v, epoch),
        "ended_on": lambda v: day(v, epoch),
        "fields": lambda v: choices(v, OpinionField),
        "gender": lambda v: label(v, Gender),
        "level": lambda v: label(v, UnitLevel),
        "status": lambda v: label(v, CollaboratorStatus),
    }
    records: list[dict[str, Any]] = []
    for row in table.data_rows():
        if blank(table, row):
            continue
        at = f"collaborators.{start + len(records)}"
        found.place(at, table, row)
        record: dict[str, Any] = {}
        for name in ROSTER_COLUMNS:
            if name not in table.columns:
                continue
            value = found.read(table, row, name, converters.get(name, text), f"{at}.{name}")
            if value is not None:
                _set(record, name, value)
        records.append(record)
    return records
