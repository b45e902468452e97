"""The data model of a format profile and its rules."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Self

from pydantic import Field, PrivateAttr, model_validator

from dlxh.models._base import DlxhModel
from dlxh.models._text import Code, Text
from dlxh.models.numbering import Profile
from dlxh.profiles.plain import ReadsRules, RuleValue, allows, describe_range, in_period

__all__ = ["REQUIRED_RULES", "FormatProfile", "ProfileRef", "Rule", "RuleValue"]

ProfileRef = Annotated[str, Field(max_length=100, pattern=r"^[\w.\-]+(@[\w.\-]+)?$")]
"""A profile as a name (``dang``: the version in force on the document's date) or pinned to one
version (``dang@2018``)."""

REQUIRED_RULES = frozenset(
    {
        "page.size",
        "page.margin_top_mm",
        "page.margin_bottom_mm",
        "page.margin_left_mm",
        "page.margin_right_mm",
        "font.name",
        "header.left_width_mm",
        "national_title.text",
        "national_title.size_pt",
        "issuer.parent_size_pt",
        "issuer.name_size_pt",
        "issuer.star",
        "number.size_pt",
        "date.size_pt",
        "type.size_pt",
        "summary.size_pt",
        "summary.rule",
        "subject.size_pt",
        "body.size_pt",
        "body.first_line_indent_mm",
        "body.space_after_pt",
        "body.line_spacing",
        "body.end_mark",
        "heading.separator",
        "heading.level1_size_pt",
        "signature.authority_size_pt",
        "signature.title_bold",
        "signature.name_size_pt",
        "recipients.label",
        "recipients.label_size_pt",
        "recipients.label_style",
        "recipients.size_pt",
        "page_number.size_pt",
    }
)
"""Rules the renderer reads; every profile must define them (directly or through ``extends``)."""


class Rule(DlxhModel):
    """One formatting rule: what it governs, its default, what is allowed, where it comes from."""

    component: Code = Field(description="The document component: page, issuer, body, ...")
    description: Text
    default: RuleValue
    min: float | None = None
    max: float | None = None
    allowed: list[RuleValue] | None = None
    unit: Text | None = None
    source: Text = Field(description="The clause of the regulation the rule comes from.")
    confirmed: bool = Field(
        description="True when checked against the regulation text; false for secondary sources."
    )

    @model_validator(mode="after")
    def _check_default(self) -> Self:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        if not self.allows(self.default):
            numeric = self.min is not None or self.max is not None
            if numeric and (
                isinstance(self.default, bool) or not isinstance(self.default, int | float)
            ):
                raise ValueError(
                    f"default {self.default!r} must be a number ({self.describe_range()})"
                )
            raise ValueError(f"default {self.default!r} is outside {self.describe_range()}")
        return self

    def allows(self, value: RuleValue) -> bool:
        """Whether ``value`` is within the rule's range and allowed values."""
        return allows(self, value)

    def describe_range(self) -> str:
        """The allowed range in words, for messages ("13-14 pt", "one of: ...")."""
        return describe_range(self)


class FormatProfile(ReadsRules, DlxhModel):
    """A named, versioned set of rules for one document regime."""

    name: Code
    version: Text
    regime: Profile = Field(description="Which regime's layout the profile follows.")
    title: Text
    source: Text
    extends: ProfileRef | None = Field(
        default=None,
        description="Profile whose rules this one inherits: a name follows the document's date "
        "(``dang``), ``name@version`` pins one version (``dang@2018``).",
    )
    in_force_from: dt.date | None = Field(
        default=None, description="First day the rules apply (documents dated from it on)."
    )
    in_force_until: dt.date | None = Field(
        default=None, description="Last day the rules apply (inclusive); none while in force."
    )
    rules: dict[str, Rule]

    # A house style loaded from ``extends: dang`` (a family, not one version) keeps its own file
    # data, so that :func:`dlxh.profiles.profile_on` can derive it again from the parent version
    # in force on another document's date. Private: not part of the profile's data or equality.
    _own_data: dict[str, Any] | None = PrivateAttr(default=None)

    @property
    def ref(self) -> str:
        """``name@version`` (``dang@2026``): names this exact version of the profile."""
        return f"{self.name}@{self.version}"

    def in_force_on(self, day: dt.date) -> bool:
        """Whether a document dated ``day`` falls within the profile's period of force."""
        return in_period(self.in_force_from, self.in_force_until, day)

    @property
    def follows_date(self) -> bool:
        """True for a profile that extends a profile family by name (``extends: dang``): its
        parent version, and so its rules, depend on the document's date."""
        return self._own_data is not None

    def missing_rules(self) -> list[str]:
        """Required rules this profile lacks (empty for a complete profile)."""
        return sorted(REQUIRED_RULES - set(self.rules))
