"""The render's shortcuts (listing pass, media deflated once, image headers and drawings kept)
give exactly what the long way gives, follow changed inputs, and hold under threads."""

from __future__ import annotations

import concurrent.futures as cf
import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.image.image import Image
from docx.oxml.shape import CT_Inline
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from dlxh.templating import Template, images
from dlxh.templating.deflated import DeflateCache
from dlxh.templating.listing import resolve_listing
from dlxh.templating.package import Entry
from render_cases import png

_DOCXTPL = DocxTemplate(io.BytesIO(b""))

_RUN = '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'


@pytest.mark.parametrize(
    "xml",
    [
        '<w:body><w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
        + _RUN.format("một\nhai\tba\abốn\fnăm")
        + "</w:p><w:p>"
        + _RUN.format("không đổi")
        + "</w:p></w:body>",
        # a text box: the outer match ends at the inner paragraph's end, as in docxtpl
        '<w:p w:rsidR="1"><w:r><w:txbxContent><w:p>'
        + _RUN.format("a\nb")
        + "</w:p></w:txbxContent></w:r>"
        + _RUN.format("c\td")
        + "</w:p><w:p>"
        + _RUN.format("e")
        + "</w:p>",
        # breaks outside any w:t (a drawing's pretty-printed XML) change nothing
        "<w:p><w:r><w:drawing>\n  <wp:inline/>\n</w:drawing></w:r></w:p>",
        "<w:p>" + _RUN.format("no break at all") + "</w:p>",
        # a break in a tag's attributes, in a text after the drawing, in a run's properties
        '<w:p><w:r><w:drawing>\n</w:drawing><w:t xml:space="preserve"\n>a</w:t></w:r>'
        + _RUN.format("b\fc")
        + "</w:p><w:p><w:r><w:rPr>\t</w:rPr><w:t>x</w:t></w:r><w:t>y\az</w:t></w:p>",
        "<w:p><w:r><w:t>open text\n</w:r></w:p><w:p><w:r><w:t>z</w:t></w:r></w:p>",
        "plain text\nwith no paragraph",
        "<w:pPr>\n</w:pPr><w:p/><w:p>" + _RUN.format("x\ny") + "</w:p>",
    ],
)
def test_listing_pass_is_docxtpls(xml: str) -> None:
    assert resolve_listing(xml) == _DOCXTPL.resolve_listing(xml)


def test_deflate_cache_gives_what_deflating_gives() -> None:
    cache = DeflateCache(max_bytes=10_000, max_item=4_000)
    first = b"abc" * 500
    entry = cache.entry("word/media/image1.png", first, 1)
    assert entry == Entry.deflate("word/media/image1.png", first, level=1)
    again = cache.entry("word/media/image7.png", bytes(bytearray(first)), 1)
    assert again.name == "word/media/image7.png" and again.data == entry.data and len(cache) == 1
    # same length, other bytes: another entry; another level: another entry
    other = cache.entry("a.png", b"abd" * 500, 1)
    assert other == Entry.deflate("a.png", b"abd" * 500, level=1)
    assert cache.entry("a.png", first, 9) == Entry.deflate("a.png", first, level=9)
    assert len(cache) == 3


def test_deflate_cache_is_bounded() -> None:
    cache = DeflateCache(max_bytes=5_000, max_item=3_000)
    blobs = [bytes([n]) * 1_500 for n in range(6)]
    for blob in blobs:
        cache.entry("m.png", blob, 1)
        cache.entry("m.png", blobs[0], 1)  # kept in use: never the one dropped
    assert cache.held <= 5_000
    assert cache.entry("m.png", blobs[0], 1) == Entry.deflate("m.png", blobs[0], level=1)
    before = len(cache)
    large = b"x" * 3_001
    assert cache.entry("big.png", large, 1) == Entry.deflate("big.png", large, level=1)
    assert len(cache) <= before  # too large to keep
    cache.clear()
    assert len(cache) == 0 and cache.held == 0


def test_image_headers_follow_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(png(6, 4, shade=1))
    first = images.image_from(str(path))
    reference = Image.from_file(str(path))
    assert (first.filename, first.sha1, first.px_width, first.px_height, first.content_type) == (
        reference.filename,
        reference.sha1,
        reference.px_width,
        reference.px_height,
        reference.content_type,
    )
    path.write_bytes(png(9, 3, shade=2))  # the file changed: read and measured anew
    second = images.image_from(str(path))
    assert (second.px_width, second.px_height) == (9, 3)
    assert second.sha1 == Image.from_file(str(path)).sha1 != first.sha1
    stream = images.image_from(io.BytesIO(png(9, 3, shade=2)))
    assert stream.filename == Image.from_file(io.BytesIO(png(9, 3, shade=2))).filename
    blob = images.image_of(png(9, 3, shade=2))
    assert (blob.filename, blob.sha1) == (stream.filename, second.sha1)


def test_drawings_are_fresh_copies() -> None:
    one = images.pic_inline("rId9", "logo.png", 1000, 2000)
    assert one.xml == CT_Inline.new_pic_inline(1, "rId9", "logo.png", 1000, 2000).xml
    one.docPr.set("id", "77")
    two = images.pic_inline("rId9", "logo.png", 1000, 2000)
    assert two is not one and two.docPr.get("id") == "1"


def _image_template() -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "{{ logo }}"
    document.add_paragraph("Ảnh: {{ logo }} và {{ photo }}")
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def _media(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.startswith("word/media/")}


def test_a_changed_image_file_changes_the_next_render(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(png(6, 4, shade=10))
    template = Template.from_bytes(_image_template(), "images.docx")

    def context(tpl: Template) -> dict[str, object]:
        return {
            "logo": InlineImage(tpl, str(path), width=Mm(10)),
            "photo": InlineImage(tpl, io.BytesIO(png(8, 8, shade=99)), height=Mm(5)),
        }

    first = template.render(context(template))
    assert template.render(context(template)) == first
    path.write_bytes(png(12, 4, shade=20))
    second = template.render(context(template))
    assert png(12, 4, shade=20) in _media(second).values()
    assert png(6, 4, shade=10) not in _media(second).values()
    fresh = Template.from_bytes(_image_template(), "images.docx")
    assert second == fresh.render(context(fresh))


def test_one_template_serves_many_threads() -> None:
    template = Template.from_bytes(_image_template(), "images.docx")

    def context(shade: int) -> dict[str, object]:
        return {
            "logo": InlineImage(template, io.BytesIO(png(6, 4, shade=shade)), width=Mm(10)),
            "photo": InlineImage(template, io.BytesIO(png(4, 4, shade=200)), height=Mm(5)),
        }

    shades = [n % 5 for n in range(40)]
    expected = {shade: template.render(context(shade)) for shade in set(shades)}
    assert len(set(expected.values())) == 5
    images.clear()
    with cf.ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda shade: (shade, template.render(context(shade))), shades))
    assert all(data == expected[shade] for shade, data in results)
