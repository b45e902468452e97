"""``Template``: a .docx template loaded once and rendered many times.

Semantics are those of docxtpl (``DocxTemplate(path).render(context); save()``), with dlxh's
environment (sandboxed, autoescaped, strict), errors that name the template and the tag, and
deterministic output bytes. Everything that does not depend on the data (docxtpl's tag
clean-up, Jinja compilation, the parts that never change, already deflated) is done once, when the
template is loaded; :meth:`Template.render` does only the per-document work, with the engine in
:mod:`dlxh.templating.engine`. Renders never share state, so one ``Template`` serves many threads.

The docxtpl engine stays available (``engine="docxtpl"``) as the reference the fast engine is
tested against, and is used when a caller needs the python-docx document itself (``prepare`` and
``finish``).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Literal

import jinja2
from docx.document import Document as DocxDocument
from docxtpl import DocxTemplate
from jinja2.exceptions import SecurityError

from dlxh.errors import DlxhError, TemplateError
from dlxh.files import read_regular
from dlxh.quoting import MESSAGE_CHARS, cut
from dlxh.templating.engine import CallerError, CompiledPackage, RenderPart, current_part
from dlxh.templating.environment import make_environment
from dlxh.templating.intake import take_in
from dlxh.templating.jinja_errors import (
    TemplateJinjaError,
    TemplateSecurityError,
    TemplateSyntaxError,
    TemplateUndefinedError,
    near,
)
from dlxh.templating.limits import RenderLimitError
from dlxh.templating.package import DEFAULT_LIMITS, Entry, PackageLimits, normalize_docx
from dlxh.templating.subdoc import Subdoc

__all__ = ["MAX_TEMPLATE_BYTES", "Template"]

MAX_TEMPLATE_BYTES = DEFAULT_LIMITS.max_bytes
"""Largest template accepted (a template is a few dozen kilobytes; this bounds a zip bomb).
The other bounds on a template's package are :class:`~dlxh.templating.package.PackageLimits`."""

Prepare = Callable[[DocxTemplate], Mapping[str, Any]]
Finish = Callable[[DocxDocument], None]

_UNDEFINED = re.compile(r"'(?P<name>[^']+)' is undefined")
_NO_ATTRIBUTE = re.compile(r"has no attribute '(?P<name>[^']+)'")


def _check_package(
    data: bytes, name: str, *, allow_external: bool, limits: PackageLimits, level: int
) -> tuple[bytes, dict[str, Entry]]:
    """The template checked and cleaned (:func:`~dlxh.templating.intake.take_in`): its bytes and
    members. The warning about removed links points at the caller of ``Template``'s
    constructors."""
    return take_in(
        data, name, allow_external=allow_external, limits=limits, level=level, stacklevel=3
    )


