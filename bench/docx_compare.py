"""Two .docx packages compared as documents, part by part (bench/docxtpl_compat.py's comparator).

:func:`compare_docx` says how a candidate differs from a reference: the canonical form of every
XML part (C14N 2.0 read back, namespace URIs instead of the prefixes a serialiser picked,
``rsid`` attributes dropped, relationship ids replaced by what they point at), the text of every
paragraph (to name the first differing one), the media by their bytes (engines may number
them differently), relationships by type and target, every member's content type, embedded
documents part by part, and other members byte for byte. Nothing else is ignored, so a changed
run, attribute, picture or link target is a difference.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from docx.oxml.ns import nsmap
from lxml import etree

__all__ = ["Difference", "compare_docx", "first_difference", "short"]

_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
_RSID = re.compile(r"^rsid")
_PACKAGES = (".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".pptm")


@dataclass(frozen=True)
class Difference:
    """One part that differs, and the first place where it does."""

    part: str
    detail: str

    def __str__(self) -> str:
        return f"{self.part}: {self.detail}"


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _owner(rels: str) -> str:
    """The part a ``.rels`` member describes (``""`` for the package's own)."""
    folder, name = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), name[: -len(".rels")])


class _Package:
    """A .docx read for comparison: members, media by hash, relationships resolved."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.members = {
                i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()
            }
        self.logical = {name: self._logical(name) for name in self.members}

    def _logical(self, name: str) -> str:
        """Media are known by their bytes (engines may number them differently), the rest by
        name."""
        if name.startswith("word/media/"):
            return "media:" + hashlib.sha1(self.members[name]).hexdigest()[:12]
        return name

    def relationships(self, part: str) -> dict[str, str]:
        """``part``'s relationship ids and what each points at: ``type -> target``."""
        data = self.members.get(_rels_name(part))
        if data is None:
            return {}
        found = {}
        folder = posixpath.dirname(part)
        for rel in etree.fromstring(data, _PARSER).iter(f"{{{_PKG}}}Relationship"):
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                target = "external " + target
            else:
                member = _resolve(folder, target)
                target = self.logical.get(member, f"missing {member}")
            found[rel.get("Id", "")] = f"{kind} -> {target}"
        return found

    def content_types(self) -> dict[str, str]:
        """Every member's content type (an Override, else the Default for its extension)."""
        data = self.members.get("[Content_Types].xml", b"<Types/>")
        root = etree.fromstring(data, _PARSER)
        defaults = {
            d.get("Extension", "").lower(): d.get("ContentType", "")
            for d in root.iter(f"{{{_CT}}}Default")
        }
        overrides = {
            o.get("PartName", "").lstrip("/"): o.get("ContentType", "")
            for o in root.iter(f"{{{_CT}}}Override")
        }
        found = {}
        for name, logical in self.logical.items():
            if name == "[Content_Types].xml":
                continue
            extension = name.rsplit(".", 1)[-1].lower()
            found[logical] = overrides.get(name, defaults.get(extension, "none"))
        return found


def _canonical_lines(xml: bytes, relationships: Mapping[str, str]) -> list[str]:
    """The part's canonical form, one element per line: the C14N 2.0 form read back (entities,
    character references and attribute order normalised), written with namespace URIs instead
    of the prefixes a serialiser happened to pick (``mc:Ignorable``'s prefixes too); rsid
    attributes dropped, relationship ids replaced by what they point at, and drawing ids
    (``wp:docPr/@id``, ``pic:cNvPr/@id``: arbitrary numbers, unique in a document, that
    docxcompose renumbers in a template's headers when it merges a file) replaced by their order
    of first appearance in the part, so two parts that use the same ids the same way compare
    equal and a part that reuses one id where the other had two does not."""
    root = etree.fromstring(xml, _PARSER)
    if etree.QName(root).localname == "coreProperties":
        _properties_as_a_set(root)
    c14n: bytes = etree.tostring(root, method="c14n2", strip_text=False)  # type: ignore[call-overload]
    canonical = etree.fromstring(c14n, _PARSER)
    lines: list[str] = []
    _walk(canonical, 0, relationships, lines, {})
    return lines


def _walk(
    element: etree._Element,
    depth: int,
    relationships: Mapping[str, str],
    lines: list[str],
    drawing_ids: dict[str, str],
) -> None:
    indent = "  " * depth
    if not isinstance(element.tag, str):  # a comment or processing instruction
        lines.append(f"{indent}<!-- or <? {element.text!r}>")
    else:
        attributes = []
        for key, item in element.attrib.items():
            name, raw = str(key), str(item)
            qname = etree.QName(name)
            if _RSID.match(qname.localname):
                continue
            value = raw
            if qname.localname == "id" and _drawing(element):
                value = drawing_ids.setdefault(raw, f"drawing #{len(drawing_ids) + 1}")
            elif qname.namespace == _R and raw in relationships:
                value = relationships[raw]
            elif qname.namespace == _MC and qname.localname in _PREFIX_LISTS:
                value = " ".join(sorted(_name(element.nsmap.get(p) or p) for p in raw.split()))
            attributes.append(f'{_name(name)}="{value}"')
        head = " ".join([_name(element.tag), *sorted(attributes)])
        lines.append(f"{indent}<{head}>" + (repr(element.text) if element.text else ""))
        for child in element:
            _walk(child, depth + 1, relationships, lines, drawing_ids)
    if element.tail:
        lines.append(f"{indent}tail {element.tail!r}")


