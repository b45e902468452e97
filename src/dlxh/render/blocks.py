"""Write the body blocks of a :class:`~dlxh.models.Document` into a Word container.

The container is a docxtpl sub-document (the body, inserted at ``{{p body }}``) or the rendered
document itself (appendices). Every paragraph gets one of the template's named styles, so the look
comes from the template; numbers of headings, list items and articles are written as text, which
restarts exactly where the model says and survives any editor.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.image.exceptions import UnrecognizedImageError
from docx.oxml.simpletypes import ST_Merge
from docx.shared import Length, Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell as DocxCell
from docx.text.paragraph import Paragraph as DocxParagraph

from dlxh.errors import InputError
from dlxh.files import read_regular
from dlxh.models import (
    Article,
    Block,
    BulletList,
    Cell,
    Heading,
    Image,
    NumberedList,
    PageBreak,
    Paragraph,
    Table,
    heading_labels,
)
from dlxh.render.leading import strip_bullet, strip_typed_number
from dlxh.render.tablefit import column_widths, fitted_widths, keep_rows_together
from dlxh.templating.ooxml import keep_row_whole, mark_header_row
from dlxh.vn import point_letter

__all__ = ["BlockWriter", "Container"]

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


_ORDINAL = re.compile(r"^(\d{1,3}|[IVXLC]{1,6}|[a-zđ])\.?$")
"""A row number (1, 2, II, a): centred in its cell, as official tables print them."""

_FIGURE = r"[-+−]?\d+(?:\.\d{3})*(?:,\d+)?%?"
_NUMERIC = re.compile(rf"^(?:{_FIGURE}(?:\s*[-–]\s*{_FIGURE})?|[-–—x])$")
"""A figure ("1.234", "93,9%", "12,5 - 20,3") or a placeholder for none ("-")."""


class Container(Protocol):
    """What blocks are written into: python-docx's Document, or a docxtpl Subdoc."""

    def add_paragraph(self, text: str = "", style: Any = None) -> DocxParagraph: ...

    def add_table(self, rows: int, cols: int) -> DocxTable: ...

    @property
    def styles(self) -> Any: ...


