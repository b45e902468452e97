"""Units from before 1 July 2025: names recognised, provinces mapped, successors rolled up."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from cli_runner import run
from dlxh.aggregate import synthesize
from dlxh.aggregate.scope import UnitTree
from dlxh.errors import DataValidationError
from dlxh.io import validate
from dlxh.models import Dataset, Period, Unit
from dlxh.vn.admin import get_province
from dlxh.vn.errors import AdminUnitLookupError, AdminUnitNotFoundError
from dlxh.vn.legacy import former_provinces, recognise_legacy, successor_province
from dlxh.vn.text import fold


@pytest.mark.parametrize(
    ("text", "level", "division", "name", "committee"),
    [
        ("Huyện ủy Phong Thổ", "district", "huyện", "Phong Thổ", True),
        ("HUYỆN UỶ PHONG THỔ", "district", "huyện", "PHONG THỔ", True),
        (unicodedata.normalize("NFD", "Huyện ủy Thổ"), "district", "huyện", "Thổ", True),
        ("quận Long Biên", "district", "quận", "Long Biên", False),
        ("Quận ủy Long Biên", "district", "quận", "Long Biên", True),
        ("Thị ủy Sơn Tây", "district", "thị xã", "Sơn Tây", True),
        ("TX. Sơn Tây", "district", "thị xã", "Sơn Tây", False),
        ("Thành ủy Điện Biên Phủ", "district", "thành phố", "Điện Biên Phủ", True),
        ("thành phố Lai Châu", "district", "thành phố", "Lai Châu", False),  # a tỉnh's city
        ("Thành ủy Cần Thơ", "province", "thành phố", "Cần Thơ", True),
        ("tỉnh Sóc Trăng", "province", "tỉnh", "Sóc Trăng", False),
        ("Tỉnh ủy Hà Giang", "province", "tỉnh", "Hà Giang", True),
        ("UBND thị trấn Mường So", "commune", "thị trấn", "Mường So", False),
        ("Đảng ủy xã Mù Cả", "commune", "xã", "Mù Cả", True),
        ("phường Tân Phong", "commune", "phường", "Tân Phong", False),
    ],
)
def test_recognise_legacy_names(
    text: str, level: str, division: str, name: str, committee: bool
) -> None:
    found = recognise_legacy(text)
    assert found is not None
    assert (found.level, found.division, found.name, found.committee) == (
        level,
        division,
        unicodedata.normalize("NFC", name),
        committee,
    )


@pytest.mark.parametrize("text", ["Phong Thổ", "huyện", "tỉnh Không Có", "Ban Tuyên giáo", ""])
def test_other_names_are_not_legacy(text: str) -> None:
    assert recognise_legacy(text) is None


def test_districts_and_townships_are_abolished_communes_are_not() -> None:
    assert recognise_legacy("huyện Phong Thổ").abolished  # type: ignore[union-attr]
    assert recognise_legacy("thị trấn Mường So").abolished  # type: ignore[union-attr]
    assert not recognise_legacy("xã Mù Cả").abolished  # type: ignore[union-attr]


def test_the_table_has_63_former_and_34_current_provinces() -> None:
    rows = former_provinces()
    assert len({fold(p.name) for p in rows}) == len(rows) == 63
    assert len({p.code for p in rows}) == 63
    successors = {p.successor().code for p in rows}
    assert len(successors) == 34
    # Every successor is a province of today's list, and the 11 unchanged keep their name.
    unchanged = [p for p in rows if sum(q.successor_code == p.successor_code for q in rows) == 1]
    assert len(unchanged) == 11
    for province in unchanged:
        assert fold(province.name) == fold(get_province(province.successor_code).short_name)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("tỉnh Sóc Trăng", "Cần Thơ"),
        ("Sóc Trăng", "Cần Thơ"),
        ("soc trang", "Cần Thơ"),
        ("Tỉnh ủy Hà Giang", "Tuyên Quang"),
        ("Yên Bái", "Lào Cai"),
        ("Lào Cai", "Lào Cai"),
        ("Thừa Thiên Huế", "Huế"),
        ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
        ("TP. Hồ Chí Minh", "Hồ Chí Minh"),
        ("Kon Tum", "Quảng Ngãi"),
        ("Lai Châu", "Lai Châu"),
    ],
)
def test_successor_province(old: str, new: str) -> None:
    assert successor_province(old).short_name == new


def test_successor_province_refuses_a_district_and_an_unknown_name() -> None:
    with pytest.raises(AdminUnitLookupError, match="district") as district:
        successor_province("Huyện ủy Phong Thổ")
    assert not isinstance(district.value, AdminUnitNotFoundError)
    with pytest.raises(AdminUnitNotFoundError, match="did you mean: Sóc Trăng"):
        successor_province("Sóc Trang")


def _person(ident: str, unit: str) -> dict[str, Any]:
    return {"id": ident, "full_name": f"Người {ident}", "unit": unit, "level": "commune"}


def _report(ident: str, who: str, period: str, submitted: str) -> dict[str, Any]:
    return {
        "id": ident,
        "period": period,
        "reporter": {"kind": "collaborator", "id": who},
        "submitted_on": submitted,
        "items": [{"title": f"Ý kiến {ident}", "content": "Nội dung", "field": "economy"}],
    }


def _reform_network() -> Dataset:
    units = [
        {"code": "LC", "name": "Tỉnh ủy Lai Châu", "level": "province"},
        {
            "code": "PT",
            "name": "Huyện ủy Phong Thổ",
            "level": "district",
            "parent": "LC",
            "successor": "XPT",
        },
        {"code": "XPT", "name": "Đảng ủy xã Phong Thổ", "level": "commune", "parent": "LC"},
        {"code": "XK", "name": "Đảng ủy xã Khác", "level": "commune", "parent": "LC"},
    ]
    people = [_person("H1", "PT"), _person("X1", "XPT"), _person("K1", "XK")]
    reports = [
        _report("R-05", "H1", "2025-05", "2025-05-18"),
        _report("R-09", "X1", "2025-09", "2025-09-18"),
        _report("R-K", "K1", "2025-09", "2025-09-19"),
    ]
    return Dataset(units=units, collaborators=people, reports=reports)


def test_a_year_across_the_reform_counts_the_old_unit_under_its_successor() -> None:
    dataset = _reform_network()
    year = synthesize(dataset, "2025", level="commune", hooks=False)
    rows = {row.unit: row.figures for row in year.breakdown}
    assert rows["XPT"].reports_received == 2 and rows["XPT"].items == 2
    assert rows["XK"].reports_received == 1
    # Nothing is left "directly under the province" (the row the old district fell into).
    assert sum(f.reports_received for code, f in rows.items() if code is None) == 0
    assert year.figures.reports_received == 3
    # A scope on the new unit takes the old district's records with it.
    scoped = synthesize(dataset, "2025", unit="XPT", hooks=False)
    assert scoped.figures.reports_received == 2


def test_before_the_reform_the_old_unit_stands_on_its_own() -> None:
    may = synthesize(_reform_network(), "2025-05", level="district", hooks=False)
    rows = {row.unit: row.figures.reports_received for row in may.breakdown}
    assert rows == {"PT": 1, None: 0}
    scoped = synthesize(_reform_network(), "2025-05", unit="XPT", hooks=False)
    assert scoped.figures.reports_received == 0


def test_the_tree_folds_only_for_periods_ending_after_june_2025() -> None:
    units = _reform_network().units
    assert UnitTree(units).ancestors("PT") == ["PT", "LC"]
    assert UnitTree(units, period=Period.parse("2025-Q2")).ancestors("PT") == ["PT", "LC"]
    folded = UnitTree(units, period=Period.parse("2025-07"))
    assert folded.ancestors("PT") == ["PT", "XPT", "LC"]
    assert folded.parent("PT") == "XPT" and folded.name("PT") == "Huyện ủy Phong Thổ"


def test_a_successor_must_be_a_unit_of_the_dataset() -> None:
    units = [{"code": "PT", "name": "Huyện ủy Phong Thổ", "level": "district", "successor": "X"}]
    with pytest.raises(DataValidationError, match=r"units\.0\.successor: successor 'X' is not"):
        validate(Dataset, {"units": units})


def test_successors_may_not_loop_and_a_unit_is_not_its_own() -> None:
    units = [
        {"code": "A", "name": "Huyện A", "level": "district", "successor": "B"},
        {"code": "B", "name": "Huyện B", "level": "district", "successor": "A"},
    ]
    with pytest.raises(DataValidationError, match=r"units\.0\.successor: successor 'B' leads"):
        validate(Dataset, {"units": units})
    with pytest.raises(ValueError, match="its own successor"):
        Unit(code="A", name="Huyện A", level="district", successor="A")


def test_cli_unit_names_the_successor_province() -> None:
    code, out, _ = run("vn", "unit", "tỉnh Sóc Trăng")
    assert code == 0, out
    assert "Cần Thơ" in out and "202/2025/QH15" in out and "code 94" in out


def test_cli_unit_explains_a_district_plainly() -> None:
    code, out, _ = run("vn", "unit", "Huyện ủy Phong Thổ", "--province", "Lai Châu")
    assert code == 0, out
    assert "district" in out and "abolished" in out and "03549" in out  # Xã Phong Thổ, same name
    assert "Ủy ban Thường vụ Quốc hội on the communes of Tỉnh Lai Châu" in out
    assert "successor: CODE" in out and "does not make them the successor" in out


def test_cli_unit_accepts_a_former_province_as_the_province_option() -> None:
    code, out, _ = run("vn", "unit", "huyện Không Có", "--province", "Sóc Trăng")
    assert code == 0, out
    assert "Tỉnh Sóc Trăng was a province until 30 June 2025" in out
    assert "part of Thành phố Cần Thơ" in out and "No unit of today's list" in out
    code, _, err = run("vn", "unit", "Ba Đình", "--province", "Lai Chauu")
    assert code == 2 and "did you mean: Lai Châu?" in err
