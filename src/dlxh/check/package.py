"""Opening a Word file safely for checking.

Anything can arrive: a .doc from Word 97, a password-protected .docx, a .docm, an .odt, a
truncated download, a zip bomb, XML with external entities, a FIFO named ``.docx``. Every one of
them must end in a one-line :class:`~dlxh.errors.CheckError` naming the file and, where there is
one, the part (never a hang, a crash or a network access). So the file is identified before it is
unpacked (:mod:`dlxh.check.container`), and the parts are read within the limits of
:mod:`dlxh.check.limits` by :mod:`dlxh.check.xmlparts`, which refuses DTDs and never resolves
entities. Only the parts the rules use are read: the document, its styles, theme, relationships
and headers and footers; pictures and everything else are never unpacked.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import BinaryIO

from lxml import etree

from dlxh.check.container import (
    CONTENT_TYPES,
    OLE_MAGIC,
    encrypted_member,
    identify_compound,
    identify_head,
    main_part_problem,
    other_office_file,
    zip_entries,
)
from dlxh.check.limits import DEFAULT_LIMITS, CheckLimits
from dlxh.check.properties import qn
from dlxh.check.xmlparts import PartReader, shorten
from dlxh.errors import CheckError, InputError
from dlxh.files import check_regular

__all__ = [
    "DEFAULT_LIMITS",
    "MAX_FILE_BYTES",
    "MAX_PART_BYTES",
    "MAX_TOTAL_BYTES",
    "CheckLimits",
    "DocxPackage",
    "open_package",
]

_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

MAX_FILE_BYTES = DEFAULT_LIMITS.file_bytes
"""Largest .docx accepted."""
MAX_PART_BYTES = DEFAULT_LIMITS.document_bytes
"""Largest ``word/document.xml`` read once unpacked (other parts: ``DEFAULT_LIMITS.part_bytes``)."""
MAX_TOTAL_BYTES = DEFAULT_LIMITS.total_bytes
"""Largest total unpacked size of the XML parts read."""


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


@contextmanager
def _opened(
    source: str | os.PathLike[str] | bytes, limits: CheckLimits
) -> Iterator[tuple[BinaryIO, int, str]]:
    """(stream, size, name) of ``source``: a regular file opened without blocking (a FIFO or a
    device is refused before it is opened, and again through the descriptor), or the bytes."""
    if isinstance(source, bytes):
        if len(source) > limits.file_bytes:
            raise _fail(
                "<bytes>", f"{len(source):,} bytes, more than the {limits.file_bytes:,} allowed"
            )
        yield io.BytesIO(source), len(source), "<bytes>"
        return
    name = os.fspath(source)
    try:
        path = check_regular(source, "file")
    except InputError as exc:
        raise CheckError(str(exc).replace("expected a regular file", "not a .docx file")) from None
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _fail(name, f"cannot read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise _fail(name, "is not a regular file, so not a .docx file")
        if status.st_size > limits.file_bytes:
            raise _fail(
                name,
                f"file is {status.st_size:,} bytes, more than the {limits.file_bytes:,} allowed",
            )
        yield stream, status.st_size, name


def open_package(
    source: str | os.PathLike[str] | bytes, limits: CheckLimits = DEFAULT_LIMITS
) -> DocxPackage:
    """Open ``source`` (a path or the file's bytes) as a .docx, or raise :class:`CheckError`.

    ``limits`` bounds what is read (:class:`~dlxh.check.limits.CheckLimits`).
    """
    with _opened(source, limits) as (stream, size, name):
        try:
            head = stream.read(8)
            if head == OLE_MAGIC:
                raise _fail(name, identify_compound(stream, size))
            known = identify_head(head)
            if known is not None:
                raise _fail(name, known)
            entries = zip_entries(stream, size)
            stream.seek(0)
        except OSError as exc:
            raise _fail(name, f"cannot read: {exc.strerror or exc}") from None
        if entries is not None and entries > limits.entries:
            raise _fail(
                name,
                f"the zip lists {entries:,} entries, more than the {limits.entries:,} a .docx "
                "may have here; refusing",
            )
        try:
            archive = zipfile.ZipFile(stream)
        except zipfile.BadZipFile:
            raise _fail(name, "not a .docx file (not a zip archive, or truncated)") from None
        except Exception as exc:  # zipfile raises what its parsing meets (struct, Unicode...)
            raise _fail(name, f"not a .docx file ({type(exc).__name__})") from None
        with archive:
            return _read(archive, PartReader(archive, name, limits))


def _read(archive: zipfile.ZipFile, reader: PartReader) -> DocxPackage:
    name = reader.name
    names = set(archive.namelist())
    encrypted = encrypted_member(archive)
    if encrypted is not None:
        raise _fail(
            name,
            "is a password-protected (encrypted) zip archive, not a .docx (a .docx is never "
            "encrypted this way); unpack it with its password and check the .docx inside",
        )
    if "mimetype" in names:
        try:
            with archive.open("mimetype") as opened:
                mimetype = opened.read(100)
        except Exception:  # a damaged member says nothing about the type
            mimetype = b""
        if b"opendocument" in mimetype:
            raise _fail(
                name, "this is an OpenDocument (.odt) file, not a .docx; save it as .docx first"
            )
    content_types = reader.parse(CONTENT_TYPES) if CONTENT_TYPES in names else None
    if "word/document.xml" not in names:
        raise _fail(
            name, other_office_file(content_types) or "not a .docx file (no word/document.xml)"
        )
    # a .docm or .dotx is named before its document is read; a package without content types
    # is refused after, so that a hostile document.xml is refused for what it holds
    problem = main_part_problem(content_types, names) if content_types is not None else None
    if problem is not None:
        raise _fail(name, problem)
    document = reader.parse("word/document.xml")
    if content_types is None:
        raise _fail(name, str(main_part_problem(None, names)))
    styles = reader.parse("word/styles.xml") if "word/styles.xml" in names else None
    if styles is not None:
        _check_style_chains(styles, reader)
    theme = reader.parse("word/theme/theme1.xml") if "word/theme/theme1.xml" in names else None
    rels: dict[str, str] = {}
    parts: dict[str, etree._Element] = {}
    if "word/_rels/document.xml.rels" in names:
        relationships = reader.parse("word/_rels/document.xml.rels")
        for rel in relationships:
            target = str(rel.get("Target", ""))
            if rel.get("TargetMode") == "External":
                continue
            member = target.lstrip("/") if target.startswith("/") else f"word/{target}"
            rels[str(rel.get("Id", ""))] = member
            if (
                member in names
                and member not in parts
                and ("header" in member or "footer" in member)
            ):
                parts[member] = reader.parse(member)
    for extra in ("word/settings.xml", "docProps/app.xml"):  # even headers on? Word's page count
        if extra in names:
            parts[extra] = reader.parse(extra)  # under the same guards as every part
    _check_sections(document, parts, rels, reader)
    return DocxPackage(
        name=name, document=document, styles=styles, theme=theme, parts=parts, rels=rels
    )


def _check_style_chains(styles: etree._Element, reader: PartReader) -> None:
    """Refuse styles based on one another beyond ``limits.style_depth``: the rules follow the
    chain for every run, so 20,000 chained styles made a one-page document take 22 s. Each
    style's chain is followed as the rules do (to a missing style, or to a style met before) and
    at most one step past the limit."""
    based: dict[str, str | None] = {}
    for style in styles.iter(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        if style_id is not None:
            parent = style.find(qn("w:basedOn"))
            value = None if parent is None else parent.get(qn("w:val"))
            based[str(style_id)] = None if value is None else str(value)
    limit = reader.limits.style_depth
    for start, parent_id in based.items():
        chain, current = {start}, parent_id
        while current is not None and current in based and current not in chain:
            if len(chain) == limit:
                raise reader.fail(
                    f"word/styles.xml has a chain of more than {limit} styles based on one "
                    f"another (from {shorten(start, 60)!r}); {reader.limits.describe()}"
                )
            chain.add(current)
            current = based[current]


def _check_sections(
    document: etree._Element,
    parts: dict[str, etree._Element],
    rels: dict[str, str],
    reader: PartReader,
) -> None:
    """Refuse more than ``limits.sections`` sections, or sections repeating their headers beyond
    ``limits.runs`` runs in all: the rules report each section's page on its own (49,000
    sections made 245,000 findings and 530 MB) and read its headers again (2,000 sections
    sharing a header of 1,000 runs took 170 s). Sections and their header references are found
    as :class:`~dlxh.check.layout.DocumentView` finds them."""
    body = document.find(qn("w:body"))
    if body is None:
        return
    found = [p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") for p in body.findall(qn("w:p"))]
    found.append(body.find(qn("w:sectPr")))
    sections = [s for s in found if s is not None]
    if len(sections) > reader.limits.sections:
        raise reader.fail(
            f"the document has {len(sections):,} sections, more than the checker's limit of "
            f"{reader.limits.sections:,}"
        )
    runs = {name: sum(1 for _ in root.iter(qn("w:r"))) for name, root in parts.items()}
    total = 0
    for section in sections:
        headers = {
            str(ref.get(qn("w:type"), "default")): rels[str(ref.get(_REL_ID, ""))]
            for ref in section.findall(qn("w:headerReference"))
            if str(ref.get(_REL_ID, "")) in rels
        }
        total += sum(runs.get(part, 0) for part in headers.values())
        if total > reader.limits.runs:
            raise reader.fail(
                f"the document's sections repeat their headers with more than "
                f"{reader.limits.runs:,} runs in all; {reader.limits.describe()}"
            )
