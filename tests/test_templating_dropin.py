"""dlxh.templating.docxtpl: docxtpl's API on dlxh's engine, checked against docxtpl itself on
tiny templates built here with python-docx."""

from __future__ import annotations

import importlib.util
import io
import sys
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import docx
import docxtpl
import jinja2
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.shared import Mm
from markupsafe import Markup

import dlxh.templating
from dlxh.errors import TemplateError
from dlxh.templating.docxtpl import (
    DocxTemplate,
    InlineImage,
    Listing,
    RichText,
    Subdoc,
)
from render_cases import png

ROOT = Path(__file__).resolve().parents[1]


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "docxtpl_compat", ROOT / "bench/docxtpl_compat.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("docxtpl_compat", module)
    spec.loader.exec_module(module)
    return module


compare_docx = _harness().compare_docx


def _template(tmp_path: Path, *lines: str, header: str = "", name: str = "t.docx") -> Path:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    path = tmp_path / name
    document.save(path)
    return path


def _both(path: Path, context: Any, **render: Any) -> tuple[bytes, bytes]:
    """docxtpl's and the drop-in's output for the same script; ``context`` receives the
    template object (images, sub-documents and links are made from it)."""
    outputs = []
    for kind in (docxtpl.DocxTemplate, DocxTemplate):
        tpl = kind(str(path))
        tpl.render(context(tpl), **render)
        stream = io.BytesIO()
        tpl.save(stream)
        outputs.append(stream.getvalue())
    return outputs[0], outputs[1]


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_the_names_docxtpl_scripts_import_are_there() -> None:
    for name in ("DocxTemplate", "RichText", "R", "RichTextParagraph", "RP", "Listing"):
        assert getattr(dlxh.templating, name) is getattr(dlxh.templating.docxtpl, name)
    assert dlxh.templating.docxtpl.RichText is docxtpl.RichText  # docxtpl's helpers, as they are
    assert dlxh.templating.InlineImage is docxtpl.InlineImage


def test_render_and_save_give_docxtpl_document(tmp_path: Path) -> None:
    path = _template(
        tmp_path, "Dear {{ name }},", "{{r rich }} and {{ listing }}", header="Ref {{ ref }}"
    )

    def context(tpl: Any) -> dict[str, Any]:
        return {
            "name": "Ms Lan",
            "rich": RichText("bold", bold=True),
            "listing": Listing("one\ntwo"),
            "ref": "12/UBND",
        }

    reference, ours = _both(path, context)
    assert compare_docx(reference, ours) == []
    assert "Dear Ms Lan," in _text(ours)


def test_a_file_object_template_and_a_path_output(tmp_path: Path) -> None:
    path = _template(tmp_path, "Hello {{ who }}")
    tpl = DocxTemplate(io.BytesIO(path.read_bytes()))
    assert not tpl.is_rendered
    tpl.render({"who": "world"})
    assert tpl.is_rendered
    tpl.save(tmp_path / "out.docx")
    assert _text((tmp_path / "out.docx").read_bytes()) == "Hello world"


def test_undefined_names_are_errors_unless_strict_false(tmp_path: Path) -> None:
    path = _template(tmp_path, "Hello {{ who }}!")
    with pytest.raises(TemplateError, match="'who'"):
        DocxTemplate(path).render({})
    lenient = DocxTemplate(path, strict=False)
    lenient.render({})
    stream = io.BytesIO()
    lenient.save(stream)
    reference = docxtpl.DocxTemplate(str(path))
    reference.render({})
    expected = io.BytesIO()
    reference.save(expected)
    assert compare_docx(expected.getvalue(), stream.getvalue()) == []
    assert _text(stream.getvalue()) == "Hello !"


def test_values_are_escaped_even_with_autoescape_false(tmp_path: Path) -> None:
    path = _template(tmp_path, "{{ value }}")
    tpl = DocxTemplate(path)
    tpl.render({"value": 'a < b & "c" </w:t></w:r></w:p><w:p><w:r><w:t>x'}, autoescape=False)
    stream = io.BytesIO()
    tpl.save(stream)
    assert _text(stream.getvalue()) == 'a < b & "c" </w:t></w:r></w:p><w:p><w:r><w:t>x'
    # XML the caller vouches for goes in as XML: Markup, or docxtpl's own objects
    tpl.render({"value": Markup('one</w:t><w:br/><w:t xml:space="preserve">two')})
    stream = io.BytesIO()
    tpl.save(stream)
    assert _text(stream.getvalue()) == "one\ntwo"


