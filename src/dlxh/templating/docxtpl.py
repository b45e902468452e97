"""docxtpl's API on dlxh's engine: change ``from docxtpl import ...`` to
``from dlxh.templating.docxtpl import ...`` and a docxtpl script runs unchanged, faster.

:class:`DocxTemplate` has docxtpl's constructor, methods and attributes (``render``, ``save``,
``new_subdoc``, ``build_url_id``, ``get_undeclared_template_variables``, the ``replace_*``
methods, ``docx``, ``init_docx``, ``is_rendered``...) and gives docxtpl's document, with three
deliberate differences, each with its one-line way back where that is safe:

* **undefined names are errors** (a misspelt tag is a :class:`~dlxh.errors.TemplateError` naming
  it, not a silent blank in a signed document); ``DocxTemplate(path, strict=False)`` prints them
  as nothing, as docxtpl does;
* **values are always escaped**: ``render(..., autoescape=False)`` is accepted and does not turn
  escaping off, because a value holding ``<`` or ``&`` would otherwise break the document or
  inject elements into it. docxtpl's own objects (``RichText``, ``Listing``, ``InlineImage``,
  sub-documents) carry their XML as before; a caller that builds XML itself wraps it in
  ``markupsafe.Markup`` (the caller vouches for it; the template cannot);
* **the template is sandboxed**: a caller's ``jinja_env`` gives its filters and globals, but
  the template still renders in dlxh's sandboxed, bounded environment
  (:mod:`dlxh.templating.environment`).

``RichText``, ``R``, ``RichTextParagraph``, ``RP``, ``Listing`` and ``InlineImage`` are docxtpl's
own classes: the engine takes them as they are.
"""

from __future__ import annotations

import io
import os
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

import docx
import jinja2
from docx.document import Document as DocxDocument
from docxtpl import RP, InlineImage, Listing, R, RichText, RichTextParagraph
from jinja2 import meta

from dlxh.errors import InputError
from dlxh.files import read_regular
from dlxh.templating.docxtpl_parts import LenientPackage, replaced_package, template_sources
from dlxh.templating.engine import CompiledPackage, RenderPart, current_part
from dlxh.templating.environment import make_environment
from dlxh.templating.package import normalize_docx
from dlxh.templating.subdoc import Subdoc as _Subdoc
from dlxh.templating.template import MAX_TEMPLATE_BYTES, Template

__all__ = [
    "RP",
    "DocxTemplate",
    "InlineImage",
    "Listing",
    "R",
    "RichText",
    "RichTextParagraph",
    "Subdoc",
]

TemplateFile = IO[bytes] | str | os.PathLike[str]

_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
"""The core properties docxtpl's ``render_properties`` renders (its list)."""


def _read(template_file: TemplateFile) -> tuple[bytes, str]:
    """The template's bytes and a name for messages; a file object is read from its start, as
    python-docx reads it (a zip is read from its end)."""
    if isinstance(template_file, str | os.PathLike):
        path = Path(template_file)
        return read_regular(path, MAX_TEMPLATE_BYTES, "template"), str(path)
    if template_file.seekable():
        template_file.seek(0)
    data = template_file.read(MAX_TEMPLATE_BYTES + 1)
    if len(data) > MAX_TEMPLATE_BYTES:
        raise InputError(f"the template is larger than {MAX_TEMPLATE_BYTES} bytes")
    return data, str(getattr(template_file, "name", "<template>"))


def _from_environment(
    jinja_env: jinja2.Environment | None,
) -> tuple[dict[str, Callable[..., Any]], dict[str, Any]]:
    """A caller's Jinja environment as what dlxh honours of it: the filters and globals it
    added to Jinja's own. Its other settings (autoescape, undefined, the sandbox it lacks) do not
    carry over: the template renders in dlxh's environment."""
    if jinja_env is None:
        return {}, {}
    filters = {k: f for k, f in jinja_env.filters.items() if _JINJA.filters.get(k) is not f}
    extra = {k: v for k, v in jinja_env.globals.items() if _JINJA.globals.get(k, _JINJA) is not v}
    return filters, extra


