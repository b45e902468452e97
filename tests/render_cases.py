"""docxtpl-style templates and contexts shared by the engine equivalence tests and bench/.

Each case is a template written the way docxtpl users write them (built here with python-docx so
the repository holds no opaque binaries) and a context factory that receives the template object,
because images, sub-documents and hyperlinks are made from it in docxtpl's API.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from docxtpl import InlineImage, Listing, RichText

__all__ = ["CASES", "Case", "big_table_case", "one_page_case"]


@dataclass(frozen=True)
class Case:
    name: str
    template: bytes
    context: Callable[[Any], dict[str, Any]]


def _save(document: Any) -> bytes:
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def png(width: int = 6, height: int = 4, shade: int = 0) -> bytes:
    """A small valid PNG (``shade`` changes its bytes, so two images differ)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes([shade, 120, 200]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _report_template() -> bytes:
    """A one-page BÁO CÁO as a province's IT team would write it in Word."""
    document = docx.Document()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    section.header.paragraphs[0].text = "{{ issuer }} — {{ number }}"
    section.footer.paragraphs[0].text = "Trang {{ page_note }}"
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "{{ parent }}\n{{ issuer }}"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số: {{ number }}/BC-UBND"
    header.cell(1, 1).text = "{{ place }}, {{ day | date }}"
    title = document.add_paragraph("BÁO CÁO")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.runs[0].bold = True
    document.add_paragraph("{{ summary }}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("I. TÌNH HÌNH DƯ LUẬN XÃ HỘI", style="Heading 1")
    document.add_paragraph(
        "Trong {{ period }}, {{ collaborators }} cộng tác viên đã gửi {{ reports }} báo cáo "
        "({{ on_time | percent }} đúng hạn). {{ highlight }}"
    )
    document.add_paragraph("{%p for item in items %}")
    document.add_paragraph("{{ loop.index }}. {{ item.topic }}: {{ item.text }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("II. KẾT QUẢ GIẢI QUYẾT", style="Heading 1")
    table = document.add_table(rows=3, cols=4)
    table.style = "Table Grid"
    for index, text in enumerate(("STT", "Địa bàn", "Số ý kiến", "Tỷ lệ")):
        table.cell(0, index).text = text
    table.cell(1, 0).text = "{%tr for row in areas %}"
    table.cell(2, 0).text = "{{ loop.index }}"
    table.cell(2, 1).text = "{{ row.name }}"
    table.cell(2, 2).text = "{{ row.count | number }}"
    table.cell(2, 3).text = "{{ row.share | percent }}"
    extra = table.add_row()
    extra.cells[0].text = "{%tr endfor %}"
    document.add_paragraph("{%p if proposals %}")
    document.add_paragraph("III. KIẾN NGHỊ", style="Heading 1")
    document.add_paragraph("{{r rich }}")
    document.add_paragraph("{%p endif %}")
    signature = document.add_table(rows=1, cols=2)
    signature.cell(0, 0).text = "Nơi nhận:\n- {{ recipients | join(';\n- ') }}."
    signature.cell(0, 1).text = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\n\n{{ signer }}"
    return _save(document)


def _report_context(tpl: Any) -> dict[str, Any]:
    import datetime as dt

    del tpl
    rich = RichText("Đề nghị ")
    rich.add("UBND tỉnh", bold=True)
    rich.add(" chỉ đạo giải quyết dứt điểm <khiếu nại> & kiến nghị.", italic=True)
    return {
        "parent": "UBND HUYỆN MƯỜNG TÈ",
        "issuer": "ỦY BAN NHÂN DÂN XÃ KA LĂNG",
        "number": 15,
        "place": "Ka Lăng",
        "day": dt.date(2026, 3, 5),
        "summary": "Tình hình dư luận xã hội tháng 02 năm 2026",
        "period": "tháng 02/2026",
        "collaborators": 12,
        "reports": 11,
        "on_time": 0.917,
        "highlight": "Nhân dân quan tâm giá phân bón & thủy lợi <mùa khô>.",
        "items": [
            {"topic": f"Vấn đề {n}", "text": "Nhân dân phấn khởi, tin tưởng. " * 3}
            for n in range(1, 6)
        ],
        "areas": [
            {"name": f"Bản {name}", "count": 1200 + 37 * i, "share": 0.05 * i}
            for i, name in enumerate(("Pắc Ma", "Nậm Khao", "Ma Ký", "Ka Lăng", "Hà Xe"), 1)
        ],
        "proposals": True,
        "rich": rich,
        "recipients": ["UBND huyện", "Ban Dân vận Huyện ủy", "Lưu: VT"],
        "signer": "Lò Văn Minh",
        "page_note": "1",
    }


def _big_table_template() -> bytes:
    document = docx.Document()
    document.add_paragraph("DANH SÁCH Ý KIẾN {{ title }}").runs[0].bold = True
    table = document.add_table(rows=3, cols=5)
    table.style = "Table Grid"
    for index, text in enumerate(("STT", "Họ và tên", "Địa bàn", "Nội dung", "Ngày")):
        table.cell(0, index).text = text
    table.cell(1, 0).text = "{%tr for row in rows %}"
    for index, text in enumerate(
        ("{{ loop.index }}", "{{ row.name }}", "{{ row.area }}", "{{ row.text }}", "{{ row.day }}")
    ):
        table.cell(2, index).text = text
    table.add_row().cells[0].text = "{%tr endfor %}"
    document.add_paragraph("Tổng cộng: {{ rows | length }} ý kiến.")
    return _save(document)


def big_table_context(rows: int) -> Callable[[Any], dict[str, Any]]:
    def context(tpl: Any) -> dict[str, Any]:
        del tpl
        return {
            "title": "THÁNG 10/2026",
            "rows": [
                {
                    "name": f"Nguyễn Thị Hồng {i}",
                    "area": f"Xã {i % 97}",
                    "text": "Phản ánh về đường giao thông nông thôn & nước sạch.",
                    "day": f"{1 + i % 28:02d}/10/2026",
                }
                for i in range(rows)
            ],
        }

    return context


def _features_template() -> bytes:
    """Every docxtpl feature the fast engine must keep."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "{{ title }} {{ logo }}"
    document.add_paragraph("{{ listing }}")
    document.add_paragraph("Văn bản có\ttab: {{ text_with_breaks }}")
    document.add_paragraph("Liên kết: {{r link }} và ảnh {{ image }}")
    document.add_paragraph("{#p a comment paragraph #}")
    document.add_paragraph("Giữ nguyên {_{ không phải thẻ }_} và {{ '{{' }}.")
    document.add_paragraph("{{p sub }}")
    document.add_paragraph("{%- if flag -%} gộp {%- endif -%} đoạn")
    spans = document.add_table(rows=4, cols=3)
    spans.style = "Table Grid"
    spans.cell(0, 0).text = "{% colspan span %}Gộp cột"
    spans.cell(0, 1).text = "b"
    spans.cell(0, 2).text = "c"
    spans.cell(1, 0).text = "{% cellbg color %}Tô màu"
    spans.cell(2, 0).text = "{%tr for g in groups %}"
    spans.cell(3, 0).text = "{% vm %}{{ g.name }}"
    spans.cell(3, 1).text = "{{ g.value }}"
    spans.cell(3, 2).text = "z"
    spans.add_row().cells[0].text = "{%tr endfor %}"
    document.add_paragraph("Đặc biệt: {{ special }}")
    document.add_paragraph("Giữa dòng {%r if flag %}có{%r endif %} chữ")
    document.add_paragraph("Trang mới{{ page_break }}")
    document.core_properties.title = "{{ title }}"
    return _save(document)


def _features_context(tpl: Any) -> dict[str, Any]:
    import unicodedata

    sub = tpl.new_subdoc()
    sub.add_paragraph("Đoạn trong văn bản con")
    table = sub.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "ô 1"
    table.cell(0, 1).text = "ô 2"
    sub.add_picture(io.BytesIO(png(5, 5, shade=40)), width=Mm(10))
    link = RichText("trang tỉnh", url_id=tpl.build_url_id("https://laichau.gov.vn/?a=1&b=2"))
    return {
        "title": "Tính năng & <kiểm tra>",
        "logo": InlineImage(tpl, io.BytesIO(png(8, 4, shade=10)), width=Mm(12)),
        "image": InlineImage(tpl, io.BytesIO(png(6, 6, shade=90)), height=Mm(8)),
        "listing": Listing("dòng 1\ndòng 2\ttab\adoạn mới"),
        "text_with_breaks": "một\nhai\fba",
        "link": link,
        "sub": sub,
        "flag": True,
        "cols": ["A", "B", "C"],
        "span": 2,
        "color": "FF0000",
        "groups": [{"name": "Nhóm 1", "value": i} for i in range(3)],
        "special": unicodedata.normalize("NFD", "Hòa \"bình\" 'ấm' <no> & {{x}}") + "\u00a0",
        "page_break": "\f",
    }


def _column_loops_template() -> bytes:
    """Columns made by ``{%tc for %}`` (the table repair runs) and a horizontal merge."""
    document = docx.Document()
    document.add_paragraph("Các cột: {{ cols | join(', ') }}")
    columns = document.add_table(rows=2, cols=4)
    columns.style = "Table Grid"
    for index, text in enumerate(("{%tc for c in cols %}", "{{ c }}", "{%tc endfor %}", "Cuối")):
        columns.cell(0, index).text = text
    for index, text in enumerate(("", "x", "", "y")):
        columns.cell(1, index).text = text
    document.add_paragraph("Gộp ngang:")
    merged = document.add_table(rows=2, cols=3)
    merged.style = "Table Grid"
    for row, middle in enumerate(("{% hm %}Tiêu đề gộp", "{{ c }}")):
        for index, text in enumerate(("{%tc for c in cols %}", middle, "{%tc endfor %}")):
            merged.cell(row, index).text = text
    return _save(document)


def one_page_case() -> Case:
    return Case("one-page report", _report_template(), _report_context)


def big_table_case(rows: int = 5000) -> Case:
    return Case(f"{rows:,}-row table", _big_table_template(), big_table_context(rows))


CASES: list[Callable[[], Case]] = [
    one_page_case,
    lambda: big_table_case(5000),
    lambda: Case("docxtpl features", _features_template(), _features_context),
    lambda: Case("column loops", _column_loops_template(), lambda tpl: {"cols": ["A", "B", "C"]}),
]
