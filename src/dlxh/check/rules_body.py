"""The body rules: running text, heading numbers and the closing mark."""

from __future__ import annotations

import re

from dlxh.check.common import TOLERANCE_MM as _TOLERANCE_MM
from dlxh.check.common import TOLERANCE_PT as _TOLERANCE_PT
from dlxh.check.common import estimated_width_pt, text_width_pt
from dlxh.check.common import in_range as _in_range
from dlxh.check.common import range_of as _range
from dlxh.check.common import where as _where
from dlxh.check.context import CheckContext
from dlxh.check.layout import Para
from dlxh.vn import POINT_LETTERS, from_roman

__all__ = ["body_text", "end_mark", "headings"]


def body_text(context: CheckContext) -> None:
    """Running text: justified, first-line indent, spacing after, line spacing, size."""
    problems: dict[str, list[Para]] = {}
    found: dict[str, str] = {}

    def note(key: str, para: Para, value: str) -> None:
        problems.setdefault(key, []).append(para)
        found.setdefault(key, value)

    exact_rule = "body.line_spacing_exact_pt"
    for para in context.prose:
        fmt = para.format
        alignment = context.profile.rules.get("body.alignment")
        if (
            alignment is not None
            and not alignment.allows(fmt.alignment)
            and not _one_line(context, para)  # a single line looks the same however aligned
        ):
            note("body.alignment", para, fmt.alignment)
        indent = _effective_indent_mm(context, para)
        if not _in_range(context, "body.first_line_indent_mm", indent, _TOLERANCE_MM):
            note("body.first_line_indent_mm", para, f"{indent:.1f} mm")
        # the space before a paragraph separates it as well as the space after (Word adds both)
        gap = fmt.space_after_pt + fmt.space_before_pt
        if not _in_range(context, "body.space_after_pt", gap, _TOLERANCE_PT):
            note("body.space_after_pt", para, f"{gap:g} pt")
        if exact_rule in context.profile.rules:  # HD 05: 18-22 pt, "Exactly"
            if fmt.line_exact_pt is None or fmt.line_spacing is not None:
                shown = f"{fmt.line_spacing:g} (multiple)" if fmt.line_spacing else "at least"
                note(exact_rule, para, shown)
            elif not _in_range(context, exact_rule, fmt.line_exact_pt, _TOLERANCE_PT):
                note(exact_rule, para, f"{fmt.line_exact_pt:g} pt exactly")
        elif fmt.line_spacing is not None and not _in_range(
            context, "body.line_spacing", fmt.line_spacing, 0.01
        ):
            note("body.line_spacing", para, f"{fmt.line_spacing:g}")
        run = para.first_text_run()
        if run is not None and not _in_range(context, "body.size_pt", run.size_pt, _TOLERANCE_PT):
            note("body.size_pt", para, f"{run.size_pt:g} pt")
    messages = {
        "body.alignment": "running text is not justified",
        "body.first_line_indent_mm": "the first-line indent is out of range",
        "body.space_after_pt": "the space between paragraphs is out of range",
        "body.line_spacing": "the line spacing is out of range",
        "body.line_spacing_exact_pt": "the line spacing is not an exact height within range",
        "body.size_pt": "the body text size is out of range",
    }
    for key, paragraphs in problems.items():
        context.report(
            key,
            f"{messages[key]} ({len(paragraphs)} paragraphs)",
            _where(paragraphs),
            expected=_range(context, key),
            found=found[key],
        )


def _one_line(context: CheckContext, para: Para) -> bool:
    """Whether ``para`` fits on one line of the first section's text width (an estimate)."""
    if not context.view.sections:
        return False
    run = para.first_text_run()
    size = run.size_pt if run is not None else 14.0
    indent_pt = para.format.left_mm * 72 / 25.4
    return estimated_width_pt(para.text.strip(), size) <= text_width_pt(context) - indent_pt


