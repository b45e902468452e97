"""Test helpers that read rendered .docx files the way Word resolves formatting."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterator

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run


def open_docx(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def all_paragraphs(document: DocxDocument) -> Iterator[Paragraph]:
    """Body paragraphs, paragraphs in (nested) tables, and header/footer paragraphs."""

    def walk(container: object) -> Iterator[Paragraph]:
        yield from container.paragraphs  # type: ignore[attr-defined]
        for table in container.tables:  # type: ignore[attr-defined]
            for row in table.rows:
                for cell in row.cells:
                    yield from walk(cell)

    yield from walk(document)
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer):
            if not part.is_linked_to_previous:
                yield from walk(part)


def _style_chain(document: DocxDocument, paragraph: Paragraph) -> list[object]:
    chain = []
    style = paragraph.style
    while style is not None:
        chain.append(style)
        style = style.base_style
    return chain


def _defaults_rpr(document: DocxDocument) -> object:
    return document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")


def effective(document: DocxDocument, paragraph: Paragraph, run: Run, attribute: str) -> object:
    """The run's effective font name/size/bold/italic/underline: run, style chain, defaults."""
    direct = {
        "name": run.font.name,
        "size": run.font.size,
        "bold": run.font.bold,
        "italic": run.font.italic,
        "underline": run.font.underline,
    }[attribute]
    if direct is not None:
        return direct
    for style in _style_chain(document, paragraph):
        value = getattr(style.font, attribute)  # type: ignore[attr-defined]
        if value is not None:
            return value
    r_pr = _defaults_rpr(document)
    if attribute == "name":
        fonts = r_pr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
        return None if fonts is None else fonts.get(qn("w:ascii"))
    if attribute == "size":
        size = r_pr.find(qn("w:sz"))  # type: ignore[attr-defined]
        return None if size is None else int(size.get(qn("w:val"))) * 6350
    return False


def pt(document: DocxDocument, paragraph: Paragraph, run: Run) -> float:
    size = effective(document, paragraph, run, "size")
    assert size is not None, paragraph.text
    return size.pt  # type: ignore[attr-defined]


def find_paragraph(document: DocxDocument, text: str) -> Paragraph:
    for paragraph in all_paragraphs(document):
        if paragraph.text == text:
            return paragraph
    raise AssertionError(f"no paragraph {text!r}")


def text_of(document: DocxDocument) -> str:
    return "\n".join(p.text for p in all_paragraphs(document))


def first_table(document: DocxDocument) -> Table:
    return document.tables[0]


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    """A valid PNG of ``width`` x ``height`` grey pixels, built by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def office_page() -> DocxDocument:
    """An empty document set up as an office types one by hand: A4, the State margins
    (20/20/30/15 mm) and Times New Roman 14 pt, with no dlxh styles."""
    from docx.shared import Mm, Pt

    made = docx.Document()
    section = made.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = made.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:hAnsi"), "Times New Roman")
    return made
