"""The fast engine gives what docxtpl gives, for every shipped template and docxtpl's features."""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docxtpl import DocxTemplate
from lxml import etree

from dlxh import TemplateError
from dlxh.render import document_context, list_templates
from dlxh.render.blocks import BlockWriter
from dlxh.templating import Template
from dlxh.templating.environment import make_environment
from render_cases import CASES, Case, big_table_case, one_page_case
from test_render_engine import make_template, minimal_document

_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_VOLATILE = re.compile(r"^(rsid\w*|paraId|textId)$")
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes)\.xml$")


def targets(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    """What each relationship id of ``part`` points at: a URL, a part, or an image's hash."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in archive.namelist():
        return {}
    found = {}
    for rel in etree.fromstring(archive.read(rels)):
        target = rel.get("Target")
        if rel.get("TargetMode") != "External":
            member = posixpath.normpath(posixpath.join(folder, target))
            is_media = member.startswith("word/media/")
            target = hashlib.sha1(archive.read(member)).hexdigest() if is_media else member
        found[rel.get("Id")] = f"{rel.get('Type').rsplit('/', 1)[-1]}:{target}"
    return found


def canonical(xml: bytes, rels: dict[str, str]) -> str:
    """The part's XML with what Word and python-docx number freely taken out, and relationship
    ids replaced by what they point at."""
    root = etree.fromstring(xml, _PARSER)
    for element in root.iter():
        for name in list(element.attrib):
            local = etree.QName(name).localname
            if _VOLATILE.match(local) or (
                etree.QName(element).localname in {"docPr", "cNvPr"} and local in {"id", "name"}
            ):
                del element.attrib[name]
            elif etree.QName(name).namespace == _R and element.attrib[name] in rels:
                element.attrib[name] = rels[element.attrib[name]]
    return etree.tostring(root, method="c14n2", strip_text=False).decode()


def parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {
            n: canonical(archive.read(n), targets(archive, n))
            for n in archive.namelist()
            if _PARTS.match(n)
        }


def docxtpl_render(template: bytes, context: Any) -> bytes:
    tpl = DocxTemplate(io.BytesIO(template))
    tpl.init_docx()
    tpl.render(context(tpl), make_environment(), autoescape=True)
    stream = io.BytesIO()
    tpl.save(stream)
    return stream.getvalue()


def assert_equivalent(ours: bytes, reference: bytes) -> None:
    expected, actual = parts(reference), parts(ours)
    assert sorted(actual) == sorted(expected)
    for name in expected:
        assert actual[name] == expected[name], name


@pytest.mark.parametrize("make", CASES, ids=lambda make: make().name)
def test_docxtpl_style_templates_render_as_docxtpl(make: Any) -> None:
    case: Case = make()
    template = Template.from_bytes(case.template, case.name)
    ours = template.render(case.context(template))
    assert_equivalent(ours, docxtpl_render(case.template, case.context))


def test_the_big_table_has_every_row() -> None:
    case = big_table_case(5000)
    template = Template.from_bytes(case.template)
    with zipfile.ZipFile(io.BytesIO(template.render(case.context(template)))) as archive:
        body = archive.read("word/document.xml").decode()
    assert body.count("<w:tr") == 5001
    assert "Nguyễn Thị Hồng 4999" in body
    assert "Phản ánh về đường giao thông nông thôn &amp; nước sạch." in body


def _with_body(tpl: Any) -> dict[str, Any]:
    document = minimal_document(
        body=[
            {"type": "heading", "level": 1, "text": "Tình hình"},
            {"type": "paragraph", "text": 'Nội dung có ký tự đặc biệt: <a> & "b".'},
            {"type": "table", "header": [["STT", "Nội dung"]], "rows": [["1", "Một"], ["2", "2"]]},
        ]
    )
    from dlxh.profiles import get_profile

    profile = get_profile("nha-nuoc")
    body = tpl.new_subdoc()
    BlockWriter(body, 160.0, heading_separator=".").write(document.body)
    return {**document_context(document, profile), "body": body}


@pytest.mark.parametrize("info", list_templates(), ids=lambda info: info.name)
def test_every_shipped_template_renders_as_docxtpl(info: Any) -> None:
    source = info.path.read_bytes()
    template = Template.load(info.path)
    ours = template.render(_with_body(template))
    assert_equivalent(ours, docxtpl_render(source, _with_body))


def test_output_is_deterministic_and_every_part_reopens() -> None:
    case = CASES[2]()
    template = Template.from_bytes(case.template)
    first = template.render(case.context(template))
    assert template.render(case.context(template)) == first
    again = Template.from_bytes(case.template)
    assert again.render(case.context(again)) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        rels = archive.read("word/_rels/document.xml.rels").decode()
        types = archive.read("[Content_Types].xml").decode()
    assert len(media) == 3  # the two inline images and the sub-document's picture
    assert 'Target="https://laichau.gov.vn/?a=1&amp;b=2" TargetMode="External"' in rels
    assert 'Extension="png"' in types


def test_document_properties_are_in_the_core_namespace_once() -> None:
    """docxcompose rebinds python-docx's ``cp`` prefix; the properties must not suffer."""
    import docx

    from dlxh.render import render_document

    data = render_document(minimal_document())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("docProps/core.xml"))
    names = [etree.QName(child) for child in root]
    core = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    assert all(name.namespace != _CUSTOM for name in names)
    assert len({n.localname for n in names}) == len(names)  # each property once
    assert {n.localname for n in names if n.namespace == core} >= {"lastModifiedBy", "keywords"}
    assert root.findtext(f"{{{core}}}keywords") == "báo cáo"
    assert root.findtext(f"{{{core}}}lastModifiedBy") == "dlxh"
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.author == "ỦY BAN NHÂN DÂN XÃ A"
    assert props.title == "Tình hình tháng 12 năm 2025"
    assert props.created.year == 2026


