"""Collaborators' and units' opinion reports (báo cáo dư luận xã hội)."""

from __future__ import annotations

from typing import Any, Self

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

    ``due_on`` defaults to the period's due date: the 20th of the period's (last) month, or the
    last day of an ad-hoc period. ``submitted_on`` is empty while the report has not arrived.
    """

    id: Code
    period: Period
    reporter: Reporter
    submitted_on: Day | None = None
    due_on: Day | None = Field(default=None, description="Defaults to period.default_due.")
    items: list[OpinionItem] = Field(default_factory=list)
    summary: MultilineText | None = None
    sections: list[ReportSection] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _default_due(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("due_on") is None and "period" in data:
            try:
                period = Period.coerce(data["period"])
            except ValueError:
                return data  # the field validator reports the bad period
            data = {**data, "due_on": period.default_due}
        return data

    @model_validator(mode="after")
    def _check_dates(self) -> Self:
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
