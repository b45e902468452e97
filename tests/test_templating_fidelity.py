"""The fast engine where it differed from docxtpl: table grids after cell comments, sub-documents'
styles, the widths of sub-documents' tables, template errors as Jinja errors, and entities in
tag literals. Templates are built here with python-docx; where docxtpl's output is the
reference, the two are compared part by part as in test_render_fast."""

from __future__ import annotations

import io
import pickle
import re
import zipfile
from typing import Any

import docx
import jinja2
import pytest
from docx.document import Document as DocxDocument
from docxtpl import DocxTemplate
from lxml import etree

from dlxh.errors import DlxhError, TemplateError
from dlxh.templating import Template
from test_render_fast import assert_equivalent, docxtpl_render

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _save(document: DocxDocument) -> bytes:
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def _member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def _texts(data: bytes) -> list[str]:
    root = etree.fromstring(_member(data, "word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


# -- 1. a cell comment removes the cell, and the grid follows ------------------------------


def _table_template(cells: list[str], before: str | None = None) -> bytes:
    document = docx.Document()
    document.add_paragraph("Bảng:")
    table = document.add_table(rows=2, cols=len(cells))
    for index, text in enumerate(cells):
        table.cell(0, index).text = text
        table.cell(1, index).text = f"ô {index}"
    if before is not None:
        table.cell(0, 0).paragraphs[0].insert_paragraph_before(before)
    return _save(document)


@pytest.mark.parametrize(
    "cells",
    [
        ["A", "B", "{#tc bỏ ô này #}"],
        ["A", "{#tc bỏ #}", "C"],
        ["{%tc if False %}", "B", "{%tc endif %}"],
    ],
    ids=["comment-last", "comment-middle", "tc-if"],
)
def test_a_removed_cell_narrows_the_grid_as_in_docxtpl(cells: list[str]) -> None:
    source = _table_template(cells)
    ours = Template.from_bytes(source).render({})
    assert_equivalent(ours, docxtpl_render(source, lambda tpl: {}))
    table = etree.fromstring(_member(ours, "word/document.xml")).find(f".//{W}tbl")
    widest = max(len(row.findall(f"{W}tc")) for row in table.iter(f"{W}tr"))
    assert len(table.find(f"{W}tblGrid")) == widest


def test_a_row_loop_over_nothing_leaves_the_grid_docxtpl_leaves() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for r in rows %}"
    table.cell(1, 0).text = "{{ r }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    source = _save(document)
    for rows in ([], ["một", "hai"]):
        ours = Template.from_bytes(source).render({"rows": rows})
        assert_equivalent(ours, docxtpl_render(source, lambda tpl, rows=rows: {"rows": rows}))


# -- 4. template errors are Jinja's errors too, with docxtpl's docx_context -----------------


def _error_template() -> bytes:
    document = docx.Document()
    for number in range(1, 9):
        document.add_paragraph(f"Đoạn {number}.")
    fifth = document.paragraphs[4]
    fifth.add_run(" " + "chữ " * 40 + "{% if v %}có{% endif %} {% endif %}")
    return _save(document)


def test_a_syntax_error_is_caught_as_docxtpl_code_catches_it() -> None:
    source = _error_template()
    template = Template.from_bytes(source, "mau.docx")
    with pytest.raises(jinja2.TemplateSyntaxError) as caught:
        template.render({"v": 1})
    error = caught.value
    assert isinstance(error, TemplateError) and isinstance(error, DlxhError)
    message = str(error)
    assert message.startswith("mau.docx: template syntax error: Encountered unknown tag 'endif'")
    near = message.split("(near: ", 1)[1]
    assert "{% endif %} {% endif %}" in near  # the offending tag is quoted, not cut off
    assert len(near) <= 162
    # docxtpl's docx_context: the paragraphs around the error, tags kept, XML taken out
    reference_template = DocxTemplate(io.BytesIO(source))
    with pytest.raises(jinja2.TemplateSyntaxError) as reference:
        reference_template.render({"v": 1})
    assert error.docx_context == list(reference.value.docx_context)  # type: ignore[attr-defined]
    assert error.docx_context[3].startswith("Đoạn 5.")
    assert error.lineno == reference.value.lineno
    # the reference engine gives the same error
    with pytest.raises(TemplateError) as same:
        template.render({"v": 1}, engine="docxtpl")
    assert str(same.value) == message
    assert same.value.docx_context == error.docx_context
    copy = pickle.loads(pickle.dumps(error))  # a process pool carries it back whole
    assert str(copy) == message and copy.docx_context == error.docx_context


def test_an_unclosed_block_quotes_the_paragraph_of_its_tag() -> None:
    source = _save(_with_paragraphs("Đầu.", "{% for x in xs %}{{ x }}", "Cuối."))
    with pytest.raises(jinja2.TemplateSyntaxError, match=r"near: \{% for x in xs %\}\{\{ x \}\}"):
        Template.from_bytes(source).render({"xs": []})


def _with_paragraphs(*texts: str) -> DocxDocument:
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    return document


@pytest.mark.parametrize(
    ("text", "values", "kind"),
    [
        ("{{ chua_co }}", {}, jinja2.UndefinedError),
        ("{{ ''.__class__ }}", {}, jinja2.exceptions.SecurityError),
    ],
)
def test_jinja_errors_keep_their_kind(text: str, values: dict[str, Any], kind: type) -> None:
    template = Template.from_bytes(_save(_with_paragraphs(text)), "mau.docx")
    with pytest.raises(kind) as caught:
        template.render(values)
    assert isinstance(caught.value, TemplateError)
    assert str(caught.value).startswith("mau.docx: ")
    assert caught.value.docx_context == []


def test_a_value_of_the_wrong_kind_is_not_a_jinja_error() -> None:
    """docxtpl lets a filter's TypeError through: it is not a jinja2.TemplateError there."""
    template = Template.from_bytes(_save(_with_paragraphs("{{ rows | length }}")), "mau.docx")
    with pytest.raises(TemplateError) as caught:
        template.render({"rows": None})
    assert not isinstance(caught.value, jinja2.TemplateError)


# -- 5. an entity typed in a tag's literal means its character ------------------------------


@pytest.mark.parametrize(
    ("tag", "values", "shown"),
    [
        ('{{ x|default("R&D") }}', {}, "R&D"),
        ("{{ 'Sở <Nội vụ> & UBND' }}", {}, "Sở <Nội vụ> & UBND"),
        ('{% if x == "A&B" %}đúng{% endif %}', {"x": "A&B"}, "đúng"),
        ("{{ x ~ ' & ' ~ y }}", {"x": "a", "y": "b"}, "a & b"),
        ('{{ "it\u2019s" }}', {}, "it's"),  # docxtpl's own smart-quote clean-up, kept
    ],
)
def test_an_entity_in_a_tag_literal_is_escaped_once(
    tag: str, values: dict[str, Any], shown: str
) -> None:
    data = Template.from_bytes(_save(_with_paragraphs(tag))).render(values)
    assert _texts(data)[0] == shown


def test_quotes_written_as_references_stay_inside_or_delimit_the_literal() -> None:
    from dlxh.templating.literals import decode_tag_entities

    assert decode_tag_entities('{{ "a &quot;b&quot; &amp; c" }}') == '{{ "a \\"b\\" & c" }}'
    assert decode_tag_entities("{{ &quot;x&amp;y&quot; }}") == '{{ "x&y" }}'
    assert (
        decode_tag_entities("{{ 'l&apos;x' }} {# &amp; #} &amp;")
        == "{{ 'l\\'x' }} {# &amp; #} &amp;"
    )
    assert decode_tag_entities('{{ "&#92;" }}') == '{{ "\\\\" }}'
    assert decode_tag_entities('{{ "&#1;" }}') == '{{ "&#1;" }}'  # no character XML allows


def test_text_outside_tags_is_untouched() -> None:
    source = _save(_with_paragraphs("A & B {{ v }} <c>"))
    data = Template.from_bytes(source).render({"v": "x & y"})
    assert _texts(data)[0] == "A & B x & y <c>"
    assert_equivalent(data, docxtpl_render(source, lambda tpl: {"v": "x & y"}))


def test_a_tag_without_entities_compiles_as_docxtpl_compiles_it() -> None:
    source = _save(_with_paragraphs('{{ "a" ~ v }}', "{% if v %}{{ v|upper }}{% endif %}"))
    assert_equivalent(
        Template.from_bytes(source).render({"v": "b"}),
        docxtpl_render(source, lambda tpl: {"v": "b"}),
    )
    assert re.search(r"ab", "".join(_texts(Template.from_bytes(source).render({"v": "b"}))))


# -- 2. a sub-document made from a file brings its styles and lists -------------------------


def _without_styles(document: DocxDocument, *names: str) -> DocxDocument:
    for name in names:
        style = document.styles[name]
        style.element.getparent().remove(style.element)
    return document


def _master(*, numbering: bool = True) -> bytes:
    document = _without_styles(
        _with_paragraphs("Mở đầu.", "{{p sd }}", "Kết thúc."),
        "Heading 1",
        "Heading 1 Char",
        "Table Grid",
        "List Number",
        "Intense Quote",
    )
    data = _save(document)
    if numbering:
        return data
    out = io.BytesIO()  # a template Word saved without lists has no numbering part
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for item in old.infolist():
            content = old.read(item)
            if item.filename == "word/numbering.xml":
                continue
            if item.filename == "word/_rels/document.xml.rels":
                content = re.sub(rb"<Relationship [^>]*numbering[^>]*/>", b"", content)
            if item.filename == "[Content_Types].xml":
                content = re.sub(rb"<Override [^>]*numbering[^>]*/>", b"", content)
            new.writestr(item, content)
    return out.getvalue()


def _subdocument(path: Any) -> None:
    document = docx.Document()
    document.add_heading("Phần một", level=1)
    document.add_paragraph("Trích dẫn", style="Intense Quote")
    for text in ("Bước một", "Bước hai"):
        document.add_paragraph(text, style="List Number")
    table = document.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).text = "Ô"
    document.save(path)


