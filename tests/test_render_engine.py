"""The rendering engine: templates, escaping, sandbox, errors, determinism, atomic output."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Pt
from docxtpl import DocxTemplate

from dlxh import DataValidationError, InputError, TemplateError
from dlxh.io import validate
from dlxh.models import Document
from dlxh.profiles import get_profile
from dlxh.render import build_template, render_document, templates_dir
from dlxh.render.checks import check_template
from dlxh.templating import Template
from docx_inspect import open_docx, text_of, tiny_png

ROOT = Path(__file__).resolve().parent.parent


def make_template(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def minimal_document(**changes: object) -> Document:
    data: dict[str, object] = {
        "profile": "nha-nuoc",
        "type": "bao_cao",
        "number": 3,
        "issuer": {"name": "ỦY BAN NHÂN DÂN XÃ A", "code": "UBND"},
        "place": "Hà Nội",
        "date": date(2026, 1, 5),
        "summary": "Tình hình tháng 12 năm 2025",
        "body": [{"type": "paragraph", "text": "Nội dung."}],
        "signer": {"title": "Chủ tịch", "name": "Nguyễn Văn A"},
        "recipients": ["Như trên"],
    }
    data.update(changes)
    return Document.model_validate(data)


def test_same_text_as_docxtpl() -> None:
    source = make_template(
        "Kính gửi {{ name }}",
        "{%p for item in items %}",
        "- {{ item }};",
        "{%p endfor %}",
        "{% if flag %}Có{% else %}Không{% endif %}",
    )
    context = {"name": "Ông A", "items": ["một", "hai"], "flag": True}
    ours = open_docx(Template.from_bytes(source).render(context))
    reference = DocxTemplate(io.BytesIO(source))
    reference.render(context, autoescape=True)
    stream = io.BytesIO()
    reference.save(stream)
    theirs = open_docx(stream.getvalue())
    assert [p.text for p in ours.paragraphs] == [p.text for p in theirs.paragraphs]
    assert [p.text for p in ours.paragraphs] == ["Kính gửi Ông A", "- một;", "- hai;", "Có"]


def test_values_are_escaped_never_markup() -> None:
    hostile = 'A & B <C> "D" </w:t></w:r>'
    data = Template.from_bytes(make_template("{{ value }}")).render({"value": hostile})
    assert open_docx(data).paragraphs[0].text == hostile
    document = minimal_document(
        summary="A & B <C>",
        body=[{"type": "paragraph", "text": "Giá trị A & B <C> giữ nguyên"}],
        issuer={"name": "A & B <C>", "code": "UBND"},
    )
    text = text_of(open_docx(render_document(document)))
    assert "Giá trị A & B <C> giữ nguyên" in text
    assert "A & B <C>" in text.split("\n")


def test_filters_are_the_vietnamese_layer() -> None:
    source = make_template(
        "{{ d | date }}|{{ x | percent }}|{{ n | words }}|{{ 14 | roman }}|{{ 1443 | number }}"
    )
    data = Template.from_bytes(source).render({"d": date(2024, 1, 5), "x": 0.939, "n": 2025})
    assert open_docx(data).paragraphs[0].text == (
        "ngày 05 tháng 01 năm 2024|93,9%|hai nghìn không trăm hai mươi lăm|XIV|1.443"
    )


def test_extra_filters_can_be_added() -> None:
    source = make_template("{{ name | shout }}")
    data = Template.from_bytes(source).render({"name": "hòa"}, filters={"shout": str.upper})
    assert open_docx(data).paragraphs[0].text == "HÒA"


def test_missing_variable_names_template_and_variable() -> None:
    template = Template.from_bytes(make_template("{{ name }} {{ missing }}"), "mine.docx")
    with pytest.raises(TemplateError, match=r"mine\.docx: the template uses 'missing'"):
        template.render({"name": "x"})


def test_syntax_error_names_template() -> None:
    template = Template.from_bytes(make_template("{{ name "), "broken.docx")
    with pytest.raises(TemplateError, match=r"broken\.docx: template syntax error"):
        template.render({"name": "x"})


@pytest.mark.parametrize(
    "expression",
    [
        "{{ name.__class__.__mro__ }}",
        "{{ name.format.__globals__ }}",
        "{{ cycler.__init__.__globals__ }}",
    ],
)
def test_sandbox_refuses_python_internals(expression: str) -> None:
    template = Template.from_bytes(make_template(expression), "evil.docx")
    with pytest.raises(TemplateError, match=r"evil\.docx"):
        template.render({"name": "x"})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip at all", "not a .docx file \\(not a zip archive\\)"),
        (b"", "not a .docx file"),
    ],
)
def test_bad_template_files(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        Template.from_bytes(data, "x.docx")


def test_zip_without_document_part() -> None:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match=r"no word/document\.xml"):
        Template.from_bytes(stream.getvalue(), "x.docx")


def test_missing_template_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such template"):
        Template.load(tmp_path / "none.docx")


def test_render_many_times_from_one_load() -> None:
    template = Template.load(templates_dir() / "nha-nuoc" / "van-ban.docx")
    first = render_document(minimal_document(), template=template)
    second = render_document(minimal_document(number=4), template=template)
    assert first != second
    assert render_document(minimal_document(), template=template) == first
    assert "Số: 04/BC-UBND" in text_of(open_docx(second))


def test_output_is_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "out.docx"
    target.write_bytes(b"old")
    broken = minimal_document(body=[{"type": "image", "path": "missing.png"}])
    with pytest.raises(InputError, match=r"body\[0\]: image file not found"):
        render_document(broken, target, base_dir=tmp_path)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]
    render_document(minimal_document(), target)
    assert open_docx(target.read_bytes()).tables


def test_images_from_bytes_and_files(tmp_path: Path) -> None:
    (tmp_path / "chart.png").write_bytes(tiny_png())
    document = minimal_document(
        body=[
            {"type": "image", "data": tiny_png(8, 8), "caption": "Biểu đồ 1", "width_mm": 80},
            {"type": "image", "path": "chart.png", "caption": "Biểu đồ 2"},
        ]
    )
    data = render_document(document, base_dir=tmp_path)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert sum(name.startswith("word/media/") for name in names) == 2
    assert "Biểu đồ 2" in text_of(open_docx(data))
    broken = minimal_document(body=[{"type": "image", "data": b"not an image"}])
    with pytest.raises(InputError, match=r"body\[0\]: cannot use the image given as data"):
        render_document(broken)


def test_numbering_restarts_and_page_breaks() -> None:
    document = minimal_document(
        body=[
            {"type": "heading", "level": 1, "text": "Tình hình"},
            {"type": "numbered", "items": ["một", "hai"]},
            {"type": "heading", "level": 2, "text": "Chi tiết"},
            {"type": "heading", "level": 3, "text": "Điểm"},
            {"type": "numbered", "items": ["ba"], "style": "letter"},
            {"type": "page_break"},
            {"type": "heading", "level": 1, "text": "Kiến nghị"},
            {"type": "heading", "level": 2, "text": "Mục mới"},
            {"type": "bullets", "items": ["gạch đầu dòng"], "marker": "+"},
        ]
    )
    docx_document = open_docx(render_document(document))
    texts = [
        p.text
        for p in docx_document.paragraphs
        if p.style.name.startswith(("DLXH Heading", "DLXH List"))
    ]
    assert texts == [
        "I. TÌNH HÌNH",
        "1. một",
        "2. hai",
        "1. Chi tiết",
        "a) Điểm",
        "a) ba",
        "II. KIẾN NGHỊ",
        "1. Mục mới",
        "+ gạch đầu dòng./.",
    ]
    assert 'w:type="page"' in docx_document.element.body.xml


def test_profile_can_be_overridden_at_render_time() -> None:
    text = text_of(open_docx(render_document(minimal_document(), profile="dang")))
    assert "Số 03-BC/UBND" in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" not in text


def test_shipped_templates_match_the_builder() -> None:
    for name in ("nha-nuoc", "dang"):
        for layout in ("van-ban", "quyet-dinh", "cong-van"):
            shipped = (templates_dir() / name / f"{layout}.docx").read_bytes()
            assert shipped == build_template(get_profile(name), layout), (
                f"{name}/{layout}: run make templates"
            )


def test_shipped_templates_pass_the_checker() -> None:
    for file in sorted(templates_dir().glob("*/*.docx")):
        assert check_template(Template.load(file)) == [], file


def test_checker_finds_split_tags_syntax_and_unknown_variables() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("{")
    paragraph.add_run("{ issuer_name }}")
    spanning = document.add_paragraph()
    spanning.add_run("{{ number")
    spanning.add_run("_line }}")
    document.add_paragraph("{{ secret_value }}")
    document.add_paragraph("{% if summary %}")
    stream = io.BytesIO()
    document.save(stream)
    problems = check_template(Template.from_bytes(stream.getvalue(), "user.docx"))
    messages = [str(p) for p in problems]
    assert any("delimiter split across runs" in m and "error" in m for m in messages)
    assert any("spans 2 runs" in m and m.startswith("warning") for m in messages)
    assert any("Unexpected end of template" in m or "endif" in m for m in messages)
    no_syntax = docx.Document()
    no_syntax.add_paragraph("{{ secret_value }} {{ summary }}")
    stream = io.BytesIO()
    no_syntax.save(stream)
    problems = check_template(Template.from_bytes(stream.getvalue(), "user.docx"))
    assert [p.message.split(" (")[0] for p in problems] == [
        "user.docx: not a dlxh template: it lacks 36 of the styles dlxh writes with",
        "variable 'secret_value' is not provided by the document data",
    ]


def test_template_search_path_prefers_user_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = tmp_path / "dang"
    own.mkdir()
    source = docx.Document(templates_dir() / "dang" / "van-ban.docx")
    source.paragraphs[0].insert_paragraph_before("MẪU RIÊNG CỦA TỈNH")
    source.save(own / "bao-cao.docx")
    monkeypatch.setenv("DLXH_TEMPLATE_PATH", str(tmp_path))
    report = minimal_document(profile="dang")
    assert "MẪU RIÊNG CỦA TỈNH" in text_of(open_docx(render_document(report)))
    plan = minimal_document(profile="dang", type="ke_hoach", summary="Kế hoạch")
    assert "MẪU RIÊNG CỦA TỈNH" not in text_of(open_docx(render_document(plan)))


def test_regime_switch_of_a_type_the_other_regime_lacks() -> None:
    contract = minimal_document(type="hop_dong", summary="Hợp đồng")
    with pytest.raises(DataValidationError, match="Party format has no document type 'hợp đồng'"):
        render_document(contract, profile="dang")


def _cant_split(row: object) -> bool:
    tr_pr = row._tr.trPr  # type: ignore[attr-defined]
    return tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None


@pytest.mark.parametrize("ending", ["paragraph", "table"])
def test_signature_block_stays_whole_and_with_the_body(ending: str, tmp_path: Path) -> None:
    last: dict[str, object] = (
        {"type": "paragraph", "text": "Đoạn cuối."}
        if ending == "paragraph"
        else {"type": "table", "header": [["TT", "Việc"]], "rows": [["1", "a"], ["2", "b"]]}
    )
    body = [{"type": "paragraph", "text": "Mở đầu."}, last]
    rendered = open_docx(render_document(minimal_document(body=body)))
    signature = rendered.tables[-1]
    assert "Nguyễn Văn A" in signature.rows[0].cells[1].text and _cant_split(signature.rows[0])
    before = signature._tbl.getprevious()  # the blank line between body and signature
    assert before.tag == qn("w:p") and before.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
    if ending == "paragraph":
        kept = [p for p in rendered.paragraphs if p.paragraph_format.keep_with_next]
        assert "Đoạn cuối" in kept[0].text and "Mở đầu" not in {p.text for p in kept}
    else:
        table = rendered.tables[-2]
        assert all(_cant_split(row) for row in table.rows)
        tail = [p for cell in table.rows[-1].cells for p in cell.paragraphs]
        assert all(p.paragraph_format.keep_with_next for p in tail)
        # a table this short is kept on one page whole: every row goes with the next
        assert all(p.paragraph_format.keep_with_next for p in table.rows[1].cells[0].paragraphs)


def test_output_path_must_be_a_docx(tmp_path: Path) -> None:
    target = tmp_path / "bao-cao.pdf"
    with pytest.raises(InputError, match=r"bao-cao\.pdf: the output must be a \.docx file"):
        render_document(minimal_document(), target)
    assert not target.exists()


def test_author_property_is_one_line_and_a_wrong_type_points_at_type() -> None:
    issuer = {"name": "ỦY BAN NHÂN DÂN\nXÃ MƯỜNG PHĂNG", "code": "UBND"}
    rendered = open_docx(render_document(minimal_document(issuer=issuer)))
    assert rendered.core_properties.author == "ỦY BAN NHÂN DÂN XÃ MƯỜNG PHĂNG"
    with pytest.raises(DataValidationError) as caught:
        validate(
            Document, {**minimal_document().model_dump(), "profile": "dang", "type": "hop_dong"}
        )
    assert [p.location for p in caught.value.problems] == ["type"]


def test_text_after_a_table_is_spaced_and_header_cells_are_centred() -> None:
    table = {"type": "table", "header": [["TT", "Việc"]], "rows": [["1", "a"]]}
    body = [
        table,
        {"type": "paragraph", "text": "Sau bảng."},
        {"type": "paragraph", "text": "Tiếp."},
    ]
    rendered = open_docx(render_document(minimal_document(body=body)))
    after, following = (p for p in rendered.paragraphs if p.text.startswith(("Sau", "Tiếp")))
    assert after.paragraph_format.space_before == Pt(6)
    assert following.paragraph_format.space_before is None
    grid = rendered.tables[1]
    assert grid.rows[0].cells[0].vertical_alignment == WD_CELL_VERTICAL_ALIGNMENT.CENTER
    assert grid.rows[1].cells[0].vertical_alignment is None


def _header_columns_mm(data: bytes) -> list[float]:
    grid = open_docx(data).tables[0]._tbl.tblGrid
    return [int(col.get(qn("w:w"))) / 20 / 72 * 25.4 for col in grid.findall(qn("w:gridCol"))]


def test_header_columns_make_room_for_a_long_place_and_date_line() -> None:
    from dlxh.render.metrics import text_width_pt

    party = {"profile": "dang", "issuer": {"name": "ĐẢNG ỦY XÃ PHONG THỔ", "code": "ĐU"}}
    short = _header_columns_mm(render_document(minimal_document(**party, place="Lai Châu")))
    assert round(short[0]) == 80  # fits as it is: the profile's default split stays
    long_place = minimal_document(**party, place="Mường Phăng", date=date(2026, 3, 28))
    left, right = _header_columns_mm(render_document(long_place))
    line = text_width_pt("Mường Phăng, ngày 28 tháng 3 năm 2026", 14, italic=True) * 25.4 / 72
    assert left < 80 and right > line + 2 and round(left + right) == round(sum(short))
