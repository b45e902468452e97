"""Official documents: metadata (issuer, number, place and date, type, summary), body and signature.

The model is format-neutral: the same ``Document`` renders in the State or the Party format, and
the parts whose wording differs (number line, signature authority, recipient list) are produced by
methods that take the profile into account.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, Self

from pydantic import Field, JsonValue, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError

from dlxh.models._base import DlxhModel
from dlxh.models._enum import LabeledEnum
from dlxh.models._scalars import Day, Whole
from dlxh.models._text import Code, MultilineText, Name, RunText, Text
from dlxh.models.doctype import DocumentType
from dlxh.models.numbering import Profile, format_number_symbol
from dlxh.models.unit import Issuer
from dlxh.vn.dates import format_place_date
from dlxh.vn.numerals import point_letter, to_roman

__all__ = [
    "Appendix",
    "Article",
    "AuthorityLine",
    "Block",
    "BulletList",
    "Cell",
    "Circulation",
    "Confidentiality",
    "Document",
    "DocumentType",
    "Heading",
    "Image",
    "Meeting",
    "NumberedList",
    "PageBreak",
    "Paragraph",
    "Run",
    "SignatureAuthority",
    "Signer",
    "Table",
    "Urgency",
]


class SignatureAuthority(LabeledEnum):
    """Signing on behalf of someone else (thẩm quyền ký)."""

    TM = ("tm", "thay mặt")
    KT = ("kt", "ký thay")
    TL = ("tl", "thừa lệnh")
    TUQ = ("tuq", "thừa ủy quyền")
    Q = ("q", "quyền")

    def prefix(self, profile: Profile) -> str:
        """``TM.`` in the State format, ``T/M`` in the Party format."""
        state, party = _AUTHORITY_PREFIX[self]
        return party if profile is Profile.DANG else state


# Party forms of TUQ and Q are [unconfirmed] (DESIGN.md 2.2 confirms T/M, K/T, T/L only).
_AUTHORITY_PREFIX: dict[SignatureAuthority, tuple[str, str]] = {
    SignatureAuthority.TM: ("TM.", "T/M"),
    SignatureAuthority.KT: ("KT.", "K/T"),
    SignatureAuthority.TL: ("TL.", "T/L"),
    SignatureAuthority.TUQ: ("TUQ.", "T/UQ"),
    SignatureAuthority.Q: ("Q.", "Q."),
}


class Urgency(LabeledEnum):
    URGENT = ("urgent", "KHẨN")
    VERY_URGENT = ("very_urgent", "THƯỢNG KHẨN")
    FLASH = ("flash", "HỎA TỐC")


class Circulation(LabeledEnum):
    """Instructions on who may read a document (chỉ dẫn về phạm vi lưu hành, Nghị định 30/2020
    Phụ lục I, Mục III.2.c): printed framed above the national title."""

    INTERNAL = ("internal", "LƯU HÀNH NỘI BỘ")
    RETURN_AFTER_READING = ("return_after_reading", "XEM XONG TRẢ LẠI")


class Confidentiality(LabeledEnum):
    CONFIDENTIAL = ("confidential", "MẬT")
    SECRET = ("secret", "TỐI MẬT")
    TOP_SECRET = ("top_secret", "TUYỆT MẬT")


class AuthorityLine(DlxhModel):
    """One authority line of the signature block: ``TM. ỦY BAN NHÂN DÂN``, ``KT. CHỦ TỊCH``."""

    authority: SignatureAuthority
    text: Name


class Signer(DlxhModel):
    """Who signs, and on whose behalf."""

    authority: list[AuthorityLine] = Field(default_factory=list, max_length=3)
    title: Name | None = Field(default=None, description="Signer's own title, e.g. PHÓ TRƯỞNG BAN.")
    name: Name

    def lines(self, profile: Profile) -> list[str]:
        """The lines above the signature, upper case, in the profile's wording."""
        lines = [f"{a.authority.prefix(profile)} {a.text.upper()}" for a in self.authority]
        if self.title:
            lines.append(self.title.upper())
        return lines


