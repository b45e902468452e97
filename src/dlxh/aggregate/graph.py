"""Which pairs of texts are compared: a sparse similarity graph that stays sparse at scale.

Grouping needs the similarity of the pairs that could be the same matter, not of all pairs. For
unit TF-IDF vectors the similarity of two texts is a sum over the features they share, so two
texts can only be alike if they share some feature, and the work of finding the pairs that share
one is the sum, over features, of the squared number of texts holding it. The frequent features
(a character trigram such as " ng", the syllable pair every report uses) make that sum
quadratic in the batch while adding little to any similarity: their IDF weight is the lowest.
So the pairs are *found* through the rarer features only, leaving out the most frequent ones
until the search costs at most :data:`PAIR_BUDGET` products, and each pair found is then scored
*exactly*, over all its features. A month of a commune leaves nothing out; a national month
leaves out the few hundred most common features.

Each text keeps its :data:`NEIGHBOURS` most similar texts (as the search sees them) above the
floor; a pair is kept when either side keeps it. Average link on this graph is the exact
answer whenever no text has more near neighbours than that, which is the case for groups of
the size a month produces; a larger current still forms, through the neighbours its members
share.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import scipy.sparse as sp

__all__ = ["NEIGHBOURS", "PAIR_BUDGET", "exact_products", "similarity_graph"]

PAIR_BUDGET = 40_000_000
"""Most products spent on finding candidate pairs (a few seconds on one core)."""

NEIGHBOURS = 50
"""How many most similar texts each text keeps in the graph."""

_CHUNK = 2048
_EDGE_CHUNK = 500_000


def _used_columns(vectors: sp.csr_matrix) -> sp.csr_matrix:
    """``vectors`` without the columns no row uses: a commune's rows of a national month's
    vectors use a few thousand of its million columns, and transposing or counting by column
    costs the width, thousands of times over."""
    import numpy as np  # noqa: PLC0415
    import scipy.sparse as sp  # noqa: PLC0415

    used, columns = np.unique(vectors.indices, return_inverse=True)
    if len(used) * 2 > vectors.shape[1]:
        return vectors
    return sp.csr_matrix(
        (vectors.data, columns.reshape(-1), vectors.indptr), shape=(vectors.shape[0], len(used))
    )


def _split(vectors: sp.csr_matrix, budget: float) -> tuple[sp.csr_matrix, sp.csr_matrix | None]:
    """The columns searched (rare) and the columns left out of the search (most frequent)."""
    import numpy as np  # noqa: PLC0415 (heavy: loaded when grouping runs)

    frequency = np.diff(vectors.tocsc().indptr).astype(float)
    order = np.argsort(-frequency, kind="stable")
    remaining = np.cumsum((frequency[order] ** 2)[::-1])[::-1]  # cost without the first k
    cut = int(np.count_nonzero(remaining > budget))
    if cut == 0:
        return vectors, None
    common = np.zeros(vectors.shape[1], dtype=bool)
    common[order[:cut]] = True
    return vectors[:, ~common].tocsr(), vectors[:, common].tocsr()


def exact_products(common: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The dot products ``common[rows[k]] @ common[cols[k]]`` (here: the left-out features'
    share of each pair's similarity), in chunks."""
    import numpy as np  # noqa: PLC0415

    parts = [
        np.asarray(
            common[rows[at : at + _EDGE_CHUNK]]
            .multiply(common[cols[at : at + _EDGE_CHUNK]])
            .sum(axis=1)
        ).ravel()
        for at in range(0, len(rows), _EDGE_CHUNK)
    ]
    return np.concatenate(parts) if parts else np.zeros(0)


def similarity_graph(
    vectors: sp.csr_matrix,
    floor: float,
    sizes: Sequence[int] | None = None,
    *,
    neighbours: int = NEIGHBOURS,
    budget: float = PAIR_BUDGET,
) -> sp.csr_matrix:
    """Pairs of rows of ``vectors`` (summed similarity ``vectors[i] @ vectors[j]``), upper
    triangle, keeping for each row its ``neighbours`` best pairs whose *mean* (the sum over
    ``sizes[i] * sizes[j]``, 1 each by default) reaches ``floor``.
    """
    import numpy as np  # noqa: PLC0415
    import scipy.sparse as sp  # noqa: PLC0415

    count = vectors.shape[0]
    weight = np.ones(count) if sizes is None else np.asarray(sizes, dtype=float)
    searched, common = _split(_used_columns(vectors), budget)
    transposed = sp.csr_matrix(searched.T)
    found_rows, found_cols, found_means = [], [], []
    for first in range(0, count, _CHUNK):
        block = (searched[first : first + _CHUNK] @ transposed).tocoo()
        rows = block.row.astype(np.int64) + first
        cols = block.col.astype(np.int64)
        mean = block.data / (weight[rows] * weight[cols])
        keep = (rows != cols) & (mean >= (floor if common is None else floor / 2))
        rows, cols, mean = rows[keep], cols[keep], mean[keep]
        order = np.lexsort((cols, -mean, rows))  # best first in each row, ties by index
        rows, cols, mean = rows[order], cols[order], mean[order]
        starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        rank = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
        best = rank < neighbours
        found_rows.append(rows[best])
        found_cols.append(cols[best])
        found_means.append(mean[best])
    rows = np.concatenate(found_rows)
    cols = np.concatenate(found_cols)
    means = np.concatenate(found_means)
    low, high = np.minimum(rows, cols), np.maximum(rows, cols)
    pairs, first_seen = np.unique(low * count + high, return_index=True)  # a pair once
    low, high = pairs // count, pairs % count
    total = means[first_seen] * weight[low] * weight[high]  # the searched features' share
    if common is not None:
        total = total + exact_products(common, low, high)
    keep = total / (weight[low] * weight[high]) >= floor
    return sp.csr_matrix((total[keep], (low[keep], high[keep])), shape=(count, count))
