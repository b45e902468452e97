"""The Jinja source of a part: docxtpl's own text passes, and what errors quote from it.

docxtpl's passes (``patch_xml``, ``resolve_listing``) are called, not re-implemented, so the
source compiled is exactly the one docxtpl compiles.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

import jinja2
from docxtpl import DocxTemplate

from dlxh.templating.listing import resolve_listing
from dlxh.templating.literals import decode_tag_entities
from dlxh.templating.tagwork import check_tag_work

if TYPE_CHECKING:
    from dlxh.templating.engine import _Source

__all__ = ["jinja_source"]

_TOOLS = DocxTemplate(io.BytesIO(b""))
"""docxtpl's text passes (patch_xml, resolve_listing, fix_tables) without a document."""

_PARAGRAPH = re.compile(r"<w:p([ >])")


_ESCAPE = re.compile(r"\{_\{|\}_\}|\{_%|%_\}")


def _literal_escapes(source: str) -> str:
    """docxtpl's ``{_{ }_} {_% %_}`` escapes (literal ``{{ }} {% %}`` in the document) turned
    into Jinja literals before compiling. docxtpl replaces them in the rendered text instead, so
    a *value* holding ``{_{`` came out as ``{{``: the data's text must print as written."""
    return _ESCAPE.sub(lambda m: "{{ '" + m.group(0)[0] + m.group(0)[2] + "' }}", source)


def jinja_source(xml: str, part: str = "the part") -> str:
    """The Jinja source docxtpl compiles from a part's XML (its tag clean-up, with a line per
    paragraph so that errors have a line), as the template checker parses it; a
    :class:`~dlxh.errors.TemplateError` naming ``part`` when the clean-up would not end in
    reasonable time (:func:`~dlxh.templating.tagwork.check_tag_work`)."""
    check_tag_work(xml, part, _TOOLS.patch_xml)
    return _PARAGRAPH.sub(r"\n<w:p\1", decode_tag_entities(_TOOLS.patch_xml(xml)))


def _docxtpl_passes(text: str) -> str:
    """docxtpl's last step on a rendered part, its listing pass (tabs, line, paragraph and page
    breaks in values become Word's elements); its escapes are compiled in
    (:func:`_literal_escapes`)."""
    return resolve_listing(text)  # docxtpl's pass, on the paragraphs that have a break


class _Context(list[str]):
    """``docx_context``: the text of the paragraphs around a syntax error, and the error's line
    (in the source with a line per paragraph), which the excerpt of the message needs."""

    lineno: int | None = None


def _error_context(environment: jinja2.Environment, source: _Source) -> list[str]:
    """The text of the paragraphs around a syntax error, as docxtpl reports it (its
    ``docx_context``: seven paragraphs from three before the error's), with the error's line."""
    found = _Context()
    lines = source.lines()
    try:
        environment.parse(_literal_escapes(lines))
    except jinja2.TemplateSyntaxError as exc:
        if exc.lineno:
            first = max(exc.lineno - 4, 0)
            found.extend(
                re.sub(r"<[^>]+>", "", line) for line in lines.splitlines()[first : first + 7]
            )
            found.lineno = exc.lineno
    return found
