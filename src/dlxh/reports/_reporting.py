"""The collaborators' reporting in the synthesis BÁO CÁO: the sentence of the general
picture, the table by unit, and who sent late, who sent nothing, who is proposed for
replacement (:mod:`dlxh.reports.synthesis` puts them in their sections).

The board acts on people, so the report names them, not only counts them; before the deadline
it says which reports are not yet due ("chưa đến hạn") instead of counting them as missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dlxh.aggregate import ComplianceCounts, Synthesis, Table
from dlxh.models import Period
from dlxh.reports._blocks import paragraph
from dlxh.reports.wording import count_phrase, join_and
from dlxh.vn import format_number
from dlxh.vn.dates import format_date_short
from dlxh.vn.numbers import format_share

__all__ = ["compliance_blocks", "deadlines", "reporting_line", "share_cell", "table_block"]


def table_block(table: Table, total: Sequence[str] = ()) -> dict[str, Any]:
    """A report table; ``total`` is its "Tổng cộng" row, set bold after the units' rows. No
    widths: the renderer sizes the columns from what they hold (units' names are long, counts
    short), within the text width of the page the table lands on."""
    columns = len(table.header)
    rows: list[list[Any]] = list(table.rows) or [["-"] * columns]
    if total and table.rows:
        rows.append([{"text": text, "bold": True} for text in total])
    return {
        "type": "table",
        "caption": table.title,
        "header": [table.header],
        "rows": rows,
    }


def share_cell(part: int, whole: int) -> str:
    return format_share(part, whole, 0) if whole else "-"


def _compliance_table(synthesis: Synthesis, table: Table) -> dict[str, Any]:
    """Each unit's own collaborators and reports, then "Tổng cộng".

    The synthesis's own table gives every unit its total with the units below it, so the
    province's line (no collaborator of its own, every report of the network) read like one
    more unit and its figures were counted twice down the columns. Here a row is a unit's own
    part, the rows add up, and the network's total is the bold last row. Before the deadline
    a "Chưa đến hạn" column holds the reports not yet due, so that the columns still add up to
    "Phải gửi", and the on-time share is of the reports already due.
    """
    comp = synthesis.compliance
    ahead = comp.totals.pending > 0
    units = [u for u in comp.units if u.collaborators or u.own.expected or u.own.received]

    def counts(c: ComplianceCounts) -> list[str]:
        shown = [c.expected, c.on_time, c.late, c.missing, *([c.pending] if ahead else [])]
        return [*(format_number(n) for n in shown), format_number(c.received)]

    rows = [
        [
            u.name,
            format_number(u.collaborators),
            *counts(u.own),
            share_cell(u.own.on_time, u.own.settled),
        ]
        for u in units
    ]
    t = comp.totals
    total = [
        "Tổng cộng",
        format_number(sum(u.collaborators for u in units)),
        *counts(t),
        share_cell(t.on_time, t.settled),
    ]
    header = list(table.header)
    if ahead and "Chưa gửi" in header:
        header.insert(header.index("Chưa gửi") + 1, "Chưa đến hạn")
    return table_block(table.model_copy(update={"rows": rows, "header": header}), total)


def deadlines(synthesis: Synthesis) -> str:
    """ "hạn gửi ngày 20/10/2026": the deadline of the months whose reports are not yet due."""
    comp = synthesis.compliance
    months = sorted({Period.parse(p) for row in comp.collaborators for p in row.pending_periods})
    days = [format_date_short(month.due(comp.due_day)) for month in months]
    return f"hạn gửi ngày {join_and(days)}" if days else "hạn gửi chưa đến"


def reporting_line(synthesis: Synthesis) -> str:
    """The network's reporting in one sentence: sent, late, missing, not yet due, ad hoc."""
    comp = synthesis.compliance.totals
    period = synthesis.period
    when = f"Trong {period.label}"
    if synthesis.as_of < period.end:
        when += f" (tính đến ngày {format_date_short(synthesis.as_of)})"
    ad_hoc = f"; {format_number(comp.ad_hoc)} báo cáo đột xuất" if comp.ad_hoc else ""
    if not comp.expected:
        received = count_phrase(comp.received, "báo cáo", zero="chưa nhận được báo cáo nào")
        got = f"nhận được {received}" if comp.received else received
        return f"{when}, không có báo cáo định kỳ phải gửi; {got}{ad_hoc.replace(';', ',')}."
    on_time = comp.on_time_share()
    share_text = f" ({format_number(on_time)}% đúng hạn)" if on_time is not None else ""
    monthly = comp.on_time + comp.late  # the ad-hoc reports are counted on their own
    rest = []
    if comp.late:
        rest.append(f"{format_number(comp.late)} báo cáo chậm")
    if comp.missing:
        rest.append(f"{format_number(comp.missing)} báo cáo chưa gửi")
    if comp.pending:
        rest.append(f"{format_number(comp.pending)} báo cáo chưa đến hạn ({deadlines(synthesis)})")
    if not rest:
        rest.append("không có báo cáo chậm hoặc chưa gửi")
    return (
        f"{when}, đội ngũ cộng tác viên dư luận xã hội gửi {format_number(monthly)}"
        f"/{format_number(comp.expected)} báo cáo theo quy định{share_text}; "
        f"{', '.join(rest)}{ad_hoc}."
    )


