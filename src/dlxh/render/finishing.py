"""The steps after the template is rendered: appendices, header balance, the rules under the
header, page numbering, first-page marks and the document's properties (``render_document``
runs them through :class:`Finisher`)."""

from __future__ import annotations

import datetime as dt
import re
from copy import deepcopy
from pathlib import Path
from typing import Any

from docx.enum.section import WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from dlxh.models import Document, Profile
from dlxh.profiles import (
    FormatProfile,
)
from dlxh.render.blocks import BlockWriter
from dlxh.render.builder import page_text_width_mm, setup_section
from dlxh.render.context import number_line
from dlxh.render.display import break_display
from dlxh.render.marks import frame_header_marks
from dlxh.render.metrics import text_width_pt
from dlxh.render.printing import SETTINGS_PART, mirror_margins
from dlxh.templating.coreprops import CORE_PART, core_properties_xml
from dlxh.templating.template import Template
from dlxh.vn import format_date, format_date_short, to_roman

__all__ = ["Finisher"]

_PT_PER_MM = 72 / 25.4
_TWIPS_PER_PT = 20


class Finisher:
    """Post-render steps on the rendered body: appendices, header balance, rules; and the
    document's properties."""

    def __init__(
        self,
        document: Document,
        profile: FormatProfile,
        base_dir: Path | None,
        template: Template,
    ) -> None:
        self.document = document
        self.profile = profile
        self.base_dir = base_dir
        self.template = template
        self.ids = template.style_ids()

    def body(self, body: Any) -> None:
        """Finish the ``w:body`` element as the engine hands it over, before it is written."""
        self._appendices(body)
        self._balance_header(body)
        doc = self.document
        names = [doc.place, doc.issuer.text_name, doc.issuer.parent or "", doc.issuer.name]
        break_display(body, self.ids, self.template.part("word/styles.xml"), names)
        marks = [m.label for m in (self.document.confidentiality, self.document.urgency) if m]
        frame_header_marks(body, marks, self.profile)
        self._size_rules(body)
        self._addressee_label(body)

    def _appendices(self, body: Any) -> None:
        """Each appendix in a section of its own after the document, written in a scratch copy
        of the template (for its styles and section) and moved into the body."""
        appendices = self.document.appendices
        if not appendices:
            return
        scratch = self.template.new_subdoc()
        target = scratch.document
        for number, appendix in enumerate(appendices, start=1):
            landscape = appendix.landscape
            section = target.add_section(WD_SECTION.NEW_PAGE)
            setup_section(section, self.profile, landscape=landscape)
            separate = self._numbered_per_appendix()
            # numbered on their own, appendices hide page 1 as the document does (I.7)
            section.different_first_page_header_footer = separate
            if separate:
                _restart_page_numbers(section._sectPr)
            label = "Phụ lục" if len(appendices) == 1 else f"Phụ lục {to_roman(number)}"
            target.add_paragraph(label, "DLXH Appendix Title")
            target.add_paragraph(appendix.title.upper(), "DLXH Appendix Subtitle")
            target.add_paragraph(appendix.subtitle or self._attached_to(), "DLXH Appendix Note")
            width = page_text_width_mm(self.profile, landscape=landscape)
            if "appendix.rule_mm" in self.profile.rules:
                self._appendix_rule(target, width)
            end_mark = "appendix.end_mark"
            BlockWriter(
                target,
                width,
                heading_separator=self.profile.text("heading.separator"),
                end_mark=self.profile.text(end_mark) if end_mark in self.profile.rules else None,
                base_dir=self.base_dir,
                where=f"appendices[{number - 1}].body",
            ).write(appendix.body)
        *elements, last = scratch.elements(keep_section=True)
        current = body.find(qn("w:sectPr"))
        for element in elements:
            current.addprevious(element)
        body.replace(current, last)

    def _appendix_rule(self, target: Any, width_mm: float) -> None:
        """The short rule right under an appendix's "(Kèm theo ...)" line (Phụ lục III, Mẫu
        2.1: a line of twelve underscores, whatever the title's length), centred on the
        appendix's own page (a landscape page is wider than the body's)."""
        length = min(self.profile.number("appendix.rule_mm"), width_mm)
        rule = target.add_paragraph("", "DLXH Rule")
        rule.paragraph_format.space_before = Pt(0)  # under the line, as the model draws it
        rule.paragraph_format.space_after = Pt(12)
        _set_indent(rule._p, max(0.0, (width_mm - length) / 2))

    def _numbered_per_appendix(self) -> bool:
        """Whether each appendix numbers its pages from 1 (State: Phụ lục I, Mục III.1.đ), or
        they go on from the document's last page (profiles without the rule)."""
        key = "appendix.page_numbers"
        return key in self.profile.rules and self.profile.text(key) == "per_appendix"

    def _attached_to(self) -> str:
        """The note under an appendix title: which document it belongs to, cited per regime
        (State: "số 15/BC-UBND ngày 05 tháng 01 năm 2026"; Party: "số 05-HD/BTGDVTU,
        ngày 05/01/2026", as Party documents cite each other)."""
        doc = self.document
        kind = doc.type.label.capitalize()
        number = number_line(doc, self.profile).removeprefix("Số:").removeprefix("Số").strip()
        if doc.profile is Profile.DANG:
            when = f", ngày {format_date_short(doc.date)}"
        else:
            when = f" {format_date(doc.date)}"
        return f"(Kèm theo {kind} số {number}{when} của {doc.issuer.text_name})"

    def _balance_header(self, body: Any) -> None:
        """Move the boundary between the header's columns, within the profile's range, so that
        the issuer's lines and the place-and-date line each fit on one line.

        One fixed split cannot serve every document: "BAN TUYÊN GIÁO VÀ DÂN VẬN" needs a wide
        left column, "Điện Biên Phủ, ngày 28 tháng 12 năm 2026" a wide right one. When both
        cannot fit, the template's split stays.
        """
        table = body.find(qn("w:tbl"))
        grid = None if table is None else table.find(qn("w:tblGrid"))
        columns = [] if grid is None else grid.findall(qn("w:gridCol"))
        if grid is None or len(columns) != 2 or "header.left_width_mm" not in self.profile.rules:
            return
        left, right = (int(c.get(qn("w:w"))) / _TWIPS_PER_PT / _PT_PER_MM for c in columns)
        rule = self.profile.rule("header.left_width_mm")
        low = max(rule.min if rule.min is not None else left, 0.0)
        high = min(rule.max if rule.max is not None else left, left + right)
        styles = {
            self.ids[name]: (size, bold, italic)
            for name, size, bold, italic in (
                ("DLXH Header Parent", self.profile.number("issuer.parent_size_pt"), False, False),
                ("DLXH Header Issuer", self.profile.number("issuer.name_size_pt"), True, False),
                ("DLXH Header Number", self.profile.number("number.size_pt"), False, False),
                ("DLXH National Title", self.profile.number("national_title.size_pt"), True, False),
                ("DLXH Motto", _size(self.profile, "motto.size_pt"), True, False),
                ("DLXH Place Date", self.profile.number("date.size_pt"), False, True),
            )
            if name in self.ids
        }
        need = [0.0, 0.0]  # the widest line of each column, with cell margins and some slack
        for row in table.findall(qn("w:tr")):
            for index, cell in enumerate(row.findall(qn("w:tc"))[:2]):
                for paragraph in cell.iter(qn("w:p")):
                    style = styles.get(_style_id(paragraph) or "")
                    if style is None:
                        continue
                    size, bold, italic = style
                    for line in _lines_of(paragraph):
                        width = text_width_pt(line, size, bold=bold, italic=italic) / _PT_PER_MM
                        need[index] = max(need[index], width + 3)
        if need[0] <= left and need[1] <= right:
            return
        lowest, highest = max(low, need[0]), min(high, left + right - need[1])
        if lowest > highest:
            if highest < low:
                return
            # both cannot fit: the issuer's names break at phrase boundaries (render/display.py),
            # the place and date must not, so the right column gets the width it needs
            lowest = highest
        chosen = min(max(left, lowest), highest)
        for row in [grid, *table.findall(qn("w:tr"))]:
            cells = (
                row.findall(qn("w:gridCol"))
                if row is grid
                else [c.find(f"{qn('w:tcPr')}/{qn('w:tcW')}") for c in row.findall(qn("w:tc"))]
            )
            if len(cells) != 2 or any(c is None for c in cells):
                continue
            for element, width in zip(cells, (chosen, left + right - chosen), strict=True):
                element.set(qn("w:w"), str(round(width * _PT_PER_MM * _TWIPS_PER_PT)))

    def _addressee_label(self, body: Any) -> None:
        """Set "Kính gửi:" / "Kính trình:" in italics, the names after it upright, where the
        profile's ``addressee.label_italic`` says so (Party: HD 05-HD/VPTW, Phụ lục 2, mục 9).

        The template gives the lines as one text run; the label is split off into a run of its
        own carrying the same formatting plus italics.
        """
        key = "addressee.label_italic"
        style = self.ids.get("DLXH Addressee")
        if style is None or key not in self.profile.rules or not self.profile.flag(key):
            return
        for paragraph in body.iter(qn("w:p")):
            run = paragraph.find(qn("w:r"))
            text = None if run is None else run.find(qn("w:t"))
            match = _ADDRESSEE_LABEL.match((text.text or "") if text is not None else "")
            if _style_id(paragraph) != style or match is None or run is None or text is None:
                continue
            label = OxmlElement("w:r")
            properties = run.find(qn("w:rPr"))
            label_pr = deepcopy(properties) if properties is not None else OxmlElement("w:rPr")
            for old in label_pr.findall(qn("w:i")):
                label_pr.remove(old)
            label_pr.append(OxmlElement("w:i"))
            label.append(label_pr)
            label_text = OxmlElement("w:t")
            label_text.text = match.group(0)
            label_text.set(qn("xml:space"), "preserve")
            label.append(label_text)
            text.text = (text.text or "")[match.end() :]
            text.set(qn("xml:space"), "preserve")
            run.addprevious(label)

    def _size_rules(self, body: Any) -> None:
        """Give each rule the length the profile asks for, centred under its line of text."""
        profile = self.profile
        ids = self.ids
        rule_style = ids["DLXH Rule"]
        measured = {
            ids["DLXH Header Issuer"]: (
                profile.number("issuer.name_size_pt"),
                _optional(profile, "issuer.rule_ratio", 0.4),
            ),
            ids["DLXH Motto"]: (_size(profile, "motto.size_pt"), 1.0),
            ids["DLXH National Title"]: (
                profile.number("national_title.size_pt"),
                1.0,
            ),
            ids["DLXH Summary"]: (
                profile.number("summary.size_pt"),
                _optional(profile, "summary.rule_ratio", 0.4),
            ),
            ids["DLXH Type"]: (profile.number("type.size_pt"), 0.4),
        }
        page_width = page_text_width_mm(profile)
        for paragraph in body.iter(qn("w:p")):
            if _style_id(paragraph) != rule_style:
                continue
            previous = paragraph.getprevious()
            while previous is not None and previous.tag != qn("w:p"):
                previous = previous.getprevious()
            style = None if previous is None else _style_id(previous)
            if style is None or style not in measured:
                continue
            size, ratio = measured[style]
            available = _container_width_mm(paragraph, page_width)
            widest = max(text_width_pt(text, size, bold=True) for text in _lines_of(previous))
            line = min(widest / _PT_PER_MM, available)
            margin = max(0.0, (available - line * ratio) / 2)
            _set_indent(paragraph, margin)

    def properties(self) -> dict[str, bytes]:
        """The document properties part, replacing the template's; the settings too for a
        document printed on both sides (mirror margins)."""
        parts: dict[str, bytes] = {}
        settings = self.template.part(SETTINGS_PART)
        if self.document.two_sided and settings is not None:
            parts[SETTINGS_PART] = mirror_margins(settings)
        if self.template.part(CORE_PART) is None:
            return parts  # no part to replace: adding one would need relationships too
        doc = self.document
        stamp = dt.datetime.combine(doc.date, dt.time(), tzinfo=dt.UTC)
        return parts | {
            CORE_PART: core_properties_xml(
                title=doc.summary or doc.type.label,
                subject=doc.number_line,
                author=" ".join(doc.issuer.name.split()),  # one line: a property, not a header
                last_modified_by="dlxh",
                keywords=doc.type.label,
                created=stamp,
                modified=stamp,
                last_printed=stamp,
            )
        }


