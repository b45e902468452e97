"""Collaborators (cộng tác viên dư luận xã hội) and their contact details."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Self

import phonenumbers
from pydantic import AfterValidator, EmailStr, Field, model_validator

from dlxh.models._base import DlxhModel
from dlxh.models._enum import LabeledEnum
from dlxh.models._scalars import Day, Whole
from dlxh.models._text import Code, Name, Text
from dlxh.models.opinion import OpinionField
from dlxh.models.unit import UnitLevel

__all__ = ["Collaborator", "CollaboratorStatus", "Contact", "Gender", "PhoneNumber", "Term"]

MIN_AGE = 18


def _phone(value: str) -> str:
    """Validate a phone number (Vietnamese by default) and store it in E.164 form (+84...)."""
    try:
        parsed = phonenumbers.parse(value, "VN")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise ValueError(
            f"invalid phone number {value!r}: expected a Vietnamese number such as "
            "0912 345 678 or +84 912 345 678"
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


PhoneNumber = Annotated[Text, AfterValidator(_phone)]
"""A phone number; input in any usual form, stored as E.164 (``+84912345678``)."""

_TERM = re.compile(r"^(\d{4})\s*[-–]\s*(\d{4})$")


def _term(value: str) -> str:
    match = _TERM.match(value)
    if not match or int(match[2]) <= int(match[1]):
        raise ValueError(
            f"invalid term {value!r}: expected 'YYYY-YYYY' with the end after the start"
        )
    return f"{match[1]}-{match[2]}"


Term = Annotated[Text, AfterValidator(_term)]
"""A term of office, ``2020-2025`` (nhiệm kỳ)."""


class Gender(LabeledEnum):
    MALE = ("male", "nam")
    FEMALE = ("female", "nữ")
    OTHER = ("other", "khác")


class CollaboratorStatus(LabeledEnum):
    ACTIVE = ("active", "đang hoạt động")
    INACTIVE = ("inactive", "tạm ngừng")
    REPLACED = ("replaced", "đã thay thế")


class Contact(DlxhModel):
    """How to reach a collaborator."""

    phone: PhoneNumber | None = None
    email: EmailStr | None = None
    address: Text | None = None

    @property
    def phone_national(self) -> str | None:
        """The phone number as Vietnamese people write it (``0912 345 678``)."""
        if self.phone is None:
            return None
        number = phonenumbers.parse(self.phone, "VN")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


class Collaborator(DlxhModel):
    """A member of the DLXH collaborator network.

    Collaborators who stay silent are replaced ("kịp thời thay thế"): a replaced collaborator keeps
    their record with ``status=replaced``, an ``ended_on`` date and optionally ``replaced_by``.
    """

    id: Code
    full_name: Name
    gender: Gender | None = None
    birth_year: Whole | None = Field(default=None, ge=1900)
    unit: Code = Field(description="Code of the unit the collaborator works in.")
    position: Text | None = Field(default=None, description="Job title, e.g. 'Bí thư Chi bộ'.")
    level: UnitLevel = Field(description="Level of the network the collaborator belongs to.")
    fields: list[OpinionField] = Field(default_factory=list, description="Fields of expertise.")
    contact: Contact = Field(default_factory=Contact)
    status: CollaboratorStatus = CollaboratorStatus.ACTIVE
    appointed_on: Day | None = None
    ended_on: Day | None = None
    term: Term | None = None
    replaced_by: Code | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.appointed_on and self.ended_on and self.ended_on < self.appointed_on:
            raise ValueError(
                f"ended_on ({self.ended_on}) is before appointed_on ({self.appointed_on})"
            )
        if self.birth_year is not None and self.appointed_on is not None:
            age = self.appointed_on.year - self.birth_year
            if age < MIN_AGE:
                raise ValueError(
                    f"birth_year {self.birth_year} makes the collaborator {age} at appointment "
                    f"(at least {MIN_AGE} expected)"
                )
        if self.status is CollaboratorStatus.ACTIVE and self.ended_on is not None:
            raise ValueError("an active collaborator cannot have ended_on; set status too")
        if self.status is CollaboratorStatus.REPLACED and self.ended_on is None:
            raise ValueError("a replaced collaborator needs ended_on (the replacement date)")
        if self.replaced_by is not None and self.status is not CollaboratorStatus.REPLACED:
            raise ValueError("replaced_by is set but status is not 'replaced'")
        if self.replaced_by == self.id:
            raise ValueError("a collaborator cannot replace themselves")
        if len(set(self.fields)) != len(self.fields):
            raise ValueError("fields lists the same field twice")
        return self

    def is_active_on(self, day: date) -> bool:
        """Whether the collaborator was in the network on ``day`` (appointed, not yet ended)."""
        if self.appointed_on and day < self.appointed_on:
            return False
        if self.ended_on and day > self.ended_on:
            return False
        return self.status is not CollaboratorStatus.INACTIVE or self.ended_on is not None
