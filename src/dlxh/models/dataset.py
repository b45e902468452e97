"""A dataset: everything a DLXH office keeps, in one file or a folder, cross-references checked."""

from __future__ import annotations

from datetime import date
from operator import attrgetter
from typing import Any, Self

from pydantic import Field, ValidationInfo, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError

from dlxh.errors import DataValidationError, FieldProblem
from dlxh.models._base import DlxhModel
from dlxh.models._context import PARTIAL  # defined apart: dlxh.io reads it cheaply
from dlxh.models._text import Text
from dlxh.models.collaborator import Collaborator
from dlxh.models.document import Document
from dlxh.models.event import Event
from dlxh.models.followup import FollowUp
from dlxh.models.network import NetworkSettings
from dlxh.models.period import Period
from dlxh.models.report import OpinionReport, ReporterKind
from dlxh.models.survey import Survey
from dlxh.models.unit import Unit
from dlxh.vn.text import fold

__all__ = ["PARTIAL", "Dataset"]


class Dataset(DlxhModel):
    """Units, collaborators, reports, follow-ups, events, surveys and documents of one office.

    Identifiers must be unique within each list. References (a collaborator's unit, a report's
    reporter, a unit's parent) are checked against the dataset when it lists that kind of object,
    so a file holding only reports is still valid on its own. ``settings`` are the network's
    rules (its reporting deadline): the due date of a report that gives none follows them.
    """

    name: Text | None = None
    settings: NetworkSettings = Field(default_factory=NetworkSettings)
    units: list[Unit] = Field(default_factory=list)
    collaborators: list[Collaborator] = Field(default_factory=list)
    reports: list[OpinionReport] = Field(default_factory=list)
    follow_ups: list[FollowUp] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    surveys: list[Survey] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)

    def model_post_init(self, context: Any, /) -> None:
        """Settings applied as the dataset is made, validated or built by ``model_construct``
        (:func:`dlxh.load_dataset` builds the merged folder that way)."""
        self.apply_settings()

    def apply_settings(self) -> None:
        """Give each report whose data sets no ``due_on`` the network's deadline.

        A report is validated on its own, before the network it belongs to is known, so its
        default due date is the 20th; here it becomes ``settings.report_due_day``. The report is
        replaced by a copy (the caller's object is not changed), and its ``due_on`` still counts
        as not given, so another network's settings apply to it afresh. Call this again after
        changing ``settings`` on a dataset already made.
        """
        settings = self.settings
        if not isinstance(settings, NetworkSettings):  # model_construct(settings={...})
            settings = self.settings = NetworkSettings.model_validate(settings)
        day = settings.report_due_day
        reports = self.reports
        due: dict[int, date] = {}  # the reports of a month share one period object
        for index, report in enumerate(reports):
            if "due_on" in report.__pydantic_fields_set__:
                continue  # given by the data (report.due_given, read here at C speed)
            period = report.period
            wanted = due.get(id(period))
            if wanted is None:
                wanted = due[id(period)] = period.due(day)
            if report.due_on != wanted:
                copy = report.model_copy()
                copy.__dict__["due_on"] = wanted
                reports[index] = copy

    @model_validator(mode="after")
    def _check_references(self, info: ValidationInfo) -> Self:
        if info.context and info.context.get(PARTIAL):
            return self
        problems = self.reference_problems()
        if problems:
            raise ValidationError.from_exception_data(
                "Dataset",
                [
                    InitErrorDetails(
                        type=PydanticCustomError("reference", "{detail}", {"detail": message}),
                        loc=location,
                        input=value,
                    )
                    for location, message, value in problems
                ],
            )
        return self

    def reference_problems(self) -> list[tuple[tuple[str | int, ...], str, str]]:
        """Duplicate identifiers and dangling references, each as (field path, message, value).

        Each check first compares plain sets (in C), and walks its list to say where only when
        that finds something: a national month has 100,000 collaborators and 95,000 reports.
        """
        problems: list[tuple[tuple[str | int, ...], str, str]] = []
        idents: dict[str, set[str]] = {}
        for key, attribute, label in (
            ("units", "code", "unit code"),
            ("collaborators", "id", "collaborator id"),
            ("reports", "id", "report id"),
            ("follow_ups", "id", "follow-up id"),
            ("events", "id", "event id"),
            ("surveys", "id", "survey id"),
        ):
            values = list(map(attrgetter(attribute), getattr(self, key)))
            seen = idents[key] = set(values)
            if len(seen) == len(values):
                continue
            seen = set()
            for index, ident in enumerate(values):
                if ident in seen:
                    problems.append(
                        (
                            (key, index, attribute),
                            f"{label} {ident!r} is used more than once",
                            ident,
                        )
                    )
                seen.add(ident)
        units = idents["units"]
        people = idents["collaborators"]
        if units:
            problems += self._dangling("units", "parent", units)
            problems += self._dangling("units", "successor", units)
            problems += self._successor_loops()
            problems += self._dangling("collaborators", "unit", units)
        problems += self._reporter_problems(units, people)
        if units:
            problems += self._dangling("events", "unit", units)
            problems += self._dangling("surveys", "unit", units)
        if self.reports and self.follow_ups:  # the sources are only needed to check these
            sources = set(idents["reports"])
            sources |= {i.id for r in self.reports for i in r.items if i.id is not None}
            for index, issue in enumerate(self.follow_ups):
                for position, source in enumerate(issue.sources):
                    if source not in sources:
                        message = f"source {source!r} is neither a report nor an opinion item id"
                        spot: tuple[str | int, ...] = ("follow_ups", index, "sources", position)
                        problems.append((spot, message, source))
        if people:
            problems += self._dangling("collaborators", "replaced_by", people, "collaborators")
        return problems

    def _dangling(
        self, key: str, attribute: str, known: set[str], target: str = "units"
    ) -> list[tuple[tuple[str | int, ...], str, str]]:
        """Each ``attribute`` of the ``key`` list that is set but not in ``known`` (the
        identifiers of ``target``); the list is walked only when a set comparison finds one."""
        values = list(map(attrgetter(attribute), getattr(self, key)))
        wanted = set(values)
        wanted.discard(None)
        if wanted <= known:
            return []
        return [
            ((key, index, attribute), f"{attribute} {value!r} is not in {target}", value)
            for index, value in enumerate(values)
            if value is not None and value not in known
        ]

    def _successor_loops(self) -> list[tuple[tuple[str | int, ...], str, str]]:
        """Units whose chain of successors comes back to them: the roll-up after 1 July 2025
        would have no unit to end at. Only units with a successor are walked (a few)."""
        after = {u.code: u.successor for u in self.units if u.successor is not None}
        problems: list[tuple[tuple[str | int, ...], str, str]] = []
        for index, unit in enumerate(self.units if after else ()):
            if unit.successor is None:
                continue
            seen = {unit.code}
            current = after.get(unit.code)
            while current is not None and current not in seen:
                seen.add(current)
                current = after.get(current)
            if current == unit.code:
                message = f"successor {unit.successor!r} leads back to unit {unit.code!r}"
                problems.append((("units", index, "successor"), message, str(unit.successor)))
        return problems

    def _reporter_problems(
        self, units: set[str], people: set[str]
    ) -> list[tuple[tuple[str | int, ...], str, str]]:
        """Reporters must exist, carry their own name, and be in the network during the period."""
        problems: list[tuple[tuple[str | int, ...], str, str]] = []
        by_id = {c.id: c for c in self.collaborators} if people else {}
        # The reports of a month share one period: its bounds are read once per period.
        bounds: dict[int, tuple[Period, date, date]] = {}
        unit_kind = ReporterKind.UNIT
        for index, report in enumerate(self.reports):
            reporter = report.reporter
            if reporter.kind is unit_kind:
                if units and reporter.id not in units:
                    where: tuple[str | int, ...] = ("reports", index, "reporter", "id")
                    problems.append((where, f"unit {reporter.id!r} is not in units", reporter.id))
                continue
            if not people:
                continue
            person = by_id.get(reporter.id)
            if person is None:
                message = f"collaborator {reporter.id!r} is not in collaborators"
                problems.append((("reports", index, "reporter", "id"), message, reporter.id))
                continue
            if reporter.name is not None and fold(reporter.name) != fold(person.full_name):
                message = f"name {reporter.name!r} differs from collaborator {person.id}'s name"
                problems.append(
                    (
                        ("reports", index, "reporter", "name"),
                        f"{message} {person.full_name!r}",
                        reporter.name,
                    )
                )
            ended, appointed = person.ended_on, person.appointed_on
            if not ended and not appointed:
                continue
            period = report.period
            known = bounds.get(id(period))
            if known is None:
                known = bounds[id(period)] = (period, period.start, period.end)
            _, start, end = known
            if (ended and ended < start) or (appointed and appointed > end):
                message = (
                    f"collaborator {person.id} was not in the network during {period} "
                    f"(appointed {person.appointed_on}, ended {person.ended_on})"
                )
                problems.append((("reports", index, "reporter", "id"), message, reporter.id))
        return problems

    def reporter_name(self, report: OpinionReport) -> str:
        """The reporter's name: as the report gives it, else from the collaborator or unit list."""
        if report.reporter.name:
            return report.reporter.name
        try:
            if report.reporter.kind is ReporterKind.COLLABORATOR:
                return self.collaborator(report.reporter.id).full_name
            return self.unit(report.reporter.id).name
        except KeyError:
            return report.reporter.id

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
        """A new dataset with the lists of both, validated again.

        The settings are those either gives (two different ones are an error, as in a folder),
        and a report's due date the data did not give follows them.

        Raises:
            DataValidationError: (a :class:`~dlxh.errors.DlxhError`) duplicates or dangling
                references across the two, each located in the merged lists
                (``units.3.code: unit code 'U1' is used more than once``), or two different
                settings.
        """
        from dlxh.io import validate  # noqa: PLC0415 (dlxh.io imports the models)

        data = self._dumped()
        for key, value in other._dumped().items():
            if isinstance(value, list):
                data[key] = [*data[key], *value]
            elif data.get(key) is None:
                data[key] = value
        given = [d.settings for d in (self, other) if "settings" in d.model_fields_set]
        if len(given) == 2 and given[0] != given[1]:  # as two files of a folder: never pick one
            message = f"the two datasets' settings differ ({given[0]!r}, {given[1]!r})"
            raise DataValidationError(
                "Dataset", [FieldProblem("settings", message)], source="Dataset.merge"
            )
        data["settings"] = given[0].model_dump() if given else {}
        return validate(Dataset, data, source="Dataset.merge")

    def _dumped(self) -> dict[str, Any]:
        """``model_dump()`` without the due dates the data did not give: the merged dataset's
        settings decide those."""
        data = self.model_dump()
        for report, dumped in zip(self.reports, data["reports"], strict=True):
            if not report.due_given:
                dumped.pop("due_on", None)
        return data
