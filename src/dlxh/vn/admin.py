"""Vietnam's administrative units after the July 2025 reform: 34 provinces, 3,321 communes.

Since 1 July 2025 local government has two tiers: provinces and centrally governed cities
(tỉnh, thành phố trung ương), then communes, wards and special zones (xã, phường, đặc khu).
Districts no longer exist. The data comes from the PyPI package ``vietnam-provinces``
(its data version is :data:`DATA_VERSION`); this module wraps it in a small typed API:

* every unit is an :class:`AdminUnit` (province or commune level);
* names match through :func:`dlxh.vn.text.fold`, so case, NFD input and the two tone placements
  ("Hòa"/"Hoà") do not matter, and the prefix is optional ("Hà Nội", "Thành phố Hà Nội" and
  "TP. Hà Nội" are the same province). A query typed without any diacritics ("ha noi") is
  matched without diacritics too;
* codes are the official statistical codes, given as ``int`` or numeric string ("01", "00004").

Commune names repeat across provinces ("Xã Tân Thành" exists in seven), so a commune looked up by
name alone may be ambiguous: :func:`get_commune` then raises :class:`AmbiguousAdminUnitError`
listing the provinces, and accepts a ``province`` to choose.

The indexes are built on first use, not at import time.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

import vietnam_provinces
from vietnam_provinces import Province, Ward

from dlxh.quoting import quote
from dlxh.vn.errors import AdminUnitNotFoundError, AmbiguousAdminUnitError
from dlxh.vn.text import fold

__all__ = [
    "DATA_VERSION",
    "AdminLevel",
    "AdminUnit",
    "communes_of",
    "find_communes",
    "find_provinces",
    "get_commune",
    "get_province",
    "is_valid_code",
]

DATA_VERSION: Final[str] = str(vietnam_provinces.__data_version__)
"""Retrieval date of the administrative data in ``vietnam-provinces`` (e.g. "2025-10-18")."""

AdminLevel = Literal["province", "commune"]
"""The two levels of local government since 1 July 2025."""

# The prefix each division type puts before the proper name in a full name.
_PREFIXES: Final[dict[str, str]] = {
    "tỉnh": "Tỉnh",
    "thành phố trung ương": "Thành phố",
    "xã": "Xã",
    "phường": "Phường",
    "đặc khu": "Đặc khu",
}
# Abbreviations people write instead of the prefix.
_ABBREVIATIONS: Final[dict[str, tuple[str, ...]]] = {
    "thành phố trung ương": ("TP ", "TP. ", "TP."),
    "phường": ("P. ", "P."),
    "xã": ("X. ", "X."),
}
_MAX_SUGGESTIONS: Final = 5


@dataclass(frozen=True, slots=True)
class AdminUnit:
    """One administrative unit: a province-level or a commune-level unit.

    Attributes:
        code: The official code (province codes 1 to 96, commune codes up to five digits).
        name: The official name, e.g. "Thành phố Hà Nội", "Lào Cai", "Phường Ba Đình". As in the
            source data, province names carry the prefix for cities only.
        kind: The division type: "tỉnh", "thành phố trung ương", "xã", "phường" or "đặc khu".
        province_code: The code of the province (for a province, its own code).
        level: "province" or "commune".
    """

    code: int
    name: str
    kind: str
    province_code: int
    level: AdminLevel

    @property
    def short_name(self) -> str:
        """The name without its division prefix: "Hà Nội", "Ba Đình", "Phú Quốc"."""
        prefix = _PREFIXES.get(self.kind)
        if prefix and self.name.startswith(prefix + " "):
            return self.name[len(prefix) + 1 :]
        return self.name

    @property
    def full_name(self) -> str:
        """The name with its division prefix: "Tỉnh Lào Cai", "Thành phố Hà Nội", "Xã Ba Đình"."""
        prefix = _PREFIXES.get(self.kind)
        if prefix and not self.name.startswith(prefix + " "):
            return f"{prefix} {self.name}"
        return self.name


@dataclass(frozen=True, slots=True)
class _Index:
    provinces: dict[int, AdminUnit]
    communes: dict[int, AdminUnit]
    by_province: dict[int, list[AdminUnit]]
    # alias key → units, for exact matches; one map keeps diacritics, one drops them.
    province_keys: dict[str, list[AdminUnit]]
    province_loose: dict[str, list[AdminUnit]]
    commune_keys: dict[str, list[AdminUnit]]
    commune_loose: dict[str, list[AdminUnit]]
    # (level, code) → (folded aliases, folded aliases without diacritics), for searching.
    search_keys: dict[tuple[str, int], tuple[tuple[str, ...], tuple[str, ...]]]


def _aliases(unit: AdminUnit) -> set[str]:
    """Every spelling of a unit's name that should find it, as written (not yet folded)."""
    names = {unit.name, unit.short_name, unit.full_name}
    names.update(abbr + unit.short_name for abbr in _ABBREVIATIONS.get(unit.kind, ()))
    return names


