"""The base class shared by every dlxh model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["DlxhModel"]


class DlxhModel(BaseModel):
    """Base of all models: unknown fields are errors and assignments are validated.

    ``extra="forbid"`` turns a misspelt key in a YAML file (``tendancy:``) into an error that names
    it, instead of silently dropping the data.
    """

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        validate_default=True,
        use_enum_values=False,
        ser_json_bytes="base64",
        val_json_bytes="base64",
        ser_json_inf_nan="strings",
    )
