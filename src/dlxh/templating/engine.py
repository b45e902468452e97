"""The fast rendering engine behind :class:`~dlxh.templating.Template`.

docxtpl does all of its work on every render: it opens the package with python-docx, serialises
the body, runs some twenty regular-expression passes over it, compiles the result as a Jinja
template, parses the rendered XML again and zips every part anew. Only the Jinja render and the
deflating of the parts it produced depend on the data. :class:`CompiledPackage` does the rest
once, when the template is loaded:

* the body, headers, footers and footnotes go through docxtpl's own text passes (called, not
  re-implemented, so the Jinja source is exactly the one docxtpl compiles) and are compiled once
  per filter set;
* everything around the body in ``word/document.xml`` is serialised once, as python-docx would;
* parts without a tag are rendered once; every part that never changes stays deflated as it was
  in the template and is copied into each output as it is.

Per render there remain the Jinja render, docxtpl's listing pass when a value holds a tab, a line
break or a page break, the table repair when the template can change the number of cells in a row,
and deflating the changed parts. Images (``InlineImage``), sub-documents and hyperlinks add their
parts and relationships to the output without python-docx's object model.
"""

from __future__ import annotations

import posixpath
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsmap
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from lxml import etree

from dlxh.errors import TemplateError
from dlxh.quoting import cut
from dlxh.templating.deflated import deflated_media
from dlxh.templating.environment import make_environment
from dlxh.templating.grid import needs_repair, needs_repair_after
from dlxh.templating.literals import decode_tag_entities
from dlxh.templating.package import Entry, read_entries, write_package
from dlxh.templating.render_state import (
    _STATE,
    CallerError,
    RenderPart,
    _Rels,
    _RenderState,
    current_part,
    current_state,
)
from dlxh.templating.sources import (
    _PARAGRAPH,
    _TOOLS,
    _docxtpl_passes,
    _error_context,
    _literal_escapes,
    jinja_source,
)
from dlxh.templating.tagwork import check_tag_work

__all__ = [
    "CallerError",
    "CompiledPackage",
    "RenderPart",
    "current_part",
    "current_state",
    "jinja_source",
]


_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_R = nsmap["r"]
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_MARKER = "DLXH-BODY-8f3a"
_TAG = re.compile(r"\{[{%#]")
_RID = re.compile(r"^rId(\d+)$")
_LINK_PREFIX = "rIdDlxhLink"
_CONTROL = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_FORBIDDEN = {chr(b) for b in _CONTROL} | {"\ufffe", "\uffff"}

Filters = Mapping[str, Callable[..., Any]]
FinishBody = Callable[[Any], None]


@dataclass(slots=True)
class _Source:
    """One XML part rendered through Jinja."""

    name: str
    source: str  # docxtpl's patched XML: the Jinja source
    body: bool  # True for word/document.xml: rendered text goes between prefix and suffix
    fix_tables: bool = False
    prefix: bytes = b""
    suffix: bytes = b""

    def lines(self) -> str:
        """The source with a line per paragraph, as docxtpl compiles it, for error locations.

        docxtpl puts a line break before each paragraph and removes it after rendering; that
        changes nothing else in the output (the break is never inside a tag, and whitespace
        control can only remove it), so the engine compiles the source without the breaks and
        spares a pass over every rendered part.
        """
        return _PARAGRAPH.sub(r"\n<w:p\1", self.source)


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _targets(rels_xml: bytes, part: str) -> Iterator[tuple[str, str, str]]:
    """(id, type, member name) for every internal relationship in ``rels_xml``."""
    root = etree.fromstring(rels_xml, etree.XMLParser(resolve_entities=False, no_network=True))
    for rel in root.iter(f"{{{_PKG}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        name = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
        )
        yield rel.get("Id", ""), rel.get("Type", ""), name


_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _check_xml(entries: Mapping[str, Entry]) -> None:
    """Every XML part of the package parses, and none declares a DTD (Word writes none; one
    can only be there to expand entities or reach outside the file)."""
    for name, entry in entries.items():
        if not name.endswith((".xml", ".rels")):
            continue
        try:
            tree = etree.fromstring(entry.inflate(), _SAFE_PARSER).getroottree()
        except etree.XMLSyntaxError as exc:
            raise TemplateError(
                f"{name} is damaged: not well-formed XML ({cut(exc.msg or str(exc))})"
            ) from None
        if getattr(tree.docinfo, "doctype", ""):
            raise TemplateError(f"{name} declares a DTD, which Word documents never do")


def _next_rid(rels_xml: str | None) -> int:
    numbers = [int(m[1]) for m in re.finditer(r'Id="rId(\d+)"', rels_xml or "")]
    return max(numbers, default=0) + 1


