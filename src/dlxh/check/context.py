"""What every rule gets: the document view, the profile, and the regions of the page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from dlxh.check.findings import Finding, Severity
from dlxh.check.kinds import type_name_of
from dlxh.check.layout import DocumentView, Para
from dlxh.check.properties import qn
from dlxh.models.numbering import Profile
from dlxh.profiles.plain import PlainProfile

__all__ = ["DATE_LINE", "CheckContext", "is_heading", "recipients_label"]

_NUMBER_LINE = re.compile(r"^\s*Số(\s*:|[\s\u00a0]+[\d\u00a0-])")
_BLANK = r"[\s.…_\u00a0]*"
DATE_LINE = re.compile(
    rf"ngày{_BLANK}(?P<day>\d{{1,2}})?{_BLANK}tháng{_BLANK}(?P<month>\d{{1,2}})?{_BLANK}"
    rf"năm{_BLANK}(?P<year>\d{{4}})?",
    re.IGNORECASE,
)
"""A place-and-date line, a draft's too: the day (and the month) may be left blank for the văn
thư, as "ngày    tháng 02 năm 2026" or "ngày ... tháng ... năm ...", which is how drafts look."""


def recipients_label(text: str) -> bool:
    """Whether ``text`` opens with the "Nơi nhận:" label on a line or a tab stop of its own."""
    first = text.strip().split("\n", 1)[0].split("\t", 1)[0].strip()
    return first.replace(" :", ":") == "Nơi nhận:"


def is_heading(para: Para) -> bool:
    """Whether ``para`` is a heading rather than running text: in a heading style or with an
    outline level, or a line of capitals, or bold throughout (a long heading is still one)."""
    style = (para.style_name or "").casefold()
    if "heading" in style or "title" in style:
        return True
    if para.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}") is not None:
        return True
    text = para.text.strip()
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return True
    runs = [run for run, piece in para.runs if piece.strip()]
    return bool(runs) and len(text) < 300 and all(para.run_format(run).bold for run in runs)


@dataclass
class CheckContext:
    """The document under check and helpers to report findings against the profile."""

    view: DocumentView
    profile: PlainProfile
    findings: list[Finding] = field(default_factory=list)

    @property
    def regime(self) -> Profile:
        return self.profile.regime

    def report(
        self,
        rule: str,
        message: str,
        location: str,
        *,
        expected: str | None = None,
        found: str | None = None,
        basis: str | None = None,
        confirmed: bool | None = None,
        component: str | None = None,
        severity: Severity | None = None,
    ) -> None:
        """Add a finding. Its source and confidence come from the profile rule ``basis`` (by
        default the rule of the same key); its severity follows: error when the rule is
        confirmed by the regulation, warning when it is not. Checks that rest on a heuristic
        rather than a rule pass ``confirmed=False`` and so report warnings."""
        known = self.profile.rules.get(basis or rule)
        if confirmed is None:
            confirmed = known.confirmed if known is not None else True
        if severity is None:
            severity = "error" if confirmed else "warning"
        family = known.component if known else rule.split(".", maxsplit=1)[0]
        self.findings.append(
            Finding(
                rule=rule,
                component=component or family,
                severity=severity,
                message=message,
                location=location,
                expected=expected,
                found=found,
                source=known.source if known else self.profile.source,
                confirmed=confirmed,
            )
        )

    # -- regions ------------------------------------------------------------------------------
    @cached_property
    def header_table(self) -> int | None:
        """The table holding the header, when the document opens with one."""
        for kind, index in self.view.order:
            if kind == "t":
                return index
            if self.view.paragraphs[index].text.strip():
                return None
        return None

    @cached_property
    def first_page(self) -> list[Para]:
        """Paragraphs of the opening part: the header table, or the first 12 paragraphs."""
        if self.header_table is not None:
            return [p for p in self.view.paragraphs if p.table == self.header_table]
        return [p for p in self.view.paragraphs if p.table is None][:12]

    @cached_property
    def number_para(self) -> Para | None:
        return next(
            (p for p in self.first_page if any(_NUMBER_LINE.match(line) for line in p.lines)),
            None,
        )

    @cached_property
    def number_text(self) -> str | None:
        """The number line itself, when it shares a paragraph with others (line breaks)."""
        para = self.number_para
        if para is None:
            return None
        return next(line for line in para.lines if _NUMBER_LINE.match(line))

    @cached_property
    def date_para(self) -> Para | None:
        return next(
            (p for p in self.first_page if (m := DATE_LINE.search(p.text)) and m.group("year")),
            None,
        ) or next((p for p in self.first_page if DATE_LINE.search(p.text) and "," in p.text), None)

    @cached_property
    def title_para(self) -> Para | None:
        """The document type line (HƯỚNG DẪN, BÁO CÁO...) after the header."""
        for para in self.view.body_paragraphs()[:15]:
            if type_name_of(para.text) is not None:
                return para
        return None

    @cached_property
    def recipients_para(self) -> Para | None:
        """The paragraph that opens with "Nơi nhận:", alone on its line or followed by a line
        break (the list in the same paragraph) or a tab (the signature typed on the same line)."""
        return next((p for p in self.view.paragraphs if recipients_label(p.text)), None)

    @cached_property
    def body(self) -> list[Para]:
        """Body paragraphs outside tables, after the title block and before the signature."""
        paragraphs = self.view.body_paragraphs()
        start = 0
        title = self.title_para
        if title is not None:
            start = paragraphs.index(title) + 1
            # the summary, its rule or "-----", a decision's authority line: centred lines
            while start < len(paragraphs) and (
                not paragraphs[start].text.strip() or paragraphs[start].format.alignment == "center"
            ):
                start += 1
        # a công văn opens its body with the addressees ("Kính gửi: ...")
        while start < len(paragraphs) and (
            not paragraphs[start].text.strip()
            or paragraphs[start].text.lstrip().startswith("Kính gửi")
        ):
            start += 1
        end = len(paragraphs)
        signature = self.recipients_para
        if signature is not None and signature.table is not None:
            ordered = self.view.order
            table_position = ordered.index(("t", signature.table))
            before = [i for kind, i in ordered[:table_position] if kind == "p"]
            kept = {id(self.view.paragraphs[i]) for i in before}
            end = sum(1 for p in paragraphs if id(p) in kept)
        elif signature is not None and signature in paragraphs:
            end = paragraphs.index(signature)  # typed without a table: the body stops there too
        # appendices start a section of their own: the body never reaches past the first one
        breaks = [
            i
            for i, p in enumerate(paragraphs[:end])
            if p.element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
        ]
        if breaks:
            end = breaks[0] + 1
        return [p for p in paragraphs[start:end] if p.text.strip()]

    @cached_property
    def prose(self) -> list[Para]:
        """Body paragraphs long enough to be running text (headings are shorter), leaving out
        captions: paragraphs in a caption style, or right under a picture."""
        paragraphs = self.view.body_paragraphs()
        under_picture = {
            id(paragraphs[i + 1])
            for i, p in enumerate(paragraphs[:-1])
            if p.element.find(f".//{qn('w:drawing')}") is not None
        }
        return [
            p
            for p in self.body
            if len(p.text.strip()) >= 60
            and id(p) not in under_picture
            and "caption" not in (p.style_name or "").casefold()
            and not is_heading(p)
        ]
