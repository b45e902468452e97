"""The display lines of a rendered body, broken where a clerk breaks them.

The trích yếu, the document type, the deciding authority, the appendix headings, the công văn's
subject and the issuer's names in the header are centred lines Word would wrap anywhere. Each
gets the breaks :func:`dlxh.render.linebreak.breaks` chooses, measured in the face its own style
prints in (read from the template's styles, so a restyled house template is measured as it
prints) and within the width it really has (its table cell, or its section's text width: an
appendix on a landscape page has more). A break is a ``w:br`` in the run, so Word keeps it.

Widths come from :mod:`dlxh.render.metrics` (Times New Roman advance widths, which Word uses as
they are: kerning is off in these styles), less a point of slack for rounding, so a line the
header balance made room for is not broken again.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from dlxh.render.linebreak import Lexicon, breaks, lexicon, names_in
from dlxh.render.metrics import text_width_pt

__all__ = [
    "DISPLAY_STYLES",
    "Face",
    "available_width_pt",
    "break_display",
    "break_paragraphs",
    "faces_from_styles",
    "run_face",
]

_SLACK = 0.995  # of the width, and 1 pt more: rounding in Word's layout, never kerning (off)


@dataclass(frozen=True)
class Face:
    """How a paragraph's text is set: size in points, bold, italic."""

    size: float
    bold: bool = False
    italic: bool = False


def break_paragraphs(
    body: Any,
    faces: Mapping[str, Face],
    width_of: Callable[[Any], float],
    measure: Callable[[str, Face], float],
    words: Lexicon | None = None,
) -> int:
    """Break every paragraph of ``body`` whose style id is in ``faces`` at balanced phrase
    boundaries, putting a ``w:br`` in place of the chosen spaces; ``width_of(paragraph)`` is the
    width available to it, in the unit ``measure`` uses. Line breaks already in the text stay
    (each line is balanced on its own). Returns how many paragraphs changed."""
    changed = 0
    for paragraph in list(body.iter(qn("w:p"))):
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        face = None if style is None else faces.get(style.get(qn("w:val")) or "")
        if face is None:
            continue
        width = width_of(paragraph) * _SLACK - 1
        measured = functools.partial(_measure_in, measure, run_face(paragraph, face))
        text = "".join(piece for _, piece in _pieces(paragraph))
        offsets: list[int] = []
        start = 0
        for segment in text.split("\n"):
            spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", segment)]
            words_of = [segment[a:b] for a, b in spans]
            for index in breaks(words_of, width, measured, words):
                offsets.append(start + spans[index - 1][1])  # the space after the line's end
            start += len(segment) + 1
        for offset in sorted(offsets, reverse=True):
            _break_at(paragraph, offset)
        changed += bool(offsets)
    return changed


def _measure_in(measure: Callable[[str, Face], float], face: Face, text: str) -> float:
    return measure(text, face)


def _pieces(paragraph: Any) -> list[tuple[Any, str]]:
    """The paragraph's ``w:t`` and ``w:br`` elements in order, with the text each stands for."""
    return [
        (element, "\n" if element.tag == qn("w:br") else element.text or "")
        for element in paragraph.iter(qn("w:t"), qn("w:br"))
    ]


def _break_at(paragraph: Any, offset: int) -> None:
    """Replace the spaces at ``offset`` (into the paragraph's text) by a line break in the same
    run, as Word writes one: ``<w:t>first line</w:t><w:br/><w:t>next line</w:t>``."""
    position = 0
    for element, piece in _pieces(paragraph):
        if element.tag == qn("w:t") and position <= offset < position + len(piece):
            local = offset - position
            element.text = piece[:local].rstrip(" ")
            element.set(qn("xml:space"), "preserve")
            brk = OxmlElement("w:br")
            rest = OxmlElement("w:t")
            rest.text = piece[local:].lstrip(" ")
            rest.set(qn("xml:space"), "preserve")
            element.addnext(brk)
            brk.addnext(rest)
            return
        position += len(piece)


DISPLAY_STYLES = (
    "DLXH Header Parent",
    "DLXH Header Issuer",
    "DLXH Header Subject",
    "DLXH Type",
    "DLXH Summary",
    "DLXH Authority",
    "DLXH Appendix Title",
    "DLXH Appendix Subtitle",
    "DLXH Appendix Note",
    "DLXH Place Date",
)
"""The centred display lines a clerk breaks by hand: issuer names, the công văn's subject, the
document type and trích yếu, the deciding authority, the appendix headings, and the place and
date when even the widest right column cannot hold it ("Điện Biên Phủ, / ngày ...")."""


