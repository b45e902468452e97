"""The synthesis of a period (báo cáo tổng hợp): every figure the board reports, traceable.

:func:`synthesize` screens the reports (:mod:`dlxh.aggregate.screen`), then computes compliance,
opinion currents, follow-up KPIs and event totals for one period and one part of the network, plus
additive :class:`~dlxh.aggregate.figures.Figures` broken down by unit so that the communes of a
province add up to the province. Plugins add their own figures through ``metrics``.

Inconsistent input never changes a figure silently: with ``strict=True`` it is an error naming
each bad report (``reports.3``); with ``strict=False`` the bad reports are left out and named in
``problems``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, computed_field

from dlxh._heap import settled
from dlxh.aggregate.compliance import Compliance, build_compliance
from dlxh.aggregate.currents import (
    Grouper,
    ItemRef,
    OpinionCurrent,
    build_currents,
    count_by,
)
from dlxh.aggregate.events import EventTotals, event_totals
from dlxh.aggregate.figures import Figures, UnitFigures
from dlxh.aggregate.followups import FollowUpKpis, follow_up_kpis
from dlxh.aggregate.pipeline import with_plugins
from dlxh.aggregate.scope import UnitTree, reporter_unit
from dlxh.aggregate.screen import select_reports
from dlxh.aggregate.tables import Table, synthesis_tables
from dlxh.errors import DataValidationError, FieldProblem, NotFoundError
from dlxh.models._base import DlxhModel
from dlxh.models.dataset import Dataset
from dlxh.models.event import Event
from dlxh.models.followup import FollowUp
from dlxh.models.opinion import OpinionField, OpinionItem, Tendency
from dlxh.models.period import Period, PeriodKind, period_argument
from dlxh.models.unit import UnitLevel
from dlxh.vn.numbers import Rounding

if TYPE_CHECKING:
    from dlxh.plugins import Hooks

__all__ = ["Classifier", "Inference", "Metric", "Synthesis", "synthesize"]

Classifier = Callable[[str], tuple[OpinionField | None, Tendency | None]]
"""Guesses an item's field and tendency from its text (see :func:`dlxh.aggregate.classify`)."""

MetricValue = float | int | str
Metric = Callable[[Dataset, Period, "Synthesis"], Mapping[str, MetricValue]]
"""A plugin metric: reads the dataset, the period and the synthesis, returns named values."""


class Inference(DlxhModel):
    """What the classifier filled in for one item (only empty values are ever filled), and
    what each value rests on: the method that found it ("model", "keywords"; ``None`` for a
    classifier that does not say) and, for a trained model, its calibrated probability."""

    ref: ItemRef
    field: OpinionField | None = None
    tendency: Tendency | None = None
    field_method: str | None = None
    field_confidence: float | None = None
    tendency_method: str | None = None
    tendency_confidence: float | None = None


class Synthesis(DlxhModel):
    """Everything a synthesis report cites for ``period`` and the scope ``unit``."""

    period: Period
    unit: str | None = Field(
        default=None, description="Scope: this unit and below; None for the network."
    )
    unit_name: str | None = None
    level: UnitLevel | None = Field(
        default=None, description="Level of the per-unit breakdown, if any."
    )
    as_of: date
    compliance: Compliance
    currents: list[OpinionCurrent]
    items_by_field: dict[OpinionField, int]
    items_by_tendency: dict[Tendency, int]
    currents_by_field: dict[OpinionField, int]
    currents_by_tendency: dict[Tendency, int]
    follow_ups: FollowUpKpis
    events: EventTotals
    figures: Figures
    breakdown: list[UnitFigures] = Field(default_factory=list)
    inferences: list[Inference] = Field(default_factory=list)
    report_ids: list[str] = Field(default_factory=list, description="Reports counted.")
    metrics: dict[str, MetricValue] = Field(default_factory=dict)
    problems: list[str] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def hotspots(self) -> list[OpinionCurrent]:
        """The currents flagged as hot spots (điểm nóng), in the order of :attr:`currents`."""
        return [current for current in self.currents if current.hotspot]

    def tables(self, rounding: Rounding = Rounding.HALF_UP) -> dict[str, Table]:
        """Named tables with formatted cells: compliance, currents, follow_ups (and breakdown)."""
        return synthesis_tables(self, rounding)


