"""The synthesis BÁO CÁO reads like a clerk wrote it: names, natural counts, "chưa đến hạn"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import dlxh
from dlxh.aggregate import Synthesis, synthesize
from dlxh.aggregate.events import EventCounts
from dlxh.models import (
    BulletList,
    Dataset,
    Document,
    EventKind,
    Heading,
    NumberedList,
    Paragraph,
    Tendency,
)
from dlxh.reports import synthesis_document
from dlxh.reports.wording import count_phrase, events_phrase, join_and, metric_phrase

NETWORK = Path(__file__).resolve().parent.parent / "examples" / "network"
UNITS = NETWORK / "00-units.yaml"


def _people() -> list[dict[str, Any]]:
    people = [("A1", "DU-3388"), ("A2", "DU-3388"), ("B1", "DU-3544"), ("B2", "DU-3544")]
    return [
        {"id": ident, "full_name": f"Người {ident}", "unit": unit, "level": "commune"}
        for ident, unit in people
    ]


def _report(ident: str, who: str, period: str, submitted: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": ident,
        "period": period,
        "reporter": {"kind": "collaborator", "id": who},
        "items": [{"title": f"Ý kiến {ident}", "content": f"Nội dung {ident}", "field": "economy"}],
    }
    if submitted is not None:
        data["submitted_on"] = submitted
    return data


def _dataset(**extra: Any) -> Dataset:
    units = dlxh.load(UNITS).units
    reports = [
        _report("R1", "A1", "2026-10", "2026-10-18"),
        _report("R2", "A2", "2026-10", "2026-10-23"),  # 3 days late
        _report("R3", "B1", "2026-10", "2026-10-20"),
        # B2 sends nothing
    ]
    return Dataset(units=units, collaborators=_people(), reports=reports, **extra)


def _document(synthesis: Synthesis, data: Dataset, **options: Any) -> Document:
    return synthesis_document(
        synthesis,
        issuer=data.unit("BTGDVTU").issuer(),
        place="Lai Châu",
        date=synthesis.as_of,
        dataset=data,
        **options,
    )


def _lines(document: Document) -> list[str]:
    """Every line of text of the body: paragraphs, headings and list items."""
    found: list[str] = []
    for block in document.body:
        if isinstance(block, Paragraph):
            found.append(block.plain_text)
        elif isinstance(block, Heading):
            found.append(block.text)
        elif isinstance(block, BulletList | NumberedList):
            found.extend(block.items)
    return found


def _text(document: Document) -> str:
    return "\n".join(_lines(document))


def test_synthesis_names_this_months_late_and_missing() -> None:
    data = _dataset()
    synthesis = synthesize(data, "2026-10", as_of=dt.date(2026, 10, 31), hooks=False)
    text = _text(_document(synthesis, data))
    assert "Gửi báo cáo chậm (1): Người A2 (Đảng ủy phường Đoàn Kết, chậm 3 ngày)." in text
    assert "Chưa gửi báo cáo (1): Người B2 (" in text
    assert "Người A1" not in text and "Người B1" not in text  # on time: not named


def test_a_quarter_names_the_months_concerned() -> None:
    data = _dataset()
    synthesis = synthesize(data, "2026-Q4", as_of=dt.date(2026, 10, 31), hooks=False)
    text = _text(_document(synthesis, data))
    assert "Người A2 (Đảng ủy phường Đoàn Kết, tháng 10 năm 2026; chậm 3 ngày)" in text
    assert "Người B2 (Đảng ủy xã " in text and "tháng 10 năm 2026)" in text


def test_preview_before_deadline_says_chua_den_han() -> None:
    data = dlxh.load_dataset(NETWORK)
    synthesis = synthesize(data, "2026-10", as_of=dt.date(2026, 10, 15), hooks=False)
    totals = synthesis.compliance.totals
    assert totals.pending > 0 and totals.missing == 0
    assert totals.on_time + totals.late + totals.missing + totals.pending == totals.expected
    assert synthesis.figures.reports_pending == totals.pending
    text = _text(_document(synthesis, data))
    assert "chưa gửi" not in text
    assert f"{totals.pending} báo cáo chưa đến hạn (hạn gửi ngày 20/10/2026)" in text
    assert "tính đến ngày 15/10/2026" in text
    assert "dự báo cơ bản ổn định" not in text
    assert "Chưa đủ báo cáo để dự báo; sẽ tổng hợp sau hạn gửi ngày 20/10/2026." in text
    # After the deadline the same reports are missing, and named.
    after = synthesize(data, "2026-10", as_of=dt.date(2026, 10, 31), hooks=False)
    assert after.compliance.totals.pending == 0
    assert after.compliance.totals.missing == totals.pending
    assert "Chưa gửi báo cáo (" in _text(_document(after, data))


def test_preview_table_has_a_not_yet_due_column_that_adds_up() -> None:
    data = dlxh.load_dataset(NETWORK)
    synthesis = synthesize(data, "2026-10", as_of=dt.date(2026, 10, 15), hooks=False)
    document = _document(synthesis, data)
    table = next(
        block
        for block in document.body
        if getattr(block, "caption", None) and "gửi báo cáo" in block.caption
    )
    header = [cell.text for cell in table.header[0]]
    assert header[header.index("Chưa gửi") + 1] == "Chưa đến hạn"
    *_, total = table.rows
    cells = dict(zip(header, (cell.text for cell in total), strict=True))
    parts = ("Đúng hạn", "Chậm", "Chưa gửi", "Chưa đến hạn")
    assert sum(int(cells[name]) for name in parts) == int(cells["Phải gửi"])


def test_no_forecast_without_opinions() -> None:
    data = Dataset(units=dlxh.load(UNITS).units, collaborators=_people())
    synthesis = synthesize(data, "2026-10", as_of=dt.date(2026, 10, 31), hooks=False)
    text = _text(_document(synthesis, data))
    assert "dự báo cơ bản ổn định" not in text
    assert "Chưa có ý kiến được phản ánh để dự báo tình hình." in text


def test_counts_read_naturally() -> None:
    event = {
        "id": "GB-10",
        "kind": "briefing",
        "title": "Giao ban cộng tác viên tháng 10",
        "date": "2026-10-25",
        "unit": "BTGDVTU",
        "attendees": 30,
    }
    issue = {
        "id": "VD-1",
        "title": "Đường liên xã xuống cấp",
        "responsible_agency": "Ủy ban nhân dân xã",
        "reported_on": "2026-10-21",
        "due_on": "2026-11-20",
        "sources": ["R1"],
    }
    data = _dataset(events=[event], follow_ups=[issue])
    synthesis = synthesize(data, "2026-10", as_of=dt.date(2026, 10, 31), hooks=False)
    text = _text(_document(synthesis, data))
    assert "không có vấn đề nào quá hạn" in text and "0 vấn đề" not in text
    assert "Trong kỳ tổ chức 1 hội nghị giao ban với 30 lượt người tham dự." in text
    assert "hội nghị, đối thoại, tập huấn" not in text
    assert "trong đó không có vấn đề nào là điểm nóng" in text
    assert "chưa có vấn đề nào được giải quyết" in text


def test_events_counted_by_kind() -> None:
    counts = {
        EventKind.BRIEFING: EventCounts(events=2),
        EventKind.DIALOGUE: EventCounts(events=1),
        EventKind.TRAINING: EventCounts(events=3),
        EventKind.SEMINAR: EventCounts(events=0),
    }
    assert events_phrase(counts) == ("2 hội nghị giao ban, 1 hội nghị đối thoại và 3 lớp tập huấn")
    assert events_phrase({EventKind.BRIEFING: EventCounts(events=1)}) == "1 hội nghị giao ban"
    assert events_phrase({}) == ""


def test_count_phrase_and_join() -> None:
    assert count_phrase(0, "vấn đề") == "không có vấn đề nào"
    assert count_phrase(1_234, "vấn đề") == "1.234 vấn đề"
    assert count_phrase(0, "ý kiến", zero="chưa có ý kiến nào") == "chưa có ý kiến nào"
    assert join_and(["a"]) == "a" and join_and(["a", "b", "c"]) == "a, b và c"


@pytest.mark.parametrize(
    ("name", "value", "line"),
    [
        ("Tỷ lệ báo cáo đúng hạn (%)", 76, "Tỷ lệ báo cáo đúng hạn: 76%"),
        ("Tỷ lệ báo cáo đúng hạn (%)", 75.5, "Tỷ lệ báo cáo đúng hạn: 75,5%"),
        ("Số người tham dự (người)", 1200, "Số người tham dự: 1.200 người"),
        ("Số ý kiến", 12, "Số ý kiến: 12"),
        ("Ghi chú", "đầy đủ", "Ghi chú: đầy đủ"),
        ("Chỉ số (%)", float("nan"), "Chỉ số: nan%"),
    ],
)
def test_metric_phrase(name: str, value: object, line: str) -> None:
    assert metric_phrase(name, value) == line


def test_metric_percent_is_phrased_in_the_report() -> None:
    data = _dataset()

    def on_time(dataset: Dataset, period: Any, synthesis: Synthesis) -> dict[str, float | int]:
        return {"Tỷ lệ báo cáo đúng hạn (%)": 76, "Số ý kiến mỗi báo cáo": 1.5}

    synthesis = synthesize(
        data, "2026-10", as_of=dt.date(2026, 10, 31), metrics=[on_time], hooks=False
    )
    text = _text(_document(synthesis, data))
    assert "Tỷ lệ báo cáo đúng hạn: 76%;" in text
    assert "Số ý kiến mỗi báo cáo: 1,5." in text
    assert "(%)" not in text


def test_the_synthesis_table_share_is_of_the_reports_due() -> None:
    data = dlxh.load_dataset(NETWORK)
    synthesis = synthesize(data, "2026-10", as_of=dt.date(2026, 10, 15), hooks=False)
    totals = synthesis.compliance.totals
    province = next(
        row for row in synthesis.tables()["compliance"].rows if row[0] == "Tỉnh ủy Lai Châu"
    )
    share = round(100 * totals.on_time / (totals.expected - totals.pending))
    assert province[-1] == f"{share}%" and totals.pending


def test_the_tendencies_sentence_adds_up_to_the_items() -> None:
    import re

    data = dlxh.load_dataset(NETWORK)
    synthesis = synthesize(data, "2026-10", as_of=dt.date(2026, 10, 31), hooks=False)
    assert synthesis.items_by_tendency.get(Tendency.UNDECIDED)  # some items have none
    text = _text(_document(synthesis, data))
    (sentence,) = [line for line in text.splitlines() if line.startswith("Về khuynh hướng:")]
    assert "chưa rõ khuynh hướng" in sentence
    counts = [int(n.replace(".", "")) for n in re.findall(r"([\d.]+) lượt", sentence)]
    assert sum(counts) == synthesis.figures.items
