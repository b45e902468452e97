"""``render_document``: a :class:`~dlxh.models.Document` to a finished .docx."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any, Literal

import docx

from dlxh.atomic import atomic_write
from dlxh.errors import InputError
from dlxh.io import validate
from dlxh.models import Document
from dlxh.plugins import Hooks, resolve_hooks
from dlxh.profiles import (
    BUILTIN_PROFILES,
    FormatProfile,
    available_profiles,
    get_profile,
    load_profile,
    profile_on,
)
from dlxh.profiles.registry import canonical_name, unknown_profile
from dlxh.render.blocks import BlockWriter
from dlxh.render.builder import page_text_width_mm
from dlxh.render.catalog import resolve_template, template_for
from dlxh.render.context import document_context, user_context
from dlxh.render.finishing import Finisher
from dlxh.render.marks import add_first_page_marks, needs_first_page_marks
from dlxh.render.meeting import closing_blocks, opening_blocks
from dlxh.render.required import require_styles
from dlxh.templating.package import normalize_docx
from dlxh.templating.template import Template

__all__ = ["profile_named", "render_document", "resolve_profile"]


def resolve_profile(
    profile: FormatProfile | str | os.PathLike[str] | None,
    document: Document,
    hooks: Hooks | None = None,
) -> FormatProfile:
    """A profile object from a name (plugins' profiles included), a YAML file, an object, or the
    document's own regime, as it applies on the document's date.

    A family name (``dang``) gives the version in force on ``document.date``; ``dang@2018`` pins
    one; a house style that extends a family (``extends: dang``) follows the date too.
    """
    if isinstance(profile, FormatProfile):
        return profile_on(profile, document.date)
    name = document.profile.value if profile is None else os.fspath(profile)
    return profile_named(name, hooks, on=document.date)


def profile_named(
    name: str, hooks: Hooks | None = None, *, on: dt.date | None = None
) -> FormatProfile:
    """A profile from its name, in any case (plugins' profiles included; ``name@version`` pins a
    version) or a profile YAML file, as it applies on ``on`` (the newest version without a date).

    An unknown name raises :class:`~dlxh.errors.NotFoundError` listing every profile, the
    plugins' too, and the likely one meant (``did you mean 'dang'?``).
    """
    if name.endswith((".yaml", ".yml")):
        return load_profile(name, on=on)
    own = available_profiles()
    name = canonical_name(name, own)
    family = name.partition("@")[0]
    if family in BUILTIN_PROFILES or family in own:
        return get_profile(name, on=on)
    if hooks is not None:
        plugin = [p for p in hooks.profiles() if p.name not in BUILTIN_PROFILES]
        name = canonical_name(name, [p.name for p in plugin])
        for candidate in plugin:
            if candidate.name == name:
                return profile_on(candidate, on)
    raise unknown_profile(name, hooks, plugins_used=hooks is not None)


def _in_regime(document: Document, profile: FormatProfile) -> Document:
    if document.profile is profile.regime:
        return document
    data = {**document.model_dump(), "profile": profile.regime}
    return validate(Document, data, source=f"the document in profile {profile.name!r}")


def _postprocess(data: bytes, document: Document, hooks: Hooks) -> bytes:
    """Give plugins that edit rendered documents the python-docx object they expect."""
    opened = docx.Document(io.BytesIO(data))
    hooks.postprocess(document, opened)
    stream = io.BytesIO()
    opened.save(stream)
    return normalize_docx(stream.getvalue())


def render_document(
    document: Document,
    output: str | os.PathLike[str] | IO[bytes] | None = None,
    *,
    template: Template | str | os.PathLike[str] | None = None,
    profile: FormatProfile | str | os.PathLike[str] | None = None,
    base_dir: str | os.PathLike[str] | None = None,
    hooks: Hooks | Literal[False] | None = None,
    context: Mapping[str, Any] | None = None,
) -> bytes:
    """Render ``document`` to .docx bytes; also write them to ``output`` (a path, atomically, or a
    binary stream) when given.

    ``profile`` is a profile name, a profile YAML file or a :class:`FormatProfile` (default: the
    document's own ``profile``); ``template`` a :class:`Template`, a .docx path, or a template
    name such as ``dang/van-ban`` (default: the profile's template for the document type).
    ``base_dir`` resolves relative image paths. ``hooks`` brings plugins' profiles, template
    folders, Jinja filters and post-processing: by default the installed plugins, as
    ``dlxh render`` uses them (:func:`dlxh.plugins.default_hooks`); ``False`` for none; or a
    :class:`~dlxh.plugins.Hooks` of your own (:func:`dlxh.plugins.load_plugins`). ``context``
    adds your own template variables (``{"so_ho": 12}`` for ``{{ so_ho }}``): plain data under
    names that are not dlxh's own (:func:`~dlxh.render.context.user_context`); the document's
    ``extra`` mapping is ``{{ extra }}``.

    A path ``output`` must end in ``.docx``: Word decides how to open a file by its extension, so
    a .docx written under another name (``report.pdf``) would not open.
    """
    if isinstance(output, str | os.PathLike) and Path(output).suffix.lower() != ".docx":
        raise InputError("the output must be a .docx file", path=os.fspath(output))
    own = user_context(context)
    hooks = resolve_hooks(hooks)
    chosen = resolve_profile(profile, document, hooks)
    document = _in_regime(document, chosen)
    if template is None:
        extra = hooks.template_dirs() if hooks is not None else []
        compiled = template_for(document, chosen, extra)
    elif isinstance(template, Template):
        compiled = template
    else:
        compiled = resolve_template(os.fspath(template), chosen)
    folder = None if base_dir is None else Path(base_dir)
    require_styles(compiled)

    body = compiled.new_subdoc()
    BlockWriter(
        body.document,
        page_text_width_mm(chosen),
        heading_separator=chosen.text("heading.separator"),
        end_mark=chosen.text("body.end_mark") or None,
        base_dir=folder,
        keep_with_next=True,
    ).write([*opening_blocks(document), *document.body, *closing_blocks(document)])
    finisher = Finisher(document, chosen, folder, compiled)
    data = compiled.render(
        {**own, **document_context(document, chosen), "body": body},
        filters=hooks.filters() if hooks is not None else None,
        finish_body=finisher.body,
        parts=finisher.properties(),
    )
    if needs_first_page_marks(document):
        key = "header.left_width_mm"
        left = chosen.number(key) if key in chosen.rules else 0.0
        data = add_first_page_marks(data, document, chosen, left)
    if hooks is not None and hooks.has_postprocess():
        data = _postprocess(data, document, hooks)
    if output is not None:
        if isinstance(output, str | os.PathLike):
            atomic_write(output, data)
        else:
            output.write(data)
    return data
