"""Tests for dlxh.vn.admin: provinces and communes after the July 2025 reform."""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest

from dlxh.errors import DlxhError
from dlxh.vn import (
    DATA_VERSION,
    AdminUnit,
    AdminUnitLookupError,
    AdminUnitNotFoundError,
    AmbiguousAdminUnitError,
    communes_of,
    find_communes,
    find_provinces,
    get_commune,
    get_province,
    is_valid_code,
)

HA_NOI = AdminUnit(1, "Thành phố Hà Nội", "thành phố trung ương", 1, "province")
BA_DINH = AdminUnit(4, "Phường Ba Đình", "phường", 1, "commune")
# "Xã Tân Thành" exists in these provinces: Thái Nguyên, Lạng Sơn, Thanh Hóa, Quảng Trị,
# Lâm Đồng, Tây Ninh, Đồng Tháp.
TAN_THANH_PROVINCES = {19, 20, 38, 44, 68, 80, 82}


def test_data_version() -> None:
    assert DATA_VERSION == "2025-10-18"


def test_counts_match_the_reform() -> None:
    all_provinces = [
        get_province(code) for code in range(1, 100) if is_valid_code(code, "province")
    ]
    assert len(all_provinces) == 34
    assert sum(len(communes_of(p)) for p in all_provinces) == 3321
    assert sum(1 for p in all_provinces if p.kind == "thành phố trung ương") == 6


@pytest.mark.parametrize(
    "query",
    [
        1,
        "1",
        "01",
        " 01 ",
        "Hà Nội",
        "Thành phố Hà Nội",
        "thành phố hà nội",
        "HÀ NỘI",
        "TP. Hà Nội",
        "TP Hà Nội",
        "TP.Hà Nội",
        "ha noi",
        "  Hà   Nội ",
        unicodedata.normalize("NFD", "Hà Nội"),
    ],
)
def test_get_province_by_code_or_name(query: str | int) -> None:
    assert get_province(query) == HA_NOI


@pytest.mark.parametrize(
    ("query", "code", "name"),
    [
        ("Lào Cai", 15, "Lào Cai"),
        ("Tỉnh Lào Cai", 15, "Lào Cai"),
        ("Khánh Hoà", 56, "Khánh Hòa"),  # new-style tone placement finds the old-style name
        ("khanh hoa", 56, "Khánh Hòa"),
        ("Thanh Hoá", 38, "Thanh Hóa"),
        ("Huế", 46, "Thành phố Huế"),
        ("Hồ Chí Minh", 79, "Thành phố Hồ Chí Minh"),
        ("Đắk Lắk", 66, "Đắk Lắk"),
        ("Cà Mau", 96, "Cà Mau"),
    ],
)
def test_get_province_names(query: str, code: int, name: str) -> None:
    unit = get_province(query)
    assert (unit.code, unit.name, unit.level) == (code, name, "province")
    assert unit.province_code == code


def test_province_names_and_prefixes() -> None:
    lao_cai = get_province(15)
    assert lao_cai.kind == "tỉnh"
    assert lao_cai.short_name == "Lào Cai"
    assert lao_cai.full_name == "Tỉnh Lào Cai"
    assert HA_NOI.short_name == "Hà Nội"
    assert HA_NOI.full_name == "Thành phố Hà Nội"


def test_admin_unit_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        HA_NOI.name = "Hà Nội"  # type: ignore[misc]


@pytest.mark.parametrize("query", ["Thừa Thiên Huế", "Hà Tây", 99, "99", 0])
def test_get_province_not_found(query: str | int) -> None:
    with pytest.raises(AdminUnitNotFoundError, match="no province") as info:
        get_province(query)
    assert isinstance(info.value, LookupError)
    assert isinstance(info.value, DlxhError)
    assert info.value.level == "province"


def test_get_province_suggests_close_names() -> None:
    with pytest.raises(AdminUnitNotFoundError, match="did you mean: Thành phố Hà Nội") as info:
        get_province("Ha Noii")
    assert info.value.suggestions == ["Thành phố Hà Nội"]
    assert info.value.query == "Ha Noii"


