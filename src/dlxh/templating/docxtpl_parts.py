"""The package work behind :mod:`dlxh.templating.docxtpl`: docxtpl's lenient undefined names,
the Jinja sources of a template's parts, and docxtpl's picture, media, embedded-object and
member replacements done on the output package.

docxtpl replaces pictures on its python-docx document before saving and the rest by rewriting
the saved zip; here both work on the rendered package's members, so the engine's output is
never opened with python-docx for it.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator, Mapping

import jinja2
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsmap
from lxml import etree

from dlxh.templating.engine import CompiledPackage, Filters
from dlxh.templating.environment import make_environment
from dlxh.templating.package import normalize_docx
from dlxh.templating.sources import _literal_escapes

__all__ = ["LenientPackage", "replaced_package", "template_sources"]

_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


class LenientPackage(CompiledPackage):
    """A compiled template whose undefined names print as nothing, as in docxtpl
    (``DocxTemplate(path, strict=False)``); still sandboxed, bounded and autoescaped.

    Only the environment differs from :class:`CompiledPackage`'s: Jinja's plain ``Undefined``
    instead of ``StrictUndefined`` (an attribute of an undefined name is still an error, as in
    docxtpl)."""

    def environment(self, filters: Filters | None) -> jinja2.Environment:
        environment = make_environment(filters)
        environment.undefined = jinja2.Undefined
        return environment


def template_sources(package: CompiledPackage) -> Iterator[str]:
    """The Jinja source of every part the engine renders (parts without a tag have no names)."""
    for source in package.sources:
        yield _literal_escapes(source.source)


def _crc(data: bytes) -> int:
    return zlib.crc32(data) & 0xFFFFFFFF


def _rels(members: Mapping[str, bytes], part: str) -> dict[str, tuple[str, str]]:
    """The relationships of ``part``: id -> (type, member name or external target)."""
    folder, name = posixpath.split(part)
    data = members.get(posixpath.join(folder, "_rels", f"{name}.rels"))
    if data is None:
        return {}
    found = {}
    for rel in etree.fromstring(data, _PARSER).iter(f"{{{_PKG}}}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") != "External":
            target = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
        found[rel.get("Id", "")] = (rel.get("Type", ""), target)
    return found


def _picture_parts(members: Mapping[str, bytes]) -> list[str]:
    """The main part and its headers and footers: where docxtpl looks for pictures."""
    main = next(
        (t for kind, t in _rels(members, "").values() if kind == RT.OFFICE_DOCUMENT),
        "word/document.xml",
    )
    others = [t for kind, t in _rels(members, main).values() if kind in (RT.HEADER, RT.FOOTER)]
    return [main, *others]


def _replace_pictures(
    members: Mapping[str, bytes], pictures: Mapping[str, bytes], allow_missing: bool
) -> dict[str, bytes]:
    """The image members to change for ``pictures`` (picture name, title or description ->
    new bytes), as docxtpl's ``replace_pic`` finds them: a ``pic:pic`` whose ``cNvPr`` has that
    name, title or description, the image its ``a:blip`` embeds."""
    changed: dict[str, bytes] = {}
    replaced = dict.fromkeys(pictures, False)
    for part in _picture_parts(members):
        if part not in members:
            continue
        rels = _rels(members, part)
        root = etree.fromstring(members[part], _PARSER)
        for data in root.iterfind(".//a:graphic/a:graphicData", nsmap):
            if data.get("uri") != nsmap["pic"]:
                continue
            blip = data.find("pic:pic/pic:blipFill/a:blip", nsmap)
            properties = data.find("pic:pic/pic:nvPicPr/pic:cNvPr", nsmap)
            embed = None if blip is None else blip.get(f"{{{nsmap['r']}}}embed")
            if embed is None or properties is None or embed not in rels:
                continue
            names = (
                properties.get("name"),
                properties.get("title", ""),
                properties.get("descr", ""),
            )
            for key, blob in pictures.items():
                if key in names:
                    changed[rels[embed][1]] = blob
                    replaced[key] = True
                    break
    missing = [key for key, done in replaced.items() if not done]
    if missing and not allow_missing:
        raise ValueError(f"Picture {missing[0]} not found in the docx template")
    return changed


def replaced_package(
    data: bytes,
    *,
    pictures: Mapping[str, bytes],
    media: Mapping[int, bytes],
    embedded: Mapping[int, bytes],
    members: Mapping[str, bytes],
    allow_missing: bool = False,
) -> bytes:
    """``data`` with docxtpl's replacements: pictures by name (``replace_pic``), media and
    embedded objects by the checksum of their bytes (``replace_media``, ``replace_embedded``),
    members by name (``replace_zipname``, which wins over the others, as in docxtpl). A member
    name that the package does not have is ignored, as docxtpl ignores it."""
    if not (pictures or media or embedded or members):
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
    replace = _replace_pictures(content, pictures, allow_missing) if pictures else {}
    for name, original in content.items():
        blob = replace.get(name, original)
        if name in members:
            replace[name] = members[name]
        elif name.startswith("word/media/") and _crc(blob) in media:
            replace[name] = media[_crc(blob)]
        elif name.startswith("word/embeddings/") and _crc(blob) in embedded:
            replace[name] = embedded[_crc(blob)]
    return normalize_docx(data, replace)
