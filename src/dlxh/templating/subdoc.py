"""Sub-documents: content built with python-docx and inserted into a template with ``{{p x }}``.

docxtpl's sub-documents are tied to the python-docx object of one render; the fast engine has no
such object, so a :class:`Subdoc` keeps its own python-docx document and, when the template
inserts it, carries its images and hyperlinks into the part being rendered under new
relationship ids.
"""

from __future__ import annotations

import copy
import io
import os
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsmap, qn
from lxml import etree

from dlxh.templating.engine import current_state
from dlxh.templating.images import image_of

__all__ = ["Subdoc"]

_R = f"{{{nsmap['r']}}}"


class Subdoc:
    """A python-docx document whose body is inserted where the template says ``{{p name }}``.

    Attribute access goes to the python-docx document (``add_paragraph``, ``add_table``,
    ``add_picture``...).
    """

    def __init__(self, source: bytes | str | os.PathLike[str]) -> None:
        """``source`` is the template's bytes (an empty body with the template's styles: what
        :meth:`Template.new_subdoc` gives) or a .docx path whose content is inserted."""
        if isinstance(source, bytes):
            self.document: DocxDocument = docx.Document(io.BytesIO(source))
            body = self.document.element.body
            for child in list(body):
                if child.tag != qn("w:sectPr"):
                    body.remove(child)
        else:
            self.document = docx.Document(os.fspath(source))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.document, name)

    def elements(self, *, keep_section: bool = False) -> list[Any]:
        """Copies of the body's elements, their images and hyperlinks related to the part being
        rendered; the final section properties only with ``keep_section``."""
        state = current_state()
        part = state.part.name if state.part is not None else ""
        body = copy.deepcopy(self.document.element.body)
        if not keep_section:
            for section in body.findall(qn("w:sectPr")):
                body.remove(section)
        rels = self.document.part.rels
        for element in body.iter():
            for attribute, value in element.attrib.items():
                if not attribute.startswith(_R) or value not in rels:
                    continue
                rel = rels[value]
                if rel.is_external:
                    new = state.relate(part, rel.reltype, rel.target_ref, True)
                elif rel.reltype == RT.IMAGE:
                    new = state.add_image(part, image_of(rel.target_part.blob))
                else:
                    continue  # headers, footers: the template's own, same ids
                element.set(attribute, new)
        return list(body)

    def __html__(self) -> str:
        return "".join(etree.tostring(e, encoding="unicode") for e in self.elements())

    __str__ = __html__