def _styles_and_lists(data: bytes) -> tuple[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read("word/styles.xml")
        numbering = archive.read("word/numbering.xml")
    parser = etree.XMLParser(remove_blank_text=True)
    lists = etree.fromstring(numbering, parser)
    for nsid in lists.iter(f"{W}nsid"):  # docxcompose draws them at random
        nsid.set(f"{W}val", "0")
    return (
        etree.tostring(etree.fromstring(styles, parser), method="c14n2").decode(),
        etree.tostring(lists, method="c14n2").decode(),
    )


@pytest.mark.parametrize("numbering", [True, False], ids=["with-lists", "no-numbering-part"])
def test_a_file_subdocument_brings_its_styles_as_docxtpl(tmp_path: Any, numbering: bool) -> None:
    path = tmp_path / "con.docx"
    _subdocument(path)
    source = _master(numbering=numbering)
    template = Template.from_bytes(source, "mau.docx")
    ours = template.render({"sd": template.new_subdoc(path)})
    reference = docxtpl_render(source, lambda tpl: {"sd": tpl.new_subdoc(str(path))})
    assert_equivalent(ours, reference)
    assert _styles_and_lists(ours) == _styles_and_lists(reference)
    styles = _member(ours, "word/styles.xml").decode()
    assert 'w:styleId="Heading1"' in styles and 'w:styleId="TableGrid"' in styles
    assert template.render({"sd": template.new_subdoc(path)}) == ours  # no random nsid
    reopened = docx.Document(io.BytesIO(ours))
    assert [p.style.name for p in reopened.paragraphs[1:5]] == [
        "Heading 1",
        "Intense Quote",
        "List Number",
        "List Number",
    ]
    assert reopened.tables[0].style.name == "Table Grid"


def test_the_template_keeps_its_styles_when_no_file_subdocument_is_inserted() -> None:
    source = _master()
    template = Template.from_bytes(source)
    sd = template.new_subdoc()
    sd.add_paragraph("Văn bản")
    ours = template.render({"sd": sd})
    assert _member(ours, "word/styles.xml") == _member(source, "word/styles.xml")
    assert _member(ours, "word/numbering.xml") == _member(source, "word/numbering.xml")


def test_a_file_subdocument_is_taken_in_as_a_template_is(tmp_path: Any) -> None:
    from dlxh.errors import InputError, SecurityWarning

    template = Template.from_bytes(_master(), "mau.docx")
    not_docx = tmp_path / "ghi-chu.docx"
    not_docx.write_bytes(b"not a zip at all")
    with pytest.raises(InputError, match=r"ghi-chu\.docx"):
        template.new_subdoc(not_docx)
    document = _with_paragraphs("Ảnh:")
    field = document.paragraphs[0]._p.makeelement(f"{W}fldSimple")
    field.set(f"{W}instr", ' INCLUDEPICTURE "http://example.invalid/a.png" ')
    document.paragraphs[0]._p.append(field)
    linked = tmp_path / "lien-ket.docx"
    document.save(linked)
    with pytest.warns(SecurityWarning, match="INCLUDEPICTURE"):
        sd = template.new_subdoc(linked)
    assert b"example.invalid" not in _member(template.render({"sd": sd}), "word/document.xml")
    # a binary stream, as python-docx takes it
    with open(linked, "rb") as stream, pytest.warns(SecurityWarning):
        assert template.new_subdoc(stream).paragraphs[0].text == "Ảnh:"


def test_a_part_the_engine_cannot_carry_is_refused_by_name(tmp_path: Any) -> None:
    """An element pointing at a part that is neither a picture nor a link (a chart, an embedded
    object: here the sub-document's own styles part stands in) is refused, not left pointing
    at whatever the template has under the same id."""
    path = tmp_path / "bieu-do.docx"
    _subdocument(path)
    template = Template.from_bytes(_master(), "mau.docx")
    sd = template.new_subdoc(path)
    styles = next(r for r, v in sd.part.rels.items() if v.reltype.endswith("/styles"))
    chart = sd.paragraphs[0]._p.makeelement(f"{W}object")
    chart.set(f"{{{R}}}id", styles)
    sd.paragraphs[0]._p.append(chart)
    with pytest.raises(TemplateError, match=r"mau\.docx: a sub-document holds a styles"):
        template.render({"sd": sd})


R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# -- 3. a sub-document's tables are as wide as the template's text --------------------------


def test_a_subdocument_table_fits_the_template_page_where_docxtpl_overflows() -> None:
    from docx.shared import Mm

    document = _with_paragraphs("{{p sd }}")
    section = document.sections[0]
    section.page_width, section.page_height = Mm(148), Mm(210)
    section.left_margin = section.right_margin = Mm(20)
    source = _save(document)
    text_width = (Mm(148) - 2 * Mm(20)) // 635  # EMU to twips

    def grid(data: bytes) -> int:
        table = etree.fromstring(_member(data, "word/document.xml")).find(f".//{W}tbl")
        return sum(int(c.get(f"{W}w")) for c in table.find(f"{W}tblGrid"))

    def fill(sd: Any) -> dict[str, Any]:
        sd.add_table(rows=1, cols=3).cell(0, 0).text = "Ô"
        return {"sd": sd}

    template = Template.from_bytes(source)
    assert abs(grid(template.render(fill(template.new_subdoc()))) - text_width) <= 3
    assert grid(docxtpl_render(source, lambda tpl: fill(tpl.new_subdoc()))) == 3 * 2880  # 6 in
