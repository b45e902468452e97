"""What the built-in rules share: ranges read from the profile, grouped locations, one line's
size and face checked against a rule."""

from __future__ import annotations

from collections.abc import Iterable

from dlxh.check.context import CheckContext
from dlxh.check.layout import Para

__all__ = [
    "SHOWN",
    "TOLERANCE_MM",
    "TOLERANCE_PT",
    "check_line",
    "estimated_width_pt",
    "in_range",
    "range_of",
    "text_width_pt",
    "where",
]

TOLERANCE_MM = 0.5
TOLERANCE_PT = 0.1
SHOWN = 3
_EM_SHARE = 0.42  # a Vietnamese text's mean advance in Times New Roman, as a share of the size
_MM_PER_PT = 25.4 / 72
_A4_TEXT_WIDTH_MM = 165.0  # A4 less the State margins (30 + 15 mm), for a file without sections


def text_width_pt(context: CheckContext) -> float:
    """The text width of the first section, in points: the page less its side margins."""
    sections = context.view.sections
    if not sections:
        return _A4_TEXT_WIDTH_MM / _MM_PER_PT
    section = sections[0]
    margins = section.margins_mm["left"] + section.margins_mm["right"]
    return (section.width_mm - margins) / _MM_PER_PT


def estimated_width_pt(text: str, size_pt: float) -> float:
    """An estimate of ``text``'s width on one line, in points, from the mean advance width: the
    checker does not lay text out, so one-line paragraphs and page counts are estimated."""
    return len(text) * size_pt * _EM_SHARE


def where(paragraphs: Iterable[Para]) -> str:
    places = [p.location for p in paragraphs]
    more = f" and {len(places) - SHOWN} more" if len(places) > SHOWN else ""
    return "; ".join(places[:SHOWN]) + more


def in_range(context: CheckContext, key: str, value: float, tolerance: float) -> bool:
    rule = context.profile.rules.get(key)
    if rule is None:
        return True
    choices = [
        v for v in rule.allowed or [] if isinstance(v, int | float) and not isinstance(v, bool)
    ]
    if choices and not any(abs(value - choice) <= tolerance for choice in choices):
        return False  # "1 cm or 1.27 cm": a value between them is neither
    low = -float("inf") if rule.min is None else rule.min - tolerance
    high = float("inf") if rule.max is None else rule.max + tolerance
    return low <= value <= high


def range_of(context: CheckContext, key: str) -> str:
    return context.profile.rule(key).describe_range()


def check_line(
    context: CheckContext,
    para: Para,
    key: str,
    *,
    bold: bool | None = None,
    italic: bool | None = None,
    upper: bool = False,
    what: str,
    line: str | None = None,
) -> None:
    """Size, bold and italic of ``para`` (of its run that holds ``line``, when the paragraph
    has several lines) and, with ``upper``, its capitals."""
    run = para.first_text_run() if line is None else para.run_holding(line)
    if run is None:
        return
    if key in context.profile.rules and not in_range(context, key, run.size_pt, TOLERANCE_PT):
        context.report(
            key,
            f"{what} has the wrong size",
            para.location,
            expected=range_of(context, key),
            found=f"{run.size_pt:g} pt",
        )
    component = key.split(".", maxsplit=1)[0]
    if bold is not None and run.bold != bold:
        context.report(
            f"{component}.style",
            f"{what} should {'' if bold else 'not '}be bold",
            para.location,
            expected="bold" if bold else "not bold",
            found="bold" if run.bold else "not bold",
            basis=key,
        )
    if italic is not None and run.italic != italic:
        context.report(
            f"{component}.style",
            f"{what} should {'' if italic else 'not '}be italic",
            para.location,
            expected="italic" if italic else "upright",
            found="italic" if run.italic else "upright",
            basis=key,
        )
    text = para.text if line is None else line
    if upper and text != text.upper():
        context.report(
            f"{component}.style",
            f"{what} should be in capitals",
            para.location,
            expected=text.upper(),
            found=text,
            basis=key,
        )
