"""Tags read as their author typed them: XML's character references decoded inside tags.

A tag's text comes from the part's XML, where ``&`` is written ``&amp;`` (and a producer may
write ``"`` as ``&quot;``, an apostrophe as ``&apos;`` or ``&#39;``, any character as ``&#NNN;``).
docxtpl's tag clean-up decodes only ``&lt;``, ``&gt;`` and ``&#8216;``, so Jinja compiled
``{{ x|default("R&D") }}`` with the literal ``"R&amp;D"``, and autoescape then wrote
``R&amp;amp;D``: the reader saw "R&amp;D". The literal means what was typed, so every reference
inside ``{{ … }}`` and ``{% … %}`` is decoded before Jinja compiles the tag, and the value is
escaped once, on output, like any other.

A decoded character that is the literal's own quote (``"say &quot;hi&quot;"``) or a backslash
is written with a backslash, so it stays inside the literal. A literal opened by a reference
(``&quot;R&amp;D&quot;``, from a producer that writes every quote so) is closed by one.
Comments (``{# … #}``) and text outside tags are left as they are.
"""

from __future__ import annotations

import html
import re

__all__ = ["decode_tag_entities"]

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_TOKEN = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|amp|lt|gt|quot|apos);|\\|[\"']")
_QUOTES = "\"'"


def _decode(reference: str) -> str:
    """The character a reference stands for; itself when it stands for none XML allows."""
    text = html.unescape(reference)
    return reference if text == "\ufffd" or len(text) != 1 else text


def _tag(text: str) -> str:
    """One tag with its references decoded (see the module's docstring)."""
    out: list[str] = []
    quote = ""  # the open literal's delimiter, "" outside literals
    by_reference = False  # the literal was opened by a reference (&quot;), and closes by one
    escaped = False  # the previous character was a backslash inside a literal
    position = 0
    for match in _TOKEN.finditer(text):
        out.append(text[position : match.start()])
        position = match.end()
        token = match.group(0)
        char = _decode(token) if token.startswith("&") else token
        if escaped:
            out.append(char)
            escaped = False
        elif not quote:
            out.append(char)
            if char in _QUOTES:
                quote, by_reference = char, token.startswith("&")
        elif char == "\\":
            out.append(token if token == "\\" else "\\\\")
            escaped = token == "\\"
        elif char == quote:
            if token.startswith("&") == by_reference:
                out.append(char)
                quote = ""
            else:
                out.append("\\" + char)  # a quote typed inside the literal
        else:
            out.append(char)
    out.append(text[position:])
    return "".join(out)


def decode_tag_entities(source: str) -> str:
    """``source`` (a part's Jinja source) with the character references inside its tags
    decoded, so that string literals hold what was typed."""
    if "&" not in source:
        return source
    return _TAG.sub(lambda m: _tag(m.group(0)) if "&" in m.group(0) else m.group(0), source)