_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"


@pytest.mark.parametrize("value", ["a\x01b", "x\x1bz", "\ufffe"])
def test_a_character_xml_cannot_hold_is_refused_with_its_code(value: str) -> None:
    template = Template.from_bytes(make_template("Giá trị: {{ v }}"), "mau.docx")
    with pytest.raises(TemplateError, match=r"mau\.docx: .*U\+00(01|1B)|U\+FFFE"):
        template.render({"v": value})


def test_values_are_data_not_template_code() -> None:
    data = Template.from_bytes(make_template("{{ v }}")).render({"v": "{{ 7*7 }} {% if 1 %}"})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml").decode()
    assert "{{ 7*7 }} {% if 1 %}" in body and "49" not in body


def test_a_broken_template_fails_when_rendered_with_its_name(tmp_path: Path) -> None:
    source = io.BytesIO(make_template("{{ v }}"))
    broken = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(broken, "w") as new:
        for item in old.infolist():
            content = old.read(item)
            new.writestr(item, content[:-40] if item.filename == "word/document.xml" else content)
    path = tmp_path / "hong.docx"
    path.write_bytes(broken.getvalue())
    template = Template.load(path)  # the checker can still look at it
    with pytest.raises(TemplateError, match=r"hong\.docx: cannot open the template"):
        template.render({"v": 1})


