"""Text field types: every string dlxh stores is NFC, stripped and free of control characters.

Why: Vietnamese text arrives in both Unicode normal forms (NFD from macOS and some IMEs, NFC from
Windows), with stray spaces from Word and, in data pasted from old systems, with control characters
that make a .docx unreadable (XML 1.0 forbids most of them). Normalising at the model boundary means
the rest of the library can compare and render strings without thinking about it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

__all__ = ["Code", "MultilineText", "Name", "RunText", "Text", "clean_text"]

_LINE_BREAKS = re.compile(r"\r\n?")
# Categories rejected everywhere: controls (Cc), surrogates (Cs), unassigned (Cn) and the Unicode
# line/paragraph separators (Zl, Zp) that YAML and Word treat as hidden line breaks.
_REJECTED_CATEGORIES = frozenset({"Cc", "Cs", "Cn", "Zl", "Zp"})
# What stripping removes: spaces (Zs) and the ordinary line-ending controls, but not the other
# controls that str.strip() also treats as space (U+001C-U+001F, U+0085): those are reported.
# The space separators (Zs), written out: scanning all 1.1 million code points for them took a
# fifth of a second at every start (a test checks the list against unicodedata).
SPACE_SEPARATORS = (
    "\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)
_EDGE_SPACE = "\t\n\r" + SPACE_SEPARATORS


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def clean_text(value: str, *, multiline: bool = False, strip: bool = True) -> str:
    """Return ``value`` NFC-normalised and stripped, or raise ``ValueError`` naming a bad character.

    Multi-line text keeps ``\\n`` (Windows ``\\r\\n`` becomes ``\\n``) and tabs; single-line text
    accepts neither. Trailing spaces on each line of multi-line text are removed too, unless
    ``strip=False`` (for pieces of a paragraph, whose edge spaces separate words).
    """
    text = value if value.isascii() else unicodedata.normalize("NFC", value)
    if strip:
        text = text.strip(_EDGE_SPACE)
    if text.isprintable():
        # Fast path, for nearly every string a dataset holds: printable text has no control,
        # line break, separator, surrogate or unassigned character (str.isprintable uses the
        # same Unicode database as unicodedata), so the per-character check below would pass,
        # and a stripped single line has no trailing space for the multi-line pass to remove.
        # A per-character loop over 300,000 opinion items was most of loading a national month.
        return text
    if multiline:
        lines = _LINE_BREAKS.sub("\n", text).split("\n")
        text = "\n".join(line.rstrip() if strip else line for line in lines)
    allowed = "\n\t" if multiline else ""
    for index, ch in enumerate(text):
        if ch in allowed:
            continue
        if unicodedata.category(ch) in _REJECTED_CATEGORIES or ch in "\ufeff\ufffe":
            kind = "line break" if ch in "\n\r" else "control character"
            hint = " (use a multi-line field or remove it)" if ch in "\n\r\t" else ""
            raise ValueError(
                f"{kind} {_describe(ch)} at position {index} is not allowed in text{hint}"
            )
    return text


def _single_line(value: object) -> object:
    if isinstance(value, str):
        value = clean_text(value)
        if not value:
            raise ValueError("must not be empty or only spaces")
    return value


def _multi_line(value: object) -> object:
    if isinstance(value, str):
        value = clean_text(value, multiline=True)
        if not value:
            raise ValueError("must not be empty or only spaces")
    return value


def _run_text(value: object) -> object:
    if isinstance(value, str):
        value = clean_text(value, multiline=True, strip=False)
        if not value:
            raise ValueError("must not be empty")
    return value


class _Cleaned:
    """A string cleaned in Python, then checked as a string by pydantic's core.

    One Python call per value, and the length and pattern limits checked in the core: stacked
    as ``Annotated[Text, Field(max_length=...)]`` they became one more Python call each (pydantic
    cannot put a limit inside a function validator), and a national month holds a million
    strings. ``clean`` also refuses empty text (what is empty is only known once cleaned).
    """

    __slots__ = ("clean", "limits")

    def __init__(self, clean: Callable[[object], object], **limits: Any) -> None:
        self.clean = clean
        self.limits = limits

    def __get_pydantic_core_schema__(
        self, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        inner: dict[str, Any] = {**handler(source), **self.limits}
        return core_schema.no_info_before_validator_function(self.clean, inner)


Text = Annotated[str, _Cleaned(_single_line)]
"""One line of text: NFC, stripped, no control characters, not empty."""

MultilineText = Annotated[str, _Cleaned(_multi_line)]
"""Free text that may span lines (``\\n``); otherwise cleaned like :data:`Text`."""

RunText = Annotated[str, _Cleaned(_run_text)]
"""A piece of a paragraph: cleaned like :data:`MultilineText` but not stripped, so the spaces
between differently formatted runs ("Lưu ý: " + "gửi đúng hạn") survive."""

Name = Annotated[str, _Cleaned(_single_line, max_length=200)]
"""A person's, unit's or place's name (a :data:`Text` of at most 200 characters)."""

Code = Annotated[str, _Cleaned(_single_line, max_length=64, pattern=r"^[\w.\-]+$")]
"""An identifier or symbol: letters (Vietnamese too, as in ``ĐUK``), digits, ``.``, ``_``, ``-``."""
