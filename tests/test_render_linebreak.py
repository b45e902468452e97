"""Display lines break at phrase boundaries, never inside a Vietnamese word, in even lines."""

from __future__ import annotations

from typing import Any

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from dlxh.render import render_document
from dlxh.render.display import Face, available_width_pt, break_paragraphs, faces_from_styles
from dlxh.render.linebreak import FORBIDDEN, balance, break_penalties, lexicon, names_in
from dlxh.render.metrics import text_width_pt
from docx_inspect import open_docx
from test_render_engine import minimal_document

_PT_PER_MM = 72 / 25.4


def bold14(text: str) -> float:
    return text_width_pt(text, 14, bold=True)


def split_inside(lines: list[str], word: str) -> bool:
    """Whether ``word`` (several syllables) is cut between two of ``lines``."""
    joined = "\n".join(lines).lower()
    return word.lower() not in joined and word.lower() in " ".join(lines).lower()


def penalty_before(text: str, syllable: str) -> float:
    syllables = text.split()
    return break_penalties(syllables)[syllables.index(syllable) - 1]


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ("Tình hình dư luận xã hội tháng 10", "luận"),
        ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "vận"),
        ("cộng tác viên nhiệm kỳ 2025 - 2030", "kỳ"),
        ("CỘNG TÁC VIÊN DƯ LUẬN XÃ HỘI", "VIÊN"),
        ("giao ban tại xã Lê Lợi", "Lợi"),  # a proper name in mixed case
    ],
)
def test_no_break_inside_a_compound_or_name(text: str, inside: str) -> None:
    assert penalty_before(text, inside) == FORBIDDEN


def test_breaks_are_cheap_at_phrase_boundaries() -> None:
    text = "Kết quả giải quyết, trả lời các vấn đề của người dân năm 2026"
    assert penalty_before(text, "trả") == 0  # after a comma
    assert penalty_before(text, "của") == 1  # before a preposition opening a phrase
    assert penalty_before(text, "năm") == 1  # "năm" opens a phrase before a year
    assert penalty_before(text, "2026") > penalty_before(text, "dân")  # a number stays put
    # a line never ends on the preposition itself: "... / của người dân", not "... của / người"
    assert penalty_before(text, "người") == FORBIDDEN
    assert penalty_before(text, "dân") > penalty_before(text, "của")


def test_a_line_that_fits_stays_whole() -> None:
    text = "Công tác dư luận xã hội năm 2026"
    assert balance(text, 500, bold14) == [text]


@pytest.mark.parametrize(
    "title",
    [
        "Kết luận của đồng chí Trưởng Ban tại Hội nghị giao ban cộng tác viên dư luận xã hội "
        "6 tháng đầu năm 2026",
        "về việc công nhận cộng tác viên dư luận xã hội của Ban Tuyên giáo và Dân vận Tỉnh ủy, "
        "nhiệm kỳ 2025 - 2030",
        "Điều tra dư luận xã hội về mô hình chính quyền địa phương hai cấp trên địa bàn tỉnh",
    ],
)
def test_long_titles_break_between_phrases_in_even_lines(title: str) -> None:
    width = 165 * _PT_PER_MM * 0.9  # a trích yếu on a portrait page, less some slack
    lines = balance(title, width, bold14)
    assert " ".join(lines) == title
    assert len(lines) == 2
    assert all(bold14(line) <= width for line in lines)
    for word in ("dư luận", "xã hội", "Dân vận", "nhiệm kỳ", "cộng tác viên", "Hội nghị"):
        assert not split_inside(lines, word), lines
    first, second = (bold14(line) for line in lines)
    assert min(first, second) / max(first, second) > 0.6  # even, not a full line and a stub
    assert not lines[0].endswith((" của", " và", " về", " tại"))


def test_the_fewest_lines_come_first() -> None:
    title = "Kế hoạch tuyên truyền về công tác nắm bắt dư luận xã hội năm 2026"
    width = bold14(title) * 0.6
    assert len(balance(title, width, bold14)) == 2


def test_upper_case_titles_keep_the_documents_own_names() -> None:
    names = names_in(["Ban Tuyên giáo và Dân vận Tỉnh ủy Điện Biên", "Điện Biên"])
    assert "Điện Biên" in names
    words = lexicon().with_compounds(names)
    title = "DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ ĐỐI THOẠI TẠI TỈNH ĐIỆN BIÊN"
    syllables = title.split()
    at = syllables.index("BIÊN")
    assert break_penalties(syllables, words)[at - 1] == FORBIDDEN
    assert break_penalties(syllables)[at - 1] != FORBIDDEN  # known from the document only


def _paragraph(xml_runs: str, style: str = "S") -> Any:
    return parse_xml(
        f"<w:p {nsdecls('w')}><w:pPr><w:pStyle w:val='{style}'/></w:pPr>{xml_runs}</w:p>"
    )


def _lines(paragraph: Any) -> list[str]:
    lines = [""]
    for element in paragraph.iter(qn("w:t"), qn("w:br")):
        if element.tag == qn("w:br"):
            lines.append("")
        else:
            lines[-1] += element.text or ""
    return lines


