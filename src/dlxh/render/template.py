"""``Template``: a .docx template loaded once and rendered many times.

Semantics are those of docxtpl (``DocxTemplate(path).render(context); save()``), with dlxh's
environment (sandboxed, autoescaped, strict), errors that name the template and the tag, and
deterministic output bytes. The template file is read and checked once in :meth:`Template.load`;
each :meth:`Template.render` works on a fresh copy of the bytes, so renders never share state.
That split is where a faster engine can plug in later: everything per-template belongs in
``load``, everything per-document in ``render``.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from docx.document import Document as DocxDocument
from docxtpl import DocxTemplate
from jinja2.exceptions import SecurityError

from dlxh.errors import InputError, TemplateError
from dlxh.render.environment import make_environment
from dlxh.render.package import normalize_docx

__all__ = ["MAX_TEMPLATE_BYTES", "Template"]

MAX_TEMPLATE_BYTES = 64 * 1024 * 1024
"""Largest template accepted (a template is a few dozen kilobytes; this bounds a zip bomb)."""

Prepare = Callable[[DocxTemplate], Mapping[str, Any]]
Finish = Callable[[DocxDocument], None]

_UNDEFINED = re.compile(r"'(?P<name>[^']+)' is undefined")


def _check_package(data: bytes, name: str) -> None:
    if len(data) > MAX_TEMPLATE_BYTES:
        raise InputError(f"template is larger than {MAX_TEMPLATE_BYTES:,} bytes", path=name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise InputError("not a .docx file (not a zip archive)", path=name) from None
    if "word/document.xml" not in names:
        raise InputError("not a .docx file (no word/document.xml)", path=name)
    if total > MAX_TEMPLATE_BYTES * 4:
        raise InputError(f"template unpacks to {total:,} bytes (zip bomb?)", path=name)


class Template:
    """A compiled .docx template. Build it with :meth:`load` (a path) or :meth:`from_bytes`."""

    def __init__(self, data: bytes, name: str) -> None:
        _check_package(data, name)
        self.name = name
        self._data = data

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Template:
        """Read and check the template at ``path`` once."""
        file = Path(path)
        try:
            data = file.read_bytes()
        except FileNotFoundError:
            raise InputError("no such template", path=file) from None
        except IsADirectoryError:
            raise InputError("is a directory, expected a .docx template", path=file) from None
        except OSError as exc:
            raise InputError(f"cannot read template: {exc.strerror or exc}", path=file) from None
        return cls(data, str(file))

    @classmethod
    def from_bytes(cls, data: bytes, name: str = "<template>") -> Template:
        """A template from bytes already in memory."""
        return cls(data, name)

    @property
    def data(self) -> bytes:
        """The template file as loaded."""
        return self._data

    def render(
        self,
        context: Mapping[str, Any],
        *,
        filters: Mapping[str, Callable[..., Any]] | None = None,
        prepare: Prepare | None = None,
        finish: Finish | None = None,
    ) -> bytes:
        """Render with ``context`` and return the .docx bytes (identical for identical input).

        ``prepare`` receives the docxtpl object before rendering and returns extra context that
        needs it (sub-documents, inline images); ``finish`` receives the rendered python-docx
        document to post-process before it is saved.
        """
        try:
            tpl = DocxTemplate(io.BytesIO(self._data))
            tpl.init_docx()
        except Exception as exc:
            raise TemplateError(f"{self.name}: cannot open the template: {exc}") from None
        values = dict(context)
        if prepare is not None:
            values.update(prepare(tpl))
        environment = make_environment(filters)
        try:
            tpl.render(values, environment, autoescape=True)
        except jinja2.TemplateSyntaxError as exc:
            where = " / ".join(
                line.strip() for line in getattr(exc, "docx_context", []) if line.strip()
            )
            raise TemplateError(
                f"{self.name}: template syntax error: {exc.message}"
                + (f" (near: {where[:160]})" if where else "")
            ) from None
        except jinja2.UndefinedError as exc:
            match = _UNDEFINED.search(str(exc))
            variable = match["name"] if match else str(exc)
            raise TemplateError(
                f"{self.name}: the template uses {variable!r}, which the data does not provide"
            ) from None
        except SecurityError as exc:
            raise TemplateError(f"{self.name}: unsafe template expression refused: {exc}") from None
        except jinja2.TemplateError as exc:
            raise TemplateError(f"{self.name}: template error: {exc}") from None
        if finish is not None:
            finish(tpl.docx)
        stream = io.BytesIO()
        tpl.save(stream)
        return normalize_docx(stream.getvalue())
