"""Hypothesis strategies that build valid dlxh models from random data."""

from __future__ import annotations

import datetime as dt
import string
import unicodedata

from hypothesis import strategies as st

from dlxh.models import (
    Audience,
    Breadth,
    Collaborator,
    CollaboratorStatus,
    Contact,
    Dataset,
    Document,
    DocumentType,
    Event,
    EventKind,
    FollowUp,
    Gender,
    Intensity,
    OpinionField,
    OpinionItem,
    OpinionReport,
    Outcome,
    Period,
    Profile,
    ReporterKind,
    SignatureAuthority,
    SourceChannel,
    Survey,
    SurveyMode,
    Tendency,
    Unit,
    UnitLevel,
)

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
ALPHABET = st.sampled_from(VIETNAMESE + VIETNAMESE.upper() + string.digits + " ,.;:-()\"'&<>/")
_ANY_CHAR = st.characters(
    blacklist_categories=("Cc", "Cs", "Cn", "Zl", "Zp"), blacklist_characters="\ufeff\ufffe"
)


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).strip()).strip()


def texts(max_size: int = 40, *, any_unicode: bool = False) -> st.SearchStrategy[str]:
    """Single-line text that is already in dlxh's normal form (NFC, stripped, not empty)."""
    chars = st.one_of(ALPHABET, _ANY_CHAR) if any_unicode else ALPHABET
    return (
        st.text(chars, min_size=1, max_size=max_size)
        .map(_clean)
        .filter(lambda s: bool(s) and _clean(s) == s)
    )


def multiline(max_lines: int = 3) -> st.SearchStrategy[str]:
    return st.lists(texts(), min_size=1, max_size=max_lines).map("\n".join)


codes = st.from_regex(r"[A-ZĐ][A-Z0-9Đ]{1,7}(-[A-Z0-9]{1,4})?", fullmatch=True)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))


@st.composite
def periods(draw: st.DrawFn) -> Period:
    year = draw(st.integers(2000, 2090))
    kind = draw(st.sampled_from(["month", "quarter", "half", "nine", "year", "adhoc"]))
    if kind == "month":
        return Period.month(year, draw(st.integers(1, 12)))
    if kind == "quarter":
        return Period.quarter(year, draw(st.integers(1, 4)))
    if kind == "half":
        return Period.half_year(year, draw(st.integers(1, 2)))
    if kind == "nine":
        return Period.nine_months(year)
    if kind == "year":
        return Period.year_of(year)
    start = draw(dates)
    return Period.ad_hoc(start, start + dt.timedelta(days=draw(st.integers(0, 40))))


