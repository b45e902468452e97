"""Telling what a file is before treating it as a .docx, so that each refusal says the truth.

A password-protected .docx is not a zip but an OLE compound file, like a Word 97 .doc; a .docm,
a .dotx and an .xlsx are zips with a different main part; a zip can have encrypted members or
hundreds of thousands of entries. Each of these gets its own message and its own advice. The
checks read only the file's first bytes, the compound file directory, the zip's end record and
``[Content_Types].xml``: never a part's content.
"""

from __future__ import annotations

import struct
import zipfile
from typing import BinaryIO

from lxml import etree

from dlxh.check.cfb import OLE_MAGIC, CfbError, directory_names

__all__ = [
    "CONTENT_TYPES",
    "OLE_MAGIC",
    "encrypted_member",
    "identify_compound",
    "identify_head",
    "main_part_problem",
    "other_office_file",
    "zip_entries",
]

CONTENT_TYPES = "[Content_Types].xml"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_OTHER_MAIN = {
    "application/vnd.ms-word.document.macroEnabled.main+xml": (
        "a macro-enabled Word document (.docm), not a .docx; the checker does not open files "
        "with macros: save it as a Word Document (.docx) first"
    ),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": (
        "a Word template (.dotx), not a document; create a document from it, or save it as "
        "a Word Document (.docx), and check that"
    ),
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": (
        "a macro-enabled Word template (.dotm), not a .docx; save it as a Word Document "
        "(.docx) first"
    ),
}
_FAMILIES = {
    "spreadsheetml": "an Excel workbook (.xlsx), not a Word document",
    "ms-excel": "an Excel workbook (.xlsm or .xlsb), not a Word document",
    "presentationml": "a PowerPoint presentation (.pptx), not a Word document",
    "ms-powerpoint": "a PowerPoint presentation (.pptm), not a Word document",
}
_VBA = "application/vnd.ms-office.vbaProject"


def identify_head(head: bytes) -> str | None:
    """What a file that is surely not a .docx is, from its first bytes (``None``: maybe one)."""
    if head[:5] == b"{\\rtf":
        return "this is an RTF file, not a .docx; save it as .docx first"
    if head[:4] == b"%PDF":
        return "this is a PDF file, not a .docx"
    return None


def identify_compound(stream: BinaryIO, size: int) -> str:
    """The refusal for an OLE compound file: encrypted .docx, .doc, .xls, .ppt or unknown."""
    try:
        names = directory_names(stream, size)
    except CfbError as exc:
        return (
            "this looks like a .doc file (Word 97-2003) or another Office 97-2003 file, but its "
            f"directory cannot be read ({exc}); save it as .docx first"
        )
    if {"EncryptionInfo", "EncryptedPackage"} <= names:
        return (
            "this is an encrypted or password-protected .docx: remove the password in Word "
            "before checking (File > Info > Protect Document > Encrypt with Password)"
        )
    if "WordDocument" in names:
        return "this is a .doc file (Word 97-2003), not a .docx; save it as .docx first"
    if "Workbook" in names or "Book" in names:
        return "this is an Excel 97-2003 workbook (.xls), not a Word document"
    if "PowerPoint Document" in names:
        return "this is a PowerPoint 97-2003 presentation (.ppt), not a Word document"
    return "this is an OLE compound file that is not a Word document, not a .docx"


def zip_entries(stream: BinaryIO, size: int) -> int | None:
    """The number of entries the zip's end record declares, read before ``zipfile`` builds one
    object per entry; ``None`` when there is no end record (``zipfile`` then says so)."""
    tail_size = min(size, 65_535 + 22)
    stream.seek(size - tail_size)
    tail = stream.read(tail_size)
    end = tail.rfind(b"PK\x05\x06")
    if end < 0 or end + 22 > len(tail):
        return None
    count: int = struct.unpack_from("<H", tail, end + 10)[0]
    locator = end - 20
    if count == 0xFFFF and locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
        record = struct.unpack_from("<Q", tail, locator + 8)[0]
        if record + 56 <= size:
            stream.seek(record)
            zip64 = stream.read(56)
            if zip64[:4] == b"PK\x06\x06":
                count = struct.unpack_from("<Q", zip64, 32)[0]
    return count


def encrypted_member(archive: zipfile.ZipFile) -> str | None:
    """The first member encrypted with a zip password (general purpose flag bit 0)."""
    return next((info.filename for info in archive.infolist() if info.flag_bits & 0x1), None)


def main_part_problem(content_types: etree._Element | None, names: set[str]) -> str | None:
    """Why the package is not a Word document by its content types (``None``: it is one).

    ``content_types`` is the parsed ``[Content_Types].xml`` (``None`` when it is missing).
    """
    if content_types is None:
        return (
            f"{CONTENT_TYPES} is missing, so this is not a valid .docx (Word cannot open it "
            "either); save it again from Word or LibreOffice"
        )
    overrides = {
        str(o.get("PartName", "")).lstrip("/").casefold(): str(o.get("ContentType", ""))
        for o in content_types.iter(f"{_CT}Override")
    }
    defaults = {
        str(d.get("Extension", "")).casefold(): str(d.get("ContentType", ""))
        for d in content_types.iter(f"{_CT}Default")
    }
    if (
        _VBA in overrides.values()
        or _VBA in defaults.values()
        or "word/vbaproject.bin" in {n.casefold() for n in names}
    ):
        return (
            "this document holds a macro project (vbaProject.bin), so it is a macro-enabled "
            "document (.docm), not a .docx; save it as a Word Document (.docx) first"
        )
    main = overrides.get("word/document.xml") or defaults.get("xml")
    if main is None:
        return f"{CONTENT_TYPES} gives no content type for word/document.xml"
    if main in _OTHER_MAIN:
        return f"this is {_OTHER_MAIN[main]}"
    if main != _WORD:
        return (
            f"{CONTENT_TYPES} says word/document.xml is {main[:120]!r}, not the main part of a "
            "Word document"
        )
    return None


def other_office_file(content_types: etree._Element | None) -> str | None:
    """For a zip without ``word/document.xml``: which Office file it is instead, if any."""
    if content_types is None:
        return None
    for override in content_types.iter(f"{_CT}Override"):
        kind = str(override.get("ContentType", ""))
        if kind.endswith(".main+xml"):
            for family, what in _FAMILIES.items():
                if family in kind:
                    return f"this is {what}"
    return None
