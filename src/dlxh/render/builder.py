"""Build the Word templates of a format profile.

The templates in ``templates/`` are the output of this module for the built-in profiles (a test
checks they match), and a house-style profile gets its own with ``dlxh templates build``. The parts
every document shares (page setup and page numbers, the header table, the title block, the
signature and recipients table) are each written once here; the three layouts differ only in what
sits between the header and the body:

* ``van-ban``: a named document type (HƯỚNG DẪN, BÁO CÁO, KẾ HOẠCH, THÔNG BÁO...), with optional
  legal bases;
* ``quyet-dinh``: a decision, with the deciding authority, the legal bases and "QUYẾT ĐỊNH:"
  ("QUYẾT NGHỊ:" for a nghị quyết of an HĐND);
* ``cong-van``: an official letter, with "V/v ..." under the number and "Kính gửi:";
* ``bien-ban``: minutes, titled like ``van-ban``, signed side by side by the secretary (left) and
  the chair (right), with "Nơi nhận" under the signatures (Nghị định 30 Phụ lục III Mẫu 1.9;
  HD 05-HD/VPTW 7.1.4 e) and 7.2.4: the lead person on the right).

A named type sent up to its addressees (a tờ trình) prints "Kính gửi:" under the title block.

The templates are ordinary .docx files with docxtpl tags: open one in Word, restyle it or move
things around, and render with it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Literal, cast

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from docx.table import Table, _Cell

from dlxh.atomic import atomic_write
from dlxh.profiles import FormatProfile
from dlxh.render.styles import install_styles
from dlxh.templating.coreprops import CORE_PART, core_properties_xml
from dlxh.templating.ooxml import (
    add_page_field,
    hide_table_borders,
    keep_row_whole,
    set_cell_margins,
)
from dlxh.templating.package import normalize_docx

__all__ = [
    "LAYOUTS",
    "Layout",
    "build_template",
    "build_templates",
    "page_margins_mm",
    "page_text_width_mm",
]

Layout = Literal["van-ban", "quyet-dinh", "cong-van", "bien-ban"]
LAYOUTS: tuple[Layout, ...] = ("van-ban", "quyet-dinh", "cong-van", "bien-ban")

_A4 = (210.0, 297.0)
_HEADER_DISTANCE_MM = 10
_SIGNATURE_LEFT_SHARE = 0.45
_CELL_MARGIN_TWIPS = 57  # 1 mm: the header columns need every millimetre


def page_margins_mm(profile: FormatProfile, *, landscape: bool = False) -> dict[str, float]:
    """The page's margins (top, bottom, left, right) in ``profile``.

    The profile gives them for a portrait page. A landscape page bound into a portrait document
    turns a quarter so that its top edge lies along the binding: under a profile whose
    ``page.landscape_binding`` is ``top`` its top margin is the binding (left) margin, its left
    and right margins the portrait top and bottom, its bottom margin the portrait right one.
    Without that rule a landscape page keeps the portrait margins as they are.
    """
    sides = ("top", "bottom", "left", "right")
    margins = {side: profile.number(f"page.margin_{side}_mm") for side in sides}
    binding = "page.landscape_binding"
    if landscape and binding in profile.rules and profile.text(binding) == "top":
        return {
            "top": margins["left"],
            "bottom": margins["right"],
            "left": margins["bottom"],
            "right": margins["top"],
        }
    return margins


def page_text_width_mm(profile: FormatProfile, *, landscape: bool = False) -> float:
    """The width between the margins of a page in ``profile``."""
    width = _A4[1] if landscape else _A4[0]
    margins = page_margins_mm(profile, landscape=landscape)
    return width - margins["left"] - margins["right"]


def setup_section(section: Section, profile: FormatProfile, *, landscape: bool = False) -> None:
    """A4, the profile's margins, orientation, and the page header distance."""
    width, height = _A4
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(height), Mm(width)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(width), Mm(height)
    margins = page_margins_mm(profile, landscape=landscape)
    section.top_margin = Mm(margins["top"])
    section.bottom_margin = Mm(margins["bottom"])
    section.left_margin = Mm(margins["left"])
    section.right_margin = Mm(margins["right"])
    section.header_distance = Mm(_HEADER_DISTANCE_MM)
    section.footer_distance = Mm(_HEADER_DISTANCE_MM)


def _page_numbers(document: DocxDocument, section: Section) -> None:
    """Page numbers centred in the top margin from page 2; page 1 has an empty header."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.style = document.styles["DLXH Page Number"]
    add_page_field(paragraph)
    first = section.first_page_header
    first.is_linked_to_previous = False


def _lines(cell: _Cell | DocxDocument, lines: Iterable[tuple[str, str]]) -> None:
    """Add (text, style) paragraphs; the first one reuses a table cell's initial paragraph."""
    for index, (text, style) in enumerate(lines):
        if isinstance(cell, _Cell) and index == 0:
            paragraph = cell.paragraphs[0]
            paragraph.text = text
            paragraph.style = style
        else:
            cell.add_paragraph(text, style)


