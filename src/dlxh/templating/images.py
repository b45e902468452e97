"""The images docxtpl's ``InlineImage`` inserts, read and drawn without repeating work.

Each ``{{ image }}`` asks the part being rendered for a ``wp:inline`` drawing
(``new_pic_inline``). python-docx reads the file, hashes it, parses its header for the size in
pixels and builds the drawing from XML snippets, for every image of every document: on
docxtpl's own inline-image test that was two thirds of a render. Two things here are the same
each time the same picture comes back, and are kept:

* what the bytes say (the header: format, pixel size, resolution; and the SHA-1 the render uses
  to store one copy per package), keyed by the bytes themselves, so a file that changed between
  two renders is read anew and a different picture can never be taken for a known one;
* the drawing for one relationship id, file name and size, copied for each use (the caller may
  change the element it gets).

The file is still read on every render, as docxtpl reads it: only the work done on its bytes is
spared. Both caches are bounded and locked, since one template serves many threads.
"""

from __future__ import annotations

import copy
import os
import threading
from collections import OrderedDict
from typing import IO

from docx.image.image import Image
from docx.oxml.shape import CT_Inline
from docx.shared import Length

__all__ = ["MAX_HELD", "clear", "image_from", "image_of", "pic_inline"]

MAX_HELD = 16 * 1024 * 1024
"""Bytes of image content whose headers are kept, at most."""
_MAX_DRAWINGS = 512


class _Image(Image):
    """python-docx's image with its SHA-1 computed once (the render asks for it three times)."""

    def __init__(self, blob: bytes, filename: str, known: Image, sha1: str) -> None:
        super().__init__(blob, filename, known._image_header)
        self._sha1 = sha1

    @property
    def sha1(self) -> str:
        return self._sha1


class _Kept:
    """The headers of image bytes seen, and the drawings built: bounded, locked."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.known: OrderedDict[bytes, tuple[Image, str]] = OrderedDict()
        self.held = 0
        self.drawings: OrderedDict[tuple[str, str, int, int], CT_Inline] = OrderedDict()

    def image(self, blob: bytes, filename: str | None) -> Image:
        with self.lock:
            found = self.known.get(blob)
            if found is not None:
                self.known.move_to_end(blob)
        if found is None:
            parsed = Image.from_blob(blob)  # UnrecognizedImageError as python-docx raises it
            found = (parsed, parsed.sha1)
            if len(blob) <= MAX_HELD // 4:
                self._keep(blob, found)
        known, sha1 = found
        return _Image(blob, filename or known.filename, known, sha1)

    def _keep(self, blob: bytes, found: tuple[Image, str]) -> None:
        with self.lock:
            if blob not in self.known:
                self.known[blob] = found
                self.held += len(blob)
            while self.held > MAX_HELD and self.known:
                dropped, _ = self.known.popitem(last=False)
                self.held -= len(dropped)

    def drawing(self, rid: str, filename: str, cx: Length, cy: Length) -> CT_Inline:
        key = (rid, filename, int(cx), int(cy))
        with self.lock:
            drawing = self.drawings.get(key)
            if drawing is not None:
                self.drawings.move_to_end(key)
        if drawing is None:
            drawing = CT_Inline.new_pic_inline(1, rid, filename, cx, cy)
            with self.lock:
                self.drawings[key] = drawing
                while len(self.drawings) > _MAX_DRAWINGS:
                    self.drawings.popitem(last=False)
        fresh: CT_Inline = copy.deepcopy(drawing)
        return fresh

    def clear(self) -> None:
        with self.lock:
            self.known.clear()
            self.drawings.clear()
            self.held = 0


_KEPT = _Kept()


def _read(descriptor: str | IO[bytes]) -> tuple[bytes, str | None]:
    """The bytes and file name python-docx's ``Image.from_file`` would take."""
    if isinstance(descriptor, str):
        with open(descriptor, "rb") as file:
            return file.read(), os.path.basename(descriptor)
    descriptor.seek(0)
    return descriptor.read(), None


def image_from(descriptor: str | IO[bytes]) -> Image:
    """``Image.from_file(descriptor)``: a path or a binary stream, read now; the header of bytes
    already seen is not parsed again."""
    blob, filename = _read(descriptor)
    return _KEPT.image(blob, filename)


def image_of(blob: bytes) -> Image:
    """``Image.from_blob(blob)`` (a sub-document's picture), the header of bytes already seen
    not parsed again."""
    return _KEPT.image(blob, None)


def pic_inline(rid: str, filename: str, cx: Length, cy: Length) -> CT_Inline:
    """``CT_Inline.new_pic_inline(1, rid, filename, cx, cy)``, a fresh copy each call."""
    return _KEPT.drawing(rid, filename, cx, cy)


def clear() -> None:
    """Forget every image header and drawing kept."""
    _KEPT.clear()
