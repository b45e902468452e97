"""Each aggregate figure on small hand-made datasets, with expectations computed by hand."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from dlxh.aggregate import (
    classify,
    compliance,
    event_totals,
    follow_up_kpis,
    synthesize,
)
from dlxh.errors import DataValidationError, NotFoundError
from dlxh.models import Dataset, Event, FollowUp, OpinionField, Tendency
from dlxh.models.dataset import PARTIAL
from dlxh.vn import Rounding, format_number


def person(ident: str, unit: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": ident,
        "full_name": f"Người {ident}",
        "unit": unit,
        "level": "commune",
        "appointed_on": "2026-01-01",
        **extra,
    }


def report(ident: str, who: str, period: str, submitted: str | None, *items: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": ident,
        "period": period,
        "reporter": {"kind": "collaborator", "id": who},
        "items": list(items),
    }
    if submitted is not None:
        data["submitted_on"] = submitted
    return data


def item(title: str, field: str = "environment", **extra: Any) -> dict[str, Any]:
    return {"title": title, "content": title, "field": field, **extra}


UNITS = [
    {"code": "P", "name": "Tỉnh ủy", "level": "province"},
    {"code": "A", "name": "Xã A", "level": "commune", "parent": "P"},
    {"code": "B", "name": "Xã B", "level": "commune", "parent": "P"},
    {"code": "C", "name": "Xã C", "level": "commune", "parent": "P"},
]


def network(reports: list[dict[str, Any]], **extra: Any) -> Dataset:
    people = [
        person("A1", "A"),
        person("A2", "A"),
        person("B1", "B"),
        # Replaced on 15 September: due in September, not in October.
        person("B2", "B", status="replaced", ended_on="2026-09-15", replaced_by="B3"),
        person("B3", "B", appointed_on="2026-09-16"),
        # Suspended without an end date: owes nothing.
        person("C1", "C", status="inactive"),
        # Appointed after the period: owes nothing in September.
        person("C2", "C", appointed_on="2026-10-05"),
    ]
    return Dataset(units=UNITS, collaborators=people, reports=reports, **extra)


SEPTEMBER = [
    report("R1", "A1", "2026-09", "2026-09-18", item("Sạt lở đất bản Pa So", hotspot=True)),
    report("R2", "A2", "2026-09", "2026-09-23", item("Sạt lở đất tại bản Pa So")),  # 3 days late
    report("R3", "B1", "2026-09", "2026-09-20", item("Giá điện tăng cao", "economy")),
    report("R4", "B3", "2026-09-20/2026-09-20", "2026-09-20", item("Sạt lở đất bản Pa So")),
    # B2 sends nothing: missing. B3 owes September too (appointed the 16th): missing.
]


def test_compliance_by_hand() -> None:
    result = compliance(network(SEPTEMBER), "2026-09")
    totals = result.totals
    # Due: A1, A2, B1, B2, B3 = 5; on time R1, R3; late R2 (3 days); missing B2, B3.
    assert (totals.expected, totals.on_time, totals.late, totals.missing) == (5, 2, 1, 2)
    assert totals.days_late == 3
    assert (totals.received, totals.ad_hoc) == (4, 1)  # the ad-hoc R4 is received, not a duty
    rows = {row.unit: row for row in result.units}
    assert rows["A"].own.expected == 2 and rows["B"].own.missing == 2
    assert rows["P"].total == totals and rows["P"].own.expected == 0
    assert "C" not in rows  # nobody due, nothing received: not a network unit this month
    assert (result.units_in_network, result.units_covered) == (2, 2)
    assert result.coverage() == Decimal(100)
    b3 = next(row for row in result.collaborators if row.id == "B3")
    assert (b3.expected, b3.missing, b3.reports) == (1, 1, ["R4"])


def test_october_duties_follow_appointments_and_replacements() -> None:
    result = compliance(network([]), "2026-10")
    due = {row.id for row in result.collaborators if row.expected}
    assert due == {"A1", "A2", "B1", "B3", "C2"}
    assert result.units_covered == 0 and result.coverage_text() == "0%"


def test_quarter_counts_each_month() -> None:
    result = compliance(network(SEPTEMBER), "2026-Q3")
    # July and August: A1, A2, B1, B2 due (B3 not yet); September: 5. Total 4 + 4 + 5.
    assert result.totals.expected == 13
    assert result.totals.on_time == 2 and result.totals.missing == 10


def test_silent_collaborators_proposed_for_replacement() -> None:
    reports = [
        report("R8", "A1", "2026-08", "2026-08-10"),
        report("R9", "A1", "2026-09", "2026-09-10"),
        report("R10", "A2", "2026-08", "2026-08-10"),
    ]
    result = compliance(network(reports), "2026-09")
    silent = {s.id: s.periods for s in result.silent}
    # A2 reported in August; B2 has ended; B3 was not due in August.
    assert silent == {"B1": ["2026-08", "2026-09"]}
    assert result.silent[0].recommendation == "đề nghị thay thế"
    assert compliance(network(reports), "2026-09", silent_periods=1).silent[0].id == "A2"


def test_duplicate_report_counted_once_and_errors() -> None:
    reports = [*SEPTEMBER, report("R1b", "A1", "2026-09", "2026-09-25", item("Sạt lở đất"))]
    data = network(reports)
    with pytest.raises(DataValidationError) as info:
        synthesize(data, "2026-09")
    assert [p.location for p in info.value.problems] == ["reports.4"]
    assert "duplicates report R1" in str(info.value)
    loose = synthesize(data, "2026-09", strict=False)
    clean = synthesize(network(SEPTEMBER), "2026-09")
    assert loose.figures == clean.figures  # counted once, the first submitted kept
    assert loose.compliance.duplicates == ["R1b"]
    assert "R1b" not in loose.report_ids and len(loose.problems) == 1


def test_unknown_reporter_and_straddling_period() -> None:
    reports = [
        *SEPTEMBER,
        report("RX", "ZZ", "2026-09", "2026-09-10", item("Giá điện")),
        report("RQ", "A1", "2026-Q3", "2026-09-30", item("Giá điện")),
    ]
    data = Dataset.model_validate(
        {
            "units": UNITS,
            "collaborators": network([]).model_dump()["collaborators"],
            "reports": reports,
        },
        context={PARTIAL: True},
    )
    with pytest.raises(DataValidationError) as info:
        synthesize(data, "2026-09")
    locations = [p.location for p in info.value.problems]
    assert locations == ["reports.4.reporter.id", "reports.5.period"]
    loose = synthesize(data, "2026-09", strict=False)
    assert loose.figures == synthesize(network(SEPTEMBER), "2026-09").figures
    # The quarterly report is within a quarter synthesis: received, no duty.
    without_unknown = Dataset.model_validate(
        {**data.model_dump(), "reports": [r for r in reports if r["id"] != "RX"]}
    )
    quarter = synthesize(without_unknown, "2026-Q3")
    assert quarter.compliance.totals.received == 5


def test_unknown_unit_and_level() -> None:
    with pytest.raises(NotFoundError, match="ZZ"):
        synthesize(network(SEPTEMBER), "2026-09", unit="ZZ")
    with pytest.raises(ValueError, match="unknown level"):
        synthesize(network(SEPTEMBER), "2026-09", level="planet")


def test_currents_with_provenance() -> None:
    data = network(SEPTEMBER)
    result = synthesize(data, "2026-09")
    first, second = result.currents
    assert first.hotspot and first.reflections == 3 and first.reports == 3
    assert first.reporters == 3 and first.units == ["A", "B"]
    assert [(r.report, r.reporter, r.index) for r in first.provenance] == [
        ("R1", "A1", 0),
        ("R2", "A2", 0),
        ("R4", "B3", 0),
    ]
    assert first.title == "Sạt lở đất bản Pa So"  # the wording used twice
    assert second.title == "Giá điện tăng cao" and not second.hotspot
    assert result.hotspots == [first]
    assert result.items_by_field == {OpinionField.ECONOMY: 1, OpinionField.ENVIRONMENT: 3}
    assert result.currents_by_field == {OpinionField.ECONOMY: 1, OpinionField.ENVIRONMENT: 1}


def test_current_majority_and_widest() -> None:
    items = [
        item("Sạt lở đất bản Pa So", tendency="oppose", breadth="some", intensity="low"),
        item("Sạt lở đất bản Pa So", tendency="hesitant", breadth="majority", intensity="high"),
    ]
    data = network([report("R1", "A1", "2026-09", "2026-09-01", *items)])
    (current,) = synthesize(data, "2026-09").currents
    # Tie between oppose and hesitant: the first in enum order (oppose) wins.
    assert current.tendency is Tendency.OPPOSE
    assert current.breadth.value == "majority" and current.intensity.value == "high"
    assert current.reports == 1 and current.reflections == 2


def test_grouper_is_replaceable_and_checked() -> None:
    data = network(SEPTEMBER)
    alone = synthesize(data, "2026-09", grouper=lambda items: [[i] for i in range(len(items))])
    assert len(alone.currents) == 4
    with pytest.raises(ValueError, match="exactly once"):
        synthesize(data, "2026-09", grouper=lambda items: [[0]])


def test_classifier_fills_only_empty_values() -> None:
    items = [
        item("Nhân dân phấn khởi với giá điện mới", "other"),
        item("Người dân bức xúc về sổ đỏ", "health", tendency="approve"),
    ]
    data = network([report("R1", "A1", "2026-09", "2026-09-01", *items)])
    result = synthesize(data, "2026-09", classifier=classify)
    assert [(i.ref.index, i.field, i.tendency) for i in result.inferences] == [
        (0, OpinionField.ECONOMY, Tendency.APPROVE),
    ]
    assert result.items_by_field == {OpinionField.ECONOMY: 1, OpinionField.HEALTH: 1}
    assert data.reports[0].items[0].field is OpinionField.OTHER  # the data is untouched


def test_metrics_from_plugins() -> None:
    data = network(SEPTEMBER)

    def currents(dataset: Dataset, period: Any, synthesis: Any) -> dict[str, int]:
        return {"currents": len(synthesis.currents)}

    result = synthesize(data, "2026-09", metrics=[currents, lambda d, p, s: {"label": "x"}])
    assert result.metrics == {"currents": 2, "label": "x"}
    with pytest.raises(ValueError, match="already set"):
        synthesize(data, "2026-09", metrics=[currents, currents])
    with pytest.raises(ValueError, match="expected str keys"):
        synthesize(data, "2026-09", metrics=[lambda d, p, s: {"x": [1]}])


def _issues(handled: int, open_: int, board: int) -> list[FollowUp]:
    start = date(2021, 1, 4)
    outcomes = ["resolved", "answered", "oriented"]
    issues = []
    for n in range(handled + open_):
        reported = start + timedelta(days=n * 7)
        history = [{"status": "transferred", "date": reported + timedelta(days=1)}]
        if n < handled:
            history.append({"status": outcomes[n % 3], "date": reported + timedelta(days=10)})
        else:
            history.append({"status": "verifying", "date": reported + timedelta(days=3)})
        issues.append(
            FollowUp(
                id=f"VD-{n:02d}",
                title=f"Vấn đề {n}",
                responsible_agency="UBND quận" if n % 2 else "Công an quận",
                reported_on=reported,
                due_on=reported + timedelta(days=30),
                history=history,
                handled_by_board=n < board,
            )
        )
    return issues


def test_seed_004_follow_ups() -> None:
    # "66 issues reflected, 62 (93%) resolved, answered or oriented; the board handled 19".
    issues = _issues(62, 4, 19)
    as_of = date(2022, 6, 30)
    down = follow_up_kpis(issues, as_of=as_of, rounding=Rounding.DOWN)
    assert (down.reflected, down.handled, down.handled_by_board) == (66, 62, 19)
    assert (down.resolved, down.answered, down.oriented, down.verifying) == (21, 21, 20, 4)
    assert down.handled_share == Decimal(93) and down.handled_share_text == "93%"
    half_up = follow_up_kpis(issues, as_of=as_of)
    assert half_up.handled_share_text == "94%"
    assert down.days_to_handle_mean == 10.0 and down.days_to_handle_median == 10.0
    assert down.overdue == 4  # the 4 open issues are past their 30-day due date on as_of
    assert sum(a.reflected for a in down.agencies) == 66
    assert [a.agency for a in down.agencies] == ["Công an quận", "UBND quận"]


def test_follow_ups_read_as_of_a_date() -> None:
    issues = _issues(2, 0, 0)  # reported 4 and 11 Jan 2021, handled 10 days later
    early = follow_up_kpis(issues, as_of=date(2021, 1, 15))
    # VD-00 handled on the 14th; VD-01 only transferred by the 15th.
    assert (early.reflected, early.handled, early.transferred) == (2, 1, 1)
    january = follow_up_kpis(issues, "2021-01")
    assert january.as_of == date(2021, 1, 31) and january.handled == 2
    with pytest.raises(ValueError, match="period or an as_of"):
        follow_up_kpis(issues)


def test_seed_001_dialogues() -> None:
    # 65 dialogues with ward chairs, 4,890 attendees, 498 opinions answered on the spot.
    events = [
        Event(
            id=f"DT-{n}",
            kind="dialogue",
            title="Đối thoại",
            date=date(2015, 1, 1) + timedelta(days=30 * n),
            attendees=76 if n < 15 else 75,
            opinions_raised=10,
            opinions_answered=8 if n < 58 else (5 if n < 64 else 4),
        )
        for n in range(65)
    ]
    totals = event_totals(events)
    dialogues = totals.by_kind[next(iter(totals.by_kind))]
    # attendees: 15 * 76 + 50 * 75 = 4,890; answered: 58 * 8 + 6 * 5 + 4 = 498 of 650 raised.
    assert dialogues.events == 65 and dialogues.attendees == 4890
    assert dialogues.opinions_answered == 498 and dialogues.opinions_raised == 650
    assert format_number(dialogues.attendees) == "4.890"
    assert dialogues.answer_rate_text() == "77%"


def test_event_totals_in_period() -> None:
    events = [
        Event(
            id="E1",
            kind="briefing",
            title="Giao ban",
            date=date(2026, 9, 28),
            attendees=40,
            opinions_raised=10,
            opinions_answered=9,
        ),
        Event(
            id="E2",
            kind="dialogue",
            title="Đối thoại",
            date=date(2026, 9, 5),
            attendees=120,
            opinions_raised=20,
            opinions_answered=15,
        ),
        Event(
            id="E3",
            kind="training",
            title="Tập huấn",
            date=date(2026, 8, 31),
            end_date=date(2026, 9, 1),
            attendees=200,
        ),
    ]
    totals = event_totals(events, "2026-09")
    assert (totals.total.events, totals.total.attendees) == (2, 160)
    assert totals.total.answer_rate() == Decimal(80)  # 24 of 30
    assert [k.value for k in totals.by_kind] == ["briefing", "dialogue"]


def test_tables_and_json() -> None:
    result = synthesize(network(SEPTEMBER), "2026-09", level="commune")
    tables = result.tables()
    assert set(tables) == {"compliance", "currents", "follow_ups", "breakdown"}
    compliance_rows = {row[0]: row for row in tables["compliance"].rows}
    assert compliance_rows["Xã A"][2:6] == ["2", "1", "1", "0"]
    assert tables["currents"].rows[0][5:] == ["3", "3", "x"]
    text = result.model_dump_json()
    assert '"period":"2026-09"' in text and '"hotspots"' in text


def test_reports_not_yet_due_are_pending_not_missing() -> None:
    # On 15 September the deadline (the 20th) is ahead: B2 and B3 have not sent, but may still.
    early = compliance(network(SEPTEMBER), "2026-09", as_of=date(2026, 9, 15)).totals
    assert (early.expected, early.on_time, early.late, early.missing) == (5, 2, 1, 0)
    assert early.pending == 2 and early.settled == 3
    assert early.on_time_share() == Decimal(67)  # 2 of the 3 already due, not 2 of 5
    rows = {row.id: row for row in compliance(network(SEPTEMBER), "2026-09").collaborators}
    assert rows["B3"].missing_periods == ["2026-09"] and rows["A2"].late_periods == ["2026-09"]
    # From the deadline on, they are missing.
    due = compliance(network(SEPTEMBER), "2026-09", as_of=date(2026, 9, 20)).totals
    assert (due.missing, due.pending) == (2, 0)
    ahead = compliance(network(SEPTEMBER), "2026-09", as_of=date(2026, 9, 15)).collaborators
    assert {row.id: row.pending_periods for row in ahead if row.pending} == {
        "B2": ["2026-09"],
        "B3": ["2026-09"],
    }


def test_pending_reaches_the_figures_and_adds_up() -> None:
    synthesis = synthesize(network(SEPTEMBER), "2026-09", as_of=date(2026, 9, 15), level="commune")
    assert synthesis.figures.reports_pending == 2 and synthesis.figures.reports_missing == 0
    by_unit = {row.unit: row.figures.reports_pending for row in synthesis.breakdown}
    assert by_unit == {"A": 0, "B": 2, "C": 0, None: 0}
    assert sum(by_unit.values()) == synthesis.figures.reports_pending


def test_silence_is_not_read_in_a_month_not_yet_due() -> None:
    reports = [
        report("R8", "A1", "2026-08", "2026-08-10"),
        report("R9", "A1", "2026-09", "2026-09-10"),
        report("R10", "A2", "2026-08", "2026-08-10"),
        report("R11", "B1", "2026-09", "2026-09-02"),
    ]
    # On 10 September, September's reports are not yet due (the 20th): the window of silence
    # is August. A2 sent August, so is not silent; B1 sent nothing for August but has sent
    # September early, so is heard.
    early = compliance(network(reports), "2026-09", as_of=date(2026, 9, 10), silent_periods=1)
    assert early.silent == []
    # After the deadline A2 and B3 (appointed on the 16th), silent in September, are proposed.
    after = compliance(network(reports), "2026-09", silent_periods=1)
    assert [s.id for s in after.silent] == ["A2", "B3"]


def test_pending_adds_up_across_parts() -> None:
    from dlxh.aggregate import ComplianceCounts
    from dlxh.aggregate.figures import Figures, rollup

    parts = [Figures(reports_expected=3, reports_pending=2), Figures(reports_pending=1)]
    assert rollup(parts).reports_pending == 3  # what the federation's merge adds up
    counts = ComplianceCounts(expected=2, pending=1) + ComplianceCounts(expected=1, pending=1)
    assert (counts.expected, counts.pending, counts.settled) == (3, 2, 1)
