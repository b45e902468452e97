"""A sub-document's styles and numbering carried into the output, as docxtpl carries them.

``tpl.new_subdoc("other.docx")`` in docxtpl attaches the other document to the template through
docxcompose's ``Composer``: every style its body uses (paragraph, character and table styles,
with the styles they are based on or linked to) that the template lacks is appended to the
template's styles, style ids are mapped by style name (ids are language-specific: "Titre1" and
"Heading1" are both "heading 1"), and the lists it uses get numbering definitions of their own
(a numbered list starts again at 1). Without that its headings fall back to Normal and its
tables lose their borders.

The fast engine has no python-docx document of the template, so each render that inserts a
sub-document made from a file builds a small one (:class:`StyleMerge`): only the template's
styles and numbering parts, which python-docx reads in a few milliseconds whatever the size of
the template's body. docxcompose's own methods then do the work on it, the sub-document's body
copied first (so the sub-document can be inserted in any number of renders), and the two parts,
when they changed, replace the template's in the output. docxcompose gives each new list a
random ``w:nsid``; here it is derived from the list's number, so the output stays the same for
the same input.
"""

from __future__ import annotations

import copy
import io
import posixpath
import zlib
from typing import TYPE_CHECKING, Any

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.section import CT_SectPr
from docxcompose.composer import Composer
from lxml import etree

from dlxh.errors import TemplateError
from dlxh.quoting import cut
from dlxh.templating.package import Entry, write_package

if TYPE_CHECKING:
    from dlxh.templating.engine import CompiledPackage
    from dlxh.templating.render_state import _RenderState

__all__ = ["StyleMerge"]

_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_KINDS = {RT.STYLES: CT.WML_STYLES, RT.NUMBERING: CT.WML_NUMBERING}


def _scratch(package: CompiledPackage) -> tuple[bytes, dict[str, str]]:
    """A package python-docx opens as the template's document: the template's content types,
    an empty body, and only its styles and numbering parts (their names by relationship
    type)."""
    main = package.main
    rels = package.rels_of(main).text or f'<Relationships xmlns="{_PKG}"/>'
    kept: dict[str, str] = {}
    lines = []
    for rel in etree.fromstring(rels.encode(), _PARSER).iter(f"{{{_PKG}}}Relationship"):
        kind, target = rel.get("Type", ""), rel.get("Target", "")
        if kind not in _KINDS or rel.get("TargetMode") == "External" or kind in kept:
            continue
        name = posixpath.normpath(posixpath.join(posixpath.dirname(main), target))
        if name in package.entries:
            kept[kind] = name
            lines.append(f'<Relationship Id="{rel.get("Id")}" Type="{kind}" Target="{target}"/>')
    members = [
        package.entries["[Content_Types].xml"],
        Entry.deflate(
            "_rels/.rels",
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{RT.OFFICE_DOCUMENT}" '
            f'Target="/{main}"/></Relationships>'.encode(),
        ),
        Entry.deflate(
            main, f'<w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body/></w:document>'.encode()
        ),
        Entry.deflate(
            posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels"),
            f'<Relationships xmlns="{_PKG}">{"".join(lines)}</Relationships>'.encode(),
        ),
        *(package.entries[name] for name in kept.values()),
    ]
    return write_package(members), kept


class StyleMerge:
    """The template's styles and numbering during one render, with those of the sub-documents
    made from files that the render inserted so far."""

    def __init__(self, package: CompiledPackage) -> None:
        data, self._names = _scratch(package)
        try:
            self.master: DocxDocument = docx.Document(io.BytesIO(data))
        except Exception as exc:  # a styles part python-docx cannot read
            raise TemplateError(
                f"{package.name}: cannot read the template's styles to merge a sub-document's "
                f"into them: {cut(str(exc) or type(exc).__name__)}"
            ) from None
        self._sizes = self._measure()
        self._lists = _list_ids(self._part(RT.NUMBERING))
        self._done: dict[int, list[Any]] = {}

    def _part(self, kind: str) -> Any | None:
        try:
            return self.master.part.part_related_by(kind)
        except KeyError:
            return None

    def _measure(self) -> dict[str, int]:
        return {kind: len(part.element) for kind in _KINDS if (part := self._part(kind))}

    def compose(self, sub: DocxDocument, key: int) -> list[Any]:
        """Copies of ``sub``'s body elements (its final section properties left out) with the
        style ids and list numbers of the output, once per sub-document (``key``) and render;
        the styles and lists they use are added to the template's as docxtpl's ``SubdocComposer``
        adds them."""
        found = self._done.get(key)
        if found is None:
            composer = Composer(self.master)
            composer.reset_reference_mapping()
            composer._create_style_id_mapping(sub)
            found = []
            for original in sub.element.body:
                if isinstance(original, CT_SectPr):
                    continue
                element = copy.deepcopy(original)
                composer.add_styles(sub, element)
                composer.add_numberings(sub, element)
                composer.restart_first_numbering(sub, element)
                composer.remove_header_and_footer_references(sub, element)
                found.append(element)
            composer.add_styles_from_other_parts(sub)
            self._done[key] = found
        return [copy.deepcopy(element) for element in found]

    def finish(self, state: _RenderState, changed: dict[str, Entry]) -> None:
        """Put the styles and numbering parts into the output when sub-documents changed them:
        in place of the template's, or as new parts related to the main part."""
        level = state.package.level
        for kind, size in self._measure().items():
            if size == self._sizes.get(kind):
                continue
            part = self._part(kind)
            assert part is not None  # measured above
            if kind == RT.NUMBERING:
                _steady_nsids(part.element, self._lists)
            name = self._names.get(kind)
            if name is None:  # the template had none: python-docx or docxcompose made it
                name = str(part.partname).lstrip("/")
                main = state.package.main
                target = posixpath.relpath(name, posixpath.dirname(main))
                state.relate(main, kind, target)
                state.overrides[name] = _KINDS[kind]
            changed[name] = Entry.deflate(name, part.blob, level=level)


def _list_ids(numbering: Any | None) -> set[str]:
    if numbering is None:
        return set()
    return {
        d.get(qn("w:abstractNumId"), "") for d in numbering.element.findall(qn("w:abstractNum"))
    }


def _steady_nsids(numbering: Any, known: set[str]) -> None:
    """Replace the random ``w:nsid`` docxcompose gives each list definition it adds (those not
    ``known`` before) with one derived from the definition's number."""
    for definition in numbering.findall(qn("w:abstractNum")):
        number = definition.get(qn("w:abstractNumId"), "")
        nsid = definition.find(qn("w:nsid"))
        if nsid is not None and number not in known:
            nsid.set(qn("w:val"), f"{zlib.crc32(f'dlxh-list-{number}'.encode()) & 0xFFFFFFFF:08X}")
