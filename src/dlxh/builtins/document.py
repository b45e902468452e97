"""Built-in document hooks: the Vietnamese filters, and the (empty) post-processing step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docx.document import Document as DocxDocument

from dlxh.hookspecs import hookimpl
from dlxh.models import Document
from dlxh.render.environment import FILTERS


@hookimpl
def dlxh_register_filters(register: Callable[[str, Callable[..., Any]], None]) -> None:
    for name, function in FILTERS.items():
        register(name, function)


@hookimpl(trylast=True)
def dlxh_render_document(document: Document, docx: DocxDocument) -> None:
    """Nothing to add: the renderer's own output is final unless a plugin says otherwise."""
