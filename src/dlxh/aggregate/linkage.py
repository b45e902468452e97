"""Average-link clustering on a sparse similarity graph, exact for unit vectors and deterministic.

Average link merges the two groups whose items are, on average, most alike, until no pair of
groups reaches the threshold; unlike single link, a chain of pairwise-similar texts (A~B, B~C)
does not glue unrelated ends together. The textbook algorithm compares every pair of groups at
every step (cubic: 400 texts took seconds, 1,600 took over a minute). Here the groups only keep
the *sums* of similarities to the groups they touch, in a heap: merging two groups adds their
sums, so each step costs the neighbours of the merged groups, and groups with nothing in common
are never compared at all.

For unit vectors the sum of the similarities between the items of two groups is the dot product
of the groups' vector sums. So groups formed in a commune can be merged at the province with no
item compared again (:func:`merge_groups`): the province compares the communes' currents through
their vector sums and gets exactly the average-link answer of comparing their items, except for
the pairs below the :data:`FLOOR` share of the threshold, which count as nothing.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dlxh.aggregate.graph import similarity_graph

if TYPE_CHECKING:
    import scipy.sparse as sp

__all__ = ["FLOOR", "apart", "average_linkage", "group_sums", "merge_groups", "merge_sums"]

FLOOR = 0.5
"""Similarities below this share of the threshold are left out of the graph (as 0): they could
only matter averaged with many much higher ones, and keeping them makes the graph dense."""


def apart(graph: sp.csr_matrix, places: Sequence[frozenset[str]]) -> sp.csr_matrix:
    """``graph`` without the pairs of nodes that both name places and share none: two
    landslides at bản Pa So and bản Nậm Cuổi are two matters however alike their wording."""
    import numpy as np  # noqa: PLC0415
    import scipy.sparse as sp  # noqa: PLC0415

    coo = graph.tocoo()
    keep = np.asarray(
        [
            not (places[i] and places[j] and not places[i] & places[j])
            for i, j in zip(coo.row.tolist(), coo.col.tolist(), strict=True)
        ],
        dtype=bool,
    )
    return sp.csr_matrix((coo.data[keep], (coo.row[keep], coo.col[keep])), shape=graph.shape)


def _start(
    graph: sp.spmatrix, sizes: Sequence[int] | None, threshold: float
) -> tuple[list[dict[int, float]], list[tuple[float, int, int]]]:
    """Each node's summed similarity to each neighbour (both triangles of ``graph`` added,
    the diagonal left out), and the heap of the pairs whose mean reaches ``threshold``: built
    with array operations, as the loop over a province's half a million pairs was not."""
    import numpy as np  # noqa: PLC0415
    import scipy.sparse as sp  # noqa: PLC0415

    count = graph.shape[0]
    coo = sp.coo_matrix(graph)
    off = coo.row != coo.col
    rows, cols, data = coo.row[off], coo.col[off], coo.data[off].astype(float)
    both = sp.csr_matrix(
        (np.r_[data, data], (np.r_[rows, cols], np.r_[cols, rows])), shape=(count, count)
    )
    both.sum_duplicates()
    indptr = both.indptr.tolist()
    indices = both.indices.tolist()
    values = both.data.tolist()
    near = [
        dict(zip(indices[start:end], values[start:end], strict=True))
        for start, end in itertools.pairwise(indptr)
    ]
    weight = np.ones(count) if sizes is None else np.asarray(sizes, dtype=float)
    upper = sp.triu(both, k=1, format="coo")
    means = upper.data / (weight[upper.row] * weight[upper.col])
    keep = means >= threshold
    heap = list(
        zip(
            (-means[keep]).tolist(), upper.row[keep].tolist(), upper.col[keep].tolist(), strict=True
        )
    )
    heapq.heapify(heap)
    return near, heap


