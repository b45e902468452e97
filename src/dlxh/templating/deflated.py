"""Deflated copies of the media a render adds, kept for the next render that adds the same bytes.

A template's own parts are deflated once, when it is loaded; the images a render adds
(``InlineImage``, a sub-document's pictures) were deflated anew in every output. The same logo,
signature or sub-document picture goes into every document of a batch, and deflating a 180 KB
photograph took longer than the whole rest of a small template's render (9 ms of 10).

The cache is keyed by the bytes themselves (and the compression level), not by a digest of them:
a lookup hashes and, on a hit, compares the whole content, so two different images can never be
taken for one another (a SHA-1 collision cannot make one render reuse another's picture), and
a hit returns exactly the bytes deflating would (zlib is deterministic for one input and level).
It holds at most :data:`MAX_BYTES` of content and deflated data together, drops the entries
used least recently first, and skips content larger than :data:`MAX_ITEM`; a lock makes it
safe for the threads of one process sharing templates.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from dlxh.templating.package import Entry

__all__ = ["MAX_BYTES", "MAX_ITEM", "MEDIA", "DeflateCache", "deflated_media"]

MAX_BYTES = 32 * 1024 * 1024
"""Content and deflated copies held at most, in bytes (both are counted)."""
MAX_ITEM = 8 * 1024 * 1024
"""Content larger than this is deflated every time and never kept."""


class DeflateCache:
    """A bounded, thread-safe map from (content, level) to its deflated :class:`Entry` data."""

    def __init__(self, max_bytes: int = MAX_BYTES, max_item: int = MAX_ITEM) -> None:
        self.max_bytes = max_bytes
        self.max_item = max_item
        self._items: OrderedDict[tuple[int, bytes], Entry] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()

    def entry(self, name: str, content: bytes, level: int) -> Entry:
        """The member ``name`` holding ``content`` deflated at ``level``, as
        ``Entry.deflate(name, content, level=level)`` gives it."""
        if len(content) > self.max_item:
            return Entry.deflate(name, content, level=level)
        key = (level, bytes(content))
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
        if found is None:
            found = Entry.deflate(name, content, level=level)  # outside the lock: it is slow
            self._store(key, found)
        if found.name == name:
            return found
        return Entry(name, found.data, found.crc, found.size, found.method)

    def _store(self, key: tuple[int, bytes], entry: Entry) -> None:
        cost = len(key[1]) + len(entry.data)
        with self._lock:
            if key in self._items:  # another thread deflated it meanwhile
                return
            self._items[key] = entry
            self._held += cost
            while self._held > self.max_bytes and self._items:
                (_, content), dropped = self._items.popitem(last=False)
                self._held -= len(content) + len(dropped.data)

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._items.clear()
            self._held = 0

    @property
    def held(self) -> int:
        """Bytes held now (content and deflated copies)."""
        return self._held

    def __len__(self) -> int:
        return len(self._items)


MEDIA = DeflateCache()
"""The process's cache of media added by renders."""


def deflated_media(name: str, content: bytes, level: int = 1) -> Entry:
    """The media member ``name`` with ``content``, deflated at ``level`` (from :data:`MEDIA`)."""
    return MEDIA.entry(name, content, level)
