"""Tờ trình, nghị quyết, chương trình, biên bản and giấy mời render with their own parts in
each regime that has them (Nghị định 30/2020 Phụ lục III Mẫu 1.4, 1.7, 1.9; HD 05-HD/VPTW)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from dlxh import load
from dlxh.check import check
from dlxh.models import Document
from dlxh.render import render_document
from dlxh.render.catalog import layout_of
from docx_inspect import open_docx, text_of

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "documents"
REGIMES = ["nha-nuoc", "dang"]
ISSUERS = {
    "nha-nuoc": {"name": "ỦY BAN NHÂN DÂN\nXÃ PHONG THỔ", "code": "UBND"},
    "dang": {"parent": "ĐẢNG BỘ TỈNH LAI CHÂU", "name": "ĐẢNG ỦY XÃ PHONG THỔ", "code": "ĐU"},
}
MEETING = {
    "kind": "Hội nghị",
    "name": "Hội nghị giao ban dư luận xã hội quý IV năm 2026",
    "start": "08 giờ 00 phút, ngày 15/12/2026",
    "end": "11 giờ 00 phút cùng ngày",
    "place": "Hội trường xã Phong Thổ",
    "participants": ["Lãnh đạo xã", "Cộng tác viên dư luận xã hội"],
    "chair": "đồng chí Bí thư",
    "secretary": "đồng chí chuyên viên Văn phòng",
    "invitees": ["Trưởng các thôn, bản"],
}


def document(profile: str, type_: str, **changes: Any) -> Document:
    data: dict[str, Any] = {
        "profile": profile,
        "type": type_,
        "number": 4,
        "issuer": {**ISSUERS[profile], "full_name": "Ủy ban nhân dân xã Phong Thổ"},
        "place": "Phong Thổ",
        "date": date(2026, 12, 10),
        "summary": "Công tác dư luận xã hội năm 2027",
        "body": [{"type": "paragraph", "text": "Nội dung."}],
        "signer": {"title": "Chủ tịch", "name": "Hoàng Văn Sơn"},
        "recipients": ["Thôn Nà Củng"],
        "archive": "VT",
    }
    data.update(changes)
    return Document.model_validate(data)


def paragraphs(data: bytes) -> list[str]:
    """The text of the body's paragraphs outside tables, in order."""
    return [p.text for p in open_docx(data).paragraphs if p.text.strip()]


@pytest.mark.parametrize("profile", REGIMES)
@pytest.mark.parametrize(
    ("type_", "code", "title"),
    [
        ("to_trinh", "TTr", "TỜ TRÌNH"),
        ("nghi_quyet", "NQ", "NGHỊ QUYẾT"),
        ("chuong_trinh", "CTr", "CHƯƠNG TRÌNH"),
        ("bien_ban", "BB", "BIÊN BẢN"),
        ("giay_moi", "GM", "GIẤY MỜI"),
    ],
)
def test_type_title_and_number(profile: str, type_: str, code: str, title: str) -> None:
    extra = {"meeting": MEETING} if type_ in ("bien_ban", "giay_moi") else {}
    model = document(profile, type_, **extra)
    data = render_document(model)
    header = open_docx(data).tables[0]
    number = header.cell(1, 0).paragraphs[0].text
    assert number == (f"Số: 04/{code}-UBND" if profile == "nha-nuoc" else f"Số 04-{code}/ĐU")
    assert title in paragraphs(data)


@pytest.mark.parametrize("profile", REGIMES)
def test_to_trinh_is_addressed_under_its_title(profile: str) -> None:
    model = document(profile, "to_trinh", addressees=["Ủy ban nhân dân tỉnh Lai Châu"])
    texts = paragraphs(render_document(model))
    summary = texts.index("Công tác dư luận xã hội năm 2027")
    addressed = next(i for i, t in enumerate(texts) if "Ủy ban nhân dân tỉnh Lai Châu" in t)
    assert summary < addressed < texts.index("Nội dung" + ("./." if profile == "nha-nuoc" else "."))
    assert texts[addressed].startswith(("Kính gửi", "Kính trình"))


