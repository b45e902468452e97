"""The page rules: size, margins, fonts (body and the headers shown) and page numbers."""

from __future__ import annotations

from dlxh.check.common import TOLERANCE_MM as _TOLERANCE_MM
from dlxh.check.common import TOLERANCE_PT as _TOLERANCE_PT
from dlxh.check.common import estimated_width_pt, text_width_pt
from dlxh.check.common import in_range as _in_range
from dlxh.check.common import range_of as _range
from dlxh.check.common import where as _where
from dlxh.check.context import CheckContext
from dlxh.check.layout import Para, Section
from dlxh.check.properties import qn

__all__ = ["fonts", "page_numbers", "page_setup"]


def page_setup(context: CheckContext) -> None:
    """A4, portrait (landscape allowed after the first section), margins within range."""
    for section in context.view.sections:
        where = f"section {section.index + 1}"
        width, height = sorted((section.width_mm, section.height_mm))
        if abs(width - 210) > 1 or abs(height - 297) > 1:
            context.report(
                "page.size",
                "the page is not A4",
                where,
                expected="A4 (210 x 297 mm)",
                found=f"{section.width_mm:.0f} x {section.height_mm:.0f} mm",
            )
        if section.width_mm > section.height_mm and section.index == 0:
            context.report(
                "page.orientation",
                "the first page is landscape",
                where,
                expected="portrait (landscape only for wide tables)",
                found="landscape",
            )
        for side, value in _portrait_margins(context, section).items():
            key = f"page.margin_{side}_mm"
            if not _in_range(context, key, value, _TOLERANCE_MM):
                context.report(
                    key,
                    f"the {side} margin is out of range",
                    where,
                    expected=_range(context, key),
                    found=f"{value:.1f} mm",
                )


def _portrait_margins(context: CheckContext, section: Section) -> dict[str, float]:
    """A section's margins as the profile states them, for a portrait page: a landscape page
    bound along its top edge (``page.landscape_binding: top``) has the binding margin on top,
    so its top, bottom, left and right margins are the portrait left, right, bottom and top."""
    margins: dict[str, float] = section.margins_mm
    rule = context.profile.rules.get("page.landscape_binding")
    if section.width_mm <= section.height_mm or rule is None or rule.default != "top":
        return margins
    return {
        "top": margins["right"],
        "bottom": margins["left"],
        "left": margins["top"],
        "right": margins["bottom"],
    }


def fonts(context: CheckContext) -> None:
    """Every run with text is in the profile's font, resolved through styles and theme."""
    wanted = context.profile.text("font.name")
    wrong: dict[str, list[Para]] = {}
    paragraphs = list(context.view.paragraphs)
    for section in context.view.sections:
        for part in context.view.shown_headers(section):  # an unused even header is never seen
            paragraphs += context.view.header_paragraphs(part)
    for para in paragraphs:
        for run, text in para.runs:
            if not text.strip():
                continue
            font = para.run_format(run).font_for(text) or "(the application's default font)"
            if font != wanted:
                wrong.setdefault(font, [])
                if not wrong[font] or wrong[font][-1] is not para:
                    wrong[font].append(para)
    for font, places in wrong.items():
        context.report(
            "font.name",
            f"text in {font} instead of {wanted} ({len(places)} paragraphs)",
            _where(places),
            expected=wanted,
            found=font,
        )


def _has_page_field(context: CheckContext, part: str) -> bool:
    root = context.view.package.part(part)
    if root is None:
        return False
    instructions = [t.text or "" for t in root.iter(qn("w:instrText"))]
    instructions += [str(f.get(qn("w:instr"), "")) for f in root.iter(qn("w:fldSimple"))]
    return any(_is_page(i) for i in instructions)


def _is_page(instruction: str) -> bool:
    return "PAGE" in instruction.upper().split() or instruction.strip().upper().startswith("PAGE")


def _page_number_sizes(context: CheckContext, part: str) -> list[tuple[Para, float]]:
    """The size each PAGE field of a header prints in: its instruction's run (a complex field
    sets the result's look there), or a simple field's first run."""
    sizes = []
    for para in context.view.header_paragraphs(part):
        for run in para.element.iter(qn("w:r")):
            instruction = "".join(t.text or "" for t in run.iter(qn("w:instrText")))
            parent = run.getparent()
            simple = parent is not None and parent.tag == qn("w:fldSimple")
            if _is_page(instruction) or (
                simple and parent is not None and _is_page(str(parent.get(qn("w:instr"), "")))
            ):
                sizes.append((para, para.run_format(run).size_pt))
                break
    return sizes


_LINES_PER_PAGE = 32  # 14 pt text on A4 at 1-1.5 line spacing with spacing between paragraphs


def _page_count(context: CheckContext) -> int:
    """The number of pages: Word's own count when it saved one and it is not below an estimate
    from the text (lines at the first section's width, tables by their rows), else that
    estimate. A program that writes .docx files often leaves its template's stale "1" there."""
    per_line = max(20, int(text_width_pt(context) / estimated_width_pt("x", 14)))
    lines = sum(max(1, -(-len(p.text.strip()) // per_line)) for p in context.view.body_paragraphs())
    lines += sum(len(table) for table in context.view.tables)
    estimate = max(1, -(-lines // _LINES_PER_PAGE)) + max(0, len(context.view.sections) - 1)
    saved = context.view.pages
    return estimate if saved is None or saved < estimate else saved


def page_numbers(context: CheckContext) -> None:
    """Page numbers in the header from page 2 (none on page 1) in the profile's size; a
    document of one page needs none."""
    if not context.view.sections:
        return
    section = context.view.sections[0]
    default = section.headers.get("default")
    numbered = default is not None and _has_page_field(context, default)
    first = section.headers.get("first")
    if numbered and not section.title_page:
        context.report(
            "page_number.first_page",
            "the first page shows a page number",
            "section 1",
            expected="no number on page 1 (different first page)",
            found="numbered",
        )
    elif section.title_page and first is not None and _has_page_field(context, first):
        context.report(
            "page_number.first_page",
            "the first-page header has a page number",
            "section 1",
            expected="no number on page 1",
            found="numbered",
        )
    if not numbered and _page_count(context) > 1:
        context.report(
            "page_number.present",
            "no page numbers in the page header (needed from page 2)",
            "section 1",
            expected="a centred PAGE field in the header",
            found=None,
            basis="page_number.size_pt",
            confirmed=False,
        )
    key = "page_number.size_pt"
    if not numbered or default is None or key not in context.profile.rules:
        return
    for para, size in _page_number_sizes(context, default)[:1]:
        if not _in_range(context, key, size, _TOLERANCE_PT):
            context.report(
                key,
                "the page number has the wrong size",
                para.location,
                expected=_range(context, key),
                found=f"{size:g} pt",
            )
