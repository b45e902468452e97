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
  most even (least sum of squared widths) for the least penalty;
* :func:`break_paragraphs` applies it to the display paragraphs of a rendered body, inserting
  ``w:br`` elements; lines the author broke on purpose stay broken there.

Widths come from :mod:`dlxh.render.metrics` (Times New Roman advance widths), with a little slack
so that Word's own measure, which differs by kerning, never wraps a line again.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from dlxh.render.metrics import text_width_pt
from dlxh.vn.text import fold

__all__ = [
    "DISPLAY_STYLES",
    "Face",
    "Lexicon",
    "available_width_pt",
    "balance",
    "break_display",
    "break_paragraphs",
    "break_penalties",
    "breaks",
    "faces_from_styles",
    "lexicon",
    "names_in",
    "run_face",
]

FORBIDDEN = math.inf
_AFTER_PUNCTUATION = 0.0
_BEFORE_OPENER = 1.0
_ANYWHERE = 12.0
_BETWEEN_WORDS = 6.0
_AFTER_OPENER = 30.0
_NEAR_NUMBER = 40.0
_LAST_RESORT = 200.0  # a forbidden break, when a compound alone is wider than the line
_EVENNESS = 200.0  # weight of the squared line widths (a share of the width): even lines
_SLACK = 0.97  # of the width: Word's measure differs from the metrics table by kerning
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
    opener, 40 next to a number or dash, 12 anywhere else."""
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


@dataclass(frozen=True)
class Face:
    """How a paragraph's text is set: size in points, bold, italic."""

    size: float
    bold: bool = False
    italic: bool = False


def break_paragraphs(
    body: Any,
    faces: Mapping[str, Face],
    width_of: Callable[[Any], float],
    measure: Callable[[str, Face], float],
    words: Lexicon | None = None,
) -> int:
    """Break every paragraph of ``body`` whose style id is in ``faces`` at balanced phrase
    boundaries, putting a ``w:br`` in place of the chosen spaces; ``width_of(paragraph)`` is the
    width available to it, in the unit ``measure`` uses. Line breaks already in the text stay
    (each line is balanced on its own). Returns how many paragraphs changed."""
    changed = 0
    for paragraph in list(body.iter(qn("w:p"))):
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        face = None if style is None else faces.get(style.get(qn("w:val")) or "")
        if face is None:
            continue
        width = width_of(paragraph) * _SLACK
        measured = functools.partial(_measure_in, measure, run_face(paragraph, face))
        text = "".join(piece for _, piece in _pieces(paragraph))
        offsets: list[int] = []
        start = 0
        for segment in text.split("\n"):
            spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", segment)]
            words_of = [segment[a:b] for a, b in spans]
            for index in breaks(words_of, width, measured, words):
                offsets.append(start + spans[index - 1][1])  # the space after the line's end
            start += len(segment) + 1
        for offset in sorted(offsets, reverse=True):
            _break_at(paragraph, offset)
        changed += bool(offsets)
    return changed


def _measure_in(measure: Callable[[str, Face], float], face: Face, text: str) -> float:
    return measure(text, face)


def _pieces(paragraph: Any) -> list[tuple[Any, str]]:
    """The paragraph's ``w:t`` and ``w:br`` elements in order, with the text each stands for."""
    return [
        (element, "\n" if element.tag == qn("w:br") else element.text or "")
        for element in paragraph.iter(qn("w:t"), qn("w:br"))
    ]


def _break_at(paragraph: Any, offset: int) -> None:
    """Replace the spaces at ``offset`` (into the paragraph's text) by a line break in the same
    run, as Word writes one: ``<w:t>first line</w:t><w:br/><w:t>next line</w:t>``."""
    position = 0
    for element, piece in _pieces(paragraph):
        if element.tag == qn("w:t") and position <= offset < position + len(piece):
            local = offset - position
            element.text = piece[:local].rstrip(" ")
            element.set(qn("xml:space"), "preserve")
            brk = OxmlElement("w:br")
            rest = OxmlElement("w:t")
            rest.text = piece[local:].lstrip(" ")
            rest.set(qn("xml:space"), "preserve")
            element.addnext(brk)
            brk.addnext(rest)
            return
        position += len(piece)


DISPLAY_STYLES = (
    "DLXH Header Parent",
    "DLXH Header Issuer",
    "DLXH Header Subject",
    "DLXH Type",
    "DLXH Summary",
    "DLXH Authority",
    "DLXH Appendix Title",
    "DLXH Appendix Subtitle",
    "DLXH Appendix Note",
)
"""The centred display lines a clerk breaks by hand: issuer names, the công văn's subject, the
document type and trích yếu, the deciding authority, and the appendix headings."""


