"""Document numbers and symbols (số, ký hiệu) in the State and Party formats.

State (Nghị định 30/2020/NĐ-CP): ``Số: 05/BC-UBND``; a công văn has no type code:
``Số: 12/UBND-VX``. Party (Hướng dẫn 36-HD/VPTW): no colon, a hyphen before the type:
``Số 05-HD/BTGDVTU``; joint issuers join their codes with ``-``. Numbers below 10 are written
with a leading zero in both.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from dlxh.models._enum import LabeledEnum

__all__ = ["NumberSymbol", "Profile", "format_number_symbol", "parse_number_symbol"]

# Width of the blank left for the number in a draft that is not yet numbered.
_BLANK = "\u00a0" * 6


class Profile(LabeledEnum):
    """The format regime a document follows."""

    DANG = ("dang", "văn bản của Đảng (Hướng dẫn 36-HD/VPTW)")
    NHA_NUOC = ("nha-nuoc", "văn bản hành chính nhà nước (Nghị định 30/2020/NĐ-CP)")


def _pad(number: int | None) -> str:
    return _BLANK if number is None else f"{number:02d}"


def format_number_symbol(
    number: int | None, type_code: str | None, issuer_code: str, profile: Profile
) -> str:
    """The full number line, ``Số: 05/BC-UBND`` or ``Số 05-HD/BTGDVTU``.

    ``type_code`` is ``None`` for a State công văn, whose symbol is the issuer code followed by the
    drafting unit (``UBND-VX``, passed as ``issuer_code``). ``number=None`` leaves a blank for a
    draft.
    """
    if number is not None and number < 1:
        raise ValueError(f"document number must be 1 or more, got {number}")
    if profile is Profile.DANG:
        if not type_code:
            raise ValueError("a Party document number needs a type code (CV for a công văn)")
        return f"Số {_pad(number)}-{type_code}/{issuer_code}"
    symbol = f"{type_code}-{issuer_code}" if type_code else issuer_code
    return f"Số: {_pad(number)}/{symbol}"


@dataclass(frozen=True, slots=True)
class NumberSymbol:
    """A parsed number line: a plain record rather than a model, because only
    :func:`parse_number_symbol` makes one and the format checker, which must start in a fraction
    of a second, reads it without loading pydantic."""

    profile: Profile
    number: int | None
    """None when the number is left blank (a draft)."""
    type_code: str | None
    issuer_code: str
    padded: bool
    """Whether a number below 10 carried its leading zero."""


_STATE = re.compile(r"^Số\s*:\s*(?P<number>\d+)?\s*/\s*(?P<symbol>[\w.\-]+)$")
_PARTY = re.compile(r"^Số\s+(?P<number>\d+)?\s*-\s*(?P<type>[\w.]+)\s*/\s*(?P<issuer>[\w.\-]+)$")


def parse_number_symbol(text: str, known_type_codes: frozenset[str] | None = None) -> NumberSymbol:
    """Parse a number line in either format; ``ValueError`` says which format was expected.

    For a State symbol ``BC-UBND`` the first part is taken as the type code when it is in
    ``known_type_codes`` (by default the State codes of :class:`~dlxh.models.DocumentType`),
    otherwise the whole symbol is a công văn issuer code (``UBND-VX``).
    """
    line = " ".join(unicodedata.normalize("NFC", text).replace("\u00a0", " ").split())
    if match := _PARTY.match(line):
        number = match["number"]
        return NumberSymbol(
            profile=Profile.DANG,
            number=int(number) if number else None,
            type_code=match["type"],
            issuer_code=match["issuer"],
            padded=number is None or len(number) >= 2,
        )
    if match := _STATE.match(line):
        if known_type_codes is None:
            from dlxh.models.doctype import DocumentType  # noqa: PLC0415 (cycle)

            known_type_codes = DocumentType.codes(Profile.NHA_NUOC)
        number = match["number"]
        head, _, rest = match["symbol"].partition("-")
        type_code = head if rest and head in known_type_codes else None
        return NumberSymbol(
            profile=Profile.NHA_NUOC,
            number=int(number) if number else None,
            type_code=type_code,
            issuer_code=rest if type_code else match["symbol"],
            padded=number is None or len(number) >= 2,
        )
    raise ValueError(
        f"not a document number: {text!r} (expected 'Số: 05/BC-UBND' or 'Số 05-HD/BTGDVTU')"
    )
