"""The named styles of dlxh templates, built from a format profile.

Every piece of text in a rendered document takes its look from one of these styles, so a user can
restyle a template in Word (Format > Styles) without touching the renderer, and the format checker
can resolve every run's font through the style chain. Fonts are set explicitly on the document
defaults, on every style and on the theme, so no run falls back to a theme font such as Calibri.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from lxml import etree

from dlxh.profiles import FormatProfile
from dlxh.templating.ooxml import set_bottom_border

__all__ = ["StyleSpec", "apply_fonts", "install_styles"]

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


@dataclass(frozen=True)
class StyleSpec:
    """One paragraph style: its size and emphasis, alignment, indents and spacing."""

    name: str
    size: float
    base: str = "Normal"
    bold: bool = False
    italic: bool = False
    underline: bool = False
    align: str = "left"
    first_line_mm: float = 0
    left_mm: float = 0
    before_pt: float = 0
    after_pt: float = 0
    line_spacing: float = 1.0
    keep_with_next: bool = False
    rule: bool = False


def _specs(profile: FormatProfile) -> list[StyleSpec]:
    body = profile.number("body.size_pt")
    table = max(12.0, body - 1)
    label_style = profile.text("recipients.label_style")
    indent = profile.number("body.first_line_indent_mm")
    after = profile.number("body.space_after_pt")
    spacing = _line_spacing(profile)

    def text(name: str, size: float = body, **extra: bool) -> StyleSpec:
        """A style of the body text: justified, indented, spaced per profile; headings get a
        little air above them and are set flush left: a heading that wraps would be stretched
        word by word across its first line, with one word left alone on the second."""
        base = "Normal" if name == "DLXH Body" else "DLXH Body"
        heading = name.startswith("DLXH Heading")
        before = 6.0 if heading else 0.0
        return StyleSpec(
            name,
            size,
            base,
            align="left" if heading else "justify",
            first_line_mm=indent,
            before_pt=before,
            after_pt=after,
            line_spacing=spacing,
            **extra,
        )

    return [
        text("DLXH Body"),
        text(
            "DLXH Heading 1",
            profile.number("heading.level1_size_pt"),
            bold=True,
            keep_with_next=True,
        ),
        text("DLXH Heading 2", bold=True, keep_with_next=True),
        text("DLXH Heading 3", **_emphasis(profile, "heading.level3_style", "bold-italic")),
        text("DLXH Heading 4", **_emphasis(profile, "heading.level4_style", "italic")),
        text("DLXH List"),
        text("DLXH Article"),
        text("DLXH Legal Basis", italic=_flag(profile, "legal_basis.italic", True)),
        # "Kính gửi:" starts 25 mm in; the "- ..." lines after it align under its colon (Mẫu 1.5)
        StyleSpec(
            "DLXH Addressee", body, left_mm=45, first_line_mm=-20, after_pt=6, line_spacing=spacing
        ),
        StyleSpec("DLXH Authority", body, bold=True, align="center", before_pt=6, after_pt=6),
        StyleSpec(
            "DLXH Decides",
            body,
            bold=True,
            align="center",
            before_pt=6,
            after_pt=6,
            keep_with_next=True,
        ),
        StyleSpec("DLXH Header Parent", profile.number("issuer.parent_size_pt"), align="center"),
        StyleSpec(
            "DLXH Header Issuer", profile.number("issuer.name_size_pt"), bold=True, align="center"
        ),
        StyleSpec("DLXH Star", profile.number("issuer.name_size_pt"), align="center"),
        StyleSpec(
            "DLXH Header Number", profile.number("number.size_pt"), align="center", before_pt=6
        ),
        StyleSpec(
            "DLXH Header Subject",
            profile.number("subject.size_pt"),
            italic=_flag(profile, "subject.italic", False),  # Party: italic (HD 05, Phụ lục 2)
            align="center",
            before_pt=6,
        ),
        StyleSpec(
            "DLXH National Title",
            profile.number("national_title.size_pt"),
            bold=True,
            align="center",
        ),
        StyleSpec("DLXH Motto", _motto_size(profile), bold=True, align="center"),
        StyleSpec(
            "DLXH Place Date",
            profile.number("date.size_pt"),
            italic=True,
            align="center",
            before_pt=6,
        ),
        StyleSpec("DLXH Rule", 2, align="center", before_pt=_rule_gap(profile), rule=True),
        StyleSpec(
            "DLXH Type",
            profile.number("type.size_pt"),
            bold=True,
            align="center",
            before_pt=18,
            keep_with_next=True,
        ),
        StyleSpec(
            "DLXH Summary",
            profile.number("summary.size_pt"),
            bold=True,
            align="center",
            keep_with_next=True,
        ),
        StyleSpec("DLXH Dashes", profile.number("summary.size_pt"), align="center", after_pt=12),
        StyleSpec(
            "DLXH Signature Authority",
            profile.number("signature.authority_size_pt"),
            bold=True,
            align="center",
        ),
        StyleSpec(
            "DLXH Signature Title",
            profile.number("signature.authority_size_pt"),
            bold=profile.flag("signature.title_bold"),
            align="center",
        ),
        StyleSpec(
            "DLXH Signer Name",
            profile.number("signature.name_size_pt"),
            bold=True,
            align="center",
            before_pt=72,
        ),
        StyleSpec(
            "DLXH Recipients Label",
            profile.number("recipients.label_size_pt"),
            bold="bold" in label_style,
            italic="italic" in label_style,
            underline="underline" in label_style,
            before_pt=6,
        ),
        StyleSpec("DLXH Recipients", profile.number("recipients.size_pt")),
        StyleSpec("DLXH Table Text", table, before_pt=2, after_pt=2),
        StyleSpec("DLXH Table Header", table, bold=True, align="center", before_pt=2, after_pt=2),
        StyleSpec("DLXH Caption", 12, italic=True, align="center", after_pt=6),
        StyleSpec("DLXH Picture", body, align="center", before_pt=6),
        StyleSpec(
            "DLXH Appendix Title",
            _number(profile, "appendix.label_size_pt", 14),
            bold=True,
            align="center",
            keep_with_next=True,
        ),
        StyleSpec(
            "DLXH Appendix Subtitle",
            _number(profile, "appendix.title_size_pt", 14),
            bold=True,
            align="center",
            keep_with_next=True,
        ),
        StyleSpec(
            "DLXH Appendix Note",
            _number(profile, "appendix.note_size_pt", 14),
            italic=True,
            align="center",
            after_pt=12,
        ),
        StyleSpec("DLXH Page Number", profile.number("page_number.size_pt"), align="center"),
    ]


def _line_spacing(profile: FormatProfile) -> float:
    """The body's line spacing: exact points where the profile gives ``body.line_spacing_exact_pt``
    (Hướng dẫn 05-HD/VPTW 6.2.2: "từ 18pt đến 22pt (Exactly)"), else a multiple of single.

    An exact height is returned as a python-docx ``Length`` (an ``int``), which python-docx
    writes as ``w:lineRule="exact"``; a ``float`` is a multiple.
    """
    exact = "body.line_spacing_exact_pt"
    if exact in profile.rules:
        return Pt(profile.number(exact))
    return profile.number("body.line_spacing")


def _flag(profile: FormatProfile, key: str, default: bool) -> bool:
    return profile.flag(key) if key in profile.rules else default


def _number(profile: FormatProfile, key: str, default: float) -> float:
    return profile.number(key) if key in profile.rules else default


def _emphasis(profile: FormatProfile, key: str, default: str) -> dict[str, bool]:
    """A heading's emphasis from a profile rule such as ``regular``, ``bold-italic``, ``italic``.

    The regimes differ here: the State table (Nghị định 30, Phụ lục I Mục V, STT 6) prints a
    point "a)" upright and not bold, while the Party profiles keep the bold italic points their
    sources show; a profile without the rule gets ``default``. Headings always keep with the
    paragraph that follows them.
    """
    look = str(profile.value(key)) if key in profile.rules else default
    return {"bold": "bold" in look, "italic": "italic" in look, "keep_with_next": True}


RULE_GAP_PT = 3.0
"""Space above a rule's own (2 pt) paragraph, so the rule lies about 9 pt under the baseline of
the line it closes, as on the model pages of Nghị định 30 Phụ lục III (Mẫu 1.4, 1.5: the rule is
a line of its own under the motto, the issuer and the trích yếu, not an underline). Measured on
those pages; a profile may set ``rule.space_before_pt``."""


def _rule_gap(profile: FormatProfile) -> float:
    if "rule.space_before_pt" in profile.rules:
        return profile.number("rule.space_before_pt")
    return RULE_GAP_PT


def _motto_size(profile: FormatProfile) -> float:
    if "motto.size_pt" in profile.rules:
        return profile.number("motto.size_pt")
    return profile.number("national_title.size_pt")


def _set_run_fonts(r_pr: etree._Element, font: str) -> None:
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if str(attribute).endswith("Theme"):
            del fonts.attrib[attribute]
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), font)


def apply_fonts(document: DocxDocument, font: str) -> None:
    """Use ``font`` for the document defaults, every style and the theme; Vietnamese language."""
    styles_element = document.styles.element
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles_element.insert(0, defaults)
    r_pr_default = defaults.find(qn("w:rPrDefault"))
    if r_pr_default is None:
        r_pr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, r_pr_default)
    r_pr = r_pr_default.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        r_pr_default.append(r_pr)
    _set_run_fonts(r_pr, font)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "en-US")
    lang.set(qn("w:bidi"), "ar-SA")
    for fonts in styles_element.iter(qn("w:rFonts")):
        parent = fonts.getparent()
        if parent is not None:
            _set_run_fonts(parent, font)
    for rel in document.part.rels.values():
        if rel.reltype == RT.THEME:
            part = rel.target_part
            blob = part.blob.decode("utf-8")
            blob = re.sub(r'(<a:latin typeface=")[^"]*(")', rf"\g<1>{font}\g<2>", blob)
            part._blob = blob.encode("utf-8")


def _style(document: DocxDocument, name: str) -> ParagraphStyle:
    styles = document.styles
    if name in [s.name for s in styles]:
        style = styles[name]
    else:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    return style


def install_styles(document: DocxDocument, profile: FormatProfile) -> None:
    """Create (or update) every dlxh style in ``document`` from ``profile``."""
    font = profile.text("font.name")
    normal = _style(document, "Normal")
    normal.font.name = font
    normal.font.size = Pt(profile.number("body.size_pt"))
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for spec in _specs(profile):
        style = _style(document, spec.name)
        style.base_style = _style(document, spec.base)
        style.quick_style = True
        style.font.name = font
        style.font.size = Pt(spec.size)
        style.font.bold = spec.bold
        style.font.italic = spec.italic
        style.font.underline = spec.underline
        fmt = style.paragraph_format
        fmt.alignment = _ALIGN[spec.align]
        fmt.first_line_indent = Mm(spec.first_line_mm)
        fmt.left_indent = Mm(spec.left_mm)
        fmt.space_before = Pt(spec.before_pt)
        fmt.space_after = Pt(spec.after_pt)
        fmt.line_spacing = spec.line_spacing
        fmt.keep_with_next = spec.keep_with_next
        fmt.widow_control = True
        if spec.rule:
            _rule_border(style)
    apply_fonts(document, font)


def _rule_border(style: ParagraphStyle) -> None:
    """Give a style the bottom border that draws a rule (the paragraph itself stays empty)."""

    class _StyleParagraph:  # set_bottom_border works on anything with a _p.get_or_add_pPr()
        def __init__(self, element: etree._Element) -> None:
            self._p = element

    set_bottom_border(_StyleParagraph(style.element))  # type: ignore[arg-type]
