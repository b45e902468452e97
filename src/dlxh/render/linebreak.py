"""Line breaks in centred display lines, where a clerk would put them.

Vietnamese writes each syllable as a word of its own, so Word wraps a long trích yếu between
"dư" and "luận" or "Dân" and "vận" as readily as between two phrases, and it fills the first line
before starting the next, which leaves a lopsided block. A clerk breaks such lines by hand: at a
phrase boundary (after a comma, before "về", "của", "năm 2026"), never inside a word, and so
that the lines come out about as long as each other. This module does the same:

* :func:`break_penalties` rates every space between two syllables: forbidden inside a known
  compound (``data/linebreak.yaml``, plus the document's own names) or a proper name, cheap after
  punctuation and before a phrase opener, dear next to a number, middling anywhere else;
* :func:`balance` picks the fewest lines that fit the width, then the breaks whose lines are the
  most even (least sum of squared widths) for the least penalty.

:mod:`dlxh.render.display` applies it to the display paragraphs of a rendered body.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from dlxh.vn.text import fold

__all__ = [
    "FORBIDDEN",
    "Lexicon",
    "balance",
    "break_penalties",
    "breaks",
    "lexicon",
    "names_in",
]

FORBIDDEN = math.inf
_AFTER_PUNCTUATION = 0.0
_BEFORE_OPENER = 1.0
_ANYWHERE = 12.0
_BETWEEN_WORDS = 6.0
_AFTER_OPENER = FORBIDDEN  # a line never ends on "của", "và", "về": it takes a line more
_NEAR_NUMBER = 40.0
_LAST_RESORT = 200.0  # a forbidden break, when a compound alone is wider than the line
_EVENNESS = 200.0  # weight of the squared line widths (a share of the width): even lines
_PUNCTUATION = (",", ";", ":", ".", ")", "!", "?")
_DASHES = {"-", "–", "—"}
_NUMBER = re.compile(r"^\(?\d[\d.,/%]*\)?[,;:.]?$")


@dataclass(frozen=True)
class Lexicon:
    """Folded syllable sequences: compounds never split, openers a line may start with, and
    period words that open a phrase only before a number."""

    compounds: frozenset[tuple[str, ...]]
    openers: frozenset[tuple[str, ...]]
    dated: frozenset[tuple[str, ...]]

    def with_compounds(self, extra: Iterable[str]) -> Lexicon:
        """This lexicon with the multi-syllable ``extra`` names added as compounds."""
        added = {_key(name) for name in extra}
        return Lexicon(self.compounds | {k for k in added if len(k) > 1}, self.openers, self.dated)


def _key(text: str) -> tuple[str, ...]:
    return tuple(fold(_bare(syllable)) for syllable in text.split())


def _bare(syllable: str) -> str:
    return syllable.strip("\"'“”‘’()[],;:.!?")


@cache
def lexicon() -> Lexicon:
    """The built-in lexicon of ``data/linebreak.yaml``."""
    raw = (resources.files("dlxh.render") / "data" / "linebreak.yaml").read_text("utf-8")
    data: dict[str, list[str]] = yaml.safe_load(raw)
    return Lexicon(
        frozenset(_key(w) for w in data["compounds"]),
        frozenset(_key(w) for w in data["openers"]),
        frozenset(_key(w) for w in data["dated"]),
    )


def names_in(texts: Iterable[str]) -> list[str]:
    """Proper names (two or more capitalised syllables in a row) in mixed-case ``texts``, for
    :meth:`Lexicon.with_compounds`: "Ban Tuyên giáo và Dân vận Tỉnh ủy Lai Châu" gives "Ban
    Tuyên" and "Lai Châu", so an upper-case title never breaks "LAI / CHÂU". Upper-case texts
    tell nothing and are skipped."""
    found: list[str] = []
    for text in texts:
        for line in text.splitlines():
            if line == line.upper():
                continue
            run: list[str] = []
            for syllable in [*line.split(), ""]:
                if _is_capitalised(syllable):
                    run.append(_bare(syllable))
                    if not syllable.endswith(_PUNCTUATION):
                        continue
                if len(run) > 1:
                    found.append(" ".join(run))
                run = []
    return found


def _is_capitalised(syllable: str) -> bool:
    word = _bare(syllable)
    return bool(word) and word[0].isupper()


def break_penalties(syllables: Sequence[str], words: Lexicon | None = None) -> list[float]:
    """The cost of a break before each syllable after the first (``len - 1`` values):
    :data:`FORBIDDEN` inside a compound or proper name, 0 after punctuation, 1 before a phrase
    opener, 40 next to a number or dash, 12 anywhere else; a line never ends on an opener."""
    words = lexicon() if words is None else words
    keys = [fold(_bare(s)) for s in syllables]
    count = len(syllables)
    penalties = [_ANYWHERE] * max(count - 1, 0)
    mixed_case = any(s != s.upper() for s in syllables)
    longest = max((len(k) for k in words.compounds | words.openers | words.dated), default=1)

    def starts(at: int, table: frozenset[tuple[str, ...]]) -> int:
        """The length of the longest entry of ``table`` starting at syllable ``at`` (0: none)."""
        for size in range(min(longest, count - at), 0, -1):
            if tuple(keys[at : at + size]) in table:
                return size
        return 0

    # compounds, and phrase openers of several syllables ("đối với", "nhiệm kỳ"), stay whole
    whole = words.compounds | {k for k in words.openers | words.dated if len(k) > 1}
    spans = [(at, at + size) for at in range(count) if (size := starts(at, whole))]
    word_ends = {end for _, end in spans}
    word_starts = {start for start, _ in spans}
    for at in range(1, count):
        penalties[at - 1] = _penalty(syllables, at, starts, words, (word_ends, word_starts))
        before, here = syllables[at - 1], syllables[at]
        name = mixed_case and _is_capitalised(before) and _is_capitalised(here)
        if name and not before.endswith(_PUNCTUATION):
            penalties[at - 1] = FORBIDDEN  # a proper name: "Lai Châu", "Phó Trưởng Ban"
    for start, end in spans:
        for inside in range(start + 1, end):
            if not syllables[inside - 1].endswith(_PUNCTUATION):
                penalties[inside - 1] = FORBIDDEN
    return penalties


def _penalty(
    syllables: Sequence[str],
    at: int,
    starts: Callable[[int, frozenset[tuple[str, ...]]], int],
    words: Lexicon,
    bounds: tuple[set[int], set[int]],
) -> float:
    """The cost of a break before ``syllables[at]``, compounds and names aside."""
    before, here = syllables[at - 1], syllables[at]
    count = len(syllables)
    if before.endswith(_PUNCTUATION) or (before in _DASHES and not _NUMBER.match(here)):
        return _AFTER_PUNCTUATION
    opens = here.startswith("(") or bool(starts(at, words.openers))
    if here in _DASHES or _NUMBER.match(here) or (_NUMBER.match(before) and not opens):
        return _NEAR_NUMBER  # "tháng / 10", "2025 / - 2030", "6 / tháng đầu năm"
    if any(starts(at - size, words.openers) == size for size in (1, 2, 3) if at - size >= 0):
        return _AFTER_OPENER  # "của" / "Ban...": the line must not end on a preposition
    if opens:
        return _BEFORE_OPENER
    size = starts(at, words.dated)
    if size and at + size < count and _NUMBER.match(syllables[at + size]):
        return _BEFORE_OPENER
    ends, begins = bounds
    if at in ends and at in begins:
        return _BETWEEN_WORDS  # between two known words: no unknown compound is split
    return _ANYWHERE


def balance(
    text: str,
    width: float,
    measure: Callable[[str], float],
    words: Lexicon | None = None,
) -> list[str]:
    """``text`` in the fewest lines no wider than ``width`` (as ``measure`` counts), broken at
    the cheapest phrase boundaries into lines of even length (see :func:`breaks`)."""
    syllables = text.split()
    cuts = [0, *breaks(syllables, width, measure, words), len(syllables)]
    if len(cuts) == 2:
        return [text]
    return [" ".join(syllables[i:j]) for i, j in itertools.pairwise(cuts)]


def breaks(
    syllables: Sequence[str],
    width: float,
    measure: Callable[[str], float],
    words: Lexicon | None = None,
) -> list[int]:
    """Where the lines of ``syllables`` should start (indices after 0): none when the text fits
    on one line, otherwise the fewest lines that fit, with the least sum of break penalties and
    squared line widths (even lines). When no allowed break makes the text fit, forbidden
    breaks are allowed too."""
    count = len(syllables)
    if count < 2 or measure(" ".join(syllables)) <= width:
        return []
    penalties = break_penalties(syllables, words)
    widths: dict[tuple[int, int], float] = {}

    def line(i: int, j: int) -> float:
        if (i, j) not in widths:
            widths[i, j] = measure(" ".join(syllables[i:j]))
        return widths[i, j]

    for strict in (True, False):
        # best[j][k]: the least cost of syllables[:j] in k lines, and where its last line starts
        best: list[dict[int, tuple[float, int]]] = [{} for _ in range(count + 1)]
        best[0][0] = (0.0, 0)
        for j in range(1, count + 1):
            for i in range(j - 1, -1, -1):
                if line(i, j) > width and j - i > 1:
                    break  # lines starting further left are only wider
                cut = 0.0 if i == 0 else penalties[i - 1]
                if cut == FORBIDDEN:
                    if strict:
                        continue
                    cut = _LAST_RESORT
                evenness = _EVENNESS * (line(i, j) / width) ** 2
                for k, (cost, _) in best[i].items():
                    total = cost + cut + evenness
                    if total < best[j].get(k + 1, (math.inf, 0))[0]:
                        best[j][k + 1] = (total, i)
        if best[count]:
            k = min(best[count])
            starts: list[int] = []
            j = count
            while k > 1:
                j = best[j][k][1]
                starts.insert(0, j)
                k -= 1
            return starts
    return []
