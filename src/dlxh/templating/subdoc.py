"""Sub-documents: content built with python-docx and inserted into a template with ``{{p x }}``.

docxtpl's sub-documents are tied to the python-docx object of one render; the fast engine has no
such object, so a :class:`Subdoc` keeps its own python-docx document and, when the template
inserts it, carries its images and hyperlinks into the part being rendered under new
relationship ids.

A sub-document made from a file (``tpl.new_subdoc("other.docx")``) also brings its styles and
lists, as docxtpl's does through docxcompose (:mod:`dlxh.templating.styles_merge`). That file
comes from anyone, like a template: it is read as a template is taken in
(:func:`~dlxh.templating.intake.take_in`: a bounded size, a safe package, its links to content
outside the document removed unless the template allows them), and parts other than pictures
that its body points at (charts, embedded objects, diagrams) are refused by name rather than
left pointing at whatever the template has under the same id.
"""

from __future__ import annotations

import copy
import io
import os
from typing import IO, Any

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsmap, qn
from docxcompose.properties import CustomProperties
from lxml import etree

from dlxh.errors import InputError, TemplateError
from dlxh.files import read_regular
from dlxh.quoting import cut
from dlxh.templating.engine import current_state
from dlxh.templating.images import image_of
from dlxh.templating.intake import take_in
from dlxh.templating.package import DEFAULT_LIMITS

__all__ = ["Subdoc"]

_R = f"{{{nsmap['r']}}}"
_TBL = qn("w:tbl")
_TEMPLATE_OWN = frozenset({RT.HEADER, RT.FOOTER})
MAX_SUBDOC_BYTES = DEFAULT_LIMITS.max_bytes
"""Largest sub-document file read (the same bound as a template's)."""


class Subdoc:
    """A python-docx document whose body is inserted where the template says ``{{p name }}``.

    Attribute access goes to the python-docx document (``add_paragraph``, ``add_table``,
    ``add_picture``...).
    """

    def __init__(
        self,
        source: bytes | str | os.PathLike[str] | IO[bytes],
        *,
        allow_external: bool = False,
        template: str = "the template",
    ) -> None:
        """``source`` is the template's bytes (an empty body with the template's styles: what
        :meth:`Template.new_subdoc` gives) or a .docx file (a path or a binary stream) whose
        content, styles and lists are inserted. A file is checked as a template is
        (an :class:`~dlxh.errors.InputError` says what is wrong with it), and loses its links to
        content outside the document unless ``allow_external``; ``template`` names the
        template it goes into, in errors."""
        self.merged = not isinstance(source, bytes)
        self.template = template
        if isinstance(source, bytes):
            self.document: DocxDocument = docx.Document(io.BytesIO(source))
            body = self.document.element.body
            for child in list(body):
                if child.tag != qn("w:sectPr"):
                    body.remove(child)
        else:
            self.document = _open(source, allow_external)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.document, name)

    def elements(self, *, keep_section: bool = False) -> list[Any]:
        """Copies of the body's elements, their images and hyperlinks related to the part being
        rendered; the final section properties only with ``keep_section``."""
        state = current_state()
        part = state.part.name if state.part is not None else ""
        if self.merged:
            # styles and lists merged into the template's, ids mapped (styles_merge.py)
            elements = state.styles().compose(self.document, id(self))
            section = self.document.element.body.find(qn("w:sectPr"))
            if keep_section and section is not None:
                elements.append(copy.deepcopy(section))
            # docxtpl's table repair runs on every body; a file's tables may need it
            state.repair_tables = state.repair_tables or any(
                e.tag == _TBL or e.find(f".//{_TBL}") is not None for e in elements
            )
        else:
            body = copy.deepcopy(self.document.element.body)
            if not keep_section:
                for section in body.findall(qn("w:sectPr")):
                    body.remove(section)
            elements = list(body)
        rels = self.document.part.rels
        for element in elements:
            for node in element.iter():
                for attribute, value in node.attrib.items():
                    if not attribute.startswith(_R) or value not in rels:
                        continue
                    rel = rels[value]
                    if rel.is_external:
                        new = state.relate(part, rel.reltype, rel.target_ref, True)
                    elif rel.reltype == RT.IMAGE:
                        new = state.add_image(part, image_of(rel.target_part.blob))
                    elif self.merged and rel.reltype not in _TEMPLATE_OWN:
                        raise TemplateError(
                            f"{self.template}: a sub-document holds a "
                            f"{rel.reltype.rsplit('/', 1)[-1]} ({cut(str(rel.target_ref))}), "
                            "which dlxh does not carry into a template; paste it as a picture"
                        )
                    else:
                        continue  # headers, footers: the template's own, same ids
                    node.set(attribute, new)
        return elements

    def __html__(self) -> str:
        return "".join(etree.tostring(e, encoding="unicode") for e in self.elements())

    __str__ = __html__


def _open(source: str | os.PathLike[str] | IO[bytes], allow_external: bool) -> DocxDocument:
    """A sub-document's file taken in as a template is (:func:`take_in`), opened with
    python-docx, its custom property fields turned into their text as docxtpl does."""
    if isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        data = read_regular(source, MAX_SUBDOC_BYTES, "sub-document")
    else:
        name = str(getattr(source, "name", "<sub-document>"))
        data = source.read(MAX_SUBDOC_BYTES + 1)
        if len(data) > MAX_SUBDOC_BYTES:
            raise InputError(f"sub-document larger than {MAX_SUBDOC_BYTES:,} bytes", path=name)
    cleaned, _ = take_in(data, name, allow_external=allow_external, stacklevel=3)
    try:
        document = docx.Document(io.BytesIO(cleaned))
        properties = CustomProperties(document)
        for key in list(properties.keys()):
            properties.dissolve_fields(key)
    except Exception as exc:  # what python-docx cannot open: a relationship to no part...
        raise InputError(
            f"cannot open the sub-document: {cut(str(exc) or type(exc).__name__)}", path=name
        ) from None
    return document
