"""Text field types: every string dlxh stores is NFC, stripped and free of control characters.

Why: Vietnamese text arrives in both Unicode normal forms (NFD from macOS and some IMEs, NFC from
Windows), with stray spaces from Word and, in data pasted from old systems, with control characters
that make a .docx unreadable (XML 1.0 forbids most of them). Normalising at the model boundary means
the rest of the library can compare and render strings without thinking about it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

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
    text = unicodedata.normalize("NFC", value)
    if strip:
        text = text.strip(_EDGE_SPACE)
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
    return clean_text(value) if isinstance(value, str) else value


def _multi_line(value: object) -> object:
    return clean_text(value, multiline=True) if isinstance(value, str) else value


def _run_text(value: object) -> object:
    return clean_text(value, multiline=True, strip=False) if isinstance(value, str) else value


def _not_empty(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    return value


def _not_blank(value: str) -> str:
    if not value:
        raise ValueError("must not be empty or only spaces")
    return value


Text = Annotated[str, BeforeValidator(_single_line), AfterValidator(_not_blank)]
"""One line of text: NFC, stripped, no control characters, not empty."""

MultilineText = Annotated[str, BeforeValidator(_multi_line), AfterValidator(_not_blank)]
"""Free text that may span lines (``\\n``); otherwise cleaned like :data:`Text`."""

RunText = Annotated[str, BeforeValidator(_run_text), AfterValidator(_not_empty)]
"""A piece of a paragraph: cleaned like :data:`MultilineText` but not stripped, so the spaces
between differently formatted runs ("Lưu ý: " + "gửi đúng hạn") survive."""

Name = Annotated[Text, Field(max_length=200)]
"""A person's, unit's or place's name."""

Code = Annotated[Text, Field(max_length=64, pattern=r"^[\w.\-]+$")]
"""An identifier or symbol: letters (Vietnamese too, as in ``ĐUK``), digits, ``.``, ``_``, ``-``."""
