"""Hostile template packages: unsafe member names, damaged, encrypted or macro-enabled files,
zip bombs, parts that load in quadratic time, and links to content outside the document.

Every bad template fails with one clean error that names it, through the Python API and through
``dlxh render --template``; links to outside content never reach an output unless asked for.
"""

from __future__ import annotations

import io
import pickle
import re
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from template_packages import (
    DOC_RELS,
    external_rel,
    external_targets,
    linked_picture,
    plain_docx,
    raw_zip,
    rezip,
    set_name_bytes,
    with_field,
    zip_members,
)

from cli_runner import run
from dlxh.errors import InputError, SecurityWarning, TemplateError
from dlxh.io import load
from dlxh.models import Document
from dlxh.profiles import get_profile
from dlxh.render import build_template, render_document
from dlxh.render.catalog import templates_dir
from dlxh.render.required import REQUIRED_STYLES
from dlxh.templating import Template
from dlxh.templating.package import PackageLimits

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "documents" / "03-bao-cao-ubnd-xa.yaml"
SHIPPED = (templates_dir() / "nha-nuoc" / "van-ban.docx").read_bytes()
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _types(replace: str) -> Callable[[bytes], bytes]:
    return lambda xml: xml.replace(MAIN.encode(), replace.encode())


def _stored_with_bad_crc() -> bytes:
    data = bytearray(rezip(SHIPPED, method=zipfile.ZIP_STORED))
    where = data.find(b"<w:body")
    data[where + 3] ^= 0x01  # one flipped bit in word/document.xml
    return bytes(data)


def _encrypted_flag() -> bytes:
    data = bytearray(SHIPPED)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        index = data.find(signature)
        while index >= 0:
            data[index + offset] |= 0x01
            index = data.find(signature, index + 4)
    return bytes(data)


def _ole(*streams: str) -> bytes:
    names = b"".join(name.encode("utf-16-le") + b"\0\0" for name in streams)
    return bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504) + names + bytes(512)


def _bomb() -> bytes:
    return rezip(SHIPPED, add={"word/media/padding.bin": bytes(4 * 1024 * 1024)})


def _nul_name() -> bytes:
    data = rezip(SHIPPED, add={"word/evilXmedia.xml": b"<x/>"})
    return set_name_bytes(data, b"word/evilXmedia.xml", b"word/evil\x00media.xml")


