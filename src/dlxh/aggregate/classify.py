"""A rule-based classifier of Vietnamese opinion texts into a field and a tendency.

Collaborators often leave the field as "lĩnh vực khác" or the tendency as "chưa rõ". Without a
model trained on the province's own history, a keyword table fills some of those gaps, and unlike
a statistical model it is transparent: the board can read, audit and extend it (plain data in
:mod:`dlxh.aggregate.keywords`), and a result can always be explained by the keywords that matched
(:func:`field_matches`, :func:`tendency_matches`, :func:`field_scores`, :func:`tendency_scores`).

A wrong field is worse than none (a "lĩnh vực khác" item is visibly unfilled; a wrong one silently
moves a count), so the classifier is built to be right when it answers and to abstain otherwise:

* **Specific keywords decide, ambiguous words only support.** A *keyword* ("giá đất", "thiếu
  thuốc") counts on its own; a *weak keyword* ("bệnh viện", "học sinh", "công an": who or where,
  not what) counts in the title, or in the content next to a second cue of its field (another
  entry of that field: "học sinh" with "phụ huynh"); a *hint* ("giá", "thuốc", "chùa", "biển
  Đông", "sinh viên") counts only when the field is decided by a keyword or a counting weak
  keyword; a *neutral phrase* ("mạng xã hội") scores nothing but hides its syllables from
  shorter entries, because the longest match wins.
* **The title weighs more.** ``synthesize`` passes ``f"{title}\\n{content}"``; when a text has
  several lines, matches on its first line score :data:`TITLE_WEIGHT` times more: a title names
  the matter, the content also mentions its circumstances.
* **An answer needs a margin.** The best field must score at least ``min_score``, beat the
  runner-up by ``margin`` points and score at least ``dominance`` times as much as it (a text
  scoring 6 for health and 4 for education is about both); otherwise the answer is ``None``
  (the item stays as filed). The defaults (:data:`FIELD_MARGIN`, :data:`FIELD_MIN_SCORE`,
  :data:`FIELD_DOMINANCE`) were chosen on the training rows of a labelled news corpus so that
  answers are right about nine times in ten.
* **Negation flips a tendency.** A negator ("không", "chưa", "chẳng", "chả") before a tendency
  keyword, with only fillers between ("không có gì", "chưa thực sự"), flips it: approval becomes
  opposition, opposition or hesitation becomes approval; two negators cancel ("không có gì không
  hài lòng" is approval). Explicit negated keywords ("chưa tin tưởng" is hesitation) win over the
  rule since the longest match wins.

Matching works on folded syllables (:func:`dlxh.aggregate.tokens.syllables`), so it ignores case,
Unicode form and tone placement ("hoà"/"hòa"); a keyword only matches whole syllables in sequence
("thuốc" does not match "thuộc") within one clause (punctuation separates). Each occurrence scores
its number of syllables, so a specific phrase outweighs a generic one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from dlxh.aggregate.keywords import (
    FIELD_HINTS,
    FIELD_KEYWORDS,
    FIELD_NEUTRAL,
    FIELD_WEAK_KEYWORDS,
    NEGATION_FILLERS,
    NEGATORS,
    TENDENCY_HINTS,
    TENDENCY_KEYWORDS,
    TENDENCY_NEUTRAL,
)
from dlxh.aggregate.tokens import syllables
from dlxh.models.opinion import OpinionField, Tendency

__all__ = [
    "FIELD_DOMINANCE",
    "FIELD_HINTS",
    "FIELD_KEYWORDS",
    "FIELD_MARGIN",
    "FIELD_MIN_SCORE",
    "FIELD_WEAK_KEYWORDS",
    "TENDENCY_HINTS",
    "TENDENCY_KEYWORDS",
    "TENDENCY_MARGIN",
    "TENDENCY_MIN_SCORE",
    "TITLE_WEIGHT",
    "classify",
    "classify_field",
    "classify_tendency",
    "field_matches",
    "field_scores",
    "tendency_matches",
    "tendency_scores",
]

K = TypeVar("K", OpinionField, Tendency)

TITLE_WEIGHT = 2
"""How many times a match on the title (the first line of a text with several lines) counts."""

FIELD_MARGIN = 2
"""Default points by which the best field must beat the runner-up (a two-syllable keyword once)."""

FIELD_MIN_SCORE = 2
"""Default least score of an answered field: one two-syllable keyword in the content."""

FIELD_DOMINANCE = 2
"""Default least ratio of the best field's score to the runner-up's: the text must be mainly
about one field, whatever its length (a margin of 2 points means little in a long text)."""

TENDENCY_MARGIN = 1
"""Default margin for tendencies: any lead, so "đồng tình" against "băn khoăn" is no answer."""

TENDENCY_MIN_SCORE = 2
"""Default least score of an answered tendency."""

Kind = Literal["keyword", "weak", "hint"]

_NEGATED: Mapping[Tendency, Tendency] = {
    Tendency.APPROVE: Tendency.OPPOSE,
    Tendency.OPPOSE: Tendency.APPROVE,
    Tendency.HESITANT: Tendency.APPROVE,
}
_NEGATORS = frozenset(syllables(" ".join(NEGATORS)))
_FILLERS = frozenset(syllables(" ".join(NEGATION_FILLERS)))
_LOOK_BACK = 6
# Clause boundaries: a keyword never spans punctuation ("giá, đất" is not "giá đất").
_CLAUSE = re.compile(r"[\n.,;:!?()\[\]{}\"“”…/|]+")


@dataclass(frozen=True)
class _Entry(Generic[K]):
    pattern: tuple[str, ...]
    key: K | None  # None: a neutral phrase
    kind: Kind
    keyword: str  # as written in the table


@dataclass(frozen=True)
class _Match(Generic[K]):
    key: K
    kind: Kind
    label: str
    points: int
    at: tuple[int, int]  # (clause, syllable): matches are reported in text order
    title: bool


def _compile(
    keywords: Mapping[K, tuple[str, ...]],
    hints: Mapping[K, tuple[str, ...]],
    neutral: Sequence[str],
    weak: Mapping[K, tuple[str, ...]] | None = None,
) -> dict[int, dict[tuple[str, ...], list[_Entry[K]]]]:
    """Entries by pattern length then pattern; one pattern may carry several (field, kind).

    A word listed under two kinds for one key keeps the first: keyword, then weak, then hint.
    """
    table: dict[int, dict[tuple[str, ...], list[_Entry[K]]]] = {}
    neutral_patterns = {tuple(syllables(phrase)) for phrase in neutral}
    for pattern in neutral_patterns:
        table.setdefault(len(pattern), {})[pattern] = [_Entry(pattern, None, "keyword", "")]
    sources: tuple[tuple[Mapping[K, tuple[str, ...]], Kind], ...] = (
        (keywords, "keyword"),
        (weak or {}, "weak"),
        (hints, "hint"),
    )
    for source, kind in sources:
        for key, words in source.items():
            for word in words:
                pattern = tuple(syllables(word))
                entries = table.setdefault(len(pattern), {}).setdefault(pattern, [])
                # A neutral phrase stays neutral; a word listed twice for one key counts once.
                if pattern not in neutral_patterns and all(e.key is not key for e in entries):
                    entries.append(_Entry(pattern, key, kind, word))
    return dict(sorted(table.items(), reverse=True))


def _clauses(text: str) -> list[tuple[list[str], bool]]:
    """The clauses of ``text`` as syllables, each saying whether it sits on the title.

    The first line is a title only when content follows it: a one-line text is all content.
    """
    head, newline, body = text.partition("\n")
    has_body = bool(newline) and bool(syllables(body))
    result: list[tuple[list[str], bool]] = []
    for part, title in ((head, has_body), (body, False)):
        for clause in _CLAUSE.split(part):
            words = syllables(clause)
            if words:
                result.append((words, title))
    return result


def _negations(words: Sequence[str], start: int) -> list[str]:
    """The negators before ``words[start]``, walking back over fillers only."""
    found: list[str] = []
    index = start - 1
    while index >= 0 and start - index <= _LOOK_BACK:
        word = words[index]
        if word in _NEGATORS:
            found.append(word)
        elif word not in _FILLERS:
            break
        index -= 1
    return found


def _matches(
    text: str,
    compiled: dict[int, dict[tuple[str, ...], list[_Entry[K]]]],
    negate: Mapping[K, K] | None = None,
) -> list[_Match[K]]:
    """Non-overlapping matches, longest first, each worth syllables x line weight, of the keys
    that a keyword decides (see :func:`_decided`)."""
    found: list[_Match[K]] = []
    for clause, (words, title) in enumerate(_clauses(text)):
        weight = TITLE_WEIGHT if title else 1
        used = [False] * len(words)
        for size, by_pattern in compiled.items():
            for start in range(len(words) - size + 1):
                if any(used[start : start + size]):
                    continue
                entries = by_pattern.get(tuple(words[start : start + size]))
                if not entries:
                    continue
                used[start : start + size] = [True] * size
                negators = _negations(words, start) if negate is not None else []
                for entry in entries:
                    if entry.key is None:
                        continue
                    key, label = entry.key, entry.keyword
                    if negate is not None and len(negators) % 2:
                        key = negate.get(key, key)
                    if negators:
                        label = f"{' '.join(reversed(negators))} … {label}"
                    found.append(
                        _Match(key, entry.kind, label, size * weight, (clause, start), title)
                    )
    decided = _decided(found)
    return sorted((m for m in found if m.key in decided), key=lambda m: m.at)


def _decided(found: Sequence[_Match[K]]) -> set[K]:
    """The keys that count: one with a keyword, a weak keyword in the title, or a weak keyword
    in the content with a second distinct entry of the same key (weak keyword or hint)."""
    decided = {m.key for m in found if m.kind == "keyword" or (m.kind == "weak" and m.title)}
    cues: dict[K, set[str]] = {}
    for match in found:
        cues.setdefault(match.key, set()).add(match.label)
    decided |= {m.key for m in found if m.kind == "weak" and len(cues[m.key]) >= 2}
    return decided


def _scores(matches: Sequence[_Match[K]], order: Sequence[K]) -> dict[K, int]:
    totals: dict[K, int] = {}
    for match in matches:
        totals[match.key] = totals.get(match.key, 0) + match.points
    return {key: totals[key] for key in order if key in totals}


def _labels(matches: Sequence[_Match[K]], order: Sequence[K]) -> dict[K, list[str]]:
    labels: dict[K, list[str]] = {}
    for match in matches:
        labels.setdefault(match.key, []).append(match.label)
    return {key: labels[key] for key in order if key in labels}


_FIELDS = _compile(FIELD_KEYWORDS, FIELD_HINTS, FIELD_NEUTRAL, FIELD_WEAK_KEYWORDS)
_TENDENCIES = _compile(TENDENCY_KEYWORDS, TENDENCY_HINTS, TENDENCY_NEUTRAL)


def field_scores(text: str) -> dict[OpinionField, int]:
    """The score of every field with a keyword in ``text`` (enum order); hints add to it."""
    return _scores(_matches(text, _FIELDS), list(OpinionField))


def field_matches(text: str) -> dict[OpinionField, list[str]]:
    """The keywords and hints that counted for each field, in text order, one per occurrence.

    >>> field_matches("Giá đất tăng\\nGiá đất và giá nhà ở khu đô thị mới")[OpinionField.LAND]
    ['giá đất', 'giá đất', 'giá nhà', 'khu đô thị']
    """
    return _labels(_matches(text, _FIELDS), list(OpinionField))


def tendency_scores(text: str) -> dict[Tendency, int]:
    """The score of every tendency with a keyword in ``text``, negations applied (enum order)."""
    return _scores(_matches(text, _TENDENCIES, _NEGATED), list(Tendency))


def tendency_matches(text: str) -> dict[Tendency, list[str]]:
    """The keywords that counted for each tendency, a negated one shown with its negators.

    >>> tendency_matches("Không có gì không hài lòng")
    {<Tendency.APPROVE: 'approve'>: ['không … không hài lòng']}
    """
    return _labels(_matches(text, _TENDENCIES, _NEGATED), list(Tendency))


def _decide(scores: dict[K, int], margin: int, min_score: int, dominance: float = 1) -> K | None:
    if margin < 1 or min_score < 1 or dominance < 1:
        raise ValueError(
            "margin, min_score and dominance must be at least 1, "
            f"got {margin}, {min_score}, {dominance}"
        )
    ranked = sorted(scores.values(), reverse=True)
    if not ranked or ranked[0] < min_score:
        return None
    if len(ranked) > 1 and (ranked[0] - ranked[1] < margin or ranked[0] < dominance * ranked[1]):
        return None
    return max(scores, key=lambda key: scores[key])


def classify_field(
    text: str,
    *,
    margin: int = FIELD_MARGIN,
    min_score: int = FIELD_MIN_SCORE,
    dominance: float = FIELD_DOMINANCE,
) -> OpinionField | None:
    """The field that clearly leads in ``text``; ``None`` when none does.

    Args:
        text: The title, a newline, then the content (a one-line text is read as content).
        margin: Points by which the best field must beat the runner-up.
        min_score: Least score of the best field.
        dominance: Least ratio of the best field's score to the runner-up's (1: any lead).

    >>> classify_field("Người dân chưa được cấp sổ đỏ sau giải phóng mặt bằng")
    <OpinionField.LAND: 'land'>
    >>> classify_field("Giá tăng") is None  # "giá" alone says nothing
    True
    """
    return _decide(field_scores(text), margin, min_score, dominance)


def classify_tendency(
    text: str, *, margin: int = TENDENCY_MARGIN, min_score: int = TENDENCY_MIN_SCORE
) -> Tendency | None:
    """The tendency that leads in ``text``; ``None`` when none does.

    >>> classify_tendency("Nhân dân không đồng tình, bức xúc vì giá điện tăng")
    <Tendency.OPPOSE: 'oppose'>
    """
    return _decide(tendency_scores(text), margin, min_score)


def classify(text: str) -> tuple[OpinionField | None, Tendency | None]:
    """Both guesses at once: the default ``classifier`` shape :func:`synthesize` accepts."""
    return classify_field(text), classify_tendency(text)