def test_a_jinja_env_gives_its_filters_and_globals_and_the_sandbox_stays(tmp_path: Path) -> None:
    path = _template(tmp_path, "{{ name|shout }} {{ greet() }}", "{{ name|upper }}")
    environment = jinja2.Environment()
    environment.filters["shout"] = lambda value: value.upper() + "!"
    environment.globals["greet"] = lambda: "hi"

    reference, ours = _both(path, lambda tpl: {"name": "lan"}, jinja_env=environment)
    assert compare_docx(reference, ours) == []
    assert _text(ours) == "LAN! hi\nLAN"
    unsafe = _template(tmp_path, "{{ name.__class__.__mro__ }}", name="unsafe.docx")
    with pytest.raises(TemplateError, match=r"unsafe|may not"):
        DocxTemplate(unsafe).render({"name": "x"}, jinja_env=environment)


def test_undeclared_variables_are_docxtpl_s(tmp_path: Path) -> None:
    path = _template(
        tmp_path,
        "{{ a }} {% if b %}x{% endif %}",
        "{% for item in items %}{{ item.x }} {{ loop.index }}{% endfor %}",
        header="{{ h }}",
    )
    expected = docxtpl.DocxTemplate(str(path)).get_undeclared_template_variables()
    tpl = DocxTemplate(path)
    assert tpl.get_undeclared_template_variables() == expected == {"a", "b", "items", "h"}
    assert tpl.get_undeclared_template_variables(context={"a": 1, "h": 2}) == {"b", "items"}
    tpl.render({"a": 1, "b": 0, "items": [], "h": ""})
    assert tpl.get_undeclared_template_variables(jinja_env=jinja2.Environment()) == expected
    # a filter the render will be given need not be known to list the names
    filtered = _template(tmp_path, "{{ a | shout }} {{ b is odd_one }}", name="filtered.docx")
    assert DocxTemplate(filtered).get_undeclared_template_variables() == {"a", "b"}