def break_display(
    body: Any, style_ids: Mapping[str, str], styles_xml: bytes | None, names: Iterable[str]
) -> int:
    """Break the display lines (:data:`DISPLAY_STYLES`) of a rendered ``w:body`` at balanced
    phrase boundaries, measured in their own style's face within their cell or section, and
    never inside the proper names found in ``names`` (the document's place and issuer)."""
    if styles_xml is None:
        return 0
    ids = [style_ids[name] for name in DISPLAY_STYLES if name in style_ids]
    faces = faces_from_styles(styles_xml, ids)
    words = lexicon().with_compounds(names_in(names))
    return break_paragraphs(
        body,
        faces,
        available_width_pt,
        lambda text, face: text_width_pt(text, face.size, bold=face.bold, italic=face.italic),
        words,
    )


def faces_from_styles(styles_xml: bytes, style_ids: Iterable[str]) -> dict[str, Face]:
    """The face of each of ``style_ids`` as ``word/styles.xml`` defines it, following
    ``w:basedOn`` (size from ``w:sz``, bold ``w:b``, italic ``w:i``); ids it lacks are left out.
    Read from the template rather than the profile, so a house style restyled in Word is
    measured as it prints."""
    root = etree.fromstring(styles_xml)
    styles = {s.get(qn("w:styleId")): s for s in root.iter(qn("w:style"))}
    default = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")

    def look(style_id: str | None, tag: str) -> Any:
        seen: set[str] = set()
        while style_id and style_id in styles and style_id not in seen:
            seen.add(style_id)
            found = styles[style_id].find(f"{qn('w:rPr')}/{qn(tag)}")
            if found is not None:
                return found
            based = styles[style_id].find(qn("w:basedOn"))
            style_id = None if based is None else based.get(qn("w:val"))
        return None if default is None else default.find(qn(tag))

    faces: dict[str, Face] = {}
    for style_id in style_ids:
        if style_id not in styles:
            continue
        size = look(style_id, "w:sz")
        faces[style_id] = Face(
            int(size.get(qn("w:val"))) / 2 if size is not None else 12.0,
            _on(look(style_id, "w:b")),
            _on(look(style_id, "w:i")),
        )
    return faces


def _on(element: Any) -> bool:
    return element is not None and element.get(qn("w:val"), "true") not in ("0", "false", "off")


def run_face(paragraph: Any, face: Face) -> Face:
    """``face`` with the direct formatting of the paragraph's first run of text applied."""
    for run in paragraph.iter(qn("w:r")):
        if not "".join(t.text or "" for t in run.iter(qn("w:t"))).strip():
            continue
        r_pr = run.find(qn("w:rPr"))
        if r_pr is None:
            return face
        size, bold, italic = r_pr.find(qn("w:sz")), r_pr.find(qn("w:b")), r_pr.find(qn("w:i"))
        return Face(
            int(size.get(qn("w:val"))) / 2 if size is not None else face.size,
            _on(bold) if bold is not None else face.bold,
            _on(italic) if italic is not None else face.italic,
        )
    return face


_TWIPS_PER_PT = 20


def available_width_pt(paragraph: Any) -> float:
    """The width a paragraph's lines may take, in points: its table cell's width less the cell
    margins, or its section's page width less the page margins; less its own indents."""
    width = _cell_width(paragraph)
    if width is None:
        width = _section_width(paragraph)
    ind = paragraph.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    if ind is not None:
        for side in ("w:left", "w:right", "w:start", "w:end"):
            width -= int(ind.get(qn(side), "0") or 0) / _TWIPS_PER_PT
    return width


def _cell_width(paragraph: Any) -> float | None:
    cell = paragraph.getparent()
    if cell is None or cell.tag != qn("w:tc"):
        return None
    tc_w = cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
    if tc_w is None or tc_w.get(qn("w:type")) != "dxa":
        return None
    margins = 2 * 108  # Word's default cell margins, 0.19 cm each side
    table = cell.getparent().getparent()
    mar = None if table is None else table.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")
    if mar is not None:
        sides = [mar.find(qn(side)) for side in ("w:left", "w:right")]
        margins = sum(int(e.get(qn("w:w"), "108")) if e is not None else 108 for e in sides)
    return (int(tc_w.get(qn("w:w"))) - margins) / _TWIPS_PER_PT


def _section_width(paragraph: Any) -> float:
    """The text width of the section ``paragraph`` is in: its properties sit in the last
    paragraph of the section, or at the end of the body for the last one."""
    section = None
    for following in paragraph.itersiblings(preceding=False):
        section = following.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        if section is not None:
            break
    own = paragraph.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
    section = own if own is not None else section
    if section is None:
        top = paragraph
        while top.getparent() is not None and top.getparent().tag != qn("w:body"):
            top = top.getparent()
        body = top.getparent()
        section = None if body is None else body.find(qn("w:sectPr"))
    size = None if section is None else section.find(qn("w:pgSz"))
    margins = None if section is None else section.find(qn("w:pgMar"))
    if size is None or margins is None:
        return 453.5  # A4 with 30 and 20 mm margins
    inner = (
        int(size.get(qn("w:w")))
        - int(margins.get(qn("w:left"), "0"))
        - int(margins.get(qn("w:right"), "0"))
    )
    return inner / _TWIPS_PER_PT
