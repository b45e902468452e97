"""How a report's table sits on the page: column widths from what the columns hold, and rows
kept together so that a page break never leaves a caption and a header with one row.

Word's own layout of a table with equal columns wraps a short name ("Phong / Thổ") in a narrow
column while a column of two-digit counts has room to spare. A clerk widens the first and
narrows the second; :func:`column_widths` does the same from the text widths of the cells
(Times New Roman advance widths, :mod:`dlxh.render.metrics`): every column at least as wide as
its longest word, the room left shared in proportion to what each column would need to hold
its longest cell on one line.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.table import _Row as DocxRow

from dlxh.models import Cell
from dlxh.render.metrics import text_width_pt

__all__ = ["column_widths", "fitted_widths", "keep_rows_together"]

_PADDING_MM = 2 * 1.9 + 0.5  # Word's default cell margins (0.19 cm a side) and a little slack
_PT_TO_MM = 25.4 / 72
_SMALL_TABLE = 15  # rows: a table this short is kept on one page whole


def fitted_widths(widths_mm: Sequence[float], text_width_mm: float) -> list[float]:
    """The given widths, narrowed in proportion when they add up to more than the text width (a
    table never reaches into the margin, where the binding or the paper's edge cuts it off)."""
    total = sum(widths_mm)
    if total <= text_width_mm:
        return list(widths_mm)
    return [width * text_width_mm / total for width in widths_mm]


def column_widths(
    header: Sequence[Sequence[Cell]],
    rows: Sequence[Sequence[Cell]],
    columns: int,
    text_width_mm: float,
    size_pt: float,
) -> list[float]:
    """Widths for ``columns`` columns filling ``text_width_mm``, from the cells' text at
    ``size_pt`` (headers bold). Every word must fit its column, the header's too; the room left
    goes to the columns whose body cells need it ("Đảng ủy phường Đoàn Kết"), since a header
    may wrap and a column of names read line by line should not. Cells spanning several
    columns do not count: their text may wrap across the columns they cover."""
    least = [0.0] * columns
    want = [0.0] * columns
    for bold, group in ((True, header), (False, rows)):
        for row in group:
            c = 0
            for cell in row:
                if c >= columns:
                    break
                if cell.colspan == 1 and cell.text.strip():
                    words = cell.text.split()
                    longest = max(text_width_pt(w, size_pt, bold=bold) for w in words)
                    whole = text_width_pt(" ".join(words), size_pt, bold=bold)
                    least[c] = max(least[c], longest * _PT_TO_MM + _PADDING_MM)
                    if not bold:
                        want[c] = max(want[c], whole * _PT_TO_MM + _PADDING_MM)
                c += cell.colspan
    least = [max(width, 8.0) for width in least]  # an empty column still gets a finger's width
    want = [max(wanted, floor) for wanted, floor in zip(want, least, strict=True)]
    if sum(want) <= text_width_mm:  # everything fits on one line: share the rest alike
        return [w * text_width_mm / sum(want) for w in want]
    if sum(least) >= text_width_mm:  # even the longest words do not fit: in proportion
        return [w * text_width_mm / sum(least) for w in least]
    room = text_width_mm - sum(least)
    extra = [wanted - floor for wanted, floor in zip(want, least, strict=True)]
    return [floor + room * e / sum(extra) for floor, e in zip(least, extra, strict=True)]


def keep_rows_together(rows: Sequence[DocxRow], header_rows: int) -> None:
    """Keep a short table on one page, and a long one from leaving its caption and header with a
    single row or carrying its last row alone to the next page (keep-with-next on the
    paragraphs of the rows that must stay with the row after them)."""
    if len(rows) <= 1:
        return
    short = len(rows) <= _SMALL_TABLE
    bound = rows[:-1] if short else [*rows[: header_rows + 1], rows[-2]]
    for row in bound:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
