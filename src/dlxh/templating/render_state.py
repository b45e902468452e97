"""What one render adds to a package, and the part being rendered.

Images (``InlineImage``), sub-documents' pictures and hyperlinks add parts and relationships to
the output while Jinja runs; they find the render in progress through a context variable, so one
:class:`~dlxh.templating.Template` serves many threads at once without sharing any of it.
"""

from __future__ import annotations

import contextvars
import posixpath
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.shape import CT_Inline

from dlxh.errors import TemplateError
from dlxh.quoting import cut
from dlxh.templating.images import image_from, pic_inline
from dlxh.templating.styles_merge import StyleMerge

if TYPE_CHECKING:
    from dlxh.templating.engine import CompiledPackage

__all__ = ["CallerError", "RenderPart", "current_part", "current_state"]


@dataclass(slots=True)
class _Rels:
    """What is known about one part's relationships file."""

    name: str  # the .rels member
    text: str | None  # its XML, None when the part has none yet
    next_id: int


@dataclass(slots=True)
class _RenderState:
    """Parts and relationships one render adds (images, sub-documents' images, hyperlinks)."""

    package: CompiledPackage
    part: RenderPart | None = None
    media: dict[str, tuple[str, bytes, str]] = field(default_factory=dict)  # sha1 -> name, blob, ct
    rels: dict[str, list[tuple[str, str, str, bool]]] = field(default_factory=dict)
    rel_ids: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)
    next_ids: dict[str, int] = field(default_factory=dict)
    next_media: int = 0
    overrides: dict[str, str] = field(default_factory=dict)  # a new part -> its content type
    merge: StyleMerge | None = None  # sub-documents' styles and lists (styles_merge.py)
    repair_tables: bool = False  # a sub-document brought tables: docxtpl's repair sees them

    def styles(self) -> StyleMerge:
        """The template's styles and numbering, to merge a sub-document's into (made once per
        render, when the first sub-document made from a file is inserted)."""
        if self.merge is None:
            self.merge = StyleMerge(self.package)
        return self.merge

    def relate(self, part: str, reltype: str, target: str, external: bool = False) -> str:
        """The relationship id from ``part`` to ``target``, added once per render."""
        if external and reltype != RT.HYPERLINK and not self.package.allow_external:
            raise TemplateError(
                f"{self.package.name}: a sub-document links to content outside the document "
                f"({reltype.rsplit('/', 1)[-1]} {cut(target, 120)}); embed it instead, or load "
                "the template with allow_external=True"
            )
        known = self.rel_ids.setdefault(part, {})
        if (reltype, target) in known:
            return known[(reltype, target)]
        rels = self.package.rels_of(part)
        number = self.next_ids.get(part, rels.next_id)
        self.next_ids[part] = number + 1
        rid = f"rId{number}"
        known[(reltype, target)] = rid
        self.rels.setdefault(part, []).append((rid, reltype, target, external))
        return rid

    def add_image(self, part: str, image: Image) -> str:
        """Store ``image`` once per render and relate ``part`` to it."""
        if image.sha1 not in self.media:
            if not self.next_media:
                self.next_media = self.package.next_media
            name = f"word/media/image{self.next_media}.{image.ext}"
            self.next_media += 1
            self.media[image.sha1] = (name, image.blob, image.content_type)
        name = self.media[image.sha1][0]
        target = posixpath.relpath(name, posixpath.dirname(part))
        return self.relate(part, RT.IMAGE, target)


class CallerError(Exception):
    """An error raised by the caller's ``finish_body``, carried through the template's error
    handling untouched (it is not the template's fault)."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


_STATE: contextvars.ContextVar[_RenderState] = contextvars.ContextVar("dlxh_render_state")


class RenderPart:
    """The part being rendered, as docxtpl's ``InlineImage`` expects to find it on its template
    (``tpl.current_rendering_part.new_pic_inline(...)``)."""

    def __init__(self, state: _RenderState, name: str) -> None:
        self._state = state
        self.name = name

    def new_pic_inline(
        self, image_descriptor: str | IO[bytes], width: int | None = None, height: int | None = None
    ) -> CT_Inline:
        """A ``wp:inline`` drawing of the image, sized like python-docx sizes it."""
        image = image_from(image_descriptor)  # Image.from_file, headers kept (images.py)
        rid = self._state.add_image(self.name, image)
        cx, cy = image.scaled_dimensions(width, height)
        return pic_inline(rid, image.filename, cx, cy)

    def relate_to(self, target: str, reltype: str, is_external: bool = False) -> str:
        """A relationship from this part (docxtpl uses it for image hyperlinks)."""
        return self._state.relate(self.name, reltype, target, is_external)


def current_part() -> RenderPart:
    """The part being rendered; only valid while a template renders."""
    part = current_state().part
    assert part is not None  # current_state checked it
    return part


def current_state() -> _RenderState:
    """The render in progress (for sub-documents that carry their own images)."""
    state = _STATE.get(None)
    if state is None or state.part is None:
        raise RuntimeError("images and sub-documents are inserted while a template renders")
    return state
