"""Finding a DTD in an XML part before any parser reads it.

A document type declaration is what entity expansion ("billion laughs"), external entities and
external DTDs need, and the XML parsers behind openpyxl (expat through ``xml.etree`` for sheets,
lxml for the rest) process internal DTDs. No part of an Office file needs one, so dlxh refuses
any part that declares one, before a parser sees it.

Searching the first few kilobytes for ``<!DOCTYPE`` is not enough: the declaration may follow a
long comment, and the part may be UTF-16 or UTF-32, where the bytes ``<!DOCTYPE`` never occur.
So :func:`dtd_reason` reads the prolog the way a parser does: it detects the encoding from the
byte order mark, from the NUL pattern of the first bytes or from the XML declaration, decodes
incrementally, skips the XML declaration, processing instructions, comments (however long) and
white space, and stops at the first element, since a DTD is only allowed before it (a
``<!DOCTYPE`` after the root element is a syntax error for every parser). Any other ``<!``
markup in the prolog is refused too. When parsers could disagree about the encoding (a
declaration naming an encoding in ASCII-looking bytes), the prolog is read both ways and refused
if either finds a DTD; an encoding Python does not know is refused, since it cannot be checked.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from typing import IO

__all__ = ["dtd_reason"]

_CHUNK = 4096
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
_NUL_PATTERNS = (  # "<" in a wide encoding without a byte order mark (XML 1.0, appendix F)
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
_UNCHECKED = (  # "<" in encodings a parser may detect but that dlxh does not read
    (b"\x4c\x6f\xa7\x94", "EBCDIC"),
    (b"\x00\x00<\x00", "UCS-4 (2143)"),
    (b"\x00<\x00\x00", "UCS-4 (3412)"),
)
_DECLARED = re.compile(
    rb"""^[ \t\r\n]*<\?xml[^>]*?encoding[ \t\r\n]*=[ \t\r\n]*["']([^"'>]{1,64})"""
)
_SPACE = " \t\r\n"


class _UncheckedError(Exception):
    """The part is in an encoding whose prolog dlxh cannot read."""


def _encodings(head: bytes) -> list[str]:
    """The encodings a parser could read this part in (the first is the likeliest)."""
    for pattern, name in _UNCHECKED:
        if head.startswith(pattern):
            raise _UncheckedError(name)
    for bom, name in _BOMS:
        if head.startswith(bom):
            return [name]
    for pattern, name in _NUL_PATTERNS:
        if head.startswith(pattern):
            return [name]
    found = _DECLARED.match(head)
    # ISO-8859-1 decodes any byte and keeps ASCII as it is: the view of every ASCII-based
    # encoding, and of UTF-8, for the markup a prolog is made of.
    names = ["latin-1"]
    if found:
        declared = found.group(1).decode("ascii", "replace").strip()
        names.append(declared)
    return names


def _text(stream: IO[bytes], encoding: str) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    while chunk := stream.read(_CHUNK):
        yield decoder.decode(chunk)
    yield decoder.decode(b"", final=True)


class _Prolog:
    """A text stream read forward, keeping only what has not been skipped yet."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self._chunks = chunks
        self.buf = ""
        self.eof = False

    def fill(self, size: int) -> bool:
        """Read until at least ``size`` characters are buffered; False at the end."""
        while len(self.buf) < size and not self.eof:
            chunk = next(self._chunks, None)
            if chunk is None:
                self.eof = True
            else:
                self.buf += chunk
        return len(self.buf) >= size

    def skip_past(self, end: str) -> bool:
        """Drop everything up to and including ``end``; False if the text ends first."""
        while True:
            index = self.buf.find(end)
            if index >= 0:
                self.buf = self.buf[index + len(end) :]
                return True
            if self.eof:
                return False
            self.buf = self.buf[-(len(end) - 1) :]
            self.fill(len(self.buf) + 1)

    def has_dtd(self) -> bool:
        self.fill(1)
        self.buf = self.buf.removeprefix("\ufeff")
        while True:
            self.buf = self.buf.lstrip(_SPACE)
            if not self.buf:
                if self.eof:
                    return False
                self.fill(1)
                continue
            if self.buf[0] != "<":
                return False  # not XML at all: every parser refuses it before any DTD
            self.fill(4)
            # The terminator is searched after the opener: "<!-->" does not end a comment.
            if self.buf.startswith("<!--"):
                self.buf = self.buf[4:]
                if not self.skip_past("-->"):
                    return False
            elif self.buf.startswith("<?"):
                self.buf = self.buf[2:]
                if not self.skip_past("?>"):
                    return False
            else:
                return self.buf.startswith("<!")  # <!DOCTYPE (any case), or the root element


def dtd_reason(open_part: Callable[[], IO[bytes]]) -> str | None:
    """Why the XML part that ``open_part()`` opens must be refused, or None.

    ``open_part`` is called once per encoding tried and must return a fresh binary stream
    (the caller bounds its size). The reason is ``"declares a DTD (<!DOCTYPE ...>)"``, with the
    encoding it was found in when that is not the obvious one, or names an unknown encoding.
    """
    with open_part() as stream:
        head = stream.read(256)
    try:
        names = _encodings(head)
    except _UncheckedError as exc:
        return f"is encoded in {exc}, which cannot be checked; Office files are UTF-8"
    for index, name in enumerate(names):
        try:
            codecs.lookup(name)
        except LookupError:
            return f"declares the encoding {name[:64]!r}, which cannot be checked"
        with open_part() as stream:
            if _Prolog(_text(stream, name)).has_dtd():
                shown = "" if index == 0 and name in ("latin-1", "utf-8") else f" (read as {name})"
                return f"declares a DTD (<!DOCTYPE ...>){shown}; Office files never need one"
    return None