def _with_footnotes(source: bytes) -> bytes:
    """``source`` with a footnotes part holding a tag (Word's parts; python-docx makes none)."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        '</w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>Nguồn: {{ source }}</w:t></w:r></w:p>'
        "</w:footnote></w:footnotes>"
    )
    kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w") as new:
        for item in old.infolist():
            content = old.read(item)
            if item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    f'<Override PartName="/word/footnotes.xml" ContentType="{kind}"/>'
                    "</Types>".encode(),
                )
            if item.filename == "word/_rels/document.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rId99" Type="{rel}" Target="footnotes.xml"/>'
                    "</Relationships>".encode(),
                )
            new.writestr(item, content)
        new.writestr("word/footnotes.xml", footnotes)
    return out.getvalue()


def test_footnotes_render_as_docxtpl_renders_them() -> None:
    source = _with_footnotes(make_template("Văn bản {{ v }}"))
    values = {"v": "A & B", "source": "Sở <Nội vụ> & UBND"}
    ours = Template.from_bytes(source).render(values)
    assert_equivalent(ours, docxtpl_render(source, lambda tpl: values))
    with zipfile.ZipFile(io.BytesIO(ours)) as archive:
        assert "Sở &lt;Nội vụ&gt; &amp; UBND" in archive.read("word/footnotes.xml").decode()


def test_column_loops_make_columns_and_the_grid_follows() -> None:
    case = CASES[3]()
    template = Template.from_bytes(case.template)
    with zipfile.ZipFile(io.BytesIO(template.render(case.context(template)))) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    columns, merged = root.iter(f"{w}tbl")
    assert [len(row.findall(f"{w}tc")) for row in columns.iter(f"{w}tr")] == [4, 4]
    assert len(columns.find(f"{w}tblGrid")) == 4  # the repair docxtpl applies, kept
    first = merged.find(f"{w}tr").findall(f"{w}tc")
    assert len(first) == 1
    assert first[0].find(f"{w}tcPr/{w}gridSpan").get(f"{w}val") == "3"


def test_a_template_pickles_as_its_bytes_for_process_pools() -> None:
    import pickle

    case = one_page_case()
    template = Template.from_bytes(case.template, "bao-cao.docx")
    first = template.render(case.context(template))
    copy = pickle.loads(pickle.dumps(template))
    assert copy.name == "bao-cao.docx"
    assert copy.render(case.context(copy)) == first


def test_dates_may_come_as_text_as_json_carries_them() -> None:
    template = Template.from_bytes(
        make_template("{{ 'Lai Châu' | place_date(day) }}; {{ d | date_short }}")
    )
    data = template.render({"day": "2026-10-05", "d": "ngày 5 tháng 10 năm 2026"})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml").decode()
    assert "Lai Châu, ngày 05 tháng 10 năm 2026; 05/10/2026" in body


@pytest.mark.parametrize(
    ("source", "values", "message"),
    [
        ("{{ rows | length }}", {"rows": None}, "a tag could not use its value: TypeError"),
        ("{{ d | date }}", {"d": "hôm qua"}, "a tag could not use its value"),
        ("{{ d | date }}", {"d": 5}, "expected a date, got int 5"),
        ("{{ x.result }}", {"x": {"other": 1}}, "asks for 'result' of a value that has no such"),
    ],
)
def test_a_value_of_the_wrong_kind_is_a_template_error(
    source: str, values: dict[str, Any], message: str
) -> None:
    template = Template.from_bytes(make_template(source), "mau.docx")
    with pytest.raises(TemplateError, match=r"^mau\.docx: ") as caught:
        template.render(values)
    assert message in str(caught.value)


def test_the_checker_knows_docxtpl_row_and_cell_tags() -> None:
    from dlxh.render import check_template

    for make in CASES:
        case = make()
        assert check_template(Template.from_bytes(case.template), known=None) == [], case.name


def test_an_appendix_image_that_is_missing_stays_an_input_error(tmp_path: Path) -> None:
    from dlxh import InputError
    from dlxh.render import render_document

    document = minimal_document(
        appendices=[
            {"title": "Ảnh", "body": [{"type": "image", "path": "khong-co.png", "width_mm": 50}]}
        ]
    )
    with pytest.raises(InputError, match=r"appendices\[0\]\.body\[0\]: image file not found"):
        render_document(document, base_dir=tmp_path)


def test_cell_merges_match_python_docx_merge(monkeypatch: pytest.MonkeyPatch) -> None:
    """The table writer merges cells itself (python-docx searches the grid for every cell);
    the XML must be what python-docx's ``merge`` gives."""
    from dlxh.render import blocks, render_document

    document = minimal_document(
        body=[
            {
                "type": "table",
                "header": [
                    [{"text": "A", "rowspan": 2, "colspan": 2}, {"text": "B"}],
                    [{"text": "C"}],
                ],
                "rows": [
                    ["1", {"text": "x", "colspan": 2}],
                    [{"text": "y", "rowspan": 2}, "2", "3"],
                    ["4", "5"],
                ],
            }
        ]
    )
    ours = render_document(document)

    def python_docx_merge(tcs: list[list[Any]], row: int, column: int, cell: Any) -> None:
        tcs[row][column].merge(tcs[row + cell.rowspan - 1][column + cell.colspan - 1])

    monkeypatch.setattr(blocks, "_merge", python_docx_merge)
    assert ours == render_document(document)
