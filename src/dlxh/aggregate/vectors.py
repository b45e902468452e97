"""Vectors of opinion texts, weighted by what is rare in the batch (TF-IDF), for grouping.

Two collaborators who report the same matter share its *rare* words: the place, the project, the
kind of event ("sạt lở", "Pa So"). The words every report of the month uses ("nhân dân", "phản
ánh", "đề nghị") say nothing about which matter it is. So each feature is weighted by its inverse
document frequency in the batch being grouped, which learns this from the month's own reports
instead of a fixed stop list, and the vectors are unit length, so the dot product of two rows is
their cosine similarity. Four blocks make a text's vector, each unit length before weighting:

* the **title's** syllables and syllable pairs (:data:`TITLE_WEIGHT`): a title names the matter;
* the **content's** syllables and pairs (:data:`CONTENT_WEIGHT`): the detail that tells two
  matters with similar titles apart, and that joins two wordings of one;
* **character trigrams** of each syllable without its tone (:data:`CHAR_WEIGHT`): tolerant of a
  typo or of text typed without tones ("sat lo" for "sạt lở");
* **proper names** (:data:`NAME_WEIGHT`): capitalised words that do not start a clause, so
  "Quảng Nam: Sạt lở…" takes "Quảng Nam" as a name but not "Sạt", and a sentence after "-" or
  ":" does not make its first word a name.

A text with no content uses its title alone. The weights and the grouping threshold were chosen
on the first 100 hand-made clusters of the KTLab corpus (``bench/analysis_bench.py`` reports the
other 99). The block layout is computed with scipy's sparse matrices; tokens are folded once per
distinct word (:func:`dlxh.aggregate.tokens.syllables`), which keeps a national month in reach.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from dlxh.aggregate.termcounts import term_counts
from dlxh.aggregate.tokens import syllables

if TYPE_CHECKING:
    import numpy as np
    import scipy.sparse as sp

__all__ = [
    "CHAR_WEIGHT",
    "CONTENT_WEIGHT",
    "HAMLET_WORDS",
    "LONE_BATCH",
    "NAME_WEIGHT",
    "PLACE_WORDS",
    "TITLE_WEIGHT",
    "located",
    "place_names",
    "places_of",
    "proper_names",
    "unit_rows",
    "vectorise",
]

TITLE_WEIGHT = 0.6
"""Weight of the title's words when the text has content (the title alone otherwise)."""
CONTENT_WEIGHT = 0.4
"""Weight of the content's words."""
CHAR_WEIGHT = 0.5
"""Weight of the toneless character trigrams of the syllables."""
NAME_WEIGHT = 0.1
"""Weight of the proper names."""
LONE_BATCH = 5
"""Batch size up to which a feature held by one text only keeps its whole weight; in a batch of
``n`` texts above that it weighs ``LONE_BATCH / n`` of it (see :func:`vectorise`)."""

_WORD_OR_BREAK = re.compile(r"[^\W_][\w\u0300-\u036f]*|[:.;!?\-–—\"“”(\[«»]")
_CLAUSE_STARTS = frozenset(':.;!?-–—"“”([«»')


@lru_cache(maxsize=1 << 16)
def _proper_names(text: str) -> tuple[str, ...]:
    return tuple(_find_names(text))


def proper_names(text: str) -> list[str]:
    """The proper names of ``text``: runs of capitalised words that do not start a clause.

    Vietnamese capitalises every syllable of a name ("Nậm Cuổi") and the first word of a
    sentence; a headline often opens with a place and a colon ("Lai Châu: Sạt lở…"). A word
    right after the start of the text or after ``: . ; ! ? - ( "`` starts a clause and is not
    taken as a name unless a capitalised word follows it; words in capitals throughout ("UBND",
    "TTO") are abbreviations and agency tags, not names. Returns the folded names ("nậm cuổi").
    """
    return list(_proper_names(text))


def _find_names(text: str) -> list[str]:
    words = _WORD_OR_BREAK.findall(unicodedata.normalize("NFC", text))
    # Only the capitalised words are looked at (most words are not): runs of neighbours.
    capitals = [at for at, word in enumerate(words) if word[0].isupper() and not word.isupper()]
    names: list[str] = []
    start = 0
    while start < len(capitals):
        end = start + 1
        while end < len(capitals) and capitals[end] == capitals[end - 1] + 1:
            end += 1
        first = capitals[start]
        opens_clause = first == 0 or words[first - 1] in _CLAUSE_STARTS
        if end - start > 1 or not opens_clause:
            run = words[first : capitals[end - 1] + 1]
            names.append(" ".join(syllables(" ".join(run))))
        start = end
    return names


_HAMLETS = ("bản", "thôn", "xóm", "ấp", "làng", "buôn", "sóc", "khu", "tổ dân phố")

