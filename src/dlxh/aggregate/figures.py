"""Additive figures of a synthesis, and their roll-up over units.

Currents cannot be summed (grouping communes' reports together merges currents), but counts can,
and a province synthesis must agree with the sum of its communes: a figure that does not add up
is the first thing a reader checks. :class:`Figures` holds only additive counts, and
:func:`rollup` adds them.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import Field

from dlxh.models._base import DlxhModel

__all__ = ["Figures", "UnitFigures", "rollup"]


class Figures(DlxhModel):
    """Counts that add up across disjoint parts of the network."""

    reports_expected: int = 0
    reports_received: int = 0
    reports_on_time: int = 0
    reports_late: int = 0
    reports_missing: int = 0
    reports_pending: int = Field(default=0, description="Due reports not sent, not yet due.")
    reports_ad_hoc: int = 0
    units_in_network: int = 0
    units_covered: int = 0
    items: int = Field(default=0, description="Opinion items (lượt phản ánh).")
    hotspot_items: int = 0
    follow_ups: int = 0
    follow_ups_handled: int = 0
    events: int = 0
    attendees: int = 0
    opinions_raised: int = 0
    opinions_answered: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            **{name: getattr(self, name) + getattr(other, name) for name in type(self).model_fields}
        )


class UnitFigures(DlxhModel):
    """The figures of one unit at the breakdown level (``unit=None``: attached above it)."""

    unit: str | None = None
    name: str
    figures: Figures


def rollup(parts: Iterable[Figures | UnitFigures]) -> Figures:
    """The sum of the figures of disjoint parts (units of one level, or per-unit syntheses)."""
    total = Figures()
    for part in parts:
        total = total + (part.figures if isinstance(part, UnitFigures) else part)
    return total
