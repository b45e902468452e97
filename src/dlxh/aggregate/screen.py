"""Selecting the reports a synthesis may count, and saying why the others are left out.

Figures must never silently change because of bad input, so every report that touches the
requested period is either counted or named with the reason it is not: a reporter that is not in
the network, a period that straddles the requested one (a quarterly report in a monthly
synthesis), or a second report from the same reporter for the same period (counted once: the
first submitted is kept). Reports wholly outside the period are simply not concerned.
"""

from __future__ import annotations

from dataclasses import dataclass

from dlxh.aggregate.scope import UnitTree, reporter_unit
from dlxh.errors import FieldProblem
from dlxh.models.dataset import Dataset
from dlxh.models.period import Period, PeriodKind
from dlxh.models.report import OpinionReport, ReporterKind

__all__ = ["Selected", "Selection", "select_reports"]


@dataclass(frozen=True, slots=True)
class Selected:
    """A report kept for counting, with its position in ``dataset.reports`` and its unit."""

    index: int
    report: OpinionReport
    unit: str | None


@dataclass(slots=True)
class Selection:
    """Reports kept, problems found (located as ``reports.N``) and ids left out as duplicates."""

    kept: list[Selected]
    problems: list[FieldProblem]
    duplicates: list[str]


def _overlaps(a: Period, b: Period) -> bool:
    return a.start <= b.end and b.start <= a.end


def _within(inner: Period, outer: Period) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def select_reports(
    dataset: Dataset, period: Period, *, unit: str | None = None, tree: UnitTree | None = None
) -> Selection:
    """The reports of ``dataset`` that count for ``period`` within the scope ``unit``."""
    tree = tree or UnitTree(dataset.units, period=period)
    people = {c.id: c for c in dataset.collaborators}
    units = set(tree.units)
    problems: list[FieldProblem] = []
    candidates: list[Selected] = []
    for index, report in enumerate(dataset.reports):
        where = f"reports.{index}"
        if not _overlaps(report.period, period):
            continue
        if not _within(report.period, period):
            problems.append(
                FieldProblem(
                    f"{where}.period",
                    f"report {report.id}: its period {report.period} is not within the "
                    f"requested period {period}, so it cannot be counted",
                    str(report.period),
                )
            )
            continue
        kind = report.reporter.kind
        if kind is ReporterKind.COLLABORATOR and report.reporter.id not in people:
            problems.append(
                FieldProblem(
                    f"{where}.reporter.id",
                    f"report {report.id}: collaborator {report.reporter.id!r} is not in the "
                    "collaborator list, so it cannot be counted",
                    report.reporter.id,
                )
            )
            continue
        if kind is ReporterKind.UNIT and units and report.reporter.id not in units:
            problems.append(
                FieldProblem(
                    f"{where}.reporter.id",
                    f"report {report.id}: unit {report.reporter.id!r} is not in the unit list, "
                    "so it cannot be counted",
                    report.reporter.id,
                )
            )
            continue
        code = reporter_unit(report, people)
        if unit is not None and (code is None or not tree.within(code, unit)):
            continue
        candidates.append(Selected(index, report, code))

    kept: list[Selected] = []
    duplicates: list[str] = []
    groups: dict[tuple[str, str, Period], list[Selected]] = {}
    for item in candidates:
        if item.report.period.kind is PeriodKind.AD_HOC:
            continue  # several ad-hoc reports on one day are normal
        key = (item.report.reporter.kind.value, item.report.reporter.id, item.report.period)
        groups.setdefault(key, []).append(item)
    dropped: set[int] = set()
    for group in groups.values():
        if len(group) < 2:
            continue
        # Keep the first report that arrived; reports not yet submitted come last.
        ranked = sorted(
            group,
            key=lambda s: (s.report.submitted_on is None, s.report.submitted_on, s.index),
        )
        first = ranked[0]
        for other in ranked[1:]:
            dropped.add(other.index)
            duplicates.append(other.report.id)
            problems.append(
                FieldProblem(
                    f"reports.{other.index}",
                    f"report {other.report.id} duplicates report {first.report.id} "
                    f"(reports.{first.index}): same reporter {other.report.reporter.id} and "
                    f"period {other.report.period}; counted once",
                    other.report.id,
                )
            )
    kept = [item for item in candidates if item.index not in dropped]
    problems.sort(key=lambda p: int(p.location.split(".")[1]))
    return Selection(kept, problems, duplicates)
