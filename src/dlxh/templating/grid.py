"""When the fast engine must run docxtpl's table repair on a rendered body.

docxtpl runs :meth:`~docxtpl.DocxTemplate.fix_tables` on every rendered body: it parses the
whole body and rewrites each table's column grid (``w:tblGrid``) to the number of cells of its
widest row. That is most of a small template's render time, and it changes nothing unless the
render can change a row's number of cells, so the engine decides once, when the template is
compiled, whether a body needs it (:func:`needs_repair`), and checks the few cases that only the
rendered text shows (:func:`needs_repair_after`).

A render can change a row's cells when a tag sits between cells or in a cell's properties
(``{%tc for %}``, ``{#tc … #}``, ``colspan``, ``cellbg``, ``vm``, ``hm``): the cell may be
repeated, removed or widened. A tag between rows (``{%tr for %}``, ``{#tr … #}``) only repeats
or removes whole rows, which leaves the widest row as it was when every row of the table is as
wide as the others; in a table whose rows differ, removing the widest rows narrows the grid,
and a table left with no row at all loses its whole grid (as docxtpl leaves it).
"""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from lxml import etree

__all__ = ["needs_repair", "needs_repair_after"]

# A tag between cells, at the start of a row, or inside a cell's properties. A Jinja comment
# ({#tc … #}: docxtpl's way to remove a cell for good) counts: the cell is gone from the output.
_CELL_TAG = re.compile(
    r"(?:</w:tc>|<w:tr\b[^>]*>|</w:trPr>|</w:tblPrEx>|<w:tcPr>)\s*\{[%{#]|gridSpan w:val=\"\{"
)
# A tag between rows: after a row or after the grid (the first row), or before the table ends.
_ROW_TAG = re.compile(r"(?:</w:tr>|</w:tblGrid>)\s*\{[%{#]|[%}#]\}\s*</w:tbl>")
_EMPTY_TABLE = b"</w:tblGrid></w:tbl>"


def _width(row: etree._Element) -> int:
    """A row's cells counted as docxtpl counts them: a cell spans its ``gridSpan``."""
    total = 0
    for cell in row.findall(qn("w:tc")):
        span = cell.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
        value = span.get(qn("w:val")) if span is not None else None
        total += int(value) if value is not None and value.isdigit() else 1
    return total


def _uneven(body: etree._Element) -> bool:
    """Whether a table has rows of different widths (rows of nested tables counted with it,
    as docxtpl's repair counts them)."""
    for table in body.iter(qn("w:tbl")):
        if len({_width(row) for row in table.iter(qn("w:tr"))}) > 1:
            return True
    return False


def needs_repair(source: str, body: etree._Element, changed: bool) -> bool:
    """Whether every render of a body must go through docxtpl's table repair: ``source`` is its
    Jinja source, ``body`` its ``w:body`` element as in the template, ``changed`` whether the
    repair already changes the template's own tables."""
    if changed or _CELL_TAG.search(source):
        return True
    return _ROW_TAG.search(source) is not None and _uneven(body)


def needs_repair_after(data: bytes) -> bool:
    """Whether a rendered body (UTF-8) the compile-time test let through still needs the repair:
    a row loop over nothing left a table without rows."""
    return _EMPTY_TABLE in data
