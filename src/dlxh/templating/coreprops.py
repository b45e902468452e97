"""The document properties part (``docProps/core.xml``), written directly.

python-docx can set these properties, but docxtpl imports docxcompose, which rebinds the ``cp``
prefix in python-docx's namespace table to the custom-properties namespace for the whole process
(docxcompose issue 101, docxtpl issue 471). From then on python-docx writes ``lastModifiedBy``,
``keywords``, ``revision`` and ``lastPrinted`` as second elements in the wrong namespace: the
values are lost and Word may report unreadable content. Writing the part here, with the
namespaces spelt out, avoids the shared table altogether.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

__all__ = ["CORE_PART", "core_properties_xml"]

CORE_PART = "docProps/core.xml"

_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_DCTERMS = "http://purl.org/dc/terms/"
_DCMITYPE = "http://purl.org/dc/dcmitype/"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_NSMAP = {"cp": _CP, "dc": _DC, "dcterms": _DCTERMS, "dcmitype": _DCMITYPE, "xsi": _XSI}


def _stamp(value: dt.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def core_properties_xml(
    *,
    title: str = "",
    subject: str = "",
    author: str = "",
    keywords: str = "",
    comments: str = "",
    last_modified_by: str = "",
    revision: int = 1,
    created: dt.datetime | None = None,
    modified: dt.datetime | None = None,
    last_printed: dt.datetime | None = None,
) -> bytes:
    """The core properties part with these values (dates in UTC, as W3CDTF)."""
    root = etree.Element(f"{{{_CP}}}coreProperties", nsmap=_NSMAP)
    for namespace, name, value in (
        (_DC, "title", title),
        (_DC, "subject", subject),
        (_DC, "creator", author),
        (_CP, "keywords", keywords),
        (_DC, "description", comments),
        (_CP, "lastModifiedBy", last_modified_by),
        (_CP, "revision", str(revision)),
    ):
        etree.SubElement(root, f"{{{namespace}}}{name}").text = value
    if last_printed is not None:
        etree.SubElement(root, f"{{{_CP}}}lastPrinted").text = _stamp(last_printed)
    for name, when in (("created", created), ("modified", modified)):
        if when is not None:
            element = etree.SubElement(root, f"{{{_DCTERMS}}}{name}")
            element.set(f"{{{_XSI}}}type", "dcterms:W3CDTF")
            element.text = _stamp(when)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, standalone=True)
