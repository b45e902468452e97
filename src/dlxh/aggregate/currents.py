"""Opinion currents (luồng dư luận): the same matter, reported by several people, counted once.

Ten collaborators who report the same landslide are one current with ten reflections ("lượt phản
ánh"), not ten currents. Items are grouped by similarity (:mod:`dlxh.aggregate.similarity` by
default; any ``grouper`` can replace it, e.g. one backed by a language model), and every current
keeps its **provenance**: the report, reporter and item behind each reflection, so a figure in a
synthesis can always be traced back to what a collaborator wrote.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from concurrent.futures import Executor
from typing import TypeVar

from pydantic import Field

from dlxh.aggregate.hierarchy import group_by_units, majority
from dlxh.aggregate.similarity import centralities, group_items
from dlxh.aggregate.tokens import syllables
from dlxh.models._base import DlxhModel
from dlxh.models.opinion import Breadth, Intensity, OpinionField, OpinionItem, Tendency
from dlxh.vn.text import sort_key

__all__ = [
    "Grouper",
    "ItemRef",
    "OpinionCurrent",
    "build_currents",
    "count_by",
    "default_grouper",
    "group_by_units",
]

E = TypeVar("E", bound=Hashable)

Grouper = Callable[[Sequence[OpinionItem]], list[list[int]]]
"""Groups opinion items: returns lists of indices that together cover every item exactly once."""


class ItemRef(DlxhModel):
    """Where one reflection comes from: report, reporter, item position (and id, if any)."""

    report: str
    reporter: str
    index: int = Field(description="Position of the item in the report's items, from 0.")
    item: str | None = Field(default=None, description="The item's own id, when it has one.")
    unit: str | None = None


class OpinionCurrent(DlxhModel):
    """One matter of opinion across reporters, with the figures a synthesis report cites."""

    title: str
    field: OpinionField
    tendency: Tendency
    breadth: Breadth
    intensity: Intensity
    hotspot: bool
    reflections: int = Field(description="Lượt phản ánh: number of items.")
    reports: int = Field(description="Number of distinct reports.")
    reporters: int = Field(description="Number of distinct reporters.")
    units: list[str] = Field(description="Codes of the units concerned.")
    places: list[str] = Field(default_factory=list)
    tendencies: dict[Tendency, int] = Field(description="Items per tendency.")
    provenance: list[ItemRef]


def default_grouper(items: Sequence[OpinionItem]) -> list[list[int]]:
    """Group items by the similarity of their titles and contents (words weighted by rarity in
    the batch); items of different fields only when nearly identical."""
    return group_items(
        [item.title for item in items],
        contents=[item.content for item in items],
        labels=[item.field for item in items],
    )


def _majority(values: Sequence[E], order: Sequence[E]) -> E:
    return majority(Counter(values), order)


def _title(items: Sequence[OpinionItem]) -> str:
    """The most frequent wording; among equals, the one closest to all the others."""
    tokens = [syllables(item.title) for item in items]
    keys = [" ".join(words) for words in tokens]  # the wording, folded
    counts = Counter(keys)
    best = max(counts.values())
    chosen = [at for at, key in enumerate(keys) if counts[key] == best]
    candidates = [items[at].title for at in chosen]
    if len(candidates) == 1 or len(items) == 1:
        return candidates[0]
    if len(items) > _PAIRWISE_TITLES:  # a large current: the wording nearest its centre
        words = [set(title) for title in tokens]
        spread = Counter(word for title in words for word in title)  # titles using each word

        def nearness(at: int) -> float:
            own = words[at]
            return sum(spread[word] for word in own) / math.sqrt(len(own) or 1)

        return items[max(chosen, key=nearness)].title

    scores = centralities(candidates, [item.title for item in items])
    return candidates[scores.index(max(scores))]  # first of equals on a tie


_PAIRWISE_TITLES = 12
"""Up to this many items, a current's title is the wording most similar to all the others
(pairwise, quadratic); above, the one whose words most titles of the current use (a cosine with
the centre of their word sets, linear)."""


def _check_groups(groups: list[list[int]], count: int) -> None:
    seen = sorted(index for group in groups for index in group)
    if seen != list(range(count)):
        raise ValueError(
            f"the grouper must return every item index 0..{count - 1} exactly once; got {groups}"
        )


def build_currents(
    items: Sequence[tuple[OpinionItem, ItemRef]],
    grouper: Grouper | None = None,
    *,
    parents: Mapping[str, str | None] | None = None,
    executor: Executor | None = None,
) -> list[OpinionCurrent]:
    """Group ``items`` into currents, hot spots first, then by reports, reflections and title.

    Without a ``grouper``, items are grouped by :func:`group_by_units` when the unit tree
    (``parents``: code -> parent code) is given, each province a task of ``executor`` if one
    is given, by :func:`default_grouper` otherwise.

    Raises:
        ValueError: if the grouper loses, invents or repeats an item.
    """
    if not items:
        return []
    opinions = [item for item, _ in items]
    if grouper is not None:
        groups = grouper(opinions)
    elif parents is not None:
        units = [ref.unit for _, ref in items]
        groups = group_by_units(opinions, units, parents, executor=executor)
    else:
        groups = default_grouper(opinions)
    _check_groups(groups, len(items))
    currents = []
    fields = list(OpinionField)
    tendencies = list(Tendency)
    intensities = list(Intensity)
    for group in groups:
        if not group:
            continue
        members = [items[i] for i in sorted(group)]
        chosen = [item for item, _ in members]
        refs = [ref for _, ref in members]
        tendency_counts = Counter(item.tendency for item in chosen)
        currents.append(
            OpinionCurrent(
                title=_title(chosen),
                field=_majority([i.field for i in chosen], fields),
                tendency=_majority([i.tendency for i in chosen], tendencies),
                breadth=max(item.breadth for item in chosen),
                intensity=max((i.intensity for i in chosen), key=intensities.index),
                hotspot=any(item.hotspot for item in chosen),
                reflections=len(chosen),
                reports=len({ref.report for ref in refs}),
                reporters=len({ref.reporter for ref in refs}),
                units=sorted({ref.unit for ref in refs if ref.unit is not None}),
                places=sorted({i.place for i in chosen if i.place}, key=sort_key),
                tendencies={t: tendency_counts[t] for t in tendencies if tendency_counts[t]},
                provenance=refs,
            )
        )
    currents.sort(key=lambda c: (not c.hotspot, -c.reports, -c.reflections, sort_key(c.title)))
    return currents


def count_by(values: Sequence[E], order: Sequence[E]) -> dict[E, int]:
    """Counts of ``values`` in ``order`` (enum order), zero counts left out."""
    counts = Counter(values)
    return {value: counts[value] for value in order if counts[value]}
