"""Built-in importers: a collaborators' roster and monthly reports, from XLSX or CSV.

What offices keep is a table, not YAML: a roster sheet (Mã CTV, Họ và tên, Đơn vị, Cấp...)
and a table of the month's reports, one opinion item per row. :func:`read_xlsx` and
:func:`read_csv` read either kind (decided by the headers) into the part of a dataset the file
holds, validated as a partial :class:`~dlxh.models.Dataset`: the references to units and
collaborators in other files of the folder are checked by :func:`dlxh.load_dataset` once every
file is merged. The built-in plugin ``dlxh.builtins.importing`` registers them for ``.xlsx``
and ``.csv``.

Headers are matched in any case, with or without accents (:mod:`dlxh.importers.columns`), cell
values as offices type them (:mod:`dlxh.importers.values`), and every bad cell is reported, by
sheet, row and column with its header, in one :class:`~dlxh.errors.DataValidationError`.

This module imports nothing heavy: the readers load openpyxl and the models on first use.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dlxh.models.dataset import Dataset

__all__ = ["positions", "read_csv", "read_table_file", "read_xlsx"]


def positions(dataset: Dataset) -> Mapping[str, str]:
    """Record path -> ``sheet 'CTV', row 5, column C (Đơn vị)`` for a dataset these importers
    returned (empty for any other): lets a check across files name the cell, not the index."""
    from dlxh.importers._read import positions as found  # noqa: PLC0415 (first use)

    return found(dataset)


def read_table_file(path: str | Path) -> Dataset:
    """The roster and/or reports a ``.xlsx`` (every sheet that is one) or ``.csv`` holds."""
    from dlxh.importers._read import read_table_file as read  # noqa: PLC0415 (first use)

    return read(path)


def read_xlsx(path: Path) -> Dataset:
    """The importer registered for ``.xlsx``: see :func:`read_table_file`."""
    return read_table_file(path)


def read_csv(path: Path) -> Dataset:
    """The importer registered for ``.csv``: see :func:`read_table_file`."""
    return read_table_file(path)
