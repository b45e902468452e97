"""Events of DLXH work: briefings, dialogues, trainings, seminars, reviews."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, model_validator

from dlxh.models._base import DlxhModel
from dlxh.models._enum import LabeledEnum
from dlxh.models._scalars import Day, Whole
from dlxh.models._text import Code, MultilineText, Name, Text

__all__ = ["Count", "Event", "EventKind"]

Count = Annotated[Whole, Field(ge=0)]
"""A non-negative whole number (strict: ``"12"`` or ``12.5`` are errors, not silently converted)."""


class EventKind(LabeledEnum):
    BRIEFING = ("briefing", "hội nghị giao ban", "giao ban")
    DIALOGUE = ("dialogue", "hội nghị đối thoại", "đối thoại")
    TRAINING = ("training", "tập huấn")
    SEMINAR = ("seminar", "tọa đàm")
    REVIEW = ("review", "sơ kết")
    FINAL_REVIEW = ("final_review", "tổng kết")
    CONFERENCE = ("conference", "hội nghị")


class Event(DlxhModel):
    """An event with its attendance and the opinions raised and answered (seed 001 figures)."""

    id: Code
    kind: EventKind
    title: Text = Field(max_length=500)
    date: Day
    end_date: Day | None = None
    place: Name | None = None
    unit: Code | None = Field(default=None, description="Code of the organising unit.")
    chair: Name | None = None
    attendees: Count = 0
    opinions_raised: Count = 0
    opinions_answered: Count = Field(default=0, description="Answered on the spot.")
    note: MultilineText | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.opinions_answered > self.opinions_raised:
            raise ValueError(
                f"opinions_answered ({self.opinions_answered}) exceeds opinions_raised "
                f"({self.opinions_raised})"
            )
        if self.end_date is not None and self.end_date < self.date:
            raise ValueError(f"end_date ({self.end_date}) is before date ({self.date})")
        return self