def _table(document: DocxDocument, rows: int, widths_mm: list[float]) -> Table:
    table = document.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    hide_table_borders(table)
    set_cell_margins(table, left_twips=_CELL_MARGIN_TWIPS, right_twips=_CELL_MARGIN_TWIPS)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    return cast(Table, table)


def _header(document: DocxDocument, profile: FormatProfile, layout: Layout) -> None:
    text_width = page_text_width_mm(profile)
    left = profile.number("header.left_width_mm")
    table = _table(document, 2, [left, text_width - left])
    star = profile.flag("issuer.star")
    _lines(
        table.cell(0, 0),
        [
            ("{%p if issuer_parent %}", "DLXH Header Parent"),
            ("{{ issuer_parent }}", "DLXH Header Parent"),
            ("{%p endif %}", "DLXH Header Parent"),
            ("{{ issuer_name }}", "DLXH Header Issuer"),
            ("*", "DLXH Star") if star else ("", "DLXH Rule"),
        ],
    )
    number_cell = [("{{ number_line }}", "DLXH Header Number")]
    if layout == "cong-van":
        number_cell.append(("{{ subject }}", "DLXH Header Subject"))
    number_cell += [
        ("{%p for mark in marks %}", "DLXH Header Number"),
        ("{{ mark }}", "DLXH Header Issuer"),
        ("{%p endfor %}", "DLXH Header Number"),
    ]
    _lines(table.cell(1, 0), number_cell)
    right = [("{{ top_title }}", "DLXH National Title")]
    if profile.text("motto.text") if "motto.text" in profile.rules else "":
        right.append(("{{ motto }}", "DLXH Motto"))
    right.append(("", "DLXH Rule"))
    _lines(table.cell(0, 1), right)
    _lines(table.cell(1, 1), [("{{ place_date }}", "DLXH Place Date")])


def _title(document: DocxDocument, profile: FormatProfile, layout: Layout) -> None:
    if layout == "cong-van":
        _lines(
            document,
            [
                ("", "Normal"),
                ("{%p if addressee_lines %}", "DLXH Addressee"),
                ('{{ addressee_lines | join("\\n") }}', "DLXH Addressee"),
                ("{%p endif %}", "DLXH Addressee"),
            ],
        )
        return
    dashes = profile.text("summary.rule") == "dashes"
    closing = ("-----", "DLXH Dashes") if dashes else ("", "DLXH Rule")
    lines = [
        ("{{ type_title }}", "DLXH Type"),
        ("{%p if summary %}", "DLXH Summary"),
        ("{{ summary }}", "DLXH Summary"),
        ("{%p endif %}", "DLXH Summary"),
        closing,
    ]
    if layout == "quyet-dinh":
        lines += [
            ("{%p if authority %}", "DLXH Authority"),
            ("{{ authority }}", "DLXH Authority"),
            ("{%p endif %}", "DLXH Authority"),
        ]
    lines += [
        ("{%p for basis in legal_bases %}", "DLXH Legal Basis"),
        ("{{ basis }}", "DLXH Legal Basis"),
        ("{%p endfor %}", "DLXH Legal Basis"),
    ]
    if layout == "quyet-dinh":
        lines.append(("{{ enacting }}", "DLXH Decides"))
    else:  # a tờ trình (or report) to the body that decides: "Kính gửi:" under the title
        lines += [
            ("{%p if addressee_lines %}", "DLXH Addressee"),
            ('{{ addressee_lines | join("\\n") }}', "DLXH Addressee"),
            ("{%p endif %}", "DLXH Addressee"),
        ]
    _lines(document, lines)
    if not dashes:
        # the rule closing the title block: keep a line's distance from what follows
        rule = next(
            p
            for p in document.paragraphs
            if p.text == "" and p.style is not None and p.style.name == "DLXH Rule"
        )
        rule.paragraph_format.space_after = Pt(12)


def _signer_lines(authority: str, title: str, name: str) -> list[tuple[str, str]]:
    """The tags of one signature: its authority lines, title and name, from context keys."""
    return [
        (f"{{%p for line in {authority} %}}", "DLXH Signature Authority"),
        ("{{ line }}", "DLXH Signature Authority"),
        ("{%p endfor %}", "DLXH Signature Authority"),
        (f"{{%p if {title} %}}", "DLXH Signature Title"),
        (f"{{{{ {title} }}}}", "DLXH Signature Title"),
        ("{%p endif %}", "DLXH Signature Title"),
        (f"{{{{ {name} }}}}", "DLXH Signer Name"),
    ]