_NAMED = 30
"""Collaborators named in one sentence at most; the others are counted ("và 12 người khác")."""


def _named(people: Sequence[str]) -> str:
    shown = "; ".join(people[:_NAMED])
    more = len(people) - _NAMED
    return f"{shown} và {format_number(more)} cộng tác viên khác" if more > 0 else shown


def _late_and_missing(synthesis: Synthesis) -> list[dict[str, Any]]:
    """Who sent late (how many days) and who sent nothing, by name and unit.

    The table counts them by unit; the board acts on people, so the report names them. For a
    period longer than a month each name carries the months concerned.
    """
    comp = synthesis.compliance
    unit_names = {row.unit: row.name for row in comp.units}
    several = len(synthesis.period.months()) > 1

    def months(periods: Sequence[str]) -> str:
        return ", ".join(Period.parse(p).label for p in periods) + "; " if several else ""

    late = [
        f"{row.name} ({unit_names.get(row.unit, row.unit)}, {months(row.late_periods)}"
        f"chậm {format_number(row.days_late)} ngày)"
        for row in comp.collaborators
        if row.late
    ]
    missing = [
        f"{row.name} ({unit_names.get(row.unit, row.unit)}"
        + (f", {months(row.missing_periods)[:-2]})" if several else ")")
        for row in comp.collaborators
        if row.missing
    ]
    lines = []
    if late:
        lines.append(f"Gửi báo cáo chậm ({format_number(len(late))}): {_named(late)}.")
    if missing:
        lines.append(f"Chưa gửi báo cáo ({format_number(len(missing))}): {_named(missing)}.")
    if not lines and comp.totals.settled and comp.totals.on_time == comp.totals.settled:
        lines.append("Các cộng tác viên đều gửi báo cáo đúng hạn.")
    return [paragraph(line) for line in lines]


def compliance_blocks(synthesis: Synthesis, tables: dict[str, Table]) -> list[dict[str, Any]]:
    blocks = [
        _compliance_table(synthesis, tables["compliance"]),
        *_late_and_missing(synthesis),
    ]
    silent = synthesis.compliance.silent
    if silent:
        unit_names = {row.unit: row.name for row in synthesis.compliance.units}
        names = "; ".join(
            f"{person.name} ({unit_names.get(person.unit, person.unit)}, không gửi báo cáo "
            f"{', '.join(Period.parse(p).label for p in person.periods)})"
            for person in silent
        )
        blocks.append(
            paragraph(
                f"Đề nghị xem xét thay thế {format_number(len(silent))} cộng tác viên: {names}."
            )
        )
    return blocks
