"""Units: Party committees, boards, authorities and agencies; issuers of documents."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Self

from pydantic import Field, model_validator

from dlxh.models._base import DlxhModel
from dlxh.models._enum import LabeledEnum
from dlxh.models._scalars import Whole
from dlxh.models._text import Code, MultilineText, Name, Text

if TYPE_CHECKING:
    from dlxh.vn.admin import AdminUnit


__all__ = ["Issuer", "IssuerContact", "Unit", "UnitLevel"]


class UnitLevel(LabeledEnum):
    """Where a unit sits. Since 1 July 2025 local government has two tiers (province, commune);
    ``district`` remains only for records from before that date."""

    CENTRAL = ("central", "Trung ương")
    PROVINCE = ("province", "tỉnh, thành phố")
    DISTRICT = ("district", "huyện, quận, thị xã, thành phố thuộc tỉnh")
    COMMUNE = ("commune", "xã, phường, đặc khu")
    SECTOR_BLOC = ("sector_bloc", "đảng bộ khối")
    GRASSROOTS = ("grassroots", "đảng bộ cơ sở")
    PARTY_CELL = ("party_cell", "chi bộ")
    AGENCY = ("agency", "cơ quan, đơn vị")


HeaderName = Annotated[MultilineText, Field(max_length=300)]
"""A name in the document header; a line break (``\\n``) splits it where the office wants."""


class IssuerContact(DlxhModel):
    """The issuer's address, telephone, fax, e-mail and website: an optional block printed at
    the foot of the first page, under a rule across the text width, 11-12 pt upright
    (Nghị định 30/2020, Phụ lục I, Mục III.4 and Mục V, STT 12)."""

    address: Text | None = None
    phone: Text | None = None
    fax: Text | None = None
    email: Text | None = None
    website: Text | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        if not any((self.address, self.phone, self.fax, self.email, self.website)):
            raise ValueError("a contact block needs at least one of its fields")
        return self

    def lines(self) -> list[str]:
        """The block's lines as the decree's example sets them: the address, then
        "ĐT: ..., Fax: ...", then "E-Mail: ..., Website: ..." (a line only when it has text)."""
        pairs = [
            [("ĐT", self.phone), ("Fax", self.fax)],
            [("E-Mail", self.email), ("Website", self.website)],
        ]
        lines = [self.address] if self.address else []
        for pair in pairs:
            line = ", ".join(f"{label}: {value}" for label, value in pair if value)
            if line:
                lines.append(line)
        return lines


class Issuer(DlxhModel):
    """The issuing-body block of a document header.

    ``parent`` is the governing body printed above the issuer (``TỈNH ỦY LAI CHÂU``); ``name`` is
    the issuing body itself (``BAN TUYÊN GIÁO VÀ DÂN VẬN``); ``code`` is its symbol in document
    numbers (``BTGDVTU``), joint issuers as ``BTCTU-BDVTU``.
    """

    name: HeaderName
    code: Code
    parent: HeaderName | None = None
    full_name: Name | None = Field(
        default=None,
        description="The name as written in running text (Ban Tuyên giáo và Dân vận Tỉnh ủy), "
        "used where a document cites its issuer; defaults to the header name.",
    )
    contact: IssuerContact | None = Field(
        default=None, description="Address, phone, e-mail... printed at the foot of page 1."
    )

    @property
    def text_name(self) -> str:
        """The issuer's name for running text: ``full_name``, else the header name on one line."""
        return self.full_name or " ".join(self.name.split())


class Unit(DlxhModel):
    """A unit of the DLXH network: a board, a Party committee, a commune, an agency...

    ``admin_code`` is the official code of the administrative unit it belongs to, checked against
    the ``vietnam-provinces`` data (province codes for province-level units, commune codes for
    commune-level ones). ``legacy_district`` keeps the district of pre-July-2025 records.

    A unit that ceased on 1 July 2025 (a district, a commune that was merged) stays in the data
    with its own name, so its old records still say who sent them, and names in ``successor``
    the unit that took over. A synthesis of a period ending after 30 June 2025 then rolls it up
    into that unit (a year 2025 counts May's district reports and September's commune reports
    together); earlier periods show it as it was. Which unit took over is data: the province's
    resolution of the Ủy ban Thường vụ Quốc hội says it (see :mod:`dlxh.vn.legacy`).
    """

    code: Code = Field(description="Short code or symbol, e.g. BTGDVTU; unique in a dataset.")
    name: Name
    level: UnitLevel
    parent: Code | None = Field(default=None, description="Code of the unit above this one.")
    parent_name: Name | None = Field(
        default=None, description="Name of the governing body as printed above the unit name."
    )
    admin_code: Whole | None = Field(default=None, ge=1)
    legacy_district: Name | None = None
    successor: Code | None = Field(
        default=None,
        description="Code of the unit that took over after 1/7/2025 (this unit ceased then); "
        "periods ending after 30/6/2025 roll this unit up into it.",
    )
    note: Text | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.parent is not None and self.parent == self.code:
            raise ValueError(f"unit {self.code} cannot be its own parent")
        if self.successor is not None and self.successor == self.code:
            raise ValueError(f"unit {self.code} cannot be its own successor")
        if self.admin_code is not None:
            code = self.admin_code
            from dlxh.vn.admin import is_valid_code  # noqa: PLC0415 (the list loads on first use)

            if self.level is UnitLevel.PROVINCE:
                ok, expected = is_valid_code(code, "province"), "a province code"
            elif self.level is UnitLevel.COMMUNE:
                ok, expected = is_valid_code(code, "commune"), "a commune code"
            else:
                ok = is_valid_code(code, "province") or is_valid_code(code, "commune")
                expected = "a province or commune code"
            if not ok:
                raise ValueError(
                    f"admin_code {code} is not {expected} of the official list "
                    "(vietnam-provinces, after 1 July 2025)"
                )
        if self.legacy_district is not None and self.level is UnitLevel.PROVINCE:
            raise ValueError("legacy_district makes no sense for a province-level unit")
        return self

    def admin_unit(self) -> AdminUnit | None:
        """The official administrative unit behind ``admin_code``, if any."""
        if self.admin_code is None:
            return None
        from dlxh.vn.admin import get_commune, get_province, is_valid_code  # noqa: PLC0415

        if self.level is not UnitLevel.COMMUNE and is_valid_code(self.admin_code, "province"):
            return get_province(self.admin_code)
        return get_commune(self.admin_code)

    def issuer(self) -> Issuer:
        """The header block for documents this unit issues (names in upper case, as printed)."""
        return Issuer(
            name=self.name.upper(),
            code=self.code,
            parent=self.parent_name.upper() if self.parent_name else None,
            full_name=f"{self.name} {self.parent_name}" if self.parent_name else self.name,
        )
