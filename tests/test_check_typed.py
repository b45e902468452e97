"""The checker on documents typed the way offices type them (not rendered by dlxh).

Each case is a small hand-made .docx reproducing one class of false alarm or miss seen on real
files (issue 13): line breaks instead of paragraphs, drafts with blank numbers, tabs, old tone
placement, en dashes, other regimes. Every test asserts the finding, or its absence.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm, Pt

from dlxh.check import UNRECOGNISED, CheckReport, check
from docx_inspect import office_page

Body = Callable[["docx.document.Document"], None]

STATE_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PROSE = (
    "Trong tháng, tình hình tư tưởng của cán bộ, đảng viên và nhân dân trên địa bàn xã ổn định; "
    "nhân dân tin tưởng vào sự lãnh đạo của cấp ủy, chính quyền các cấp trong tỉnh."
)


def _line(
    made: docx.document.Document,
    text: str,
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    center: bool = True,
    before: float = 0,
    after: float = 6,
    indent: float | None = 10,
) -> docx.text.paragraph.Paragraph:
    paragraph = made.add_paragraph()
    for number, piece in enumerate(text.split("\n")):
        if number:
            paragraph.add_run().add_break()
        run = paragraph.add_run(piece)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic
    paragraph.alignment = 1 if center else 3
    if not center:
        if indent is not None:
            paragraph.paragraph_format.first_line_indent = Mm(indent)
        paragraph.paragraph_format.space_after = Pt(after)
        paragraph.paragraph_format.space_before = Pt(before)
    return paragraph


def make(
    *,
    parent: tuple[str, float] | None = None,
    issuer: str = "ỦY BAN NHÂN DÂN XÃ A",
    number: str = "Số: 03/BC-UBND",
    title: str = STATE_TITLE,
    motto: str | None = MOTTO,
    title_and_motto_one_paragraph: bool = False,
    date: str = "Xã A, ngày 05 tháng 3 năm 2026",
    kind: str = "BÁO CÁO",
    body: Body | None = None,
    recipients: str | None = "Nơi nhận:\n- UBND tỉnh;\n- Lưu: VT.",
    header: Callable[[docx.document.Document], None] | None = None,
) -> CheckReport:
    made = office_page()
    if parent is not None:
        _line(made, parent[0], size=parent[1])
    _line(made, issuer, size=13, bold=True)
    _line(made, number, size=13)
    if title_and_motto_one_paragraph and motto is not None:
        _line(made, f"{title}\n{motto}", size=13, bold=True)
    else:
        _line(made, title, size=13, bold=True)
        if motto is not None:
            _line(made, motto, size=14, bold=True)
    _line(made, date, italic=True)
    _line(made, kind, bold=True)
    _line(made, "Tình hình dư luận xã hội tháng 02 năm 2026", bold=True)
    if body is None:
        _line(made, PROSE + "/.", center=False)
    else:
        body(made)
    if recipients is not None:
        label, *rest = recipients.split("\n")
        paragraph = _line(made, label, size=12, bold=True, italic=True, center=False, indent=None)
        for piece in rest:
            paragraph.add_run().add_break()
            paragraph.add_run(piece).font.size = Pt(11)
    _line(made, "CHỦ TỊCH", bold=True)
    _line(made, "Nguyễn Văn A", bold=True)
    if header is not None:
        header(made)
    stream = io.BytesIO()
    made.save(stream)
    return check(stream.getvalue())


def rules(report: CheckReport, severity: str | None = None) -> set[str]:
    return {f.rule for f in report.findings if severity is None or f.severity == severity}


def messages(report: CheckReport, rule: str) -> list[str]:
    return [f.message for f in report.findings if f.rule == rule]


def test_the_plain_document_passes() -> None:
    report = make()
    assert report.profile == "nha-nuoc" and report.ok, report.findings


def test_spacing_before_a_paragraph_separates_it_as_well_as_after() -> None:
    assert "body.space_after_pt" not in rules(
        make(body=lambda d: _line(d, PROSE + "/.", center=False, before=6, after=0))
    )
    assert "body.space_after_pt" in rules(
        make(body=lambda d: _line(d, PROSE + "/.", center=False, before=0, after=0))
    )


def test_title_and_motto_split_by_a_line_break() -> None:
    report = make(title_and_motto_one_paragraph=True)
    assert report.profile == "nha-nuoc"
    assert not rules(report) & {"national_title.text", "motto.text"}, report.findings


def test_old_tone_placement_is_the_same_title() -> None:
    report = make(title="CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert "national_title.text" not in rules(report)


def test_an_en_dash_in_the_motto_is_a_slip_not_a_missing_motto() -> None:
    report = make(motto="Độc lập – Tự do – Hạnh phúc")
    assert "motto.text" not in rules(report)
    assert rules(report, "warning") >= {"motto.dash"}


def test_recipients_after_a_line_break_and_the_archive_line() -> None:
    report = make(recipients="Nơi nhận:\n- UBND tỉnh;\n- Lưu: VT, VX")
    assert "recipients.label" not in rules(report)
    assert messages(report, "recipients.archive_prefix") == ['the archive line lacks its final "."']
    report = make(recipients="Nơi nhận:\n- UBND tỉnh;\n- Lưu: VT. VX.")
    assert messages(report, "recipients.archive_prefix") == [
        'the archive line separates its entries with "." instead of ","'
    ]


def test_recipients_beside_a_signature_typed_with_tabs() -> None:
    def body(made: docx.document.Document) -> None:
        _line(made, PROSE + "/.", center=False)
        _line(
            made,
            "Nơi nhận:\t\t\tKT. CHỦ TỊCH",
            size=12,
            bold=True,
            italic=True,
            center=False,
            indent=None,
        )
        _line(made, "- UBND tỉnh;\t\t\tPHÓ CHỦ TỊCH", size=11, center=False, indent=None)
        _line(made, "- Lưu: VT.", size=11, center=False, indent=None)

    report = make(body=body, recipients=None)
    assert not rules(report) & {"recipients.label", "recipients.separator", "body.end_mark"}


def test_a_draft_has_a_blank_number_and_day() -> None:
    report = make(number="Số:      /BC-UBND", date="Xã A, ngày      tháng 3 năm 2026")
    assert rules(report, "info") == {"number.blank", "date.blank"}
    assert report.ok, report.errors()
    padded = make(number="Số:      /BC-UBND", date="Xã A, ngày      tháng 2 năm 2026")
    assert "date.month_padding" in rules(padded)  # the month is still checked


def test_documents_of_another_regime_are_not_recognised() -> None:
    youth = make(title="ĐOÀN TNCS HỒ CHÍ MINH", motto=None, number="Số: 05-NX/ĐTN")
    assert youth.profile == UNRECOGNISED
    assert {f.severity for f in youth.findings} == {"info"}
    petition = make(number="", issuer="ĐƠN KHỞI KIỆN", kind="ĐƠN KHỞI KIỆN")
    assert petition.profile == UNRECOGNISED and petition.ok


def test_indent_by_a_tab_or_a_negative_left_indent() -> None:
    def tabbed(made: docx.document.Document) -> None:
        _line(made, "\t" + PROSE + "/.", center=False, indent=0)

    assert "body.first_line_indent_mm" not in rules(make(body=tabbed))

    def negative(made: docx.document.Document) -> None:
        paragraph = _line(made, PROSE + "/.", center=False, indent=15)
        paragraph.paragraph_format.left_indent = Mm(-5)

    assert "body.first_line_indent_mm" not in rules(make(body=negative))

    def none(made: docx.document.Document) -> None:
        _line(made, PROSE + "/.", center=False, indent=0)

    assert "body.first_line_indent_mm" in rules(make(body=none))


def test_a_quoted_point_counts_in_the_sequence() -> None:
    def body(made: docx.document.Document) -> None:
        _line(made, "“a) Tổ chức nắm bắt dư luận xã hội trên địa bàn xã hằng tháng;", center=False)
        _line(made, "b) Báo cáo kết quả về Ban Tuyên giáo và Dân vận Tỉnh ủy./.", center=False)

    assert "heading.sequence" not in rules(make(body=body))


def test_number_lines_said_for_what_they_are() -> None:
    assert messages(make(number="Số: 03/BC- UBND"), "number.prefix") == [
        "a space beside the hyphen in 'BC- UBND'"
    ]
    legal = make(number="Số:      /2025/TT-BTC", kind="THÔNG TƯ", issuer="BỘ TÀI CHÍNH")
    assert not rules(legal) & {"number.prefix", "type.name"}, legal.findings


def test_kinds_without_recipients() -> None:
    report = make(kind="PHIẾU TRÌNH", recipients=None)
    assert "recipients.label" not in rules(report)
    assert "recipients.label" in rules(make(recipients=None))


def test_the_parent_body_size() -> None:
    assert "issuer.parent_size_pt" in rules(make(parent=("UBND TỈNH LAI CHÂU", 14)))
    assert "issuer.parent_size_pt" not in rules(make(parent=("UBND TỈNH LAI CHÂU", 13)))


def _page_header(
    size: float, *, even_vntime: bool = False
) -> Callable[[docx.document.Document], None]:
    def add(made: docx.document.Document) -> None:
        section = made.sections[0]
        section.different_first_page_header_footer = True
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = 1
        half = int(size * 2)
        paragraph._p.append(
            parse_xml(
                f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:rPr><w:rFonts '
                f'w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="{half}"/>'
                "</w:rPr><w:t>2</w:t></w:r></w:fldSimple>"
            )
        )
        if even_vntime:  # an even-page header, never shown: evenAndOddHeaders is off
            even = section.even_page_header.paragraphs[0].add_run("Trang chẵn")
            even.font.name = ".VnTime"
        for _ in range(60):  # long enough for two pages
            _line(made, PROSE, center=False)

    return add


def test_page_numbers_size_and_headers_never_shown() -> None:
    small = make(header=_page_header(12, even_vntime=True))
    assert "page_number.size_pt" in rules(small)
    assert "font.name" not in rules(small), small.findings
    assert "page_number.size_pt" not in rules(make(header=_page_header(14)))


def test_a_one_page_document_needs_no_page_number() -> None:
    assert "page_number.present" not in rules(make())
    assert "page_number.present" in rules(
        make(header=lambda d: [_line(d, PROSE, center=False) for _ in range(60)])
    )


def test_a_party_title_cell_with_line_breaks_is_party() -> None:
    report = make(
        issuer="BAN CHẤP HÀNH TRUNG ƯƠNG\nVĂN PHÒNG\n*",
        title="ĐẢNG CỘNG SẢN VIỆT NAM",
        motto=None,
        number="Số 36-HD/VPTW",
        date="Hà Nội, ngày 03 tháng 4 năm 2018",
        kind="HƯỚNG DẪN",
    )
    assert report.profile == "dang" and report.profile_version == "2018"
    assert "issuer.name" not in rules(report)
