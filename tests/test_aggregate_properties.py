"""Properties of the synthesis on random networks: roll-up consistency, nothing counted twice."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlxh.aggregate import rollup, synthesize
from dlxh.models import Dataset

TITLES = [
    "Sạt lở đất bản Pa So",
    "Sạt lở đất tại bản Pa So sau mưa lớn",
    "Giá điện tăng cao",
    "Thiếu thuốc bảo hiểm y tế",
    "Tranh chấp đất đai",
]
MONTHS = ["2026-08", "2026-09"]


@st.composite
def networks(draw: st.DrawFn) -> Dataset:
    communes = draw(st.integers(1, 3))
    units: list[dict[str, Any]] = [{"code": "P", "name": "Tỉnh", "level": "province"}]
    homes = ["P"]
    for c in range(communes):
        units.append({"code": f"C{c}", "name": f"Xã {c}", "level": "commune", "parent": "P"})
        homes.append(f"C{c}")
        if draw(st.booleans()):  # a commune-level unit filed under the commune
            units.append(
                {"code": f"C{c}U", "name": f"UBND {c}", "level": "commune", "parent": f"C{c}"}
            )
            homes.append(f"C{c}U")
    people = []
    reports: list[dict[str, Any]] = []
    for n in range(draw(st.integers(1, 6))):
        ident = f"K{n}"
        people.append(
            {
                "id": ident,
                "full_name": f"Người {n}",
                "unit": draw(st.sampled_from(homes)),
                "level": "commune",
                "appointed_on": "2026-01-01",
            }
        )
        for month in MONTHS:
            state = draw(st.sampled_from(["missing", "on_time", "late", "pending", "twice"]))
            if state == "missing":
                continue
            titles = draw(st.lists(st.sampled_from(TITLES), max_size=3))
            day = {"on_time": 10, "late": 25, "pending": None, "twice": 12}[state]
            for copy in range(2 if state == "twice" else 1):
                data: dict[str, Any] = {
                    "id": f"R-{ident}-{month}-{copy}",
                    "period": month,
                    "reporter": {"kind": "collaborator", "id": ident},
                    "items": [
                        {
                            "id": f"I-{ident}-{month}-{copy}-{i}",
                            "title": t,
                            "content": t,
                            "field": "other",
                            "hotspot": i == 0,
                        }
                        for i, t in enumerate(titles)
                    ],
                }
                if day is not None:
                    data["submitted_on"] = f"{month}-{day + copy}"
                reports.append(data)
    follow_ups = [
        {
            "id": f"V{i}",
            "title": "Vấn đề",
            "responsible_agency": "UBND",
            "reported_on": "2026-09-02",
            "sources": [r["id"]],
            "history": [{"status": "answered", "date": "2026-09-10"}] if i % 2 else [],
        }
        for i, r in enumerate(reports)
        if draw(st.booleans())
    ]
    events = [
        {
            "id": f"E{i}",
            "kind": "dialogue",
            "title": "Đối thoại",
            "date": date(2026, 9, 1 + i),
            "unit": draw(st.sampled_from(homes)),
            "attendees": draw(st.integers(0, 100)),
        }
        for i in range(draw(st.integers(0, 3)))
    ]
    return Dataset.model_validate(
        {
            "units": units,
            "collaborators": people,
            "reports": reports,
            "follow_ups": follow_ups,
            "events": events,
        }
    )


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(networks(), st.sampled_from([*MONTHS, "2026-Q3"]))
def test_communes_add_up_to_the_province(data: Dataset, period: str) -> None:
    whole = synthesize(data, period, level="commune", strict=False)
    assert rollup(whole.breakdown) == whole.figures
    by_commune = {
        row.unit: synthesize(data, period, unit=row.unit, strict=False).figures
        for row in whole.breakdown
        if row.unit is not None
    }
    for row in whole.breakdown:
        if row.unit is not None:
            assert by_commune[row.unit] == row.figures
    province = synthesize(data, period, unit="P", strict=False)
    assert province.figures == whole.figures
    # Compliance roll-up: the province total is the sum of its own and its children's totals.
    rows = {u.unit: u for u in whole.compliance.units}
    if "P" in rows:
        children = [u.total for u in whole.compliance.units if u.parent == "P"]
        assert rows["P"].total == sum(children, rows["P"].own)


@FAST
@given(networks(), st.sampled_from([*MONTHS, "2026-Q3"]))
def test_no_report_counted_twice(data: Dataset, period: str) -> None:
    result = synthesize(data, period, strict=False)
    assert len(result.report_ids) == len(set(result.report_ids))
    assert not {r for r in result.report_ids if r.endswith("-1")}  # second copies left out
    refs = [(ref.report, ref.index) for c in result.currents for ref in c.provenance]
    assert len(refs) == len(set(refs)) == result.figures.items
    assert {r for r, _ in refs} <= set(result.report_ids)
    totals = result.compliance.totals
    assert totals.on_time + totals.late + totals.missing == totals.expected
    assert len(result.compliance.duplicates) == len(result.problems)
