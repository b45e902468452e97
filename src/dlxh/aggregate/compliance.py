"""Network compliance: who was due to report, who reported on time, late, or not at all.

Every collaborator owes one report per month, before the network's deadline (the 20th unless the
dataset's ``settings:`` set another day, seed 003); the board watches the network for silent
members and replaces them ("kịp thời thay thế"). This module turns a dataset
into those figures for a period, per collaborator, per unit and rolled up the unit tree.

Counting rules, chosen so that every figure can be checked by hand:

* A collaborator is **due** for a month when appointed on or before its last day, not ended before
  its first day, and not "inactive" without an end date (a suspended member owes nothing).
* The duty is met by a **monthly** report for that month. Ad-hoc reports ("đột xuất") and reports
  of longer periods count as received but never stand in for the monthly report.
* A due report is **on time** when submitted on or before its due date, **late** otherwise
  (``days_late`` summed), **pending** ("chưa đến hạn") when not submitted and its due date is
  still ahead of ``as_of`` (a preview before the deadline), **missing** when absent or not
  submitted by a due date that has passed: ``on_time + late + pending + missing == expected``.
  The due date is the report's ``due_on`` when the data gives it, else the network's deadline
  of that month.
* A duplicate (second report from one collaborator for one period) is listed and counted once.
* **Coverage** is the share of network units (units with a collaborator due, or that reported)
  with at least one report received.
* A collaborator still in the network who sent nothing for ``silent_periods`` consecutive months
  up to the period's last month whose deadline has passed, and nothing since, is proposed for
  replacement ("đề nghị thay thế").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from pydantic import Field

from dlxh.aggregate.scope import UnitTree
from dlxh.aggregate.screen import Selected, select_reports
from dlxh.errors import NotFoundError
from dlxh.models._base import DlxhModel
from dlxh.models.collaborator import Collaborator, CollaboratorStatus
from dlxh.models.dataset import Dataset
from dlxh.models.period import DUE_DAY, Period, PeriodKind, period_argument
from dlxh.models.report import OpinionReport, ReporterKind
from dlxh.models.unit import UnitLevel
from dlxh.vn.numbers import Rounding, format_share, share

__all__ = [
    "CollaboratorCompliance",
    "Compliance",
    "ComplianceCounts",
    "SilentCollaborator",
    "UnitCompliance",
    "compliance",
    "is_due",
]


def is_due(person: Collaborator, month: Period) -> bool:
    """Whether ``person`` owes a report for ``month`` (see the module rules)."""
    if person.appointed_on is not None and person.appointed_on > month.end:
        return False
    if person.ended_on is not None and person.ended_on < month.start:
        return False
    return not (person.status is CollaboratorStatus.INACTIVE and person.ended_on is None)


class ComplianceCounts(DlxhModel):
    """Additive report counts: two disjoint parts of a network add up field by field."""

    expected: int = 0
    received: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    pending: int = Field(
        default=0, description="Due reports not sent whose due date is after as_of (in expected)."
    )
    ad_hoc: int = Field(default=0, description="Ad-hoc reports received (also in received).")
    days_late: int = Field(default=0, description="Days late, summed over late reports.")

    def __add__(self, other: ComplianceCounts) -> ComplianceCounts:
        return ComplianceCounts(
            **{name: getattr(self, name) + getattr(other, name) for name in type(self).model_fields}
        )

    @property
    def settled(self) -> int:
        """Expected reports whose due date has come (``expected - pending``)."""
        return self.expected - self.pending

    def on_time_share(self, rounding: Rounding = Rounding.HALF_UP) -> Decimal | None:
        """On-time reports as a percentage of those whose due date has come (``None`` when
        none has): a report not yet due is neither on time nor late."""
        settled = self.settled
        return share(self.on_time, settled, 0, rounding) if settled else None


class CollaboratorCompliance(DlxhModel):
    """One collaborator's record for the period."""

    id: str
    name: str
    unit: str
    expected: int
    on_time: int
    late: int
    missing: int
    pending: int = 0
    days_late: int
    reports: list[str] = Field(description="Ids of the reports received, in period order.")
    missing_periods: list[str] = Field(default_factory=list)
    late_periods: list[str] = Field(default_factory=list)
    pending_periods: list[str] = Field(default_factory=list)


class UnitCompliance(DlxhModel):
    """A unit's own counts and its total including every unit below it."""

    unit: str
    name: str
    level: UnitLevel | None = None
    parent: str | None = None
    collaborators: int = Field(description="Collaborators due at least once, own unit only.")
    own: ComplianceCounts
    total: ComplianceCounts


class SilentCollaborator(DlxhModel):
    """A collaborator with no report for several consecutive months: a replacement candidate."""

    id: str
    name: str
    unit: str
    periods: list[str]
    recommendation: str = "đề nghị thay thế"


