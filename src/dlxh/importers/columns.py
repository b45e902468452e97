"""Which column is which: the Vietnamese headers offices write, and where the header is.

A header is matched on a key that ignores case, accents, punctuation and required-field marks
(``Họ và tên (*)``, ``HO VA TEN``, ``họ_và_tên`` are one header), against the aliases below.
The header row is the first of the sheet's first rows with two or more known headers (a title,
the issuer's name and blank rows may stand above it). A header of two rows is read when its
cells are merged so: a group cell merged over sub-headers (``Liên hệ`` over ``Điện thoại`` and
``Email``), or headers merged down over two rows beside such a group; a column is then named
``group / sub`` and matched on ``sub group`` (Vietnamese puts the qualifier after: ``Mã`` under
``Người báo cáo`` is ``mã người báo cáo``), ``group sub``, then the sub-header alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from dlxh.tables import Sheet, cell_text
from dlxh.vn.text import fold

__all__ = [
    "IGNORED",
    "REPORT_COLUMNS",
    "ROSTER_COLUMNS",
    "Header",
    "find_header",
    "header_key",
]

SCANNED_ROWS: Final = 30
"""How far down a sheet the header is looked for."""


def header_key(text: str) -> str:
    """The matching key of a header: no case, accents, punctuation or ``(*)`` marks."""
    key = fold(text, diacritics=False).replace("(*)", " ").replace("_", " ")
    return " ".join(re.sub(r"[^\w]+", " ", key).split())


def _keys(mapping: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Alias key -> field, for one kind of sheet."""
    found: dict[str, str] = {}
    for name, aliases in mapping.items():
        for alias in (name, name.replace("_", " ").replace(".", " "), *aliases):
            found.setdefault(header_key(alias), name)
    return found


ROSTER_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "id": ("Mã CTV", "Mã cộng tác viên", "Mã số CTV", "Mã số", "Mã"),
    "full_name": ("Họ và tên", "Họ tên", "Tên CTV", "Tên cộng tác viên", "Họ và tên CTV"),
    "gender": ("Giới tính",),
    "birth_year": ("Năm sinh", "Ngày sinh", "Ngày tháng năm sinh"),
    "unit": ("Mã đơn vị", "Đơn vị", "Đơn vị công tác"),
    "position": ("Chức vụ", "Chức danh"),
    "level": ("Cấp", "Cấp mạng lưới"),
    "fields": ("Lĩnh vực", "Lĩnh vực phụ trách"),
    "contact.phone": ("Điện thoại", "Số điện thoại", "SĐT", "ĐT", "phone"),
    "contact.email": ("Email", "E-mail", "Thư điện tử", "email"),
    "contact.address": ("Địa chỉ", "address"),
    "status": ("Trạng thái",),
    "appointed_on": ("Ngày phân công", "Ngày bắt đầu", "Ngày tham gia"),
    "ended_on": ("Ngày thôi", "Ngày kết thúc", "Ngày thôi tham gia"),
    "term": ("Nhiệm kỳ",),
    "replaced_by": ("Người thay thế", "Mã người thay thế", "Thay thế bởi"),
}
"""Roster (collaborators) columns: model field -> headers accepted (the field name too)."""

REPORT_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "id": ("Mã báo cáo", "Số báo cáo", "Số hiệu báo cáo", "report id", "report"),
    "period": ("Kỳ", "Kỳ báo cáo", "Tháng", "Tháng báo cáo"),
    "year": ("Năm", "Năm báo cáo"),
    "reporter.id": ("Mã CTV", "Mã cộng tác viên", "Mã người báo cáo", "reporter"),
    "reporter.unit": ("Mã đơn vị", "Mã đơn vị báo cáo", "Đơn vị báo cáo"),
    "reporter.name": ("Họ và tên", "Họ tên", "Tên CTV", "Người báo cáo", "Tên người báo cáo"),
    "submitted_on": ("Ngày gửi", "Ngày báo cáo", "Ngày nộp"),
    "due_on": ("Hạn gửi", "Hạn nộp"),
    "summary": ("Tóm tắt", "Tình hình chung"),
    "reporter.unit_name": ("Đơn vị", "Đơn vị công tác", "Chức vụ"),
    "item.id": ("Mã ý kiến", "Mã vấn đề", "Mã nội dung", "item id"),
    "item.title": ("Tiêu đề", "Nội dung chính", "Vấn đề", "title"),
    "item.content": ("Nội dung", "Nội dung ý kiến", "Nội dung dư luận", "content"),
    "item.field": ("Lĩnh vực", "field"),
    "item.tendency": ("Khuynh hướng", "Xu hướng", "Thái độ", "tendency"),
    "item.breadth": ("Mức độ lan tỏa", "Phạm vi", "breadth"),
    "item.intensity": ("Mức độ quan tâm", "Cường độ", "intensity"),
    "item.hotspot": ("Điểm nóng", "hotspot"),
    "item.audiences": ("Đối tượng", "audiences"),
    "item.place": ("Địa bàn", "Địa điểm", "Nơi", "place"),
    "item.admin_code": ("Mã hành chính", "Mã đơn vị hành chính", "admin_code"),
    "item.channel": ("Nguồn", "Kênh", "Nguồn thông tin", "Kênh thông tin", "channel"),
    "item.observed_on": ("Ngày ghi nhận", "Ngày nắm bắt", "observed_on"),
    "item.forecast": ("Dự báo", "Dự báo diễn biến", "forecast"),
    "item.recommendation": ("Đề xuất", "Kiến nghị", "Đề xuất, kiến nghị", "recommendation"),
}
"""Monthly-report columns: ``item.*`` fill the row's opinion item, the others its report
(``reporter.unit``: a report sent by a unit; ``year`` completes a month-number period;
``reporter.unit_name``, the reporter's unit or post as the table shows it, is not kept: the
roster says it)."""

