"""Monthly reports as a table: one row per opinion item, rows of one report merged.

A report table lists what each collaborator reported: the report's cells (its id, period,
reporter, date sent) and one opinion item per row. Rows are merged into reports by the report
id; a table with no report-id column groups its rows by reporter and period (the report then
gets the id ``BC-<period>-<reporter>``). A row whose report cells are all blank continues the
report above (as a merged cell would), and a row with report cells but no item cells is a
report with nothing to report. Two rows of one report that disagree on a report cell (two
dates sent) are a problem at the second one.

Without a ``Tiêu đề`` column an item's title is the first line of its content (cut at 500
characters, the model's bound); without a ``Nội dung`` column its content is its title.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any, Final

from dlxh.importers._cells import Collector, Table
from dlxh.importers.columns import REPORT_COLUMNS
from dlxh.importers.roster import blank
from dlxh.importers.values import boolean, choices, day, label, period, text
from dlxh.models.opinion import (
    Audience,
    Breadth,
    Intensity,
    OpinionField,
    SourceChannel,
    Tendency,
)
from dlxh.quoting import quote

__all__ = ["REPORT_CELLS", "Grouping", "reports"]

REPORT_CELLS: Final = (
    "id",
    "period",
    "year",
    "reporter.id",
    "reporter.unit",
    "reporter.name",
    "submitted_on",
    "due_on",
    "summary",
)
"""The columns that belong to the report rather than to the row's opinion item."""
ITEM_CELLS: Final = tuple(name for name in REPORT_COLUMNS if name.startswith("item."))
_TITLE_CHARS: Final = 500


class Grouping:
    """The reports of one file so far, by key (their id, or reporter and period)."""

    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []
        self.index: dict[tuple[str, ...], int] = {}
        self.first_row: dict[int, str] = {}


def _generated_id(period_: str, reporter: str) -> str:
    ident = re.sub(r"[^\w.\-]", "-", f"BC-{period_}-{reporter}")
    if len(ident) <= 64:
        return ident
    digest = hashlib.blake2s(ident.encode(), digest_size=6).hexdigest()
    return f"{ident[:51]}-{digest}"


def _title(content: str) -> str:
    line = content.strip().splitlines()[0] if content.strip() else content
    if len(line) <= _TITLE_CHARS:
        return line
    cut = line[: _TITLE_CHARS - 1].rsplit(" ", 1)[0]
    return f"{cut}…"


def _converters(table: Table) -> dict[str, Callable[[Any], Any]]:
    epoch = table.sheet.epoch
    return {
        "period": lambda v: period(v, None, epoch),
        "submitted_on": lambda v: day(v, epoch),
        "due_on": lambda v: day(v, epoch),
        "item.observed_on": lambda v: day(v, epoch),
        "item.hotspot": boolean,
        "item.audiences": lambda v: choices(v, Audience),
        "item.field": lambda v: label(v, OpinionField),
        "item.tendency": lambda v: label(v, Tendency),
        "item.breadth": lambda v: label(v, Breadth),
        "item.intensity": lambda v: label(v, Intensity),
        "item.channel": lambda v: label(v, SourceChannel),
    }


def _cells(
    table: Table, row: int, names: tuple[str, ...], found: Collector
) -> tuple[dict[str, Any], set[str]]:
    """The row's converted values of ``names`` (blank ones left out) and the names whose cell
    could not be converted (reported already)."""
    converters = table.memo.get("converters")
    if converters is None:
        converters = table.memo["converters"] = _converters(table)
    year = table.raw(row, "year")
    if year not in (None, ""):
        epoch = table.sheet.epoch
        converters = {**converters, "period": lambda v: period(v, year, epoch)}
    values: dict[str, Any] = {}
    failed: set[str] = set()
    for name in names:
        raw = table.raw(row, name)
        if name not in table.columns or raw in (None, ""):
            continue
        try:
            convert: Callable[[Any], Any] = converters.get(name, text)
            value = convert(raw)
        except ValueError as exc:
            found.problem(table.where(row, name), str(exc), raw)
            failed.add(name)
            continue
        if value is not None:
            values[name] = value
    return values, failed


def _place(  # noqa: PLR0917 (a private helper of this module)
    found: Collector, table: Table, row: int, at: str, names: tuple[str, ...], unit: bool = False
) -> None:
    """Tie the record paths of ``names`` to the row's cells (a unit's code is its reporter id)."""
    skipped = "reporter.id" if unit else "reporter.unit"
    for name in names:
        if name in table.columns and name != skipped:
            path = name.removeprefix("item.").replace("reporter.unit", "reporter.id")
            found.place(f"{at}.{path}", table, row, name)


