"""State documents (Nghị định 30/2020, Phụ lục I and III): addressees and "Như trên", points,
appendices, and the optional marks of the first page, asserted on the rendered .docx."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from dlxh.check import check
from dlxh.models import Document
from dlxh.profiles import get_profile
from dlxh.render import render_document
from dlxh.render.builder import page_text_width_mm
from docx_inspect import all_paragraphs, effective, find_paragraph, open_docx, pt, text_of

ISSUER = {
    "name": "ỦY BAN NHÂN DÂN\nXÃ PHONG THỔ",
    "code": "UBND",
    "full_name": "Ủy ban nhân dân xã Phong Thổ",
}
SIGNER = {"authority": [{"authority": "tm", "text": "Ủy ban nhân dân"}], "title": "Chủ tịch",
          "name": "Nguyễn Văn A"}  # fmt: skip


def report(**extra: Any) -> Document:
    data: dict[str, Any] = {
        "profile": "nha-nuoc",
        "type": "bao_cao",
        "number": 15,
        "issuer": ISSUER,
        "place": "Phong Thổ",
        "date": "2026-10-28",
        "summary": "Kết quả giải quyết các vấn đề dư luận xã hội tháng 10 năm 2026",
        "body": [{"type": "paragraph", "text": "Ủy ban nhân dân xã báo cáo như sau."}],
        "signer": SIGNER,
        "recipients": ["Thường trực Đảng ủy xã"],
        "archive": "VT, VX",
    }
    data.update(extra)
    return Document.model_validate(data)


def recipients(data: bytes) -> list[str]:
    document = open_docx(data)
    table = next(t for t in document.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    return [p.text for p in table.cell(0, 0).paragraphs[1:]]


def test_a_report_sent_up_has_kinh_gui_and_nhu_tren() -> None:
    data = render_document(report(addressees=["Ban Tuyên giáo và Dân vận Tỉnh ủy"]))
    document = open_docx(data)
    addressee = find_paragraph(document, "Kính gửi: Ban Tuyên giáo và Dân vận Tỉnh ủy.")
    assert effective(document, addressee, addressee.runs[0], "italic") is False  # State: upright
    assert pt(document, addressee, addressee.runs[0]) in (13, 14)
    assert recipients(data) == ["- Như trên;", "- Thường trực Đảng ủy xã;", "- Lưu: VT, VX."]
    assert check(data).findings == []


def test_nhu_tren_only_with_addressees_and_never_twice() -> None:
    assert recipients(render_document(report()))[0] == "- Thường trực Đảng ủy xã;"
    named = report(addressees=["Ban Tuyên giáo Tỉnh ủy"], recipients=["Như trên", "Đảng ủy xã"])
    assert recipients(render_document(named)) == ["- Như trên;", "- Đảng ủy xã;", "- Lưu: VT, VX."]


def test_points_are_upright_in_the_state_format() -> None:
    body = [
        {"type": "heading", "level": 1, "text": "Kết quả"},
        {"type": "heading", "level": 2, "text": "Tiếp nhận"},
        {"type": "heading", "level": 3, "text": "Đối với phản ánh của cộng tác viên"},
        {"type": "heading", "level": 4, "text": "Tại các thôn, bản"},
        {"type": "paragraph", "text": "Đã tiếp nhận đầy đủ."},
    ]
    data = render_document(report(body=body))
    document = open_docx(data)
    point = find_paragraph(document, "a) Đối với phản ánh của cộng tác viên")
    sub = find_paragraph(document, "Tại các thôn, bản")
    for paragraph in (point, sub):
        run = paragraph.runs[0]
        assert effective(document, paragraph, run, "bold") is False
        assert effective(document, paragraph, run, "italic") is False
    clause = find_paragraph(document, "1. Tiếp nhận")
    assert effective(document, clause, clause.runs[0], "bold") is True  # khoản with a title
    # the Party profile keeps its bold italic points
    party = open_docx(render_document(report(body=body), profile="dang"))
    point = find_paragraph(party, "a) Đối với phản ánh của cộng tác viên")
    assert effective(party, point, point.runs[0], "italic") is True


def _table(widths: list[float]) -> dict[str, Any]:
    return {
        "type": "table",
        "header": [[f"Cột {i + 1}" for i in range(len(widths))]],
        "rows": [[str(i + 1) for i in range(len(widths))]],
        "widths_mm": widths,
    }


def test_appendices_numbered_titled_and_attached() -> None:
    appendices = [
        {"title": "Danh sách cộng tác viên", "landscape": True, "body": [_table([40] * 7)]},
        {"title": "Bảng tổng hợp", "body": [{"type": "paragraph", "text": "Không phát sinh."}]},
    ]
    data = render_document(report(appendices=appendices))
    document = open_docx(data)
    note = (
        "(Kèm theo Báo cáo số 15/BC-UBND ngày 28 tháng 10 năm 2026 "
        "của Ủy ban nhân dân xã Phong Thổ)"
    )
    for label, title in (("Phụ lục I", "DANH SÁCH CỘNG TÁC VIÊN"), ("Phụ lục II", "BẢNG TỔNG HỢP")):
        paragraph = find_paragraph(document, label)
        assert pt(document, paragraph, paragraph.runs[0]) == 14
        assert effective(document, paragraph, paragraph.runs[0], "bold") is True
        heading = find_paragraph(document, title)
        assert effective(document, heading, heading.runs[0], "bold") is True
    notes = [p for p in document.paragraphs if p.text.replace("\n", " ") == note]
    assert len(notes) == 2
    for paragraph in notes:
        assert effective(document, paragraph, paragraph.runs[0], "italic") is True
        assert pt(document, paragraph, paragraph.runs[0]) in (13, 14)
        rule = paragraph._p.getnext()  # Mẫu 2.1: a short rule under the note
        assert rule.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == "DLXHRule"
    assert "Không phát sinh./." in text_of(document)  # Mẫu 2.1 ends the appendix with "./."


def test_appendix_pages_are_numbered_on_their_own() -> None:
    appendices = [{"title": "Phụ lục một", "body": [_table([20, 20])]}] * 2
    document = open_docx(render_document(report(appendices=appendices)))
    first, *rest = document.sections
    assert first._sectPr.find(qn("w:pgNumType")) is None
    for section in rest:
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
        assert section.different_first_page_header_footer  # page 1 of each unnumbered (I.7)
    # the Party profile keeps numbering on from the document
    party = open_docx(render_document(report(appendices=appendices), profile="dang"))
    assert all(s._sectPr.find(qn("w:pgNumType")) is None for s in party.sections)


def test_landscape_appendix_binds_on_top_and_tables_fit() -> None:
    appendices = [
        {"title": "Danh sách", "landscape": True, "body": [_table([12, 40, 18, 45, 55, 53, 36])]}
    ]
    portrait = [{"title": "Bảng", "body": [_table([100, 100])]}]
    data = render_document(report(appendices=appendices + portrait))
    document = open_docx(data)
    landscape = document.sections[1]
    assert landscape.orientation == WD_ORIENT.LANDSCAPE
    margins = [
        round(getattr(landscape, f"{s}_margin").mm) for s in ("top", "bottom", "left", "right")
    ]
    assert margins == [30, 15, 20, 20]  # the binding (left) margin on the top edge
    profile = get_profile("nha-nuoc")
    widths = [page_text_width_mm(profile, landscape=True), page_text_width_mm(profile)]
    assert widths == [257, 165]
    for table, width in zip(document.tables[-2:], widths, strict=True):
        grid = table._tbl.find(qn("w:tblGrid"))
        total = sum(int(c.get(qn("w:w"))) for c in grid.findall(qn("w:gridCol"))) / 56.7
        assert width - 1 < total <= width + 0.1  # 259 mm and 200 mm narrowed to the page
    assert check(data).findings == []


def _cell_runs(document: Any, text: str) -> Any:
    paragraph = next(p for p in all_paragraphs(document) if p.text == text)
    return paragraph, paragraph.runs[0]


def test_optional_marks_of_the_first_page() -> None:
    contact = {"address": "Bản Phong Thổ, xã Phong Thổ, tỉnh Lai Châu", "phone": "0213 3000 000",
               "fax": "0213 3000 001", "email": "vanphong@phongtho.example.vn"}  # fmt: skip
    model = report(
        issuer={**ISSUER, "contact": contact},
        urgency="flash",
        confidentiality="confidential",
        circulation="internal",
        typist="pl",
        copies=300,
        appendices=[{"title": "Bảng", "body": [_table([20, 20])]}],
    )
    data = render_document(model)
    document = open_docx(data)
    number_cell = document.tables[0].cell(1, 0)
    assert [p.text for p in number_cell.paragraphs][-2:] == ["MẬT", "HỎA TỐC"]  # ô 10a, 10b
    for paragraph in number_cell.paragraphs[-2:]:
        run = paragraph.runs[0]
        assert pt(document, paragraph, run) == 13 and effective(document, paragraph, run, "bold")
        assert run._r.find(f"{qn('w:rPr')}/{qn('w:bdr')}").get(qn("w:val")) == "single"
    first = document.sections[0]
    header = first.first_page_header.paragraphs[0]  # ô 11, in the top margin above ô 1
    assert header.text == "LƯU HÀNH NỘI BỘ"
    assert header.runs[0].bold and header.runs[0].font.size.pt == 13
    assert header.runs[0]._r.find(f"{qn('w:rPr')}/{qn('w:bdr')}") is not None
    footer = first.first_page_footer.paragraphs  # ô 13, under a rule across the text
    assert [p.text for p in footer] == [
        "Bản Phong Thổ, xã Phong Thổ, tỉnh Lai Châu",
        "ĐT: 0213 3000 000, Fax: 0213 3000 001",
        "E-Mail: vanphong@phongtho.example.vn",
    ]
    assert footer[0]._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:top')}") is not None
    assert {r.font.size.pt for p in footer for r in p.runs} == {11}
    later = first.header.paragraphs[0]._p  # later pages: the page number field alone
    assert "LƯU HÀNH" not in "".join(t.text or "" for t in later.iter(qn("w:t")))
    appendix = document.sections[1]  # its own first page shows neither
    assert not appendix.first_page_header.is_linked_to_previous
    assert "".join(p.text for p in appendix.first_page_footer.paragraphs) == ""
    assert recipients(data)[-1] == "- Lưu: VT, VX. PL.(300)."  # ô 12, 11 pt like the list
    assert check(data).findings == []
    again = render_document(model)
    assert again == data  # deterministic


def test_the_indent_is_one_of_two_values() -> None:
    data = render_document(report(body=[{"type": "paragraph", "text": "Nội dung báo cáo " * 8}]))

    def with_indent(twips: int) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                content = source.read(info.filename)
                if info.filename == "word/styles.xml":
                    content = content.replace(
                        b'w:firstLine="720"', f'w:firstLine="{twips}"'.encode()
                    )
                target.writestr(info, content)
        return out.getvalue()

    assert check(with_indent(567)).findings == []  # 1 cm
    found = {f.rule for f in check(with_indent(624)).findings}  # 1.1 cm: neither
    assert "body.first_line_indent_mm" in found


@pytest.mark.parametrize("copies", [None, 12])
def test_typist_mark_forms(copies: int | None) -> None:
    lines = recipients(render_document(report(typist="NVA", copies=copies)))
    assert lines[-1] == ("- Lưu: VT, VX. NVA.(12)." if copies else "- Lưu: VT, VX. NVA.")
