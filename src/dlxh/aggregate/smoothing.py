"""Neighbour smoothing: each text's vector leans towards its nearest texts before grouping.

Two reports of one matter often share few words with each other and more with a third report
of it ("HPG lãi 1.500 tỷ", "HPG thu 1.520 tỷ lợi nhuận", "Hòa Phát: 9 tháng vượt kế hoạch").
Average link compares the pair directly and, finding it weak, keeps it apart. Adding to each
vector a little of its :data:`SMOOTH_NEIGHBOURS` most similar texts, weighted by how similar
they are (:data:`SMOOTH_WEIGHT`), makes two texts alike when they are alike *or* have the same
close neighbours, which is what texts of one matter have and texts of two matters that merely
share a topic word have not. On KTLab (clusters 1-100 for the choice, 101-200 to report) this
raised the adjusted Rand index by about 0.03 with content and 0.02 with titles only.

The neighbours come from the similarity graph the grouping builds anyway
(:func:`dlxh.aggregate.graph.similarity_graph`), so the cost is ``n * SMOOTH_NEIGHBOURS``
row additions, and the smoothed similarity is computed for the pairs of that graph only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlxh.aggregate.graph import exact_products
from dlxh.aggregate.vectors import unit_rows

if TYPE_CHECKING:
    import scipy.sparse as sp

__all__ = ["RAW_FLOOR", "SMOOTH_NEIGHBOURS", "SMOOTH_WEIGHT", "rescored", "smoothed"]

SMOOTH_NEIGHBOURS = 2
"""How many nearest texts each vector takes a share of."""
SMOOTH_WEIGHT = 0.3
"""The share: a neighbour of similarity ``s`` adds ``SMOOTH_WEIGHT * s`` times its vector."""
RAW_FLOOR = 0.05
"""Lowest raw similarity of the pairs looked at (and of the neighbours taken): below it two
texts share at most a common word, and neighbours that far would blur rather than help."""


def smoothed(vectors: sp.csr_matrix, graph: sp.csr_matrix) -> sp.csr_matrix:
    """Unit rows of ``vectors[i] + SMOOTH_WEIGHT * sum(s_ik * vectors[k])`` over the
    :data:`SMOOTH_NEIGHBOURS` most similar ``k`` of ``i`` in ``graph`` (raw similarities,
    either triangle; ties go to the lower index, so the result is deterministic)."""
    import numpy as np  # noqa: PLC0415 (heavy: loaded when grouping runs)
    import scipy.sparse as sp  # noqa: PLC0415

    count = vectors.shape[0]
    both = sp.coo_matrix(graph + graph.T)
    rows, cols, values = both.row.astype(np.int64), both.col.astype(np.int64), both.data
    keep = rows != cols
    rows, cols, values = rows[keep], cols[keep], values[keep]
    order = np.lexsort((cols, -values, rows))
    rows, cols, values = rows[order], cols[order], values[order]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]) if len(rows) else rows
    rank = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
    best = rank < SMOOTH_NEIGHBOURS
    weights = sp.csr_matrix(
        (SMOOTH_WEIGHT * values[best], (rows[best], cols[best])), shape=(count, count)
    )
    return unit_rows(sp.csr_matrix(vectors + weights @ vectors)).astype(vectors.dtype)


def rescored(smooth: sp.csr_matrix, graph: sp.csr_matrix, floor: float) -> sp.csr_matrix:
    """``graph``'s pairs scored on the :func:`smoothed` vectors ``smooth``, those reaching
    ``floor``."""
    import numpy as np  # noqa: PLC0415
    import scipy.sparse as sp  # noqa: PLC0415

    coo = sp.coo_matrix(graph)
    rows, cols = coo.row.astype(np.int64), coo.col.astype(np.int64)
    values = exact_products(smooth, rows, cols)
    keep = values >= floor
    return sp.csr_matrix((values[keep], (rows[keep], cols[keep])), shape=graph.shape)
