"""The synthesis over the generated example network (examples/network)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import dlxh
from dlxh.aggregate import classify, rollup, synthesize

NETWORK = Path(__file__).resolve().parent.parent / "examples" / "network"


@pytest.fixture(scope="module")
def dataset() -> dlxh.Dataset:
    return dlxh.load_dataset(NETWORK)


def test_network_loads(dataset: dlxh.Dataset) -> None:
    communes = [u for u in dataset.units if u.level.value == "commune"]
    assert len(communes) == 10
    assert len(dataset.collaborators) >= 30
    assert any(c.status.value == "replaced" for c in dataset.collaborators)


def test_october_synthesis(dataset: dlxh.Dataset) -> None:
    result = synthesize(dataset, "2026-10", level="commune", classifier=classify)
    assert result.problems == []
    totals = result.compliance.totals
    assert totals.expected == totals.on_time + totals.late + totals.missing
    assert totals.late > 0 and totals.missing > 0 and totals.ad_hoc == 1
    assert result.compliance.units_in_network == 10
    assert {s.id for s in result.compliance.silent} == {"CTV-011", "CTV-026"}
    # The landslide, worded four ways by several reporters, is one hot-spot current.
    landslide = result.currents[0]
    assert landslide.hotspot and "Pa So" in landslide.title and landslide.reports >= 3
    assert len({c.title for c in result.currents}) == len(result.currents)
    assert rollup(result.breakdown) == result.figures
    assert result.figures.items == sum(c.reflections for c in result.currents)


def test_quarter_covers_its_months(dataset: dlxh.Dataset) -> None:
    months = [synthesize(dataset, m) for m in ("2026-08", "2026-09")]
    quarter = synthesize(dataset, "2026-Q3", as_of=date(2026, 9, 30))
    assert quarter.figures.reports_received == sum(m.figures.reports_received for m in months)
    assert quarter.figures.items == sum(m.figures.items for m in months)