_JINJA = jinja2.Environment()
"""Jinja's own filters and globals, which every environment has: not the caller's."""


def _any_filter(value: Any, *args: Any, **kwargs: Any) -> Any:  # never called
    return value


class _AnyName(dict[str, Any]):
    """Filters or tests of every name: finding the names a template uses compiles it (Jinja's
    ``meta``), and which filters exist changes nothing to which names it uses."""

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key, _any_filter)

    def __getitem__(self, key: str) -> Any:
        return super().get(key, _any_filter)

    def __contains__(self, key: object) -> bool:
        return True


_NAMES = jinja2.Environment()
_NAMES.filters = _AnyName(_NAMES.filters)
_NAMES.tests = _AnyName(_NAMES.tests)


def _file_bytes(file: IO[bytes] | str | os.PathLike[str]) -> bytes:
    if isinstance(file, str | os.PathLike):
        return Path(file).read_bytes()
    return file.read()


class DocxTemplate:
    """docxtpl's ``DocxTemplate`` on dlxh's fast engine (see the module's documentation for the
    three ways it is deliberately safer, and how to get docxtpl's behaviour back).

    The template is read, checked and compiled once: one object rendered many times
    (``render``, ``save``, ``render``, ``save``...) only does the per-document work.
    """

    def __init__(
        self, template_file: TemplateFile, *, strict: bool = True, allow_external: bool = False
    ) -> None:
        """``template_file`` is a path or a binary file object. ``strict=False`` prints
        undefined names as nothing (docxtpl's behaviour); ``allow_external`` keeps links to
        content outside the document (see :class:`~dlxh.templating.Template`)."""
        self.template_file = template_file
        self.strict = strict
        data, name = _read(template_file)
        self._template = Template.from_bytes(data, name, allow_external=allow_external)
        self._lenient: LenientPackage | None = None
        self._rendered: bytes | None = None
        self._document: DocxDocument | None = None  # python-docx's view, opened when asked
        self._opened_template = False  # the document is the template (init_docx), not a result
        self.is_rendered = False
        self.is_saved = False
        self.allow_missing_pics = False
        self.reset_replacements()

    # -- what docxtpl's helpers ask of the template -----------------------------------------

    @property
    def current_rendering_part(self) -> RenderPart:
        """The part being rendered (docxtpl's ``InlineImage`` adds its picture there)."""
        return current_part()

    def _package(self) -> CompiledPackage:
        if self.strict:
            return self._template._compiled()
        if self._lenient is None:
            self._template._compiled()  # a template that cannot be compiled says why
            self._lenient = LenientPackage(
                self._template.data,
                self._template.name,
                allow_external=self._template.allow_external,
            )
        return self._lenient

    def build_url_id(self, url: str) -> str:
        """A relationship id for a hyperlink to ``url`` (``RichText.add(..., url_id=...)``)."""
        return self._package().link_id(url)

    def new_subdoc(self, docpath: str | os.PathLike[str] | None = None) -> _Subdoc:
        """A sub-document to fill with python-docx and insert with ``{{p name }}``: empty, with
        the template's styles, or holding the document at ``docpath``."""
        return self._template.new_subdoc(docpath)

    # -- python-docx's view ------------------------------------------------------------------

    @property
    def docx(self) -> DocxDocument | None:
        """The rendered document as python-docx's ``Document`` (opened the first time it is
        asked for; changes made to it are saved); before a render, the template's document
        once :meth:`init_docx` has opened it, else None, as in docxtpl."""
        if self._document is None and self.is_rendered and self._rendered is not None:
            self._document = docx.Document(io.BytesIO(self._rendered))
        return self._document

    def init_docx(self, reload: bool = True) -> None:
        """Open the template as a python-docx document (``tpl.docx``); after a render, with
        ``reload``, the template again instead of the result. Changes made to it before
        :meth:`render` are rendered, as docxtpl renders them."""
        if self._document is None or (self.is_rendered and reload):
            self._document = docx.Document(io.BytesIO(self._template.data))
            self._opened_template = True
            self.is_rendered = False
            self._rendered = None

    def get_docx(self) -> DocxDocument:
        """:meth:`init_docx`, then the document."""
        self.init_docx()
        assert self._document is not None
        return self._document

    def __getattr__(self, name: str) -> Any:
        # docxtpl passes unknown attributes to the python-docx document (tpl.sections...)
        if name.startswith("_"):
            raise AttributeError(name)
        document = self.docx
        if document is None:
            raise AttributeError(
                f"DocxTemplate has no attribute {name!r} (python-docx's attributes are there "
                "once the document is open: call init_docx() or render() first)"
            )
        return getattr(document, name)

    # -- rendering ---------------------------------------------------------------------------

    def render(
        self,
        context: Mapping[str, Any],
        jinja_env: jinja2.Environment | None = None,
        autoescape: bool = False,
    ) -> None:
        """Render the template with ``context`` (the result is kept for :meth:`save` and
        :attr:`docx`). ``jinja_env`` gives its filters and globals; ``autoescape`` is accepted
        for docxtpl's signature, and values are escaped either way (see the module)."""
        del autoescape  # always on: a value's "<" is text, never markup
        source = self._edited_template()
        self.is_rendered = False
        self.is_saved = False
        self._rendered = None
        self._document = None
        self._opened_template = False
        filters, extra = _from_environment(jinja_env)
        values = {**extra, **context}
        if source is not None:  # the caller changed the template's python-docx document
            edited = DocxTemplate(io.BytesIO(source), strict=self.strict)
            edited._template.name = self._template.name
            package = edited._package()
            package.links.update(self._package().links)
        else:
            package = self._package()
        with self._template._errors():
            self._rendered = package.render(values, filters)
        self.is_rendered = True

    def _edited_template(self) -> bytes | None:
        """The template as the caller changed it through :attr:`docx` before rendering."""
        if self._document is None or not self._opened_template or self.is_rendered:
            return None
        stream = io.BytesIO()
        self._document.save(stream)
        return normalize_docx(stream.getvalue())

    def render_properties(
        self, context: Mapping[str, Any], jinja_env: jinja2.Environment | None = None
    ) -> None:
        """Render docxtpl's six text core properties (author, comments, identifier, language,
        subject, title) of :attr:`docx` with ``context``. :meth:`render` already renders every
        core property; this is docxtpl's step on its own, for a document opened with
        :meth:`init_docx`. The values are plain text (python-docx escapes them), so they render
        without autoescape, in the sandbox."""
        document = self.docx
        if document is None:
            raise AttributeError("render_properties needs the document: call init_docx() first")
        filters, extra = _from_environment(jinja_env)
        environment = make_environment(filters)
        environment.autoescape = False
        if not self.strict:
            environment.undefined = jinja2.Undefined
        values = {**extra, **context}
        properties = document.core_properties
        with self._template._errors():
            for name in _PROPERTIES:
                text = getattr(properties, name)
                setattr(properties, name, environment.from_string(text).render(values))

    def get_undeclared_template_variables(
        self,
        jinja_env: jinja2.Environment | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> set[str]:
        """The names the template uses and does not set itself (every part the engine renders:
        body, headers, footers, footnotes, core properties); with ``context``, only those it
        does not provide. Always the template's, rendered or not, as in docxtpl. Filters and
        tests are not needed (those of a later ``render(jinja_env=...)`` need not be known).
        """
        del jinja_env  # the template renders with Jinja's default syntax, whatever the env
        found: set[str] = set()
        with self._template._errors():
            for source in template_sources(self._package()):
                found |= meta.find_undeclared_variables(_NAMES.parse(source))
        return found - set(context) if context is not None else found

    # -- replacements and saving -------------------------------------------------------------

    def reset_replacements(self) -> None:
        """Forget the pictures, media, embedded files and members to replace (before the next
        render with other replacements)."""
        self.crc_to_new_media: dict[int, bytes] = {}
        self.crc_to_new_embedded: dict[int, bytes] = {}
        self.zipname_to_replace: dict[str, bytes] = {}
        self.pics_to_replace: dict[str, bytes] = {}

    def replace_pic(self, embedded_file: str, dst_file: TemplateFile) -> None:
        """Replace the picture named ``embedded_file`` in the document (its file name when it
        was inserted, its title or its description: Word's "alt text") with ``dst_file``, a
        path or file object; in the body, headers and footers. The picture keeps its size."""
        self.pics_to_replace[embedded_file] = _file_bytes(dst_file)

    def replace_media(self, src_file: TemplateFile, dst_file: TemplateFile) -> None:
        """Replace the media file whose bytes are those of ``src_file`` (found by checksum, so
        keep the original) with ``dst_file``; the way to change a picture in a header."""
        crc = _crc(_file_bytes(src_file))
        self.crc_to_new_media[crc] = _file_bytes(dst_file)

    def replace_embedded(self, src_file: TemplateFile, dst_file: TemplateFile) -> None:
        """Replace the embedded object (``word/embeddings/``) whose bytes are those of
        ``src_file`` with ``dst_file``."""
        crc = _crc(_file_bytes(src_file))
        self.crc_to_new_embedded[crc] = _file_bytes(dst_file)

    def replace_zipname(self, zipname: str, dst_file: TemplateFile) -> None:
        """Replace the package member ``zipname`` (``word/embeddings/Sheet1.xlsx``) with
        ``dst_file``."""
        self.zipname_to_replace[zipname] = _file_bytes(dst_file)

    def save(self, filename: TemplateFile, *args: Any, **kwargs: Any) -> None:
        """Write the rendered document (the template itself when nothing was rendered, as in
        docxtpl) to a path or a binary stream, with the replacements asked for."""
        if args or kwargs:
            raise TypeError("save() takes the file name or stream only")
        if self._document is not None and not self._opened_template:
            stream = io.BytesIO()  # the caller may have changed the rendered document
            self._document.save(stream)
            data = normalize_docx(stream.getvalue())
        elif self.is_rendered and self._rendered is not None:
            data = self._rendered
        else:
            data = self._template.data
        replacing = bool(self.crc_to_new_media or self.crc_to_new_embedded)
        replacing = replacing or bool(self.zipname_to_replace)
        data = replaced_package(
            data,
            pictures=self.pics_to_replace,
            media=self.crc_to_new_media,
            embedded=self.crc_to_new_embedded,
            members=self.zipname_to_replace,
            allow_missing=self.allow_missing_pics,
        )
        if isinstance(filename, str | os.PathLike):
            Path(filename).write_bytes(data)
        else:
            filename.write(data)
            if replacing:
                filename.seek(0)  # docxtpl rewinds a stream it rewrote
        self.is_saved = True


def _crc(data: bytes) -> int:
    return zlib.crc32(data) & 0xFFFFFFFF


class _SubdocType(type):
    """``Subdoc(tpl, docpath=None)`` as docxtpl spells it: the template's sub-document."""

    def __call__(cls, tpl: DocxTemplate, docpath: str | os.PathLike[str] | None = None) -> Any:
        return tpl.new_subdoc(docpath)

    def __instancecheck__(cls, instance: Any) -> bool:
        return isinstance(instance, _Subdoc)


class Subdoc(metaclass=_SubdocType):
    """docxtpl's ``Subdoc(tpl, docpath=None)``: the same as ``tpl.new_subdoc(docpath)``."""
