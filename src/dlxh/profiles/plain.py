"""A profile as plain data: what the format checker reads, without pydantic.

:class:`~dlxh.profiles.FormatProfile` is a pydantic model because profiles are written by hand
and a typo must be reported with its field. The checker only *reads* a profile, and ``dlxh check
FILE`` must answer in a fraction of a second: importing pydantic and building the profile's
schemas took longer than the check itself. So the checker works on a :class:`PlainProfile`, made
either from a validated :class:`FormatProfile` (:meth:`PlainProfile.of`) or, for the profiles
shipped with dlxh, straight from their data files (which the test suite validates as
``FormatProfile`` and compares with this reading). The reading helpers below are shared by both
classes, so a rule reads the same from either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from dlxh.errors import NotFoundError
from dlxh.models.numbering import Profile

if TYPE_CHECKING:
    from dlxh.profiles.model import FormatProfile

__all__ = [
    "PlainProfile",
    "PlainRule",
    "ReadsRules",
    "RuleValue",
    "allows",
    "describe_range",
    "in_period",
]

RuleValue = str | int | float | bool | list[str]
"""What a rule's default may be."""


class _Ranged(Protocol):
    @property
    def min(self) -> float | None: ...
    @property
    def max(self) -> float | None: ...
    @property
    def allowed(self) -> list[RuleValue] | None: ...
    @property
    def unit(self) -> str | None: ...


def allows(rule: _Ranged, value: RuleValue) -> bool:
    """Whether ``value`` is within the rule's range and allowed values."""
    if rule.allowed is not None and value not in rule.allowed:
        return False
    if isinstance(value, bool) or not isinstance(value, int | float):
        return (rule.min is None and rule.max is None) or rule.allowed is not None
    low_ok = rule.min is None or value >= rule.min - 1e-9
    high_ok = rule.max is None or value <= rule.max + 1e-9
    return low_ok and high_ok


def describe_range(rule: _Ranged) -> str:
    """The allowed range in words, for messages ("13-14 pt", "one of: ...")."""
    unit = f" {rule.unit}" if rule.unit else ""
    if rule.allowed is not None:
        return "one of: " + ", ".join(repr(v) for v in rule.allowed)
    if rule.min is not None and rule.max is not None:
        if rule.min == rule.max:
            return f"{rule.min:g}{unit}"
        return f"{rule.min:g}-{rule.max:g}{unit}"
    if rule.min is not None:
        return f"at least {rule.min:g}{unit}"
    if rule.max is not None:
        return f"at most {rule.max:g}{unit}"
    return "any value"


def in_period(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    """Whether ``day`` falls within ``start``..``end`` (both inclusive, either open)."""
    if start is not None and day < start:
        return False
    return end is None or day <= end


class _HasDefault(Protocol):
    @property
    def default(self) -> RuleValue: ...


R_co = TypeVar("R_co", bound=_HasDefault, covariant=True)


class _HasRules(Protocol[R_co]):
    @property
    def name(self) -> str: ...
    @property
    def rules(self) -> Mapping[str, R_co]: ...


class ReadsRules:
    """Reading rules by key, shared by :class:`~dlxh.profiles.FormatProfile` and
    :class:`PlainProfile` so that a rule reads the same from either."""

    __slots__ = ()

    def rule(self: _HasRules[R_co], key: str) -> R_co:
        """The rule ``key`` (:class:`~dlxh.errors.NotFoundError` naming the profile if absent)."""
        try:
            return self.rules[key]
        except KeyError:
            raise NotFoundError(f"profile {self.name!r} has no rule {key!r}") from None

    def value(self: _HasRules[R_co], key: str) -> RuleValue:
        """The default of rule ``key``: what the renderer uses."""
        return ReadsRules.rule(self, key).default

    def number(self: _HasRules[R_co], key: str) -> float:
        """The default of a numeric rule."""
        value = ReadsRules.value(self, key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"rule {key!r} of profile {self.name!r} is not a number: {value!r}")
        return float(value)

    def text(self: _HasRules[R_co], key: str) -> str:
        """The default of a text rule."""
        value = ReadsRules.value(self, key)
        if not isinstance(value, str):
            raise TypeError(f"rule {key!r} of profile {self.name!r} is not text: {value!r}")
        return value

    def flag(self: _HasRules[R_co], key: str) -> bool:
        """The default of a yes/no rule."""
        value = ReadsRules.value(self, key)
        if not isinstance(value, bool):
            raise TypeError(f"rule {key!r} of profile {self.name!r} is not true/false: {value!r}")
        return value


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@dataclass(frozen=True, slots=True)
class PlainRule:
    """One rule, read-only: the fields of :class:`~dlxh.profiles.Rule`."""

    component: str
    description: str
    default: RuleValue
    source: str
    confirmed: bool
    min: float | None = None
    max: float | None = None
    allowed: list[RuleValue] | None = None
    unit: str | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> PlainRule:
        """A rule from its data (a shipped profile file's entry, or a model's dump)."""
        return cls(
            component=data["component"],
            description=data["description"],
            default=data["default"],
            source=data["source"],
            confirmed=data["confirmed"],
            min=_number(data.get("min")),
            max=_number(data.get("max")),
            allowed=None if data.get("allowed") is None else list(data["allowed"]),
            unit=data.get("unit"),
        )

    def allows(self, value: RuleValue) -> bool:
        return allows(self, value)

    def describe_range(self) -> str:
        return describe_range(self)


@dataclass(frozen=True, slots=True)
class PlainProfile(ReadsRules):
    """A profile, read-only, as the checker and check rules see it (``context.profile``)."""

    name: str
    version: str
    regime: Profile
    title: str
    source: str
    rules: Mapping[str, PlainRule]
    extends: str | None = None
    in_force_from: dt.date | None = None
    in_force_until: dt.date | None = None
    follows_date: bool = False
    """True for a house style with ``extends: dang``, whose rules depend on the document's date."""

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> PlainProfile:
        """A shipped profile from its data file (trusted: the test suite validates each one)."""
        return cls(
            name=data["name"],
            version=str(data["version"]),
            regime=Profile.parse(data["regime"]),
            title=data["title"],
            source=data["source"],
            rules={key: PlainRule.from_data(rule) for key, rule in data["rules"].items()},
            extends=data.get("extends"),
            in_force_from=_date(data.get("in_force_from")),
            in_force_until=_date(data.get("in_force_until")),
        )

    @classmethod
    def of(cls, profile: FormatProfile) -> PlainProfile:
        """The read-only form of a validated profile."""
        return cls(
            name=profile.name,
            version=profile.version,
            regime=profile.regime,
            title=profile.title,
            source=profile.source,
            rules={key: PlainRule.from_data(rule.__dict__) for key, rule in profile.rules.items()},
            extends=profile.extends,
            in_force_from=profile.in_force_from,
            in_force_until=profile.in_force_until,
            follows_date=profile.follows_date,
        )

    @property
    def ref(self) -> str:
        """``name@version`` (``dang@2026``)."""
        return f"{self.name}@{self.version}"

    def in_force_on(self, day: dt.date) -> bool:
        """Whether a document dated ``day`` falls within the profile's period of force."""
        return in_period(self.in_force_from, self.in_force_until, day)
