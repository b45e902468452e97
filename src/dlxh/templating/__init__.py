"""A docxtpl-compatible template engine, usable without dlxh's official-document layer.

:class:`Template` loads a .docx template once and renders it many times: docxtpl's tags
(``{{ }}``, ``{%p %}``, ``{%tr %}``, ``{%tc %}``, ``{%r %}``, RichText, Listing, InlineImage,
sub-documents) and output, with a sandboxed, autoescaped, strict Jinja environment
(:func:`make_environment`), bounded work (:class:`Limits`) and deterministic bytes. The
official documents (:mod:`dlxh.render`: ``render_document``, the shipped templates, the
profiles) are built on it. :mod:`dlxh.templating.docxtpl` is docxtpl's own API
(``DocxTemplate``, ``RichText``, ``InlineImage``...) on this engine, a drop-in for docxtpl scripts.
"""

from dlxh.templating.docxtpl import (
    RP,
    DocxTemplate,
    InlineImage,
    Listing,
    R,
    RichText,
    RichTextParagraph,
    Subdoc,
)
from dlxh.templating.environment import FILTERS, make_environment
from dlxh.templating.limits import DEFAULT_LIMITS, Limits, RenderLimitError, render_limits
from dlxh.templating.sandbox import template_callable
from dlxh.templating.template import MAX_TEMPLATE_BYTES, Template

__all__ = [
    "DEFAULT_LIMITS",
    "FILTERS",
    "MAX_TEMPLATE_BYTES",
    "RP",
    "DocxTemplate",
    "InlineImage",
    "Limits",
    "Listing",
    "R",
    "RenderLimitError",
    "RichText",
    "RichTextParagraph",
    "Subdoc",
    "Template",
    "make_environment",
    "render_limits",
    "template_callable",
]
