"""Plain tables (header and rows of strings) for reports, spreadsheets and the terminal.

Numbers are formatted once, here, the Vietnamese way (:func:`dlxh.vn.format_number`: "4.890",
shares "93%"), so every renderer prints the same text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from dlxh.models._base import DlxhModel
from dlxh.vn.numbers import Rounding, format_number, format_share

if TYPE_CHECKING:
    from dlxh.aggregate.synthesis import Synthesis

__all__ = ["Table", "synthesis_tables"]


class Table(DlxhModel):
    """A named table: a title, a header row and body rows, all cells already formatted."""

    name: str = Field(description="Stable identifier, e.g. 'compliance'.")
    title: str
    header: list[str]
    rows: list[list[str]]


def synthesis_tables(
    synthesis: Synthesis, rounding: Rounding = Rounding.HALF_UP
) -> dict[str, Table]:
    """:meth:`Synthesis.tables <dlxh.aggregate.Synthesis.tables>`: compliance by unit, the
    currents, follow-ups by agency and, with a level, the breakdown."""
    n = format_number
    comp = Table(
        name="compliance",
        title="Tình hình gửi báo cáo của cộng tác viên theo đơn vị",
        header=[
            "Đơn vị",
            "Số CTV",
            "Phải gửi",
            "Đúng hạn",
            "Chậm",
            "Chưa gửi",
            "Đã nhận",
            "Tỷ lệ đúng hạn",
        ],
        rows=[
            [
                row.name,
                n(row.collaborators),
                n(row.total.expected),
                n(row.total.on_time),
                n(row.total.late),
                n(row.total.missing),
                n(row.total.received),
                format_share(row.total.on_time, row.total.settled, 0, rounding)
                if row.total.settled  # the reports due: one not yet due is not late
                else "-",
            ]
            for row in synthesis.compliance.units
        ],
    )
    currents = Table(
        name="currents",
        title="Các luồng dư luận",
        header=[
            "TT",
            "Nội dung",
            "Lĩnh vực",
            "Khuynh hướng",
            "Mức độ lan tỏa",
            "Lượt phản ánh",
            "Số báo cáo",
            "Điểm nóng",
        ],
        rows=[
            [
                n(position),
                c.title,
                c.field.label,
                c.tendency.label,
                c.breadth.label,
                n(c.reflections),
                n(c.reports),
                "x" if c.hotspot else "",
            ]
            for position, c in enumerate(synthesis.currents, start=1)
        ],
    )
    follow = Table(
        name="follow_ups",
        title="Kết quả giải quyết vấn đề phản ánh theo cơ quan",
        header=["Cơ quan", "Phản ánh", "Đã xử lý", "Chưa xử lý", "Quá hạn", "Tỷ lệ"],
        rows=[
            [
                a.agency,
                n(a.reflected),
                n(a.handled),
                n(a.open),
                n(a.overdue),
                format_share(a.handled, a.reflected, 0, rounding),
            ]
            for a in synthesis.follow_ups.agencies
        ],
    )
    tables = {t.name: t for t in (comp, currents, follow)}
    if synthesis.breakdown:
        tables["breakdown"] = Table(
            name="breakdown",
            title="Số liệu theo đơn vị",
            header=[
                "Đơn vị",
                "Báo cáo đã nhận",
                "Đúng hạn",
                "Chậm",
                "Chưa gửi",
                "Lượt phản ánh",
                "Điểm nóng",
                "Vấn đề theo dõi",
                "Sự kiện",
                "Lượt người dự",
            ],
            rows=[
                [
                    row.name,
                    n(f.reports_received),
                    n(f.reports_on_time),
                    n(f.reports_late),
                    n(f.reports_missing),
                    n(f.items),
                    n(f.hotspot_items),
                    n(f.follow_ups),
                    n(f.events),
                    n(f.attendees),
                ]
                for row in synthesis.breakdown
                for f in [row.figures]
            ],
        )
    return tables