def _effective_indent_mm(context: CheckContext, para: Para) -> float:
    """Where the first line starts, from the margin: the left indent plus the first-line one (a
    hanging or negative left indent counts), and a leading tab carries it to the next tab stop."""
    fmt = para.format
    start = fmt.left_mm + fmt.first_line_mm
    if para.text.startswith("\t"):
        step = context.view.default_tab_mm
        start = (int(start // step) + 1) * step if step > 0 else start
    return start


_ROMAN = re.compile(r"^([IVXLC]+)\s*([.\-])\s")


_ARABIC = re.compile(r"^(\d{1,3})\s*[.\-]\s")


_LETTER = re.compile(r"^[“\"']?([a-zđ])\)\s")  # a point quoted from another text counts too


def headings(context: CheckContext) -> None:
    """Heading numbers run I, II, III; 1, 2, 3 within each; a), b)... with Vietnamese letters."""
    roman = 0
    arabic = 0
    letter = 0
    for para in context.body:
        text = para.text.strip()
        run = para.first_text_run()
        bold = run is not None and run.bold
        if (match := _ROMAN.match(text)) is not None:
            try:
                value = from_roman(match.group(1))
            except ValueError:
                continue
            if value != roman + 1:
                context.report(
                    "heading.sequence",
                    "section numbers skip or repeat",
                    para.location,
                    expected=f"{_roman(roman + 1)}.",
                    found=f"{match.group(1)}",
                    component="heading",
                )
            separator = context.profile.rules.get("heading.separator")
            if separator is not None and not separator.allows(match.group(2)):
                context.report(
                    "heading.separator",
                    f'section numbers use "{match.group(2)}" after the numeral',
                    para.location,
                    expected=separator.describe_range(),
                    found=f"{match.group(1)}{match.group(2)}",
                )
            roman, arabic, letter = value, 0, 0
        elif (match := _ARABIC.match(text)) is not None and bold:
            value = int(match.group(1))
            if value not in (arabic + 1, 1):
                context.report(
                    "heading.sequence",
                    "heading numbers skip or repeat",
                    para.location,
                    expected=f"{arabic + 1}.",
                    found=f"{value}.",
                    component="heading",
                )
            arabic, letter = value, 0
        elif (match := _LETTER.match(text)) is not None:
            char = match.group(1)
            if char not in POINT_LETTERS:
                context.report(
                    "heading.sequence",
                    f"{char!r} is not a Vietnamese point letter",
                    para.location,
                    expected=" ".join(POINT_LETTERS),
                    found=f"{char})",
                    component="heading",
                )
                continue
            value = POINT_LETTERS.index(char) + 1
            if value not in (letter + 1, 1):
                context.report(
                    "heading.sequence",
                    "point letters skip or repeat",
                    para.location,
                    expected=f"{POINT_LETTERS[letter]})" if letter < len(POINT_LETTERS) else None,
                    found=f"{char})",
                    component="heading",
                )
            letter = value


def _roman(value: int) -> str:
    from dlxh.vn import to_roman  # noqa: PLC0415 (tiny helper, avoids a name clash above)

    return to_roman(value) if value >= 1 else "I"


def end_mark(context: CheckContext) -> None:
    """The body ends with the profile's mark ("./." State practice, "." Party)."""
    if not context.body:
        return
    last = context.body[-1]
    if _table_follows(context, last):
        return  # the body ends with a table, which takes no closing mark
    text = last.text.rstrip()
    mark = context.profile.text("body.end_mark")
    ending = f"…{text[-12:]}" if len(text) > 12 else text
    if mark == "." and text.endswith("./."):
        context.report(
            "body.end_mark",
            'this profile ends the body with ".", not "./."',
            last.location,
            expected=".",
            found=ending,
        )
    elif mark == "./." and not text.endswith("./.") and last.table is None:
        context.report(
            "body.end_mark",
            'the body should end with "./."',
            last.location,
            expected="./.",
            found=ending,
        )


def _table_follows(context: CheckContext, para: Para) -> bool:
    """Whether a table (other than the signature block) comes after ``para`` in the body."""
    order = context.view.order
    position = order.index(("p", context.view.paragraphs.index(para)))
    signature = context.recipients_para
    for kind, index in order[position + 1 :]:
        if kind == "t":
            return signature is None or signature.table != index
    return False
