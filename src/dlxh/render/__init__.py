"""Rendering official documents: templates, the Jinja environment, and ``render_document``."""

from dlxh.render.builder import LAYOUTS, build_template, build_templates
from dlxh.render.catalog import list_templates, resolve_template, template_for, templates_dir
from dlxh.render.context import CONTEXT_KEYS, document_context
from dlxh.render.document import render_document, resolve_profile
from dlxh.render.environment import FILTERS, make_environment
from dlxh.render.template import Template

__all__ = [
    "CONTEXT_KEYS",
    "FILTERS",
    "LAYOUTS",
    "Template",
    "build_template",
    "build_templates",
    "document_context",
    "list_templates",
    "make_environment",
    "render_document",
    "resolve_profile",
    "resolve_template",
    "template_for",
    "templates_dir",
]