IGNORED: Final = frozenset(header_key(h) for h in ("STT", "TT", "Số TT", "Số thứ tự"))
"""Headers whose column is not data (row numbers); so is any header starting ``Ghi chú``."""

ROSTER_KEYS: Final = _keys(ROSTER_COLUMNS)
REPORT_KEYS: Final = _keys(REPORT_COLUMNS)
_KNOWN: Final = frozenset(ROSTER_KEYS) | frozenset(REPORT_KEYS)


def ignored(key: str) -> bool:
    """Whether a header (its key) names a column that holds no data."""
    return key in IGNORED or key.startswith("ghi chu")


@dataclass
class Header:
    """Where a sheet's header is and what each column is called."""

    first: int
    """0-based row of the header's first row (the group row of a two-row header)."""
    last: int
    """0-based row of its last row: the data start below it."""
    labels: list[str] = field(default_factory=list)
    """Each column's header as written (``group / sub`` under a group)."""
    candidates: list[list[str]] = field(default_factory=list)
    """Each column's keys to match, best first."""

    def match(self, keys: Mapping[str, str]) -> list[str | None]:
        """Each column's field in ``keys`` (alias key -> field), ``None`` if none."""
        found: list[str | None] = []
        for options in self.candidates:
            found.append(next((keys[k] for k in options if k in keys), None))
        return found


def _text(row: list[Any], column: int) -> str:
    return cell_text(row[column]) if column < len(row) else ""


def _known_count(row: list[Any]) -> int:
    return len({key for v in row if (key := header_key(cell_text(v))) in _KNOWN})


def find_header(sheet: Sheet) -> Header | None:
    """The sheet's header, or ``None`` when none of its first rows has two known headers."""
    rows = sheet.rows
    top = next((r for r in range(min(SCANNED_ROWS, len(rows))) if _known_count(rows[r]) >= 2), None)
    if top is None:
        return None
    width = max(len(rows[top]), 1)
    bottom = top
    down = [m for m in sheet.merged if m[0] == top and m[2] > top]
    across = [m for m in sheet.merged if m[0] == m[2] == top and m[3] > m[1]]
    below = rows[top + 1] if top + 1 < len(rows) else []
    if down or (across and any(_known_count(below[m[1] : m[3] + 1]) for m in across)):
        bottom = top + 1
    elif top > 0:
        above = [
            m
            for m in sheet.merged
            if m[0] <= top - 1 <= m[2]
            and (m[2] >= top or m[3] > m[1])
            and not (m[0] == m[2] and m[1] == 0 and m[3] >= width - 1)  # a title over it all
        ]
        if above:
            top -= 1
    header = Header(top, bottom)
    for column in range(max(len(rows[bottom]), len(rows[top]))):
        sub = _text(rows[bottom], column)
        group = _text(rows[top], column) if top < bottom else ""
        if not group or header_key(group) == header_key(sub):
            label, options = sub, [sub]
        elif not sub:
            label, options = group, [group]
        else:
            label = f"{group} / {sub}"
            options = [f"{sub} {group}", f"{group} {sub}", sub]
        header.labels.append(label)
        header.candidates.append([header_key(o) for o in options if o])
    return header


def expected_headers() -> str:
    """The headers that make a roster or a reports table, for an error message."""
    roster = ", ".join(repr(ROSTER_COLUMNS[f][0]) for f in ("id", "full_name", "unit", "level"))
    reports = ", ".join(
        repr(REPORT_COLUMNS[f][0])
        for f in ("id", "period", "reporter.id", "submitted_on", "item.content", "item.field")
    )
    return f"a roster has {roster}; monthly reports have {reports}"