# (case id, template bytes, error type, message pattern); every one also goes through the CLI.
BAD_TEMPLATES: list[tuple[str, Callable[[], bytes], type[Exception], str]] = [
    (
        "zip-slip",
        lambda: rezip(SHIPPED, add={"../../evil.xml": b"<x/>"}),
        InputError,
        r"unsafe member name '\.\./\.\./evil\.xml'",
    ),
    (
        "absolute",
        lambda: rezip(SHIPPED, add={"/etc/evil.xml": b"<x/>"}),
        InputError,
        r"'/etc/evil\.xml' \(an absolute path\)",
    ),
    (
        "drive",
        lambda: rezip(SHIPPED, add={"C:evil.xml": b"<x/>"}),
        InputError,
        r"'C:evil\.xml' \(an absolute path\)",
    ),
    (
        "backslash",
        lambda: rezip(SHIPPED, add={"word\\..\\evil.xml": b"<x/>"}),
        InputError,
        r"backslash",
    ),
    (
        "dot-segment",
        lambda: rezip(SHIPPED, add={"word/./styles2.xml": b"<x/>"}),
        InputError,
        r"'word/\./styles2\.xml'",
    ),
    ("nul", _nul_name, InputError, r"word/evil\\x00media\.xml.*NUL"),
    (
        "duplicate",
        lambda: raw_zip([*zip_members(SHIPPED).items(), ("word/document.xml", b"")]),
        InputError,
        r"'word/document\.xml' appears twice",
    ),
    (
        "duplicate-case",
        lambda: rezip(SHIPPED, add={"WORD/Document.xml": b"<x/>"}),
        InputError,
        r"'WORD/Document\.xml' appears twice \(also as 'word/document\.xml'\)",
    ),
    (
        "no-content-types",
        lambda: rezip(SHIPPED, drop=frozenset({"[Content_Types].xml"})),
        InputError,
        r"no \[Content_Types\]\.xml",
    ),
    (
        "no-package-rels",
        lambda: rezip(SHIPPED, drop=frozenset({"_rels/.rels"})),
        InputError,
        r"no _rels/\.rels",
    ),
    ("bad-crc", _stored_with_bad_crc, InputError, r"word/document\.xml' is corrupt \(its checksum"),
    ("encrypted-zip", _encrypted_flag, InputError, r"encrypted or password-protected"),
    (
        "encrypted-ole",
        lambda: _ole("EncryptionInfo", "EncryptedPackage"),
        InputError,
        r"is encrypted or password-protected",
    ),
    ("word-97", lambda: _ole("WordDocument"), InputError, r"Word 97-2003 \.doc"),
    (
        "docm",
        lambda: rezip(
            SHIPPED,
            change={
                "[Content_Types].xml": _types(
                    "application/vnd.ms-word.document.macroEnabled.main+xml"
                )
            },
        ),
        InputError,
        r"macro-enabled document \(\.docm\)",
    ),
    (
        "dotx",
        lambda: rezip(
            SHIPPED,
            change={
                "[Content_Types].xml": _types(
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
                )
            },
        ),
        InputError,
        r"Word template \(\.dotx\)",
    ),
    (
        "vba-in-docx",
        lambda: rezip(SHIPPED, add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
        InputError,
        r"holds macros \(word/vbaProject\.bin\)",
    ),
    ("zip-bomb", _bomb, InputError, r"padding\.bin' inflates [\d,]+ times"),
    (
        "damaged-xml",
        lambda: rezip(SHIPPED, change={"word/styles.xml": lambda x: x[:-40]}),
        TemplateError,
        r"word/styles\.xml is damaged: not well-formed XML",
    ),
    (
        "dtd",
        lambda: rezip(
            SHIPPED,
            change={
                "word/styles.xml": lambda x: x.replace(
                    b"?>", b'?><!DOCTYPE w:styles [<!ENTITY a "b">]>', 1
                )
            },
        ),
        TemplateError,
        r"word/styles\.xml declares a DTD",
    ),
    (
        "no-dlxh-styles",
        lambda: plain_docx("{{ summary }}"),
        TemplateError,
        r"not a dlxh template: it lacks \d+ of the styles",
    ),
]


def _fail(data: bytes, name: str) -> Exception:
    """What loading and then rendering a document with the template raises."""
    document = load(EXAMPLE, Document)
    with pytest.raises((InputError, TemplateError)) as caught:
        render_document(document, template=Template.from_bytes(data, name))
    return caught.value


@pytest.mark.parametrize(
    ("case", "build", "kind", "pattern"), BAD_TEMPLATES, ids=[c[0] for c in BAD_TEMPLATES]
)
def test_bad_templates_fail_cleanly(
    case: str, build: Callable[[], bytes], kind: type[Exception], pattern: str
) -> None:
    error = _fail(build(), f"{case}.docx")
    assert isinstance(error, kind), error
    message = str(error)
    assert message.startswith(f"{case}.docx: "), message
    assert re.search(pattern, message), message
    assert "\n" not in message and len(message) < 600


@pytest.mark.parametrize(
    ("case", "build"),
    [(case, build) for case, build, _, _ in BAD_TEMPLATES],
    ids=[c[0] for c in BAD_TEMPLATES],
)
def test_bad_templates_through_the_cli(
    tmp_path: Path, case: str, build: Callable[[], bytes]
) -> None:
    template = tmp_path / f"{case}.docx"
    template.write_bytes(build())
    out = tmp_path / "out.docx"
    code, _, err = run("render", str(EXAMPLE), "--template", str(template), "-o", str(out))
    assert code != 0
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert str(template) in lines[0] and "Traceback" not in err
    assert not out.exists()


def test_load_refuses_a_template_that_is_not_a_regular_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        Template.load(tmp_path)


def test_limits_bound_the_unpacked_size_and_the_members() -> None:
    data = rezip(SHIPPED, add={"word/media/a.bin": bytes(300_000)})
    with pytest.raises(InputError, match=r"unpacks to [\d,]+ bytes; at most 200,000"):
        Template(data, "t.docx", limits=PackageLimits(max_unpacked=200_000))
    with pytest.raises(InputError, match=r"holds [\d,]+ bytes of XML; at most 1,000"):
        Template(SHIPPED, "t.docx", limits=PackageLimits(max_xml=1_000))
    with pytest.raises(InputError, match=r"has \d+ members; at most 3"):
        Template(SHIPPED, "t.docx", limits=PackageLimits(max_members=3))
    with pytest.raises(InputError, match=r"larger than 1,000 bytes"):
        Template(SHIPPED, "t.docx", limits=PackageLimits(max_bytes=1_000))
    # a member that deflates well but is small is fine (XML of a real template)
    Template(SHIPPED, "t.docx", limits=PackageLimits(max_ratio=2, ratio_floor=1_000_000))
    with pytest.raises(InputError, match=r"inflates [\d,]+ times"):
        Template(SHIPPED, "t.docx", limits=PackageLimits(max_ratio=2, ratio_floor=1_000))


def test_required_styles_are_the_ones_the_builder_writes() -> None:
    for layout in ("van-ban", "cong-van", "quyet-dinh"):
        built = Template.from_bytes(build_template(get_profile("dang"), layout))
        written = {name for name in built.style_ids() if name.startswith("DLXH ")}
        assert written == {name for name in REQUIRED_STYLES if name.startswith("DLXH ")}
        assert set(REQUIRED_STYLES) <= set(built.style_ids())


# -- loading is linear ---------------------------------------------------------------------------


def _many_paragraphs(count: int) -> bytes:
    body = "<w:p/>" * count + "<w:p><w:r><w:t>{{ value }}</w:t></w:r></w:p>"
    return rezip(
        plain_docx("x"),
        change={
            "word/document.xml": lambda xml: re.sub(
                rb"<w:body>.*?(<w:sectPr)", f"<w:body>{body}".encode() + rb"\1", xml, flags=re.S
            )
        },
    )


def test_a_template_of_80000_paragraphs_loads_and_renders() -> None:
    """80,000 empty paragraphs took 9.4 s to load, and 4× as many never loaded: moving the
    body's children out of the tree was quadratic. bench/render_bench.py times it."""
    data = _many_paragraphs(80_000)
    assert len(data) < 60_000
    output = Template.from_bytes(data, "dai.docx").render({"value": "Giá trị cuối"})
    body = zip_members(output)["word/document.xml"]
    assert body.count(b"<w:p/>") == 80_000 and "Giá trị cuối".encode() in body


@pytest.mark.parametrize(
    "text",
    [
        "{{ a " * 4000,  # openings without closings: each scan ran to the end of the part
        "{% a " * 4000,
        "{%p if a " * 2000,
    ],
    ids=["unclosed-variables", "unclosed-blocks", "unclosed-paragraph-tags"],
)
def test_tags_that_never_close_are_refused_at_once(text: str) -> None:
    template = Template.from_bytes(plain_docx(text), "ngoac.docx")
    with pytest.raises(
        TemplateError, match=r"ngoac\.docx: .*word/document\.xml: tags that do not close"
    ):
        template.render({})


def test_a_merged_cell_that_docxtpl_would_search_for_ever_is_refused() -> None:
    """docxtpl's {% vm %} pass tries every combination of cell properties, tags starting with
    ``<w:t`` and tag ends of a cell where its first try fails (here: no run closes after the
    tag): this 3 KB cell took docxtpl 23 s, twice as many 6 minutes. It is refused at once."""
    cell = (
        "<w:tcPr><w:y/></w:tcPr>" * 100
        + "<w:p><w:r>"
        + "<w:tab/>" * 100
        + "</w:r></w:p>"
        + "<w:p><w:x>{% vm %}</w:x></w:p>"
    )
    table = f"<w:tbl><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl>"
    data = rezip(
        plain_docx("x"),
        change={
            "word/document.xml": lambda xml: xml.replace(
                b"<w:body>", b"<w:body>" + table.encode(), 1
            )
        },
    )
    template = Template.from_bytes(data, "gop.docx")
    with pytest.raises(TemplateError, match=r"gop\.docx: .*\{% vm %\} or \{% hm %\}"):
        template.render({})


def test_real_merged_cells_are_not_refused() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "{% vm %}{{ name }}"
    for number in range(300):
        table.cell(0, 0).add_paragraph(f"dòng {number} -%}}")
    table.cell(1, 1).text = "{% hm %}x"
    stream = io.BytesIO()
    document.save(stream)
    assert Template.from_bytes(stream.getvalue(), "gop.docx").compile()


# -- links to content outside the document -------------------------------------------------------


def _load(data: bytes, name: str = "lien-ket.docx", **options: bool) -> tuple[Template, str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        template = Template.from_bytes(data, name, **options)
    messages = [str(w.message) for w in caught if issubclass(w.category, SecurityWarning)]
    assert len(messages) <= 1
    return template, messages[0] if messages else ""


def test_a_linked_picture_is_dropped_with_a_warning() -> None:
    template, warning = _load(linked_picture("http://127.0.0.1:9/anh.png"))
    assert warning.startswith("lien-ket.docx: removed 1 link")
    assert "word/document.xml: image http://127.0.0.1:9/anh.png" in warning
    assert "allow_external=True" in warning
    output = template.render({})
    assert external_targets(output) == []
    assert b"r:link" not in zip_members(output)["word/document.xml"]
    assert external_targets(template.data) == []


def test_allow_external_keeps_the_link() -> None:
    template, warning = _load(linked_picture("http://127.0.0.1:9/anh.png"), allow_external=True)
    assert warning == ""
    assert [t for _, _, t in external_targets(template.render({}))] == [
        "http://127.0.0.1:9/anh.png"
    ]


def test_load_has_the_option_too(tmp_path: Path) -> None:
    path = tmp_path / "lien-ket.docx"
    path.write_bytes(linked_picture("file:///etc/hostname"))
    with pytest.warns(SecurityWarning, match=r"file:///etc/hostname"):
        assert external_targets(Template.load(path).render({})) == []
    kept = Template.load(path, allow_external=True)
    assert external_targets(kept.render({})) != []


def test_an_embedded_copy_stays_when_the_link_goes() -> None:
    template, _ = _load(linked_picture("\\\\attacker\\share\\a.png", keep_embedded=True))
    body = zip_members(template.render({}))["word/document.xml"]
    assert b"r:embed=" in body and b"r:link" not in body


def test_a_target_outside_the_package_counts_even_without_target_mode() -> None:
    template, warning = _load(linked_picture("http://127.0.0.1:9/x.png", internal_mode=True))
    assert "http://127.0.0.1:9/x.png" in warning
    assert external_targets(template.render({})) == []


@pytest.mark.parametrize(
    ("rels_part", "part", "kind", "element", "reference"),
    [
        (
            "word/_rels/settings.xml.rels",
            "word/settings.xml",
            "attachedTemplate",
            "w:attachedTemplate",
            b'<w:attachedTemplate r:id="rIdX"/>',
        ),
        (DOC_RELS, "word/document.xml", "subDocument", "w:subDoc", b'<w:subDoc r:id="rIdX"/>'),
        (DOC_RELS, "word/document.xml", "aFChunk", "w:altChunk", b'<w:altChunk r:id="rIdX"/>'),
        (
            DOC_RELS,
            "word/document.xml",
            "oleObject",
            "o:OLEObject",
            b'<w:p><w:r><w:object><o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office" '
            b'Type="Link" r:id="rIdX"/></w:object></w:r></w:p>',
        ),
    ],
    ids=["attached-template", "sub-document", "alt-chunk", "ole-link"],
)
def test_elements_that_use_a_dropped_relationship_go_too(
    rels_part: str, part: str, kind: str, element: str, reference: bytes
) -> None:
    data = plain_docx("Nội dung")
    if rels_part not in zip_members(data):
        data = rezip(
            data,
            add={
                rels_part: (
                    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    b"</Relationships>"
                )
            },
        )
    data = external_rel(data, rels_part, "rIdX", kind, "http://127.0.0.1:9/x")
    anchor = b"<w:sectPr" if part == "word/document.xml" else b"</w:settings>"
    data = rezip(data, change={part: lambda xml: xml.replace(anchor, reference + anchor, 1)})
    template, warning = _load(data)
    assert f"{part}: {kind} http://127.0.0.1:9/x" in warning
    output = zip_members(template.render({}))
    assert f"<{element}".encode() not in output[part]
    assert b"rIdX" not in output[rels_part]


@pytest.mark.parametrize("simple", [False, True], ids=["complex", "simple"])
@pytest.mark.parametrize(
    "field", ["INCLUDEPICTURE", "includetext", "LINK Excel.Sheet.8", "DDEAUTO"]
)
def test_fields_that_pull_content_in_keep_only_their_result(field: str, simple: bool) -> None:
    instruction = f' {field} "http://127.0.0.1:9/x" \\d '
    data = with_field(plain_docx("Đoạn văn"), instruction, "Kết quả cũ", simple=simple)
    template, warning = _load(data)
    assert f"field {field.split(maxsplit=1)[0].upper()}" in warning
    body = zip_members(template.render({}))["word/document.xml"].decode()
    assert "Kết quả cũ" in body and "Đoạn văn" in body
    assert "127.0.0.1" not in body and "fldChar" not in body and "fldSimple" not in body


def test_fields_that_fetch_nothing_stay() -> None:
    data = with_field(plain_docx("Trang"), " PAGE ", "1")
    template, warning = _load(data)
    assert warning == ""
    body = zip_members(template.render({}))["word/document.xml"]
    assert body.count(b"<w:fldChar ") == 3 and b"> PA</w:instrText>" in body


def test_hyperlinks_stay() -> None:
    data = external_rel(
        plain_docx("Liên kết"), DOC_RELS, "rIdH", "hyperlink", "https://example.org/"
    )
    template, warning = _load(data)
    assert warning == ""
    assert external_targets(template.render({})) == [
        (
            DOC_RELS,
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
            "https://example.org/",
        )
    ]


def test_vml_addresses_and_mail_merge_go() -> None:
    vml = (
        b'<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml">'
        b'<v:imagedata src="http://127.0.0.1:9/v.png"/></v:shape></w:pict></w:r></w:p>'
    )
    merge = (
        b'<w:mailMerge><w:mainDocumentType w:val="formLetters"/>'
        b'<w:connectString w:val="Provider=x;Data Source=\\\\attacker\\db.mdb"/>'
        b'<w:query w:val="SELECT * FROM t"/></w:mailMerge>'
    )
    data = rezip(
        plain_docx("x"),
        change={
            "word/document.xml": lambda xml: xml.replace(b"<w:sectPr", vml + b"<w:sectPr", 1),
            "word/settings.xml": lambda xml: xml.replace(
                b"</w:settings>", merge + b"</w:settings>"
            ),
        },
    )
    template, warning = _load(data)
    assert "VML link http://127.0.0.1:9/v.png" in warning and "mail merge" in warning
    output = zip_members(template.render({}))
    assert b"127.0.0.1" not in output["word/document.xml"]
    assert b"mailMerge" not in output["word/settings.xml"]


def test_a_render_still_embeds_images_and_links_urls() -> None:
    from docxtpl import InlineImage, RichText

    from render_cases import png

    template = Template.from_bytes(plain_docx("{{ image }} {{r link }}"), "anh.docx")
    link = RichText()
    link.add("trang", url_id=template.build_url_id("https://example.org/a"))
    output = template.render({"image": InlineImage(template, io.BytesIO(png())), "link": link})
    assert [t for _, _, t in external_targets(output)] == ["https://example.org/a"]
    assert any(name.startswith("word/media/") for name in zip_members(output))


def test_a_template_sent_to_a_worker_is_not_cleaned_twice() -> None:
    template, warning = _load(linked_picture("http://127.0.0.1:9/anh.png"))
    assert warning
    with warnings.catch_warnings():
        warnings.simplefilter("error", SecurityWarning)
        again = pickle.loads(pickle.dumps(template))
    assert again.render({}) == template.render({})


def test_a_clean_template_is_kept_byte_for_byte() -> None:
    template, warning = _load(SHIPPED)
    assert warning == "" and template.data == SHIPPED


def test_a_damaged_part_that_must_be_cleaned_is_an_input_error() -> None:
    data = with_field(plain_docx("x"), " INCLUDETEXT a ", "b")
    data = rezip(data, change={"word/document.xml": lambda xml: xml[:-30]})
    with pytest.raises(InputError, match=r"damaged: word/document\.xml is not well-formed XML"):
        Template.from_bytes(data, "hong.docx")


def test_cleaning_is_deterministic() -> None:
    first, _ = _load(linked_picture("http://127.0.0.1:9/anh.png"))
    second, _ = _load(linked_picture("http://127.0.0.1:9/anh.png"))
    assert first.data == second.data
