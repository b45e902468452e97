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
    Profile,
    Signer,
    Tendency,
)
from dlxh.reports._blocks import heading, numbered, paragraph, report_document
from dlxh.reports._reporting import (
    compliance_blocks,
    deadlines,
    reporting_line,
    share_cell,
    table_block,
)
from dlxh.reports.wording import count_phrase, events_phrase, metric_phrase
from dlxh.vn import format_number

__all__ = ["synthesis_document"]


def _current_line(current: OpinionCurrent) -> str:
    units = len(current.units)
    where = f", {format_number(units)} đơn vị" if units else ""
    return (
        f"{current.title}: {current.breadth.label} ({format_number(current.reflections)} lượt "
        f"phản ánh{where}); khuynh hướng {current.tendency.label}."
    )


def _overview(synthesis: Synthesis) -> list[dict[str, Any]]:
    figures = synthesis.figures
    lines = [reporting_line(synthesis)]
    if figures.items:
        hotspots = count_phrase(len(synthesis.hotspots), "vấn đề")
        lines.append(
            f"Tổng hợp được {format_number(figures.items)} lượt ý kiến, hình thành "
            f"{format_number(len(synthesis.currents))} luồng dư luận, trong đó {hotspots} là "
            "điểm nóng."
        )
    else:
        lines.append("Chưa tổng hợp được ý kiến nào của cộng tác viên.")
    tendencies = [
        f"{format_number(count)} lượt {tendency.label}"
        for tendency, count in synthesis.items_by_tendency.items()
        if count and tendency is not Tendency.UNDECIDED
    ]
    undecided = synthesis.items_by_tendency.get(Tendency.UNDECIDED, 0)
    if tendencies and undecided:  # the counts add up to the items counted above
        tendencies.append(f"{format_number(undecided)} lượt chưa rõ khuynh hướng")
    if tendencies:
        lines.append("Về khuynh hướng: " + ", ".join(tendencies) + ".")
    events = synthesis.events.total
    if events.events:
        line = f"Trong kỳ tổ chức {events_phrase(synthesis.events.by_kind)}"
        if events.attendees:
            line += f" với {format_number(events.attendees)} lượt người tham dự"
        if events.opinions_raised:
            answered = count_phrase(events.opinions_answered, "ý kiến", zero="chưa có ý kiến nào")
            line += (
                f"; {format_number(events.opinions_raised)} ý kiến được nêu, {answered} được "
                "trả lời tại chỗ"
            )
        lines.append(line + ".")
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
    if kpis.handled:
        handled = (
            f"đã giải quyết, trả lời hoặc định hướng {format_number(kpis.handled)} vấn đề "
            f"({kpis.handled_share_text})"
        )
        if kpis.handled_by_board:
            handled += (
                f", trong đó Ban trực tiếp xử lý {format_number(kpis.handled_by_board)} vấn đề"
            )
    else:
        handled = "chưa có vấn đề nào được giải quyết, trả lời"
    rest = [f"{format_number(kpis.verifying)} vấn đề đang xác minh"] if kpis.verifying else []
    rest.append(count_phrase(kpis.overdue, "vấn đề", zero="không có vấn đề nào") + " quá hạn")
    text = (
        f"Trong kỳ có {format_number(kpis.reflected)} vấn đề được phản ánh, kiến nghị; "
        f"{handled}; {', '.join(rest)}."
    )
    agencies = kpis.agencies
    total = [
        "Tổng cộng",
        *(
            format_number(sum(getattr(a, name) for a in agencies))
            for name in ("reflected", "handled", "open", "overdue")
        ),
        share_cell(sum(a.handled for a in agencies), sum(a.reflected for a in agencies)),
    ]
    return [paragraph(text), table_block(tables["follow_ups"], total if len(agencies) > 1 else ())]


def _forecast(synthesis: Synthesis, forecasts: Sequence[str]) -> dict[str, Any]:
    """The reporters' own forecasts; without them, only what the figures bear out: no
    forecast while reports are not yet due or no opinion came in."""
    if forecasts:
        return {"type": "bullets", "items": list(forecasts)}
    if synthesis.compliance.totals.pending:
        return paragraph(f"Chưa đủ báo cáo để dự báo; sẽ tổng hợp sau {deadlines(synthesis)}.")
    if not synthesis.figures.items:
        return paragraph("Chưa có ý kiến được phản ánh để dự báo tình hình.")
    if synthesis.hotspots:
        return paragraph(
            f"Cần tiếp tục theo dõi chặt chẽ diễn biến {format_number(len(synthesis.hotspots))} "
            "vấn đề điểm nóng nêu trên."
        )
    return paragraph("Tình hình tư tưởng, dư luận xã hội dự báo cơ bản ổn định.")


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
        _forecast(synthesis, forecasts),
        heading(1, "Đề xuất, kiến nghị"),
        {"type": "bullets", "items": recommendations}
        if recommendations
        else paragraph("Đề nghị các cấp ủy, chính quyền tiếp tục quan tâm nắm bắt dư luận."),
        heading(1, "Kết quả theo dõi, giải quyết các vấn đề phản ánh"),
        *_follow_ups(synthesis, tables),
        heading(1, "Tình hình thực hiện chế độ báo cáo của cộng tác viên"),
        *compliance_blocks(synthesis, tables),
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

    A plugin whose figures belong in documents names them in words, with their unit in
    brackets (``"Tỷ lệ báo cáo đúng hạn (%)"`` prints "Tỷ lệ báo cáo đúng hạn: 76%"; see
    :func:`~dlxh.reports.wording.metric_phrase`).
    """
    lines = [metric_phrase(name, value) for name, value in metrics.items()]
    return [
        line.rstrip(" ;.") + (";" if index < len(lines) - 1 else ".")
        for index, line in enumerate(lines)
    ]
