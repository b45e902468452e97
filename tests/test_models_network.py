"""Units and collaborators."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from dlxh.models import Collaborator, CollaboratorStatus, Unit, UnitLevel


def collaborator(**changes: object) -> Collaborator:
    data: dict[str, object] = {
        "id": "CTV-001",
        "full_name": "Lò Văn Thành",
        "unit": "DU-PHONGTHO",
        "level": "commune",
        "birth_year": 1978,
        "appointed_on": date(2025, 7, 15),
    }
    data.update(changes)
    return Collaborator.model_validate(data)


def test_unit_admin_code_is_checked_against_official_list() -> None:
    province = Unit(code="TU", name="Tỉnh ủy Lai Châu", level=UnitLevel.PROVINCE, admin_code=12)
    admin = province.admin_unit()
    assert admin is not None and admin.name == "Lai Châu"
    commune = Unit(code="DU", name="Đảng ủy xã Phong Thổ", level="commune", admin_code=3549)
    admin = commune.admin_unit()
    assert admin is not None and admin.name == "Xã Phong Thổ" and admin.province_code == 12
    with pytest.raises(ValidationError, match="admin_code 99 is not a province code"):
        Unit(code="X", name="Tỉnh X", level="province", admin_code=99)
    with pytest.raises(ValidationError, match="admin_code 12 is not a commune code"):
        Unit(code="X", name="Xã X", level="commune", admin_code=12)


def test_unit_rejects_self_parent_and_legacy_district_on_province() -> None:
    with pytest.raises(ValidationError, match="own parent"):
        Unit(code="A", name="A", level="agency", parent="A")
    with pytest.raises(ValidationError, match="legacy_district"):
        Unit(code="A", name="A", level="province", legacy_district="Huyện Phong Thổ")


def test_unit_issuer_prints_names_upper_case() -> None:
    unit = Unit(
        code="BTGDVTU",
        name="Ban Tuyên giáo và Dân vận",
        level="province",
        parent_name="Tỉnh ủy Lai Châu",
    )
    issuer = unit.issuer()
    assert (issuer.parent, issuer.name, issuer.code) == (
        "TỈNH ỦY LAI CHÂU",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN",
        "BTGDVTU",
    )


def test_unit_code_accepts_vietnamese_letters_but_not_spaces_or_slashes() -> None:
    assert Unit(code="ĐUK", name="Đảng ủy Khối", level="sector_bloc").code == "ĐUK"
    for bad in ("BTG TU", "BTG/TU"):
        with pytest.raises(ValidationError, match="pattern"):
            Unit(code=bad, name="x", level="agency")


@pytest.mark.parametrize(
    ("given", "stored", "national"),
    [
        ("0912 345 678", "+84912345678", "0912 345 678"),
        ("+84 983 112 233", "+84983112233", "0983 112 233"),
        ("0214 3876 543", "+842143876543", "0214 3876 543"),
    ],
)
def test_phone_numbers_are_validated_and_normalised(given: str, stored: str, national: str) -> None:
    person = collaborator(contact={"phone": given})
    assert person.contact.phone == stored
    assert person.contact.phone_national == national


@pytest.mark.parametrize("bad", ["12345", "0912 345", "not a phone"])
def test_bad_phone_numbers_are_rejected(bad: str) -> None:
    with pytest.raises(ValidationError) as info:
        collaborator(contact={"phone": bad})
    assert info.value.errors()[0]["loc"] == ("contact", "phone")
    assert "invalid phone number" in str(info.value)


def test_bad_email_is_rejected() -> None:
    with pytest.raises(ValidationError) as info:
        collaborator(contact={"email": "thanh@@example"})
    assert info.value.errors()[0]["loc"] == ("contact", "email")


def test_term_is_normalised() -> None:
    assert collaborator(term="2020 – 2025").term == "2020-2025"
    with pytest.raises(ValidationError, match="invalid term"):
        collaborator(term="2025-2020")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ended_on": date(2025, 1, 1), "status": "inactive"}, "before appointed_on"),
        ({"status": "replaced"}, "needs ended_on"),
        ({"ended_on": date(2026, 1, 1)}, "active collaborator cannot have ended_on"),
        ({"replaced_by": "CTV-009"}, "status is not 'replaced'"),
        ({"birth_year": 2015}, "at least 18"),
        ({"fields": ["land", "đất đai"]}, "same field twice"),
        ({"birth_year": "năm 1978"}, "valid integer"),
        ({"birth_year": 1978.5}, "valid integer"),
    ],
)
def test_inconsistent_collaborators_are_rejected(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        collaborator(**changes)


def test_collaborator_activity_window() -> None:
    person = collaborator(status="replaced", ended_on=date(2026, 6, 30), replaced_by="CTV-007")
    assert person.status is CollaboratorStatus.REPLACED
    assert person.is_active_on(date(2026, 6, 30))
    assert not person.is_active_on(date(2026, 7, 1))
    assert not person.is_active_on(date(2025, 7, 14))


def test_merge_raises_dlxh_error_naming_the_object() -> None:
    from dlxh.errors import DataValidationError, DlxhError
    from dlxh.models import Dataset

    first = Dataset(units=[{"code": "U1", "name": "Xã Một", "level": "commune"}])
    second = Dataset(units=[{"code": "U1", "name": "Xã Khác", "level": "commune"}])
    with pytest.raises(DataValidationError) as info:
        first.merge(second)
    assert isinstance(info.value, DlxhError)
    assert "units.1.code: unit code 'U1' is used more than once" in str(info.value)
    assert "Dataset.merge" in str(info.value)

    # References are checked across the two; what merges cleanly keeps both lists.
    def staff(unit: str) -> Dataset:
        person = {"id": "C1", "full_name": "Lò Văn Một", "unit": unit, "level": "commune"}
        return Dataset(collaborators=[person])

    with pytest.raises(DataValidationError, match=r"collaborators\.0\.unit: unit 'U9' is not in"):
        first.merge(staff("U9"))
    merged = first.merge(staff("U1"))
    assert [u.code for u in merged.units] == ["U1"] and merged.collaborators[0].unit == "U1"
