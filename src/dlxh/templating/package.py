"""Deterministic .docx packaging: the same document gives the same bytes, every time.

python-docx stamps every zip entry with the current time and the core properties with "now", so
two renders of one input differ. Official documents are archived and compared, and tests compare
outputs, so dlxh rewrites the package with fixed entry times and a fixed member order.
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dlxh.errors import InputError
from dlxh.quoting import cut

__all__ = [
    "DEFAULT_LIMITS",
    "FIXED_ZIP_TIME",
    "Entry",
    "PackageLimits",
    "member_name_problem",
    "normalize_docx",
    "read_entries",
    "write_package",
]

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


@dataclass(frozen=True, slots=True)
class PackageLimits:
    """Bounds on a .docx package read from untrusted hands (a template, a file to convert).

    A zip archive says how large its members are; a small file can claim (and deflate to)
    gigabytes, or hold a document.xml of millions of empty paragraphs that compresses a
    thousand to one. The sizes are checked from the archive's directory before anything is
    inflated, and :mod:`zipfile` never inflates a member past its declared size.
    """

    max_bytes: int = 64 * 1024 * 1024
    """The archive itself (a template is a few dozen kilobytes; images make it larger)."""
    max_unpacked: int = 256 * 1024 * 1024
    """All members together, inflated."""
    max_xml: int = 16 * 1024 * 1024
    """All XML members together, inflated: what loading parses and keeps in memory (16 MiB of
    body XML, some two thousand pages, takes about 10 s and 1.5 GB to load)."""
    max_ratio: float = 200.0
    """Inflated size over compressed size of one member larger than :attr:`ratio_floor`;
    Word's XML deflates ten to twenty times, a zip bomb a thousand times."""
    ratio_floor: int = 1024 * 1024
    """Members smaller than this may have any ratio (small runs of identical bytes do)."""
    max_members: int = 10_000
    """Members of the archive."""


DEFAULT_LIMITS = PackageLimits()
"""The limits used when none are given."""

_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


def member_name_problem(name: str) -> str | None:
    """Why the zip member ``name`` cannot be a part of a package, or None when it can.

    A part name is a relative path of non-empty segments (OPC, ISO/IEC 29500-2 §6.2.2). A
    member named ``../../evil.xml``, ``/etc/x``, ``C:x``, ``a\\b`` or ``a\\0b`` would be copied
    into every output and written wherever an unzip tool puts it; Python's :mod:`zipfile` even
    cuts a name at its NUL, so two different members can come out under one name.
    """
    if not name:
        return "an empty name"
    if "\x00" in name:
        return "a NUL character in its name"
    if _CONTROL_CHARS.search(name):
        return "a control character in its name"
    if "\\" in name:
        return "a backslash in its name"
    if name.startswith("/") or _WINDOWS_DRIVE.match(name):
        return "an absolute path"
    segments = name.removesuffix("/").split("/")
    if any(segment in {"", ".", ".."} for segment in segments):
        return "an empty, '.' or '..' path segment"
    if any(segment.endswith(".") for segment in segments):
        return "a path segment ending with '.'"
    return None


def read_entries(
    data: bytes, name: str = "<package>", limits: PackageLimits = DEFAULT_LIMITS
) -> dict[str, Entry]:
    """Every member of the zip ``data`` as an :class:`Entry`, deflated members kept as they are.

    The archive is refused with an :class:`~dlxh.errors.InputError` naming ``name`` and the
    member when it is not a zip, is encrypted, is damaged (a member fails its checksum or does
    not inflate), has a member name that is not a safe relative path or appears twice (ignoring
    case, as OPC part names compare), or goes past ``limits``. Members are verified here, once,
    so a corrupt template fails when it is loaded instead of in every output.
    """
    if len(data) > limits.max_bytes:
        raise InputError(f"larger than {limits.max_bytes:,} bytes", path=name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise InputError("not a .docx file (not a zip archive)", path=name) from None
    with archive:
        infos = archive.infolist()
        _check_directory(infos, name, limits)
        entries: dict[str, Entry] = {}
        for info in infos:
            if not info.is_dir():
                entries[info.filename] = _entry(archive, info, data, name)
    return entries


def _quoted(member: str) -> str:
    return cut(repr(member)[1:-1])


def _check_directory(infos: list[zipfile.ZipInfo], name: str, limits: PackageLimits) -> None:
    """The checks that need only the archive's directory: names, encryption, sizes."""
    if len(infos) > limits.max_members:
        raise InputError(f"has {len(infos):,} members; at most {limits.max_members:,}", path=name)
    seen: dict[str, str] = {}
    unpacked = xml = 0
    for info in infos:
        member = info.orig_filename  # before zipfile cuts it at a NUL
        problem = member_name_problem(member)
        if problem is not None:
            raise InputError(f"unsafe member name '{_quoted(member)}' ({problem})", path=name)
        key = unicodedata.normalize("NFC", member).casefold()
        if key in seen:
            also = "" if seen[key] == member else f" (also as '{_quoted(seen[key])}')"
            raise InputError(f"the member '{_quoted(member)}' appears twice{also}", path=name)
        seen[key] = member
        if info.flag_bits & 0x1:
            raise InputError(
                f"is encrypted or password-protected (member '{_quoted(member)}'); "
                "remove the password and save it again",
                path=name,
            )
        unpacked += info.file_size
        if member.endswith((".xml", ".rels")):
            xml += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor and ratio > limits.max_ratio:
            raise InputError(
                f"the member '{_quoted(member)}' inflates {ratio:,.0f} times "
                f"(to {info.file_size:,} bytes); at most {limits.max_ratio:,.0f} (zip bomb?)",
                path=name,
            )
    if unpacked > limits.max_unpacked:
        raise InputError(
            f"unpacks to {unpacked:,} bytes; at most {limits.max_unpacked:,} (zip bomb?)", path=name
        )
    if xml > limits.max_xml:
        raise InputError(f"holds {xml:,} bytes of XML; at most {limits.max_xml:,}", path=name)


def _entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes, name: str) -> Entry:
    """The member as an :class:`Entry`, its checksum verified by inflating it once."""
    member = _quoted(info.orig_filename)
    try:
        content = archive.read(info)  # checks the CRC, never inflates past file_size
        start = info.header_offset
        name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
    except NotImplementedError:
        raise InputError(
            f"the member '{member}' uses a compression method Word does not write", path=name
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, struct.error, OSError) as exc:
        why = "its checksum does not match" if "CRC" in str(exc) else "it does not unpack"
        raise InputError(f"damaged: the member '{member}' is corrupt ({why})", path=name) from None
    offset = start + 30 + name_length + extra_length
    if info.compress_type == zipfile.ZIP_DEFLATED:
        raw = data[offset : offset + info.compress_size]
        return Entry(info.filename, raw, info.CRC, info.file_size)
    return Entry.deflate(info.filename, content)


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