class Meeting(DlxhModel):
    """The meeting a biên bản records or a giấy mời invites to (Nghị định 30/2020 Phụ lục III,
    Mẫu 1.9 and 1.7; HD 05-HD/VPTW 7.1.4 e) for a Party biên bản).

    Printed before the body: for a biên bản "Thời gian bắt đầu", "Địa điểm", "Thành phần tham
    dự", "Chủ trì", "Thư ký" and, after the body, when it ended; for a giấy mời who is invited,
    to what, who chairs it, when and where.
    """

    kind: Name = Field(default="Cuộc họp", description="Cuộc họp, Hội nghị, Buổi đối thoại ...")
    name: Text | None = Field(default=None, description="What the meeting is (Tới dự ...).")
    start: Text = Field(description="When it starts: '14 giờ 00 phút, ngày 15/12/2026'.")
    end: Text | None = Field(default=None, description="When it ended (a biên bản).")
    place: Text
    participants: list[MultilineText] = Field(default_factory=list)
    chair: Text | None = None
    secretary: Text | None = None
    invitees: list[Name] = Field(default_factory=list, description="Who a giấy mời invites.")


# -- body blocks ------------------------------------------------------------------------------


class Run(DlxhModel):
    """A piece of a paragraph with its own emphasis."""

    text: RunText
    bold: bool = False
    italic: bool = False
    underline: bool = False


class Heading(DlxhModel):
    """A heading. Level 1 is numbered ``I.``, 2 ``1.``, 3 ``a)``; level 4 is not numbered.

    ``numbered=False`` prints the text alone; ``label`` overrides the computed number.
    """

    type: Literal["heading"] = "heading"
    level: Whole = Field(ge=1, le=4)
    text: Text
    numbered: bool = True
    label: Text | None = None


class Paragraph(DlxhModel):
    """A body paragraph: plain ``text``, or ``runs`` for mixed emphasis (exactly one of them)."""

    type: Literal["paragraph"] = "paragraph"
    text: MultilineText | None = None
    runs: list[Run] | None = None
    align: Literal["justify", "left", "center", "right"] = "justify"
    indent: bool = Field(default=True, description="First-line indent, as body text requires.")

    @model_validator(mode="after")
    def _one_content(self) -> Self:
        if (self.text is None) == (not self.runs):
            raise ValueError("a paragraph needs exactly one of 'text' or a non-empty 'runs'")
        return self

    @property
    def plain_text(self) -> str:
        return self.text if self.text is not None else "".join(r.text for r in self.runs or [])


class BulletList(DlxhModel):
    """Lines that each start with a dash (``-``) or plus (``+``), the official bullet marks."""

    type: Literal["bullets"] = "bullets"
    items: list[MultilineText] = Field(min_length=1)
    marker: Literal["-", "+", "•"] = "-"


class NumberedList(DlxhModel):
    """Numbered lines (``1.`` ``2.`` or ``a)`` ``b)``), restarting at ``start`` for each list."""

    type: Literal["numbered"] = "numbered"
    items: list[MultilineText] = Field(min_length=1)
    style: Literal["arabic", "letter"] = "arabic"
    start: Whole = Field(default=1, ge=1)


class Cell(DlxhModel):
    """A table cell; ``colspan``/``rowspan`` merge it with its neighbours."""

    text: MultilineText | Literal[""] = ""
    colspan: Whole = Field(default=1, ge=1)
    rowspan: Whole = Field(default=1, ge=1)
    bold: bool = False
    align: Literal["left", "center", "right", "justify"] | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, data: object) -> object:
        if isinstance(data, str):
            return {"text": data}
        if isinstance(data, int | float) and not isinstance(data, bool):
            return {"text": str(data)}
        return data