class Compliance(DlxhModel):
    """Compliance of the network (or of one unit's part of it) for a period."""

    period: Period
    unit: str | None = None
    due_day: int = Field(default=DUE_DAY, description="The network's deadline (day of month).")
    totals: ComplianceCounts
    units: list[UnitCompliance]
    collaborators: list[CollaboratorCompliance]
    units_in_network: int
    units_covered: int
    silent: list[SilentCollaborator]
    duplicates: list[str] = Field(description="Ids of duplicate reports, counted once.")
    problems: list[str] = Field(default_factory=list)

    def coverage(self, rounding: Rounding = Rounding.HALF_UP) -> Decimal | None:
        """Units with at least one report, as a percentage of network units."""
        if not self.units_in_network:
            return None
        return share(self.units_covered, self.units_in_network, 0, rounding)

    def coverage_text(self, rounding: Rounding = Rounding.HALF_UP) -> str:
        if not self.units_in_network:
            return "-"
        return format_share(self.units_covered, self.units_in_network, 0, rounding)


def _duty_months(period: Period, as_of: date | None = None) -> list[Period]:
    """The months of ``period`` with a reporting duty: none for an ad-hoc period, and only
    months begun by ``as_of`` (a quarter synthesised in its second month owes no third report)."""
    if period.kind is PeriodKind.AD_HOC:
        return []
    return [m for m in period.months() if as_of is None or m.start <= as_of]


def _silent(
    dataset: Dataset,
    people: Sequence[Collaborator],
    period: Period,
    periods: int,
    as_of: date,
) -> list[SilentCollaborator]:
    begun = _duty_months(period, as_of)
    day = dataset.settings.report_due_day
    # A month whose deadline is still ahead is no silence yet: the window ends at the last
    # month that is due, and a report sent since (early for a month not yet due) is heard.
    months = [m for m in begun if m.due(day) <= as_of]
    if not months or periods < 1:
        return []
    last = months[-1]
    window = [last.shift(-k) for k in range(periods - 1, -1, -1)]
    since = window + begun[len(months) :]
    # A month for which the dataset holds no report at all is a gap in the records, not
    # evidence of silence (e.g. the months before the data starts).
    recorded = {m for p in {r.period for r in dataset.reports} for m in p.months()}
    if not all(month in recorded for month in window):
        return []
    spoke: dict[str, list[Period]] = {}
    for report in dataset.reports:
        if report.reporter.kind is ReporterKind.COLLABORATOR and report.submitted_on is not None:
            spoke.setdefault(report.reporter.id, []).append(report.period)
    found = []
    for person in people:
        if person.ended_on is not None and person.ended_on <= period.end:
            continue  # already replaced or ended: nothing to propose
        if not all(is_due(person, month) for month in window):
            continue
        heard = spoke.get(person.id, [])
        if any(p.start <= month.end and month.start <= p.end for p in heard for month in since):
            continue
        found.append(
            SilentCollaborator(
                id=person.id,
                name=person.full_name,
                unit=person.unit,
                periods=[str(month) for month in window],
            )
        )
    return found


def _with_received(
    tally: dict[str, Counter[str]], kept: Sequence[Selected]
) -> dict[str, ComplianceCounts]:
    """Each unit's counts: ``tally`` (per unit) with the reports received added."""
    for item in kept:
        if item.report.submitted_on is None or item.unit is None:
            continue
        adhoc = int(item.report.period.kind is PeriodKind.AD_HOC)
        tally.setdefault(item.unit, Counter()).update(received=1, ad_hoc=adhoc)
    fields = list(ComplianceCounts.model_fields)
    return {
        code: ComplianceCounts(**{name: counts[name] for name in fields})
        for code, counts in tally.items()
    }


_PERSON_COUNTS = ("expected", "on_time", "late", "missing", "pending", "days_late")


def _duties(
    person: Collaborator,
    monthly: dict[tuple[str, Period], Selected],
    *,
    deadline: dict[Period, date],
    day: int,
    as_of: date,
) -> tuple[Counter[str], dict[str, list[str]]]:
    """One collaborator's duties among the months of ``deadline`` (each month's deadline): the
    counts (on time, late, missing, pending, days late), and the months late, missing, pending."""
    counts: Counter[str] = Counter()
    months: dict[str, list[str]] = {"late": [], "missing": [], "pending": []}
    for month, month_due in deadline.items():
        if not is_due(person, month):
            continue
        counts["expected"] += 1
        found = monthly.get((person.id, month))
        report = None if found is None else found.report
        due = month_due if report is None else report.due_under(day)
        if report is None or report.submitted_on is None:
            state = "pending" if due > as_of else "missing"
        elif report.submitted_on <= due:
            state = "on_time"
        else:
            state = "late"
            counts["days_late"] += (report.submitted_on - due).days
        counts[state] += 1
        if state != "on_time":
            months[state].append(str(month))
    return counts, months


