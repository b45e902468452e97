"""The collaborators' deadline is a setting of the network (``settings:`` in a dataset)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import dlxh
from dlxh.aggregate import compliance, synthesize
from dlxh.models import Dataset, NetworkSettings, OpinionReport

UNITS = [
    {"code": "P", "name": "Tỉnh ủy", "level": "province"},
    {"code": "A", "name": "Xã A", "level": "commune", "parent": "P"},
]
PEOPLE = [
    {"id": f"A{n}", "full_name": f"Người A{n}", "unit": "A", "level": "commune"} for n in (1, 2, 3)
]


def _report(ident: str, who: str, submitted: str | None, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": ident,
        "period": "2026-10",
        "reporter": {"kind": "collaborator", "id": who},
        **extra,
    }
    if submitted is not None:
        data["submitted_on"] = submitted
    return data


REPORTS = [
    _report("R1", "A1", "2026-10-23"),  # late under the 20th, on time under the 25th
    _report("R2", "A2", "2026-10-23", due_on="2026-10-20"),  # its own due date: late
]


def _write(folder: Path, name: str, data: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _folder(tmp_path: Path, settings: dict[str, Any] | None) -> Path:
    folder = tmp_path / "network"
    _write(folder, "00-units.json", {"units": UNITS, "collaborators": PEOPLE})
    _write(folder, "20-reports.json", {"reports": REPORTS})
    if settings is not None:
        _write(folder, "90-settings.json", {"settings": settings})
    return folder


def test_due_day_is_a_setting(tmp_path: Path) -> None:
    default = dlxh.load_dataset(_folder(tmp_path / "a", None))
    assert default.settings == NetworkSettings() and default.settings.report_due_day == 20
    assert compliance(default, "2026-10").totals.late == 2

    data = dlxh.load_dataset(_folder(tmp_path / "b", {"report_due_day": 25}))
    r1, r2 = data.reports
    assert (r1.due_on, r1.due_given, r1.is_on_time()) == (date(2026, 10, 25), False, True)
    assert (r2.due_on, r2.due_given, r2.days_late) == (date(2026, 10, 20), True, 3)
    counts = compliance(data, "2026-10").totals
    # A1 on time (the 25th), A2 late (its own due date), A3 sent nothing: missing.
    assert (counts.on_time, counts.late, counts.missing, counts.days_late) == (1, 1, 1, 3)


def test_the_setting_decides_what_is_not_yet_due() -> None:
    data = Dataset(
        units=UNITS, collaborators=PEOPLE, reports=REPORTS, settings={"report_due_day": 25}
    )
    counts = compliance(data, "2026-10", as_of=date(2026, 10, 22)).totals
    assert (counts.pending, counts.missing) == (1, 0)  # A3's report is due on the 25th
    counts = compliance(data, "2026-10", as_of=date(2026, 10, 26)).totals
    assert (counts.pending, counts.missing) == (0, 1)


def test_settings_apply_to_reports_built_in_python_without_changing_them() -> None:
    mine = OpinionReport.model_validate(_report("R1", "A1", "2026-10-23"))
    data = Dataset(reports=[mine], settings=NetworkSettings(report_due_day=25))
    assert data.reports[0].due_on == date(2026, 10, 25) and not data.reports[0].due_given
    assert mine.due_on == date(2026, 10, 20)  # the caller's object is left as it was
    again = Dataset(reports=data.reports)  # another network: its own deadline again
    assert again.reports[0].due_on == date(2026, 10, 20)


def test_settings_reach_json_lines_reports(tmp_path: Path) -> None:
    folder = tmp_path / "lines"
    _write(folder, "00-settings.json", {"settings": {"report_due_day": 27}})
    (folder / "20-reports.jsonl").write_text(
        json.dumps({"id": "R1", "period": "2026-11", "reporter": {"kind": "unit", "id": "A"}})
        + "\n",
        encoding="utf-8",
    )
    assert dlxh.load_dataset(folder).reports[0].due_on == date(2026, 11, 27)


def test_synthesis_figures_follow_the_setting() -> None:
    data = Dataset(
        units=UNITS, collaborators=PEOPLE, reports=REPORTS, settings={"report_due_day": 25}
    )
    synthesis = synthesize(data, "2026-10", as_of=date(2026, 10, 31))
    assert (synthesis.figures.reports_on_time, synthesis.figures.reports_late) == (1, 1)
    assert synthesis.compliance.due_day == 25


def test_two_different_settings_are_an_error(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"report_due_day": 25})
    _write(folder, "95-more.json", {"settings": {"report_due_day": 22}})
    with pytest.raises(dlxh.DataValidationError) as caught:
        dlxh.load_dataset(folder)
    message = str(caught.value)
    assert "95-more.json: settings: differs from the settings given in" in message
    assert "90-settings.json" in message


def test_the_same_settings_in_two_files_are_fine(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"report_due_day": 25})
    _write(folder, "95-more.json", {"settings": {"report_due_day": 25}})
    assert dlxh.load_dataset(folder).settings.report_due_day == 25


@pytest.mark.parametrize("bad", [0, 32, "hai mươi", True, 20.5])
def test_a_bad_due_day_is_refused_naming_the_field(bad: object) -> None:
    with pytest.raises(dlxh.DataValidationError, match=r"settings\.report_due_day"):
        dlxh.validate(Dataset, {"settings": {"report_due_day": bad}})


def test_an_unknown_setting_is_refused() -> None:
    with pytest.raises(dlxh.DataValidationError, match=r"settings\.report_due_dya"):
        dlxh.validate(Dataset, {"settings": {"report_due_dya": 25}})


def test_merge_keeps_the_settings_and_what_the_data_did_not_give() -> None:
    plain = Dataset(units=UNITS, collaborators=PEOPLE, reports=REPORTS)
    rules = Dataset(settings={"report_due_day": 25})
    for merged in (plain.merge(rules), rules.merge(plain)):
        assert merged.settings.report_due_day == 25
        r1, r2 = merged.reports
        assert (r1.due_on, r1.due_given) == (date(2026, 10, 25), False)
        assert (r2.due_on, r2.due_given) == (date(2026, 10, 20), True)
    assert plain.merge(Dataset()).settings == NetworkSettings()
    same = Dataset(settings={"report_due_day": 25})
    assert rules.merge(same).settings.report_due_day == 25
    with pytest.raises(dlxh.DataValidationError, match="settings: the two datasets' settings"):
        rules.merge(Dataset(settings={"report_due_day": 22}))
