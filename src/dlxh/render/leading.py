"""Numbers and bullets the user already typed, so that the renderer does not write them twice.

The renderer numbers headings (``I.``, ``1.``, ``a)``), list items (``1.``, ``a)``) and bullets
(``-``) itself. Text pasted from an old document usually carries its numbers already, and
``Heading(text="I. MỤC ĐÍCH")`` printed "I. I. MỤC ĐÍCH". A typed number that is the one the
renderer will write is dropped (``I.``, ``I-``, ``I)`` are the same number: offices write all
three); a typed number that is *another* one ("II." where the renderer writes "I.") is refused,
since either the text or the numbering is wrong and only the user knows which.

>>> strip_typed_number("I. MỤC ĐÍCH", "I.", "heading 'I. MỤC ĐÍCH'")
'MỤC ĐÍCH'
>>> strip_typed_number("1- Yêu cầu", "1.", "heading")
'Yêu cầu'
>>> strip_typed_number("Mục đích", "I.", "heading")
'Mục đích'
>>> strip_bullet("- - ý kiến")
'- ý kiến'
"""

from __future__ import annotations

import re

from dlxh.errors import InputError

__all__ = ["strip_bullet", "strip_typed_number"]

_NUMBER = re.compile(
    r"^\s*(?P<typed>(?P<token>[IVXL]+|\d{1,3}|[a-zđ])\s*(?P<sep>[.)\-–]))\s+(?=\S)"
)
"""A leading number as offices type one: a Roman numeral (upper case), one to three digits or
one lower-case letter, then ``.``, ``)``, ``-`` or ``–``, then a space and the text. A letter
needs ``)`` or ``.``, so "a - b" is not read as a number."""

_BULLET = re.compile(r"^\s*[-+•–*]\s+(?=\S)")


def _kind(token: str) -> str | None:
    """``roman``, ``arabic`` or ``letter``: the numbering scheme of a number, ``None`` for other
    text (a label set by hand, "Phần thứ nhất")."""
    if re.fullmatch(r"[IVXL]+", token):
        return "roman"
    if token.isdigit():
        return "arabic"
    if len(token) == 1 and token.islower():
        return "letter"
    return None


def strip_typed_number(text: str, label: str, where: str) -> str:
    """``text`` without a leading number equal to ``label`` (the number the renderer writes);
    unchanged when it starts with no number of that scheme. Raises
    :class:`~dlxh.errors.InputError` naming ``where`` when it starts with a different number of
    the same scheme ("II." where the renderer writes "I.")."""
    match = _NUMBER.match(text)
    if match is None:
        return text
    token, sep = match.group("token"), match.group("sep")
    wanted = label.strip().rstrip(".)-–").strip()
    kind = _kind(token)
    if kind == "letter" and sep not in ".)":
        return text  # "a - b": a word and a dash, not a letter number
    if kind != _kind(wanted):
        return text  # "2026. Năm..." under heading I.: not a number of this scheme
    if token == wanted:
        return text[match.end() :]
    raise InputError(
        f"{where}: the text starts with {match.group('typed')!r}, but the renderer numbers it "
        f"{label.strip()!r}; remove the number from the text, or set label: (or numbered: "
        "false) to number it yourself"
    )


def strip_bullet(text: str) -> str:
    """``text`` without one leading bullet (``-``, ``+``, ``•``, ``–``, ``*`` and a space): the
    renderer writes the list's own marker in front of every item."""
    match = _BULLET.match(text)
    return text if match is None else text[match.end() :]