def build_compliance(
    dataset: Dataset,
    period: Period,
    kept: Sequence[Selected],
    *,
    unit: str | None,
    tree: UnitTree,
    duplicates: Sequence[str] = (),
    problems: Sequence[str] = (),
    silent_periods: int = 2,
    as_of: date | None = None,
) -> Compliance:
    """Compliance from an already screened list of reports (see :func:`compliance`)."""
    as_of = as_of or period.end
    people = [c for c in dataset.collaborators if tree.within(c.unit, unit)]
    sent: dict[str, list[OpinionReport]] = {}  # each collaborator's received reports
    for chosen in kept:
        if (
            chosen.report.reporter.kind is ReporterKind.COLLABORATOR
            and chosen.report.submitted_on is not None
        ):
            sent.setdefault(chosen.report.reporter.id, []).append(chosen.report)
    monthly: dict[tuple[str, Period], Selected] = {}
    for item in kept:
        report = item.report
        if (
            report.reporter.kind is ReporterKind.COLLABORATOR
            and report.period.kind is PeriodKind.MONTH
        ):
            monthly.setdefault((report.reporter.id, report.period), item)

    # Plain counters first, one model per unit at the end: adding a model per collaborator
    # and per report cost seconds on a national month.
    tally: dict[str, Counter[str]] = {}
    staff: dict[str, int] = {}
    rows: list[CollaboratorCompliance] = []
    day = dataset.settings.report_due_day
    deadline = {month: month.due(day) for month in _duty_months(period, as_of)}
    for person in people:
        counts, months = _duties(person, monthly, deadline=deadline, day=day, as_of=as_of)
        if counts["expected"]:
            staff[person.unit] = staff.get(person.unit, 0) + 1
        tally.setdefault(person.unit, Counter()).update(counts)
        received = sorted(sent.get(person.id, ()), key=lambda r: (r.period, r.id))
        if counts["expected"] or received:
            rows.append(
                CollaboratorCompliance(
                    id=person.id,
                    name=person.full_name,
                    unit=person.unit,
                    **{name: counts[name] for name in _PERSON_COUNTS},
                    reports=[r.id for r in received],
                    missing_periods=months["missing"],
                    late_periods=months["late"],
                    pending_periods=months["pending"],
                )
            )
    own = _with_received(tally, kept)

    network = {code for code, counts in own.items() if counts.expected or counts.received}
    listed = set(network)
    for code in network:
        listed.update(a for a in tree.ancestors(code) if tree.within(a, unit))
    order = {code: position for position, code in enumerate(tree.units)}
    totals: dict[str, ComplianceCounts] = {code: ComplianceCounts() for code in listed}
    for code in listed:
        held = own.get(code, ComplianceCounts())
        for ancestor in tree.ancestors(code):
            if ancestor in totals:
                totals[ancestor] = totals[ancestor] + held
    units = [
        UnitCompliance(
            unit=code,
            name=tree.name(code),
            level=tree.level(code),
            parent=tree.parent(code),
            collaborators=staff.get(code, 0),
            own=own.get(code, ComplianceCounts()),
            total=totals[code],
        )
        for code in sorted(listed, key=lambda c: (order.get(c, len(order)), c))
    ]
    grand = sum((own[code] for code in network), ComplianceCounts())
    return Compliance(
        period=period,
        unit=unit,
        due_day=day,
        totals=grand,
        units=units,
        collaborators=rows,
        units_in_network=len(network),
        units_covered=sum(1 for code in network if own[code].received),
        silent=_silent(dataset, people, period, silent_periods, as_of),
        duplicates=list(duplicates),
        problems=list(problems),
    )


def compliance(
    dataset: Dataset,
    period: Period | str,
    *,
    unit: str | None = None,
    silent_periods: int = 2,
    as_of: date | None = None,
) -> Compliance:
    """Compliance of the network for ``period`` (a :class:`Period` or ``"2026-10"``).

    Args:
        dataset: The data.
        period: A month, or a longer period (each of its months is a duty).
        unit: Restrict to this unit and the units below it.
        silent_periods: Months of silence after which a collaborator is proposed for replacement.
        as_of: Months starting after this date owe no report yet, and a report not sent by
            this date whose due date is after it is pending, not missing (default: the
            period's end).

    Inconsistent reports (unknown reporter, straddling period, duplicate) are left out and named
    in ``problems``; use :func:`dlxh.aggregate.synthesize` with ``strict=True`` to make them errors.
    """
    period = period_argument(period)
    if silent_periods < 1:
        raise ValueError(f"silent_periods must be at least 1, got {silent_periods}")
    tree = UnitTree(dataset.units, period=period)
    if unit is not None and unit not in tree.units and tree.units:
        raise NotFoundError(f"no unit with code {unit!r} in the dataset")
    selection = select_reports(dataset, period, unit=unit, tree=tree)
    return build_compliance(
        dataset,
        period,
        selection.kept,
        unit=unit,
        tree=tree,
        duplicates=selection.duplicates,
        problems=[str(p) for p in selection.problems],
        silent_periods=silent_periods,
        as_of=as_of,
    )
