"""Follow-up of reflected issues (vấn đề phản ánh, kiến nghị) until an agency handles them."""

from __future__ import annotations

from datetime import date
from typing import Self

from pydantic import Field, model_validator

from dlxh.models._base import DlxhModel
from dlxh.models._enum import LabeledEnum
from dlxh.models._scalars import Day
from dlxh.models._text import Code, MultilineText, Name, Text
from dlxh.models.opinion import OpinionField

__all__ = ["FollowUp", "Outcome", "OutcomeEntry"]


class Outcome(LabeledEnum):
    """The state of a reflected issue.

    ``resolved``, ``answered`` and ``oriented`` count as handled (seed 004: "62 of 66 resolved,
    answered or oriented"); the others are open.
    """

    NEW = ("new", "mới tiếp nhận")
    TRANSFERRED = ("transferred", "đã chuyển cơ quan chức năng")
    VERIFYING = ("verifying", "đang xác minh")
    RESOLVED = ("resolved", "đã giải quyết")
    ANSWERED = ("answered", "đã trả lời")
    ORIENTED = ("oriented", "đã định hướng")
    OVERDUE = ("overdue", "quá hạn")

    @property
    def handled(self) -> bool:
        return self in _HANDLED


_HANDLED = frozenset({Outcome.RESOLVED, Outcome.ANSWERED, Outcome.ORIENTED})


class OutcomeEntry(DlxhModel):
    """One step in the history of a follow-up."""

    status: Outcome
    date: Day
    note: MultilineText | None = None
    by: Name | None = Field(default=None, description="Who recorded or performed the step.")


class FollowUp(DlxhModel):
    """A reflected issue, the agency responsible for it, and what happened since.

    The current status is the last history entry (``new`` when there is none). ``overdue`` can be
    recorded explicitly, and :meth:`is_overdue` also derives it from the due date.
    """

    id: Code
    title: Text = Field(max_length=500)
    content: MultilineText | None = None
    field: OpinionField = OpinionField.OTHER
    responsible_agency: Name
    reported_on: Day
    due_on: Day | None = None
    sources: list[Code] = Field(
        default_factory=list, description="Ids of the reports or opinion items that reflected it."
    )
    handled_by_board: bool = Field(
        default=False, description="Handled by the DLXH board itself rather than another agency."
    )
    history: list[OutcomeEntry] = Field(default_factory=list)
    response: MultilineText | None = Field(default=None, description="The agency's answer.")

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.due_on is not None and self.due_on < self.reported_on:
            raise ValueError(f"due_on ({self.due_on}) is before reported_on ({self.reported_on})")
        previous = self.reported_on
        for index, entry in enumerate(self.history):
            if entry.date < previous:
                raise ValueError(
                    f"history[{index}] is dated {entry.date}, "
                    f"before the previous step ({previous}); "
                    "history must be in date order, starting on or after reported_on"
                )
            previous = entry.date
        return self

    @property
    def status(self) -> Outcome:
        return self.history[-1].status if self.history else Outcome.NEW

    @property
    def handled(self) -> bool:
        return self.status.handled

    @property
    def handled_on(self) -> date | None:
        """The date of the first step that handled the issue."""
        return next((e.date for e in self.history if e.status.handled), None)

    def is_overdue(self, as_of: date) -> bool:
        """Open past its due date on ``as_of``, or explicitly recorded as overdue."""
        if self.handled:
            return False
        if self.status is Outcome.OVERDUE:
            return True
        return self.due_on is not None and as_of > self.due_on

    def days_to_handle(self) -> int | None:
        """Days from report to handling, or ``None`` while open."""
        handled_on = self.handled_on
        return None if handled_on is None else (handled_on - self.reported_on).days

    def record(self, status: Outcome, on: date, note: str | None = None) -> OutcomeEntry:
        """Append a history step (validated) and return it."""
        entry = OutcomeEntry(status=status, date=on, note=note)
        self.history = [*self.history, entry]
        return entry
