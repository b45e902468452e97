"""Effective formatting, resolved the way Word resolves it.

A run's font is rarely written on the run itself. Word looks, in order, at the run's direct
formatting, its character style and that style's ancestors, the paragraph's style chain (or the
default paragraph style), the table style for text in a table, and the document defaults; a font
may also name a theme slot (``minorHAnsi``) that the theme part maps to a real font. Vietnamese
letters are outside ASCII, so Word draws them with the ``hAnsi`` font, not ``ascii``: both are
resolved. Checking only direct formatting would pass an Arial document whose Normal style is
Arial, and fail a correct one that relies on styles.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

__all__ = ["ParagraphFormat", "RunFormat", "StyleSheet", "W", "qn"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_TWIPS_PER_MM = 1440 / 25.4
_DEFAULT_SIZE_PT = 10.0  # Word's size when nothing sets one


def qn(tag: str) -> str:
    """``w:p`` to ``{namespace}p``."""
    prefix, _, local = tag.partition(":")
    return f"{{{_A if prefix == 'a' else W}}}{local}"


def _val(element: etree._Element | None, attribute: str = "w:val") -> str | None:
    if element is None:
        return None
    value = element.get(qn(attribute))
    return None if value is None else str(value)


def _toggle(element: etree._Element | None) -> bool | None:
    """A bold/italic flag: absent → None, present → True unless its value says false."""
    if element is None:
        return None
    value = _val(element)
    return value not in ("0", "false", "off")


@dataclass(frozen=True)
class RunFormat:
    """The effective look of a run."""

    font_ascii: str | None
    font_hansi: str | None
    size_pt: float
    bold: bool
    italic: bool
    underline: bool

    def font_for(self, text: str) -> str | None:
        """The font Word draws ``text`` with: ``hAnsi`` when it has non-ASCII letters."""
        return self.font_hansi if any(ord(ch) > 127 for ch in text) else self.font_ascii


@dataclass(frozen=True)
class ParagraphFormat:
    """The effective layout of a paragraph."""

    alignment: str
    first_line_mm: float
    left_mm: float
    space_after_pt: float
    line_spacing: float | None
    """A multiple of single spacing, or None for an exact/at-least height."""
    line_exact_pt: float | None
    space_before_pt: float = 0.0
    """Word adds the space before a paragraph to the space after the one above: either keeps
    paragraphs apart."""


class StyleSheet:
    """The styles, document defaults and theme fonts of one document."""

    def __init__(self, styles: etree._Element | None, theme: etree._Element | None) -> None:
        self._styles: dict[str, etree._Element] = {}
        self._default_paragraph: str | None = None
        self._default_table: str | None = None
        self._r_defaults: etree._Element | None = None
        self._p_defaults: etree._Element | None = None
        if styles is not None:
            for style in styles.iter(qn("w:style")):
                style_id = _val(style, "w:styleId")
                if style_id is None:
                    continue
                self._styles[style_id] = style
                if _val(style, "w:default") in ("1", "true"):
                    kind = _val(style, "w:type")
                    if kind == "paragraph":
                        self._default_paragraph = style_id
                    elif kind == "table":
                        self._default_table = style_id
            defaults = styles.find(qn("w:docDefaults"))
            if defaults is not None:
                self._r_defaults = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
                self._p_defaults = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
        self._theme: dict[str, str | None] = {"minor": None, "major": None}
        self._theme.update(_theme_fonts(theme))

    def style_name(self, style_id: str | None) -> str | None:
        style = self._styles.get(style_id or "")
        return _val(style.find(qn("w:name"))) if style is not None else None

    def _chain(self, style_id: str | None) -> Iterator[etree._Element]:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._styles:
            seen.add(style_id)
            style = self._styles[style_id]
            yield style
            style_id = _val(style.find(qn("w:basedOn")))

    def _run_sources(
        self, paragraph: etree._Element, run: etree._Element, table_style: str | None
    ) -> list[etree._Element]:
        """The rPr elements that may set a run property, strongest first."""
        direct = run.find(qn("w:rPr"))
        char_style = _val(direct.find(qn("w:rStyle"))) if direct is not None else None
        candidates: list[etree._Element | None] = [direct]
        candidates += [s.find(qn("w:rPr")) for s in self._chain(char_style)]
        candidates += [s.find(qn("w:rPr")) for s in self._chain(self.paragraph_style(paragraph))]
        candidates += [s.find(qn("w:rPr")) for s in self._chain(table_style or self._default_table)]
        candidates.append(self._r_defaults)
        return [s for s in candidates if s is not None]

    def paragraph_style(self, paragraph: etree._Element) -> str | None:
        """The paragraph's style id (the default paragraph style when it names none)."""
        p_pr = paragraph.find(qn("w:pPr"))
        style = _val(p_pr.find(qn("w:pStyle"))) if p_pr is not None else None
        return style if style in self._styles else self._default_paragraph

    def _font(self, sources: list[etree._Element], slot: str) -> str | None:
        for r_pr in sources:
            fonts = r_pr.find(qn("w:rFonts"))
            if fonts is None:
                continue
            theme = _val(fonts, f"w:{slot}Theme")
            if theme is not None:
                return self._theme["major" if theme.startswith("major") else "minor"]
            name = _val(fonts, f"w:{slot}")
            if name is not None:
                return name
        return None

    def run_format(
        self, paragraph: etree._Element, run: etree._Element, table_style: str | None = None
    ) -> RunFormat:
        """The effective format of ``run`` in ``paragraph`` (in a table with ``table_style``)."""
        sources = self._run_sources(paragraph, run, table_style)

        def first(tag: str) -> etree._Element | None:
            for r_pr in sources:
                found = r_pr.find(qn(tag))
                if found is not None:
                    return found
            return None

        size = _val(first("w:sz"))
        underline = _val(first("w:u"))
        return RunFormat(
            font_ascii=self._font(sources, "ascii"),
            font_hansi=self._font(sources, "hAnsi"),
            size_pt=int(size) / 2 if size and size.isdigit() else _DEFAULT_SIZE_PT,
            bold=bool(_toggle(first("w:b"))),
            italic=bool(_toggle(first("w:i"))),
            underline=underline not in (None, "none"),
        )

    def paragraph_format(self, paragraph: etree._Element) -> ParagraphFormat:
        """The effective alignment, indents and spacing of ``paragraph``."""
        candidates: list[etree._Element | None] = [paragraph.find(qn("w:pPr"))]
        candidates += [s.find(qn("w:pPr")) for s in self._chain(self.paragraph_style(paragraph))]
        candidates.append(self._p_defaults)
        sources = [s for s in candidates if s is not None]

        def attribute(tag: str, name: str) -> str | None:
            for p_pr in sources:
                element = p_pr.find(qn(tag))
                if element is not None and element.get(qn(name)) is not None:
                    return str(element.get(qn(name)))
            return None

        alignment = attribute("w:jc", "w:val") or "left"
        first_line = attribute("w:ind", "w:firstLine")
        hanging = attribute("w:ind", "w:hanging")
        first_mm = int(first_line) / _TWIPS_PER_MM if first_line else 0.0
        if hanging and not first_line:
            first_mm = -int(hanging) / _TWIPS_PER_MM
        left = attribute("w:ind", "w:left") or attribute("w:ind", "w:start")
        after = attribute("w:spacing", "w:after")
        before = attribute("w:spacing", "w:before")
        line = attribute("w:spacing", "w:line")
        rule = attribute("w:spacing", "w:lineRule") or "auto"
        spacing: float | None = None
        exact: float | None = None
        if line is not None and line.lstrip("-").isdigit():
            if rule == "auto":
                spacing = int(line) / 240
            else:
                exact = int(line) / 20
        else:
            spacing = 1.0
        return ParagraphFormat(
            alignment={"both": "justify", "start": "left", "end": "right"}.get(
                alignment, alignment
            ),
            first_line_mm=first_mm,
            left_mm=int(left) / _TWIPS_PER_MM if left and left.lstrip("-").isdigit() else 0.0,
            space_after_pt=int(after) / 20 if after and after.isdigit() else 0.0,
            line_spacing=spacing,
            line_exact_pt=exact,
            space_before_pt=int(before) / 20 if before and before.isdigit() else 0.0,
        )


def _theme_fonts(theme: etree._Element | None) -> dict[str, str | None]:
    fonts: dict[str, str | None] = {}
    if theme is None:
        return fonts
    for kind in ("major", "minor"):
        latin = theme.find(f".//{qn(f'a:{kind}Font')}/{qn('a:latin')}")
        if latin is not None:
            fonts[kind] = str(latin.get("typeface"))
    return fonts