class Table(DlxhModel):
    """A table with header rows (repeated on each page) and body rows.

    Cells may be given as plain strings. Every row must span the same number of columns once
    ``colspan`` and the ``rowspan`` of rows above are counted. A table too wide for a portrait
    page goes in an :class:`Appendix` with ``landscape: true``.
    """

    type: Literal["table"] = "table"
    header: list[list[Cell]] = Field(default_factory=list)
    rows: list[list[Cell]] = Field(default_factory=list)
    widths_mm: list[Annotated[float, Field(gt=0)]] | None = None
    caption: Text | None = None
    repeat_header: bool = True

    @model_validator(mode="after")
    def _check_shape(self) -> Self:
        all_rows = [*self.header, *self.rows]
        if not all_rows:
            raise ValueError("a table needs at least one row")
        pending: list[int] = []  # per column: rows still covered by a rowspan from above
        width: int | None = None
        for r, row in enumerate(all_rows):
            covered = sum(1 for p in pending if p > 0)
            span = covered + sum(cell.colspan for cell in row)
            if width is None:
                width = span
            elif span != width:
                raise ValueError(f"table row {r} spans {span} columns, expected {width}")
            pending = [p - 1 for p in pending if p > 1]
            pending += [cell.rowspan - 1 for cell in row for _ in range(cell.colspan)]
            pending = [p for p in pending if p > 0]
        if any(p > 0 for p in pending):
            raise ValueError("a rowspan reaches past the last row of the table")
        if self.widths_mm is not None and len(self.widths_mm) != width:
            raise ValueError(f"widths_mm has {len(self.widths_mm)} values for {width} columns")
        return self

    @property
    def columns(self) -> int:
        first = (self.header or self.rows)[0]
        return sum(cell.colspan for cell in first)


class Image(DlxhModel):
    """A picture (a chart, a photo): a file ``path`` or the raw ``data`` (base64 in JSON/YAML)."""

    type: Literal["image"] = "image"
    path: Text | None = None
    data: bytes | None = None
    width_mm: float = Field(default=150, gt=0, le=400)
    caption: Text | None = None
    alt: Text | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if (self.path is None) == (self.data is None):
            raise ValueError("an image needs exactly one of 'path' or 'data'")
        return self


class PageBreak(DlxhModel):
    type: Literal["page_break"] = "page_break"


class Article(DlxhModel):
    """An article of a decision or regulation: ``Điều 1.`` (bold) and its text, numbered in order.

    ``title`` prints in bold after the number (``Điều 2. Trách nhiệm thi hành``) and ``text``
    follows on the same line when there is no title, on the next lines otherwise.
    """

    type: Literal["article"] = "article"
    title: Text | None = None
    text: MultilineText | None = None
    points: list[MultilineText] = Field(
        default_factory=list, description="Clauses printed as 1. 2. 3. under the article."
    )

    @model_validator(mode="after")
    def _has_content(self) -> Self:
        if self.title is None and self.text is None and not self.points:
            raise ValueError("an article needs a title, a text or points")
        return self


Block = Annotated[
    Heading | Paragraph | BulletList | NumberedList | Table | Image | PageBreak | Article,
    Field(discriminator="type"),
]
"""One body block; in data files the ``type`` key says which."""


def _check_heading_levels(blocks: list[Block], where: str) -> None:
    previous = 0
    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            if previous and block.level > previous + 1:
                raise ValueError(
                    f"{where}[{index}] is a level-{block.level} heading right after a "
                    f"level-{previous} one (a level was skipped)"
                )
            previous = block.level


def heading_labels(blocks: list[Block], separator: str = ".") -> list[str | None]:
    """The number of each heading (``I.``, ``1.``, ``a)``), ``None`` for other blocks.

    Numbering restarts below a heading whenever a higher-level heading appears. ``separator`` is
    ``"."`` (State, and Party by default) or ``"-"`` (the older Party style ``I-``, ``1-``).
    """
    counters = [0, 0, 0, 0]
    labels: list[str | None] = []
    for block in blocks:
        if not isinstance(block, Heading):
            labels.append(None)
            continue
        level = block.level
        counters[level - 1] += 1
        for deeper in range(level, 4):
            counters[deeper] = 0
        if block.label is not None:
            labels.append(block.label)
        elif not block.numbered or level == 4:
            labels.append(None)
        elif level == 1:
            labels.append(f"{to_roman(counters[0])}{separator}")
        elif level == 2:
            labels.append(f"{counters[1]}{separator}")
        else:
            labels.append(f"{point_letter(counters[2])})")
    return labels