def _follow_up_units(dataset: Dataset, people: Mapping[str, Any]) -> dict[str, str | None]:
    """The unit each follow-up belongs to: the unit of its first source report or item."""
    owner: dict[str, str | None] = {}
    roster = dict(people)  # once: a copy per report made a national month quadratic
    for report in dataset.reports:
        code = reporter_unit(report, roster)
        owner.setdefault(report.id, code)
        for item in report.items:
            if item.id is not None:
                owner.setdefault(item.id, code)
    result: dict[str, str | None] = {}
    for issue in dataset.follow_ups:
        result[issue.id] = next((owner[s] for s in issue.sources if s in owner), None)
    return result


def _fill(
    item: OpinionItem, ref: ItemRef, classifier: Classifier | None
) -> tuple[OpinionItem, Inference | None]:
    needs_field = item.field is OpinionField.OTHER
    needs_tendency = item.tendency is Tendency.UNDECIDED
    if classifier is None or not (needs_field or needs_tendency):
        return item, None
    answer = classifier(f"{item.title}\n{item.content}")
    field, tendency = answer
    update: dict[str, Any] = {}
    if needs_field and field is not None and field is not OpinionField.OTHER:
        update["field"] = field
    if needs_tendency and tendency is not None and tendency is not Tendency.UNDECIDED:
        update["tendency"] = tendency
    if not update:
        return item, None
    # A Guess (dlxh.aggregate.guess) also says how each value was found and how surely.
    rests_on = {
        f"{name}_{part}": getattr(answer, f"{name}_{part}", None)
        for name in update
        for part in ("method", "confidence")
    }
    inference = Inference(
        ref=ref, field=update.get("field"), tendency=update.get("tendency"), **rests_on
    )
    return item.model_copy(update=update), inference


