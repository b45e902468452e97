"""Official documents: ``render_document``, the shipped templates, their catalogue and checks.

Built on the general template engine, :mod:`dlxh.templating` (``Template``, the Jinja
environment, the limits). The engine's names were importable from here; they still are, with a
:class:`DeprecationWarning` (``from dlxh.templating import Template`` instead).
"""

from __future__ import annotations

import warnings
from typing import Any

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

__all__ = [
    "CONTEXT_KEYS",
    "LAYOUTS",
    "TEMPLATE_PATH_ENV",
    "BatchProgress",
    "BatchResult",
    "JobError",
    "RenderJob",
    "TemplateProblem",
    "build_template",
    "build_templates",
    "check_template",
    "document_context",
    "layout_of",
    "list_templates",
    "process_pool",
    "read_jobs",
    "render_document",
    "render_job",
    "render_many",
    "resolve_profile",
    "resolve_template",
    "template_for",
    "templates_dir",
]

_MOVED_NAMES = frozenset(
    {
        "DEFAULT_LIMITS",
        "FILTERS",
        "MAX_TEMPLATE_BYTES",
        "Limits",
        "RenderLimitError",
        "Template",
        "make_environment",
        "render_limits",
        "template_callable",
    }
)


def __getattr__(name: str) -> Any:
    """The engine's names, moved to :mod:`dlxh.templating`, with a deprecation warning."""
    if name in _MOVED_NAMES:
        import dlxh.templating  # noqa: PLC0415

        warnings.warn(
            f"dlxh.render.{name} has moved to dlxh.templating.{name}; import it from there",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(dlxh.templating, name)
    raise AttributeError(f"module 'dlxh.render' has no attribute {name!r}")