class Appendix(DlxhModel):
    """An appendix (phụ lục) printed after the signature, e.g. a roster table in landscape."""

    title: Text
    subtitle: Text | None = None
    body: list[Block] = Field(default_factory=list)
    landscape: bool = False


_FINAL_PUNCTUATION = re.compile(r"[\s;,.]+$")
_ARCHIVE_PREFIX = re.compile(r"^\s*-?\s*Lưu\b\s*:?\s*", re.IGNORECASE)
_ARCHIVE_LINE = re.compile(r"^\s*-?\s*Lưu(\s*:|\s+(VT|VP|Văn phòng)\b)", re.IGNORECASE)


class Document(DlxhModel):
    """An official document, independent of its format until rendered.

    >>> from datetime import date
    >>> doc = Document(
    ...     profile="dang", type="huong_dan", number=5,
    ...     issuer={"parent": "TỈNH ỦY LAI CHÂU", "name": "BAN TUYÊN GIÁO VÀ DÂN VẬN",
    ...             "code": "BTGDVTU"},
    ...     place="Lai Châu", date=date(2026, 1, 5), summary="Công tác dư luận xã hội năm 2026",
    ...     signer={"authority": [{"authority": "tm", "text": "Ban Thường vụ"}],
    ...             "title": "Phó Bí thư", "name": "Nguyễn Văn A"},
    ... )
    >>> doc.number_line
    'Số 05-HD/BTGDVTU'
    >>> doc.place_date_line
    'Lai Châu, ngày 05 tháng 01 năm 2026'
    """

    profile: Profile = Profile.NHA_NUOC
    type: DocumentType
    issuer: Issuer
    number: Whole | None = Field(default=None, ge=1)
    drafter_code: Code | None = Field(
        default=None,
        description="Drafting unit in a State công văn symbol (the VX of 12/UBND-VX).",
    )
    place: Name
    date: Day
    summary: MultilineText | None = Field(
        default=None, description="Trích yếu: what the document is about."
    )
    urgency: Urgency | None = None
    confidentiality: Confidentiality | None = None
    circulation: Circulation | None = Field(
        default=None, description="LƯU HÀNH NỘI BỘ or XEM XONG TRẢ LẠI, above the national title."
    )
    typist: Code | None = Field(
        default=None,
        description="Initials of who typed the document (ký hiệu người soạn thảo), after the "
        "Lưu line with the number of copies: PL.(300).",
    )
    copies: Whole | None = Field(default=None, ge=1, description="Số lượng bản phát hành.")
    two_sided: bool = Field(
        default=False,
        description="Printed on both sides: the margins mirror on the back of each sheet "
        "(Word's mirror margins), as Hướng dẫn 05-HD/VPTW IV-4.2 sets them: back side left 15, "
        "right 30 mm for a front of left 30, right 15.",
    )
    authority: Name | None = Field(
        default=None,
        description="Who decides, printed above the legal bases of a decision "
        "(BAN THƯỜNG VỤ TỈNH ỦY, CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ).",
    )
    legal_bases: list[MultilineText] = Field(
        default_factory=list, description="Căn cứ ... lines, and the 'Theo đề nghị' line."
    )
    addressees: list[Name] = Field(default_factory=list, description="Kính gửi (công văn).")
    body: list[Block] = Field(default_factory=list)
    signer: Signer | None = None
    cosigner: Signer | None = Field(
        default=None,
        description="The second signature of a biên bản, on the left: the secretary "
        "(Thư ký, Người ghi biên bản); the chair is the signer, on the right.",
    )
    meeting: Meeting | None = Field(
        default=None, description="The meeting of a biên bản or giấy mời."
    )
    recipients: list[Name] = Field(default_factory=list)
    archive: Text = Field(default="VT", description="The Lưu line: 'VT, VX' or 'Văn phòng'.")
    appendices: list[Appendix] = Field(default_factory=list)
    extra: dict[str, JsonValue] = Field(
        default_factory=dict,
        max_length=500,
        description="Your own values for your own templates: {{ extra.so_ho }} (plain data).",
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        try:
            self.type.code(self.profile)
        except ValueError as exc:  # reported at ``type``, the field to change, not the root
            raise ValidationError.from_exception_data(
                "Document",
                [
                    InitErrorDetails(
                        type=PydanticCustomError("document_type", "{detail}", {"detail": str(exc)}),
                        loc=("type",),
                        input=self.type.value,
                    )
                ],
            ) from None
        if self.type is DocumentType.CONG_VAN and self.summary is None:
            raise ValueError("a công văn needs a summary (the 'V/v ...' line)")
        if (
            self.type is not DocumentType.CONG_VAN
            and self.summary is None
            and self.type
            in (
                DocumentType.HUONG_DAN,
                DocumentType.KE_HOACH,
                DocumentType.QUYET_DINH,
            )
        ):
            raise ValueError(f"a {self.type.label} needs a summary (trích yếu)")
        if self.type in (DocumentType.BIEN_BAN, DocumentType.GIAY_MOI) and self.meeting is None:
            raise ValueError(f"a {self.type.label} needs a 'meeting' (time, place ...)")
        if self.type is DocumentType.GIAY_MOI and self.meeting and not self.meeting.invitees:
            raise ValueError("a giấy mời needs 'meeting.invitees' (who is invited)")
        if self.cosigner is not None and self.type is not DocumentType.BIEN_BAN:
            raise ValueError("only a biên bản has a second signature ('cosigner')")
        for index, recipient in enumerate(self.recipients):
            if _ARCHIVE_LINE.match(recipient):
                raise ValueError(
                    f"recipients[{index}] ({recipient!r}) is the archive line; "
                    "put it in 'archive' instead (e.g. archive: VT, VX)"
                )
        _check_heading_levels(self.body, "body")
        for index, appendix in enumerate(self.appendices):
            _check_heading_levels(appendix.body, f"appendices[{index}].body")
        return self

    @property
    def type_code(self) -> str | None:
        return self.type.code(self.profile)

    @property
    def number_line(self) -> str:
        """``Số: 05/BC-UBND`` (State) or ``Số 05-HD/BTGDVTU`` (Party)."""
        issuer_code = self.issuer.code
        if self.type_code is None and self.drafter_code:
            issuer_code = f"{issuer_code}-{self.drafter_code}"
        return format_number_symbol(self.number, self.type_code, issuer_code, self.profile)

    @property
    def place_date_line(self) -> str:
        return format_place_date(self.place, self.date)

    @property
    def top_title(self) -> list[str]:
        """The right-hand header lines: national title and motto, or the Party's name."""
        if self.profile is Profile.DANG:
            return ["ĐẢNG CỘNG SẢN VIỆT NAM"]
        return ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]

    def recipient_lines(self, separator: str | None = None) -> list[str]:
        """The "Nơi nhận" lines: ``- X;`` ``- Lưu: VT.`` (State), ``- X,`` ``- Lưu X.`` (Party).

        ``separator`` ends each line but the last: a profile's ``recipients.separator`` (";" under
        Hướng dẫn 05-HD/VPTW); without it, the regime's usual mark.
        """
        sep = separator if separator is not None else "," if self.profile is Profile.DANG else ";"
        lines = [f"- {_FINAL_PUNCTUATION.sub('', r)}{sep}" for r in self.recipients]
        archive = _FINAL_PUNCTUATION.sub("", _ARCHIVE_PREFIX.sub("", self.archive))
        lines.append(f"- Lưu {archive}." if self.profile is Profile.DANG else f"- Lưu: {archive}.")
        return lines

    def heading_labels(self) -> list[str | None]:
        """Numbers of the body's headings, aligned with :attr:`body`."""
        return heading_labels(self.body)
