"""Opening a Word file safely for checking.

Anything can arrive: a .doc from Word 97, an .odt, a truncated download, a zip bomb, XML with
external entities. Every one of them must end in a one-line :class:`~dlxh.errors.CheckError`
(never a hang, a crash or a network access), so the package is inspected before any part is
parsed: sizes are bounded, DTDs are refused, and the XML parser never resolves entities.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from dlxh.errors import CheckError

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_PART_BYTES",
    "MAX_TOTAL_BYTES",
    "DocxPackage",
    "open_package",
]

MAX_FILE_BYTES = 100 * 1024 * 1024
"""Largest .docx accepted."""
MAX_PART_BYTES = 200 * 1024 * 1024
"""Largest uncompressed XML part read (a 1,000-page report's document.xml is ~20 MB)."""
MAX_TOTAL_BYTES = 500 * 1024 * 1024
"""Largest total uncompressed size of the XML parts read; beyond it, a zip bomb is assumed."""
_MAX_RATIO = 200  # compression ratio above which an entry is treated as a bomb

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    remove_blank_text=False,
)


@dataclass
class DocxPackage:
    """The parsed XML parts of a .docx that the checker needs."""

    name: str
    document: etree._Element
    styles: etree._Element | None
    theme: etree._Element | None
    parts: dict[str, etree._Element] = field(default_factory=dict)
    rels: dict[str, str] = field(default_factory=dict)
    """Relationship id to target part name (``word/header1.xml``) of the main document."""

    def part(self, name: str) -> etree._Element | None:
        return self.parts.get(name)


def _fail(name: str, reason: str) -> CheckError:
    return CheckError(f"{name}: {reason}")


def _read_bytes(source: str | os.PathLike[str] | bytes) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, "<bytes>"
    path = Path(source)
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _fail(name, "no such file") from None
    except OSError as exc:
        raise _fail(name, f"cannot read: {exc.strerror or exc}") from None
    if path.is_dir():
        raise _fail(name, "is a directory, not a .docx file")
    if size > MAX_FILE_BYTES:
        raise _fail(name, f"file is {size:,} bytes, more than the {MAX_FILE_BYTES:,} allowed")
    try:
        return path.read_bytes(), name
    except OSError as exc:
        raise _fail(name, f"cannot read: {exc.strerror or exc}") from None


def _parse(archive: zipfile.ZipFile, member: str, name: str, budget: list[int]) -> etree._Element:
    info = archive.getinfo(member)
    if info.file_size > MAX_PART_BYTES:
        raise _fail(name, f"{member} unpacks to {info.file_size:,} bytes; refusing (zip bomb?)")
    if (
        info.compress_size
        and info.file_size / info.compress_size > _MAX_RATIO
        and info.file_size > 1_000_000
    ):
        raise _fail(
            name,
            f"{member} is compressed {info.file_size // info.compress_size}:1; "
            "refusing (zip bomb?)",
        )
    budget[0] -= info.file_size
    if budget[0] < 0:
        raise _fail(
            name, f"the XML parts unpack to more than {MAX_TOTAL_BYTES:,} bytes (zip bomb?)"
        )
    try:
        with archive.open(member) as stream:
            data = stream.read(MAX_PART_BYTES + 1)
    except (zipfile.BadZipFile, OSError, EOFError, zipfile.LargeZipFile) as exc:
        raise _fail(name, f"{member} is damaged ({exc})") from None
    except Exception as exc:
        raise _fail(name, f"{member} cannot be unpacked ({type(exc).__name__})") from None
    if len(data) > MAX_PART_BYTES:
        raise _fail(name, f"{member} is larger than it claims; refusing (zip bomb?)")
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
        raise _fail(
            name, f"{member} declares a DTD or entities, which a .docx never does; refusing"
        )
    try:
        return etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise _fail(name, f"{member} is not well-formed XML ({exc.msg})") from None


def open_package(source: str | os.PathLike[str] | bytes) -> DocxPackage:
    """Open ``source`` (a path or the file's bytes) as a .docx, or raise :class:`CheckError`."""
    data, name = _read_bytes(source)
    if data.startswith(_OLE_MAGIC):
        raise _fail(name, "this is a .doc file (Word 97-2003), not a .docx; save it as .docx first")
    if data[:5] == b"{\\rtf":
        raise _fail(name, "this is an RTF file, not a .docx; save it as .docx first")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _fail(name, "not a .docx file (not a zip archive, or truncated)") from None
    except Exception as exc:
        raise _fail(name, f"not a .docx file ({type(exc).__name__})") from None
    with archive:
        try:
            names = set(archive.namelist())
        except Exception as exc:
            raise _fail(name, f"the zip directory is damaged ({type(exc).__name__})") from None
        if "mimetype" in names:
            try:
                mimetype = archive.read("mimetype")[:100]
            except Exception:
                mimetype = b""
            if b"opendocument" in mimetype:
                raise _fail(
                    name, "this is an OpenDocument (.odt) file, not a .docx; save it as .docx first"
                )
        if "word/document.xml" not in names:
            raise _fail(name, "not a .docx file (no word/document.xml)")
        budget = [MAX_TOTAL_BYTES]
        document = _parse(archive, "word/document.xml", name, budget)
        styles = (
            _parse(archive, "word/styles.xml", name, budget) if "word/styles.xml" in names else None
        )
        theme = (
            _parse(archive, "word/theme/theme1.xml", name, budget)
            if "word/theme/theme1.xml" in names
            else None
        )
        rels: dict[str, str] = {}
        parts: dict[str, etree._Element] = {}
        if "word/_rels/document.xml.rels" in names:
            relationships = _parse(archive, "word/_rels/document.xml.rels", name, budget)
            for rel in relationships:
                target = str(rel.get("Target", ""))
                if rel.get("TargetMode") == "External":
                    continue
                member = target.lstrip("/") if target.startswith("/") else f"word/{target}"
                rels[str(rel.get("Id", ""))] = member
                if member in names and ("header" in member or "footer" in member):
                    parts[member] = _parse(archive, member, name, budget)
    return DocxPackage(
        name=name, document=document, styles=styles, theme=theme, parts=parts, rels=rels
    )
