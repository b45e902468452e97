"""A dataset: everything a DLXH office keeps, in one file or a folder, cross-references checked."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Self

from pydantic import Field, ValidationInfo, model_validator

from dlxh.models._base import DlxhModel
from dlxh.models._text import Text
from dlxh.models.collaborator import Collaborator
from dlxh.models.document import Document
from dlxh.models.event import Event
from dlxh.models.followup import FollowUp
from dlxh.models.report import OpinionReport, ReporterKind
from dlxh.models.survey import Survey
from dlxh.models.unit import Unit

__all__ = ["PARTIAL", "Dataset"]

PARTIAL = "dlxh.partial"
"""Validation-context key: the data is one part of a dataset, so skip the whole-dataset checks."""


def _duplicates(ids: Iterable[str]) -> list[str]:
    return sorted(key for key, count in Counter(ids).items() if count > 1)


class Dataset(DlxhModel):
    """Units, collaborators, reports, follow-ups, events, surveys and documents of one office.

    Identifiers must be unique within each list. References (a collaborator's unit, a report's
    reporter, a unit's parent) are checked against the dataset when it lists that kind of object,
    so a file holding only reports is still valid on its own.
    """

    name: Text | None = None
    units: list[Unit] = Field(default_factory=list)
    collaborators: list[Collaborator] = Field(default_factory=list)
    reports: list[OpinionReport] = Field(default_factory=list)
    follow_ups: list[FollowUp] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    surveys: list[Survey] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_references(self, info: ValidationInfo) -> Self:
        if info.context and info.context.get(PARTIAL):
            return self
        problems: list[str] = []
        for label, ids in (
            ("unit code", [u.code for u in self.units]),
            ("collaborator id", [c.id for c in self.collaborators]),
            ("report id", [r.id for r in self.reports]),
            ("follow-up id", [f.id for f in self.follow_ups]),
            ("event id", [e.id for e in self.events]),
            ("survey id", [s.id for s in self.surveys]),
        ):
            problems += [f"{label} {dup!r} is used more than once" for dup in _duplicates(ids)]
        units = {u.code for u in self.units}
        people = {c.id for c in self.collaborators}
        if units:
            problems += [
                f"unit {u.code}: parent {u.parent!r} is not in units"
                for u in self.units
                if u.parent is not None and u.parent not in units
            ]
            problems += [
                f"collaborator {c.id}: unit {c.unit!r} is not in units"
                for c in self.collaborators
                if c.unit not in units
            ]
        for report in self.reports:
            known = people if report.reporter.kind is ReporterKind.COLLABORATOR else units
            if known and report.reporter.id not in known:
                problems.append(
                    f"report {report.id}: {report.reporter.kind.value} "
                    f"{report.reporter.id!r} is not in the dataset"
                )
        if people:
            problems += [
                f"collaborator {c.id}: replaced_by {c.replaced_by!r} is not in collaborators"
                for c in self.collaborators
                if c.replaced_by is not None and c.replaced_by not in people
            ]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def unit(self, code: str) -> Unit:
        """The unit with ``code`` (``KeyError`` naming it when absent)."""
        for unit in self.units:
            if unit.code == code:
                return unit
        raise KeyError(f"no unit with code {code!r}")

    def collaborator(self, collaborator_id: str) -> Collaborator:
        """The collaborator with ``collaborator_id`` (``KeyError`` naming it when absent)."""
        for person in self.collaborators:
            if person.id == collaborator_id:
                return person
        raise KeyError(f"no collaborator with id {collaborator_id!r}")

    def merge(self, other: Dataset) -> Dataset:
        """A new dataset with the lists of both (validated again, so duplicates are reported)."""
        data = self.model_dump()
        for key, value in other.model_dump().items():
            if isinstance(value, list):
                data[key] = [*data[key], *value]
            elif data.get(key) is None:
                data[key] = value
        return Dataset.model_validate(data)
