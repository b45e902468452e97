"""Units from before 1 July 2025: districts, former communes and the 63 former provinces.

Records made before the reform name units that no longer exist: "Huyện ủy Phong Thổ",
"UBND quận Long Biên", "tỉnh Sóc Trăng", "thị trấn Mường So". A synthesis for 2025 reads them
next to reports of today's communes, so dlxh has to recognise those names and say where each one
went, without guessing:

* **Provinces** are a closed list. Nghị quyết số 202/2025/QH15 of the Quốc hội (12/6/2025)
  merged 52 of the 63 provinces into 23 and kept 11; that table is bundled
  (``data/provinces-2025.yaml``, typed from the resolution) and :func:`successor_province`
  answers from it.
* **Districts** were abolished and **communes** were re-formed province by province, each by its
  own resolution of the Ủy ban Thường vụ Quốc hội (June 2025; for Lai Châu Nghị quyết
  1670/NQ-UBTVQH15: 106 units became 38). A district's work went to several communes and a
  divided commune to several new ones, so no single answer is right in general. dlxh bundles none
  of these mappings: the office records it as data, ``successor:`` on the old unit
  (:class:`dlxh.models.Unit`), from the resolution of its province.

Why not the ``vietnamadminunits`` package: its converter silently picks a "default new ward" for
divided wards and geocodes addresses with a street over the network, both of which would put a
guess into a report with nothing to show for it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Final, Literal

from dlxh.vn.errors import AdminUnitLookupError, AdminUnitNotFoundError
from dlxh.vn.text import fold, nfc

if TYPE_CHECKING:
    from dlxh.vn.admin import AdminUnit

__all__ = [
    "PROVINCE_RESOLUTION",
    "REFORM_DATE",
    "FormerProvince",
    "LegacyLevel",
    "LegacyName",
    "former_province",
    "former_provinces",
    "recognise_legacy",
    "successor_province",
]

REFORM_DATE: Final = dt.date(2025, 7, 1)
"""The first day of two-tier local government: provinces, then communes; no more districts."""

PROVINCE_RESOLUTION: Final = (
    "Nghị quyết số 202/2025/QH15 của Quốc hội ngày 12/6/2025 về việc sắp xếp đơn vị hành chính "
    "cấp tỉnh"
)
"""The source of the 63 → 34 province table."""

LegacyLevel = Literal["province", "district", "commune"]
"""The three tiers of local government before 1 July 2025."""

# Organs written before the unit ("UBND huyện Phong Thổ"): skipped, the unit is what follows.
_ORGANS: Final = (
    "ủy ban nhân dân",
    "ubnd",
    "hội đồng nhân dân",
    "hđnd",
    "đảng ủy",
    "đảng bộ",
    "ban thường vụ",
)
# Party committees: the word fixes the tier, except "Thành ủy" (a city: province or district).
_COMMITTEES: Final[dict[str, tuple[LegacyLevel | None, str]]] = {
    "tỉnh ủy": ("province", "tỉnh"),
    "thành ủy": (None, "thành phố"),
    "huyện ủy": ("district", "huyện"),
    "quận ủy": ("district", "quận"),
    "thị ủy": ("district", "thị xã"),
}
# Division words, with the abbreviations records use ("TP. Điện Biên Phủ", "TT. Mường So").
_DIVISIONS: Final[dict[str, tuple[LegacyLevel | None, str]]] = {
    "tỉnh": ("province", "tỉnh"),
    "thành phố": (None, "thành phố"),
    "tp": (None, "thành phố"),
    "huyện": ("district", "huyện"),
    "quận": ("district", "quận"),
    "thị xã": ("district", "thị xã"),
    "tx": ("district", "thị xã"),
    "xã": ("commune", "xã"),
    "phường": ("commune", "phường"),
    "thị trấn": ("commune", "thị trấn"),
    "tt": ("commune", "thị trấn"),
}
_ABBREVIATION: Final = re.compile(r"^(tp|tx|tt)\.\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FormerProvince:
    """One of the 63 provinces and centrally governed cities of 30 June 2025.

    Attributes:
        name: The former name without its prefix ("Sóc Trăng", "Hồ Chí Minh").
        code: The former statistical code. Several were given to another province by the
            reform (15 was Yên Bái, it is Lào Cai's now), so it is not one of today's codes.
        city: A centrally governed city (thành phố trực thuộc trung ương), not a tỉnh.
        successor_code: Today's code of the province it is part of since 1 July 2025.
        aliases: Other spellings found in records ("Thừa Thiên Huế", "Bà Rịa Vũng Tàu").
    """

    name: str
    code: int
    city: bool
    successor_code: int
    aliases: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        """ "Tỉnh Sóc Trăng", "Thành phố Cần Thơ"."""
        return f"{'Thành phố' if self.city else 'Tỉnh'} {self.name}"

    def successor(self) -> AdminUnit:
        """Today's province (an :class:`~dlxh.vn.admin.AdminUnit`) this one is part of."""
        from dlxh.vn.admin import get_province  # noqa: PLC0415 (today's list loads on first use)

        return get_province(self.successor_code)


@dataclass(frozen=True, slots=True)
class LegacyName:
    """A unit name as records from before 1 July 2025 write it.

    Attributes:
        text: The name as given (NFC, spaces collapsed).
        level: "province", "district" or "commune".
        division: The division word: "tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã",
            "phường" or "thị trấn".
        name: The proper name ("Phong Thổ"), as written.
        committee: Whether the text names the unit's Party committee ("Huyện ủy ...").
        province: For a province (or a centrally governed city), the former province.
    """

    text: str
    level: LegacyLevel
    division: str
    name: str
    committee: bool = False
    province: FormerProvince | None = None

    @property
    def full_name(self) -> str:
        """The unit with its division word: "Huyện Phong Thổ", "Thị trấn Mường So"."""
        return f"{self.division.capitalize()} {self.name}"

    @property
    def abolished(self) -> bool:
        """True when no unit of this kind exists today: districts and thị trấn (townships)."""
        return self.level == "district" or self.division == "thị trấn"


@functools.cache
def _table() -> tuple[
    tuple[FormerProvince, ...], dict[str, FormerProvince], dict[str, FormerProvince]
]:
    """The bundled table and its lookup keys (folded names and aliases), read on first use."""
    import yaml  # noqa: PLC0415 (only the legacy lookups need it)

    raw = (resources.files("dlxh.vn") / "data" / "provinces-2025.yaml").read_text("utf-8")
    rows = yaml.safe_load(raw)["provinces"]
    provinces = tuple(
        FormerProvince(
            name=row["name"],
            code=int(row["code"]),
            city=bool(row.get("city", False)),
            successor_code=int(row["successor"]),
            aliases=tuple(row.get("aliases", ())),
        )
        for row in rows
    )
    exact: dict[str, FormerProvince] = {}
    loose: dict[str, FormerProvince] = {}
    for province in provinces:
        for spelling in (province.name, *province.aliases):
            exact[fold(spelling)] = province
            loose[fold(spelling, diacritics=False)] = province
    return provinces, exact, loose


def former_provinces() -> tuple[FormerProvince, ...]:
    """The 63 provinces and cities of 30 June 2025, in the order of the bundled table."""
    return _table()[0]


def _province_key(name: str) -> FormerProvince | None:
    """The former province ``name`` is one spelling of; a name typed without any diacritic
    ("soc trang") matches loosely, one with diacritics must have the right ones (as in
    :mod:`dlxh.vn.admin`)."""
    exact, loose = _table()[1:]
    bare = name.replace("–", "-")
    key = fold(bare)
    if key == fold(bare, diacritics=False):
        return loose.get(key)
    return exact.get(key)


def _words(text: str) -> list[str]:
    text = _ABBREVIATION.sub(lambda m: m.group(1) + " ", text)
    return text.split()


def _strip(words: list[str], phrases: Iterable[str]) -> tuple[str, int]:
    """The longest phrase of ``phrases`` the folded ``words`` start with, and its word count."""
    best = ("", 0)
    for phrase in phrases:
        size = len(phrase.split())
        if best[1] < size < len(words) and fold(" ".join(words[:size])) == fold(phrase):
            best = (phrase, size)
    return best


def recognise_legacy(name: str) -> LegacyName | None:
    """Recognise a unit named the way records from before 1 July 2025 name it.

    Reads a Party committee (``Tỉnh ủy``, ``Thành ủy``, ``Huyện ủy``, ``Quận ủy``, ``Thị ủy``) or
    a division word (``tỉnh``, ``thành phố``/``TP.``, ``huyện``, ``quận``, ``thị xã``/``TX.``,
    ``xã``, ``phường``, ``thị trấn``/``TT.``) followed by a name, optionally after an organ
    ("UBND", "Ủy ban nhân dân", "Đảng ủy"...). Case, NFC/NFD and the tone placement ("ủy"/"uỷ")
    do not matter.

    "Tỉnh X" is recognised only when X is one of the 63 former provinces, which includes the 11
    that were kept as they were: :func:`successor_province` tells. "Thành phố X" (and
    "Thành ủy X") is a province when X was a centrally governed city, otherwise a city of a
    province, which was a district. A "xã"/"phường" is recognised by its form only: many
    communes kept their name, so whether it still exists is a question for
    :func:`dlxh.vn.get_commune`.

    Returns:
        The recognised name, or ``None`` when the text has none of these forms.
    """
    text = " ".join(nfc(name).split())
    words = _words(text)
    organ, skipped = _strip(words, _ORGANS)
    committee = organ in ("đảng ủy", "đảng bộ", "ban thường vụ")
    words = words[skipped:]
    phrase, size = _strip(words, _COMMITTEES)
    if size:
        level, division = _COMMITTEES[phrase]
        committee = True
    else:
        phrase, size = _strip(words, _DIVISIONS)
        if not size:
            return None
        level, division = _DIVISIONS[phrase]
    proper = " ".join(words[size:])
    if level == "province" or level is None:
        province = _province_key(proper)
        if level == "province" and province is None:
            return None
        if level is None:
            if province is not None and province.city:
                level = "province"
            else:
                level, province = "district", None
        return LegacyName(text, level, division, proper, committee, province)
    return LegacyName(text, level, division, proper, committee)


def former_province(name: str) -> FormerProvince:
    """The former province named ``name`` ("Sóc Trăng", "tỉnh Sóc Trăng", "Tỉnh ủy Sóc Trăng",
    "TP. Hồ Chí Minh", "Thừa Thiên Huế"; case and accents as for :func:`recognise_legacy`).

    Raises:
        AdminUnitNotFoundError: not one of the 63; the message suggests close names.
        AdminUnitLookupError: the name is a district or commune, not a province.
    """
    recognised = recognise_legacy(name)
    if recognised is not None and recognised.province is not None:
        return recognised.province
    if recognised is not None:
        raise AdminUnitLookupError(
            f"{recognised.text!r} is a {recognised.level} ({recognised.full_name}), not a "
            "province: districts and communes are mapped by each province's resolution of the "
            "Ủy ban Thường vụ Quốc hội, recorded as a unit's successor",
            query=name,
            level="province",
        )
    found = _province_key(" ".join(nfc(name).split()))
    if found is not None:
        return found
    import difflib  # noqa: PLC0415

    names = [p.name for p in former_provinces()]
    by_key = {fold(n): n for n in names}
    close = difflib.get_close_matches(fold(name), list(by_key), n=3, cutoff=0.6)
    suggestions = [by_key[key] for key in close]
    hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
    raise AdminUnitNotFoundError(
        f"{name!r} is not one of the 63 provinces before 1 July 2025{hint}",
        query=name,
        level="province",
        suggestions=suggestions,
    )


def successor_province(old: str) -> AdminUnit:
    """Today's province that the former province ``old`` is part of (Nghị quyết
    202/2025/QH15): ``successor_province("tỉnh Sóc Trăng")`` is Thành phố Cần Thơ, and a
    province that was kept, such as Lai Châu, is its own successor.

    Raises:
        AdminUnitNotFoundError: ``old`` is not one of the 63 (with suggestions).
        AdminUnitLookupError: ``old`` names a district or commune.
    """
    return former_province(old).successor()
