"""Content a document would fetch from outside itself, found and removed before anyone fetches it.

A .docx can *link* to content instead of holding it. LibreOffice exporting a PDF fetches a
picture linked (``r:link``) to an ``http://`` address: a request from the converting machine to
wherever the document says, inside the network it sits in (server-side request forgery). A
``file://`` link embeds a file of that machine into the PDF. Word opening the document follows
the same links, and a link to ``\\\\host\\share`` sends the reader's Windows credentials to that
host. The engine copies a template's relationships into every output, so one hostile template
would carry its links into every document rendered from it.

So, unless a caller asks for them (``allow_external=True``), everything that points outside the
package goes, wherever it hides:

* every relationship whose target is outside the package (``TargetMode="External"``, or a target
  with a URI scheme or a network path) in every ``.rels`` part, except hyperlinks, which are
  followed only when a reader clicks them: linked pictures, OLE links, attached templates,
  sub-documents, ``altChunk``, frames, mail-merge sources, external chart data, XSLT...;
* the references to them: an element whose ``r:id`` (VML: ``o:relid``) names one
  (``w:attachedTemplate``, ``w:subDoc``, ``w:altChunk``, ``o:OLEObject``, ``v:imagedata``...) is
  removed, and any other ``r:`` attribute naming one (``a:blip r:link``) loses that attribute;
* VML ``src`` and ``href`` attributes that hold an address instead of a relationship;
* mail-merge settings, which hold a connection string and a query run against the data source;
* fields that pull content in when they are updated (``INCLUDEPICTURE``, ``INCLUDETEXT``,
  ``LINK``, ``DDE``...), in ``w:fldSimple`` and in ``w:instrText`` runs: the instruction goes,
  the result Word last displayed stays, so the page still shows what it showed.

Parts are parsed only when they may hold something to remove (a relationship was dropped, or the
bytes mention a field, VML or mail merge), so a clean template costs one parse of its ``.rels``.
"""

from __future__ import annotations

import codecs
import posixpath
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

from dlxh.errors import InputError, SecurityWarning
from dlxh.quoting import cut
from dlxh.templating.package import (
    DEFAULT_LIMITS,
    Entry,
    PackageLimits,
    read_entries,
    write_package,
)

__all__ = ["Removed", "describe", "remove_external", "remove_external_docx", "warn_removed"]