class CompiledPackage:
    """Everything about a .docx template that does not depend on the data."""

    def __init__(
        self,
        data: bytes,
        name: str,
        compresslevel: int = 6,
        *,
        entries: Mapping[str, Entry] | None = None,
        allow_external: bool = False,
    ) -> None:
        """Compile the package ``data`` (or its ``entries``, already read and checked by
        :func:`~dlxh.templating.package.read_entries`). A part that is not well-formed XML, or
        declares a DTD, is a :class:`~dlxh.errors.TemplateError` naming it: Word would refuse
        every output that carries it. ``allow_external`` lets a render add relationships to
        content outside the package other than hyperlinks (a sub-document's linked picture)."""
        self.name = name
        self.level = compresslevel
        self.allow_external = allow_external
        self.entries = dict(entries) if entries is not None else read_entries(data, name)
        self.order = list(self.entries)
        _check_xml(self.entries)
        self._compiled: dict[tuple[tuple[str, int], ...], dict[str, jinja2.Template]] = {}
        self._lock = threading.Lock()
        self.links: dict[str, str] = {}
        self._style_ids: dict[str, str] | None = None
        content_types = self._read("[Content_Types].xml")
        self._content_types = content_types
        self._defaults = set(re.findall(r'<Default\b[^>]*Extension="([^"]+)"', content_types))
        main = self._main_part()
        self.main = main
        self._rels: dict[str, _Rels] = {}
        self.sources: list[_Source] = [self._body(main)]
        for _, reltype, target in _targets(self._member(_rels_name(main)), main):
            header_or_footer = reltype in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI)
            if header_or_footer and target in self.entries and self.entries[target].size:
                self.sources.append(self._part(target, parsed=True))
        for target in re.findall(
            rf'<Override\b[^>]*PartName="/([^"]+)"[^>]*ContentType="{re.escape(_FOOTNOTES)}"',
            content_types,
        ):
            if target in self.entries:
                self.sources.append(self._part(target, parsed=False))
        core = "docProps/core.xml"
        if core in self.entries and _TAG.search(self._read(core)):
            # docxtpl renders the title, subject, author... of the core properties too.
            self.sources.append(_Source(core, decode_tag_entities(self._read(core)), False))
        media = [int(m[1]) for n in self.entries if (m := re.match(r"word/media/image(\d+)\.", n))]
        self.next_media = max(media, default=0) + 1
        self.static: dict[str, Entry] = {}
        for source in list(self.sources):
            if not source.body and not _TAG.search(source.source):
                # No tag: the same text whatever the data; render it now, once.
                chunks = self._finish_part(source, source.source)
                self.static[source.name] = Entry.deflate(source.name, *chunks, level=self.level)
                self.sources.remove(source)

    # -- loading ---------------------------------------------------------------------------

    def _read(self, name: str) -> str:
        if name not in self.entries:
            raise TemplateError(f"the package has no {name}")
        try:
            return self.entries[name].inflate().decode("utf-8")
        except UnicodeDecodeError:
            raise TemplateError(
                f"{name} is not UTF-8 text (save the template again in Word)"
            ) from None

    def _member(self, name: str) -> bytes:
        """A member's bytes; an empty relationships part when it is missing."""
        entry = self.entries.get(name)
        return entry.inflate() if entry is not None else f'<Relationships xmlns="{_PKG}"/>'.encode()

    def _main_part(self) -> str:
        for _, reltype, target in _targets(self._member("_rels/.rels"), ""):
            if reltype == RT.OFFICE_DOCUMENT:
                if target not in self.entries:
                    raise TemplateError(f"the main part {target} is missing")
                return target
        return "word/document.xml"

    def part(self, name: str) -> bytes | None:
        """A member of the template, inflated; None when absent."""
        entry = self.entries.get(name)
        return None if entry is None else entry.inflate()

    def style_ids(self) -> dict[str, str]:
        """Style names to style ids, from the template's styles part."""
        if self._style_ids is None:
            found: dict[str, str] = {}
            styles = [
                t
                for _, kind, t in _targets(self._member(_rels_name(self.main)), self.main)
                if kind == RT.STYLES
            ]
            data = self.part(styles[0]) if styles else None
            if data is not None:
                w = nsmap["w"]
                for style in parse_xml(data).iter(f"{{{w}}}style"):
                    name = style.find(f"{{{w}}}name")
                    if name is not None:
                        found[name.get(f"{{{w}}}val", "")] = style.get(f"{{{w}}}styleId", "")
            self._style_ids = found
        return self._style_ids

    def rels_of(self, part: str) -> _Rels:
        """The relationships file of ``part`` (read once)."""
        if part not in self._rels:
            name = _rels_name(part)
            text = self._read(name) if name in self.entries else None
            self._rels[part] = _Rels(name, text, _next_rid(text))
        return self._rels[part]

    def _body(self, main: str) -> _Source:
        """The body as docxtpl sees it, and the document element around it as python-docx
        writes it."""
        root = parse_xml(self.entries[main].inflate())
        body = root.find(f"{{{nsmap['w']}}}body")
        if body is None:
            raise TemplateError(f"{main} has no body (w:body)")
        before = etree.tostring(body, encoding="unicode")
        check_tag_work(before, main, _TOOLS.patch_xml)
        xml = decode_tag_entities(_TOOLS.patch_xml(before))
        try:
            fixed = etree.tostring(_TOOLS.fix_tables(before), encoding="unicode")
        except AttributeError:  # docxtpl reads every table's w:tblGrid without a check
            raise TemplateError(
                f"{main}: a table has no column grid (w:tblGrid), which docxtpl's table repair "
                "needs; open the template in Word and save it again"
            ) from None
        repair = needs_repair(xml, body, fixed != before)
        # Emptied first: lxml moves a detached element's children one by one, each move
        # scanning its siblings, which made loading 80,000 paragraphs take seconds and more
        # quadratically; deleting them in place is linear.
        del body[:]
        root.replace(body, etree.Comment(_MARKER))
        whole = etree.tostring(root, encoding="UTF-8", standalone=True)
        prefix, suffix = whole.split(f"<!--{_MARKER}-->".encode())
        return _Source(
            main,
            xml,
            body=True,
            fix_tables=repair,
            prefix=prefix,
            suffix=suffix,
        )

    def _part(self, name: str, *, parsed: bool) -> _Source:
        """A header, footer (re-serialised, as docxtpl does) or footnotes part (raw text)."""
        raw = self.entries[name].inflate()
        # docxtpl looks for an encoding in the re-serialised text, which never declares one:
        # headers and footers are written as UTF-8.
        text = etree.tostring(parse_xml(raw), encoding="unicode") if parsed else raw.decode()
        check_tag_work(text, name, _TOOLS.patch_xml)
        return _Source(name, decode_tag_entities(_TOOLS.patch_xml(text)), False)

    def environment(self, filters: Filters | None) -> jinja2.Environment:
        """The Jinja environment the parts compile in (dlxh's: sandboxed, strict, escaped)."""
        return make_environment(filters)

    def compiled(self, filters: Filters | None) -> dict[str, jinja2.Template]:
        """The Jinja templates of the rendered parts, compiled once per filter set."""
        key = tuple(sorted((n, id(f)) for n, f in (filters or {}).items()))
        found = self._compiled.get(key)
        if found is None:
            environment = self.environment(filters)
            found = {}
            for source in self.sources:
                try:
                    found[source.name] = environment.from_string(_literal_escapes(source.source))
                except jinja2.TemplateSyntaxError as exc:
                    exc.docx_context = _error_context(environment, source)  # type: ignore[attr-defined]
                    raise
            with self._lock:
                if len(self._compiled) > 16:
                    self._compiled.clear()
                self._compiled[key] = found
        return found

    # -- rendering -------------------------------------------------------------------------

    def _finish_part(
        self,
        source: _Source,
        text: str,
        finish_body: FinishBody | None = None,
        *,
        repair: bool = False,
    ) -> tuple[bytes, ...]:
        """What docxtpl does to a rendered part before it is saved, as chunks of the part;
        ``finish_body`` gets the body element to change before it is written, ``repair`` runs
        docxtpl's table repair whatever the template (a sub-document's tables are in it).

        docxtpl's passes change nothing unless their marker is in the text (``{_`` escapes; a
        tab, line break, paragraph or page break from a value), and searching the encoded bytes
        for the markers is several times faster than searching the text.
        """
        data = text.encode()
        if _has_markers(data):
            text = _docxtpl_passes(text)
            data = text.encode()
        if not source.body:
            return (self._checked(source, data),)
        if (
            source.fix_tables
            or b"docPr" in data
            or finish_body is not None
            or repair
            or needs_repair_after(data)
        ):
            tree = _TOOLS.fix_tables(text)
            if finish_body is not None:
                try:
                    finish_body(tree)
                except Exception as exc:  # the caller's error, not the template's
                    raise CallerError(exc) from exc
            for number, element in enumerate(tree.xpath("//wp:docPr", namespaces=nsmap), 1001):
                element.set("id", str(number))
            data = etree.tostring(tree, encoding="unicode").encode()
        return source.prefix, self._checked(source, data), source.suffix

    def _checked(self, source: _Source, data: bytes) -> bytes:
        """``data`` (UTF-8), unless a value put a character into it that XML cannot hold (Word
        would refuse the file). Deleting the control bytes and comparing lengths is a C-speed
        scan; U+FFFE and U+FFFF both start with EF BF, and one byte is found faster than two."""
        clean = len(data.translate(None, _CONTROL)) == len(data) and (
            b"\xef" not in data or b"\xef\xbf" not in data
        )
        if clean:
            return data
        found = next((c for c in data.decode(errors="replace") if c in _FORBIDDEN), None)
        if found is None:
            return data
        raise TemplateError(
            f"{self.name}: the data puts the character U+{ord(found):04X} into {source.name}, "
            "which a Word document cannot hold; remove it from the value"
        )

    def render(
        self,
        context: Mapping[str, Any],
        filters: Filters | None,
        finish_body: FinishBody | None = None,
        parts: Mapping[str, bytes] | None = None,
    ) -> bytes:
        """The output package for ``context``; ``parts`` replace members of the template."""
        templates = self.compiled(filters)
        state = _RenderState(self)
        token = _STATE.set(state)
        changed: dict[str, Entry] = dict(self.static)
        for name, content in (parts or {}).items():
            changed[name] = Entry.deflate(name, content, level=self.level)
        try:
            for source in self.sources:
                state.part = RenderPart(state, source.name)
                text = templates[source.name].render(context)
                chunks = self._finish_part(
                    source,
                    text,
                    finish_body if source.body else None,
                    repair=source.body and state.repair_tables,
                )
                if _LINK_PREFIX in text:
                    self._relate_links(state, source.name, text)
                changed[source.name] = Entry.deflate(source.name, *chunks, level=self.level)
            if state.merge is not None:
                state.merge.finish(state, changed)
        finally:
            state.part = None
            _STATE.reset(token)
        return write_package(self._entries(state, changed))

    def _relate_links(self, state: _RenderState, part: str, text: str) -> None:
        for rid in sorted(set(re.findall(rf"{_LINK_PREFIX}\d+", text))):
            url = self.links.get(rid)
            if url is not None:
                state.rels.setdefault(part, []).append((rid, RT.HYPERLINK, url, True))

    def link_id(self, url: str) -> str:
        """A relationship id for an external hyperlink, stable for the template's lifetime."""
        with self._lock:
            for rid, known in self.links.items():
                if known == url:
                    return rid
            rid = f"{_LINK_PREFIX}{len(self.links) + 1}"
            self.links[rid] = url
            return rid

    def _entries(self, state: _RenderState, changed: dict[str, Entry]) -> Iterator[Entry]:
        for part, rels in state.rels.items():
            known = self.rels_of(part)
            lines = "".join(
                f'<Relationship Id="{rid}" Type="{kind}" Target="{_attr(target)}"'
                + (' TargetMode="External"' if external else "")
                + "/>"
                for rid, kind, target, external in rels
            )
            if known.text is None:
                text = (
                    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
                    f'<Relationships xmlns="{_PKG}">{lines}</Relationships>'
                )
            else:
                text = known.text.replace("</Relationships>", lines + "</Relationships>")
            changed[known.name] = Entry.deflate(known.name, text.encode(), level=self.level)
        extra = {name.rsplit(".", 1)[-1]: ct for name, _, ct in state.media.values()}
        missing = {ext: ct for ext, ct in extra.items() if ext not in self._defaults}
        if missing or state.overrides:
            defaults = "".join(
                f'<Default Extension="{ext}" ContentType="{ct}"/>'
                for ext, ct in sorted(missing.items())
            )
            overrides = "".join(
                f'<Override PartName="/{name}" ContentType="{ct}"/>'
                for name, ct in sorted(state.overrides.items())
            )
            types = self._content_types.replace("</Types>", overrides + "</Types>")
            text = re.sub(r"(<Types\b[^>]*>)", lambda m: m[1] + defaults, types, count=1)
            changed["[Content_Types].xml"] = Entry.deflate(
                "[Content_Types].xml", text.encode(), level=self.level
            )
        for name in self.order:
            yield changed.get(name, self.entries[name])
        for name in sorted(set(changed) - set(self.order)):
            yield changed[name]
        for name, blob, _ in state.media.values():
            yield deflated_media(name, blob, level=1)  # a logo is deflated once per process


def _has_markers(data: bytes) -> bool:
    """Whether docxtpl's listing pass has work in ``data`` (UTF-8): a tab, line, paragraph or
    page break that a value put in the text."""
    return b"\n" in data or b"\t" in data or b"\a" in data or b"\f" in data


def _attr(value: str) -> str:
    return (
        value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )
