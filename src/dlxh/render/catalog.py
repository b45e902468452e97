"""Where templates live and how one is chosen for a document.

Shipped templates sit in ``templates/<profile>/<layout>.docx`` (inside the wheel as
``dlxh/templates``). For a document, dlxh looks for a file named after its type first
(``dang/bao-cao.docx``: drop one there to give reports their own look), then for its layout
(``dang/van-ban.docx``). ``dang/`` holds the newest Party version's templates, ``dang@2018/`` the
older version's. A profile without shipped templates (a house style) gets its templates built
from its rules on first use.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from dlxh.errors import NotFoundError
from dlxh.models import Document, DocumentType
from dlxh.profiles import BUILTIN_PROFILES, FormatProfile, profile_versions
from dlxh.render.builder import LAYOUTS, Layout, build_template
from dlxh.templating.template import Template

__all__ = [
    "TEMPLATE_PATH_ENV",
    "TemplateInfo",
    "layout_of",
    "list_templates",
    "resolve_template",
    "shipped_folder",
    "template_candidates",
    "template_for",
    "templates_dir",
]


TEMPLATE_PATH_ENV = "DLXH_TEMPLATE_PATH"
"""Environment variable: extra template folders (``os.pathsep``-separated), searched first."""


def templates_dir() -> Path:
    """The folder of shipped templates: inside the installed package, or the source checkout's."""
    packaged = Path(str(resources.files("dlxh"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


def layout_of(document_type: DocumentType, *, decides: bool = False) -> Layout:
    """The layout a document type uses. A nghị quyết voted by a body that decides by it (an
    HĐND: its ``authority`` line, then "QUYẾT NGHỊ:" and articles) takes the decision's layout
    (``decides``); a Party nghị quyết without one is a text with headings."""
    if document_type is DocumentType.QUYET_DINH or (
        decides and document_type is DocumentType.NGHI_QUYET
    ):
        return "quyet-dinh"
    if document_type is DocumentType.CONG_VAN:
        return "cong-van"
    if document_type is DocumentType.BIEN_BAN:
        return "bien-ban"
    return "van-ban"


class TemplateInfo:
    """A shipped template: its name (``dang/van-ban``), profile, layout and file."""

    __slots__ = ("layout", "name", "path", "profile")

    def __init__(self, profile: str, layout: str, path: Path) -> None:
        self.profile = profile
        self.layout = layout
        self.name = f"{profile}/{layout}"
        self.path = path

    def __repr__(self) -> str:
        return f"TemplateInfo({self.name!r})"


def list_templates() -> list[TemplateInfo]:
    """Every shipped template, by profile then name."""
    root = templates_dir()
    found = []
    for profile in sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []:
        for file in sorted(profile.glob("*.docx")):
            found.append(TemplateInfo(profile.name, file.stem, file))
    return found


@cache
def _shipped(path: Path) -> Template:
    return Template.load(path)


_BUILT: dict[tuple[str, str], Template] = {}


def _built(profile: FormatProfile, layout: Layout) -> Template:
    """A template built from ``profile``'s rules, cached per profile content and layout."""
    key = (profile.model_dump_json(), layout)
    if key not in _BUILT:
        data = build_template(profile, layout)
        _BUILT[key] = Template.from_bytes(data, f"{profile.name}/{layout} (built)")
    return _BUILT[key]


def _search_path(extra_dirs: Sequence[Path] = ()) -> list[Path]:
    """Folders to look in: ``$DLXH_TEMPLATE_PATH``, plugin folders, then the shipped templates."""
    configured = os.environ.get(TEMPLATE_PATH_ENV, "")
    user = [Path(p) for p in configured.split(os.pathsep) if p]
    return [*user, *extra_dirs, templates_dir()]


def shipped_folder(profile: FormatProfile) -> str:
    """The folder of ``templates/`` holding a built-in profile version's templates.

    The newest version of a family keeps the family's folder (``dang/``), so ``dang/van-ban``
    names the templates of the guide now in force; an older version has a folder of its own
    (``dang@2018/``), since its styles differ (italic legal bases, multiple line spacing).
    """
    versions = profile_versions(profile.name)
    if not versions or versions[-1].version == profile.version:
        return profile.name
    return profile.ref


def template_candidates(
    document: Document, profile: FormatProfile, extra_dirs: Sequence[Path] = ()
) -> list[Path]:
    """The files :func:`template_for` looks for, in order (the first that exists wins)."""
    stems = (document.type.value.replace("_", "-"), _layout(document))
    found = []
    for root in _search_path(extra_dirs):
        if root == templates_dir():
            if profile.name not in BUILTIN_PROFILES:
                continue  # a house style must not silently take a built-in profile's look
            folders = [shipped_folder(profile)]
        else:  # a user's folder: the version's own (dang@2018/), then the family's (dang/)
            folders = [profile.ref, profile.name]
        found += [root / folder / f"{stem}.docx" for folder in folders for stem in stems]
    return found


def template_for(
    document: Document, profile: FormatProfile, extra_dirs: Sequence[Path] = ()
) -> Template:
    """The template to render ``document`` with in ``profile``.

    In each folder of the search path (``$DLXH_TEMPLATE_PATH``, then the shipped templates), the
    profile's subfolder is searched for a file named after the document type
    (``dang/bao-cao.docx``), then for its layout (``dang/van-ban.docx``); a user's folder may
    hold one subfolder per version (``dang@2018/``), searched before the family's. Shipped
    templates exist for the built-in profiles only (``dang/`` for the newest Party version,
    ``dang@2018/`` for the older); other profiles fall back to templates built from their rules.
    """
    for candidate in template_candidates(document, profile, extra_dirs):
        if candidate.is_file():
            return _shipped(candidate)
    return _built(profile, _layout(document))


def _layout(document: Document) -> Layout:
    return layout_of(document.type, decides=document.authority is not None)


def resolve_template(name_or_path: str, profile: FormatProfile) -> Template:
    """A template given as a path, a ``profile/layout`` name or a layout of ``profile``."""
    path = Path(name_or_path)
    if path.suffix.lower() == ".docx" or path.exists():
        return Template.load(path)
    folder, _, layout = name_or_path.rpartition("/")
    if folder in ("", profile.name, profile.ref):  # the family's name means the profile's version
        folder = shipped_folder(profile)
    name = f"{folder}/{layout}"
    for info in list_templates():
        if info.name == name:
            return _shipped(info.path)
    if layout in LAYOUTS and folder in (profile.name, profile.ref, shipped_folder(profile)):
        return _built(profile, layout)
    names = ", ".join(info.name for info in list_templates())
    raise NotFoundError(f"unknown template {name_or_path!r}; shipped templates: {names}")
