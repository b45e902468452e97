"""Quoting user input in error messages, cut short.

An error message is for a person to read, and it is often printed, logged or sent back over a
network. A message that repeats the offending value whole can be as large as the input, or
larger: a 400 KB YAML file whose one long string is reached through a hundred aliases made a
100 MB message, one copy per problem. So every value a message quotes goes through
:func:`quote` (at most :data:`QUOTE_CHARS` characters of it, with an ellipsis and its full
length), and free text that may hold input goes through :func:`cut`.

:func:`quote` never builds the full ``repr`` first: a long string is sliced before it is
quoted, containers are quoted with :mod:`reprlib`'s bounded representation, and an integer
too long to print (Python refuses ``repr`` beyond 4,300 digits) is described by its size.
"""

from __future__ import annotations

import reprlib

__all__ = ["MESSAGE_CHARS", "QUOTE_CHARS", "cut", "quote"]

QUOTE_CHARS = 200
"""The most characters of a value a message quotes."""
MESSAGE_CHARS = 1000
"""The most characters of one problem's message (a value quoted in it, plus the explanation)."""

_ELLIPSIS = "…"

_repr = reprlib.Repr()
_repr.maxstring = QUOTE_CHARS
_repr.maxother = QUOTE_CHARS
_repr.maxlong = QUOTE_CHARS
_repr.maxlist = _repr.maxtuple = _repr.maxdict = _repr.maxset = _repr.maxfrozenset = 8
_repr.maxlevel = 3


def cut(text: str, limit: int = QUOTE_CHARS) -> str:
    """``text`` if it has at most ``limit`` characters, else its start, an ellipsis and how
    long it really was."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}{_ELLIPSIS} ({len(text):,} characters)"


def _int_repr(value: int) -> str:
    digits = value.bit_length() * 30103 // 100000 + 1  # log10(2) ≈ 0.30103
    if digits <= QUOTE_CHARS:
        return repr(value)
    return f"<a whole number of about {digits:,} digits>"


def quote(value: object, limit: int = QUOTE_CHARS) -> str:
    """``repr(value)`` cut to about ``limit`` characters, without computing the whole repr."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        return _int_repr(value)
    if isinstance(value, str | bytes):
        if len(value) <= limit:
            return repr(value)
        return f"{value[:limit]!r}{_ELLIPSIS} ({len(value):,} characters)"
    try:
        text = _repr.repr(value)
    except Exception:  # a repr that fails must not turn a clean error into a traceback
        return f"<{type(value).__name__}>"
    return cut(text, limit)
