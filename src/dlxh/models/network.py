"""The settings of one collaborators' network: what differs from one board's rules to another's.

The boards' guidance sets the collaborators' monthly deadline on the 20th (seed 003), and that is
the default; but a province may set its own ("trước ngày 25 hằng tháng"), and a deadline baked
into the code would count its on-time reports as late. A dataset carries the setting
(``settings:`` in any one data file of the folder), and every figure that depends on the
deadline (a report's due date when the data gives none, on time / late / not yet due) reads it.
"""

from __future__ import annotations

from pydantic import Field

from dlxh.models._base import DlxhModel
from dlxh.models._scalars import Whole
from dlxh.models.period import DUE_DAY

__all__ = ["NetworkSettings"]


class NetworkSettings(DlxhModel):
    """Rules of a network that its data files may set (``settings:`` in a dataset)."""

    report_due_day: Whole = Field(
        default=DUE_DAY,
        ge=1,
        le=31,
        description="Day of the month by which a collaborator's report for the month (the "
        "period's last month) is due; past the end of a short month, its last day.",
    )
