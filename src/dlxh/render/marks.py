"""The optional marks of a State document's first page (Nghị định 30/2020, Phụ lục I, Mục III.2-4).

Where the decree's layout (Mục IV, sơ đồ) puts them:

* ô 10a and 10b, the secrecy mark (MẬT...) and the urgency mark (HỎA TỐC, THƯỢNG KHẨN, KHẨN),
  under the number at the left: the template prints them in the number cell, and
  :func:`frame_header_marks` gives them the size of the profile's ``marks.size_pt`` and the single
  frame of the stamp they stand for;
* ô 11, the circulation instruction (LƯU HÀNH NỘI BỘ, XEM XONG TRẢ LẠI), in the top margin above
  the national title, framed, in the same size: the first page's header;
* ô 13, the issuer's address, telephone, e-mail and website, at the foot of the first page under a
  rule across the text width, 11-12 pt upright: the first page's footer.

A page header or footer is not part of the body the template engine renders, so the last two are
written into the finished file (:func:`add_first_page_marks`); documents without them are left
byte for byte as they were.
"""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from dlxh.models import Document
from dlxh.profiles import FormatProfile
from dlxh.templating.package import normalize_docx

__all__ = ["add_first_page_marks", "frame_header_marks", "needs_first_page_marks"]

_TWIPS_PER_MM = 72 / 25.4 * 20


def _size(profile: FormatProfile, key: str, default: float) -> float:
    return profile.number(key) if key in profile.rules else default


def _frame(r_pr: Any) -> None:
    """A single-line frame around a run's text (``w:bdr``): the border of a printed stamp."""
    border = r_pr.find(qn("w:bdr"))
    if border is None:
        border = OxmlElement("w:bdr")
        r_pr.append(border)
    for name, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        border.set(qn(f"w:{name}"), value)


def _run_size(r_pr: Any, size_pt: float) -> None:
    for tag in ("w:sz", "w:szCs"):
        element = r_pr.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            r_pr.append(element)
        element.set(qn("w:val"), str(round(size_pt * 2)))


def frame_header_marks(body: Any, marks: list[str], profile: FormatProfile) -> None:
    """Size and frame the secrecy and urgency marks in the header table's number cell."""
    if not marks:
        return
    table = body.find(qn("w:tbl"))
    if table is None:
        return
    size = _size(profile, "marks.size_pt", 13)
    wanted = set(marks)
    for paragraph in table.iter(qn("w:p")):
        runs = paragraph.findall(qn("w:r"))
        text = "".join(t.text or "" for t in paragraph.iter(qn("w:t"))).strip()
        if text not in wanted or not runs:
            continue
        wanted.discard(text)
        p_pr = paragraph.find(qn("w:pPr"))
        if p_pr is not None:  # the stamp's place is at the left of the column (ô 10a, 10b)
            spacing = p_pr.find(qn("w:spacing"))
            if spacing is None:
                spacing = OxmlElement("w:spacing")
                p_pr.append(spacing)
            spacing.set(qn("w:before"), "120")
            justify = p_pr.find(qn("w:jc"))
            if justify is None:
                justify = OxmlElement("w:jc")
                p_pr.append(justify)
            justify.set(qn("w:val"), "left")
        for run in runs:
            r_pr = run.find(qn("w:rPr"))
            if r_pr is None:
                r_pr = OxmlElement("w:rPr")
                run.insert(0, r_pr)
            _frame(r_pr)
            _run_size(r_pr, size)


def needs_first_page_marks(document: Document) -> bool:
    """Whether the document has a circulation mark or a contact block to add."""
    return document.circulation is not None or document.issuer.contact is not None


def _top_border(paragraph: DocxParagraph) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for name, value in (("val", "single"), ("sz", "6"), ("space", "4"), ("color", "000000")):
        top.set(qn(f"w:{name}"), value)
    borders.append(top)
    p_pr.append(borders)


def add_first_page_marks(
    data: bytes, document: Document, profile: FormatProfile, left_column_mm: float
) -> bytes:
    """``data`` with the circulation mark in the first page's header (centred over the right
    header column, which starts ``left_column_mm`` in) and the contact block in its footer.

    Later sections (appendices) that show a first page of their own get an empty first-page
    header and footer, so the marks stay on the document's first page.
    """
    opened = docx.Document(io.BytesIO(data))
    first = opened.sections[0]
    first.different_first_page_header_footer = True
    if document.circulation is not None:
        header = first.first_page_header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.left_indent = Mm(left_column_mm)
        run = paragraph.add_run(document.circulation.label)
        run.bold = True
        run.font.size = Pt(_size(profile, "marks.size_pt", 13))
        _frame(run._r.get_or_add_rPr())
    contact = document.issuer.contact
    if contact is not None:
        footer = first.first_page_footer
        footer.is_linked_to_previous = False
        size = Pt(_size(profile, "contact.size_pt", 11))
        for index, line in enumerate(contact.lines()):
            if index == 0 and footer.paragraphs:
                paragraph = footer.paragraphs[0]
            else:
                paragraph = footer.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            paragraph.paragraph_format.space_after = Pt(0)
            if index == 0:
                _top_border(paragraph)
            paragraph.add_run(line).font.size = size
    for section in opened.sections[1:]:
        if section.different_first_page_header_footer:
            section.first_page_header.is_linked_to_previous = False
            section.first_page_footer.is_linked_to_previous = False
    stream = io.BytesIO()
    opened.save(stream)
    return normalize_docx(stream.getvalue())
