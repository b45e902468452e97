"""Grouping by the structure of the work: within each unit first, then upwards.

Communes report to provinces and provinces to the centre, so items are grouped the same way: the
items each unit's collaborators reported among themselves, then each unit's currents with those
of the units below it, by average link over their items computed from the currents' vector sums
(:func:`dlxh.aggregate.linkage.merge_sums`): the items' vectors as they were compared, leaning
towards their nearest items of the same unit (:mod:`dlxh.aggregate.smoothing`). A province
compares its communes' currents, not all their items, and the centre its provinces'. Above the
first level currents merge field by field (their items' majority field): currents of different
fields are different matters, as items of different fields are unless nearly identical, and it
keeps a national merge in reach.

Each province's part is independent of the others' once the batch's vectors exist, so it can
run as a task of an executor (a process pool, or Dask's ``client.get_executor()``): one task per
province (the units just below the top of the tree, below the centre when it is the one root),
then the merge at the centre (:func:`group_by_units` with ``executor=``). Without an executor
the same tasks run one after the other, so the groups are the same.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor, Future
from typing import TYPE_CHECKING, TypeVar

from dlxh.aggregate.graph import PAIR_BUDGET
from dlxh.aggregate.linkage import group_sums, merge_sums
from dlxh.aggregate.similarity import DEFAULT_THRESHOLD, TITLE_ONLY_THRESHOLD, linked_rows
from dlxh.aggregate.vectors import located, vectorise
from dlxh.models.opinion import OpinionField, OpinionItem

if TYPE_CHECKING:
    import numpy as np
    import scipy.sparse as sp

__all__ = ["group_by_units", "majority"]

_FIELDS = list(OpinionField)
E = TypeVar("E")


def majority(counts: Mapping[E, int], order: Sequence[E]) -> E:
    """The value of ``order`` counted most often in ``counts``; among equals, the first."""
    return max(order, key=lambda value: (counts.get(value, 0), -order.index(value)))


_Part = tuple[list[list[int]], "sp.csr_matrix", list[frozenset[str]]]
"""A province's top groups, their sums and the places of its items (:func:`_bottom_up`)."""


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
    sums: sp.csr_matrix,
    groups: list[list[int]],
    fields: Sequence[OpinionField],
    places: Sequence[frozenset[str]],
    threshold: float,
    *,
    executor: Executor | None = None,
) -> list[list[int]]:
    """Merge ``groups`` (``sums``: a row per group, :func:`group_sums`) field by field (each
    group's majority field, ties to the first), each field a task of ``executor`` if given."""
    parts: dict[OpinionField, list[int]] = {}
    for at, group in enumerate(groups):
        counts = Counter(fields[i] for i in group)
        field = majority(counts, _FIELDS)
        parts.setdefault(field, []).append(at)
    merged: list[list[int]] = []
    tasks = []
    # the largest field first: a pool then ends its tasks together (the groups are sorted
    # afterwards, so the order they were made in changes nothing)
    for field in sorted(_FIELDS, key=lambda f: -len(parts.get(f, []))):
        part = parts.get(field, [])
        chosen = [groups[at] for at in part]
        if len(part) < 2:
            merged += chosen
            continue
        named = [frozenset[str]().union(*(places[i] for i in group)) for group in chosen]
        if executor is None:
            merged += merge_sums(sums[part], chosen, threshold, named=named)
        else:  # the fields of the centre's merge are independent: one task each
            tasks.append(executor.submit(merge_sums, sums[part], chosen, threshold, named=named))
    for task in tasks:
        merged += task.result()
    return merged


def _apart_by_unit(vectors: sp.csr_matrix, owners: np.ndarray) -> sp.csr_matrix:
    """``vectors`` with the rows of each unit (``owners``: a block number per row) in columns
    of their own, so that rows of two units share no feature and are never paired."""
    import numpy as np  # noqa: PLC0415
    import scipy.sparse as sp  # noqa: PLC0415

    rows = np.repeat(owners.astype(np.int64), np.diff(vectors.indptr))
    used, columns = np.unique(rows * vectors.shape[1] + vectors.indices, return_inverse=True)
    return sp.csr_matrix(
        (vectors.data, columns.reshape(-1), vectors.indptr), shape=(vectors.shape[0], len(used))
    )


