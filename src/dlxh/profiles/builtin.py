"""The profiles shipped with dlxh, as data: their files, their versions, the one in force.

This module does not import pydantic, so that the format checker can read the shipped profiles
at start-up (as :class:`~dlxh.profiles.plain.PlainProfile`); :mod:`dlxh.profiles.registry`
validates the same data into :class:`~dlxh.profiles.FormatProfile` models and shares the
version choice below. Profiles registered by name (:func:`~dlxh.profiles.register_profile`)
are kept here too, so that a registered replacement of a built-in name is seen by both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from dlxh._yaml import parse_yaml
from dlxh.errors import InputError
from dlxh.profiles.plain import PlainProfile

if TYPE_CHECKING:
    from dlxh.profiles.model import FormatProfile

__all__ = [
    "BUILTIN_FILES",
    "BUILTIN_PROFILES",
    "REGISTERED",
    "builtin_data",
    "in_force",
    "matches_version",
    "plain_builtin",
    "read_profile_data",
]

BUILTIN_PROFILES = ("nha-nuoc", "dang")
"""The profile families shipped with dlxh (each a data file per version in
``dlxh/profiles/data``)."""

BUILTIN_FILES: dict[str, tuple[str, ...]] = {
    "nha-nuoc": ("nha-nuoc",),
    "dang": ("dang-2018", "dang-2026"),
}
"""The data files of each built-in family, oldest version first."""

REGISTERED: dict[str, FormatProfile] = {}
"""Profiles registered by name (see :func:`dlxh.profiles.register_profile`)."""


def read_profile_data(text: str, source: str) -> dict[str, Any]:
    """A profile file's YAML as a mapping (:class:`InputError` naming ``source`` otherwise)."""
    data = parse_yaml(text, source)
    if not isinstance(data, dict):
        raise InputError(
            "a profile file must hold a mapping (name, version, rules...)", path=source
        )
    return data


@cache
def builtin_data(stem: str) -> dict[str, Any]:
    """The data of the shipped file ``stem`` (``dang-2026``); shared, so never change it."""
    file = resources.files("dlxh.profiles") / "data" / f"{stem}.yaml"
    return read_profile_data(file.read_text(encoding="utf-8"), f"dlxh/profiles/data/{stem}.yaml")


class _Dated(Protocol):
    @property
    def version(self) -> str: ...
    @property
    def in_force_from(self) -> dt.date | None: ...
    def in_force_on(self, day: dt.date) -> bool: ...


P = TypeVar("P", bound=_Dated)


def in_force(versions: Sequence[P], on: dt.date | None) -> P:
    """The version in force on ``on``: the newest without a date, the oldest before all."""
    if on is not None:
        for profile in reversed(versions):
            if profile.in_force_on(on):
                return profile
        if versions[0].in_force_from is not None and on < versions[0].in_force_from:
            return versions[0]
    return versions[-1]


def matches_version(profile: _Dated, version: str) -> bool:
    """``dang@2026`` names version "2026"; ``nha-nuoc@2020`` also names "2020.1"."""
    return version in (profile.version, profile.version.split(".")[0])


@cache
def _plain_versions(family: str) -> tuple[PlainProfile, ...]:
    return tuple(PlainProfile.from_data(builtin_data(stem)) for stem in BUILTIN_FILES[family])


def plain_builtin(name: str, on: dt.date | None = None) -> PlainProfile | None:
    """The shipped profile ``name`` (a family, or ``family@version``) as in force on ``on``;
    ``None`` when ``name`` is not a shipped profile (another name, an unknown version, or a
    built-in name replaced by a registered profile), which the registry then resolves or
    reports."""
    family, _, version = name.partition("@")
    if family not in BUILTIN_FILES or name in REGISTERED:
        return None
    versions = _plain_versions(family)
    if not version:
        return in_force(versions, on)
    return next((p for p in versions if matches_version(p, version)), None)
