"""The structure of a document as the rules see it: sections, paragraphs and tables in order."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from lxml import etree

from dlxh.check.package import DocxPackage
from dlxh.check.properties import ParagraphFormat, RunFormat, StyleSheet, qn

__all__ = ["DocumentView", "Para", "Section"]

_TWIPS_PER_MM = 1440 / 25.4
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass
class Para:
    """One paragraph with where it is and its text."""

    element: etree._Element
    text: str
    location: str
    table: int | None = None
    row: int | None = None
    col: int | None = None
    table_style: str | None = None
    sheet: StyleSheet | None = field(default=None, repr=False)

    @cached_property
    def lines(self) -> list[str]:
        """The text's lines: a Shift+Enter (``w:br``) starts a new one, so a title cell typed as
        one paragraph ("CỘNG HÒA ... / Độc lập - Tự do - Hạnh phúc") has two."""
        return [line.strip() for line in self.text.split("\n")]

    @cached_property
    def runs(self) -> list[tuple[etree._Element, str]]:
        """The runs with visible text (deleted text left out)."""
        found = []
        for run in self.element.iter(qn("w:r")):
            if any(a.tag == qn("w:del") for a in run.iterancestors()):
                continue
            text = "".join(t.text or "" for t in run.iter(qn("w:t")))
            found.append((run, text))
        return found

    def run_format(self, run: etree._Element) -> RunFormat:
        assert self.sheet is not None
        return self.sheet.run_format(self.element, run, self.table_style)

    @cached_property
    def format(self) -> ParagraphFormat:
        assert self.sheet is not None
        return self.sheet.paragraph_format(self.element)

    def run_holding(self, line: str) -> RunFormat | None:
        """The format of the first run with text on ``line`` (one of :attr:`lines`): the motto
        after a line break has its own run, and its own size."""
        index = next((i for i, own in enumerate(self.lines) if own == line.strip()), None)
        if index is None:
            return self.first_text_run()
        current = 0
        for run, _text in self.runs:
            for node in run.iter(qn("w:t"), qn("w:br"), qn("w:cr")):
                if node.tag != qn("w:t"):
                    current += 1
                elif current == index and (node.text or "").strip():
                    return self.run_format(run)
            if current > index:
                break
        return self.first_text_run()

    def first_text_run(self) -> RunFormat | None:
        """The format of the first run with visible text."""
        for run, text in self.runs:
            if text.strip():
                return self.run_format(run)
        return None

    @property
    def style_name(self) -> str | None:
        assert self.sheet is not None
        return self.sheet.style_name(self.sheet.paragraph_style(self.element))


@dataclass
class Section:
    """A section's page: size, orientation, margins, first-page header, headers by type."""

    index: int
    width_mm: float
    height_mm: float
    margins_mm: dict[str, float]
    title_page: bool
    headers: dict[str, str]
    """Header type (default, first, even) to part name."""


def paragraph_text(element: etree._Element) -> str:
    """Visible text: runs' text, tabs and line breaks; deleted text left out."""
    pieces: list[str] = []
    for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if any(a.tag == qn("w:del") for a in node.iterancestors()):
            continue
        if node.tag == qn("w:t"):
            pieces.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parent = node.getparent()
            if parent is not None and parent.tag == qn("w:r"):  # not a tab stop definition
                pieces.append("\t")
        else:
            pieces.append("\n")
    # NFC: a text typed with combining marks ("nhâ" + U+0323) is the same text as "nhậ"
    return unicodedata.normalize("NFC", "".join(pieces))


