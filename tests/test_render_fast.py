"""The fast engine gives what docxtpl gives, for every shipped template and docxtpl's features."""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import zipfile
from typing import Any

import pytest
from docxtpl import DocxTemplate
from lxml import etree

from dlxh.render import Template, document_context, list_templates
from dlxh.render.blocks import BlockWriter
from dlxh.render.environment import make_environment
from render_cases import CASES, Case, big_table_case
from test_render_engine import minimal_document

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