def break_display(
    body: Any, style_ids: Mapping[str, str], styles_xml: bytes | None, names: Iterable[str]
) -> int:
    """Break the display lines (:data:`DISPLAY_STYLES`) of a rendered ``w:body`` at balanced
    phrase boundaries, measured in their own style's face within their cell or section, and
    never inside the proper names found in ``names`` (the document's place and issuer)."""
    if styles_xml is None:
        return 0
    ids = [style_ids[name] for name in DISPLAY_STYLES if name in style_ids]
    faces = faces_from_styles(styles_xml, ids)
    words = lexicon().with_compounds(names_in(names))
    return break_paragraphs(
        body,
        faces,
        available_width_pt,
        lambda text, face: text_width_pt(text, face.size, bold=face.bold, italic=face.italic),
        words,
    )


def faces_from_styles(styles_xml: bytes, style_ids: Iterable[str]) -> dict[str, Face]:
    """The face of each of ``style_ids`` as ``word/styles.xml`` defines it, following
    ``w:basedOn`` (size from ``w:sz``, bold ``w:b``, italic ``w:i``); ids it lacks are left out.
    Read from the template rather than the profile, so a house style restyled in Word is
    measured as it prints."""
    root = etree.fromstring(styles_xml)
    styles = {s.get(qn("w:styleId")): s for s in root.iter(qn("w:style"))}
    default = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")

    def look(style_id: str | None, tag: str) -> Any:
        seen: set[str] = set()
        while style_id and style_id in styles and style_id not in seen:
            seen.add(style_id)
            found = styles[style_id].find(f"{qn('w:rPr')}/{qn(tag)}")
            if found is not None:
                return found
            based = styles[style_id].find(qn("w:basedOn"))
            style_id = None if based is None else based.get(qn("w:val"))
        return None if default is None else default.find(qn(tag))

    faces: dict[str, Face] = {}
    for style_id in style_ids:
        if style_id not in styles:
            continue
        size = look(style_id, "w:sz")
        faces[style_id] = Face(
            int(size.get(qn("w:val"))) / 2 if size is not None else 12.0,
            _on(look(style_id, "w:b")),
            _on(look(style_id, "w:i")),
        )
    return faces


def _on(element: Any) -> bool:
    return element is not None and element.get(qn("w:val"), "true") not in ("0", "false", "off")


def run_face(paragraph: Any, face: Face) -> Face:
    """``face`` with the direct formatting of the paragraph's first run of text applied."""
    for run in paragraph.iter(qn("w:r")):
        if not "".join(t.text or "" for t in run.iter(qn("w:t"))).strip():
            continue
        r_pr = run.find(qn("w:rPr"))
        if r_pr is None:
            return face
        size, bold, italic = r_pr.find(qn("w:sz")), r_pr.find(qn("w:b")), r_pr.find(qn("w:i"))
        return Face(
            int(size.get(qn("w:val"))) / 2 if size is not None else face.size,
            _on(bold) if bold is not None else face.bold,
            _on(italic) if italic is not None else face.italic,
        )
    return face


_TWIPS_PER_PT = 20


def available_width_pt(paragraph: Any) -> float:
    """The width a paragraph's lines may take, in points: its table cell's width less the cell
    margins, or its section's page width less the page margins; less its own indents."""
    width = _cell_width(paragraph)
    if width is None:
        width = _section_width(paragraph)
    ind = paragraph.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    if ind is not None:
        for side in ("w:left", "w:right", "w:start", "w:end"):
            width -= int(ind.get(qn(side), "0") or 0) / _TWIPS_PER_PT
    return width


def _cell_width(paragraph: Any) -> float | None:
    cell = paragraph.getparent()
    if cell is None or cell.tag != qn("w:tc"):
        return None
    tc_w = cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
    if tc_w is None or tc_w.get(qn("w:type")) != "dxa":
        return None
    margins = 2 * 108  # Word's default cell margins, 0.19 cm each side
    table = cell.getparent().getparent()
    mar = None if table is None else table.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")
    if mar is not None:
        sides = [mar.find(qn(side)) for side in ("w:left", "w:right")]
        margins = sum(int(e.get(qn("w:w"), "108")) if e is not None else 108 for e in sides)
    return (int(tc_w.get(qn("w:w"))) - margins) / _TWIPS_PER_PT


def _section_width(paragraph: Any) -> float:
    """The text width of the section ``paragraph`` is in: its properties sit in the last
    paragraph of the section, or at the end of the body for the last one."""
    section = None
    for following in paragraph.itersiblings(preceding=False):
        section = following.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        if section is not None:
            break
    own = paragraph.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
    section = own if own is not None else section
    if section is None:
        top = paragraph
        while top.getparent() is not None and top.getparent().tag != qn("w:body"):
            top = top.getparent()
        body = top.getparent()
        section = None if body is None else body.find(qn("w:sectPr"))
    size = None if section is None else section.find(qn("w:pgSz"))
    margins = None if section is None else section.find(qn("w:pgMar"))
    if size is None or margins is None:
        return 453.5  # A4 with 30 and 20 mm margins
    inner = (
        int(size.get(qn("w:w")))
        - int(margins.get(qn("w:left"), "0"))
        - int(margins.get(qn("w:right"), "0"))
    )
    return inner / _TWIPS_PER_PT
