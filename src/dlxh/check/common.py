"""What the built-in rules share: ranges read from the profile, grouped locations, one line's
size and face checked against a rule."""

from __future__ import annotations

from collections.abc import Iterable

from dlxh.check.context import CheckContext
from dlxh.check.layout import Para

__all__ = ["SHOWN", "TOLERANCE_MM", "TOLERANCE_PT", "check_line", "in_range", "range_of", "where"]

TOLERANCE_MM = 0.5
TOLERANCE_PT = 0.1
SHOWN = 3


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
    if upper and para.text != para.text.upper():
        context.report(
            f"{component}.style",
            f"{what} should be in capitals",
            para.location,
            expected=para.text.upper(),
            found=para.text,
            basis=key,
        )