@dataclass
class BlockWriter:
    """Writes blocks with the dlxh styles; ``end_mark`` ends the last paragraph ("./." or ".").

    ``keep_with_next`` keeps the last paragraph on the page of what follows: the body's last
    lines then travel with the signature block, which must never sit alone on a page.
    """

    container: Container
    text_width_mm: float
    heading_separator: str = "."
    end_mark: str | None = None
    base_dir: Path | None = None
    where: str = "body"
    keep_with_next: bool = False
    _articles: int = 0
    _last: DocxParagraph | None = field(default=None, repr=False)
    _tail: list[DocxParagraph] = field(default_factory=list, repr=False)
    _after_table: bool = field(default=False, repr=False)
    _style_ids: dict[str, str] = field(default_factory=dict, repr=False)

    def _style(self, paragraph: DocxParagraph, name: str) -> DocxParagraph:
        """Give ``paragraph`` the style ``name`` by id: python-docx's own lookup by name scans
        every style on each call, which dominates the time of a large table."""
        style_id = self._style_ids.get(name)
        if style_id is None:
            style_id = self._style_ids[name] = self.container.styles[name].style_id
        paragraph._p.get_or_add_pPr().style = style_id
        return paragraph

    def _add(self, text: str, style: str) -> DocxParagraph:
        paragraph = self._style(self.container.add_paragraph(text), style)
        if self._after_table:  # text set tight against a table's bottom border reads as cramped
            paragraph.paragraph_format.space_before = Pt(6)
            self._after_table = False
        return paragraph

    def write(self, blocks: list[Block]) -> None:
        """Write ``blocks`` in order, then the end mark."""
        labels = heading_labels(blocks, self.heading_separator)
        for index, (block, label) in enumerate(zip(blocks, labels, strict=True)):
            self._write(block, label, index)
            self._tail = [self._last] if self._last is not None else self._tail
        if self.keep_with_next:
            for paragraph in self._tail:
                paragraph.paragraph_format.keep_with_next = True
        self._finish()

    def _paragraph(self, text: str, style: str) -> DocxParagraph:
        paragraph = self._add(text, style)
        self._last = paragraph
        return paragraph

    def _write(self, block: Block, label: str | None, index: int) -> None:
        if isinstance(block, Heading):
            text = block.text
            if label:  # a number typed in the text too is written once (render/leading.py)
                text = strip_typed_number(text, label, f"heading {_short(block.text)}")
            text = text.upper() if block.level == 1 else text
            self._paragraph(f"{label} {text}" if label else text, f"DLXH Heading {block.level}")
        elif isinstance(block, Paragraph):
            self._write_paragraph(block)
        elif isinstance(block, BulletList):
            for item in block.items:
                self._paragraph(f"{block.marker} {strip_bullet(item)}", "DLXH List")
        elif isinstance(block, NumberedList):
            for offset, item in enumerate(block.items):
                number = block.start + offset
                mark = f"{point_letter(number)})" if block.style == "letter" else f"{number}."
                where = f"item {offset + 1} of a numbered list, {_short(item)}"
                self._paragraph(f"{mark} {strip_typed_number(item, mark, where)}", "DLXH List")
        elif isinstance(block, Article):
            self._write_article(block)
        elif isinstance(block, Table):
            self._write_table(block)
            self._last = None
        elif isinstance(block, Image):
            self._write_image(block, index)
            self._last = None
        elif isinstance(block, PageBreak):
            self._add("", "DLXH Body").add_run().add_break(WD_BREAK.PAGE)
            self._last = None

    def _write_paragraph(self, block: Paragraph) -> None:
        if block.text is not None:
            paragraph = self._paragraph(block.text, "DLXH Body")
        else:
            paragraph = self._paragraph("", "DLXH Body")
            for piece in block.runs or []:
                run = paragraph.add_run(piece.text)
                run.bold = piece.bold or None
                run.italic = piece.italic or None
                run.underline = piece.underline or None
        if block.align != "justify":
            paragraph.paragraph_format.alignment = _ALIGN[block.align]
        if not block.indent:
            paragraph.paragraph_format.first_line_indent = Mm(0)

    def _write_article(self, block: Article) -> None:
        self._articles += 1
        paragraph = self._paragraph("", "DLXH Article")
        paragraph.add_run(f"Điều {self._articles}.").bold = True
        if block.title:
            paragraph.add_run(f" {block.title}").bold = True
            if block.text:
                self._paragraph(block.text, "DLXH Body")
        elif block.text:
            paragraph.add_run(f" {block.text}")
        for number, point in enumerate(block.points, start=1):
            where = f"point {number} of Điều {self._articles}, {_short(point)}"
            self._paragraph(
                f"{number}. {strip_typed_number(point, f'{number}.', where)}", "DLXH Body"
            )

    def _write_table(self, block: Table) -> None:
        if block.caption:  # a table's caption stands above it, on its page
            self._add(block.caption, "DLXH Caption").paragraph_format.keep_with_next = True
        rows = [*block.header, *block.rows]
        columns = block.columns
        table = self.container.add_table(rows=len(rows), cols=columns)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = (
            fitted_widths(block.widths_mm, self.text_width_mm)
            if block.widths_mm
            else column_widths(
                block.header, block.rows, columns, self.text_width_mm, self._table_size_pt()
            )
        )
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Mm(width)
        # python-docx's table.cell(r, c) rebuilds the whole grid on every call: walk rows once
        grid = [row.cells for row in table.rows]
        for docx_cells in grid:
            for docx_cell, width in zip(docx_cells, widths, strict=True):
                docx_cell.width = Mm(width)
        covered: set[tuple[int, int]] = set()
        merges: list[tuple[int, int, Cell]] = []
        figures = _figure_columns(block.rows, columns)
        for r, row_cells in enumerate(rows):
            c = 0
            for cell in row_cells:
                while (r, c) in covered:
                    c += 1
                is_header = r < len(block.header)
                figure = not is_header and cell.colspan == 1 and c in figures
                self._fill_cell(grid[r][c], cell, is_header, figure)
                if cell.colspan > 1 or cell.rowspan > 1:
                    merges.append((r, c, cell))
                    covered |= {
                        (r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan)
                    }
                c += cell.colspan
        for r, c, cell in merges:
            _merge([[docx_cell._tc for docx_cell in row] for row in grid], r, c, cell)
        rows_out = list(table.rows)
        for row in rows_out:
            keep_row_whole(row)  # a row broken across pages reads as two rows
        keep_rows_together(rows_out, len(block.header))
        # a table ending the body keeps its last row with what follows (Word's own way)
        self._tail = [p for cell in rows_out[-1].cells for p in cell.paragraphs]
        if block.repeat_header:
            for row in rows_out[: len(block.header)]:
                mark_header_row(row)
        self._after_table = True

    def _table_size_pt(self) -> float:
        """The size the table text prints in: its style's, as the template defines it."""
        size = self.container.styles["DLXH Table Text"].font.size
        return size.pt if size is not None else 13.0

    def _fill_cell(
        self, target: DocxCell, cell: Cell, is_header: bool, figure: bool = False
    ) -> None:
        paragraph = self._style(
            target.paragraphs[0], "DLXH Table Header" if is_header else "DLXH Table Text"
        )
        if is_header:
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        run = paragraph.add_run(cell.text)
        if cell.bold and not is_header:
            run.bold = True
        if cell.align is not None:
            paragraph.paragraph_format.alignment = _ALIGN[cell.align]
        elif figure or _ORDINAL.match(cell.text):
            paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def _write_image(self, block: Image, index: int) -> None:
        where = f"{self.where}[{index}]"
        if block.data is not None:
            source = io.BytesIO(block.data)
            name = "given as data"
        else:
            file = image_file(block.path or "", self.base_dir, where)
            source = io.BytesIO(read_regular(file, MAX_IMAGE_BYTES, "image"))
            name = str(file)
        paragraph = self._add("", "DLXH Picture")
        self._tail = [paragraph]
        width = min(block.width_mm, self.text_width_mm)
        try:
            paragraph.add_run().add_picture(source, width=Mm(width))
        except (UnrecognizedImageError, ValueError, OSError) as exc:
            raise InputError(
                f"{where}: cannot use the image {name} ({exc or 'unrecognised format'}); "
                "expected PNG, JPEG, GIF, BMP or TIFF"
            ) from None
        if block.caption:  # a chart's caption stands under it, on its page
            paragraph.paragraph_format.keep_with_next = True
            self._tail = [self._add(block.caption, "DLXH Caption")]

    def _finish(self) -> None:
        paragraph = self._last
        if not self.end_mark or paragraph is None:
            return
        text = paragraph.text.rstrip()
        if text.endswith(self.end_mark) or text.endswith((";", ",", ":")):
            return  # already closed, or the author ended it on purpose
        ends_with_dot = self.end_mark.startswith(".") and text.endswith(".")
        paragraph.add_run(self.end_mark[1:] if ends_with_dot else self.end_mark)


