"""Tables in reports as a clerk sets them: figures aligned alike, a bold "Tổng cộng" row that
adds up, numbered captions ("Bảng 1.", "Biểu đồ 1.")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH

import dlxh
from dlxh.aggregate import synthesize
from dlxh.models import Table
from dlxh.render import render_document
from dlxh.reports import synthesis_document
from dlxh.reports._blocks import numbered
from docx_inspect import open_docx
from test_render_engine import minimal_document


def parse_number(text: str) -> int:
    """A count as the report prints it ("1.234")."""
    return int(text.replace(".", ""))


NETWORK = Path(__file__).resolve().parent.parent / "examples" / "network"


def _report() -> tuple[Any, Any]:
    data = dlxh.load_dataset(NETWORK)
    synthesis = synthesize(data, "2026-10", as_of=dt.date(2026, 10, 31))
    document = synthesis_document(
        synthesis,
        issuer=data.unit("BTGDVTU").issuer(),
        place="Lai Châu",
        date=dt.date(2026, 10, 31),
        dataset=data,
        number=31,
        signer={"title": "Phó Trưởng Ban", "name": "Nguyễn Văn Hùng"},
    )
    return synthesis, document


def test_the_compliance_table_ends_with_a_total_that_adds_up() -> None:
    synthesis, document = _report()
    tables = [block for block in document.body if isinstance(block, Table)]
    compliance = next(t for t in tables if "gửi báo cáo" in (t.caption or ""))
    *units, total = compliance.rows
    assert total[0].text == "Tổng cộng" and all(cell.bold for cell in total)
    assert not any(cell.bold for row in units for cell in row)
    for column in range(1, 7):  # every count column is the sum of the units above it
        assert sum(int(parse_number(row[column].text)) for row in units) == int(
            parse_number(total[column].text)
        )
    assert int(parse_number(total[2].text)) == synthesis.compliance.totals.expected
    # the roll-up of the province (no collaborator of its own) is not a unit of the table
    names = {row[0].text for row in units}
    rollups = {u.name for u in synthesis.compliance.units if not u.collaborators}
    assert rollups and not names & rollups


def test_report_captions_are_numbered_in_order() -> None:
    _, document = _report()
    captions = [b.caption for b in document.body if isinstance(b, Table) and b.caption]
    assert [c.split(".")[0] for c in captions] == [f"Bảng {n}" for n in range(1, len(captions) + 1)]
    assert captions[0] == "Bảng 1. Kết quả giải quyết vấn đề phản ánh theo cơ quan"


def test_numbering_counts_tables_and_charts_apart() -> None:
    body = [
        {"type": "table", "caption": "Số phiếu theo xã", "rows": [["a"]]},
        {"type": "image", "path": "x.png", "caption": "Mức độ hài lòng"},
        {"type": "table", "rows": [["b"]]},  # no caption: none is made up
        {"type": "table", "caption": "Bảng 7. Đã đánh số", "rows": [["c"]]},
        {"type": "image", "path": "y.png", "caption": "Kênh thông tin"},
    ]
    captions = [block.get("caption") for block in numbered(body)]
    assert captions == [
        "Bảng 1. Số phiếu theo xã",
        "Biểu đồ 1. Mức độ hài lòng",
        None,
        "Bảng 7. Đã đánh số",
        "Biểu đồ 2. Kênh thông tin",
    ]
    assert body[0]["caption"] == "Số phiếu theo xã"  # the input is not changed


def test_figures_share_one_alignment_down_their_column() -> None:
    table = {
        "type": "table",
        "header": [["TT", "Đơn vị", "Số phiếu", "Tỷ lệ", "Ghi chú"]],
        "rows": [
            ["1", "Xã Phong Thổ", "12", "62%", "Đủ"],
            ["2", "Xã Sìn Hồ", "1.234", "93,9%", "-"],
            ["3", "Xã Mường Tè", "-", "-", {"text": "Thiếu", "align": "right"}],
            [{"text": "Tổng cộng", "colspan": 2, "bold": True}, "1.246", "-", ""],
        ],
    }
    model = minimal_document(body=[table])
    grid = open_docx(render_document(model)).tables[1]

    def align(row: int, column: int) -> Any:
        return grid.rows[row].cells[column].paragraphs[0].paragraph_format.alignment

    centre = WD_ALIGN_PARAGRAPH.CENTER
    for row in (1, 2, 3, 4):
        assert align(row, 2) == centre and align(row, 3) == centre  # 12 and 1.234 alike
    assert all(align(row, 0) == centre for row in (1, 2, 3))  # the row numbers
    assert align(1, 1) is None and align(2, 1) is None  # names stay on the left
    assert align(1, 4) is None  # "Đủ" is text: that column is not a column of figures
    assert align(3, 4) == WD_ALIGN_PARAGRAPH.RIGHT  # the author's own choice wins