@settled
def synthesize(
    dataset: Dataset,
    period: Period | str,
    *,
    unit: str | None = None,
    level: UnitLevel | str | None = None,
    as_of: date | None = None,
    grouper: Grouper | None = None,
    classifier: Classifier | None = None,
    metrics: Sequence[Metric] | None = None,
    strict: bool = True,
    silent_periods: int = 2,
    rounding: Rounding = Rounding.HALF_UP,
    executor: Executor | None = None,
    hooks: Hooks | Literal[False] | None = None,
) -> Synthesis:
    """Synthesise ``dataset`` for ``period`` (a month, quarter, 6 or 9 months, a year).

    The plugins take part as in ``dlxh aggregate`` (:mod:`dlxh.aggregate.pipeline`): by default
    the installed ones flag hot spots, classify, group (when one groups) and add their metrics;
    ``hooks=False`` runs dlxh alone, with no classifier unless one is given.

    Args:
        dataset: The data.
        period: The period; a quarter covers the reports of its three months.
        unit: Restrict to this unit and the units below it (``None``: the whole network).
        level: Break the additive figures down by the units at this level ("commune",
            "province"); objects attached above that level get a row with ``unit=None``.
        as_of: The date follow-up statuses are read at (default: the period's last day).
        grouper: Replaces the similarity grouping of opinion items into currents.
        classifier: Fills the field of items filed as "other" and the tendency of items left
            "undecided"; given values are never overridden, and each fill is recorded in
            ``inferences``.
        metrics: Plugin metrics, called last with the finished synthesis; their values land in
            ``metrics`` (a name returned twice is an error).
        strict: Raise on inconsistent reports instead of leaving them out.
        silent_periods: Months of silence before a collaborator is proposed for replacement.
        rounding: Rounding of the handled share of follow-ups.
        executor: Groups each province's items as one task of this executor (a process
            pool, Dask's ``client.get_executor()``); the currents are the same without it.
        hooks: The plugins: ``None`` for the installed ones (the command line's), ``False``
            for none, or a :class:`~dlxh.plugins.Hooks`; ``grouper``, ``classifier`` and
            ``metrics`` given explicitly win over theirs.

    Raises:
        DataValidationError: (``strict``) reports by unknown reporters, duplicate reports, or
            reports whose period straddles ``period``; each located as ``reports.N``.
        NotFoundError: ``unit`` is not in the dataset.
        ValueError: an unknown ``level``, or a grouper or metric that misbehaves.
    """
    period = period_argument(period)
    level = _level(level)
    parts = with_plugins(hooks, dataset, grouper=grouper, classifier=classifier, metrics=metrics)
    dataset, grouper, classifier, metrics = (
        parts.dataset,
        parts.grouper,
        parts.classifier,
        parts.metrics,
    )
    tree = UnitTree(dataset.units, period=period)
    if unit is not None and unit not in tree.units:
        known = ", ".join(tree.units) or "none"
        raise NotFoundError(f"no unit with code {unit!r} in the dataset (units: {known})")
    selection = select_reports(dataset, period, unit=unit, tree=tree)
    problems = list(selection.problems)
    problems += [
        FieldProblem("units", f"unit {code!r} is part of a cycle of parent links", code)
        for code in tree.cycles
    ]
    if strict and problems:
        raise DataValidationError("synthesis input", problems)
    as_of = as_of or period.end
    messages = [str(p) for p in problems]

    comp = build_compliance(
        dataset,
        period,
        selection.kept,
        unit=unit,
        tree=tree,
        duplicates=selection.duplicates,
        problems=messages,
        silent_periods=silent_periods,
        as_of=as_of,
    )

    entries: list[tuple[OpinionItem, ItemRef]] = []
    inferences: list[Inference] = []
    for chosen in selection.kept:
        report = chosen.report
        if report.submitted_on is None:
            continue
        for index, item in enumerate(report.items):
            ref = ItemRef(
                report=report.id,
                reporter=report.reporter.id,
                index=index,
                item=item.id,
                unit=chosen.unit,
            )
            filled, inference = _fill(item, ref, classifier)
            if inference is not None:
                inferences.append(inference)
            entries.append((filled, ref))
    parents = {u.code: u.parent for u in dataset.units}
    currents = build_currents(entries, grouper, parents=parents, executor=executor)

    people = {c.id: c for c in dataset.collaborators}
    fu_unit = _follow_up_units(dataset, people)
    issues: list[FollowUp] = [
        i
        for i in dataset.follow_ups
        if unit is None or (fu_unit[i.id] is not None and tree.within(fu_unit[i.id] or "", unit))
    ]
    kpis = follow_up_kpis(issues, period, as_of=as_of, rounding=rounding)
    events = [e for e in dataset.events if unit is None or (e.unit and tree.within(e.unit, unit))]
    totals = event_totals(events, period)

    figures, breakdown = _figures(
        comp=comp,
        entries=entries,
        issues=issues,
        counted=set(kpis.ids),
        fu_unit=fu_unit,
        events=events,
        period=period,
        as_of=as_of,
        tree=tree,
        unit=unit,
        level=level,
    )

    kept_items = [item for item, _ in entries]
    synthesis = Synthesis(
        period=period,
        unit=unit,
        unit_name=tree.name(unit) if unit is not None else None,
        level=level,
        as_of=as_of,
        compliance=comp,
        currents=currents,
        items_by_field=count_by([i.field for i in kept_items], list(OpinionField)),
        items_by_tendency=count_by([i.tendency for i in kept_items], list(Tendency)),
        currents_by_field=count_by([c.field for c in currents], list(OpinionField)),
        currents_by_tendency=count_by([c.tendency for c in currents], list(Tendency)),
        follow_ups=kpis,
        events=totals,
        figures=figures,
        breakdown=breakdown,
        inferences=inferences,
        report_ids=[s.report.id for s in selection.kept if s.report.submitted_on is not None],
        problems=messages,
    )
    if period.kind is PeriodKind.AD_HOC:
        synthesis.problems = [
            *synthesis.problems,
            "ad-hoc period: no monthly report is due, compliance counts received reports only",
        ]
    _apply_metrics(synthesis, dataset, period, metrics or ())
    return synthesis