def _minutes_signatures(document: DocxDocument, profile: FormatProfile) -> None:
    """Two signatures side by side (secretary left, chair right), "Nơi nhận" under them."""
    text_width = page_text_width_mm(profile)
    table = _table(document, 2, [text_width / 2, text_width / 2])
    for row in table.rows:
        keep_row_whole(row)
    _lines(
        table.cell(0, 0),
        _signer_lines("cosigner_authority", "cosigner_title", "cosigner_name"),
    )
    _lines(
        table.cell(0, 1),
        _signer_lines("signature_authority", "signature_title", "signer_name"),
    )
    for cell in table.rows[0].cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True  # the names stay with "Nơi nhận"
    _lines(
        table.cell(1, 0),
        [
            ("{{ recipient_label }}", "DLXH Recipients Label"),
            ("{%p for line in recipient_lines %}", "DLXH Recipients"),
            ("{{ line }}", "DLXH Recipients"),
            ("{%p endfor %}", "DLXH Recipients"),
        ],
    )
    table.cell(1, 0).paragraphs[0].paragraph_format.space_before = Pt(12)  # apart from the names


def _signature(document: DocxDocument, profile: FormatProfile) -> None:
    text_width = page_text_width_mm(profile)
    left = round(text_width * _SIGNATURE_LEFT_SHARE, 1)
    table = _table(document, 1, [left, text_width - left])
    keep_row_whole(table.rows[0])  # the signer's name never goes to a page of its own
    _lines(
        table.cell(0, 0),
        [
            ("{{ recipient_label }}", "DLXH Recipients Label"),
            ("{%p for line in recipient_lines %}", "DLXH Recipients"),
            ("{{ line }}", "DLXH Recipients"),
            ("{%p endfor %}", "DLXH Recipients"),
        ],
    )
    _lines(
        table.cell(0, 1),
        [
            ("{%p for line in signature_authority %}", "DLXH Signature Authority"),
            ("{{ line }}", "DLXH Signature Authority"),
            ("{%p endfor %}", "DLXH Signature Authority"),
            ("{%p if signature_title %}", "DLXH Signature Title"),
            ("{{ signature_title }}", "DLXH Signature Title"),
            ("{%p endif %}", "DLXH Signature Title"),
            ("{{ signer_name }}", "DLXH Signer Name"),
        ],
    )


def _trim(document: DocxDocument) -> None:
    """Drop what python-docx's stock template carries but a dlxh template does not use: its
    thumbnail (a blank page), the Word 2010 ``stylesWithEffects`` copy of the styles (with theme
    fonts), and the definitions of styles no paragraph or table uses (Word recreates built-in
    styles on demand from their latent definitions)."""
    package_rels = document.part.package.rels
    for key in [k for k, rel in package_rels.items() if rel.reltype == RT.THUMBNAIL]:
        del package_rels[key]
    part_rels = document.part.rels
    for key in [k for k, rel in part_rels.items() if rel.reltype.endswith("/stylesWithEffects")]:
        del part_rels[key]
    keep = {
        "Normal",
        "Table Grid",
        "Default Paragraph Font",
        "Normal Table",
        "No List",
        "Header",
        "Footer",
    }
    styles = document.styles.element
    for style in list(styles.iterchildren(qn("w:style"))):
        name = style.find(qn("w:name"))
        value = "" if name is None else str(name.get(qn("w:val")))
        if (
            value not in keep
            and not value.startswith("DLXH ")
            and value.lower() not in {k.lower() for k in keep}
        ):
            styles.remove(style)


def build_template(profile: FormatProfile, layout: Layout) -> bytes:
    """The .docx template of ``layout`` for ``profile``, as bytes (deterministic)."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of: {', '.join(LAYOUTS)}")
    document = docx.Document()
    body = document.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    install_styles(document, profile)
    section = document.sections[0]
    setup_section(section, profile)
    _page_numbers(document, section)
    _header(document, profile, layout)
    _title(document, profile, layout)
    document.add_paragraph("{{p body }}", "DLXH Body")
    # a line between the body and the signature block, kept on the block's page
    document.add_paragraph("", "Normal").paragraph_format.keep_with_next = True
    if layout == "bien-ban":
        _minutes_signatures(document, profile)
    else:
        _signature(document, profile)
    _trim(document)
    stream = io.BytesIO()
    document.save(stream)
    core = core_properties_xml(
        title=f"dlxh {profile.name} {layout}",
        author="dlxh",
        last_modified_by="dlxh",
        comments=f"Template for profile {profile.name} {profile.version} ({profile.source})",
    )
    return normalize_docx(stream.getvalue(), replace={CORE_PART: core})


def build_templates(profile: FormatProfile, folder: str | Path) -> list[Path]:
    """Write every layout of ``profile`` into ``folder`` (created if needed); return the paths."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    return [
        atomic_write(target / f"{layout}.docx", build_template(profile, layout))
        for layout in LAYOUTS
    ]