@pytest.mark.parametrize("bad", ["", "   "])
def test_get_province_rejects_empty(bad: str) -> None:
    with pytest.raises(ValueError, match="empty"):
        get_province(bad)


def test_get_province_rejects_bool() -> None:
    with pytest.raises(TypeError):
        get_province(True)


@pytest.mark.parametrize(
    ("query", "province"),
    [
        (4, None),
        ("4", None),
        ("00004", None),
        ("Phường Ba Đình", None),
        ("phường ba đình", None),
        ("P. Ba Đình", None),
        ("Phuong Ba Dinh", None),
        ("ba đình", "Hà Nội"),
        ("Ba Đình", 1),
        ("ba dinh", "01"),
        ("Ba Đình", HA_NOI),
        (4, "Thành phố Hà Nội"),
    ],
)
def test_get_commune(query: str | int, province: str | int | AdminUnit | None) -> None:
    assert get_commune(query, province) == BA_DINH


@pytest.mark.parametrize(
    ("query", "code", "name", "kind", "province_code"),
    [
        ("Tu Mơ Rông", 23425, "Xã Tu Mơ Rông", "xã", 51),
        ("Xã Tu Mơ Rông", 23425, "Xã Tu Mơ Rông", "xã", 51),
        ("phu quoc", 31078, "Đặc khu Phú Quốc", "đặc khu", 91),
        ("Đặc khu Phú Quốc", 31078, "Đặc khu Phú Quốc", "đặc khu", 91),
        ("Xã Đàm Thủy", None, "Xã Đàm Thuỷ", "xã", None),  # old-style spelling finds new-style
        ("Phường Thành Nhất", 24154, "Phường Thành Nhất", "phường", 66),  # data has two spaces
    ],
)
def test_get_commune_names(
    query: str, code: int | None, name: str, kind: str, province_code: int | None
) -> None:
    unit = get_commune(query)
    assert (unit.name, unit.kind, unit.level) == (name, kind, "commune")
    if code is not None:
        assert unit.code == code
    if province_code is not None:
        assert unit.province_code == province_code


def test_commune_short_and_full_name() -> None:
    assert BA_DINH.short_name == "Ba Đình"
    assert BA_DINH.full_name == "Phường Ba Đình"
    assert get_commune("Phú Quốc").short_name == "Phú Quốc"


def test_ambiguous_commune_lists_the_provinces() -> None:
    with pytest.raises(AmbiguousAdminUnitError, match="pass province=") as info:
        get_commune("Xã Tân Thành")
    error = info.value
    assert isinstance(error, LookupError)
    assert isinstance(error, AdminUnitLookupError)
    assert {u.province_code for u in error.candidates} == TAN_THANH_PROVINCES
    for province in ("Thái Nguyên", "Lạng Sơn", "Thanh Hóa", "Đồng Tháp"):
        assert province in str(error)


def test_ambiguous_short_name_across_kinds() -> None:
    # "Ba Đình" is a ward of Hà Nội and a commune of Thanh Hóa.
    with pytest.raises(AmbiguousAdminUnitError, match="Thanh Hóa") as info:
        get_commune("ba đình")
    assert {u.code for u in info.value.candidates} == {4, 16171}
    assert get_commune("Xã Ba Đình").code == 16171


def test_query_without_diacritics_matches_every_spelling() -> None:
    # "ba dinh" could be Ba Đình (Hà Nội, Thanh Hóa) or Ba Dinh (Quảng Ngãi).
    with pytest.raises(AmbiguousAdminUnitError) as info:
        get_commune("ba dinh")
    assert {u.name for u in info.value.candidates} == {
        "Phường Ba Đình",
        "Xã Ba Đình",
        "Xã Ba Dinh",
    }
    # A query with any diacritic ("Xã") is matched exactly, so "Dinh" means Dinh.
    assert get_commune("Xã Ba Dinh").name == "Xã Ba Dinh"
    assert get_commune("Ba Dinh", province="Quảng Ngãi").name == "Xã Ba Dinh"


