"""A bound on the work of docxtpl's tag clean-up, checked before it runs.

docxtpl turns a part's XML into Jinja source with some twenty regular-expression passes
(:meth:`docxtpl.DocxTemplate.patch_xml`), which the engine calls as they are, so that its Jinja
source is exactly docxtpl's. Several passes scan lazily from an opening (``{{``, ``{%``,
``{% vm %}``, ``{%p``, ``-%}``) to the next closing (``}}``, ``%}``, ``</w:tc>``, ``</w:p>``,
``<w:t>``) and start again at the next opening when there is none. In a real template every
opening has its own closing a few hundred characters on, so the scans add up to about the size
of the part. In a part whose openings have no closing each scan runs to the end: a 40 KB
paragraph of ``{{ a {{ a ...`` took 7 s to load, and the time grows with the square of the size.
Python's regular expressions cannot be interrupted, so the scans are measured first, in linear
time (the openings, and for each the distance to the next closing), and a part whose scans would
exceed a small multiple of its size is refused with a :class:`~dlxh.errors.TemplateError`.

The ``{% vm %}``/``{% hm %}`` merge passes are worse: in a cell where their first try fails
they try every combination of the cell's properties, runs and tag ends (a 3 KB cell took 23 s,
6 KB six minutes). When a part holds such a tag, the passes before them are run with the tags
hidden, and their tries are counted on the result (:func:`_merge_work`); more than 50 million
is refused. A real merged cell counts its own length.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from dlxh.errors import TemplateError

__all__ = ["check_tag_work"]

# (opening, closing) pairs after docxtpl's lazy scans; openings are found at every position
# (lookahead), as the regular-expression engine tries every position.
_SCANS = (
    ("{{", re.compile(r"(?=\{\{)"), re.compile(r"\}\}")),
    ("{%", re.compile(r"(?=\{%)"), re.compile(r"%\}")),
    ("{#", re.compile(r"(?=\{#)"), re.compile(r"#\}")),
    ("{{ or {%", re.compile(r"(?=\{[{%])"), re.compile(r"[}%]\}|\n")),
    ("-%}", re.compile(r"(?=-%\})"), re.compile(r"<w:t[ >]|\{%|\{\{")),
    ("{% vm %} or {% hm %}", re.compile(r"(?=\{%\s*[vh]m\s*%\})"), re.compile(r"</w:tc[ >]")),
    ("{% colspan or {% cellbg", re.compile(r"(?=\{%\s*(?:colspan|cellbg))"), re.compile("</w:tc>")),
    ("{%p, {%r, {%tr or {%tc", re.compile(r"(?=[{][{%#](?:p|r|tr|tc) )"), re.compile(r"</w:")),
)
_SLACK = 1_000_000
_FACTOR = 2


_MERGE_TAGS = (re.compile(r"\{%\s*vm\s*%\}"), re.compile(r"\{%\s*hm\s*%\}"))  # two passes
_HIDDEN = ("{% dlxh-vm %}", "{% dlxh-hm %}")  # the same to every other pass, matched by none
_MERGE_LIMIT = 50_000_000


def _merge_work(text: str, patch: Callable[[str], str]) -> int:
    """What docxtpl's ``{% vm %}``/``{% hm %}`` passes would try, counted on the text as the
    passes before them leave it (``patch`` is docxtpl's clean-up, run with the merge tags
    hidden from it).

    Each pass takes every cell that holds its tag (from the nearest ``<w:tc`` before the tag to
    the first ``</w:tc`` after it) and matches ``(</w:tcPr[ >].*?<w:t(?:.*?)>)(.*?){% vm %}
    (.*?)(</w:t>)`` in it again and again. A try that finds its way costs its length; one that
    does not tries every ``<w:t`` and every ``>`` after its start against the rest of the cell,
    and so does every later start.
    """
    hidden = text
    for tag, sentinel in zip(_MERGE_TAGS, _HIDDEN, strict=True):
        hidden = tag.sub(sentinel, hidden)
    before = patch(hidden).replace(_HIDDEN[0], "{% vm %}").replace(_HIDDEN[1], "{% hm %}")
    work = 0
    for tag in _MERGE_TAGS:
        end = 0
        for match in tag.finditer(before):
            if match.start() < end:
                continue  # in the cell of the previous tag: the pass goes on after that cell
            start = max(
                before.rfind("<w:tc ", end, match.start()),
                before.rfind("<w:tc>", end, match.start()),
            )
            if start < 0:
                continue  # no cell starts between the previous one and this tag: not matched
            end = min(_find(before, "</w:tc>", match.end()), _find(before, "</w:tc ", match.end()))
            work += _cell_work(before[start:end], tag)
    return work


def _cell_work(cell: str, tag: re.Pattern[str]) -> int:
    runs = [m.start() for m in re.finditer("<w:t", cell)]
    ends = [m.start() for m in re.finditer(">", cell)]
    tags = [(m.start(), m.end()) for m in tag.finditer(cell)]
    tag_starts = [start for start, _ in tags]
    starts = [m.start() for m in re.finditer(r"</w:tcPr[ >]", cell)]
    work, position = 0, 0
    for index, start in enumerate(starts):
        if start < position:
            continue
        run = _first(runs, start + 9)
        close = _first(ends, run + 4) if run >= 0 else -1
        found = bisect.bisect_left(tag_starts, close + 1) if close >= 0 else len(tags)
        tag_end = tags[found][1] if found < len(tags) else -1
        closing = cell.find("</w:t>", tag_end) if tag_end >= 0 else -1
        if closing >= 0:
            work += closing + 6 - start
            position = closing + 6
            continue
        for later in starts[index:]:  # this start fails, and so does every one after it
            after_runs = len(runs) - bisect.bisect_left(runs, later)
            after_ends = len(ends) - bisect.bisect_left(ends, later)
            work += max(after_runs, 1) * max(after_ends, 1) * (len(cell) - later)
        break
    return work


def _first(positions: list[int], at: int) -> int:
    """The first of the sorted ``positions`` at or after ``at``, or -1."""
    index = bisect.bisect_left(positions, at)
    return positions[index] if index < len(positions) else -1


def _find(text: str, needle: str, start: int) -> int:
    found = text.find(needle, start)
    return len(text) if found < 0 else found


def check_tag_work(text: str, part: str, patch: Callable[[str], str] | None = None) -> None:
    """Refuse ``text`` (the XML of ``part``) when docxtpl's clean-up of it would scan more than
    ``2 × len(text) + 1,000,000`` characters from tag openings to their closings."""
    if "{" not in text and "%}" not in text:
        return
    budget = _FACTOR * len(text) + _SLACK
    for label, opening, closing in _SCANS:
        closes = [match.start() for match in closing.finditer(text)]
        end = len(text)
        work = 0
        for match in opening.finditer(text):
            start = match.start()
            index = bisect.bisect_right(closes, start)
            work += (closes[index] if index < len(closes) else end) - start
            if work > budget:
                raise TemplateError(
                    f"{part}: tags that do not close ({label} without its closing, or stray "
                    f"braces): docxtpl's tag clean-up would scan more than {budget:,} "
                    "characters, which takes minutes to hours; close the tags or remove the "
                    "stray braces"
                )
    if (
        patch is not None
        and any(tag.search(text) for tag in _MERGE_TAGS)
        and (_merge_work(text, patch) > _MERGE_LIMIT)
    ):
        raise TemplateError(
            f"{part}: a table cell with {{% vm %}} or {{% hm %}} is not closed as Word writes "
            "cells (no </w:t> after the tag, or more cell properties after it): docxtpl's "
            "merge pass would take minutes to hours on it"
        )
