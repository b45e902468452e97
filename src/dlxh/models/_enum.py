"""Enumerations that carry their Vietnamese label.

Members are ``StrEnum`` values with stable English identifiers (what JSON and YAML store and what
code compares), and every member has ``.label``: the Vietnamese wording that goes into documents.
Input also accepts the label itself, in any case and either Unicode form (``"tán thành"`` for
``Tendency.APPROVE``), so staff can write data files in Vietnamese.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import Any, Self

from pydantic import GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

__all__ = ["LabeledEnum"]


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().replace("_", " ").split())


class LabeledEnum(StrEnum):
    """A string enum whose members are declared as ``NAME = ("identifier", "nhãn tiếng Việt")``.

    Further strings after the label are extra spellings accepted as input
    (``BRIEFING = ("briefing", "hội nghị giao ban", "giao ban")``).
    """

    label: str
    spellings: tuple[str, ...]

    def __new__(cls, value: str, label: str, *spellings: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.spellings = spellings
        return member

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        if not isinstance(value, str):
            return None
        return cls._aliases().get(_key(value))

    @classmethod
    def _aliases(cls) -> dict[str, Self]:
        """Every accepted spelling: identifier, member name, label, and each comma-separated part
        of the label ("xã" for "xã, phường, đặc khu") that belongs to one member only."""
        cached: dict[str, Self] | None = cls.__dict__.get("_alias_cache")
        if cached is not None:
            return cached
        aliases: dict[str, Self] = {}
        parts: dict[str, list[Self]] = {}
        for member in cls:
            for spelling in (member.value, member.name, member.label, *member.spellings):
                aliases.setdefault(_key(spelling), member)
            for part in member.label.split(","):
                parts.setdefault(_key(part), []).append(member)
        for part, members in parts.items():
            if part and len(members) == 1:
                aliases.setdefault(part, members[0])
        type.__setattr__(cls, "_alias_cache", aliases)
        return aliases

    @classmethod
    def labels(cls) -> dict[str, str]:
        """Map every identifier to its Vietnamese label (handy for documentation and forms)."""
        return {member.value: member.label for member in cls}

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema: dict[str, Any] = handler(schema)
        json_schema = handler.resolve_ref_schema(json_schema)
        json_schema["x-labels"] = cls.labels()
        json_schema.setdefault(
            "description",
            "; ".join(f"{m.value} = {m.label}" for m in cls),
        )
        return json_schema