PLACE_WORDS: tuple[str, ...] = (
    *_HAMLETS,
    *("xã", "phường", "huyện", "quận", "tỉnh", "tp", "phố", "cầu", "chợ", "sông", "suối"),
    *("đèo", "núi", "hồ", "đập", "kênh", "mỏ", "chùa", "đình", "đền"),
    "thị trấn",
    "thị xã",
    "thành phố",
    "dự án",
    "công trình",
    "nhà máy",
    "công ty",
    "doanh nghiệp",
    "hợp tác xã",
    "trang trại",
    "bệnh viện",
    "trạm y tế",
    "nhà thờ",
    "khu đô thị",
    "khu công nghiệp",
    "cụm công nghiệp",
    "điểm trường",
    "trường tiểu học",
    "trường mầm non",
    "đường tỉnh",
    "quốc lộ",
    "tỉnh lộ",
)
"""Words that put a name or a number to a place or an establishment ("bản Pa So", "xã Mường
Tè", "thôn 3", "tổ dân phố 12", "nhà máy … Thiên Phú", "dự án khu đô thị mới Kim Long").
Whole words only: "trường" alone would match "môi trường", "tổ" "tổ chức"."""

_PLACE_PHRASES = tuple(tuple(syllables(phrase)) for phrase in PLACE_WORDS)
_NUMBER = re.compile(r"\d+[a-z]?$")
_REACH = 6
"""A name counts as a place when a place word ends at most this many words before it."""


_PHRASES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
_PHRASES_BY_LAST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in _PLACE_PHRASES:
    _PHRASES_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)
    _PHRASES_BY_LAST.setdefault(_phrase[-1], []).append(_phrase)


def _place_ends(words: Sequence[str]) -> set[int]:
    """The positions right after each place word of ``words``."""
    ends = set()
    for at, word in enumerate(words):
        for phrase in _PHRASES_BY_FIRST.get(word, ()):
            if tuple(words[at : at + len(phrase)]) == phrase:
                ends.add(at + len(phrase))
    return ends


@lru_cache(maxsize=1 << 16)
def places_of(text: str) -> frozenset[tuple[str, str]]:
    """The places of ``text`` with the place word each follows (``("bản", "pa so")``); see
    :func:`place_names`. Remembered per text: collaborators often send the same title."""
    words = syllables(text)
    ends = _place_ends(words)
    if not ends:
        return frozenset()
    found = set()
    for name in proper_names(text):
        parts = name.split()
        for at in range(len(words) - len(parts) + 1):
            if words[at : at + len(parts)] == parts:
                near = [e for e in ends if at - _REACH <= e <= at]
                if near:
                    found.add((_word_before(words, max(near)), name))
                break
    for at in ends:
        if at < len(words) and _NUMBER.match(words[at]) and not _quantity(words, at + 1):
            found.add((_word_before(words, at), f"{words[at - 1]} {words[at]}"))
    return frozenset(found)


_QUANTITY_WORDS: frozenset[str] = frozenset(
    syllables("nghìn ngàn triệu tỷ tỉ trăm đồng usd euro km m2 ha tấn kg lít")
)
"""Words that make the number before them an amount, not the number of a place: "nhà máy 300
triệu USD" and "dự án 500 tỷ đồng" are sums of money, where "thôn 3" or "quốc lộ 6" are places."""


def _quantity(words: Sequence[str], at: int) -> bool:
    """Whether ``words[at]`` turns the number before it into an amount (a unit or a magnitude,
    or the decimal part of a number written "1.520")."""
    return at < len(words) and (words[at] in _QUANTITY_WORDS or words[at].isdigit())


def _word_before(words: Sequence[str], end: int) -> str:
    """The place word that ends at ``end``, the longest one."""
    best: tuple[str, ...] = ()
    for phrase in _PHRASES_BY_LAST.get(words[end - 1], ()):
        if len(phrase) > len(best) and tuple(words[end - len(phrase) : end]) == phrase:
            best = phrase
    return " ".join(best)


def place_names(text: str) -> frozenset[str]:
    """The places of ``text``: proper names and numbers that follow a place word
    (:data:`PLACE_WORDS`; a name may come a few words after it: "dự án khu đô thị mới Kim
    Long"). In an opinion report a named place tells one matter from another worded alike
    ("sạt lở tại bản Pa So", "... tại bản Nậm Cuổi", "rác tại thôn 3", "... tại thôn 5"),
    where a person or an agency named may or may not."""
    return frozenset(name for _, name in places_of(text))


HAMLET_WORDS: frozenset[str] = frozenset(" ".join(syllables(word)) for word in _HAMLETS)
"""Place words below a commune (folded; the first of :data:`PLACE_WORDS`). Most communes
number their hamlets ("thôn 3", "tổ dân phố 5"), so a numbered hamlet is told apart by the
reporting unit; a named one ("bản Pa So") is rarely named twice in a province, and a
collaborator may report a hamlet of the next commune."""