_ADDRESSEE_LABEL = re.compile(r"^Kính (gửi|trình):")


def _optional(profile: FormatProfile, key: str, default: float) -> float:
    return profile.number(key) if key in profile.rules else default


def _size(profile: FormatProfile, key: str) -> float:
    return profile.number(key) if key in profile.rules else profile.number("national_title.size_pt")


def _style_id(paragraph: Any) -> str | None:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return None if style is None else style.get(qn("w:val"))


def _lines_of(paragraph: Any) -> list[str]:
    """The text of each line of ``paragraph``, split at its line breaks."""
    lines = [""]
    for element in paragraph.iter(qn("w:t"), qn("w:br")):
        if element.tag == qn("w:br"):
            lines.append("")
        else:
            lines[-1] += element.text or ""
    return lines


def _container_width_mm(paragraph: Any, page_width: float) -> float:
    cell = paragraph.getparent()
    if cell is not None and cell.tag == qn("w:tc"):
        width = cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
        if width is not None and width.get(qn("w:type")) == "dxa":
            return int(width.get(qn("w:w"))) / _TWIPS_PER_PT / _PT_PER_MM - 2  # minus cell margins
    return page_width


def _restart_page_numbers(sect_pr: Any) -> None:
    """Number the section's pages from 1: ``w:pgNumType w:start="1"``, placed where the schema
    wants it (after the page size, margins and borders, before the columns and the title page)."""
    number_type = sect_pr.find(qn("w:pgNumType"))
    if number_type is None:
        number_type = OxmlElement("w:pgNumType")
        later = [qn(f"w:{n}") for n in ("cols", "formProt", "vAlign", "noEndnote", "titlePg")]
        later += [qn(f"w:{n}") for n in ("textDirection", "bidi", "rtlGutter", "docGrid")]
        follower = next((child for child in sect_pr if child.tag in later), None)
        if follower is None:
            sect_pr.append(number_type)
        else:
            follower.addprevious(number_type)
    number_type.set(qn("w:start"), "1")


def _set_indent(paragraph: Any, margin_mm: float) -> None:
    p_pr = paragraph.find(qn("w:pPr"))
    indent = p_pr.find(qn("w:ind"))
    if indent is None:
        indent = OxmlElement("w:ind")
        p_pr.append(indent)
    twips = str(round(margin_mm * _PT_PER_MM * _TWIPS_PER_PT))
    indent.set(qn("w:left"), twips)
    indent.set(qn("w:right"), twips)
