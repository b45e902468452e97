"""Small WordprocessingML edits that python-docx has no API for (borders, fields, table flags)."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from lxml import etree

__all__ = [
    "add_page_field",
    "hide_table_borders",
    "mark_header_row",
    "set_bottom_border",
    "set_cell_margins",
]


def _child(parent: etree._Element, tag: str) -> etree._Element:
    """The first child ``tag`` of ``parent``, appended if absent."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def set_bottom_border(paragraph: Paragraph, *, size_eighths: int = 6) -> None:
    """Draw a solid line under ``paragraph`` across its width (between its indents)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        # pBdr must precede spacing/ind/jc in pPr; inserting after pStyle keeps Word strict.
        style = p_pr.find(qn("w:pStyle"))
        if style is not None:
            style.addnext(borders)
        else:
            p_pr.insert(0, borders)
    bottom = _child(borders, "w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size_eighths))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")


def hide_table_borders(table: Table) -> None:
    """Remove every border of ``table``: header and signature blocks are invisible tables."""
    tbl_pr = table._tbl.tblPr
    borders = tbl_pr.find(qn("w:tblBorders"))
    if borders is not None:
        tbl_pr.remove(borders)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def set_cell_margins(table: Table, *, left_twips: int, right_twips: int) -> None:
    """Set the default left/right cell margins of ``table``."""
    tbl_pr = table._tbl.tblPr
    margins = tbl_pr.find(qn("w:tblCellMar"))
    if margins is None:
        margins = OxmlElement("w:tblCellMar")
        tbl_pr.append(margins)
    for edge, value in (("left", left_twips), ("right", right_twips)):
        element = _child(margins, f"w:{edge}")
        element.set(qn("w:w"), str(value))
        element.set(qn("w:type"), "dxa")


def keep_row_whole(row: _Row) -> None:
    """Never split ``row`` across pages (``w:cantSplit``)."""
    _row_flag(row, "w:cantSplit")


def mark_header_row(row: _Row) -> None:
    """Repeat ``row`` at the top of every page the table runs onto, and never split it."""
    _row_flag(row, "w:cantSplit")
    _row_flag(row, "w:tblHeader")


def _row_flag(row: _Row, tag: str) -> None:
    # CT_TrPr's children have a schema order: cantSplit comes before tblHeader
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn(tag)) is None:
        tr_pr.append(OxmlElement(tag))


def add_page_field(paragraph: Paragraph) -> None:
    """Append a PAGE field (the current page number) to ``paragraph``, one part per run as Word
    writes it: begin, instruction, separator, cached result, end."""
    for kind in ("begin", "instr", "separate", "result", "end"):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        elif kind == "result":
            element = OxmlElement("w:t")
            element.text = "2"
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
