"""Template errors that come from Jinja, as both dlxh and docxtpl users catch them.

dlxh raises :class:`~dlxh.errors.TemplateError` (a :class:`~dlxh.errors.DlxhError`) with a
message that names the template and the tag. Code written for docxtpl catches
``jinja2.TemplateError`` instead, and reads ``docx_context`` (the text of the paragraphs around
a syntax error) from it. So each error that Jinja raised is re-raised as a class that is both:
a syntax error is a :class:`TemplateSyntaxError` (also ``jinja2.TemplateSyntaxError``, with
``lineno``), an undefined name a :class:`TemplateUndefinedError`, an unsafe expression or a
render past its limits a :class:`TemplateSecurityError`, any other a
:class:`TemplateJinjaError`. Errors that are not Jinja's (a filter given a value of the wrong
kind) stay plain :class:`~dlxh.errors.TemplateError`, as in docxtpl they are not
``jinja2.TemplateError`` either. ``str(error)`` is dlxh's message in every case.

:func:`near` picks the excerpt a syntax error's message quotes: the paragraph that holds the
offending tag, cut around that tag when it is long.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

from dlxh.errors import TemplateError

__all__ = [
    "TemplateJinjaError",
    "TemplateSecurityError",
    "TemplateSyntaxError",
    "TemplateUndefinedError",
    "near",
]

NEAR_CHARS = 160
"""Longest excerpt quoted by a syntax error's message."""

_TAG = re.compile(r"\{[{%#].*?(?:[}%#]\}|$)")
_QUOTED = re.compile(r"'([^']{1,80})'")


class TemplateSyntaxError(TemplateError, jinja2.TemplateSyntaxError):
    """A template that Jinja cannot compile; ``lineno`` is the paragraph's line in the part's
    source (a line per paragraph, as docxtpl numbers them), ``docx_context`` its neighbours."""

    def __init__(
        self,
        message: str,
        lineno: int | None = None,
        name: str | None = None,
        filename: str | None = None,
    ) -> None:
        super().__init__(message, lineno or 0, name, filename)
        self.translated = True  # str() is the message alone, without Jinja's location lines

    def __reduce__(self) -> tuple[Any, ...]:
        # Jinja's own reduce drops docx_context; a process pool carries it back.
        return (
            self.__class__,
            (self.message, self.lineno, self.name, self.filename),
            self.__dict__,
        )


class TemplateUndefinedError(TemplateError, jinja2.UndefinedError):
    """The template uses a name (or a field of a value) that the data does not provide."""


class TemplateSecurityError(TemplateError, SecurityError):
    """The sandbox refused an expression, or the render went past one of its limits."""


class TemplateJinjaError(TemplateError, jinja2.TemplateError):
    """Any other error Jinja raised while rendering (a ``{% raise %}``-like runtime error)."""


def _text(line: str) -> str:
    return " ".join(line.split())


def near(lines: Sequence[str], message: str, lineno: int | None = None) -> str:
    """The excerpt of a syntax error in ``lines`` (``docx_context``: paragraphs' text) that
    holds the offending tag, at most :data:`NEAR_CHARS` long.

    Jinja reports the line, not the column, and a long paragraph may hold many tags: the tag
    is the last one that names what the message quotes (``unknown tag 'endif'``), or the last
    tag of the paragraph. ``lineno`` is the error's line when known (the paragraph at index
    ``min(lineno - 1, 3)`` of the context, which starts three paragraphs before it); without
    it, or when that paragraph has no tag (an unclosed block is reported at the part's end),
    the last paragraph before it that has one is used.
    """
    texts = [_text(line) for line in lines]
    if not texts:
        return ""
    index = min(max(lineno - 1, 0), 3, len(texts) - 1) if lineno else len(texts) - 1
    tagged = [i for i in range(index, -1, -1) if _TAG.search(texts[i])]
    if not tagged and lineno is None:
        tagged = [i for i in range(len(texts)) if _TAG.search(texts[i])]
    text = texts[tagged[0]] if tagged else texts[index]
    if len(text) <= NEAR_CHARS:
        return text
    tags = list(_TAG.finditer(text))
    names = _QUOTED.findall(message)
    named = [t for t in tags if any(n in t.group(0) for n in names)]
    if not tags:
        return text[: NEAR_CHARS - 1] + "…"
    chosen = (named or tags)[-1]
    # The tag whole, with what comes before it (the context that reads best), then after it.
    end = min(len(text), max(chosen.end(), chosen.start() + NEAR_CHARS - 2))
    start = max(0, end - (NEAR_CHARS - 2))
    if start > chosen.start():  # a tag longer than the excerpt: its start matters more
        start, end = chosen.start(), chosen.start() + NEAR_CHARS - 2
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
