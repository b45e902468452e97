"""Counts and figures in the words a clerk would write them.

A report built by formatting each figure into one fixed sentence reads like a machine wrote it:
"0 vấn đề quá hạn", "1 hội nghị, đối thoại, tập huấn" for a single briefing, "(%): 76;" for a
plugin's percentage. These helpers choose the wording from the value: nothing is said as
"không có ... nào", events are counted by their own kind, a percentage carries its sign.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from dlxh.aggregate.events import EventCounts
from dlxh.models.event import EventKind
from dlxh.vn import format_number

__all__ = ["count_phrase", "event_noun", "events_phrase", "join_and", "metric_phrase"]

_COUNTED_AS: dict[EventKind, str] = {
    EventKind.TRAINING: "lớp tập huấn",
    EventKind.SEMINAR: "buổi tọa đàm",
    EventKind.REVIEW: "hội nghị sơ kết",
    EventKind.FINAL_REVIEW: "hội nghị tổng kết",
}
"""Kinds whose label names the activity, not a thing one counts: "2 tập huấn" reads wrong,
"2 lớp tập huấn" right. The other kinds are counted by their label ("1 hội nghị giao ban")."""


def join_and(parts: Sequence[str]) -> str:
    """``a``, ``a và b``, ``a, b và c``: a list as a sentence gives it."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} và {parts[-1]}"


def count_phrase(n: int, noun: str, zero: str | None = None) -> str:
    """``"3 vấn đề"``; for none, ``zero`` or ``"không có <noun> nào"``."""
    if n == 0:
        return zero if zero is not None else f"không có {noun} nào"
    return f"{format_number(n)} {noun}"


def event_noun(kind: EventKind) -> str:
    """What one event of ``kind`` is counted as ("hội nghị giao ban", "lớp tập huấn")."""
    return _COUNTED_AS.get(kind, kind.label)


def events_phrase(by_kind: Mapping[EventKind, EventCounts]) -> str:
    """``"1 hội nghị giao ban"``, ``"2 hội nghị giao ban và 1 hội nghị đối thoại"``: the
    events of each kind held, in the kinds' order; empty when there is none."""
    return join_and(
        [
            f"{format_number(counts.events)} {event_noun(kind)}"
            for kind, counts in by_kind.items()
            if counts.events
        ]
    )


def metric_phrase(name: str, value: object) -> str:
    """A plugin figure as a line of the report: ``"Tỷ lệ báo cáo đúng hạn: 76%"`` for a figure
    named ``"Tỷ lệ báo cáo đúng hạn (%)"``, numbers with the Vietnamese decimal comma.

    The unit a name gives in brackets at its end (``(%)``, ``(người)``) goes after the number,
    as it is read; a name without one keeps its value as it is.
    """
    text = name.strip()
    unit = ""
    if text.endswith(")") and "(" in text:
        head, _, tail = text[:-1].rpartition("(")
        if head.strip() and tail.strip() and len(tail) <= 12:
            text, unit = head.strip(), tail.strip()
    if isinstance(value, bool):
        shown = "có" if value else "không"
        unit = ""
    elif isinstance(value, int | float | Decimal):
        try:
            shown = format_number(value)
        except ValueError:  # NaN or an infinity: shown as the plugin gave it
            shown = str(value)
    else:
        shown = str(value)
    if not unit:
        return f"{text}: {shown}"
    return f"{text}: {shown}%" if unit == "%" else f"{text}: {shown} {unit}"
