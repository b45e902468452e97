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
"""

from __future__ import annotations

import bisect
import re

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
_CELL_START = re.compile(r"<w:tc[ >]")
_MERGE_LIMIT = 50_000_000


def _merge_cell_work(text: str) -> int:
    """The worst case of docxtpl's ``{% vm %}``/``{% hm %}`` pass, over the cells that hold one.

    That pass matches ``(</w:tcPr[ >].*?<w:t(?:.*?)>)(.*?){% vm %}(.*?)(</w:t>)`` in each such
    cell (after the earlier passes changed it). In a real cell the first try succeeds; where it
    does not, every combination of a ``</w:tcPr``, a ``<w:t`` and a ``>`` is tried against the
    rest of the cell: their product times the cell's length, which is what is counted (a real
    merged cell of two kilobytes counts about a million).
    """
    work = 0
    for tag in _MERGE_TAGS:
        end = 0
        for match in tag.finditer(text):
            if match.start() < end:
                continue  # in the cell of the previous tag: the pass goes on after that cell
            start = max(
                text.rfind("<w:tc ", end, match.start()), text.rfind("<w:tc>", end, match.start())
            )
            if start < 0:
                continue  # no cell starts between the previous one and this tag: not matched
            end = min(_find(text, "</w:tc>", match.end()), _find(text, "</w:tc ", match.end()))
            cell = text[start:end]
            if _quick(cell, match.start() - start, match.end() - start):
                continue
            # docxtpl's run tags ({{r, {%r) add a run (two <w:t, six >) before this pass.
            runs = cell.count("{{r ") + cell.count("{%r ")
            runs_t, closes = cell.count("<w:t") + 2 * runs, cell.count(">") + 6 * runs
            work += cell.count("</w:tcPr") * runs_t * closes * len(cell)
    return work


_RESHAPING = re.compile(r"-%\}|\{%-|[{][{%#](?:p|r|tr|tc) ")


def _quick(cell: str, tag: int, after: int) -> bool:
    """Whether the pass's first try succeeds on ``cell`` (the tag between ``tag`` and
    ``after``) and nothing after it is tried again: cell properties and a run before the tag,
    the run closing after it, no more cell properties after that, and nothing in the cell that
    earlier passes reshape (whitespace control; paragraph, run, row and cell tags)."""
    before = cell.find("</w:tcPr", 0, tag)
    if before < 0 or cell.find("<w:t", before + 8, tag) < 0:
        return False
    closing = cell.find("</w:t>", after)
    if closing < 0 or cell.find("</w:tcPr", closing) >= 0:
        return False
    return _RESHAPING.search(cell) is None


def _find(text: str, needle: str, start: int) -> int:
    found = text.find(needle, start)
    return len(text) if found < 0 else found


def check_tag_work(text: str, part: str) -> None:
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
    if "m" in text and _merge_cell_work(text) > _MERGE_LIMIT:
        raise TemplateError(
            f"{part}: a table cell with {{% vm %}} or {{% hm %}} is not closed as Word writes "
            "cells (no </w:t> after the tag, or more cell properties after it): docxtpl's "
            "merge pass would take minutes to hours on it"
        )
