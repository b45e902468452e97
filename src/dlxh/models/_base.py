"""The base class shared by every dlxh model."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

__all__ = ["DlxhModel"]

_MISSING = object()


class DlxhModel(BaseModel):
    """Base of all models: unknown fields are errors and assignments are validated.

    ``extra="forbid"`` turns a misspelt key in a YAML file (``tendancy:``) into an error that names
    it, instead of silently dropping the data. A number given where text is expected (an id
    ``2026``, a phone number typed without quotes) is taken as its digits.
    """

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        validate_default=True,
        ser_json_bytes="base64",
        val_json_bytes="base64",
        ser_json_inf_nan="strings",
        coerce_numbers_to_str=True,
    )

    def __setattr__(self, name: str, value: Any) -> None:
        """Assign with validation, and keep the old value when a model-level check rejects it.

        Pydantic stores the new value before it runs the model's own validators (the ones that
        compare fields); without this, a rejected assignment would leave the model inconsistent.
        """
        old = self.__dict__.get(name, _MISSING)
        try:
            super().__setattr__(name, value)
        except ValidationError:
            if old is not _MISSING and name in type(self).model_fields:
                self.__dict__[name] = old
            raise
