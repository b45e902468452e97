"""Shared pieces of the JSON Lines validator tests: a clean record, its compact line, and the
full validator every quick road is compared with."""

from __future__ import annotations

import json
from typing import Any

import pydantic

from dlxh.models._context import PARTIAL

CONTEXT = {PARTIAL: True}
ITEM = {"title": "Giá phân bón tăng", "content": "Nông dân lo.", "field": "economy"}


def full(model: type[pydantic.BaseModel], records: list[Any]) -> list[pydantic.BaseModel]:
    """What the model's own (full) validator makes of ``records``."""
    return pydantic.TypeAdapter(list[model]).validate_python(records, context=CONTEXT)  # type: ignore[valid-type]


def line(record: Any) -> bytes:
    """``record`` as one compact JSON Lines line, Vietnamese unescaped."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()
