"""docxtpl's listing pass, run on the paragraphs that need it only.

After rendering, docxtpl turns the tabs, line breaks, paragraph marks (``\\a``) and page breaks
(``\\f``) that values put into the text into Word's elements (``DocxTemplate.resolve_listing``).
Its pass is three nested regular-expression substitutions with Python callbacks for every
paragraph, run, and text element of the part, even when a single value in one paragraph holds a
line break: on a one-page official document it was a third of the render.

Every paragraph is rewritten independently (a match runs from ``<w:p ...>`` to the first
``</w:p>`` after it, and only the ``w:t`` texts inside it change), and a paragraph without one
of the four characters in a text (``w:t``) comes out unchanged. So the same outer match is kept
here, and only the paragraphs holding a marker in a text are handed to docxtpl's own pass: the
output is docxtpl's, character for character, and the cost follows the paragraphs that have a
break rather than the document.
"""

from __future__ import annotations

import io
import re

from docxtpl import DocxTemplate

__all__ = ["has_markers", "resolve_listing"]

_TOOLS = DocxTemplate(io.BytesIO(b""))
"""docxtpl's passes without a document (``resolve_listing`` uses no state)."""

# docxtpl's own paragraph pattern: the same matches, so each is rewritten as docxtpl would.
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)


def has_markers(text: str) -> bool:
    """Whether ``text`` holds a character the listing pass turns into an element."""
    return "\n" in text or "\t" in text or "\a" in text or "\f" in text


# docxtpl's text pattern. Each text docxtpl rewrites inside a run is also one of the matches of
# this pattern over the whole paragraph, or inside one (a match ends at the first </w:t> after
# its start, wherever the scan begins): when none of these holds a marker, nothing changes. A
# picture's drawing, pretty-printed by python-docx, has line breaks only between its tags.
_TEXT = re.compile(r"<w:t(?: [^>]*)?>.*?</w:t>", re.DOTALL)


def _paragraph(match: re.Match[str]) -> str:
    text = match[0]
    if has_markers(text) and any(has_markers(t) for t in _TEXT.findall(text)):
        resolved: str = _TOOLS.resolve_listing(text)
        return resolved
    return text


def resolve_listing(text: str) -> str:
    """``DocxTemplate.resolve_listing(text)``, with the paragraphs that hold no tab, line,
    paragraph or page break left as they are (where docxtpl changes nothing either)."""
    if not has_markers(text):
        return text
    return _PARAGRAPH.sub(_paragraph, text)