def _short(text: str) -> str:
    """A block's text as an error message names it: quoted, at most 60 characters."""
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _figure_columns(rows: list[list[Cell]], columns: int) -> set[int]:
    """The columns whose body cells are all figures: centred, every one of them, under their
    centred heading. Left to themselves a count of 12 was centred (it reads like a row number)
    and 1.234 or 62% were not, so one column mixed two alignments. Cells spanning several
    columns ("Tổng cộng") are not counted; the rowspan of cells above is."""
    seen: dict[int, bool] = {}
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in covered:
                c += 1
            if cell.colspan == 1 and cell.text.strip():
                seen[c] = seen.get(c, True) and bool(_NUMERIC.match(cell.text.strip()))
            covered |= {
                (r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan)
            }
            c += cell.colspan
    return {c for c, all_figures in seen.items() if all_figures and c < columns}


MAX_IMAGE_BYTES = 50 * 1024 * 1024
"""Largest picture a document may embed (a photo is a few megabytes)."""


def image_file(path: str, base_dir: Path | None, where: str) -> Path:
    """The file an image's ``path`` names, which must lie inside ``base_dir`` (the document's
    folder; the current folder when none is given).

    Document data comes from anyone, and a path is a way to read a file: ``/home/...`` or
    ``../../`` would put a picture from anywhere on the machine into a document its author then
    receives, and ``/dev/zero`` would never end. So a path may not lead out of the folder (links
    are followed before the check), and the file must be a regular one of bounded size.
    """
    base = (base_dir if base_dir is not None else Path.cwd()).resolve()
    file = (base / path).resolve()
    if not file.is_relative_to(base):
        raise InputError(
            f"{where}: the image path {path[:200]!r} leads outside {base}; images must be in "
            "the document's folder or below it"
        )
    if not file.exists():
        raise InputError(f"{where}: image file not found: {file}")
    return file


def _merge(tcs: list[list[Any]], row: int, column: int, cell: Cell) -> None:
    """Merge the cells ``cell`` spans, as python-docx's ``_Cell.merge`` does (gridSpan and the
    widths added up across, vMerge restart/continue down) without its search of the grid for
    every cell, a quarter of a document's render time. The covered cells are empty, so there
    is no content to move."""
    for r in range(row, row + cell.rowspan):
        tc = tcs[r][column]
        for c in range(column + 1, column + cell.colspan):
            other = tcs[r][c]
            if tc.width and other.width:
                tc.width = Length(tc.width + other.width)
            other.getparent().remove(other)
        if cell.colspan > 1:
            tc.grid_span = cell.colspan
        if cell.rowspan > 1:
            tc.vMerge = ST_Merge.RESTART if r == row else ST_Merge.CONTINUE