def _picture_template(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A template with a picture named logo.png in the body and another in the header."""
    logo, banner, new = tmp_path / "logo.png", tmp_path / "banner.png", tmp_path / "new.png"
    logo.write_bytes(png(6, 4, 10))
    banner.write_bytes(png(6, 4, 20))
    new.write_bytes(png(6, 4, 30))
    document = docx.Document()
    document.add_paragraph("{{ title }}")
    document.add_picture(str(logo), width=Mm(20))
    document.sections[0].header.paragraphs[0].add_run().add_picture(str(banner), width=Mm(10))
    path = tmp_path / "pictures.docx"
    document.save(path)
    return path, banner, new


def _media(data: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sorted(archive.read(n) for n in archive.namelist() if n.startswith("word/media/"))


def test_replace_pic_by_the_picture_name_as_docxtpl(tmp_path: Path) -> None:
    path, banner, new = _picture_template(tmp_path)

    def context(tpl: Any) -> dict[str, Any]:
        tpl.replace_pic("logo.png", str(new))
        return {"title": "T"}

    reference, ours = _both(path, context)
    assert compare_docx(reference, ours) == []
    assert _media(ours) == sorted([banner.read_bytes(), new.read_bytes()])
    tpl = DocxTemplate(path)
    tpl.replace_pic("nothing.png", str(new))
    tpl.render({"title": "T"})
    with pytest.raises(ValueError, match=r"nothing\.png not found"):
        tpl.save(io.BytesIO())
    tpl.allow_missing_pics = True
    tpl.save(io.BytesIO())


def test_replace_media_by_its_bytes_in_a_header(tmp_path: Path) -> None:
    path, banner, new = _picture_template(tmp_path)

    def context(tpl: Any) -> dict[str, Any]:
        tpl.replace_media(str(banner), io.BytesIO(new.read_bytes()))
        return {"title": "T"}

    reference, ours = _both(path, context)
    assert compare_docx(reference, ours) == []
    assert new.read_bytes() in _media(ours) and banner.read_bytes() not in _media(ours)
    tpl = DocxTemplate(path)
    tpl.replace_media(str(banner), str(new))
    tpl.reset_replacements()
    tpl.render({"title": "T"})
    stream = io.BytesIO()
    tpl.save(stream)
    assert banner.read_bytes() in _media(stream.getvalue())


def _with_embeddings(tmp_path: Path, members: dict[str, bytes]) -> Path:
    """A template with embedded objects related to the body, as Word stores them."""
    document = docx.Document()
    document.add_paragraph("{{ x }}")
    for name, data in members.items():
        part = Part(PackURI(f"/{name}"), "application/octet-stream", data, document.part.package)
        document.part.relate_to(part, RT.PACKAGE)
    path = tmp_path / "embedded.docx"
    document.save(path)
    return path


def test_replace_embedded_and_replace_zipname(tmp_path: Path) -> None:
    path = _with_embeddings(
        tmp_path,
        {"word/embeddings/Sheet1.xlsx": b"old sheet", "word/embeddings/Doc2.docx": b"old doc"},
    )
    (tmp_path / "old.docx").write_bytes(b"old doc")
    (tmp_path / "new.docx").write_bytes(b"new doc")
    (tmp_path / "new.xlsx").write_bytes(b"new sheet")
    outputs = []
    for kind in (docxtpl.DocxTemplate, DocxTemplate):
        tpl = kind(str(path))
        tpl.replace_embedded(str(tmp_path / "old.docx"), str(tmp_path / "new.docx"))
        tpl.replace_zipname("word/embeddings/Sheet1.xlsx", str(tmp_path / "new.xlsx"))
        tpl.render({"x": 1})
        out = tmp_path / f"{kind.__module__}.docx"
        tpl.save(str(out))
        with zipfile.ZipFile(out) as archive:
            outputs.append({n: archive.read(n) for n in archive.namelist() if "embeddings" in n})
    assert (
        outputs[0]
        == outputs[1]
        == {
            "word/embeddings/Sheet1.xlsx": b"new sheet",
            "word/embeddings/Doc2.docx": b"new doc",
        }
    )


def test_save_without_render_writes_the_template_with_its_replacements(tmp_path: Path) -> None:
    path, banner, new = _picture_template(tmp_path)
    tpl = DocxTemplate(path)
    tpl.replace_media(str(banner), str(new))
    stream = io.BytesIO()
    tpl.save(stream)
    assert stream.tell() == 0  # rewound after the replacement, as docxtpl does
    assert "{{ title }}" in _text(stream.getvalue())
    assert new.read_bytes() in _media(stream.getvalue())


def test_images_sub_documents_and_links_as_docxtpl(tmp_path: Path) -> None:
    path = _template(tmp_path, "{{ image }}", "{{p sub }}", "{{r link }}")
    picture = tmp_path / "p.png"
    picture.write_bytes(png(8, 8, 99))

    def context(tpl: Any) -> dict[str, Any]:
        sub = tpl.new_subdoc()
        sub.add_paragraph("inside the sub-document")
        link = RichText("site", url_id=tpl.build_url_id("https://example.org/a?b=1&c=2"))
        return {"image": InlineImage(tpl, str(picture), width=Mm(12)), "sub": sub, "link": link}

    reference, ours = _both(path, context)
    assert compare_docx(reference, ours) == []
    tpl = DocxTemplate(path)
    assert isinstance(Subdoc(tpl), Subdoc) and isinstance(tpl.new_subdoc(), Subdoc)


def test_docx_is_the_rendered_document_and_changes_to_it_are_saved(tmp_path: Path) -> None:
    path = _template(tmp_path, "Hello {{ who }}")
    seen = []
    for kind in (docxtpl.DocxTemplate, DocxTemplate):
        tpl = kind(str(path))
        assert tpl.docx is None  # until init_docx() or render()
        tpl.render({"who": "A"})
        tpl.docx.add_paragraph("added after")
        stream = io.BytesIO()
        tpl.save(stream)
        seen.append(_text(stream.getvalue()))
    assert seen[1] == seen[0] == "Hello A\nadded after"


def test_changes_to_the_template_document_before_rendering_are_rendered(tmp_path: Path) -> None:
    tpl = DocxTemplate(_template(tmp_path, "Hello {{ who }}"))
    tpl.init_docx()
    assert tpl.docx is not None
    tpl.docx.add_paragraph("and {{ other }}")
    tpl.render({"who": "A", "other": "B"})
    # (docxtpl shows the template's paragraphs here: python-docx keeps the old body)
    assert tpl.docx is not None and [p.text for p in tpl.docx.paragraphs] == ["Hello A", "and B"]
    tpl.render({"who": "C", "other": "D"})  # a new render starts from the template file
    assert [p.text for p in tpl.docx.paragraphs] == ["Hello C"]


def test_one_template_rendered_many_times(tmp_path: Path) -> None:
    path = _template(tmp_path, "{{ n }}")
    tpl = DocxTemplate(path)
    texts = []
    for n in range(3):
        tpl.render({"n": n})
        stream = io.BytesIO()
        tpl.save(stream)
        texts.append(_text(stream.getvalue()))
    assert texts == ["0", "1", "2"]


def test_core_properties_render_as_docxtpl(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("body")
    document.core_properties.title = "Report {{ year }}"
    document.core_properties.subject = "R&D {{ unit }}"
    path = tmp_path / "props.docx"
    document.save(path)
    reference, ours = _both(path, lambda tpl: {"year": 2026, "unit": "A & B"})
    assert compare_docx(reference, ours) == []
    properties = docx.Document(io.BytesIO(ours)).core_properties
    assert (properties.title, properties.subject) == ("Report 2026", "R&D A & B")
    tpl = DocxTemplate(path)
    tpl.init_docx()
    tpl.render_properties({"year": 1, "unit": "<u>"})
    assert tpl.docx is not None and tpl.docx.core_properties.subject == "R&D <u>"


def test_save_takes_only_the_file(tmp_path: Path) -> None:
    tpl = DocxTemplate(_template(tmp_path, "x"))
    with pytest.raises(TypeError):
        tpl.save(io.BytesIO(), "extra")