class Template:
    """A compiled .docx template. Build it with :meth:`load` (a path) or :meth:`from_bytes`."""

    def __init__(
        self,
        data: bytes,
        name: str,
        *,
        compresslevel: int = 6,
        allow_external: bool = False,
        limits: PackageLimits = DEFAULT_LIMITS,
    ) -> None:
        """Check the package ``data`` (an :class:`~dlxh.errors.InputError` says what is wrong
        with it) and remove its links to content outside the document: linked pictures, OLE
        links, attached templates, ``altChunk``, fields such as ``INCLUDEPICTURE``
        (:mod:`dlxh.templating.external`), with a :class:`~dlxh.errors.SecurityWarning`. A
        document carries them into every output, where Word and LibreOffice fetch them when
        they open or convert it. ``allow_external=True`` keeps them, for templates from a
        trusted author that need them."""
        self._data, self._entries = _check_package(
            data, name, allow_external=allow_external, limits=limits, level=compresslevel
        )
        self.name = name
        self.allow_external = allow_external
        self._level = compresslevel
        self._package: CompiledPackage | None = None
        self._problem: str | None = None
        self._lock = threading.Lock()

    def __reduce__(self) -> tuple[Any, ...]:
        # Compiled Jinja code does not pickle; a process pool gets the bytes and compiles once.
        # The bytes are already cleaned, so the worker has nothing to remove (or warn about).
        return (_rebuild, (self._data, self.name, self._level, self.allow_external))

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, allow_external: bool = False) -> Template:
        """Read, check and compile the template at ``path`` once (see :class:`Template` for
        ``allow_external``). Only a regular file is read, and at most
        :data:`MAX_TEMPLATE_BYTES` of it."""
        file = Path(path)
        data = read_regular(file, MAX_TEMPLATE_BYTES, "template")
        template = cls(data, str(file), allow_external=allow_external)
        template.compile()
        return template

    @classmethod
    def from_bytes(
        cls, data: bytes, name: str = "<template>", *, allow_external: bool = False
    ) -> Template:
        """A template from bytes already in memory (see :class:`Template` for
        ``allow_external``)."""
        return cls(data, name, allow_external=allow_external)

    @property
    def data(self) -> bytes:
        """The template file as loaded."""
        return self._data

    def compile(self) -> bool:
        """Do the per-template work now (it is otherwise done by the first render); ``False``
        when the package cannot be compiled (the render will say why)."""
        with self._lock:
            if self._package is None and self._problem is None:
                try:
                    self._package = CompiledPackage(
                        self._data,
                        self.name,
                        self._level,
                        entries=self._entries,
                        allow_external=self.allow_external,
                    )
                except Exception as exc:  # broken XML, missing parts: reported when rendering
                    self._problem = cut(str(exc) or type(exc).__name__, MESSAGE_CHARS)
                self._entries = {}  # the compiled package holds them now
        return self._package is not None

    # docxtpl compatibility: InlineImage(tpl, ...), tpl.build_url_id(url), tpl.new_subdoc()
    @property
    def current_rendering_part(self) -> RenderPart:
        """The part being rendered (docxtpl's ``InlineImage`` adds its image there)."""
        return current_part()

    def build_url_id(self, url: str) -> str:
        """A relationship id for a hyperlink to ``url`` (``RichText.add(..., url_id=...)``)."""
        return self._compiled().link_id(url)

    def new_subdoc(self, path: str | os.PathLike[str] | IO[bytes] | None = None) -> Subdoc:
        """A sub-document to fill with python-docx and insert with ``{{p name }}``.

        Without ``path`` it starts empty, with the template's styles (and its page: tables
        added to it are as wide as the template's text); content must use styles the template
        has, as with docxtpl's sub-documents. With a path (or a binary stream) it holds that
        document's body, and brings the styles and lists the body uses into the output as
        docxtpl does (through docxcompose). The file is checked as a template is, and loses
        its links to content outside the document unless the template was loaded with
        ``allow_external=True``. Images and hyperlinks are carried into the output either way.
        """
        if path is not None:
            return Subdoc(path, allow_external=self.allow_external, template=self.name)
        self._compiled()  # a template that cannot be compiled says why, naming itself
        try:
            return Subdoc(self._data)
        except Exception as exc:  # what python-docx cannot open: a relationship to no part...
            raise TemplateError(
                f"{self.name}: cannot open the template: {cut(str(exc) or type(exc).__name__)}"
            ) from None

    def render(
        self,
        context: Mapping[str, Any],
        *,
        filters: Mapping[str, Callable[..., Any]] | None = None,
        prepare: Prepare | None = None,
        finish: Finish | None = None,
        engine: Literal["fast", "docxtpl"] = "fast",
        finish_body: Callable[[Any], None] | None = None,
        parts: Mapping[str, bytes] | None = None,
    ) -> bytes:
        """Render with ``context`` and return the .docx bytes (identical for identical input).

        ``prepare`` receives the docxtpl object before rendering and returns extra context that
        needs it (sub-documents, inline images); ``finish`` receives the rendered python-docx
        document to post-process before it is saved. Both need docxtpl's object model, so they
        render with ``engine="docxtpl"``, the reference engine; otherwise the fast one is used.
        With the fast engine, ``finish_body`` receives the rendered ``w:body`` element (lxml) to
        change before it is written, and ``parts`` replace members of the package
        (``{"docProps/core.xml": ...}``).
        """
        if prepare is not None or finish is not None or engine == "docxtpl":
            if finish_body is not None or parts is not None:
                raise ValueError("finish_body and parts need the fast engine")
            return self._render_docxtpl(context, filters, prepare, finish)
        if engine != "fast":
            raise ValueError(f"unknown engine {engine!r}; expected 'fast' or 'docxtpl'")
        package = self._compiled()
        with self._errors():
            return package.render(context, filters, finish_body, parts)

    def _compiled(self) -> CompiledPackage:
        if not self.compile() or self._package is None:
            raise TemplateError(f"{self.name}: cannot open the template: {self._problem}")
        return self._package

    def part(self, name: str) -> bytes | None:
        """The content of the template's member ``name`` (``word/styles.xml``), or None."""
        return self._compiled().part(name)

    def style_ids(self) -> dict[str, str]:
        """The template's style names and their ids (``{"DLXH Rule": "DLXHRule", ...}``)."""
        return self._compiled().style_ids()

    def _render_docxtpl(
        self,
        context: Mapping[str, Any],
        filters: Mapping[str, Callable[..., Any]] | None,
        prepare: Prepare | None,
        finish: Finish | None,
    ) -> bytes:
        try:
            tpl = DocxTemplate(io.BytesIO(self._data))
            tpl.init_docx()
        except Exception as exc:
            raise TemplateError(f"{self.name}: cannot open the template: {exc}") from None
        values = dict(context)
        if prepare is not None:
            values.update(prepare(tpl))
        environment = make_environment(filters)
        with self._errors():
            tpl.render(values, environment, autoescape=True)
        if finish is not None:
            finish(tpl.docx)
        stream = io.BytesIO()
        tpl.save(stream)
        return normalize_docx(stream.getvalue())

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """Jinja's errors as :class:`TemplateError` naming the template and the tag; those
        that Jinja raised are also ``jinja2`` errors of their kind
        (:mod:`dlxh.templating.jinja_errors`), as code written for docxtpl catches them."""
        try:
            yield
        except CallerError as wrapped:
            raise wrapped.error from None
        except TemplateError:
            raise
        except jinja2.TemplateSyntaxError as exc:
            raise self._syntax_error(exc) from None
        except jinja2.UndefinedError as exc:
            match = _UNDEFINED.search(str(exc))
            attribute = _NO_ATTRIBUTE.search(str(exc))
            if match is None and attribute is not None:
                raise TemplateUndefinedError(
                    f"{self.name}: the template asks for {attribute['name']!r} of a value that "
                    f"has no such field ({exc})"
                ) from None
            variable = match["name"] if match else str(exc)
            raise TemplateUndefinedError(
                f"{self.name}: the template uses {variable!r}, which the data does not provide"
            ) from None
        except RenderLimitError as exc:
            raise TemplateSecurityError(f"{self.name}: the template was stopped: {exc}") from None
        except SecurityError as exc:
            raise TemplateSecurityError(
                f"{self.name}: unsafe template expression refused: {exc}"
            ) from None
        except jinja2.TemplateError as exc:
            raise TemplateJinjaError(f"{self.name}: template error: {exc}") from None
        except DlxhError as exc:  # a filter's own error (a date it cannot read)
            raise TemplateError(f"{self.name}: a tag could not use its value: {exc}") from None
        except Exception as exc:
            # a filter or an expression given a value of the wrong kind (the data's fault), or a
            # helper misused (cycler() with nothing to cycle): the template's error either way
            raise TemplateError(
                f"{self.name}: a tag could not use its value: {type(exc).__name__}: "
                + cut(str(exc), MESSAGE_CHARS)
            ) from None

    def _syntax_error(self, exc: jinja2.TemplateSyntaxError) -> TemplateSyntaxError:
        """A syntax error naming the template and quoting the paragraph of the offending tag,
        with docxtpl's ``docx_context`` (the engine's carries the error's line; docxtpl's own
        numbers its source a line per paragraph, so ``exc.lineno`` is that line)."""
        context = getattr(exc, "docx_context", None) or []
        lineno = getattr(context, "lineno", None) or exc.lineno
        lines = list(context)
        where = near(lines, exc.message or "", lineno)
        error = TemplateSyntaxError(
            f"{self.name}: template syntax error: {exc.message}"
            + (f" (near: {where})" if where else ""),
            lineno,
            self.name,
        )
        error.docx_context = lines
        return error


def _rebuild(data: bytes, name: str, level: int, allow_external: bool = False) -> Template:
    return Template(data, name, compresslevel=level, allow_external=allow_external)
