"""The synthesis report (BÁO CÁO tình hình tư tưởng, dư luận xã hội) from a :class:`Synthesis`.

The wording follows the reports provincial boards issue every month: the general picture with
the network's figures, opinion currents by field, hot spots, forecasts, recommendations, the
follow-up of reflected issues and the collaborators' reporting. Every sentence is built from the
synthesis figures, so the document and the JSON never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from dlxh.aggregate import OpinionCurrent, Synthesis, Table
from dlxh.models import (
    Dataset,
    Document,
    DocumentType,
    Issuer,
    OpinionField,
    Period,
    Profile,
    Signer,
    Tendency,
)
from dlxh.reports._blocks import heading, numbered, paragraph, report_document
from dlxh.vn import format_number
from dlxh.vn.numbers import format_share

__all__ = ["synthesis_document"]


def _table(table: Table, total: Sequence[str] = ()) -> dict[str, Any]:
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


def _share(part: int, whole: int) -> str:
    return format_share(part, whole, 0) if whole else "-"


def _compliance_table(synthesis: Synthesis, table: Table) -> dict[str, Any]:
    """Each unit's own collaborators and reports, then "Tổng cộng".

    The synthesis's own table gives every unit its total with the units below it, so the
    province's line (no collaborator of its own, every report of the network) read like one
    more unit and its figures were counted twice down the columns. Here a row is a unit's own
    part, the rows add up, and the network's total is the bold last row.
    """
    comp = synthesis.compliance
    units = [u for u in comp.units if u.collaborators or u.own.expected or u.own.received]
    rows = [
        [
            u.name,
            format_number(u.collaborators),
            format_number(u.own.expected),
            format_number(u.own.on_time),
            format_number(u.own.late),
            format_number(u.own.missing),
            format_number(u.own.received),
            _share(u.own.on_time, u.own.expected),
        ]
        for u in units
    ]
    t = comp.totals
    total = [
        "Tổng cộng",
        format_number(sum(u.collaborators for u in units)),
        *(format_number(n) for n in (t.expected, t.on_time, t.late, t.missing, t.received)),
        _share(t.on_time, t.expected),
    ]
    return _table(table.model_copy(update={"rows": rows}), total)


def _current_line(current: OpinionCurrent) -> str:
    units = len(current.units)
    where = f", {format_number(units)} đơn vị" if units else ""
    return (
        f"{current.title}: {current.breadth.label} ({format_number(current.reflections)} lượt "
        f"phản ánh{where}); khuynh hướng {current.tendency.label}."
    )


def _overview(synthesis: Synthesis) -> list[dict[str, Any]]:
    comp = synthesis.compliance.totals
    figures = synthesis.figures
    label = synthesis.period.label
    on_time = comp.on_time_share()
    share_text = f" ({format_number(on_time)}% đúng hạn)" if on_time is not None else ""
    monthly = comp.on_time + comp.late  # the ad-hoc reports are counted on their own
    lines = [
        f"Trong {label}, đội ngũ cộng tác viên dư luận xã hội gửi {format_number(monthly)}"
        f"/{format_number(comp.expected)} báo cáo theo quy định{share_text}; "
        f"{format_number(comp.late)} báo cáo chậm, {format_number(comp.missing)} báo cáo chưa gửi"
        + (f"; {format_number(comp.ad_hoc)} báo cáo đột xuất." if comp.ad_hoc else "."),
        f"Tổng hợp được {format_number(figures.items)} lượt ý kiến, hình thành "
        f"{format_number(len(synthesis.currents))} luồng dư luận, trong đó "
        f"{format_number(len(synthesis.hotspots))} vấn đề là điểm nóng.",
    ]
    tendencies = [
        f"{format_number(count)} lượt {tendency.label}"
        for tendency, count in synthesis.items_by_tendency.items()
        if count and tendency is not Tendency.UNDECIDED
    ]
    if tendencies:
        lines.append("Về khuynh hướng: " + ", ".join(tendencies) + ".")
    events = synthesis.events.total
    if events.events:
        lines.append(
            f"Trong kỳ tổ chức {format_number(events.events)} hội nghị, đối thoại, tập huấn với "
            f"{format_number(events.attendees)} lượt người tham dự; "
            f"{format_number(events.opinions_raised)} ý kiến được nêu, "
            f"{format_number(events.opinions_answered)} ý kiến được trả lời tại chỗ."
        )
    return [paragraph(line) for line in lines]


def _by_field(synthesis: Synthesis) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    for field in OpinionField:
        currents = [c for c in synthesis.currents if c.field is field]
        if not currents:
            continue
        name = "Các lĩnh vực khác" if field is OpinionField.OTHER else f"Lĩnh vực {field.label}"
        blocks.append(heading(2, name))
        blocks.append({"type": "bullets", "items": [_current_line(c) for c in currents]})
    if not blocks:
        blocks.append(paragraph("Trong kỳ không có ý kiến được phản ánh."))
    return blocks


def _item_texts(synthesis: Synthesis, dataset: Dataset | None, attribute: str) -> list[str]:
    """Forecasts or recommendations of the items behind the currents, once each, in order."""
    if dataset is None:
        return []
    reports = {report.id: report for report in dataset.reports}
    seen: list[str] = []
    for current in synthesis.currents:
        for ref in current.provenance:
            report = reports.get(ref.report)
            if report is None or ref.index >= len(report.items):
                continue
            text = getattr(report.items[ref.index], attribute)
            if text and text not in seen:
                seen.append(text)
    return seen


def _follow_ups(synthesis: Synthesis, tables: dict[str, Table]) -> list[dict[str, Any]]:
    kpis = synthesis.follow_ups
    if not kpis.reflected:
        return [paragraph("Trong kỳ không có vấn đề mới được phản ánh, kiến nghị.")]
    text = (
        f"Trong kỳ có {format_number(kpis.reflected)} vấn đề được phản ánh, kiến nghị; đã giải "
        f"quyết, trả lời hoặc định hướng {format_number(kpis.handled)} vấn đề "
        f"({kpis.handled_share_text}), trong đó Ban trực tiếp xử lý "
        f"{format_number(kpis.handled_by_board)} vấn đề; "
        f"{format_number(kpis.verifying)} vấn đề đang xác minh, "
        f"{format_number(kpis.overdue)} vấn đề quá hạn."
    )
    agencies = kpis.agencies
    total = [
        "Tổng cộng",
        *(
            format_number(sum(getattr(a, name) for a in agencies))
            for name in ("reflected", "handled", "open", "overdue")
        ),
        _share(sum(a.handled for a in agencies), sum(a.reflected for a in agencies)),
    ]
    return [paragraph(text), _table(tables["follow_ups"], total if len(agencies) > 1 else ())]


def _compliance(synthesis: Synthesis, tables: dict[str, Table]) -> list[dict[str, Any]]:
    blocks = [_compliance_table(synthesis, tables["compliance"])]
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


def synthesis_document(
    synthesis: Synthesis,
    *,
    issuer: Issuer,
    place: str,
    date: dt.date,
    dataset: Dataset | None = None,
    number: int | None = None,
    signer: Signer | None = None,
    recipients: Sequence[str] = (),
    archive: str = "Văn phòng",
    profile: Profile = Profile.DANG,
) -> Document:
    """The synthesis BÁO CÁO of ``synthesis``, ready for :func:`dlxh.render.render_document`.

    ``dataset`` (the data the synthesis was built from) supplies the forecasts and
    recommendations of the items behind each current; without it those sections stay short.
    Plugin metrics (``synthesis.metrics``) get a section of their own.
    """
    tables = synthesis.tables()
    forecasts = _item_texts(synthesis, dataset, "forecast")
    recommendations = _item_texts(synthesis, dataset, "recommendation")
    hotspots = synthesis.hotspots
    body: list[dict[str, Any]] = [
        heading(1, "Tình hình chung"),
        *_overview(synthesis),
        heading(1, "Các luồng dư luận xã hội"),
        *_by_field(synthesis),
        heading(1, "Những vấn đề nổi lên, điểm nóng"),
        {"type": "bullets", "items": [_current_line(c) for c in hotspots]}
        if hotspots
        else paragraph("Trong kỳ không phát sinh điểm nóng về chính trị, xã hội."),
        heading(1, "Dự báo tình hình"),
        {"type": "bullets", "items": forecasts}
        if forecasts
        else paragraph("Tình hình tư tưởng, dư luận xã hội dự báo cơ bản ổn định."),
        heading(1, "Đề xuất, kiến nghị"),
        {"type": "bullets", "items": recommendations}
        if recommendations
        else paragraph("Đề nghị các cấp ủy, chính quyền tiếp tục quan tâm nắm bắt dư luận."),
        heading(1, "Kết quả theo dõi, giải quyết các vấn đề phản ánh"),
        *_follow_ups(synthesis, tables),
        heading(1, "Tình hình thực hiện chế độ báo cáo của cộng tác viên"),
        *_compliance(synthesis, tables),
    ]
    if synthesis.metrics:
        body.append(heading(1, "Các chỉ số bổ sung"))
        body.append(
            {
                "type": "bullets",
                "items": _metric_lines(synthesis.metrics),
            }
        )
    scope = f" {synthesis.unit_name}" if synthesis.unit_name else ""
    return report_document(
        DocumentType.BAO_CAO,
        f"Tình hình tư tưởng, dư luận xã hội{scope} {synthesis.period.label}",
        numbered(body),
        issuer=issuer,
        place=place,
        date=date,
        number=number,
        signer=signer,
        recipients=recipients,
        archive=archive,
        profile=profile,
    )


def _metric_lines(metrics: Mapping[str, object]) -> list[str]:
    """One line per plugin figure, in the list punctuation of the rest of the report.

    The figure's name is printed as the plugin gave it, so a plugin whose figures belong in
    documents names them in words (``"Số ý kiến được đánh dấu điểm nóng"``).
    """
    lines = [
        f"{name}: {format_number(value) if isinstance(value, int | float) else value}"
        for name, value in metrics.items()
    ]
    return [
        line.rstrip(" ;.") + (";" if index < len(lines) - 1 else ".")
        for index, line in enumerate(lines)
    ]