def _level(level: UnitLevel | str | None) -> UnitLevel | None:
    if level is None or isinstance(level, UnitLevel):
        return level
    found = UnitLevel._missing_(level)
    if found is None:
        choices = ", ".join(member.value for member in UnitLevel)
        raise ValueError(f"unknown level {level!r}; expected one of {choices}")
    return found


def _figures(
    *,
    comp: Compliance,
    entries: Sequence[tuple[OpinionItem, ItemRef]],
    issues: Sequence[FollowUp],
    counted: set[str],
    fu_unit: Mapping[str, str | None],
    events: Sequence[Event],
    period: Period,
    as_of: date,
    tree: UnitTree,
    unit: str | None,
    level: UnitLevel | None,
) -> tuple[Figures, list[UnitFigures]]:
    """Additive figures, attributed object by object to a unit, then to a breakdown row."""
    parts: dict[str | None, Figures] = {}

    def add(code: str | None, figures: Figures) -> None:
        key = code
        if level is not None:
            key = None if code is None else tree.at_level(code, level)
        parts[key] = parts.get(key, Figures()) + figures

    for row in comp.units:
        own = row.own
        in_network = bool(own.expected or own.received)
        add(
            row.unit,
            Figures(
                reports_expected=own.expected,
                reports_received=own.received,
                reports_on_time=own.on_time,
                reports_late=own.late,
                reports_missing=own.missing,
                reports_pending=own.pending,
                reports_ad_hoc=own.ad_hoc,
                units_in_network=int(in_network),
                units_covered=int(in_network and own.received > 0),
            ),
        )
    per_unit: dict[str | None, list[int]] = {}  # counted first: a model per item is slow
    for item, ref in entries:
        counts = per_unit.setdefault(ref.unit, [0, 0])
        counts[0] += 1
        counts[1] += item.hotspot
    for code, (items, hotspots) in per_unit.items():
        add(code, Figures(items=items, hotspot_items=hotspots))
    for issue in issues:
        if issue.id in counted:
            handled = _handled_on(issue, as_of)
            add(fu_unit[issue.id], Figures(follow_ups=1, follow_ups_handled=int(handled)))
    for event in events:
        if period.contains(event.date):
            add(
                event.unit,
                Figures(
                    events=1,
                    attendees=event.attendees,
                    opinions_raised=event.opinions_raised,
                    opinions_answered=event.opinions_answered,
                ),
            )
    figures = sum(parts.values(), Figures())
    breakdown: list[UnitFigures] = []
    if level is not None:
        rows = tree.roots_at(level, unit)
        breakdown = [
            UnitFigures(unit=code, name=tree.name(code), figures=parts.get(code, Figures()))
            for code in rows
        ]
        if None in parts:
            breakdown.append(
                UnitFigures(unit=None, name="Trực thuộc cấp trên", figures=parts[None])
            )
        stray = sorted(k for k in parts if k is not None and k not in rows)
        if stray:  # cannot happen with a consistent tree; never drop figures silently
            raise ValueError(f"figures attributed to units outside the breakdown: {stray}")

    return figures, breakdown


def _handled_on(issue: FollowUp, as_of: date) -> bool:
    return any(e.status.handled for e in issue.history if e.date <= as_of)


def _apply_metrics(
    synthesis: Synthesis, dataset: Dataset, period: Period, metrics: Sequence[Metric]
) -> None:
    values: dict[str, MetricValue] = {}
    for metric in metrics:
        name = getattr(metric, "__qualname__", repr(metric))
        result = metric(dataset, period, synthesis)
        if not isinstance(result, Mapping):
            raise ValueError(f"metric {name} returned {type(result).__name__}, expected a mapping")
        for key, value in result.items():
            if (
                not isinstance(key, str)
                or isinstance(value, bool)
                or not isinstance(value, int | float | str)
            ):
                raise ValueError(
                    f"metric {name} returned {key!r}: {value!r}; expected str keys and "
                    "int, float or str values"
                )
            if key in values:
                raise ValueError(f"metric {name} returned {key!r}, already set by another metric")
            values[key] = value
    synthesis.metrics = values