def test_paragraphs_get_line_breaks_in_the_same_run() -> None:
    paragraph = _paragraph(
        "<w:r><w:rPr><w:b/></w:rPr><w:t>Kết quả giải quyết các vấn đề dư luận xã hội "
        "phản ánh trong tháng 10 năm 2026</w:t></w:r>"
    )
    body = parse_xml(f"<w:body {nsdecls('w')}/>")
    body.append(paragraph)
    face = Face(14, bold=True)
    measure = lambda text, f: text_width_pt(text, f.size, bold=f.bold)  # noqa: E731
    assert break_paragraphs(body, {"S": face}, lambda p: 300.0, measure) == 1
    lines = _lines(paragraph)
    assert len(lines) == 2 and all(not line.startswith(" ") for line in lines)
    assert not split_inside(lines, "dư luận xã hội")
    assert len(paragraph.findall(qn("w:r"))) == 1  # the run and its bold kept
    # an author's own break stays, and each of its lines is balanced alone
    own = _paragraph("<w:r><w:t>ỦY BAN NHÂN DÂN</w:t><w:br/><w:t>XÃ PHONG THỔ</w:t></w:r>")
    body.append(own)
    assert break_paragraphs(body, {"S": face}, lambda p: 300.0, measure) == 0
    assert _lines(own) == ["ỦY BAN NHÂN DÂN", "XÃ PHONG THỔ"]


def test_faces_and_widths_come_from_the_package() -> None:
    styles = parse_xml(
        f"<w:styles {nsdecls('w')}><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val='26'/>"
        "</w:rPr></w:rPrDefault></w:docDefaults>"
        "<w:style w:styleId='Base'><w:rPr><w:b/><w:sz w:val='28'/></w:rPr></w:style>"
        "<w:style w:styleId='Child'><w:basedOn w:val='Base'/><w:rPr><w:i/></w:rPr></w:style>"
        "<w:style w:styleId='Plain'/></w:styles>"
    )
    faces = faces_from_styles(etree.tostring(styles), ["Child", "Plain", "Missing"])
    assert faces == {"Child": Face(14, True, True), "Plain": Face(13, False, False)}
    cell = parse_xml(
        f"<w:tbl {nsdecls('w')}><w:tblPr><w:tblCellMar><w:left w:w='57' w:type='dxa'/>"
        "<w:right w:w='57' w:type='dxa'/></w:tblCellMar></w:tblPr><w:tr><w:tc><w:tcPr>"
        "<w:tcW w:w='4000' w:type='dxa'/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>"
    )
    assert available_width_pt(cell.find(f".//{qn('w:p')}")) == (4000 - 114) / 20


def _styled(document: Any, name: str) -> list[Any]:
    return [p for p in document.paragraphs if p.style is not None and p.style.name == name]


def test_rendered_summary_and_issuer_break_at_phrases_within_their_width() -> None:
    summary = (
        "Kết quả nắm bắt dư luận xã hội về công tác phòng, chống thiên tai và tìm kiếm cứu nạn "
        "trên địa bàn xã Thanh Nưa năm 2026"
    )
    model = minimal_document(
        summary=summary,
        issuer={
            "parent": "ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN",
            "name": "BAN CHỈ ĐẠO CÔNG TÁC DƯ LUẬN XÃ HỘI XÃ THANH NƯA",
            "code": "BCĐ",
        },
        place="Thanh Nưa",
    )
    document = open_docx(render_document(model))
    (paragraph,) = _styled(document, "DLXH Summary")
    lines = paragraph.text.split("\n")
    assert " ".join(lines) == summary and len(lines) == 2
    assert all(bold14(line) <= 165 * _PT_PER_MM for line in lines)
    assert not any(split_inside(lines, w) for w in ("dư luận", "xã hội", "Thanh Nưa", "cứu nạn"))
    issuer = document.tables[0].cell(0, 0)
    (name,) = [p for p in issuer.paragraphs if p.style.name == "DLXH Header Issuer"]
    name_lines = name.text.split("\n")
    assert len(name_lines) >= 2
    assert not any(split_inside(name_lines, w) for w in ("DƯ LUẬN XÃ HỘI", "THANH NƯA"))


def test_rules_sit_below_their_text_not_on_it() -> None:
    document = open_docx(render_document(minimal_document()))
    rules = _styled(document, "DLXH Rule")
    assert rules
    style = document.styles["DLXH Rule"]
    assert style.paragraph_format.space_before.pt == pytest.approx(3.0)
    border = style.element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    assert border is not None and border.get(qn("w:val")) == "single"


def test_the_place_and_date_keep_their_line_while_the_issuer_breaks() -> None:
    model = minimal_document(
        profile="dang",
        type="thong_bao",
        issuer={
            "parent": "ĐẢNG BỘ TỈNH ĐIỆN BIÊN",
            "name": "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY ĐIỆN BIÊN",
            "code": "BTGDVTU",
        },
        place="Điện Biên Phủ",
        date="2026-12-01",
    )
    header = open_docx(render_document(model)).tables[0]
    (date_line,) = [p for p in header.cell(1, 1).paragraphs if p.text]
    assert date_line.text == "Điện Biên Phủ, ngày 01 tháng 12 năm 2026"  # one line, unbroken
    (name,) = [p for p in header.cell(0, 0).paragraphs if p.style.name == "DLXH Header Issuer"]
    lines = name.text.split("\n")
    assert " ".join(lines) == "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY ĐIỆN BIÊN"
    assert not any(line.endswith(" VÀ") for line in lines)  # never a line ending on "và"
    assert not any(split_inside(lines, w) for w in ("TUYÊN GIÁO", "DÂN VẬN", "ĐIỆN BIÊN"))
