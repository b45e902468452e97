"""What an OLE compound file (CFB) holds, told by the names in its directory.

Word 97-2003 files, Excel and PowerPoint 97-2003 files *and* password-protected .docx files are
all compound files with the same 8-byte signature, so the signature alone cannot say which. The
directory can: an encrypted .docx holds the streams ``EncryptionInfo`` and ``EncryptedPackage``,
a .doc holds ``WordDocument``. Only the header, the FAT and the directory sectors are read, each
sector at most once, so a damaged or hostile file costs at most one pass over itself.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

__all__ = ["OLE_MAGIC", "CfbError", "directory_names"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END = 0xFFFFFFFE
_LAST_SECTOR = 0xFFFFFFF9  # above it: the special values (FAT sector, end of chain, free...)
_HEADER_DIFAT = 109
_ENTRY = 128


class CfbError(ValueError):
    """The compound file's header, FAT or directory cannot be read."""


def _sector(stream: BinaryIO, size: int, shift: int, number: int) -> bytes:
    offset = (number + 1) << shift
    if offset + (1 << shift) > size:
        raise CfbError(f"sector {number} lies beyond the end of the file")
    stream.seek(offset)
    data = stream.read(1 << shift)
    if len(data) != 1 << shift:
        raise CfbError("the file is truncated")
    return data


def _fat(stream: BinaryIO, size: int, shift: int, header: bytes) -> list[int]:
    """The FAT: the header's 109 FAT sector numbers, then the DIFAT chain's."""
    per_sector = (1 << shift) // 4
    fat_count = struct.unpack_from("<I", header, 0x2C)[0]
    next_difat, difat_count = struct.unpack_from("<2I", header, 0x44)
    sectors = [
        n for n in struct.unpack_from(f"<{_HEADER_DIFAT}I", header, 0x4C) if n <= _LAST_SECTOR
    ]
    seen = 0
    while next_difat < _END and seen < min(difat_count, size >> shift):
        entries = struct.unpack(f"<{per_sector}I", _sector(stream, size, shift, next_difat))
        sectors.extend(n for n in entries[:-1] if n <= _LAST_SECTOR)
        next_difat, seen = entries[-1], seen + 1
    if len(sectors) > size >> shift:
        raise CfbError("the FAT claims more sectors than the file holds")
    fat: list[int] = []
    for number in sectors[:fat_count]:
        fat.extend(struct.unpack(f"<{per_sector}I", _sector(stream, size, shift, number)))
    return fat


def directory_names(stream: BinaryIO, size: int) -> set[str]:
    """The names of every storage and stream in the compound file ``stream`` of ``size`` bytes.

    Raises :class:`CfbError` when the header or the directory chain cannot be followed.
    """
    stream.seek(0)
    header = stream.read(512)
    if len(header) < 512 or not header.startswith(OLE_MAGIC):
        raise CfbError("the compound file header is truncated")
    shift = struct.unpack_from("<H", header, 0x1E)[0]
    if shift not in (9, 12):
        raise CfbError(f"sector size 2**{shift} is not one a compound file uses")
    fat = _fat(stream, size, shift, header)
    names: set[str] = set()
    number, visited = struct.unpack_from("<I", header, 0x30)[0], set()
    while number < _END:
        if number in visited or number >= len(fat):
            raise CfbError("the directory chain is broken")
        visited.add(number)
        data = _sector(stream, size, shift, number)
        for offset in range(0, len(data), _ENTRY):
            length, kind = struct.unpack_from("<HB", data, offset + 64)
            if kind in (1, 2, 5) and 2 <= length <= 64:  # storage, stream, root
                raw = data[offset : offset + length - 2]
                names.add(raw.decode("utf-16-le", errors="replace"))
        number = fat[number]
    return names
