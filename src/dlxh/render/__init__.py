"""Rendering official documents: templates, the Jinja environment, and ``render_document``."""

from dlxh.render.batch import (
    BatchProgress,
    BatchResult,
    JobError,
    RenderJob,
    process_pool,
    read_jobs,
    render_job,
    render_many,
)
from dlxh.render.builder import LAYOUTS, build_template, build_templates
from dlxh.render.catalog import (
    TEMPLATE_PATH_ENV,
    layout_of,
    list_templates,
    resolve_template,
    template_for,
    templates_dir,
)
from dlxh.render.checks import TemplateProblem, check_template
from dlxh.render.context import CONTEXT_KEYS, document_context
from dlxh.render.document import render_document, resolve_profile
from dlxh.render.environment import FILTERS, make_environment
from dlxh.render.limits import DEFAULT_LIMITS, Limits, RenderLimitError, render_limits
from dlxh.render.sandbox import template_callable
from dlxh.render.template import MAX_TEMPLATE_BYTES, Template

__all__ = [
    "CONTEXT_KEYS",
    "DEFAULT_LIMITS",
    "FILTERS",
    "LAYOUTS",
    "MAX_TEMPLATE_BYTES",
    "TEMPLATE_PATH_ENV",
    "BatchProgress",
    "BatchResult",
    "JobError",
    "Limits",
    "RenderJob",
    "RenderLimitError",
    "Template",
    "TemplateProblem",
    "build_template",
    "build_templates",
    "check_template",
    "document_context",
    "layout_of",
    "list_templates",
    "make_environment",
    "process_pool",
    "read_jobs",
    "render_document",
    "render_job",
    "render_limits",
    "render_many",
    "resolve_profile",
    "resolve_template",
    "template_callable",
    "template_for",
    "templates_dir",
]
