"""What a file given to the checker really is, said truly: encrypted .docx, .doc, .docm, .dotx,
an encrypted zip, a bad CRC, missing or damaged parts. Each is built here byte by byte."""

from __future__ import annotations

import io
import re
import struct
import time
import zipfile

import pytest
from checker_inputs import SAMPLE, members, rezip

from dlxh import CheckError
from dlxh.check import check

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
END, FREE, FAT, NONE = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def compound(names: list[str], *, loop: bool = False, difat: int = 0) -> bytes:
    """A version 3 compound file (512-byte sectors) whose directory lists ``names`` as empty
    streams, linked as a chain from the root so that any reader finds them. ``loop`` makes the
    directory chain point back at itself; ``difat`` claims that many DIFAT sectors, chained
    to the FAT sector itself."""
    entries = ["Root Entry", *names]
    sectors = -(-len(entries) // 4)
    header = bytearray(512)
    header[:8] = MAGIC
    struct.pack_into("<5H", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<2I", header, 0x2C, 1, 1)  # one FAT sector; the directory starts at 1
    struct.pack_into("<I", header, 0x38, 4096)
    struct.pack_into("<4I", header, 0x3C, END, 0, 0 if difat else END, difat)
    struct.pack_into("<109I", header, 0x4C, 0, *[FREE] * 108)
    fat = [FAT, *(n + 2 for n in range(sectors - 1)), 1 if loop else END]
    fat += [FREE] * (128 - len(fat))
    directory = bytearray(512 * sectors)
    for index, name in enumerate(entries):
        raw = (name + "\0").encode("utf-16-le")
        right = index + 1 if 0 < index < len(entries) - 1 else NONE
        child = 1 if index == 0 and names else NONE
        offset = index * 128
        directory[offset : offset + len(raw)] = raw
        kind = 5 if index == 0 else 2
        struct.pack_into("<HBB3I", directory, offset + 64, len(raw), kind, 1, NONE, right, child)
        struct.pack_into("<IQ", directory, offset + 116, END, 0)
    return bytes(header) + struct.pack("<128I", *fat) + bytes(directory)


def refused(data: bytes, pattern: str) -> str:
    with pytest.raises(CheckError) as caught:
        check(data)
    message = str(caught.value)
    assert re.search(pattern, message), message
    assert "\n" not in message, message
    return message


@pytest.mark.parametrize(
    ("names", "pattern"),
    [
        (
            ["\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"],
            r"encrypted or password-protected \.docx: remove the password in Word",
        ),
        (["WordDocument", "1Table", "\x05SummaryInformation"], r"\.doc file \(Word 97-2003\)"),
        (["Workbook"], r"Excel 97-2003 workbook \(\.xls\)"),
        (["PowerPoint Document"], r"PowerPoint 97-2003 presentation \(\.ppt\)"),
        (["Contents"], r"OLE compound file that is not a Word document"),
    ],
)
def test_compound_files_are_told_apart(names: list[str], pattern: str) -> None:
    message = refused(compound(names), pattern)
    if "EncryptedPackage" in names:
        assert ".doc file" not in message


def test_a_damaged_compound_file_is_a_clean_error_in_bounded_time() -> None:
    refused(compound(["A", "B", "C", "D", "E"], loop=True), r"directory cannot be read")
    refused(MAGIC + bytes(100), r"directory cannot be read \(.*truncated")
    start = time.perf_counter()  # a DIFAT chain that loops on itself, claiming 4 billion sectors
    refused(compound(["WordDocument"], difat=0xFFFFFFFF), r"\.doc|cannot be read")
    assert time.perf_counter() - start < 1


def _content_types(main: str, extra: str = "") -> bytes:
    return (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'content-types"><Default Extension="xml" ContentType="application/xml"/>{extra}'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>'
    ).encode()


@pytest.mark.parametrize(
    ("main", "pattern"),
    [
        ("application/vnd.ms-word.document.macroEnabled.main+xml", r"macro-enabled .*\(\.docm\)"),
        (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
            r"Word template \(\.dotx\), not a document",
        ),
        ("application/vnd.ms-word.template.macroEnabledTemplate.main+xml", r"\(\.dotm\)"),
        ("text/plain", r"says word/document\.xml is 'text/plain', not the main part"),
    ],
)
def test_word_packages_that_are_not_documents_are_named(main: str, pattern: str) -> None:
    refused(rezip({**members(), "[Content_Types].xml": _content_types(main)}), pattern)


def test_a_macro_project_is_named_whatever_the_content_type_says() -> None:
    parts = {**members(), "word/vbaProject.bin": b"\x00" * 64}
    refused(rezip(parts), r"holds a macro project \(vbaProject\.bin\)")
    vba = '<Override PartName="/word/x.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    refused(
        rezip({**members(), "[Content_Types].xml": _content_types(MAIN, vba)}), r"macro project"
    )


def test_other_office_packages_are_named() -> None:
    for family, pattern in (
        ("spreadsheetml.sheet", r"Excel workbook \(\.xlsx\)"),
        ("presentationml.presentation", r"PowerPoint presentation \(\.pptx\)"),
    ):
        kind = f"application/vnd.openxmlformats-officedocument.{family}.main+xml"
        types = _content_types(kind).replace(b"/word/document.xml", b"/xl/workbook.xml")
        refused(rezip({"[Content_Types].xml": types, "xl/workbook.xml": b"<w/>"}), pattern)


def _patched(data: bytes, member: str, offset: int, value: bytes) -> bytes:
    """``data`` with ``value`` written ``offset`` bytes into ``member``'s central directory
    entry (flags at 8, CRC at 16)."""
    out = bytearray(data)
    position = 0
    while (position := out.find(b"PK\x01\x02", position + 1)) >= 0:
        length = struct.unpack_from("<H", out, position + 28)[0]
        if out[position + 46 : position + 46 + length] == member.encode():
            out[position + offset : position + offset + len(value)] = value
            return bytes(out)
    raise AssertionError(member)


def test_an_encrypted_zip_is_named() -> None:
    with zipfile.ZipFile(io.BytesIO(SAMPLE)) as archive:
        flags = archive.getinfo("word/styles.xml").flag_bits | 0x1
    data = _patched(SAMPLE, "word/styles.xml", 8, struct.pack("<H", flags))
    refused(data, r"password-protected \(encrypted\) zip archive, not a \.docx")


def test_a_bad_crc_names_the_part() -> None:
    data = _patched(SAMPLE, "word/styles.xml", 16, b"\x00\x00\x00\x00")
    refused(data, r"word/styles\.xml is damaged \(Bad CRC-32")


def test_missing_and_damaged_parts_name_the_part() -> None:
    parts = members()
    without = {k: v for k, v in parts.items() if k != "[Content_Types].xml"}
    refused(rezip(without), r"\[Content_Types\]\.xml is missing")
    refused(
        rezip({**parts, "[Content_Types].xml": b"<Types"}), r"\[Content_Types\]\.xml is not well"
    )
    for part in ("word/styles.xml", "word/document.xml", "word/_rels/document.xml.rels"):
        refused(rezip({**parts, part: parts[part][:-40]}), rf"{re.escape(part)} is not well-formed")
    refused(rezip({k: v for k, v in parts.items() if k != "word/document.xml"}), r"no word/doc")


def test_a_compression_method_word_never_uses_is_refused() -> None:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        for name, content in members().items():
            method = zipfile.ZIP_BZIP2 if name == "word/document.xml" else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=method)
    refused(stream.getvalue(), r"word/document\.xml is compressed with method 12")


@pytest.mark.parametrize(
    ("head", "pattern"), [(b"{\\rtf1 x}", r"RTF file"), (b"%PDF-1.7\n", r"PDF file")]
)
def test_other_formats_are_named(head: bytes, pattern: str) -> None:
    refused(head + bytes(100), pattern)
