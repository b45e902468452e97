"""Deterministic .docx packaging: the same document gives the same bytes, every time.

python-docx stamps every zip entry with the current time and the core properties with "now", so
two renders of one input differ. Official documents are archived and compared, and tests compare
outputs, so dlxh rewrites the package with fixed entry times and a fixed member order.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["FIXED_ZIP_TIME", "Entry", "normalize_docx", "read_entries", "write_package"]

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can carry; used for every entry."""

_FIRST = "[Content_Types].xml"


def normalize_docx(data: bytes, replace: Mapping[str, bytes] | None = None) -> bytes:
    """Rewrite a .docx package with fixed timestamps and attributes, content types first;
    members named in ``replace`` get the content given there (they must exist)."""
    replace = replace or {}
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = [info.filename for info in source.infolist() if not info.is_dir()]
        ordered = ([_FIRST] if _FIRST in names else []) + [n for n in names if n != _FIRST]
        return write_package(
            Entry.deflate(name, replace[name] if name in replace else source.read(name))
            for name in ordered
        )


@dataclass(frozen=True, slots=True)
class Entry:
    """One zip member ready to be written: already deflated, with its checksum and sizes.

    Keeping members compressed is what lets a template render copy the parts that never change
    (styles, fonts, settings, images) into every output without inflating or deflating them.
    """

    name: str
    data: bytes
    crc: int
    size: int
    method: int = zipfile.ZIP_DEFLATED

    @classmethod
    def deflate(cls, name: str, *chunks: bytes, level: int = 6) -> Entry:
        """An entry for the concatenated ``chunks``, deflated at ``level`` (raw deflate, as zip
        stores it); chunks spare the copy of joining a large part first."""
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        data, crc, size = [], 0, 0
        for chunk in chunks:
            data.append(packer.compress(chunk))
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
        data.append(packer.flush())
        return cls(name, b"".join(data), crc, size)

    def inflate(self) -> bytes:
        """The member's content."""
        if self.method == zipfile.ZIP_DEFLATED:
            return zlib.decompress(self.data, -15)
        return self.data


def read_entries(data: bytes) -> dict[str, Entry]:
    """Every member of the zip ``data`` as an :class:`Entry`, deflated members kept as they are.

    The caller has checked that ``data`` is a zip; members are verified against their checksum
    here, once, so a corrupt template fails when it is loaded instead of in every output.
    """
    entries: dict[str, Entry] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            content = archive.read(info)  # checks the CRC
            start = info.header_offset
            name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
            offset = start + 30 + name_length + extra_length
            if info.compress_type == zipfile.ZIP_DEFLATED and not info.flag_bits & 0x1:
                raw = data[offset : offset + info.compress_size]
                entries[info.filename] = Entry(info.filename, raw, info.CRC, info.file_size)
            else:
                entries[info.filename] = Entry.deflate(info.filename, content)
    return entries


_DOS_DATE = (FIXED_ZIP_TIME[0] - 1980) << 9 | FIXED_ZIP_TIME[1] << 5 | FIXED_ZIP_TIME[2]
_UTF8_NAME = 0x800


def write_package(entries: Iterable[Entry]) -> bytes:
    """A zip archive of ``entries`` in the given order, with fixed times and attributes.

    Written by hand (the format is three small records) because :mod:`zipfile` cannot take
    members that are already compressed, and recompressing unchanged parts was half of what a
    render cost.
    """
    out = io.BytesIO()
    central = io.BytesIO()
    count = 0
    for entry in entries:
        name = entry.name.encode("utf-8")
        flags = 0 if name.isascii() else _UTF8_NAME
        offset = out.tell()
        if offset > 0xFFFFFFFF or len(entry.data) > 0xFFFFFFFF or entry.size > 0xFFFFFFFF:
            raise ValueError("document too large for a zip archive without ZIP64")
        fields = (20, flags, entry.method, 0, _DOS_DATE, entry.crc, len(entry.data), entry.size)
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, len(name), 0))
        out.write(name)
        out.write(entry.data)
        central.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                *fields,
                len(name),
                0,
                0,
                0,
                0,
                0o644 << 16,
                offset,
            )
        )
        central.write(name)
        count += 1
    if count > 0xFFFF:
        raise ValueError("too many parts for a zip archive without ZIP64")
    directory = central.getvalue()
    start = out.tell()
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), start, 0))
    return out.getvalue()
