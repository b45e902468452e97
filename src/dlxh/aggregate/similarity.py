"""Vietnamese-aware text similarity and clustering, without any model download.

Reports from different collaborators describe the same matter in different words ("Sạt lở đất tại
bản Pa So sau mưa lớn", "Sạt lở đất bản Pa So (báo cáo đột xuất)"). To merge them into one opinion
current the board needs a similarity that is cheap, deterministic and explainable, so this module
combines three classic signals computed on folded syllables
(:func:`dlxh.aggregate.tokens.syllables`):

* **syllable cosine** (on sets): the share of content syllables in common, tolerant of one text
  being a longer wording of the other;
* **syllable-bigram Jaccard**: rewards shared word order ("đất đai" is not "đai đất"), which
  separates "tranh chấp đất đai" from "sạt lở đất";
* **character-trigram cosine**: tolerant of typos and of missing tone marks.

Proper names decide between matters that are otherwise worded alike: "Sạt lở đất tại bản Pa So" and
"Sạt lở đất tại bản Nậm Cuổi" are two landslides. Vietnamese capitalises proper names, so the
capitalised syllables after the first one are taken as names; when both texts name something and
they share no name, the score is multiplied by :data:`NAME_MISMATCH_FACTOR`.

Frequent grammatical syllables ("của", "và", "các"...) carry no topic and are dropped first
(:data:`STOP_SYLLABLES`). Compound words that are themselves frequent but meaningful ("nhân dân")
are kept: dropping "dân" alone would also drop it from "dân tộc" or "hộ dân".

That pair measure needs no batch and explains itself; it picks a current's title. *Grouping* a
batch (:func:`group_items`) weighs each word by its rarity in the batch instead, and uses the
content as well as the title (:mod:`dlxh.aggregate.vectors`), lets each text lean towards its
nearest ones (:mod:`dlxh.aggregate.smoothing`) and clusters by average link on a sparse graph
(:mod:`dlxh.aggregate.linkage`): on 99 hand-made clusters of real news this raised the adjusted
Rand index from 0.20 to 0.86 (title and content), and it is no longer cubic.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from dlxh.aggregate.graph import PAIR_BUDGET, similarity_graph
from dlxh.aggregate.linkage import FLOOR, apart, average_linkage
from dlxh.aggregate.smoothing import RAW_FLOOR, rescored, smoothed
from dlxh.aggregate.tokens import syllables
from dlxh.aggregate.vectors import place_names, vectorise

if TYPE_CHECKING:
    import scipy.sparse as sp

__all__ = [
    "CROSS_LABEL_THRESHOLD",
    "DEFAULT_THRESHOLD",
    "NAME_MISMATCH_FACTOR",
    "STOP_SYLLABLES",
    "TITLE_ONLY_THRESHOLD",
    "WEIGHTS",
    "centralities",
    "cluster",
    "content_syllables",
    "group_items",
    "link_rows",
    "linked_rows",
    "similarity",
]

STOP_SYLLABLES: frozenset[str] = frozenset(
    syllables(
        "của và các những về trong đã được là có cho với này một tại ở thì mà để do bị "
        "sau trên dưới theo từ đến cũng như nên nhưng hoặc vẫn đang sẽ rất còn khi"
    )
)
"""Grammatical syllables dropped before comparing (folded). Single syllables only: a content
word made of a stop syllable plus another ("có thể") simply loses its stop half on both sides."""

WEIGHTS: tuple[float, float, float] = (0.5, 0.2, 0.3)
"""Weights of syllable cosine, syllable-bigram Jaccard and character-trigram cosine."""

DEFAULT_THRESHOLD = 0.32
"""Lowest mean similarity (cosine of :func:`~dlxh.aggregate.vectors.vectorise` vectors after
:func:`~dlxh.aggregate.smoothing.smoothed`) for two groups of texts with content to merge.
Chosen on KTLab clusters 1-100 (title and content: adjusted Rand index 0.91 there, 0.86 on
clusters 101-200; ``bench/analysis_bench.py``)."""

TITLE_ONLY_THRESHOLD = 0.35
"""The same for titles without content: ARI 0.81 on clusters 1-100, 0.75 on 101-200. Higher
than with content: a title's few words are all weighty, so two titles about one topic score
high without being one matter."""

CROSS_LABEL_THRESHOLD = 0.6
"""Stricter threshold for two texts with different labels (opinion fields): only near-identical
wordings are grouped across fields, since a collaborator may have filed the same matter under a
neighbouring field, but similar words in different fields usually mean different matters."""


NAME_MISMATCH_FACTOR = 0.5
"""Applied by :func:`similarity` when both texts contain proper names and have none in common."""

_WORD = re.compile(r"[^\W_][\w\u0300-\u036f]*")


def _names(text: str, tones: bool) -> set[str]:
    """Folded syllables written with a capital letter, except the first word of the text."""
    words = _WORD.findall(unicodedata.normalize("NFC", text))
    named = [w for w in words[1:] if w[0].isupper() and not w.isupper()]
    return set(syllables(" ".join(named), tones=tones))


def content_syllables(text: str, *, tones: bool = True) -> list[str]:
    """The syllables of ``text`` without :data:`STOP_SYLLABLES`, in order."""
    stops = STOP_SYLLABLES if tones else frozenset(syllables(" ".join(STOP_SYLLABLES), tones=False))
    return [s for s in syllables(text, tones=tones) if s not in stops]


def _set_cosine(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def _jaccard(a: set[str], b: set[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _bigrams(tokens: Sequence[str]) -> set[str]:
    return {f"{x} {y}" for x, y in itertools.pairwise(tokens)}


def _trigrams(tokens: Sequence[str]) -> set[str]:
    text = f" {' '.join(tokens)} "
    return {text[i : i + 3] for i in range(len(text) - 2)}


class _Profile:
    """Precomputed features of one text, so clustering n texts costs n tokenisations."""

    __slots__ = ("bigrams", "names", "trigrams", "words")

    def __init__(self, text: str, tones: bool) -> None:
        tokens = content_syllables(text, tones=tones)
        self.words = set(tokens)
        self.bigrams = _bigrams(tokens)
        self.trigrams = _trigrams(tokens) if tokens else set()
        self.names = _names(text, tones)

    def score(self, other: _Profile) -> float:
        if not self.words or not other.words:
            return 0.0
        w_words, w_bigrams, w_trigrams = WEIGHTS
        # Texts of one content syllable have no bigram: judge them on the other two signals.
        if not self.bigrams and not other.bigrams:
            w_words, w_bigrams = w_words + w_bigrams, 0.0
        value = (
            w_words * _set_cosine(self.words, other.words)
            + w_bigrams * _jaccard(self.bigrams, other.bigrams)
            + w_trigrams * _set_cosine(self.trigrams, other.trigrams)
        )
        if self.names and other.names and not self.names & other.names:
            value *= NAME_MISMATCH_FACTOR
        return min(1.0, max(0.0, value))


def similarity(a: str, b: str, *, tones: bool = True) -> float:
    """How alike two Vietnamese texts are, from 0 (nothing in common) to 1 (same content words).

    Symmetric, deterministic, insensitive to case, Unicode form, tone placement and grammatical
    syllables. With ``tones=False`` tone marks are ignored too (text typed without them).
    """
    return _Profile(a, tones).score(_Profile(b, tones))


def centralities(candidates: Sequence[str], texts: Sequence[str]) -> list[float]:
    """For each candidate, the sum of its :func:`similarity` to every text of ``texts`` (in
    order), each distinct text analysed once: choosing the title of each of a national month's
    100,000 currents analysed every pair's two texts again, and took over a minute."""
    profiles: dict[str, _Profile] = {}

    def of(text: str) -> _Profile:
        found = profiles.get(text)
        if found is None:
            found = profiles[text] = _Profile(text, True)
        return found

    return [sum(of(c).score(of(t)) for t in texts) for c in candidates]


