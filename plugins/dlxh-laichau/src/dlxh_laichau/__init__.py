"""The Lai Châu board's dlxh plugin: a house-style profile, a report template and two metrics."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dlxh import hookimpl

if TYPE_CHECKING:  # the models load when a hook runs, not when dlxh starts (dlxh check)
    from dlxh.models import Dataset, OpinionReport, Period
    from dlxh.profiles import FormatProfile

__all__ = ["HERE", "house_profile"]

__version__ = "0.1.0"

HERE = Path(__file__).resolve().parent


@cache
def house_profile() -> FormatProfile:
    """The ``lai-chau`` profile: the Party format with the board's own line spacing and indent."""
    from dlxh.profiles import load_profile  # noqa: PLC0415 (see the imports)

    return load_profile(HERE / "profile.yaml")


ON_TIME_LABEL = "Tỷ lệ báo cáo gửi đúng hạn trên số báo cáo đã nhận (%)"
"""Unlike the report body's share, which divides by the reports due, this one divides by those
received: the board's own measure of punctuality among collaborators who did report."""
HOTSPOT_LABEL = "Số ý kiến được cộng tác viên đánh dấu điểm nóng"
"""Opinion items flagged by their reporters, where the body counts hot-spot currents."""


def _collaborator() -> Any:
    from dlxh.models import ReporterKind  # noqa: PLC0415

    return ReporterKind.COLLABORATOR


def _reports(dataset: Dataset, period: Period) -> list[OpinionReport]:
    return [r for r in dataset.reports if period.start <= r.period.start <= period.end]


def on_time_share(dataset: Dataset, period: Period, synthesis: Any) -> dict[str, float | int | str]:
    """Share (%) of the period's collaborators' reports that arrived by their due date."""
    reports = [
        r for r in _reports(dataset, period) if r.submitted and r.reporter.kind is _collaborator()
    ]
    if not reports:
        return {ON_TIME_LABEL: 0.0}
    on_time = sum(1 for r in reports if r.is_on_time())
    return {ON_TIME_LABEL: round(100 * on_time / len(reports), 1)}


def hotspot_count(dataset: Dataset, period: Period, synthesis: Any) -> dict[str, float | int | str]:
    """Number of opinion items flagged as hot spots in the period's reports."""
    count = sum(1 for r in _reports(dataset, period) for item in r.items if item.hotspot)
    return {HOTSPOT_LABEL: count}


@hookimpl
def dlxh_register_metrics(register: Callable[[str, Any], None]) -> None:
    register("laichau.on_time_share", on_time_share)
    register("laichau.hotspot_count", hotspot_count)


@hookimpl
def dlxh_register_profiles(register: Callable[[FormatProfile], None]) -> None:
    register(house_profile())


@hookimpl
def dlxh_register_templates(register: Callable[[Path], None]) -> None:
    register(HERE / "templates")
