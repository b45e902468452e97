"""Built-in analysis hooks: the keyword classifier, text-similarity grouping, hot spots.

They are ``trylast`` fallbacks: a plugin that answers (a smarter classifier, a grouping model)
takes precedence, and these run only when none does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dlxh.hookspecs import hookimpl

if TYPE_CHECKING:  # the models (and pydantic) load when a hook is first called
    from dlxh.models import OpinionField, OpinionItem, Tendency


@hookimpl(trylast=True)
def dlxh_classify_field(text: str) -> OpinionField | None:
    from dlxh.aggregate.classify import classify_field  # noqa: PLC0415 (loaded on first use)

    return classify_field(text)


@hookimpl(trylast=True)
def dlxh_classify_tendency(text: str) -> Tendency | None:
    from dlxh.aggregate.classify import classify_tendency  # noqa: PLC0415

    return classify_tendency(text)


@hookimpl(trylast=True)
def dlxh_detect_hotspot(item: OpinionItem) -> bool | None:
    return item.hotspot


@hookimpl(trylast=True)
def dlxh_group_items(items: Sequence[OpinionItem]) -> list[list[int]] | None:
    from dlxh.aggregate.currents import default_grouper  # noqa: PLC0415

    return default_grouper(items)