def _report(
    table: Table, row: int, cells: dict[str, Any], failed: set[str], found: Collector
) -> tuple[tuple[str, ...], dict[str, Any]] | None:
    """The key and the new record of the report a row with report cells opens or names."""
    if "reporter.id" in cells:
        kind, reporter = "collaborator", cells["reporter.id"]
    elif "reporter.unit" in cells:
        kind, reporter = "unit", cells["reporter.unit"]
    else:
        kind, reporter = "collaborator", None
    if "id" in table.columns:
        if "id" not in cells:
            found.problem(
                table.where(row, "id"),
                "the report id is empty; rows of one report need its id (or leave every "
                "report cell blank to continue the report above)",
            )
            return None
        key: tuple[str, ...] = ("id", cells["id"])
        ident = cells["id"]
    else:
        if "period" in failed or reporter is None or "period" not in cells:
            missing = "period" if "period" not in cells else "reporter.id"
            if missing not in failed:
                found.problem(
                    table.where(row, missing if missing in table.columns else "reporter.unit"),
                    "the cell is empty; without a report-id column each row needs its "
                    "reporter and period",
                )
            return None
        key = ("by", kind, reporter, cells["period"])
        ident = _generated_id(cells["period"], reporter)
    record: dict[str, Any] = {"id": ident, "reporter": {"kind": kind}, "items": []}
    if reporter is not None:
        record["reporter"]["id"] = reporter
    if "period" in cells:
        record["period"] = cells["period"]
    if "reporter.name" in cells:
        record["reporter"]["name"] = cells["reporter.name"]
    for name in ("submitted_on", "due_on", "summary"):
        if name in cells:
            record[name] = cells[name]
    return key, record


def _merge(  # noqa: PLR0917 (a private helper of this module)
    table: Table,
    row: int,
    record: dict[str, Any],
    at: str,
    cells: dict[str, Any],
    found: Collector,
) -> None:
    """Check a later row of a report against it; fill what the first rows left blank."""
    given = {
        "period": record.get("period"),
        "reporter.id": record["reporter"].get("id"),
        "reporter.name": record["reporter"].get("name"),
        **{name: record.get(name) for name in ("submitted_on", "due_on", "summary")},
    }
    if record["reporter"]["kind"] == "unit":
        given["reporter.unit"] = given.pop("reporter.id")
    for name, value in cells.items():
        if name not in given or name == "year":
            continue
        if given[name] is None:
            if name == "period":
                record["period"] = value
            elif name in ("reporter.id", "reporter.unit"):
                record["reporter"]["id"] = value
            elif name == "reporter.name":
                record["reporter"]["name"] = value
            else:
                record[name] = value
            path = "reporter.id" if name == "reporter.unit" else name
            found.places[f"{at}.{path}"] = (table, row, name)
            continue
        if str(given[name]) != str(value):
            found.problem(
                table.where(row, name),
                f"report {record['id']} has {quote(str(given[name]))} here in an earlier row; "
                "the rows of one report must agree",
                value,
            )


def reports(table: Table, found: Collector, grouping: Grouping, start: int) -> None:
    """Add the table's reports to ``grouping`` (``start``: the dataset index of its first)."""
    current: int | None = None
    data = [name for name in table.columns if name != "reporter.unit_name"]
    for row in table.data_rows():
        if blank(table, row, data):
            continue
        if blank(table, row, REPORT_CELLS):
            if current is None:
                found.problem(
                    table.where(row),
                    "an opinion item with no report: fill its report cells (id, period, "
                    "reporter) or those of a row above",
                )
                continue
            index = current
        else:
            cells, failed = _cells(table, row, REPORT_CELLS, found)
            opened = _report(table, row, cells, failed, found)
            if opened is None:
                current = None
                continue
            key, record = opened
            index = grouping.index.get(key, -1)
            if index < 0:
                index = grouping.index[key] = len(grouping.records)
                grouping.records.append(record)
                at = f"reports.{start + index}"
                found.place(at, table, row)
                unit = record["reporter"]["kind"] == "unit"
                _place(found, table, row, at, REPORT_CELLS, unit)
                for name in failed:
                    found.reported.add(f"{at}.{name.replace('reporter.unit', 'reporter.id')}")
            else:
                at = f"reports.{start + index}"
                _merge(table, row, grouping.records[index], at, cells, found)
            current = index
        _item(table, row, grouping.records[index], f"reports.{start + index}", found)


def _item(table: Table, row: int, record: dict[str, Any], at: str, found: Collector) -> None:
    if blank(table, row, ITEM_CELLS):
        return
    cells, failed = _cells(table, row, ITEM_CELLS, found)
    item = {name.removeprefix("item."): value for name, value in cells.items()}
    if "item.title" not in table.columns and "content" in item:
        item["title"] = _title(item["content"])
    if "item.content" not in table.columns and "title" in item:
        item["content"] = item["title"]
    spot = f"{at}.items.{len(record['items'])}"
    record["items"].append(item)
    found.place(spot, table, row)
    _place(found, table, row, spot, ITEM_CELLS)
    if "item.title" not in table.columns:
        found.place(f"{spot}.title", table, row, "item.content")
    if "item.content" not in table.columns:
        found.place(f"{spot}.content", table, row, "item.title")
    for name in failed:
        found.reported.add(f"{spot}.{name.removeprefix('item.')}")
