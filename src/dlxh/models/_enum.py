"""Enumerations that carry their Vietnamese label.

Members are ``StrEnum`` values with stable English identifiers (what JSON and YAML store and what
code compares), and every member has ``.label``: the Vietnamese wording that goes into documents.
Input also accepts the label itself, an unambiguous comma-separated part of it ("xã" for "xã,
phường, đặc khu") and any declared short form, whatever the case, Unicode form, tone placement
("hoá"/"hóa") or dash ("văn hóa – xã hội"), so staff can write data files in Vietnamese.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Self

from dlxh.vn.text import fold

if TYPE_CHECKING:  # pydantic is imported only by the models that use these enums
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import core_schema

__all__ = ["LabeledEnum"]

_DASHES = re.compile(r"\s*[-‐‑‒–—―]\s*")


def _key(text: str) -> str:
    return _DASHES.sub("-", fold(text.replace("_", " ")))


_OTHER = _key("khác")


def _plain(text: str) -> str:
    """``text`` without accents, punctuation or case: what a keyboard without Vietnamese
    input types for it."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(text, diacritics=False)).split())


class LabeledEnum(StrEnum):
    """A string enum whose members are declared as ``NAME = ("identifier", "nhãn tiếng Việt")``.

    Further strings after the label are extra spellings accepted as input
    (``BRIEFING = ("briefing", "hội nghị giao ban", "giao ban")``).
    """

    label: str
    _spellings: tuple[str, ...]

    def __new__(cls, value: str, label: str, *spellings: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member._spellings = spellings
        return member

    @property
    def spellings(self) -> tuple[str, ...]:
        """Extra spellings accepted as input besides the identifier and the label."""
        return self._spellings

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        if not isinstance(value, str):
            return None
        return cls._aliases().get(_key(value))

    @classmethod
    def _aliases(cls) -> dict[str, Self]:
        """Every accepted spelling, folded: identifier, member name, label, short forms, each
        comma-separated part of the label that belongs to one member only, and a bare "khác"
        for the one member labelled "... khác" (forms and the report write "Khác" alone for
        "lĩnh vực khác", "nguồn khác")."""
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
            if _key(member.label).endswith(f" {_OTHER}"):
                parts.setdefault(_OTHER, []).append(member)
        for part, members in parts.items():
            if part and len(members) == 1:
                aliases.setdefault(part, members[0])
        type.__setattr__(cls, "_alias_cache", aliases)
        return aliases

    @classmethod
    def parse_unaccented(cls, value: str) -> Self | None:
        """The member ``value`` names once accents and punctuation are dropped (``kinh te``,
        ``Xa``), when only one member has that spelling; ``None`` otherwise.

        For text typed on a keyboard without Vietnamese input (a spreadsheet cell, an option):
        :meth:`parse` keeps the tones significant, since "Hòa" and "Hoa" are different names,
        so this is a second chance its callers give, never part of validation itself."""
        cached: dict[str, Self] | None = cls.__dict__.get("_unaccented_cache")
        if cached is None:
            found: dict[str, set[Self]] = {}
            for member in cls:
                words = member.label
                for spelling in (member.value, words, *member.spellings, *words.split(",")):
                    found.setdefault(_plain(spelling), set()).add(member)
            cached = {key: next(iter(v)) for key, v in found.items() if key and len(v) == 1}
            type.__setattr__(cls, "_unaccented_cache", cached)
        return cached.get(_plain(value))

    @classmethod
    def labels(cls) -> dict[str, str]:
        """Map every identifier to its Vietnamese label (handy for documentation and forms)."""
        return {member.value: member.label for member in cls}

    @classmethod
    def accepted(cls) -> list[str]:
        """The spellings input may use: identifiers, labels and short forms (as written)."""
        spellings: list[str] = []
        for member in cls:
            for spelling in (member.value, member.label, *member.spellings):
                if spelling not in spellings:
                    spellings.append(spelling)
        return spellings

    @classmethod
    def parse(cls, value: Any) -> Self:
        """The member ``value`` names (identifier, label or short form, as input accepts them);
        ``ValueError`` listing the choices otherwise."""
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            # The identifier itself, as data files mostly hold it: a dict lookup, where folding
            # the value to match the other spellings made enums the bulk of loading a dataset.
            exact = cls._value2member_map_.get(value)
            if isinstance(exact, cls):
                return exact
            member = cls._missing_(value)
            if member is not None:
                return member
        choices = ", ".join(f"{m.value} ({m.label})" for m in cls)
        raise ValueError(f"expected one of: {choices}; got {value!r}")

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic_core import core_schema  # noqa: PLC0415 (lazy: see the module's imports)

        return core_schema.no_info_plain_validator_function(
            cls.parse,
            ref=f"{cls.__module__}.{cls.__qualname__}",
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda member: member.value, when_used="json"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # Validation accepts the Vietnamese labels too; output is always the identifier.
        values = [m.value for m in cls] if handler.mode == "serialization" else cls.accepted()
        return {
            "title": cls.__name__,
            "type": "string",
            "enum": values,
            "description": "; ".join(f"{m.value} = {m.label}" for m in cls),
            "x-labels": cls.labels(),
        }
