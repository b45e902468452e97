"""Versioned profiles: ``dang@2018`` (HD 36) and ``dang@2026`` (HD 05), picked by the date.

The same document is rendered on both sides of 27/5/2026 and the differences HD 05 brought are
asserted, with what did not change; versions can be forced; a house style that extends ``dang``
follows the date; the checker picks the version from the checked file's date line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from dlxh import NotFoundError
from dlxh.check import check
from dlxh.models import Document
from dlxh.profiles import available_versions, get_profile, load_profile, profile_on
from dlxh.render import render_document
from docx_inspect import all_paragraphs, effective, open_docx

BEFORE = dt.date(2026, 5, 26)
FROM = dt.date(2026, 5, 27)


def _document(day: dt.date, **changes: Any) -> Document:
    data: dict[str, Any] = {
        "profile": "dang",
        "type": "to_trinh",
        "number": 3,
        "issuer": {
            "parent": "TỈNH ỦY LAI CHÂU",
            "name": "BAN TUYÊN GIÁO VÀ DÂN VẬN",
            "code": "BTGDVTU",
        },
        "place": "Lai Châu",
        "date": day.isoformat(),
        "summary": "về việc ban hành quy chế cộng tác viên dư luận xã hội",
        "legal_bases": ["Căn cứ Điều lệ Đảng", "Căn cứ Quy chế làm việc của Tỉnh ủy"],
        "addressees": ["Ban Thường vụ Tỉnh ủy"],
        "body": [
            {
                "type": "paragraph",
                "text": "Sau khi sắp xếp đơn vị hành chính cấp xã, đội ngũ cộng tác viên dư luận "
                "xã hội có nhiều thay đổi; quy chế hiện hành chưa quy định rõ chế độ báo cáo.",
            },
            {"type": "paragraph", "text": "Ban kính trình Ban Thường vụ xem xét, quyết định."},
        ],
        "signer": {
            "authority": [{"authority": "q", "text": "Trưởng Ban"}],
            "name": "Nguyễn Văn An",
        },
        "recipients": ["Như trên", "Thường trực Tỉnh ủy"],
        "archive": "Văn phòng Ban",
    }
    return Document.model_validate({**data, **changes})


def _texts(data: bytes) -> list[str]:
    return [p.text for p in all_paragraphs(open_docx(data))]


def _paragraph(data: bytes, start: str) -> Any:
    document = open_docx(data)
    return document, next(p for p in all_paragraphs(document) if p.text.startswith(start))


def test_versions_by_date_forced_and_listed() -> None:
    assert available_versions() == ["nha-nuoc@2020.1", "dang@2018", "dang@2026"]
    assert get_profile("dang", on=BEFORE).ref == "dang@2018"
    assert get_profile("dang", on=FROM).ref == "dang@2026"
    assert get_profile("dang").ref == "dang@2026"  # no date: the newest
    assert get_profile("dang", on=dt.date(2015, 1, 1)).ref == "dang@2018"  # before all: oldest
    assert get_profile("dang@2018", on=FROM).ref == "dang@2018"  # a pinned version stays
    assert get_profile("nha-nuoc@2020").ref == get_profile("nha-nuoc").ref == "nha-nuoc@2020.1"
    old, new = get_profile("dang@2018"), get_profile("dang@2026")
    assert (old.in_force_until, new.in_force_from) == (BEFORE, FROM)
    with pytest.raises(NotFoundError, match=r"versions: dang@2018 \(from 2018-04-03 until"):
        get_profile("dang@2020")
    with pytest.raises(NotFoundError, match=r"available: nha-nuoc, dang \(dang@2018, dang@2026\)"):
        get_profile("dang-moi")


def test_hd05_rules_are_sourced_from_the_guide_copy() -> None:
    new = get_profile("dang@2026")
    assert "newstar94/Chuan-Hoa" in new.source
    assert new.rule("recipients.separator").confirmed and new.text("recipients.separator") == ";"
    assert new.rule("body.line_spacing_exact_pt").describe_range() == "18-22 pt"
    assert not new.rule("legal_basis.italic").confirmed  # upright is an inference
    assert not get_profile("dang@2018").rule("recipients.separator").confirmed


def test_same_document_on_both_sides_of_the_date() -> None:
    old = render_document(_document(BEFORE))
    new = render_document(_document(FROM))
    old_texts, new_texts = _texts(old), _texts(new)
    # recipients: "," under HD 36, ";" under HD 05; the archive line is the same
    assert "- Thường trực Tỉnh ủy," in old_texts and "- Thường trực Tỉnh ủy;" in new_texts
    assert "- Lưu Văn phòng Ban." in old_texts and "- Lưu Văn phòng Ban." in new_texts
    # legal bases: upright after "- " in both, ";" then "." at the last
    for rendered, texts in ((old, old_texts), (new, new_texts)):
        doc, basis = _paragraph(rendered, "- Căn cứ Điều lệ Đảng")
        assert basis.text == "- Căn cứ Điều lệ Đảng;"
        assert not effective(doc, basis, basis.runs[0], "italic")
        assert "- Căn cứ Quy chế làm việc của Tỉnh ủy." in texts
    # line spacing: a multiple, then exactly 18 pt
    old_body = open_docx(old).styles["DLXH Body"].paragraph_format
    new_body = open_docx(new).styles["DLXH Body"].paragraph_format
    assert old_body.line_spacing == pytest.approx(1.15)
    assert new_body.line_spacing.pt == pytest.approx(18) and new_body.line_spacing_rule == 4
    # a tờ trình is addressed "Kính gửi:" under HD 36, "Kính trình:" under HD 05, label italic
    assert "Kính gửi: Ban Thường vụ Tỉnh ủy." in old_texts
    doc, addressee = _paragraph(new, "Kính trình:")
    assert addressee.text == "Kính trình: Ban Thường vụ Tỉnh ủy."
    label, names = addressee.runs[0], addressee.runs[1]
    assert label.text == "Kính trình:" and effective(doc, addressee, label, "italic")
    assert not effective(doc, addressee, names, "italic")
    # "Q." is a signature authority in both
    assert "Q. TRƯỞNG BAN" in old_texts and "Q. TRƯỞNG BAN" in new_texts
    # what did not change stays the same: header, number, date line, title, summary, signer
    unchanged = [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN",
        "*",
        "Số 03-TTr/BTGDVTU",
        "TỜ TRÌNH",
        "-----",
        "Nơi nhận:",
        "Nguyễn Văn An",
    ]
    for text in unchanged:
        assert text in old_texts and text in new_texts, text
    assert open_docx(old).sections[0].left_margin == open_docx(new).sections[0].left_margin


def test_quy_dinh_code_changes_with_the_guide() -> None:
    changes = {"type": "quy_dinh", "addressees": [], "number": 12}
    old = _texts(render_document(_document(BEFORE, **changes)))
    new = _texts(render_document(_document(FROM, **changes)))
    assert "Số 12-QĐi/BTGDVTU" in old and "Số 12-QĐ/BTGDVTU" in new


def test_party_letter_summary_has_no_vv_in_both_versions() -> None:
    changes = {"type": "cong_van", "summary": "về việc chuẩn bị hội nghị", "legal_bases": []}
    for day in (BEFORE, FROM):
        data = render_document(_document(day, **changes))
        doc, subject = _paragraph(data, "về việc chuẩn bị hội nghị")
        assert subject.text == "về việc chuẩn bị hội nghị"  # as written: no "V/v", no recasing
        assert effective(doc, subject, subject.runs[0], "italic")
        assert subject.runs[0].font.size is None or subject.runs[0].font.size.pt == 12
        doc, addressee = _paragraph(data, "Kính gửi:")
        assert effective(doc, addressee, addressee.runs[0], "italic")


def test_a_version_can_be_forced() -> None:
    document = _document(FROM)
    forced = _texts(render_document(document, profile="dang@2018"))
    assert "- Thường trực Tỉnh ủy," in forced and "Kính gửi: Ban Thường vụ Tỉnh ủy." in forced
    chosen = _texts(render_document(_document(BEFORE), profile="dang@2026"))
    assert "- Thường trực Tỉnh ủy;" in chosen


def _house_style(tmp_path: Path, extends: str) -> Path:
    file = tmp_path / f"house-{extends.replace('@', '-')}.yaml"
    file.write_text(
        f"name: lai-chau-test\nversion: '2026.1'\ntitle: Văn phong thử\nextends: {extends}\n"
        "source: Quy định nội bộ\nrules:\n  body.first_line_indent_mm: {default: 12.7}\n",
        encoding="utf-8",
    )
    return file


def test_house_style_extending_dang_follows_the_date(tmp_path: Path) -> None:
    following = load_profile(_house_style(tmp_path, "dang"))
    assert following.follows_date and following.extends == "dang@2026"
    early = profile_on(following, BEFORE)
    assert early.extends == "dang@2018" and early.text("recipients.separator") == ","
    assert early.number("body.first_line_indent_mm") == 12.7  # its own rule stays
    old = _texts(render_document(_document(BEFORE), profile=following))
    new = _texts(render_document(_document(FROM), profile=following))
    assert "- Thường trực Tỉnh ủy," in old and "- Thường trực Tỉnh ủy;" in new
    pinned = load_profile(_house_style(tmp_path, "dang@2018"))
    assert not pinned.follows_date and profile_on(pinned, FROM) is pinned
    assert "- Thường trực Tỉnh ủy," in _texts(render_document(_document(FROM), profile=pinned))


def test_check_picks_the_version_from_the_date_line() -> None:
    for day, version in ((BEFORE, "2018"), (FROM, "2026")):
        report = check(render_document(_document(day)))
        assert (report.profile, report.profile_version) == ("dang", version)
        assert f"version dang@{version}" in report.detection
        assert report.findings == [], [str(f) for f in report.findings]
        given = check(render_document(_document(day)), "dang")
        assert given.profile_version == version and given.findings == []
    wrong = check(render_document(_document(FROM)), "dang@2018")
    assert wrong.profile_version == "2018"
    assert "recipients.separator" in {f.rule for f in wrong.findings}  # unconfirmed: a warning
    early = {f.rule for f in check(render_document(_document(BEFORE)), "dang@2026").errors()}
    assert {"recipients.separator", "body.line_spacing_exact_pt"} <= early


def test_check_reads_the_type_code_of_the_version() -> None:
    changes = {"type": "quy_dinh", "addressees": [], "number": 12}
    old = render_document(_document(BEFORE, **changes))  # "Số 12-QĐi/BTGDVTU"
    assert check(old).findings == []
    late = check(old, "dang@2026")  # HD 05 numbers a quy định "QĐ"
    [finding] = [f for f in late.findings if f.rule == "number.type_codes"]
    assert (finding.found, finding.expected, finding.severity) == ("QĐi", "QĐ", "error")
    assert check(render_document(_document(FROM, **changes))).findings == []