_DRAWING_IDS = {
    ("http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing", "docPr"),
    ("http://schemas.openxmlformats.org/drawingml/2006/picture", "cNvPr"),
}


def _drawing(element: etree._Element) -> bool:
    """Whether ``element`` carries a drawing object's id."""
    qname = etree.QName(element)
    return (qname.namespace, qname.localname) in _DRAWING_IDS


_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_PREFIX_LISTS = {"Ignorable", "ProcessContent", "MustUnderstand", "PreserveElements"}
_KNOWN = {uri: prefix for prefix, uri in reversed(list(nsmap.items()))}


def _name(name: str) -> str:
    """A qualified name as ``prefix:local`` with the usual prefix of its namespace (python-docx's
    table), whatever prefix the document used; an unknown namespace in full."""
    qname = etree.QName(name) if name.startswith("{") else None
    if qname is None:
        return _KNOWN.get(name, name)
    prefix = _KNOWN.get(qname.namespace or "")
    return f"{prefix}:{qname.localname}" if prefix else name


def _properties_as_a_set(root: etree._Element) -> None:
    """The core properties compared as what they are, a set of values: in any order, and an
    empty property the same as none (python-docx writes an empty element for every property
    docxtpl renders, where the template had none; both read as "")."""
    children = sorted(root, key=lambda e: str(e.tag))
    for child in children:
        root.remove(child)
        if child.text or len(child) or child.attrib:
            root.append(child)


def _paragraphs(xml: bytes) -> list[str]:
    """The text of every paragraph (tabs and breaks as characters)."""
    root = etree.fromstring(xml, _PARSER)
    found = []
    for paragraph in root.iter(f"{{{_W}}}p"):
        text = []
        for element in paragraph.iter(f"{{{_W}}}t", f"{{{_W}}}tab", f"{{{_W}}}br"):
            local = etree.QName(element).localname
            text.append(element.text or "" if local == "t" else "\t" if local == "tab" else "\n")
        found.append("".join(text))
    return found


def first_difference(expected: Sequence[str], actual: Sequence[str], what: str) -> str:
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, expected, actual, False).get_opcodes():
        if tag == "equal":
            continue
        left = expected[i1].strip() if i1 < i2 else "(nothing)"
        right = actual[j1].strip() if j1 < j2 else "(nothing)"
        return f"{what} {i1 + 1}: docxtpl {short(left)} / dlxh {short(right)}"
    return f"{what}s differ"


def short(text: str, limit: int = 110) -> str:
    text = repr(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def compare_docx(reference: bytes, candidate: bytes) -> list[Difference]:
    """How ``candidate`` (dlxh's) differs from ``reference`` (docxtpl's): an empty list when
    they are the same document."""
    ours, theirs = _Package(candidate), _Package(reference)
    differences: list[Difference] = []
    media_a = Counter(n for n in theirs.logical.values() if n.startswith("media:"))
    media_b = Counter(n for n in ours.logical.values() if n.startswith("media:"))
    if media_a != media_b:
        missing = sorted((media_a - media_b).elements())
        extra = sorted((media_b - media_a).elements())
        differences.append(
            Difference("word/media", f"only in docxtpl {missing}, only in dlxh {extra}")
        )
    names_a = {n for n in theirs.members if not n.startswith("word/media/")}
    names_b = {n for n in ours.members if not n.startswith("word/media/")}
    for name in sorted(names_a - names_b):
        differences.append(Difference(name, "only in docxtpl's document"))
    for name in sorted(names_b - names_a):
        differences.append(Difference(name, "only in dlxh's document"))
    types_a, types_b = theirs.content_types(), ours.content_types()
    for name in sorted(set(types_a) & set(types_b)):
        if types_a[name] != types_b[name]:
            differences.append(
                Difference(f"[Content_Types].xml {name}", f"{types_a[name]} / {types_b[name]}")
            )
    for name in sorted(names_a & names_b):
        if name == "[Content_Types].xml":
            continue
        found = _compare_member(theirs, ours, name)
        if found is not None:
            differences.append(Difference(name, found))
    return differences


def _compare_member(theirs: _Package, ours: _Package, name: str) -> str | None:
    a, b = theirs.members[name], ours.members[name]
    if name.endswith(".rels"):
        owner = _owner(name)
        rels_a = sorted(theirs.relationships(owner).values())
        rels_b = sorted(ours.relationships(owner).values())
        return None if rels_a == rels_b else first_difference(rels_a, rels_b, "relationship")
    if name.endswith(_PACKAGES) and a != b and zipfile.is_zipfile(io.BytesIO(a)):
        # an embedded document: the same when its own parts are (zips differ by their dates)
        inner = compare_docx(a, b) if zipfile.is_zipfile(io.BytesIO(b)) else None
        if inner is None:
            return "dlxh's is not a zip"
        return "; ".join(str(d) for d in inner[:2]) or None
    if not name.endswith(".xml"):
        return None if a == b else "the bytes differ"
    lines_a = _canonical_lines(a, theirs.relationships(name))
    lines_b = _canonical_lines(b, ours.relationships(name))
    if lines_a == lines_b:
        return None
    text_a, text_b = _paragraphs(a), _paragraphs(b)
    if text_a != text_b:
        return "text differs, " + first_difference(text_a, text_b, "paragraph")
    return "same text, XML differs, " + first_difference(lines_a, lines_b, "line")
