"""Follow-up KPIs: how many reflected issues were handled, how fast, and by whom.

Boards report these figures in one sentence (seed 004): "66 issues reflected, 62 (93%) resolved,
answered or oriented; the board itself handled 19". The sentence hides two choices this module
makes explicit: the **rounding** of the share (62/66 is 93.9%: "93%" truncated, "94%" rounded
half-up, so the mode is a parameter, never a float accident) and the **date** the statuses are
read at (``as_of``): history steps after that date are ignored, so a synthesis for October
written in December still shows the situation of 31 October unless asked otherwise.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from pydantic import Field

from dlxh.models._base import DlxhModel
from dlxh.models.followup import FollowUp, Outcome
from dlxh.models.period import Period, period_argument
from dlxh.vn.numbers import Rounding, format_share, share
from dlxh.vn.text import sort_key

__all__ = ["AgencyKpis", "FollowUpKpis", "follow_up_kpis", "status_on"]


def status_on(issue: FollowUp, as_of: date) -> FollowUp:
    """A copy of ``issue`` whose history stops at ``as_of`` (the data is left unchanged)."""
    history = [entry for entry in issue.history if entry.date <= as_of]
    if len(history) == len(issue.history):
        return issue
    return issue.model_copy(update={"history": history})


class AgencyKpis(DlxhModel):
    """Figures for one responsible agency."""

    agency: str
    reflected: int
    handled: int
    open: int
    overdue: int
    ids: list[str] = Field(description="Ids of the follow-ups (provenance).")


class FollowUpKpis(DlxhModel):
    """Follow-up figures for the issues reflected in a period, read on ``as_of``."""

    period: Period | None = None
    as_of: date
    rounding: Rounding
    reflected: int = 0
    new: int = 0
    transferred: int = 0
    verifying: int = 0
    resolved: int = 0
    answered: int = 0
    oriented: int = 0
    overdue_recorded: int = Field(default=0, description="Status explicitly set to overdue.")
    overdue: int = Field(default=0, description="Open past the due date, or recorded overdue.")
    handled: int = Field(default=0, description="resolved + answered + oriented.")
    handled_by_board: int = 0
    handled_share: Decimal | None = Field(default=None, description="Percent, rounded.")
    handled_share_text: str = "-"
    days_to_handle_mean: float | None = None
    days_to_handle_median: float | None = None
    agencies: list[AgencyKpis] = Field(default_factory=list)
    ids: list[str] = Field(default_factory=list, description="Ids of the follow-ups counted.")

    @property
    def open(self) -> int:
        return self.reflected - self.handled


def follow_up_kpis(
    follow_ups: Iterable[FollowUp],
    period: Period | str | None = None,
    *,
    as_of: date | None = None,
    rounding: Rounding = Rounding.HALF_UP,
    decimals: int = 0,
) -> FollowUpKpis:
    """KPIs of the follow-ups reported within ``period`` (all when ``None``), read on ``as_of``.

    Args:
        follow_ups: The issues.
        period: Only issues with ``reported_on`` in this period count.
        as_of: The date statuses are read at; defaults to the period's last day. Issues
            reported after it are not counted. Required when ``period`` is ``None``.
        rounding: How the handled share is rounded (``Rounding.DOWN`` for "93%" of 62/66).
        decimals: Decimals of the handled share.
    """
    period = None if period is None else period_argument(period)
    if as_of is None:
        if period is None:
            raise ValueError("follow_up_kpis needs a period or an as_of date")
        as_of = period.end
    rounding = Rounding(rounding)
    chosen = [
        status_on(issue, as_of)
        for issue in follow_ups
        if issue.reported_on <= as_of and (period is None or period.contains(issue.reported_on))
    ]
    counts = dict.fromkeys(Outcome, 0)
    days: list[int] = []
    agencies: dict[str, list[FollowUp]] = {}
    for issue in chosen:
        counts[issue.status] += 1
        spent = issue.days_to_handle()
        if spent is not None:
            days.append(spent)
        agencies.setdefault(issue.responsible_agency, []).append(issue)
    handled = sum(1 for issue in chosen if issue.handled)
    reflected = len(chosen)
    return FollowUpKpis(
        period=period,
        as_of=as_of,
        rounding=rounding,
        reflected=reflected,
        new=counts[Outcome.NEW],
        transferred=counts[Outcome.TRANSFERRED],
        verifying=counts[Outcome.VERIFYING],
        resolved=counts[Outcome.RESOLVED],
        answered=counts[Outcome.ANSWERED],
        oriented=counts[Outcome.ORIENTED],
        overdue_recorded=counts[Outcome.OVERDUE],
        overdue=sum(1 for issue in chosen if issue.is_overdue(as_of)),
        handled=handled,
        handled_by_board=sum(1 for issue in chosen if issue.handled_by_board),
        handled_share=share(handled, reflected, decimals, rounding) if reflected else None,
        handled_share_text=format_share(handled, reflected, decimals, rounding)
        if reflected
        else "-",
        days_to_handle_mean=statistics.fmean(days) if days else None,
        days_to_handle_median=float(statistics.median(days)) if days else None,
        agencies=[
            AgencyKpis(
                agency=name,
                reflected=len(issues),
                handled=sum(1 for i in issues if i.handled),
                open=sum(1 for i in issues if not i.handled),
                overdue=sum(1 for i in issues if i.is_overdue(as_of)),
                ids=[i.id for i in issues],
            )
            for name, issues in sorted(agencies.items(), key=lambda kv: sort_key(kv[0]))
        ],
        ids=[issue.id for issue in chosen],
    )
