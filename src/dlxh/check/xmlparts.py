"""Reading the XML parts of an untrusted .docx: decoded as XML says, never a DTD, always bounded.

A DTD is refused by three independent means, so that no single trick gets one through:

* the part is first decoded by its byte order mark (UTF-8 or UTF-16, the only encodings OOXML
  allows; UTF-16 is transcoded) and any other declared encoding is refused, so the scan below
  and the parser see the same characters;
* the prolog (XML declaration, comments, processing instructions, however long) is skipped with a
  possessive regular expression and a ``<!DOCTYPE`` after it is refused: XML allows a DTD
  nowhere else;
* the parser never loads a DTD, resolves an entity or touches the network, and the parsed tree is
  refused if libxml2 saw a doctype anyway.

Sizes are checked before unpacking (declared size and compression ratio), while unpacking (never
more than the limit is read), and elements are counted in the bytes before parsing, so lxml never
builds a tree larger than the limits allow.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from lxml import etree

from dlxh.check.limits import CheckLimits
from dlxh.check.properties import qn
from dlxh.errors import CheckError

__all__ = ["PartReader", "shorten"]

_PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_blank_text": False,
    "encoding": "utf-8",  # every part is UTF-8 by the time it is parsed: the declaration is ignored
}
_P = qn("w:p")
_R = qn("w:r")
_TRACKED = (_P, _R, *(qn(f"w:{name}") for name in ("t", "tab", "br", "cr")))
"""Counted while parsing: paragraphs, runs, and (for their depth) the nodes the rules walk up
from (runs and the text nodes of layout.paragraph_text)."""
_PROLOG = re.compile(rb"(?:[ \t\r\n]++|<\?.*?\?>|<!--.*?-->)*+", re.DOTALL)
_DECLARED = re.compile(rb"<\?xml[^>]*?\sencoding\s*=\s*[\"']([^\"']{0,40})[\"']")
_UTF8 = {"utf-8", "utf8"}
_UTF16 = {"utf-16", "utf16", "utf-16le", "utf-16be", "unicode"}
_MB = 1_000_000
_SHORT = 200


def shorten(text: str, limit: int = _SHORT) -> str:
    """``text`` on one line, cut to ``limit`` characters: messages may quote hostile input."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else f"{flat[: limit - 1]}…"


