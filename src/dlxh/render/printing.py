"""Settings for how a document is printed: mirror margins for two-sided printing.

A sheet printed on both sides is bound on its left edge, which is the left of the front page
and the right of the back page; Word's *mirror margins* (``w:mirrorMargins`` in the settings)
swap the left and right margins on even pages, so a front of left 30, right 15 mm has a back of
left 15, right 30 mm: what Hướng dẫn 05-HD/VPTW IV-4.2 prescribes for the back side. The
section keeps its margins as written (Word reads them as inside and outside), so the checker
reads the same numbers.
"""

from __future__ import annotations

from lxml import etree

__all__ = ["SETTINGS_PART", "mirror_margins"]

SETTINGS_PART = "word/settings.xml"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# the children of w:settings that the schema puts before w:mirrorMargins
_BEFORE = {
    f"{{{_W}}}{name}"
    for name in (
        "writeProtection",
        "view",
        "zoom",
        "removePersonalInformation",
        "removeDateAndTime",
        "doNotDisplayPageBoundaries",
        "displayBackgroundShape",
        "printPostScriptOverText",
        "printFractionalCharacterWidth",
        "printFormsData",
        "embedTrueTypeFonts",
        "embedSystemFonts",
        "saveSubsetFonts",
        "saveFormsData",
    )
}


def mirror_margins(settings_xml: bytes) -> bytes:
    """``word/settings.xml`` with mirror margins on, at the place the schema gives them."""
    root = etree.fromstring(settings_xml)
    if root.find(f"{{{_W}}}mirrorMargins") is None:
        element = etree.Element(f"{{{_W}}}mirrorMargins")
        position = 0
        for index, child in enumerate(root):
            if child.tag in _BEFORE:
                position = index + 1
        root.insert(position, element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
