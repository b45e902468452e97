"""TF-IDF features of Vietnamese opinion text, computed with numpy alone.

The trainable classifier (:mod:`dlxh.aggregate.learn`) needs scikit-learn to *fit*, but a board
that only *uses* a model file must not have to install it: ``dlxh aggregate --model`` reads the
vocabulary, idf and coefficients from the file and predicts with this module. Training goes
through the very same code (:func:`transform`), so a model predicts after loading exactly what it
predicted when it was fitted.

Two blocks of features, each L2-normalised on its own so that neither drowns the other:

* **words** — uni- and bigrams of folded syllables (:func:`dlxh.aggregate.tokens.syllables`),
  optionally with *negation marking*: the few syllables after "không", "chưa", "chẳng"... are
  written ``!tốt``, so "chưa tốt" does not look like "tốt"; a negator inside a negated span flips
  it back, so "không có gì không hài lòng" reads "hài lòng" (a double negation is approval).
  The span ends at punctuation, a contrast word ("nhưng") or after :data:`NEGATION_SPAN`
  syllables.
* **characters** — character 2-5-grams inside each syllable padded with spaces (scikit-learn's
  ``char_wb``), which carry spelling variants, typing without tones and rare compounds; with
  negation marking, the n-grams of a negated syllable are marked too.

The negators themselves are not features (two of them cancel, and alone they say nothing).
With ``length``, a words block also reads a token for the text's length (:func:`_length_token`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Literal

from dlxh.aggregate.tokens import syllables
from dlxh.vn.text import fold

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray
    from scipy.sparse import csr_matrix

__all__ = [
    "NEGATION_SPAN",
    "Block",
    "BlockSettings",
    "analyse",
    "block_features",
    "build_blocks",
    "negation_marked",
    "transform",
]

NEGATION_SPAN = 3
"""Syllables after a negator that are read as negated."""

_NEGATORS = ("không", "chưa", "chẳng", "chả", "đừng", "chớ", "ko", "k", "hông")
_NOT_NEGATION = ("không khí", "không gian", "không quân", "không trung", "không phận", "không lưu")
"""Compounds that start with "không" but negate nothing (air, space, air force...)."""
_SCOPE_ENDS = ("nhưng", "mà", "tuy", "song", "còn")
_CLAUSE = re.compile(r"[.,;:!?()\[\]\n\"“”…]+")


@cache
def _folded(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


def negation_marked(text: str) -> list[str]:
    """The folded syllables of ``text``, those in a negated span prefixed with ``!``."""
    negators = _folded(_NEGATORS)
    compounds = _folded(_NOT_NEGATION)
    ends = _folded(_SCOPE_ENDS)
    out: list[str] = []
    for clause in _CLAUSE.split(text):
        words = syllables(clause)
        negated = False
        left = 0
        for position, word in enumerate(words):
            pair = " ".join(words[position : position + 2])
            if word in negators and pair not in compounds:
                # The negator itself is not a feature: "không" says nothing of the tendency
                # until it is known what it negates, and two of them cancel.
                negated = not negated  # a negator inside a negated span cancels it
                left = NEGATION_SPAN if negated else 0
                continue
            if word in ends:
                negated, left = False, 0
            out.append(f"!{word}" if negated and left > 0 else word)
            if left > 0:
                left -= 1
                if left == 0:
                    negated = False
    return out


@dataclass(frozen=True)
class BlockSettings:
    """How one block of features is read from a text (stored in the model file)."""

    kind: Literal["words", "chars", "span"]
    ngram_min: int
    ngram_max: int
    part: Literal["all", "title"] = "all"
    negation: bool = False
    length: bool = False
    min_df: int = 1
    max_features: int = 200_000
    sublinear_tf: bool = True
    weight: float = 1.0


def _words(text: str, negation: bool) -> list[str]:
    return negation_marked(text) if negation else syllables(text)


def block_features(settings: BlockSettings, text: str) -> list[str]:
    """The features (n-grams as strings) of ``text`` for one block, with repetitions."""
    return _grams(settings, _words(text, settings.negation))


def _grams(settings: BlockSettings, words: list[str]) -> list[str]:
    lo, hi = settings.ngram_min, settings.ngram_max
    grams: list[str] = []
    if settings.kind == "words":
        if settings.length:
            words = [*words, _length_token(len(words))]
        for n in range(lo, hi + 1):
            grams.extend(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
        return grams
    if settings.kind == "span":
        line = f" {' '.join(w.removeprefix('!') for w in words)} "
        for n in range(lo, hi + 1):
            grams.extend(line[i : i + n] for i in range(len(line) - n + 1))
        return grams
    for word in words:
        mark = "!" if word.startswith("!") else ""
        padded = f" {word.removeprefix('!')} "
        for n in range(lo, min(hi, len(padded)) + 1):
            grams.extend(mark + padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


LENGTH_BUCKET = 3
"""Syllables per length bucket of the length token."""
LENGTH_BUCKETS = 7


def _length_token(count: int) -> str:
    """A word standing for the text's length in syllables ("#2": 6 to 8 syllables). A short
    remark ("điểm.", "làm bài tập.") is more often neutral than a long one; the token, and
    its pair with the last word, let a model learn that. "#" never starts a syllable."""
    return f"#{min(count // LENGTH_BUCKET, LENGTH_BUCKETS - 1)}"


def analyse(settings: Sequence[BlockSettings], texts: Iterable[str]) -> list[list[list[str]]]:
    """Every block's features of every text (``[text][block] -> features``), each text
    tokenised once whatever the number of blocks."""
    result: list[list[list[str]]] = []
    for text in texts:
        cache: dict[tuple[bool, bool], list[str]] = {}
        row: list[list[str]] = []
        for block in settings:
            key = (block.negation, block.part == "title")
            if key not in cache:
                part = text.partition("\n")[0] if key[1] else text
                cache[key] = negation_marked(part) if key[0] else syllables(part)
            row.append(_grams(block, cache[key]))
        result.append(row)
    return result


@dataclass
class Block:
    """A fitted block: its settings, vocabulary (feature -> column) and idf weights."""

    settings: BlockSettings
    vocabulary: dict[str, int]
    idf: NDArray[np.float64]
    terms: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.terms:
            self.terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)


def build_blocks(
    settings: Sequence[BlockSettings], texts: Sequence[str]
) -> tuple[list[Block], csr_matrix]:
    """Learn each block's vocabulary and smoothed idf from ``texts`` (as scikit-learn does:
    ``idf = ln((1 + n) / (1 + df)) + 1``), keeping the ``max_features`` most frequent terms
    that occur in at least ``min_df`` texts (ties broken by the term, for determinism), and
    return the blocks with the feature matrix of ``texts``."""
    import numpy as np  # noqa: PLC0415

    analysed = analyse(settings, texts)
    blocks: list[Block] = []
    n = len(texts)
    for position, block in enumerate(settings):
        df: Counter[str] = Counter()
        for row in analysed:
            df.update(set(row[position]))
        kept = [(term, count) for term, count in df.items() if count >= block.min_df]
        kept.sort(key=lambda tc: (-tc[1], tc[0]))
        kept = sorted(kept[: block.max_features])
        vocabulary = {term: index for index, (term, _) in enumerate(kept)}
        idf = np.array([math.log((1 + n) / (1 + c)) + 1.0 for _, c in kept], dtype=np.float64)
        blocks.append(Block(block, vocabulary, idf, [t for t, _ in kept]))
    return blocks, _matrix(blocks, analysed)


def transform(blocks: Sequence[Block], texts: Sequence[str]) -> csr_matrix:
    """The feature matrix of ``texts``: one row per text, the blocks side by side."""
    return _matrix(blocks, analyse([b.settings for b in blocks], texts))


def _matrix(blocks: Sequence[Block], analysed: list[list[list[str]]]) -> csr_matrix:
    import numpy as np  # noqa: PLC0415
    from scipy.sparse import csr_matrix  # noqa: PLC0415

    values: list[float] = []
    columns: list[int] = []
    pointers = [0]
    offsets = [0]
    for block in blocks:
        offsets.append(offsets[-1] + len(block.vocabulary))
    for row in analysed:
        for position, block in enumerate(blocks):
            vocabulary = block.vocabulary
            counts = Counter(vocabulary[g] for g in row[position] if g in vocabulary)
            cells = sorted(counts.items())
            idf = block.idf
            sublinear = block.settings.sublinear_tf
            raw = [
                ((1.0 + math.log(c)) if sublinear else float(c)) * float(idf[i]) for i, c in cells
            ]
            norm = math.sqrt(sum(v * v for v in raw))
            if norm > 0:
                scale = block.settings.weight / norm
                values.extend(v * scale for v in raw)
                columns.extend(offsets[position] + i for i, _ in cells)
        pointers.append(len(columns))
    return csr_matrix(
        (
            np.asarray(values, dtype=np.float64),
            np.asarray(columns, dtype=np.int64),
            np.asarray(pointers, dtype=np.int64),
        ),
        shape=(len(analysed), offsets[-1]),
    )