class PartReader:
    """Reads parts of one open package against one set of limits, keeping the running totals."""

    def __init__(self, archive: zipfile.ZipFile, name: str, limits: CheckLimits) -> None:
        self.archive = archive
        self.name = name
        self.limits = limits
        self._bytes = 0
        self._elements = 0
        self._paragraphs = 0
        self._runs = 0
        self._nesting = 0

    def fail(self, reason: str) -> CheckError:
        return CheckError(f"{self.name}: {reason}")

    def _too_big(self, what: str, limit: int, member: str) -> CheckError:
        return self.fail(
            f"{shorten(member, 80)} brings the {what} above the checker's limit of {limit:,}; "
            f"{self.limits.describe()}"
        )

    # -- bytes ---------------------------------------------------------------------------------
    def read(self, member: str) -> bytes:
        """The unpacked bytes of ``member``, refused when a limit would be passed."""
        where = shorten(member, 80)
        info = self.archive.getinfo(member)
        limit = (
            self.limits.document_bytes if member == "word/document.xml" else self.limits.part_bytes
        )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise self.fail(
                f"{where} is compressed with method {info.compress_type}, which Word never "
                "uses; refusing"
            )
        if (
            info.compress_size
            and info.file_size > _MB
            and info.file_size / info.compress_size > self.limits.ratio
        ):
            raise self.fail(
                f"{where} is compressed {info.file_size // info.compress_size}:1; "
                "refusing (zip bomb?)"
            )
        if info.file_size > limit:
            raise self.fail(
                f"{where} unpacks to {info.file_size:,} bytes, above the checker's limit of "
                f"{limit:,}; {self.limits.describe()}"
            )
        self._bytes += info.file_size
        if self._bytes > self.limits.total_bytes:
            raise self._too_big("unpacked XML bytes", self.limits.total_bytes, member)
        try:
            with self.archive.open(member) as stream:
                data = stream.read(limit + 1)
        except zipfile.BadZipFile as exc:  # a bad CRC, a damaged local header
            raise self.fail(f"{where} is damaged ({shorten(str(exc))})") from None
        except (OSError, EOFError, zipfile.LargeZipFile, ValueError, RuntimeError) as exc:
            raise self.fail(
                f"{where} cannot be unpacked ({shorten(str(exc)) or type(exc).__name__})"
            ) from None
        if len(data) > limit:
            raise self.fail(f"{where} is larger than its zip entry claims; refusing (zip bomb?)")
        return data

    # -- XML -----------------------------------------------------------------------------------
    def parse(self, member: str) -> etree._Element:
        """``member`` read and parsed, with every guard of this module applied."""
        data = self._utf8(self.read(member), member)
        where = shorten(member, 80)
        prolog = _PROLOG.match(data)
        if data.startswith(b"<!DOCTYPE", prolog.end() if prolog else 0):
            raise self._dtd(where)
        self._elements += data.count(b"<") - data.count(b"</")  # every element opens with "<"
        if self._elements > self.limits.elements:
            raise self._too_big("XML elements", self.limits.elements, member)
        root = self._tree(data, member)
        info: Any = root.getroottree().docinfo  # lxml-stubs' DocInfo lacks doctype
        if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
            raise self._dtd(where)
        return root

    def _tree(self, data: bytes, member: str) -> etree._Element:
        """The parsed part, counting paragraphs, runs and the depth of runs and text nodes as
        they are met: a part with too many is refused before the rest of its tree is built."""
        events = etree.iterparse(
            io.BytesIO(data), events=("start",), tag=_TRACKED, **_PARSER_OPTIONS
        )
        limits = self.limits
        paragraphs, runs, nesting = self._paragraphs, self._runs, self._nesting
        try:
            for _, element in events:
                if element.tag == _P:
                    paragraphs += 1
                    if paragraphs > limits.paragraphs:
                        raise self._too_big("paragraphs", limits.paragraphs, member)
                    continue
                if element.tag == _R:
                    runs += 1
                    if runs > limits.runs:
                        raise self._too_big("runs", limits.runs, member)
                nesting += sum(1 for _ in element.iterancestors())  # they exist at its start
                if nesting > limits.nesting:
                    raise self._too_big("nesting of runs and text", limits.nesting, member)
        except etree.XMLSyntaxError as exc:
            where = shorten(member, 80)
            raise self.fail(f"{where} is not well-formed XML ({shorten(str(exc.msg))})") from None
        self._paragraphs, self._runs, self._nesting = paragraphs, runs, nesting
        root: etree._Element = events.root
        return root

    def _dtd(self, where: str) -> CheckError:
        return self.fail(f"{where} declares a DTD or entities, which a .docx never does; refusing")

    def _utf8(self, data: bytes, member: str) -> bytes:
        """``data`` as UTF-8 without a byte order mark, decoded by its mark or its first bytes;
        a part in any other encoding, or declaring one it is not in, is refused."""
        where = shorten(member, 80)
        if data[:4] in (
            b"\xff\xfe\x00\x00",
            b"\x00\x00\xfe\xff",
            b"<\x00\x00\x00",
            b"\x00\x00\x00<",
        ):
            raise self.fail(f"{where} is in UTF-32; the parts of a .docx are UTF-8 or UTF-16")
        family, codec, skip = _UTF8, "utf-8", 0
        if data.startswith(b"\xef\xbb\xbf"):
            skip = 3
        elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
            family, codec, skip = _UTF16, "utf-16", 0  # the codec reads and drops the mark
        elif data.startswith(b"<\x00"):
            family, codec = _UTF16, "utf-16-le"
        elif data.startswith(b"\x00<"):
            family, codec = _UTF16, "utf-16-be"
        if family is _UTF16:
            try:
                data = data.decode(codec).encode("utf-8")
            except UnicodeError:
                raise self.fail(f"{where} is not valid UTF-16") from None
        else:
            data = data[skip:]
        declared = _DECLARED.match(data)
        if declared is not None:
            name = declared.group(1).decode("ascii", errors="replace").strip().casefold()
            if name not in family:
                actual = "UTF-8" if family is _UTF8 else "UTF-16"
                raise self.fail(
                    f"{where} declares the encoding {shorten(name, 40)!r} but is in {actual}; "
                    "the parts of a .docx are UTF-8 or UTF-16"
                )
        return data