_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_R = frozenset(
    {
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "http://purl.oclc.org/ooxml/officeDocument/relationships",
    }
)
_W = frozenset(
    {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",
    }
)
_VML = frozenset({"urn:schemas-microsoft-com:vml", "urn:schemas-microsoft-com:office:office"})
_O = "urn:schemas-microsoft-com:office:office"
_HYPERLINK = "/relationships/hyperlink"
# A URI scheme (http:, file:, C: too, which is a path on another machine's disk) or a network
# path (//host, \\host): anything but a part name inside the package.
_OUTSIDE = re.compile(r"^\s*(?:[A-Za-z][A-Za-z0-9+.\-]*:|[\\/]{2})")
_FETCHING_FIELDS = frozenset(
    {"INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "LINK", "DDE", "DDEAUTO", "IMPORT", "DATABASE"}
    | {"RD"}  # a referenced document: its headings go into the table of contents
)
# What a part that holds something to remove must contain (every Word part declares the VML
# namespace, so VML is found by the attributes that hold its addresses).
_MARKERS = re.compile(rb"nstrText|fldSimple|mailMerge|(?:src|href)\s*=")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_SHOWN = 5


@dataclass(frozen=True, slots=True)
class Removed:
    """One thing removed: the part that used it, what it was, and where it pointed."""

    part: str
    what: str
    target: str

    def __str__(self) -> str:
        return f"{self.part or '(package)'}: {self.what} {cut(self.target, 120)}".rstrip()


def remove_external(
    entries: Mapping[str, Entry], name: str, *, level: int = 6
) -> tuple[dict[str, Entry], list[Removed]]:
    """``entries`` without their external content, and what was removed (nothing: the same
    entries). ``name`` names the package in errors: a part that must be read to be cleaned but
    is not well-formed XML is an :class:`~dlxh.errors.InputError`, since what it holds cannot
    be known."""
    result = dict(entries)
    removed: list[Removed] = []
    dropped: dict[str, set[str]] = {}
    for member, entry in entries.items():
        if member.endswith(".rels"):
            source = _source_of(member)
            tree = _parse(entry.inflate(), member, name)
            ids = _drop_relationships(tree.getroot(), source, removed)
            if ids:
                dropped[source] = ids
                result[member] = Entry.deflate(member, _serialise(tree), level=level)
    for member, entry in entries.items():
        if not member.endswith((".xml", ".vml")) or member.endswith(".rels"):
            continue
        data = entry.inflate()
        ids = dropped.get(member, set())
        if not ids and not _may_hold_external(data):
            continue
        tree = _parse(data, member, name)
        before = len(removed)
        changed = _clean_part(tree.getroot(), member, ids, removed)
        if changed or len(removed) > before:
            result[member] = Entry.deflate(member, _serialise(tree), level=level)
    return (result, removed) if removed else (dict(entries), [])


def remove_external_docx(
    data: bytes, name: str, limits: PackageLimits = DEFAULT_LIMITS
) -> tuple[bytes, list[Removed]]:
    """The .docx ``data`` without its external content (the same bytes when it has none) and
    what was removed; an :class:`~dlxh.errors.InputError` when it is not a package that can be
    read safely (see :func:`~dlxh.templating.package.read_entries`)."""
    entries = read_entries(data, name, limits)
    cleaned, removed = remove_external(entries, name)
    if not removed:
        return data, []
    return write_package(cleaned.values()), removed


def describe(removed: list[Removed], name: str) -> str:
    """One line saying what was removed from ``name``, the first few items listed."""
    items = "; ".join(str(item) for item in removed[:_SHOWN])
    more = f"; and {len(removed) - _SHOWN} more" if len(removed) > _SHOWN else ""
    return (
        f"{name}: removed {len(removed)} link{'s' if len(removed) != 1 else ''} to content "
        f"outside the document, which Word or LibreOffice would fetch ({items}{more}); "
        "pass allow_external=True to keep them"
    )


def warn_removed(removed: list[Removed], name: str, stacklevel: int = 2) -> None:
    """Warn (:class:`~dlxh.errors.SecurityWarning`) that ``removed`` went, if anything did."""
    if removed:
        warnings.warn(describe(removed, name), SecurityWarning, stacklevel=stacklevel + 1)


# -- relationships -----------------------------------------------------------------------------


def _source_of(rels: str) -> str:
    """The part a relationships part belongs to: ``word/_rels/document.xml.rels`` is
    ``word/document.xml``'s; ``_rels/.rels`` the package's ("")."""
    folder, file = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), file.removesuffix(".rels")).lstrip("/")


def _drop_relationships(root: etree._Element, source: str, removed: list[Removed]) -> set[str]:
    ids: set[str] = set()
    for rel in list(root.iter(f"{{{_PKG}}}Relationship")):
        target = rel.get("Target") or ""
        mode = (rel.get("TargetMode") or "").strip().lower()
        kind = rel.get("Type") or ""
        if (mode != "external" and not _OUTSIDE.match(target)) or kind.endswith(_HYPERLINK):
            continue
        parent = rel.getparent()
        if parent is not None:
            parent.remove(rel)
        ids.add(rel.get("Id") or "")
        removed.append(Removed(source, kind.rsplit("/", 1)[-1] or "relationship", target))
    return ids


# -- parts -------------------------------------------------------------------------------------


def _may_hold_external(data: bytes) -> bool:
    """Whether a part needs parsing: it names a field, VML or mail merge, or is in an encoding
    (UTF-16) where a search of its bytes finds nothing."""
    if not (data[:1] == b"<" or data.startswith(codecs.BOM_UTF8)):
        return True
    return _MARKERS.search(data) is not None


def _clean_part(root: etree._Element, part: str, ids: set[str], removed: list[Removed]) -> bool:
    """Remove from one parsed part what refers outside; whether anything changed."""
    changed = _drop_references(root, ids) if ids else False
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        namespace, local = _split(element.tag)
        if namespace in _VML:
            for attribute, value in _attributes(element):
                if _split(attribute)[1] in {"src", "href", "althref"} and _OUTSIDE.match(value):
                    del element.attrib[attribute]
                    removed.append(Removed(part, "VML link", value))
        elif namespace in _W and local == "mailMerge":
            source = next(
                (
                    e.get(f"{{{namespace}}}val", "")
                    for e in element.iter(f"{{{namespace}}}connectString")
                ),
                "",
            )
            _remove(element)
            removed.append(Removed(part, "mail merge", source or "data source"))
        elif namespace in _W and local == "fldSimple":
            instruction = element.get(f"{{{namespace}}}instr", "")
            if _fetches(instruction):
                _unwrap(element, namespace)
                removed.append(_field(part, instruction))
    _FieldWalk(part, removed).run(root)
    return changed