def test_ambiguous_name_resolved_by_province() -> None:
    unit = get_commune("Xã Tân Thành", province="Lạng Sơn")
    assert (unit.name, unit.province_code) == ("Xã Tân Thành", 20)


def test_commune_not_found() -> None:
    with pytest.raises(AdminUnitNotFoundError, match="no commune named 'Ba Đình' in Lào Cai"):
        get_commune("Ba Đình", province="Lào Cai")
    with pytest.raises(AdminUnitNotFoundError, match="no commune has code 99999"):
        get_commune(99999)
    with pytest.raises(AdminUnitNotFoundError, match=r"commune 4 \(Phường Ba Đình\) is in"):
        get_commune(4, province="Lào Cai")
    with pytest.raises(AdminUnitNotFoundError, match="no province"):
        get_commune("Ba Đình", province="Hà Tây")


def test_commune_not_found_suggests() -> None:
    with pytest.raises(AdminUnitNotFoundError, match="did you mean: Phường Ba Đình"):
        get_commune("Ba Dinhh", province="Hà Nội")


def test_communes_of() -> None:
    units = communes_of("Hà Nội")
    assert len(units) == 126
    assert [u.code for u in units] == sorted(u.code for u in units)
    assert BA_DINH in units
    assert all(u.province_code == 1 and u.level == "commune" for u in units)
    assert communes_of(1) == communes_of(HA_NOI) == units
    with pytest.raises(ValueError, match="is a commune"):
        communes_of(BA_DINH)


def test_find_provinces() -> None:
    assert [u.name for u in find_provinces("hà")] == ["Thành phố Hà Nội", "Hà Tĩnh"]
    # Without diacritics, "ha" also matches Hải Phòng.
    assert [u.name for u in find_provinces("ha")] == [
        "Thành phố Hà Nội",
        "Hà Tĩnh",
        "Thành phố Hải Phòng",
    ]
    assert len(find_provinces("thành phố")) == 6
    # A name starting with the query first, then by code.
    assert [u.name for u in find_provinces("Ninh")] == [
        "Ninh Bình",
        "Quảng Ninh",
        "Bắc Ninh",
        "Tây Ninh",
    ]
    assert find_provinces("Xyz") == []
    with pytest.raises(ValueError, match="empty"):
        find_provinces(" ")


def test_find_communes() -> None:
    found = find_communes("ba đình")
    assert [(u.name, u.province_code) for u in found] == [
        ("Phường Ba Đình", 1),
        ("Xã Ba Đình", 38),
    ]
    assert [u.name for u in find_communes("đình", province="Hà Nội")] == [
        "Phường Ba Đình",
        "Phường Khương Đình",
        "Xã Vân Đình",
    ]
    assert find_communes("Khương Đình", province=1)[0].name == "Phường Khương Đình"
    # A query with diacritics matches exactly; without, loosely, exact spellings first.
    strict = find_communes("Bà")
    assert [u.name for u in strict] == [
        "Xã Bà Nà",
        "Phường Bà Rịa",
        "Xã Bà Điểm",
        "Phường Hai Bà Trưng",
        "Xã Thác Bà",
    ]
    loose = find_communes("ba")
    assert set(strict) < set(loose)
    assert loose[0] == BA_DINH  # "Ba" spelt exactly ranks before "Bà", "Bá"...


def test_is_valid_code() -> None:
    assert is_valid_code(1, "province")
    assert is_valid_code("01", "province")
    assert not is_valid_code(2, "province")  # Hà Giang merged into Tuyên Quang
    assert is_valid_code(4, "commune")
    assert is_valid_code("00004", "commune")
    assert not is_valid_code(1, "commune")
    assert not is_valid_code("Hà Nội", "province")
    assert not is_valid_code(True, "province")
    assert not is_valid_code("", "province")
    with pytest.raises(ValueError, match="level"):
        is_valid_code(1, "district")  # type: ignore[arg-type]