@pytest.mark.parametrize("profile", REGIMES)
def test_bien_ban_has_the_form_lines_and_two_signatures(profile: str) -> None:
    model = document(
        profile,
        "bien_ban",
        meeting=MEETING,
        signer={"title": "Chủ trì hội nghị", "name": "Hoàng Văn Sơn"},
        cosigner={"title": "Người ghi biên bản", "name": "Vũ Thị Lan"},
    )
    data = render_document(model)
    texts = paragraphs(data)
    start = texts.index("Thời gian bắt đầu: 08 giờ 00 phút, ngày 15/12/2026.")
    assert texts[start : start + 7] == [
        "Thời gian bắt đầu: 08 giờ 00 phút, ngày 15/12/2026.",
        "Địa điểm: Hội trường xã Phong Thổ.",
        "Thành phần tham dự:",
        "- Lãnh đạo xã;",
        "- Cộng tác viên dư luận xã hội.",
        "Chủ trì (chủ tọa): đồng chí Bí thư.",
        "Thư ký (người ghi biên bản): đồng chí chuyên viên Văn phòng.",
    ]
    assert texts[start + 7] == "Nội dung hội nghị:"
    assert texts[start + 8] == "Nội dung."
    mark = "./." if profile == "nha-nuoc" else "."
    assert texts[-1] == f"Hội nghị kết thúc vào 11 giờ 00 phút cùng ngày{mark}"
    signatures = open_docx(data).tables[-1]
    left, right = signatures.cell(0, 0), signatures.cell(0, 1)
    assert [p.text for p in left.paragraphs if p.text] == ["NGƯỜI GHI BIÊN BẢN", "Vũ Thị Lan"]
    assert [p.text for p in right.paragraphs if p.text] == ["CHỦ TRÌ HỘI NGHỊ", "Hoàng Văn Sơn"]
    assert left.paragraphs[-1].runs[0].bold or left.paragraphs[-1].style.font.bold
    recipients = signatures.cell(1, 0)
    assert recipients.paragraphs[0].text == "Nơi nhận:"
    assert recipients.paragraphs[-1].text.startswith("- Lưu")
    assert check(data).findings == []


@pytest.mark.parametrize("profile", REGIMES)
def test_giay_moi_says_who_to_what_when_and_where(profile: str) -> None:
    meeting = {**MEETING, "invitees": ["Trưởng các thôn, bản", "Cộng tác viên dư luận xã hội"]}
    texts = paragraphs(render_document(document(profile, "giay_moi", meeting=meeting)))
    start = texts.index("Ủy ban nhân dân xã Phong Thổ trân trọng kính mời:")
    assert texts[start + 1 : start + 7] == [
        "- Trưởng các thôn, bản;",
        "- Cộng tác viên dư luận xã hội.",
        "Tới dự Hội nghị giao ban dư luận xã hội quý IV năm 2026.",
        "Chủ trì: đồng chí Bí thư.",
        "Thời gian: 08 giờ 00 phút, ngày 15/12/2026.",
        "Địa điểm: Hội trường xã Phong Thổ.",
    ]
    single = document(profile, "giay_moi", meeting=MEETING)
    assert "Ủy ban nhân dân xã Phong Thổ trân trọng kính mời: Trưởng các thôn, bản." in paragraphs(
        render_document(single)
    )


def test_chuong_trinh_carries_its_table_of_tasks() -> None:
    model = load(EXAMPLES / "11-chuong-trinh-cong-tac-dlxh.yaml", Document)
    tasks = open_docx(render_document(model)).tables[1]
    assert [c.text for c in tasks.rows[0].cells][:3] == ["TT", "Nhiệm vụ", "Cơ quan chủ trì"]
    assert len(tasks.rows) == 6


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"type": "bien_ban"}, "a biên bản needs a 'meeting'"),
        ({"type": "giay_moi"}, "a giấy mời needs a 'meeting'"),
        ({"type": "giay_moi", "meeting": {**MEETING, "invitees": []}}, "meeting.invitees"),
        ({"cosigner": {"name": "Vũ Thị Lan"}}, "only a biên bản has a second signature"),
    ],
)
def test_form_types_need_their_data(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        document("nha-nuoc", changes.pop("type", "bao_cao"), **changes)


def test_examples_cover_the_new_types_in_both_regimes() -> None:
    kinds = {
        (d.type.value, d.profile.value)
        for d in (load(p, Document) for p in EXAMPLES.glob("*.yaml"))
    }
    assert {
        ("to_trinh", "nha-nuoc"),
        ("to_trinh", "dang"),
        ("nghi_quyet", "dang"),
        ("chuong_trinh", "dang"),
        ("bien_ban", "nha-nuoc"),
        ("bien_ban", "dang"),
        ("giay_moi", "nha-nuoc"),
        ("giay_moi", "dang"),
    } <= kinds


def test_a_council_resolution_decides_with_quyet_nghi() -> None:
    """A State nghị quyết with the council's authority line takes the decision layout and
    "QUYẾT NGHỊ:" (Phụ lục III, Mẫu 1.1); a Party one without it stays a text with headings."""
    root = EXAMPLES
    council = load(root / "16-nghi-quyet-hdnd-xa.yaml", Document)
    text = text_of(open_docx(render_document(council, base_dir=root)))
    assert "QUYẾT NGHỊ:" in text and "QUYẾT ĐỊNH:" not in text
    assert "Số: 27/NQ-HĐND" in text and "Điều 1. Tán thành" in text
    party = load(root / "10-nghi-quyet-dang-uy-xa.yaml", Document)
    assert party.authority is None and layout_of(party.type) == "van-ban"
    assert "QUYẾT NGHỊ:" not in text_of(open_docx(render_document(party, base_dir=root)))
    assert layout_of(council.type, decides=True) == "quyet-dinh"