def cluster(count: int, score: Callable[[int, int], float], threshold: float) -> list[list[int]]:
    """Average-link agglomerative clustering of ``count`` objects under any pairwise ``score``,
    deterministic (:func:`~dlxh.aggregate.linkage.average_linkage`; ``score`` is called once
    per pair). Returns lists of indices in increasing order, ordered by their first index."""
    import numpy as np  # noqa: PLC0415 (heavy: loaded when grouping runs)
    import scipy.sparse as sp  # noqa: PLC0415

    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
    pairs = [(i, j, score(i, j)) for i in range(count) for j in range(i + 1, count)]
    kept = [(i, j, v) for i, j, v in pairs if v > 0]
    graph = sp.coo_matrix(
        (
            np.asarray([v for _, _, v in kept], dtype=float),
            (
                np.asarray([i for i, _, _ in kept], dtype=np.int64),
                np.asarray([j for _, j, _ in kept], dtype=np.int64),
            ),
        ),
        shape=(count, count),
    )
    return average_linkage(graph, threshold)


def group_items(
    texts: Sequence[str],
    threshold: float | None = None,
    *,
    contents: Sequence[str] | None = None,
    labels: Sequence[object] | None = None,
    cross_label_threshold: float = CROSS_LABEL_THRESHOLD,
) -> list[list[int]]:
    """Group texts that say the same thing; returns index lists covering every text once, each
    in increasing order, ordered by their first index (deterministic).

    Args:
        texts: The titles (or whole texts).
        threshold: The lowest mean similarity for two groups to merge; by default
            :data:`DEFAULT_THRESHOLD` when any text has content, :data:`TITLE_ONLY_THRESHOLD`
            otherwise.
        contents: The content of each text, compared as well (see
            :mod:`dlxh.aggregate.vectors`).
        labels: Optional label per text (the opinion field): two texts with different labels
            only count as similar when their similarity reaches ``cross_label_threshold``.
        cross_label_threshold: See ``labels``.
    """
    if labels is not None and len(labels) != len(texts):
        raise ValueError(f"got {len(labels)} labels for {len(texts)} texts")
    if contents is not None and len(contents) != len(texts):
        raise ValueError(f"got {len(contents)} contents for {len(texts)} texts")
    if threshold is None:
        with_content = contents is not None and any(c.strip() for c in contents)
        threshold = DEFAULT_THRESHOLD if with_content else TITLE_ONLY_THRESHOLD
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
    if not texts:
        return []
    return link_rows(
        vectorise(texts, contents),
        threshold,
        places=[place_names(t) for t in texts],
        labels=labels,
        cross_label_threshold=cross_label_threshold,
    )


