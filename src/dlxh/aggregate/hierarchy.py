"""Grouping by the structure of the work: within each unit first, then upwards.

Communes report to provinces and provinces to the centre, so items are grouped the same way: the
items each unit's collaborators reported among themselves, then each unit's currents with those
of the units below it, by average link over their items computed from the currents' vector sums
(:func:`dlxh.aggregate.linkage.merge_groups`). A province compares its communes' currents, not
all their items, and the centre its provinces'. Above the first level currents merge field by
field (their items' majority field): currents of different fields are different matters, as
items of different fields are unless nearly identical, and it keeps a national merge in reach.

Each province's part is independent of the others' once the batch's vectors exist, so it can
run as a task of an executor (a process pool, or Dask's ``client.get_executor()``): one task per
province, then the merge at the centre (:func:`group_by_units` with ``executor=``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from typing import TYPE_CHECKING

from dlxh.aggregate.linkage import merge_groups
from dlxh.aggregate.similarity import DEFAULT_THRESHOLD, TITLE_ONLY_THRESHOLD, link_rows
from dlxh.aggregate.vectors import located, vectorise
from dlxh.models.opinion import OpinionField, OpinionItem

if TYPE_CHECKING:
    import scipy.sparse as sp

__all__ = ["group_by_units"]

_FIELDS = list(OpinionField)


def _ancestry(parents: Mapping[str, str | None]) -> dict[str | None, list[str | None]]:
    chain: dict[str | None, list[str | None]] = {None: [None]}

    def of(code: str | None) -> list[str | None]:
        if code not in chain:
            seen: list[str | None] = [code]
            while seen[-1] is not None and len(seen) <= len(parents) + 1:
                parent = parents.get(seen[-1] or "")
                seen.append(parent if parent not in seen else None)
            chain[code] = seen if seen[-1] is None else [*seen, None]
        return chain[code]

    for code in list(parents):
        of(code)
    return chain


def _chain(chain: dict[str | None, list[str | None]], code: str | None) -> list[str | None]:
    return chain.get(code) or [code, None]


def _by_field(
    vectors: sp.csr_matrix,
    groups: list[list[int]],
    fields: Sequence[OpinionField],
    places: Sequence[frozenset[str]],
    threshold: float,
) -> list[list[int]]:
    """Merge ``groups`` field by field (each group's majority field, ties to the first)."""
    parts: dict[OpinionField, list[list[int]]] = {}
    for group in groups:
        counts = Counter(fields[i] for i in group)
        field = max(_FIELDS, key=lambda f: (counts[f], -_FIELDS.index(f)))
        parts.setdefault(field, []).append(group)
    merged: list[list[int]] = []
    for field in _FIELDS:
        part = parts.get(field, [])
        merged += merge_groups(vectors, part, threshold, places) if len(part) > 1 else part
    return merged


def _bottom_up(
    vectors: sp.csr_matrix,
    units: Sequence[str | None],
    fields: Sequence[OpinionField],
    places: Sequence[frozenset[str]],
    parents: Mapping[str, str | None],
    *,
    threshold: float,
) -> list[list[int]]:
    """The groups reaching the top of the tree (not merged there): the work of one province,
    or of the whole batch before the last merge. Runs in a worker for a province's task."""
    chain = _ancestry(parents)
    own: dict[str | None, list[int]] = {}
    for index, code in enumerate(units):
        own.setdefault(code, []).append(index)
    pending: dict[str | None, list[list[int]]] = {}
    merged_below: set[str | None] = set()  # units that receive the currents of units below
    for code, members in own.items():
        local = link_rows(
            vectors[members],
            threshold,
            places=[places[i] for i in members],
            labels=[fields[i] for i in members],
        )
        pending.setdefault(code, []).extend([members[i] for i in group] for group in local)
    depth = {c: len(_chain(chain, c)) for u in own for c in _chain(chain, u)}
    for code in sorted(depth, key=lambda c: (-depth[c], c or "")):
        groups = pending.pop(code, [])
        if code is None or not groups:
            if groups:
                pending[None] = groups
            continue
        parent = _chain(chain, code)[1]
        if parent is not None and depth[parent] >= depth[code]:
            parent = None  # a cycle in the tree (which the synthesis reports): merge at the top
        if code in merged_below and len(groups) > 1:
            groups = _by_field(vectors, groups, fields, places, threshold)
        pending.setdefault(parent, []).extend(groups)
        merged_below.add(parent)
    return pending.get(None, [])


def group_by_units(
    items: Sequence[OpinionItem],
    units: Sequence[str | None],
    parents: Mapping[str, str | None],
    threshold: float | None = None,
    *,
    executor: Executor | None = None,
) -> list[list[int]]:
    """Group items within each unit first, then upwards (see the module's description).

    ``units[i]`` is the unit of item ``i`` (``None``: above every unit), ``parents`` the unit
    tree (code -> parent code). Words are weighted by their rarity in the whole batch. With an
    ``executor`` each top-level unit's subtree (a province) is one task; the result is the same
    as without. Returns groups as :func:`~dlxh.aggregate.similarity.group_items` does.
    """
    if len(units) != len(items):
        raise ValueError(f"got {len(units)} units for {len(items)} items")
    if not items:
        return []
    if threshold is None:
        threshold = (
            DEFAULT_THRESHOLD if any(i.content.strip() for i in items) else TITLE_ONLY_THRESHOLD
        )
    vectors = vectorise([i.title for i in items], [i.content for i in items])
    places = [located(i.title, unit) for i, unit in zip(items, units, strict=True)]
    fields = [i.field for i in items]
    if executor is None:
        top = _bottom_up(vectors, units, fields, places, parents, threshold=threshold)
    else:
        chain = _ancestry(parents)
        subtrees: dict[str | None, list[int]] = {}
        for index, code in enumerate(units):
            line = _chain(chain, code)
            subtrees.setdefault(line[-2] if len(line) > 1 else None, []).append(index)
        tasks = [
            (
                rows,
                executor.submit(
                    _bottom_up,
                    vectors[rows],
                    [units[i] for i in rows],
                    [fields[i] for i in rows],
                    [places[i] for i in rows],
                    parents,
                    threshold=threshold,
                ),
            )
            for _, rows in sorted(subtrees.items(), key=lambda kv: kv[0] or "")
        ]
        top = [[rows[i] for i in group] for rows, task in tasks for group in task.result()]
    top.sort(key=min)  # the same order however the provinces were run
    merged = _by_field(vectors, top, fields, places, threshold) if len(top) > 1 else top
    return sorted((sorted(g) for g in merged), key=lambda g: g[0])