class DocumentView:
    """Body paragraphs in reading order (table cells included), tables, and sections."""

    def __init__(self, package: DocxPackage) -> None:
        self.package = package
        self.sheet = StyleSheet(package.styles, package.theme)
        self.paragraphs: list[Para] = []
        self.tables: list[list[list[list[Para]]]] = []  # table -> row -> cell -> paragraphs
        self.order: list[tuple[str, int]] = []  # ("p", paragraph index) or ("t", table index)
        body = package.document.find(qn("w:body"))
        self._body = body
        if body is not None:
            self._walk(body)
        self.sections = self._sections()

    def _walk(self, body: etree._Element) -> None:
        count = 0
        for child in body:
            if child.tag == qn("w:p"):
                count += 1
                para = Para(child, paragraph_text(child), f"paragraph {count}", sheet=self.sheet)
                self.order.append(("p", len(self.paragraphs)))
                self.paragraphs.append(para)
            elif child.tag == qn("w:tbl"):
                self.order.append(("t", len(self.tables)))
                self.tables.append(self._table(child, len(self.tables)))

    def _table(self, table: etree._Element, index: int) -> list[list[list[Para]]]:
        style = table.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
        style_id = None if style is None else str(style.get(qn("w:val")))
        rows: list[list[list[Para]]] = []
        for r, row in enumerate(table.findall(qn("w:tr"))):
            cells: list[list[Para]] = []
            for c, cell in enumerate(row.findall(qn("w:tc"))):
                paragraphs = []
                for line, p in enumerate(cell.iter(qn("w:p")), start=1):
                    para = Para(
                        p,
                        paragraph_text(p),
                        f"table {index + 1}, row {r + 1}, cell {c + 1}, line {line}",
                        table=index,
                        row=r,
                        col=c,
                        table_style=style_id,
                        sheet=self.sheet,
                    )
                    paragraphs.append(para)
                    self.paragraphs.append(para)
                cells.append(paragraphs)
            rows.append(cells)
        return rows

    def _sections(self) -> list[Section]:
        if self._body is None:
            return []
        properties = [
            p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") for p in self._body.findall(qn("w:p"))
        ]
        found = [s for s in properties if s is not None]
        final = self._body.find(qn("w:sectPr"))
        if final is not None:
            found.append(final)
        sections = []
        for index, sect in enumerate(found):
            size = sect.find(qn("w:pgSz"))
            margins = sect.find(qn("w:pgMar"))

            def twips(element: etree._Element | None, name: str, default: float) -> float:
                value = None if element is None else element.get(qn(f"w:{name}"))
                try:
                    return int(str(value)) / _TWIPS_PER_MM if value is not None else default
                except ValueError:
                    return default

            headers = {}
            for reference in sect.findall(qn("w:headerReference")):
                rel = str(reference.get(f"{{{_R}}}id", ""))
                kind = str(reference.get(qn("w:type"), "default"))
                if rel in self.package.rels:
                    headers[kind] = self.package.rels[rel]
            title = sect.find(qn("w:titlePg"))
            sections.append(
                Section(
                    index=index,
                    width_mm=twips(size, "w", 215.9),
                    height_mm=twips(size, "h", 279.4),
                    margins_mm={
                        side: twips(margins, side, 25.4)
                        for side in ("top", "bottom", "left", "right")
                    },
                    title_page=title is not None and title.get(qn("w:val")) not in ("0", "false"),
                    headers=headers,
                )
            )
        return sections

    @cached_property
    def default_tab_mm(self) -> float:
        """The default tab stop (``w:defaultTabStop`` in the settings; Word's 12.7 mm else)."""
        settings = self.package.part("word/settings.xml")
        stop = None if settings is None else settings.find(qn("w:defaultTabStop"))
        value = None if stop is None else stop.get(qn("w:val"))
        try:
            return int(str(value)) / _TWIPS_PER_MM if value is not None else 12.7
        except ValueError:
            return 12.7

    @cached_property
    def even_headers_shown(self) -> bool:
        """Whether even pages get their own header (``w:evenAndOddHeaders`` in the settings):
        without it, Word never shows an ``even`` header."""
        settings = self.package.part("word/settings.xml")
        flag = None if settings is None else settings.find(qn("w:evenAndOddHeaders"))
        return flag is not None and flag.get(qn("w:val")) not in ("0", "false", "off")

    @cached_property
    def pages(self) -> int | None:
        """The page count Word saved (``docProps/app.xml``), None when there is none."""
        app = self.package.part("docProps/app.xml")
        if app is None:
            return None
        for element in app.iter():
            if isinstance(element.tag, str) and element.tag.endswith("}Pages"):
                try:
                    return int((element.text or "").strip())
                except ValueError:
                    return None
        return None

    def shown_headers(self, section: Section) -> list[str]:
        """The header parts a reader sees in ``section``: the default one, the first page's
        when the section has a different first page, the even pages' when they are on."""
        shown = []
        for kind, part in section.headers.items():
            if kind == "first" and not section.title_page:
                continue
            if kind == "even" and not self.even_headers_shown:
                continue
            shown.append(part)
        return shown

    def header_paragraphs(self, part: str) -> list[Para]:
        """The paragraphs of a header part."""
        root = self.package.part(part)
        if root is None:
            return []
        return [
            Para(p, paragraph_text(p), f"{part.removeprefix('word/')}", sheet=self.sheet)
            for p in root.iter(qn("w:p"))
        ]

    def body_paragraphs(self) -> list[Para]:
        """Paragraphs outside tables, in order."""
        return [self.paragraphs[i] for kind, i in self.order if kind == "p"]