def average_linkage(
    graph: sp.spmatrix,
    threshold: float,
    sizes: Sequence[int] | None = None,
    places: Sequence[frozenset[str]] | None = None,
) -> list[list[int]]:
    """Average-link clusters of the graph's nodes: index lists in increasing order, ordered by
    their first index.

    ``graph[i, j]`` (either triangle, or both: entries are added) is the summed similarity of
    nodes ``i`` and ``j``, and ``sizes`` the number of items each node stands for (1 each by
    default); two groups merge while the mean similarity of their items reaches ``threshold``.
    The most similar pair merges first, ties going to the pair with the lowest indexes, so the
    result does not depend on the order the heap happens to hold things in. With ``places``
    (per node), two groups that both name places and share none never merge, however alike:
    checked on the groups, not only on their items, so items that name no place cannot bridge
    the landslide at one bản and the landslide at another.
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
    near, heap = _start(graph, sizes, threshold)
    count = graph.shape[0]
    size = [1] * count if sizes is None else list(sizes)
    members = [[i] for i in range(count)]
    alive = [True] * count
    named = [frozenset[str]()] * count if places is None else list(places)
    while heap:
        negative, i, j = heapq.heappop(heap)
        if not (alive[i] and alive[j]) or near[i][j] / (size[i] * size[j]) != -negative:
            continue  # a group merged since, or a stale mean: its current one is in the heap
        if named[i] and named[j] and not named[i] & named[j]:
            continue  # two different places
        named[i] = named[i] | named[j]
        alive[j] = False  # j joins i (i < j: a group is named by its lowest index)
        members[i] += members[j]
        size[i] += size[j]
        del near[i][j]
        for k, total in near[j].items():
            if k != i:
                del near[k][j]
                near[i][k] = near[k][i] = near[i].get(k, 0.0) + total
        near[j] = {}
        for k, total in near[i].items():
            mean = total / (size[i] * size[k])
            if mean >= threshold:
                heapq.heappush(heap, (-mean, min(i, k), max(i, k)))
    return sorted((sorted(m) for m, a in zip(members, alive, strict=True) if a), key=lambda g: g[0])


SUM_FEATURES = 400
"""A large current's vector sum keeps its strongest features only (a current of a few items has
fewer than this): comparing sums of thousands of features each made a national merge take
minutes, for the little weight the rest carries. So above the first level the average link is
exact for currents of a few items and close for the large ones."""


def _strongest(sums: sp.csr_matrix, keep: int) -> sp.csr_matrix:
    """``sums`` with each row cut to its ``keep`` largest entries."""
    import numpy as np  # noqa: PLC0415

    counts = np.diff(sums.indptr)
    if counts.max(initial=0) <= keep:
        return sums
    mask = np.ones(len(sums.data), dtype=bool)
    for row in np.flatnonzero(counts > keep).tolist():
        start, end = sums.indptr[row], sums.indptr[row + 1]
        weakest = np.argsort(sums.data[start:end], kind="stable")[: end - start - keep]
        mask[start + weakest] = False
    sums.data = np.where(mask, sums.data, 0.0).astype(sums.data.dtype)
    sums.eliminate_zeros()
    return sums


def group_sums(vectors: sp.csr_matrix, groups: Sequence[Sequence[int]]) -> sp.csr_matrix:
    """The vector sum of each group of rows of ``vectors``, cut to its :data:`SUM_FEATURES`
    strongest features: what :func:`merge_sums` compares."""
    import numpy as np  # noqa: PLC0415
    import scipy.sparse as sp  # noqa: PLC0415

    rows = np.asarray([i for group in groups for i in group], dtype=np.int64)
    owner = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    # Only the groups' own rows, and in the vectors' precision: multiplying the whole batch's
    # single-precision matrix made scipy copy all of it in double precision at every merge.
    adding = sp.csr_matrix(
        (np.ones(len(rows), dtype=vectors.dtype), (owner, np.arange(len(rows)))),
        shape=(len(groups), len(rows)),
    )
    return _strongest(sp.csr_matrix(adding @ vectors[rows]), SUM_FEATURES)


def merge_groups(
    vectors: sp.csr_matrix,
    groups: Sequence[Sequence[int]],
    threshold: float,
    places: Sequence[frozenset[str]] | None = None,
) -> list[list[int]]:
    """Merge groups of the rows of ``vectors`` (unit length) by average link over their items,
    comparing the groups' vector sums only. ``places`` (per row) keeps apart two groups that
    both name places and share none, as the grouping within a unit does. Returns groups of row
    indexes, as :func:`average_linkage` orders them."""
    if not groups:
        return []
    return merge_sums(group_sums(vectors, groups), groups, threshold, places)


def merge_sums(
    sums: sp.csr_matrix,
    groups: Sequence[Sequence[int]],
    threshold: float,
    places: Sequence[frozenset[str]] | None = None,
    *,
    named: Sequence[frozenset[str]] | None = None,
) -> list[list[int]]:
    """:func:`merge_groups` given the groups' sums (:func:`group_sums`, a row per group);
    ``named``, the places of each group, replaces ``places`` (per row) when given."""
    if not groups:
        return []
    sizes = [len(g) for g in groups]
    graph = similarity_graph(sums, FLOOR * threshold, sizes)
    if named is None and places is not None:
        named = [frozenset[str]().union(*(places[i] for i in group)) for group in groups]
    if named is not None:
        graph = apart(graph, named)
    merged = average_linkage(graph, threshold, sizes, named)
    return sorted(
        (sorted(i for node in cluster for i in groups[node]) for cluster in merged),
        key=lambda g: g[0],
    )
