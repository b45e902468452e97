"""Documents: number lines, signature and recipients per profile, body blocks."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from dlxh.models import (
    Document,
    DocumentType,
    Event,
    Heading,
    Profile,
    format_number_symbol,
    heading_labels,
    parse_number_symbol,
)


def document(**changes: object) -> Document:
    data: dict[str, object] = {
        "profile": "nha-nuoc",
        "type": "bao_cao",
        "number": 15,
        "issuer": {"parent": "ĐẢNG BỘ XÃ PHONG THỔ", "name": "ỦY BAN NHÂN DÂN", "code": "UBND"},
        "place": "Phong Thổ",
        "date": date(2024, 1, 5),
        "summary": "Tình hình dư luận xã hội tháng 12 năm 2023",
        "signer": {
            "authority": [
                {"authority": "tm", "text": "Ủy ban nhân dân"},
                {"authority": "kt", "text": "Chủ tịch"},
            ],
            "title": "Phó Chủ tịch",
            "name": "Hoàng Thị Lan",
        },
        "recipients": ["Thường trực Đảng ủy;", "Lưu trữ hồ sơ"],
        "archive": "VT, VX.",
    }
    data.update(changes)
    return Document.model_validate(data)


@pytest.mark.parametrize(
    ("changes", "line"),
    [
        ({}, "Số: 15/BC-UBND"),
        ({"number": 5}, "Số: 05/BC-UBND"),
        ({"number": 125}, "Số: 125/BC-UBND"),
        ({"type": "cong_van", "drafter_code": "VX", "number": 12}, "Số: 12/UBND-VX"),
        ({"profile": "dang", "type": "huong_dan", "number": 5}, "Số 05-HD/UBND"),
        ({"profile": "dang", "type": "cong_van", "number": 3}, "Số 03-CV/UBND"),
        ({"profile": "dang", "type": "quy_dinh", "number": 1}, "Số 01-QĐi/UBND"),
        ({"type": "quy_dinh", "number": 1}, "Số: 01/QyĐ-UBND"),
        ({"number": None}, "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-UBND"),
    ],
)
def test_number_line_per_profile(changes: dict[str, object], line: str) -> None:
    assert document(**changes).number_line == line


def test_joint_party_issuers() -> None:
    assert format_number_symbol(5, "QC", "BTCTU-BDVTU", Profile.DANG) == "Số 05-QC/BTCTU-BDVTU"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số: 15/BC-UBND", (Profile.NHA_NUOC, 15, "BC", "UBND", True)),
        ("Số:05/QĐ-UBND", (Profile.NHA_NUOC, 5, "QĐ", "UBND", True)),
        ("Số: 5/BC-UBND", (Profile.NHA_NUOC, 5, "BC", "UBND", False)),
        ("Số: 12/UBND-VX", (Profile.NHA_NUOC, 12, None, "UBND-VX", True)),
        ("Số 36-HD/VPTW", (Profile.DANG, 36, "HD", "VPTW", True)),
        ("Số 05-QC/BTCTU-BDVTU", (Profile.DANG, 5, "QC", "BTCTU-BDVTU", True)),
        ("Số    -HD/BTGDVTU", (Profile.DANG, None, "HD", "BTGDVTU", True)),
    ],
)
def test_parse_number_symbol(text: str, expected: tuple[object, ...]) -> None:
    parsed = parse_number_symbol(text)
    got = (parsed.profile, parsed.number, parsed.type_code, parsed.issuer_code, parsed.padded)
    assert got == expected


@pytest.mark.parametrize("bad", ["Số 05/HD", "No: 5/BC-UBND", "", "Số: 05 BC UBND"])
def test_parse_number_symbol_rejects_other_text(bad: str) -> None:
    with pytest.raises(ValueError, match="not a document number"):
        parse_number_symbol(bad)


def test_place_date_and_titles() -> None:
    state = document()
    assert state.place_date_line == "Phong Thổ, ngày 05 tháng 01 năm 2024"
    assert state.top_title == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    party = document(profile="dang", date=date(2019, 6, 29))
    assert party.top_title == ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    assert party.place_date_line == "Phong Thổ, ngày 29 tháng 6 năm 2019"
    assert DocumentType.BAO_CAO.printed_name == "BÁO CÁO"
    assert DocumentType.CONG_VAN.printed_name == ""


def test_signature_and_recipients_per_profile() -> None:
    state = document()
    assert state.signer is not None
    assert state.signer.lines(Profile.NHA_NUOC) == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    ]
    assert state.recipient_lines() == [
        "- Thường trực Đảng ủy;",
        "- Lưu trữ hồ sơ;",
        "- Lưu: VT, VX.",
    ]
    party = document(profile="dang", archive="Văn phòng")
    assert party.signer is not None
    assert party.signer.lines(Profile.DANG)[:2] == ["T/M ỦY BAN NHÂN DÂN", "K/T CHỦ TỊCH"]
    assert party.recipient_lines()[-2:] == ["- Lưu trữ hồ sơ,", "- Lưu Văn phòng."]


def test_type_must_exist_in_profile() -> None:
    with pytest.raises(ValidationError, match="Party format has no document type 'hợp đồng'"):
        document(profile="dang", type="hop_dong")
    with pytest.raises(ValidationError, match="State format has no document type 'kết luận'"):
        document(type="ket_luan")
    assert DocumentType.KET_LUAN.code(Profile.DANG) == "KL"
    assert "QyĐ" in DocumentType.codes(Profile.NHA_NUOC)
    assert "QĐi" in DocumentType.codes(Profile.DANG)


def test_cong_van_and_guidance_need_a_summary() -> None:
    with pytest.raises(ValidationError, match="V/v"):
        document(type="cong_van", summary=None)
    with pytest.raises(ValidationError, match="hướng dẫn needs a summary"):
        document(type="huong_dan", summary=None)
    assert document(summary=None).summary is None  # a báo cáo may go without


def test_body_blocks_and_heading_numbers() -> None:
    doc = document(
        body=[
            {"type": "heading", "level": 1, "text": "Tình hình chung"},
            {"type": "paragraph", "text": "Nội dung"},
            {"type": "heading", "level": 2, "text": "Kinh tế"},
            {"type": "heading", "level": 3, "text": "Nông nghiệp"},
            {"type": "heading", "level": 3, "text": "Công nghiệp"},
            {"type": "heading", "level": 3, "text": "Dịch vụ"},
            {"type": "heading", "level": 3, "text": "Du lịch"},
            {"type": "heading", "level": 3, "text": "Thương mại"},
            {"type": "heading", "level": 3, "text": "Khác"},
            {"type": "heading", "level": 2, "text": "Xã hội"},
            {"type": "heading", "level": 1, "text": "Dự báo"},
            {"type": "heading", "level": 2, "text": "Dự báo tháng tới", "numbered": False},
            {"type": "heading", "level": 2, "text": "Kiến nghị"},
        ]
    )
    assert doc.heading_labels() == [
        "I.",
        None,
        "1.",
        "a)",
        "b)",
        "c)",
        "d)",
        "đ)",
        "e)",
        "2.",
        "II.",
        None,
        "2.",
    ]
    assert heading_labels([Heading(level=1, text="A")], separator="-") == ["I-"]


def test_skipped_heading_level_is_rejected() -> None:
    with pytest.raises(ValidationError, match="level-3 heading right after a level-1"):
        document(
            body=[
                {"type": "heading", "level": 1, "text": "A"},
                {"type": "heading", "level": 3, "text": "B"},
            ]
        )


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ({"type": "paragraph"}, "exactly one of 'text' or a non-empty 'runs'"),
        ({"type": "paragraph", "text": "a", "runs": [{"text": "b"}]}, "exactly one"),
        ({"type": "image"}, "exactly one of 'path' or 'data'"),
        ({"type": "table", "header": [["A", "B"]], "rows": [["1"]]}, "spans 1 columns, expected 2"),
        ({"type": "table"}, "at least one row"),
        (
            {"type": "table", "rows": [[{"text": "A", "rowspan": 3}, "B"], ["C"]]},
            "rowspan reaches past",
        ),
        ({"type": "table", "rows": [["A", "B"]], "widths_mm": [10]}, "widths_mm has 1 values"),
        ({"type": "chart"}, "does not match any of the expected tags"),
    ],
)
def test_bad_blocks(block: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        document(body=[block])


def test_merged_cells_count_towards_the_row_width() -> None:
    doc = document(
        body=[
            {
                "type": "table",
                "header": [
                    [{"text": "STT", "rowspan": 2}, {"text": "Kết quả", "colspan": 2}],
                    ["Số lượng", "Tỷ lệ"],
                ],
                "rows": [["1", 62, "93%"]],
            }
        ]
    )
    table = doc.body[0]
    assert table.type == "table" and table.columns == 3
    assert table.rows[0][1].text == "62"


def test_rejected_assignment_leaves_the_model_unchanged() -> None:
    event = Event(
        id="E", kind="briefing", title="Giao ban", date=date(2026, 10, 28), opinions_raised=5
    )
    with pytest.raises(ValidationError, match="exceeds opinions_raised"):
        event.opinions_answered = 6
    assert event.opinions_answered == 0
    doc = document()
    doc.profile = Profile.DANG
    with pytest.raises(ValidationError, match="no document type 'hợp đồng'"):
        doc.type = DocumentType.HOP_DONG
    assert doc.type is DocumentType.BAO_CAO


def test_runs_keep_their_edge_spaces_but_are_cleaned() -> None:
    doc = document(
        body=[
            {
                "type": "paragraph",
                "runs": [{"text": "Lưu ý: ", "bold": True}, {"text": "gu\u031bi đúng hạn."}],
            }
        ]
    )
    paragraph = doc.body[0]
    assert paragraph.type == "paragraph"
    assert paragraph.plain_text == "Lưu ý: gưi đúng hạn."
    with pytest.raises(ValidationError, match="U\\+0007"):
        document(body=[{"type": "paragraph", "runs": [{"text": "a\x07"}]}])
    with pytest.raises(ValidationError, match="must not be empty"):
        document(body=[{"type": "paragraph", "runs": [{"text": ""}]}])