def _drop_references(root: etree._Element, ids: set[str]) -> bool:
    """Remove the elements that exist to use a dropped relationship (``r:id``, ``o:relid``) and
    the other ``r:`` attributes that name one."""
    changed = False
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        for attribute, value in _attributes(element):
            namespace, local = _split(attribute)
            if value not in ids or not (namespace in _R or (namespace == _O and local == "relid")):
                continue
            changed = True
            if local in {"id", "relid"} and element.getparent() is not None:
                _remove(element)
                break
            del element.attrib[attribute]
    return changed


@dataclass
class _Field:
    """A complex field (``w:fldChar`` begin ... separate ... end) as the walk meets it."""

    begin: etree._Element
    instruction: str = ""
    computed_type: bool = False  # a nested field came before the first word of the instruction
    in_instruction: bool = True
    markers: list[etree._Element] = field(default_factory=list)  # its own fldChar elements
    content: list[etree._Element] = field(default_factory=list)  # run content of the instruction


class _FieldWalk:
    """Complex fields in document order; those that fetch lose their instruction (and nested
    fields in it) and their markers, keeping the runs of their result."""

    def __init__(self, part: str, removed: list[Removed]) -> None:
        self.part = part
        self.removed = removed
        self.stack: list[_Field] = []
        self.fields: list[_Field] = []

    def run(self, root: etree._Element) -> None:
        if not any(_split(e.tag)[1] == "fldChar" for e in root.iter() if isinstance(e.tag, str)):
            return
        for element in root.iter():
            if isinstance(element.tag, str):
                self._visit(element)
        for item in self.fields:
            if item.computed_type or _fetches(item.instruction):
                for element in [*item.markers, *item.content]:
                    _remove(element)
                if item.instruction.split():
                    self.removed.append(_field(self.part, item.instruction))
                else:
                    self.removed.append(Removed(self.part, "field", "(of a computed type)"))

    def _visit(self, element: etree._Element) -> None:
        namespace, local = _split(element.tag)
        if namespace not in _W:
            return
        parent = element.getparent()
        if parent is not None and _split(parent.tag) == (namespace, "r") and local != "rPr":
            for item in self.stack:
                if item.in_instruction:
                    item.content.append(element)
        if local == "fldChar":
            kind = element.get(f"{{{namespace}}}fldCharType", "")
            if kind == "begin":
                if self.stack and self.stack[-1].in_instruction:
                    outer = self.stack[-1]
                    outer.computed_type |= not outer.instruction.strip()
                self.stack.append(_Field(element, markers=[element]))
                self.fields.append(self.stack[-1])
            elif kind == "separate" and self.stack:
                self.stack[-1].in_instruction = False
                self.stack[-1].markers.append(element)
            elif kind == "end" and self.stack:
                self.stack.pop().markers.append(element)
        elif (
            local in {"instrText", "delInstrText"} and self.stack and self.stack[-1].in_instruction
        ):
            self.stack[-1].instruction += element.text or ""


def _fetches(instruction: str) -> bool:
    words = instruction.split()
    return bool(words) and words[0].upper() in _FETCHING_FIELDS


def _field(part: str, instruction: str) -> Removed:
    words = instruction.split()
    return Removed(part, f"field {words[0].upper()}" if words else "field", " ".join(words[1:]))


def _unwrap(element: etree._Element, namespace: str) -> None:
    """Put a simple field's result runs where the field was (its binary data goes)."""
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    for child in list(element):
        if child.tag != f"{{{namespace}}}fldData":
            parent.insert(index, child)
            index += 1
    _remove(element)


def _remove(element: etree._Element) -> None:
    """Remove ``element``, keeping the text that follows it (its tail)."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _attributes(element: etree._Element) -> list[tuple[str, str]]:
    """The element's attributes as text, listed first (the loop may delete some)."""
    return [(str(name), str(value)) for name, value in element.attrib.items()]


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def _parse(data: bytes, part: str, name: str) -> etree._ElementTree:
    try:
        tree: etree._ElementTree = etree.fromstring(data, _PARSER).getroottree()
        return tree
    except etree.XMLSyntaxError as exc:
        raise InputError(
            f"damaged: {part} is not well-formed XML ({cut(exc.msg or str(exc), 160)})", path=name
        ) from None


def _serialise(tree: etree._ElementTree) -> bytes:
    standalone = tree.docinfo.standalone
    if standalone is None:
        data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    else:
        data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=standalone)
    return bytes(data)