def opt(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


phones = st.sampled_from(["+84912345678", "+84983112233", "+842143876543", "+84357000111"])
emails = st.sampled_from(["a.nguyen@example.vn", "ctv01@btgdv.laichau.gov.vn", "x@example.com"])

units = st.builds(
    Unit,
    code=codes,
    name=texts(),
    level=st.sampled_from([UnitLevel.CENTRAL, UnitLevel.SECTOR_BLOC, UnitLevel.PARTY_CELL]),
    parent_name=opt(texts()),
    legacy_district=opt(texts()),
    note=opt(texts(any_unicode=True)),
)

opinion_items = st.builds(
    OpinionItem,
    id=opt(codes),
    title=texts(any_unicode=True),
    content=multiline(),
    field=st.sampled_from(OpinionField),
    tendency=st.sampled_from(Tendency),
    breadth=st.sampled_from(Breadth),
    intensity=st.sampled_from(Intensity),
    hotspot=st.booleans(),
    audiences=st.lists(st.sampled_from(Audience), max_size=3),
    place=opt(texts()),
    channel=st.sampled_from(SourceChannel),
    observed_on=opt(dates),
    forecast=opt(multiline()),
    recommendation=opt(multiline()),
)


@st.composite
def collaborators(draw: st.DrawFn) -> Collaborator:
    appointed = draw(opt(dates))
    status = draw(st.sampled_from(CollaboratorStatus))
    ended = None
    if status is not CollaboratorStatus.ACTIVE and appointed is not None:
        ended = appointed + dt.timedelta(days=draw(st.integers(0, 3000)))
    if status is CollaboratorStatus.REPLACED and ended is None:
        ended = draw(dates)
    birth = None if appointed is None else draw(st.integers(1940, appointed.year - 18))
    return Collaborator(
        id=draw(codes),
        full_name=draw(texts()),
        gender=draw(opt(st.sampled_from(Gender))),
        birth_year=birth,
        unit=draw(codes),
        position=draw(opt(texts())),
        level=draw(st.sampled_from(UnitLevel)),
        fields=draw(st.lists(st.sampled_from(OpinionField), max_size=4, unique=True)),
        contact=Contact(phone=draw(opt(phones)), email=draw(opt(emails))),
        status=status,
        appointed_on=appointed,
        ended_on=ended,
        term=draw(opt(st.sampled_from(["2020-2025", "2025-2030"]))),
    )


@st.composite
def reports(draw: st.DrawFn) -> OpinionReport:
    period = draw(periods())
    submitted = draw(opt(st.integers(0, 90).map(lambda d: period.start + dt.timedelta(days=d))))
    return OpinionReport(
        id=draw(codes),
        period=period,
        reporter={"kind": draw(st.sampled_from(["collaborator", "unit"])), "id": draw(codes)},
        submitted_on=submitted,
        items=draw(st.lists(opinion_items.map(lambda i: i.model_copy(update={"id": None})))),
        summary=draw(opt(multiline())),
        sections=draw(st.lists(st.builds(dict, title=texts(), text=multiline()), max_size=2)),
    )


@st.composite
def follow_ups(draw: st.DrawFn) -> FollowUp:
    reported = draw(dates)
    steps = draw(st.lists(st.tuples(st.sampled_from(Outcome), st.integers(0, 30)), max_size=4))
    history, day = [], reported
    for status, gap in steps:
        day = day + dt.timedelta(days=gap)
        history.append({"status": status, "date": day, "note": draw(opt(texts()))})
    return FollowUp(
        id=draw(codes),
        title=draw(texts(any_unicode=True)),
        field=draw(st.sampled_from(OpinionField)),
        responsible_agency=draw(texts()),
        reported_on=reported,
        due_on=draw(opt(st.integers(0, 60).map(lambda d: reported + dt.timedelta(days=d)))),
        history=history,
        response=draw(opt(multiline())),
    )


@st.composite
def events(draw: st.DrawFn) -> Event:
    raised = draw(st.integers(0, 5000))
    return Event(
        id=draw(codes),
        kind=draw(st.sampled_from(EventKind)),
        title=draw(texts()),
        date=draw(dates),
        attendees=draw(st.integers(0, 100_000)),
        opinions_raised=raised,
        opinions_answered=draw(st.integers(0, raised)),
        place=draw(opt(texts())),
    )


@st.composite
def surveys(draw: st.DrawFn) -> Survey:
    n = draw(st.integers(0, 4))
    questions = [
        {
            "id": f"q{i}",
            "text": draw(multiline()),
            "kind": "single",
            "choices": [{"value": str(v), "label": draw(texts())} for v in range(1, 4)],
        }
        for i in range(n)
    ]
    return Survey(
        id=draw(codes),
        title=draw(texts()),
        modes=draw(st.lists(st.sampled_from(SurveyMode), min_size=1, max_size=3, unique=True)),
        questions=questions,
    )


@st.composite
def blocks(draw: st.DrawFn) -> dict[str, object]:
    kind = draw(st.sampled_from(["paragraph", "runs", "bullets", "table", "image", "break"]))
    if kind == "paragraph":
        return {"type": "paragraph", "text": draw(multiline())}
    if kind == "runs":
        runs = st.builds(dict, text=texts(), bold=st.booleans(), italic=st.booleans())
        return {"type": "paragraph", "runs": draw(st.lists(runs, min_size=1, max_size=3))}
    if kind == "bullets":
        return {"type": "bullets", "items": draw(st.lists(texts(), min_size=1, max_size=3))}
    if kind == "table":
        cols = draw(st.integers(1, 4))
        row = st.lists(texts(10), min_size=cols, max_size=cols)
        return {"type": "table", "header": [draw(row)], "rows": draw(st.lists(row, max_size=3))}
    if kind == "image":
        return {"type": "image", "data": draw(st.binary(min_size=1, max_size=64))}
    return {"type": "page_break"}


@st.composite
def documents(draw: st.DrawFn) -> Document:
    profile = draw(st.sampled_from(Profile))
    allowed = [t for t in DocumentType if _has_code(t, profile)]
    body: list[object] = []
    level = 0
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.booleans()):
            level = draw(st.integers(1, min(level + 1, 4)))
            body.append({"type": "heading", "level": level, "text": draw(texts())})
        else:
            body.append(draw(blocks()))
    authority = st.builds(dict, authority=st.sampled_from(SignatureAuthority), text=texts())
    doc_type = draw(st.sampled_from(allowed))
    meeting = None
    if doc_type in (DocumentType.BIEN_BAN, DocumentType.GIAY_MOI):  # they record or call one
        meeting = {
            "start": draw(texts()),
            "place": draw(texts()),
            "participants": draw(st.lists(texts(), max_size=2)),
            "invitees": draw(st.lists(texts(), min_size=1, max_size=2)),
        }
    return Document(
        profile=profile,
        type=doc_type,
        meeting=meeting,
        issuer={"name": draw(texts()), "code": draw(codes), "parent": draw(opt(texts()))},
        number=draw(opt(st.integers(1, 9999))),
        place=draw(texts()),
        date=draw(dates),
        summary=draw(texts(any_unicode=True)),
        legal_bases=draw(st.lists(texts(), max_size=2)),
        body=body,
        signer={
            "authority": draw(st.lists(authority, max_size=2)),
            "title": draw(opt(texts())),
            "name": draw(texts()),
        },
        recipients=draw(st.lists(texts(), max_size=3)),
    )


def _has_code(doc_type: DocumentType, profile: Profile) -> bool:
    try:
        doc_type.code(profile)
    except ValueError:
        return False
    return True


datasets = st.builds(
    Dataset,
    name=opt(texts()),
    units=st.lists(units, max_size=2, unique_by=lambda u: u.code),
    reports=st.lists(
        reports().map(
            lambda r: r.model_copy(
                update={
                    "reporter": r.reporter.model_copy(update={"kind": ReporterKind.COLLABORATOR})
                }
            )
        ),
        max_size=2,
        unique_by=lambda r: r.id,
    ),
    follow_ups=st.lists(follow_ups(), max_size=2, unique_by=lambda f: f.id),
    events=st.lists(events(), max_size=2, unique_by=lambda e: e.id),
    surveys=st.lists(surveys(), max_size=1),
    documents=st.lists(documents(), max_size=1),
)
"""Datasets without collaborators and with collaborator-sent reports, so random ids resolve."""

ALL_MODELS = {
    "unit": units,
    "collaborator": collaborators(),
    "opinion_item": opinion_items,
    "report": reports(),
    "follow_up": follow_ups(),
    "event": events(),
    "survey": surveys(),
    "document": documents(),
}