def _add_keys(
    unit: AdminUnit,
    exact: dict[str, list[AdminUnit]],
    loose: dict[str, list[AdminUnit]],
    search_keys: dict[tuple[str, int], tuple[tuple[str, ...], tuple[str, ...]]],
) -> None:
    aliases = _aliases(unit)
    strict_keys = tuple(sorted({fold(a) for a in aliases}))
    loose_keys = tuple(sorted({fold(a, diacritics=False) for a in aliases}))
    for key in strict_keys:
        exact.setdefault(key, []).append(unit)
    for key in loose_keys:
        loose.setdefault(key, []).append(unit)
    search_keys[unit.level, unit.code] = (strict_keys, loose_keys)


def _clean(name: str) -> str:
    # The source data has stray double spaces ("Phường  Thành Nhất").
    return " ".join(name.split())


@functools.cache
def _index() -> _Index:
    provinces: dict[int, AdminUnit] = {}
    communes: dict[int, AdminUnit] = {}
    by_province: dict[int, list[AdminUnit]] = {}
    province_keys: dict[str, list[AdminUnit]] = {}
    province_loose: dict[str, list[AdminUnit]] = {}
    commune_keys: dict[str, list[AdminUnit]] = {}
    commune_loose: dict[str, list[AdminUnit]] = {}
    search_keys: dict[tuple[str, int], tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for p in Province.iter_all():
        code = int(p.code)
        unit = AdminUnit(code, _clean(p.name), str(p.division_type.value), code, "province")
        provinces[code] = unit
        by_province[code] = []
        _add_keys(unit, province_keys, province_loose, search_keys)
    for w in Ward.iter_all():
        unit = AdminUnit(
            int(w.code), _clean(w.name), str(w.division_type.value), int(w.province_code), "commune"
        )
        communes[unit.code] = unit
        by_province[unit.province_code].append(unit)
        _add_keys(unit, commune_keys, commune_loose, search_keys)
    for units in by_province.values():
        units.sort(key=lambda u: u.code)
    return _Index(
        provinces,
        communes,
        by_province,
        province_keys,
        province_loose,
        commune_keys,
        commune_loose,
        search_keys,
    )


def _as_code(value: str | int) -> int | str:
    """Return the code in ``value`` (an int or a string of ASCII digits), or else the name."""
    if isinstance(value, bool):
        raise TypeError(f"a code or name is expected, not a bool ({value!r})")
    if isinstance(value, int):
        return value
    if not isinstance(value, str):
        raise TypeError(f"a code (int) or a name (str) is expected, not {type(value).__name__}")
    text = value.strip()
    if text.isascii() and text.isdigit() and len(text) <= 18:  # longer is no code (and int()
        return int(text)  # refuses beyond 4,300 digits)
    if not text:
        raise ValueError("an empty name matches no administrative unit")
    return text


def _is_loose(query: str) -> bool:
    """True when the query was typed without any diacritic, so it should match loosely."""
    return fold(query) == fold(query, diacritics=False)


def _unique(units: Iterable[AdminUnit]) -> list[AdminUnit]:
    return sorted(set(units), key=lambda u: u.code)


def _by_name(
    query: str, exact: dict[str, list[AdminUnit]], loose: dict[str, list[AdminUnit]]
) -> list[AdminUnit]:
    """Units with a name equal to ``query``.

    A query without any diacritic matches without diacritics, and then matches every unit that
    name could stand for: "ba dinh" is Phường Ba Đình, Xã Ba Đình and Xã Ba Dinh, and picking
    the one spelt exactly without diacritics would silently pick the wrong one for a user who
    just did not type the accents.
    """
    if _is_loose(query):
        return _unique(loose.get(fold(query, diacritics=False), []))
    return _unique(exact.get(fold(query), []))


def _suggest(query: str, units: Iterable[AdminUnit]) -> list[str]:
    """Names close to ``query`` (compared without diacritics), best first."""
    names: dict[str, list[str]] = {}
    for unit in units:
        for alias in (unit.short_name, unit.name):
            names.setdefault(fold(alias, diacritics=False), []).append(unit.name)
    close = difflib.get_close_matches(
        fold(query, diacritics=False), list(names), n=_MAX_SUGGESTIONS, cutoff=0.75
    )
    unique = dict.fromkeys(name for key in close for name in names[key])
    return list(unique)[:_MAX_SUGGESTIONS]


def _not_found(
    query: str, level: AdminLevel, where: str, pool: Iterable[AdminUnit]
) -> AdminUnitNotFoundError:
    suggestions = _suggest(query, pool)
    hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
    return AdminUnitNotFoundError(
        f"no {level} named {quote(query)}{where}{hint}",
        query=query,
        level=level,
        suggestions=suggestions,
    )


def get_province(name_or_code: str | int) -> AdminUnit:
    """Return the province with this code or name.

    ``get_province(1)``, ``get_province("01")``, ``get_province("Hà Nội")``,
    ``get_province("thành phố hà nội")`` and ``get_province("TP. Hà Nội")`` all return Hà Nội.

    Raises:
        AdminUnitNotFoundError: (a :class:`LookupError`) if no province has this code or name;
            the message suggests close names.
        ValueError: if the name is empty.
        TypeError: if ``name_or_code`` is neither an int nor a str.
    """
    return _resolve_province(name_or_code)


def _resolve_province(province: str | int | AdminUnit) -> AdminUnit:
    index = _index()
    if isinstance(province, AdminUnit):
        if province.level != "province":
            raise ValueError(f"{province.name!r} is a commune, not a province")
        return province
    key = _as_code(province)
    if isinstance(key, int):
        try:
            return index.provinces[key]
        except KeyError:
            raise AdminUnitNotFoundError(
                f"no province has code {province!r} (province codes run from 1 to 96, with gaps)",
                query=str(province),
                level="province",
            ) from None
    found = _by_name(key, index.province_keys, index.province_loose)
    if len(found) == 1:
        return found[0]
    if not found:
        raise _not_found(key, "province", "", index.provinces.values())
    raise AmbiguousAdminUnitError(  # pragma: no cover - province names are unique today
        f"{key!r} names several provinces: {', '.join(u.name for u in found)}",
        query=key,
        level="province",
        candidates=found,
    )


def _rank(key: str, names: Iterable[str]) -> int | None:
    """How well ``key`` matches the best of ``names``; None when it does not match at all.

    0: a name equals the query; 1: a name starts with the query as whole words; 2: a name starts
    with it; 3: a later word of a name starts with it.
    """
    best: int | None = None
    for name in names:
        if name == key:
            return 0
        if name.startswith(key):
            rank = 1 if name.startswith(key + " ") else 2
        elif f" {key}" in name:
            rank = 3
        else:
            continue
        best = rank if best is None else min(best, rank)
    return best


def _matches(query: str, units: Iterable[AdminUnit]) -> list[AdminUnit]:
    """Units with a name that equals, starts with, or has a word starting with ``query``.

    Best first: by :func:`_rank`; for a query typed without diacritics, units that match it
    with the diacritics it has ("ba" → "Ba Đình") come before those that only match loosely
    ("Bà Rịa"); then by code.
    """
    text = " ".join(query.split())
    if not text:
        raise ValueError("the search query is empty")
    keys = _index().search_keys
    loose = _is_loose(text)
    strict_key, loose_key = fold(text), fold(text, diacritics=False)
    ranked: list[tuple[int, int, int, AdminUnit]] = []
    for unit in units:
        strict_names, loose_names = keys[unit.level, unit.code]
        strict_rank = _rank(strict_key, strict_names)
        rank = _rank(loose_key, loose_names) if loose else strict_rank
        if rank is not None:
            ranked.append((rank, 9 if strict_rank is None else strict_rank, unit.code, unit))
    ranked.sort(key=lambda item: item[:3])
    return [item[3] for item in ranked]


def find_provinces(query: str) -> list[AdminUnit]:
    """Search provinces by name or part of it: ``find_provinces("hà")`` → Hà Nội, Hà Tĩnh, ...

    A unit matches when one of its words starts with the query (fold-based, prefix optional;
    a query without diacritics matches without diacritics). Best matches first.

    Raises:
        ValueError: if ``query`` is empty.
    """
    return _matches(query, _index().provinces.values())


def communes_of(province: str | int | AdminUnit) -> list[AdminUnit]:
    """Return every commune, ward and special zone of a province, ordered by code.

    Raises:
        AdminUnitNotFoundError: if the province does not exist.
    """
    unit = _resolve_province(province)
    return list(_index().by_province[unit.code])


def find_communes(query: str, province: str | int | AdminUnit | None = None) -> list[AdminUnit]:
    """Search communes by name or part of it, in one province or in all of them.

    ``find_communes("ba đình")`` returns Phường Ba Đình (Hà Nội) and Xã Ba Đình (Thanh Hóa).
    Matching works as in :func:`find_provinces`; best matches first.

    Raises:
        ValueError: if ``query`` is empty.
        AdminUnitNotFoundError: if ``province`` is given and does not exist.
    """
    if province is None:
        return _matches(query, _index().communes.values())
    return _matches(query, communes_of(province))


def get_commune(
    name_or_code: str | int, province: str | int | AdminUnit | None = None
) -> AdminUnit:
    """Return the commune (xã, phường or đặc khu) with this code or exact name.

    Args:
        name_or_code: A code (``4``, ``"00004"``) or a name with or without its prefix
            ("Phường Ba Đình", "ba đình").
        province: The province to search in (name, code or :class:`AdminUnit`). Needed when a
            name exists in several provinces; with a code it is checked.

    Raises:
        AmbiguousAdminUnitError: if several communes have this name; the message lists them
            with their provinces.
        AdminUnitNotFoundError: if none has (or, with ``province``, none there has).
    """
    index = _index()
    scope = None if province is None else _resolve_province(province)
    where = "" if scope is None else f" in {scope.name}"
    key = _as_code(name_or_code)
    if isinstance(key, int):
        unit = index.communes.get(key)
        if unit is None:
            raise AdminUnitNotFoundError(
                f"no commune has code {name_or_code!r}", query=str(name_or_code), level="commune"
            )
        if scope is not None and unit.province_code != scope.code:
            owner = index.provinces[unit.province_code].name
            raise AdminUnitNotFoundError(
                f"commune {key} ({unit.name}) is in {owner}, not in {scope.name}",
                query=str(name_or_code),
                level="commune",
            )
        return unit
    found = _by_name(key, index.commune_keys, index.commune_loose)
    if scope is not None:
        found = [u for u in found if u.province_code == scope.code]
    if len(found) == 1:
        return found[0]
    if not found:
        pool = index.communes.values() if scope is None else index.by_province[scope.code]
        raise _not_found(key, "commune", where, pool)
    listing = "; ".join(f"{u.name} ({index.provinces[u.province_code].name})" for u in found)
    advice = "pass province= to choose" if scope is None else "use the full name or the code"
    raise AmbiguousAdminUnitError(
        f"{key!r} names {len(found)} communes{where}: {listing}; {advice}",
        query=key,
        level="commune",
        candidates=found,
    )


def is_valid_code(code: int | str, level: AdminLevel) -> bool:
    """Tell whether ``code`` is the code of an existing unit at ``level``.

    Accepts an int or a numeric string ("01"); anything else is simply not a valid code.

    Raises:
        ValueError: if ``level`` is not "province" or "commune".
    """
    if level not in ("province", "commune"):
        raise ValueError(f"level must be 'province' or 'commune', got {level!r}")
    if isinstance(code, bool) or not isinstance(code, int | str):
        return False
    try:
        number = _as_code(code)
    except ValueError:
        return False
    if not isinstance(number, int):
        return False
    return number in _codes(level)


@functools.cache
def _codes(level: AdminLevel) -> frozenset[int]:
    """The official codes of one level, without the name index (validating the units of a
    national dataset only needs the codes; folding its 3,355 names took a second)."""
    units = Province.iter_all() if level == "province" else Ward.iter_all()
    return frozenset(int(unit.code) for unit in units)
