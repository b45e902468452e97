"""Reports, follow-ups, events and surveys: the records of DLXH work."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from dlxh.models import Event, FollowUp, OpinionReport, Outcome, Survey


def report(**changes: object) -> OpinionReport:
    data: dict[str, object] = {
        "id": "BC-1",
        "period": "2026-10",
        "reporter": {"kind": "collaborator", "id": "CTV-001"},
    }
    data.update(changes)
    return OpinionReport.model_validate(data)


def test_report_due_date_defaults_to_the_20th() -> None:
    assert report().due_on == date(2026, 10, 20)
    assert report(period="2026-Q3").due_on == date(2026, 9, 20)
    assert report(period="2026-10-27/2026-10-28").due_on == date(2026, 10, 28)
    assert report(due_on=date(2026, 10, 25)).due_on == date(2026, 10, 25)


def test_report_lateness() -> None:
    assert report(submitted_on=date(2026, 10, 20)).is_on_time()
    late = report(submitted_on=date(2026, 10, 24))
    assert not late.is_on_time() and late.days_late == 4
    missing = report()
    assert not missing.submitted and not missing.is_on_time() and missing.days_late == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"submitted_on": date(2026, 9, 30)}, "submitted_on \\(2026-09-30\\) is before the period"),
        ({"due_on": date(2026, 9, 1)}, "due_on \\(2026-09-01\\) is before the period"),
        ({"period": "2026-13"}, "month must be 1-12"),
        (
            {"items": [{"id": "A", "title": "t", "content": "c", "field": "land"}] * 2},
            "share the same id",
        ),
    ],
)
def test_report_inconsistencies(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        report(**changes)


def test_hotspots() -> None:
    items = [
        {"title": "Sạt lở", "content": "c", "field": "environment", "hotspot": True},
        {"title": "Giá điện", "content": "c", "field": "economy"},
    ]
    assert [i.title for i in report(items=items).hotspots] == ["Sạt lở"]


def follow_up(**changes: object) -> FollowUp:
    data: dict[str, object] = {
        "id": "VD-1",
        "title": "Sạt lở bản Pa So",
        "responsible_agency": "UBND xã Phong Thổ",
        "reported_on": date(2026, 10, 12),
        "due_on": date(2026, 10, 31),
    }
    data.update(changes)
    return FollowUp.model_validate(data)


def test_follow_up_status_comes_from_history() -> None:
    issue = follow_up()
    assert issue.status is Outcome.NEW and not issue.handled
    assert not issue.is_overdue(date(2026, 10, 31))
    assert issue.is_overdue(date(2026, 11, 1))
    issue.record(Outcome.VERIFYING, date(2026, 10, 15))
    issue.record(Outcome.ANSWERED, date(2026, 11, 2), "Đã trả lời")
    assert issue.status is Outcome.ANSWERED and issue.handled
    assert not issue.is_overdue(date(2026, 12, 1))
    assert issue.handled_on == date(2026, 11, 2)
    assert issue.days_to_handle() == 21


def test_follow_up_history_must_be_in_order() -> None:
    with pytest.raises(ValidationError, match="history\\[1\\] is dated 2026-10-13"):
        follow_up(
            history=[
                {"status": "verifying", "date": date(2026, 10, 14)},
                {"status": "resolved", "date": date(2026, 10, 13)},
            ]
        )
    with pytest.raises(ValidationError, match="before the previous step"):
        follow_up(history=[{"status": "resolved", "date": date(2026, 10, 1)}])
    issue = follow_up()
    with pytest.raises(ValidationError):
        issue.record(Outcome.RESOLVED, date(2020, 1, 1))
    assert issue.history == []


def test_handled_outcomes() -> None:
    handled = {o for o in Outcome if o.handled}
    assert handled == {Outcome.RESOLVED, Outcome.ANSWERED, Outcome.ORIENTED}


def test_event_counts_are_strict_and_consistent() -> None:
    base = {"id": "E1", "kind": "dialogue", "title": "Đối thoại", "date": date(2023, 12, 27)}
    event = Event.model_validate({**base, "attendees": 4890, "opinions_raised": 498})
    assert event.kind.label == "hội nghị đối thoại"
    with pytest.raises(ValidationError, match="exceeds opinions_raised"):
        Event.model_validate({**base, "opinions_raised": 3, "opinions_answered": 4})
    assert Event.model_validate({**base, "attendees": "045"}).attendees == 45
    for bad in ("12.5", 12.5, -1, True, "mười"):
        with pytest.raises(ValidationError):
            Event.model_validate({**base, "attendees": bad})


def test_survey_questions() -> None:
    survey = Survey.model_validate(
        {
            "id": "DT1",
            "title": "Khảo sát",
            "modes": ["online", "qua điện thoại"],
            "questions": [
                {
                    "id": "q1",
                    "text": "Hài lòng?",
                    "choices": [{"value": "1", "label": "Có"}, {"value": "2", "label": "Không"}],
                },
                {"id": "q2", "text": "Ý kiến khác", "kind": "text"},
            ],
        }
    )
    assert survey.question("q2").kind.label == "trả lời tự do"
    with pytest.raises(KeyError, match="q9"):
        survey.question("q9")
    bad = survey.model_dump()
    bad["questions"][1]["id"] = "q1"
    with pytest.raises(ValidationError, match="repeated: q1"):
        Survey.model_validate(bad)
    with pytest.raises(ValidationError, match="needs at least two choices"):
        Survey.model_validate({"id": "D", "title": "t", "questions": [{"id": "q", "text": "?"}]})
    with pytest.raises(ValidationError, match="ends_on"):
        Survey.model_validate(
            {"id": "D", "title": "t", "starts_on": date(2026, 2, 1), "ends_on": date(2026, 1, 1)}
        )


@pytest.mark.parametrize(
    "text", ["ngày 05 tháng 01 năm 2026", "05/01/2026", "05.01.2026", "5-1-2026"]
)
def test_nfd_vietnamese_date_text_is_accepted(text: str) -> None:
    import unicodedata

    for form in ("NFC", "NFD"):
        given = unicodedata.normalize(form, text)
        assert report(period="2026-01", submitted_on=given).submitted_on == date(2026, 1, 5)
    with pytest.raises(ValidationError, match="not a real date"):
        report(submitted_on=unicodedata.normalize("NFD", "ngày 30 tháng 02 năm 2026"))
