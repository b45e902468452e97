"""Built-in importers: rosters and monthly reports kept as Excel workbooks or CSV files.

Registered like a plugin's, so ``DLXH_DISABLE_PLUGINS=dlxh.builtins.importing`` lets a plugin
read ``.xlsx`` and ``.csv`` its own way (two importers for one suffix are an error).
"""

from __future__ import annotations

from collections.abc import Callable

from dlxh.hookspecs import Importer, hookimpl
from dlxh.importers import read_csv, read_xlsx


@hookimpl
def dlxh_register_importers(register: Callable[[str, Importer], None]) -> None:
    register(".xlsx", read_xlsx)
    register(".csv", read_csv)