def located(text: str, unit: str | None) -> frozenset[str]:
    """The place names of ``text``, numbered hamlets (:data:`HAMLET_WORDS`) qualified by the
    ``unit`` reporting them: "xóm 3" of two communes are two places."""
    return frozenset(
        f"{unit}/{name}"
        if word in HAMLET_WORDS and unit is not None and _NUMBER.match(name.rsplit(" ", 1)[-1])
        else name
        for word, name in places_of(text)
    )


@lru_cache(maxsize=1 << 16)
def _name_features(text: str) -> tuple[str, ...]:
    """The features the names of ``text`` give: each name's syllables, and a name of several
    syllables as a whole too ("nậm", "cuổi", "nậm cuổi"); in reading order, repeats kept."""
    features: list[str] = []
    for name in _proper_names(text):
        parts = name.split()
        features += parts
        if len(parts) > 1:
            features.append(name)
    return tuple(features)


def _idf_weighted(counts: sp.csr_matrix, frequency: np.ndarray) -> sp.csr_matrix:
    """Unit-length rows of the (sublinear) counts times smoothed IDF, a feature that only one
    text of the batch holds weighing :data:`LONE_BATCH` / (batch size) of that, at most all."""
    import numpy as np  # noqa: PLC0415
    import scipy.sparse as sp  # noqa: PLC0415

    size = counts.shape[0]
    idf = np.log((1.0 + size) / (1.0 + frequency)) + 1.0
    idf = np.where(frequency <= 1, idf * min(1.0, LONE_BATCH / max(size, 1)), idf)
    return unit_rows(sp.csr_matrix(counts @ sp.diags(idf)))


def _held(*matrices: sp.csr_matrix) -> np.ndarray:
    """How many rows hold each column in any of the matrices (document frequency)."""
    import numpy as np  # noqa: PLC0415

    union = sum((m != 0).astype(np.int8) for m in matrices[1:]) + (matrices[0] != 0).astype(np.int8)
    return np.asarray((union > 0).sum(axis=0)).ravel().astype(float)


def _names_block(texts: Sequence[tuple[str, ...]]) -> sp.csr_matrix:
    """``1 + log`` counts of the name features (:func:`_name_features`) of each row's texts
    (a title and its content: the names of "title . content" are those of the title, then
    those of the content), IDF-weighted."""
    import numpy as np  # noqa: PLC0415
    import scipy.sparse as sp  # noqa: PLC0415

    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for row, parts in enumerate(texts):
        for text in parts:
            features = _name_features(text)
            rows += [row] * len(features)
            cols += [vocabulary.setdefault(f, len(vocabulary)) for f in features]
    counts = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(vocabulary)))
    counts.sum_duplicates()
    counts.data = 1.0 + np.log(counts.data)
    return _idf_weighted(counts, _held(counts)) if vocabulary else counts


def unit_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """``matrix`` with each row scaled to unit length (empty rows left as they are)."""
    import numpy as np  # noqa: PLC0415
    import scipy.sparse as sp  # noqa: PLC0415

    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)


def _scaled(weights: np.ndarray, block: sp.csr_matrix) -> sp.csr_matrix:
    import scipy.sparse as sp  # noqa: PLC0415

    return sp.csr_matrix(sp.diags(weights) @ block)


def vectorise(titles: Sequence[str], contents: Iterable[str] | None = None) -> sp.csr_matrix:
    """Unit-length TF-IDF vectors of the texts, one row each, the IDF learnt from this batch.

    ``contents`` (one per title, or ``None``) adds each text's content; a title whose content
    is blank is represented by its title alone.
    """
    import numpy as np  # noqa: PLC0415
    import scipy.sparse as sp  # noqa: PLC0415

    bodies = list(contents) if contents is not None else [""] * len(titles)
    if len(bodies) != len(titles):
        raise ValueError(f"got {len(bodies)} contents for {len(titles)} titles")
    head_counts, body_counts, chars = term_counts(titles, bodies)
    words_frequency = _held(head_counts, body_counts)
    has_body = (np.diff(body_counts.indptr) > 0).astype(float)
    title_weight = np.where(has_body > 0, TITLE_WEIGHT, 1.0)
    blocks = [
        _scaled(title_weight, _idf_weighted(head_counts, words_frequency)),
        _scaled(CONTENT_WEIGHT * has_body, _idf_weighted(body_counts, words_frequency)),
        CHAR_WEIGHT * _idf_weighted(chars, _held(chars)),
        NAME_WEIGHT * _names_block(list(zip(titles, bodies, strict=True))),
    ]
    # single precision: similarities need no more, and a national month's vectors halve
    return unit_rows(sp.csr_matrix(sp.hstack(blocks, format="csr"))).astype(np.float32)
