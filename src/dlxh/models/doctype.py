"""The kinds of document (nghị quyết, quyết định, báo cáo...) with their Vietnamese names and
their symbols in each regime, in a module of their own: the format checker needs them without
the document models (whose validators take a tenth of a second to build)."""

from __future__ import annotations

from dlxh.models._enum import LabeledEnum
from dlxh.models.numbering import Profile

__all__ = ["DocumentType"]


class DocumentType(LabeledEnum):
    """Document types with their Vietnamese names; :meth:`code` gives the symbol per profile."""

    NGHI_QUYET = ("nghi_quyet", "nghị quyết")
    QUYET_DINH = ("quyet_dinh", "quyết định")
    CHI_THI = ("chi_thi", "chỉ thị")
    KET_LUAN = ("ket_luan", "kết luận")
    QUY_CHE = ("quy_che", "quy chế")
    QUY_DINH = ("quy_dinh", "quy định")
    THONG_TRI = ("thong_tri", "thông tri")
    THONG_CAO = ("thong_cao", "thông cáo")
    THONG_BAO = ("thong_bao", "thông báo")
    HUONG_DAN = ("huong_dan", "hướng dẫn")
    CHUONG_TRINH = ("chuong_trinh", "chương trình")
    KE_HOACH = ("ke_hoach", "kế hoạch")
    PHUONG_AN = ("phuong_an", "phương án")
    DE_AN = ("de_an", "đề án")
    DU_AN = ("du_an", "dự án")
    BAO_CAO = ("bao_cao", "báo cáo")
    BIEN_BAN = ("bien_ban", "biên bản")
    TO_TRINH = ("to_trinh", "tờ trình")
    HOP_DONG = ("hop_dong", "hợp đồng")
    CONG_DIEN = ("cong_dien", "công điện")
    GIAY_MOI = ("giay_moi", "giấy mời")
    GIAY_GIOI_THIEU = ("giay_gioi_thieu", "giấy giới thiệu")
    CONG_VAN = ("cong_van", "công văn")

    def code(self, profile: Profile) -> str | None:
        """The type code in the number symbol, ``None`` for a State công văn.

        ``ValueError`` when the type does not exist in that regime (a Party ``hợp đồng``).
        """
        state, party = _TYPE_CODES[self]
        if profile is Profile.DANG:
            if party is None:
                raise ValueError(f"the Party format has no document type {self.label!r}")
            return party
        if state is None and self is not DocumentType.CONG_VAN:
            raise ValueError(f"the State format has no document type {self.label!r}")
        return state

    @property
    def printed_name(self) -> str:
        """The type name as printed above the summary (``BÁO CÁO``); empty for a công văn."""
        return "" if self is DocumentType.CONG_VAN else self.label.upper()

    @classmethod
    def codes(cls, profile: Profile) -> frozenset[str]:
        """Every type code known in ``profile``."""
        index = 1 if profile is Profile.DANG else 0
        return frozenset(code for pair in _TYPE_CODES.values() if (code := pair[index]))


# (State code per Nghị định 30/2020 Phụ lục III, Party code per Hướng dẫn 36-HD/VPTW).
_TYPE_CODES: dict[DocumentType, tuple[str | None, str | None]] = {
    DocumentType.NGHI_QUYET: ("NQ", "NQ"),
    DocumentType.QUYET_DINH: ("QĐ", "QĐ"),
    DocumentType.CHI_THI: ("CT", "CT"),
    DocumentType.KET_LUAN: (None, "KL"),
    DocumentType.QUY_CHE: ("QC", "QC"),
    DocumentType.QUY_DINH: ("QyĐ", "QĐi"),
    DocumentType.THONG_TRI: (None, "TT"),
    DocumentType.THONG_CAO: ("TC", None),
    DocumentType.THONG_BAO: ("TB", "TB"),
    DocumentType.HUONG_DAN: ("HD", "HD"),
    DocumentType.CHUONG_TRINH: ("CTr", "CTr"),
    DocumentType.KE_HOACH: ("KH", "KH"),
    DocumentType.PHUONG_AN: ("PA", "PA"),
    DocumentType.DE_AN: ("ĐA", "ĐA"),
    DocumentType.DU_AN: ("DA", None),
    DocumentType.BAO_CAO: ("BC", "BC"),
    DocumentType.BIEN_BAN: ("BB", "BB"),
    DocumentType.TO_TRINH: ("TTr", "TTr"),
    DocumentType.HOP_DONG: ("HĐ", None),
    DocumentType.CONG_DIEN: ("CĐ", None),
    # Party GM: HD 05-HD/VPTW 3.1.2 a) forms a type code from the first letters of its syllables
    # and lists giấy mời among Party administrative papers (QĐ 399, per lsvn.vn): GM.
    DocumentType.GIAY_MOI: ("GM", "GM"),
    DocumentType.GIAY_GIOI_THIEU: ("GGT", None),
    DocumentType.CONG_VAN: (None, "CV"),
}
