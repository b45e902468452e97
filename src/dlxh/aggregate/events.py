"""Event totals: how many briefings, dialogues, trainings... and what they achieved.

Seed 001 reports a dialogue programme in exactly these terms: "65 dialogues with ward chairs,
4,890 attendees, 498 opinions answered on the spot". The answer rate (answered / raised) is a
share with an explicit rounding mode, like every percentage in dlxh.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from pydantic import Field

from dlxh.models._base import DlxhModel
from dlxh.models.event import Event, EventKind
from dlxh.models.period import Period, period_argument
from dlxh.vn.numbers import Rounding, format_share, share

__all__ = ["EventCounts", "EventTotals", "event_totals"]


class EventCounts(DlxhModel):
    """Additive figures of a set of events."""

    events: int = 0
    attendees: int = 0
    opinions_raised: int = 0
    opinions_answered: int = 0
    ids: list[str] = Field(default_factory=list, description="Ids of the events (provenance).")

    def __add__(self, other: EventCounts) -> EventCounts:
        return EventCounts(
            events=self.events + other.events,
            attendees=self.attendees + other.attendees,
            opinions_raised=self.opinions_raised + other.opinions_raised,
            opinions_answered=self.opinions_answered + other.opinions_answered,
            ids=[*self.ids, *other.ids],
        )

    def answer_rate(
        self, decimals: int = 0, rounding: Rounding = Rounding.HALF_UP
    ) -> Decimal | None:
        """Opinions answered on the spot as a percentage of those raised (``None`` if none)."""
        if not self.opinions_raised:
            return None
        return share(self.opinions_answered, self.opinions_raised, decimals, rounding)

    def answer_rate_text(self, decimals: int = 0, rounding: Rounding = Rounding.HALF_UP) -> str:
        if not self.opinions_raised:
            return "-"
        return format_share(self.opinions_answered, self.opinions_raised, decimals, rounding)


class EventTotals(DlxhModel):
    """Events of a period: totals and the same figures per kind (enum order)."""

    period: Period | None = None
    total: EventCounts
    by_kind: dict[EventKind, EventCounts]


def event_totals(events: Iterable[Event], period: Period | str | None = None) -> EventTotals:
    """Totals of the events that start within ``period`` (all events when ``None``).

    An event is counted in the period of its first day, so a two-day training across a month
    end is counted once.
    """
    period = None if period is None else period_argument(period)
    by_kind: dict[EventKind, EventCounts] = {}
    for event in events:
        if period is not None and not period.contains(event.date):
            continue
        one = EventCounts(
            events=1,
            attendees=event.attendees,
            opinions_raised=event.opinions_raised,
            opinions_answered=event.opinions_answered,
            ids=[event.id],
        )
        by_kind[event.kind] = by_kind.get(event.kind, EventCounts()) + one
    ordered = {kind: by_kind[kind] for kind in EventKind if kind in by_kind}
    return EventTotals(period=period, total=sum(ordered.values(), EventCounts()), by_kind=ordered)
