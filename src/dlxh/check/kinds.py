"""The kinds of document a checked file may be: their printed names and what each must carry.

dlxh renders a dozen kinds, but the checker reads whatever an office sends out, so its list is
the regimes' own: Nghị định 30/2020 Phụ lục III (29 administrative kinds), the legal documents
of Luật Ban hành văn bản quy phạm pháp luật (a Thông tư, a Nghị định... numbered
"Số: 12/2025/TT-BTC"), the internal phiếu trình of an office, and the kinds of Quy định
399-QĐ/TW for Party bodies (with the administrative papers it lists: giấy giới thiệu...).
A type name outside these lists is not a finding by itself; a document with none is.
"""

from __future__ import annotations

import re
from functools import cache

from dlxh.models.doctype import DocumentType
from dlxh.vn.text import fold

__all__ = ["LEGAL_NUMBER", "TYPE_NAMES", "WITHOUT_RECIPIENTS", "type_name_of"]

_STATE = (
    # Nghị định 30/2020/NĐ-CP, Điều 7 and Phụ lục III
    "NGHỊ QUYẾT",
    "QUYẾT ĐỊNH",
    "CHỈ THỊ",
    "QUY CHẾ",
    "QUY ĐỊNH",
    "THÔNG CÁO",
    "THÔNG BÁO",
    "HƯỚNG DẪN",
    "CHƯƠNG TRÌNH",
    "KẾ HOẠCH",
    "PHƯƠNG ÁN",
    "ĐỀ ÁN",
    "DỰ ÁN",
    "BÁO CÁO",
    "BIÊN BẢN",
    "TỜ TRÌNH",
    "HỢP ĐỒNG",
    "CÔNG ĐIỆN",
    "BẢN GHI NHỚ",
    "BẢN THỎA THUẬN",
    "GIẤY ỦY QUYỀN",
    "GIẤY MỜI",
    "GIẤY GIỚI THIỆU",
    "GIẤY NGHỈ PHÉP",
    "PHIẾU GỬI",
    "PHIẾU CHUYỂN",
    "PHIẾU BÁO",
    "THƯ CÔNG",
    # legal documents (Luật Ban hành văn bản quy phạm pháp luật) and an office's phiếu trình
    "LUẬT",
    "NGHỊ ĐỊNH",
    "THÔNG TƯ",
    "THÔNG TƯ LIÊN TỊCH",
    "PHÁP LỆNH",
    "PHIẾU TRÌNH",
)
_PARTY = (
    # Quy định 399-QĐ/TW (kinds and administrative papers, as summarised by lsvn.vn)
    "CƯƠNG LĨNH",
    "ĐIỀU LỆ",
    "CHIẾN LƯỢC",
    "KẾT LUẬN",
    "THÔNG TRI",
    "TUYÊN BỐ",
    "LỜI KÊU GỌI",
    "QUY HOẠCH",
    "GIẤY CHỨNG NHẬN",
    "GIẤY ĐI ĐƯỜNG",
)

TYPE_NAMES: frozenset[str] = frozenset(
    {t.printed_name for t in DocumentType if t.printed_name} | set(_STATE) | set(_PARTY)
)
"""Every type name a title line may print, in capitals."""

WITHOUT_RECIPIENTS: frozenset[str] = frozenset(
    {
        "PHIẾU TRÌNH",
        "GIẤY GIỚI THIỆU",
        "GIẤY ĐI ĐƯỜNG",
        "GIẤY NGHỈ PHÉP",
        "GIẤY CHỨNG NHẬN",
        "PHIẾU GỬI",
        "PHIẾU CHUYỂN",
        "PHIẾU BÁO",
        "HỢP ĐỒNG",
    }
)
"""Kinds whose model has no "Nơi nhận:" block (Phụ lục III: the giấy and phiếu forms)."""

LEGAL_NUMBER = re.compile(
    r"^Số:\s*(?P<number>\d*)\s*/\s*(?P<year>\d{4})\s*/\s*(?P<code>[A-ZĐ]+(?:-[A-ZĐ0-9]+)+)\s*$"
)
"""The number of a legal document: number, year, then type and issuer ("Số: /2025/TT-BTC")."""


@cache
def _by_key() -> dict[str, str]:
    return {fold(name): name for name in TYPE_NAMES}


def type_name_of(text: str) -> str | None:
    """The type name ``text`` prints (a whole line, any case, either tone placement), or None."""
    return _by_key().get(fold(text))