def _bottom_up(
    vectors: sp.csr_matrix,
    units: Sequence[str | None],
    fields: Sequence[OpinionField],
    titles: Sequence[str],
    parents: Mapping[str, str | None],
    *,
    threshold: float,
    root: str | None = None,
) -> _Part:
    """The groups reaching ``root`` (merged there, when it is a unit of the tree) and their
    sums: the work of one province. Runs in a worker for a province's task; its memory (the
    smoothed rows) is the province's only.

    Every unit's items are grouped among themselves in one call: each unit's rows get columns
    of their own (:func:`_apart_by_unit`), so the similarity graph pairs rows of one unit only,
    exactly as a call per unit would, without the cost of a hundred calls per province."""
    import numpy as np  # noqa: PLC0415

    places = [located(title, unit) for title, unit in zip(titles, units, strict=True)]
    chain = _ancestry(parents)
    own: dict[str | None, list[int]] = {}
    for index, code in enumerate(units):
        own.setdefault(code, []).append(index)
    owners = np.empty(len(units), dtype=np.int64)
    for number, members in enumerate(own.values()):
        owners[members] = number
    local, smoothed = linked_rows(
        vectors,
        threshold,
        places=places,
        labels=fields,
        search=_apart_by_unit(vectors, owners),
        budget=PAIR_BUDGET * len(own),
    )
    pending: dict[str | None, list[list[int]]] = {}
    for group in local:
        pending.setdefault(units[group[0]], []).append(group)
    merged_below: set[str | None] = set()  # units that receive the currents of units below
    depth = {c: len(_chain(chain, c)) for u in own for c in _chain(chain, u)}
    for code in sorted(depth, key=lambda c: (-depth[c], c or "")):
        groups = pending.pop(code, [])
        if code is None or not groups:
            if groups:
                pending[None] = groups
            continue
        parent = _chain(chain, code)[1] if code != root else None
        if parent is not None and depth[parent] >= depth[code]:
            parent = None  # a cycle in the tree (which the synthesis reports): merge at the top
        if code in merged_below and len(groups) > 1:
            groups = _by_field(group_sums(smoothed, groups), groups, fields, places, threshold)
        pending.setdefault(parent, []).extend(groups)
        merged_below.add(parent)
    top = pending.get(None, [])
    return top, group_sums(smoothed, top), places


def _tasks(
    units: Sequence[str | None], chain: dict[str | None, list[str | None]]
) -> dict[str | None, list[int]]:
    """The items of each task: of each unit just below the top of the tree that has several
    (a province, when the centre is the one root), an item of a unit above that being a task
    of its unit."""
    lines = {code: _chain(chain, code) for code in set(units)}
    longest = max(len(line) for line in lines.values())
    level = 2  # line[-1] is None, line[-2] the root
    while (
        level < longest and len({line[-level] for line in lines.values() if len(line) >= level}) < 2
    ):
        level += 1
    tasks: dict[str | None, list[int]] = {}
    for index, code in enumerate(units):
        line = lines[code]
        tasks.setdefault(line[-level] if len(line) >= level else line[0], []).append(index)
    return tasks


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
    tree (code -> parent code). Words are weighted by their rarity in the whole batch. Each
    top-level unit's subtree (a province) is one task, of ``executor`` when one is given; the
    result is the same without. Returns groups as :func:`~dlxh.aggregate.similarity.group_items`
    does.
    """
    import numpy as np  # noqa: PLC0415
    import scipy.sparse as sp  # noqa: PLC0415

    if len(units) != len(items):
        raise ValueError(f"got {len(units)} units for {len(items)} items")
    if not items:
        return []
    if threshold is None:
        threshold = (
            DEFAULT_THRESHOLD if any(i.content.strip() for i in items) else TITLE_ONLY_THRESHOLD
        )
    vectors = vectorise([i.title for i in items], [i.content for i in items])
    fields = [i.field for i in items]
    subtrees = _tasks(units, _ancestry(parents))
    tasks: list[tuple[list[int], _Part | Future[_Part]]] = []
    # the largest province first (longest job first: the pool's workers finish together);
    # the groups are put in order of their rows below, however the provinces were run
    for key, rows in sorted(subtrees.items(), key=lambda kv: (-len(kv[1]), kv[0] or "")):
        arguments = (
            vectors[rows],
            [units[i] for i in rows],
            [fields[i] for i in rows],
            [items[i].title for i in rows],
            parents,
        )
        if executor is None:
            tasks.append((rows, _bottom_up(*arguments, threshold=threshold, root=key)))
        else:
            submitted = executor.submit(_bottom_up, *arguments, threshold=threshold, root=key)
            tasks.append((rows, submitted))
    top: list[list[int]] = []
    sums: list[sp.csr_matrix] = []
    places: list[frozenset[str]] = [frozenset()] * len(items)
    for rows, task in tasks:
        groups, part, named = task if isinstance(task, tuple) else task.result()
        top += [[rows[i] for i in group] for group in groups]
        sums.append(part)
        for row, found in zip(rows, named, strict=True):
            places[row] = found
    order = sorted(range(len(top)), key=lambda at: min(top[at]))  # however provinces were run
    top = [top[at] for at in order]
    merged = top
    if len(top) > 1:
        stacked = sp.csr_matrix(sp.vstack(sums, format="csr")[np.asarray(order, dtype=np.int64)])
        merged = _by_field(stacked, top, fields, places, threshold, executor=executor)
    return sorted((sorted(g) for g in merged), key=lambda g: g[0])
