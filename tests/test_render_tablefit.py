"""Report tables on the page: column widths from their content, rows kept together."""

from __future__ import annotations

import pytest
from docx.shared import Mm

from dlxh.models import Cell
from dlxh.render import render_document
from dlxh.render.metrics import text_width_pt
from dlxh.render.tablefit import column_widths
from docx_inspect import open_docx
from test_render_engine import minimal_document

UNITS = ["Đảng ủy phường Đoàn Kết", "Đảng ủy phường Tân Phong", "Đảng ủy xã Sì Lở Lầu"]
HEADER = ["Đơn vị", "Số CTV", "Phải gửi", "Đúng hạn", "Chậm", "Chưa gửi", "Tỷ lệ đúng hạn"]


def _cells(texts: list[str]) -> list[Cell]:
    return [Cell(text=text) for text in texts]


def test_a_column_of_names_gets_the_room_counts_do_not_need() -> None:
    rows = [_cells([unit, "3", "3", "2", "0", "1", "67%"]) for unit in UNITS]
    widths = column_widths([_cells(HEADER)], rows, 7, 165, 13)
    assert sum(widths) == pytest.approx(165)
    longest = max(text_width_pt(unit, 13) for unit in UNITS) * 25.4 / 72
    assert widths[0] > longest + 3.8  # every unit's name on one line, padding included
    assert all(widths[0] > 2 * w for w in widths[1:])
    # every header word fits its column (a header may wrap between words, never inside one)
    for text, width in zip(HEADER, widths, strict=True):
        for word in text.split():
            assert text_width_pt(word, 13, bold=True) * 25.4 / 72 + 3.8 <= width + 1e-6


def test_columns_wider_than_the_page_keep_their_longest_words() -> None:
    long = "Nội dung phản ánh rất dài của cộng tác viên về việc giải quyết thủ tục hành chính " * 3
    rows = [_cells(["1", long, "Ủy ban nhân dân xã Phong Thổ", "Đã xử lý"])]
    widths = column_widths([_cells(["TT", "Nội dung", "Cơ quan", "Kết quả"])], rows, 4, 165, 13)
    assert sum(widths) == pytest.approx(165)
    assert widths[1] == max(widths)  # the long text takes the room
    assert widths[3] * 72 / 25.4 >= text_width_pt("Kết", 13, bold=True)


def _report(rows: int) -> bytes:
    body = [
        {
            "type": "table",
            "caption": "Bảng 1. Kết quả",
            "header": [["TT", "Đơn vị", "Số việc"]],
            "rows": [[str(n), f"Thôn {n}", "2"] for n in range(1, rows + 1)],
        },
        {"type": "paragraph", "text": "Đoạn cuối của báo cáo."},
    ]
    return render_document(minimal_document(body=body))


def _kept(row: object) -> bool:
    return all(
        p.paragraph_format.keep_with_next
        for cell in row.cells  # type: ignore[attr-defined]
        for p in cell.paragraphs
    )


def test_a_short_table_stays_on_one_page_with_its_caption() -> None:
    word = open_docx(_report(5))
    caption = next(p for p in word.paragraphs if p.text == "Bảng 1. Kết quả")
    assert caption.paragraph_format.keep_with_next
    table = word.tables[1]
    assert all(_kept(row) for row in table.rows[:-1])
    assert table.columns[1].width > table.columns[0].width  # widths follow the content
    assert sum(c.width for c in table.columns) <= Mm(165.05)  # EMU rounding per column


def test_a_long_table_never_leaves_one_row_behind() -> None:
    table = open_docx(_report(40)).tables[1]
    kept = [_kept(row) for row in table.rows]
    assert kept[:2] == [True, True]  # header and first row go with the second row
    assert kept[-2] is True  # the last row never goes to the next page alone
    assert not any(kept[2:-2])  # the rest may break anywhere
