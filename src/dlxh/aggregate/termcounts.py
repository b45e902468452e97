"""Term counts of a batch of texts as sparse matrices, built with array operations.

A national month is some 300,000 opinion items. Counting each text's syllables, syllable pairs
and character trigrams in Python dictionaries took about half a millisecond per item, most of
the time of grouping them. Here every distinct word is read once (its syllables get numbers,
remembered for the process), a text becomes a run of syllable numbers, and the counts come out
of numpy and scipy: syllable pairs are numbered by ``numpy.unique`` over the pairs of
neighbours, and the character trigrams of a text are its syllable counts times the matrix of
each syllable's trigrams. The counts are the ones :mod:`dlxh.aggregate.vectors` defines.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from dlxh.aggregate.tokens import syllables

if TYPE_CHECKING:
    import numpy as np
    import scipy.sparse as sp

__all__ = ["char_counts", "term_counts", "word_counts"]

_NUMBERS: dict[bool, dict[str, int]] = {True: {}, False: {}}
"""The number of every syllable met so far, with and without tones."""
_TRIGRAMS: dict[str, int] = {}
_SYLLABLE_TRIGRAMS: list[tuple[int, ...]] = []
"""The trigram numbers of each toneless syllable, by the syllable's number."""
_TONELESS: list[tuple[int, ...]] = []
"""The toneless syllable numbers of each syllable with tones, by its number (one each for any
real syllable): the trigrams are counted from the runs already read, not a second reading."""


_LOCK = threading.Lock()
P = ParamSpec("P")
R = TypeVar("R")


def _serial(function: Callable[P, R]) -> Callable[P, R]:
    """One batch at a time in a process: the numbering above grows as texts are read, and a
    matrix is only consistent with the numbering of its own batch (threads grouping at once
    made shapes disagree)."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with _LOCK:
            return function(*args, **kwargs)

    return run


@lru_cache(maxsize=1 << 17)
def _token(token: str, tones: bool) -> tuple[int, ...]:
    numbers = _NUMBERS[tones]
    found = []
    for syllable in syllables(token, tones=tones):
        number = numbers.get(syllable)
        if number is None:
            number = numbers[syllable] = len(numbers)
            if tones:
                _TONELESS.append(_token(syllable, False))
            else:
                padded = f" {syllable} "
                _SYLLABLE_TRIGRAMS.append(
                    tuple(
                        _TRIGRAMS.setdefault(padded[i : i + 3], len(_TRIGRAMS))
                        for i in range(len(padded) - 2)
                    )
                )
        found.append(number)
    return tuple(found)


def _runs(texts: Sequence[str], tones: bool) -> tuple[np.ndarray, np.ndarray]:
    """Each syllable's text (row) and number, in reading order."""
    import numpy as np  # noqa: PLC0415 (heavy: loaded when grouping runs)

    numbers: list[int] = []
    lengths: list[int] = []
    for text in texts:
        before = len(numbers)
        for token in text.split():
            numbers += _token(token, tones)
        lengths.append(len(numbers) - before)
    rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    return rows, np.asarray(numbers, dtype=np.int64)


def _sublinear(matrix: sp.csr_matrix) -> sp.csr_matrix:
    import numpy as np  # noqa: PLC0415

    matrix.sum_duplicates()
    matrix.data = 1.0 + np.log(matrix.data)
    return matrix


@_serial
def word_counts(groups: Sequence[Sequence[str]]) -> list[sp.csr_matrix]:
    """For each sequence of texts (say the titles, then the contents), a matrix of ``1 + log``
    counts of its syllables and syllable pairs, one row per text; the matrices share their
    columns, so a word is the same column in a title and in a content."""
    return _word_matrices([_runs(texts, True) for texts in groups], [len(g) for g in groups])


def _word_matrices(
    runs: Sequence[tuple[np.ndarray, np.ndarray]], counts: Sequence[int]
) -> list[sp.csr_matrix]:
    import numpy as np  # noqa: PLC0415
    import scipy.sparse as sp  # noqa: PLC0415

    size = len(_NUMBERS[True]) + 1
    pairs = []
    for rows, numbers in runs:
        same = rows[1:] == rows[:-1]
        pairs.append((rows[1:][same], numbers[:-1][same] * size + numbers[1:][same]))
    codes = np.concatenate([code for _, code in pairs]) if pairs else np.zeros(0, np.int64)
    known, inverse = np.unique(codes, return_inverse=True)
    width = size + len(known)
    matrices: list[sp.csr_matrix] = []
    at = 0
    for (rows, numbers), (pair_rows, code), count in zip(runs, pairs, counts, strict=True):
        columns = size + inverse[at : at + len(code)]
        at += len(code)
        matrix = sp.csr_matrix(
            (
                np.ones(len(numbers) + len(columns)),
                (np.concatenate([rows, pair_rows]), np.concatenate([numbers, columns])),
            ),
            shape=(count, width),
        )
        matrices.append(_sublinear(matrix))
    return matrices


def _table_matrix(table: Sequence[tuple[int, ...]], width: int) -> sp.csr_matrix:
    """A number -> numbers table (a syllable's trigrams, its toneless forms) as counts: row
    ``k`` counts the numbers ``table[k]`` holds, in ``width`` columns."""
    import numpy as np  # noqa: PLC0415
    import scipy.sparse as sp  # noqa: PLC0415

    lengths = [len(entry) for entry in table]
    rows = np.repeat(np.arange(len(table), dtype=np.int64), lengths)
    cols = np.fromiter((n for entry in table for n in entry), dtype=np.int64, count=sum(lengths))
    return sp.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(table), width))


@_serial
def char_counts(texts: Sequence[str]) -> sp.csr_matrix:
    """``1 + log`` counts of the character trigrams of each text's toneless syllables (each
    syllable padded with a space on both sides), one row per text."""
    import numpy as np  # noqa: PLC0415
    import scipy.sparse as sp  # noqa: PLC0415

    rows, numbers = _runs(texts, False)
    known = len(_SYLLABLE_TRIGRAMS)
    syllables_by_text = sp.csr_matrix(
        (np.ones(len(numbers)), (rows, numbers)), shape=(len(texts), known)
    )
    trigrams = _table_matrix(_SYLLABLE_TRIGRAMS[:known], len(_TRIGRAMS))
    return _sublinear(sp.csr_matrix(syllables_by_text @ trigrams))


@_serial
def term_counts(
    titles: Sequence[str], contents: Sequence[str]
) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix]:
    """:func:`word_counts` of the titles and of the contents, and the :func:`char_counts` of
    each title and content together, from one reading of the texts: the trigrams are counted
    from the syllables already numbered, through each one's toneless form (the same counts as
    reading ``f"{title} {content}"`` again without tones, in a third of the time)."""
    import numpy as np  # noqa: PLC0415
    import scipy.sparse as sp  # noqa: PLC0415

    runs = [_runs(titles, True), _runs(contents, True)]
    heads, bodies = _word_matrices(runs, [len(titles), len(contents)])
    known = len(_NUMBERS[True])
    toneless = _table_matrix(_TONELESS[:known], len(_SYLLABLE_TRIGRAMS))
    rows = np.concatenate([rows for rows, _ in runs])
    numbers = np.concatenate([numbers for _, numbers in runs])
    syllables_by_text = sp.csr_matrix(
        (np.ones(len(numbers)), (rows, numbers)), shape=(len(titles), known)
    )
    chars = (syllables_by_text @ toneless) @ _table_matrix(_SYLLABLE_TRIGRAMS, len(_TRIGRAMS))
    return heads, bodies, _sublinear(sp.csr_matrix(chars))
