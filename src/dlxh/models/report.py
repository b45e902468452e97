"""Collaborators' and units' opinion reports (báo cáo dư luận xã hội)."""

from __future__ import annotations

from datetime import date
from typing import Self

from pydantic import Field, model_validator

from dlxh.models._base import DlxhModel
from dlxh.models._enum import LabeledEnum
from dlxh.models._scalars import Day
from dlxh.models._text import Code, MultilineText, Name, Text
from dlxh.models.opinion import OpinionItem
from dlxh.models.period import Period

__all__ = ["OpinionReport", "ReportSection", "Reporter", "ReporterKind"]


class ReporterKind(LabeledEnum):
    COLLABORATOR = ("collaborator", "cộng tác viên")
    UNIT = ("unit", "đơn vị")


class Reporter(DlxhModel):
    """Who sent the report: a collaborator (by id) or a unit (by code)."""

    kind: ReporterKind
    id: Code
    name: Name | None = None


class ReportSection(DlxhModel):
    """A titled free-text part of a report (tình hình chung, dự báo, kiến nghị...)."""

    title: Text
    text: MultilineText


class OpinionReport(DlxhModel):
    """A periodic or ad-hoc opinion report.

    ``due_on`` defaults to the period's due date: the network's deadline (the 20th unless the
    dataset's ``settings:`` say otherwise) of the period's (last) month, or the last day of an
    ad-hoc period. A date the data gives is kept as given (:attr:`due_given`); one it leaves out
    follows the network's setting. ``submitted_on`` is empty while the report has not arrived.
    """

    id: Code
    period: Period
    reporter: Reporter
    submitted_on: Day | None = None
    due_on: Day | None = Field(default=None, description="Defaults to period.default_due.")
    items: list[OpinionItem] = Field(default_factory=list)
    summary: MultilineText | None = None
    sections: list[ReportSection] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_dates(self) -> Self:
        if self.due_on is None:
            # Filled here, not taken as given: a date the data did not set follows the
            # network's deadline (:meth:`Dataset.apply_settings`), which is not known yet.
            self.__dict__["due_on"] = self.period.default_due
            self.__pydantic_fields_set__.discard("due_on")
        start = self.period.start
        if self.due_on is not None and self.due_on < start:
            raise ValueError(
                f"due_on ({self.due_on}) is before the period {self.period} starts ({start})"
            )
        if self.submitted_on is not None and self.submitted_on < start:
            raise ValueError(
                f"submitted_on ({self.submitted_on}) is before the period {self.period} "
                f"starts ({start})"
            )
        ids = [item.id for item in self.items if item.id is not None]
        if len(ids) != len(set(ids)):
            raise ValueError("two opinion items share the same id")
        return self

    @property
    def due_given(self) -> bool:
        """Whether the data gave ``due_on`` (else it is the network's deadline for the period)."""
        return "due_on" in self.model_fields_set

    def due_under(self, due_day: int) -> date:
        """The due date under a network deadline on ``due_day``: ``due_on`` when the data gave
        it, else :meth:`Period.due` of that day."""
        if self.due_on is not None and self.due_given:
            return self.due_on
        return self.period.due(due_day)

    @property
    def submitted(self) -> bool:
        return self.submitted_on is not None

    @property
    def days_late(self) -> int:
        """Days after the due date the report arrived (0 when on time or not yet submitted)."""
        if self.submitted_on is None or self.due_on is None:
            return 0
        return max(0, (self.submitted_on - self.due_on).days)

    def is_on_time(self) -> bool:
        """Submitted on or before the due date."""
        return self.submitted and self.days_late == 0

    @property
    def hotspots(self) -> list[OpinionItem]:
        return [item for item in self.items if item.hotspot]