def link_rows(
    vectors: sp.csr_matrix,
    threshold: float,
    *,
    places: Sequence[frozenset[str]] | None = None,
    labels: Sequence[object] | None = None,
    cross_label_threshold: float = CROSS_LABEL_THRESHOLD,
) -> list[list[int]]:
    """Average-link groups of the rows of ``vectors`` (unit length, e.g. some rows of one
    :func:`~dlxh.aggregate.vectors.vectorise` of the whole batch), with the place and label
    rules of :func:`group_items`."""
    groups, _ = linked_rows(
        vectors,
        threshold,
        places=places,
        labels=labels,
        cross_label_threshold=cross_label_threshold,
    )
    return groups


def linked_rows(
    vectors: sp.csr_matrix,
    threshold: float,
    *,
    places: Sequence[frozenset[str]] | None = None,
    labels: Sequence[object] | None = None,
    cross_label_threshold: float = CROSS_LABEL_THRESHOLD,
    search: sp.csr_matrix | None = None,
    budget: float = PAIR_BUDGET,
) -> tuple[list[list[int]], sp.csr_matrix]:
    """:func:`link_rows`, and the rows as they were compared: smoothed towards their nearest
    rows (:func:`~dlxh.aggregate.smoothing.smoothed`). The unit tree merges the groups
    upwards with these, so a province compares its communes' currents as a commune compared
    its items.

    ``search`` (by default ``vectors``) is what the pairs are looked for in, with ``budget``
    (:func:`~dlxh.aggregate.graph.similarity_graph`): the unit tree gives each unit's rows
    columns of their own, so that every commune of a province is grouped in one call."""
    # The place and label rules apply to the raw pairs, so that a text neither leans towards a
    # neighbour it may not join nor joins a text of another field by that leaning.
    graph = similarity_graph(vectors if search is None else search, RAW_FLOOR, budget=budget)
    if places is not None:
        graph = apart(graph, places)
    if labels is not None:
        graph = _across_labels(graph, labels, cross_label_threshold)
    smooth = smoothed(vectors, graph)
    scored = rescored(smooth, graph, FLOOR * threshold)
    return average_linkage(scored, threshold, places=places), smooth


def _across_labels(graph: sp.csr_matrix, labels: Sequence[object], least: float) -> sp.csr_matrix:
    """``graph`` without the pairs of different labels that fall below ``least``."""
    import numpy as np  # noqa: PLC0415
    import scipy.sparse as sp  # noqa: PLC0415

    codes: dict[object, int] = {}
    label = np.asarray([codes.setdefault(x, len(codes)) for x in labels])
    coo = graph.tocoo()
    keep = (label[coo.row] == label[coo.col]) | (coo.data >= least)
    return sp.csr_matrix((coo.data[keep], (coo.row[keep], coo.col[keep])), shape=graph.shape)
