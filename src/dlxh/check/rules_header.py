"""The header rules: national title and motto (or the Party's name), issuer, number, place
and date, and the title block."""

from __future__ import annotations

import re

from dlxh.check.common import check_line as _check_line
from dlxh.check.context import DATE_LINE, CheckContext
from dlxh.check.kinds import LEGAL_NUMBER
from dlxh.check.layout import Para
from dlxh.models.doctype import DocumentType
from dlxh.models.numbering import Profile, format_number_symbol, parse_number_symbol
from dlxh.vn import format_date, parse_date
from dlxh.vn.errors import DateFormatError
from dlxh.vn.text import fold

__all__ = ["issuer", "national_title", "number_line", "place_date", "title_block"]


_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-"})


def _key(text: str) -> str:
    """A header line's matching key: case, spacing and tone placement ("CỘNG HOÀ") folded,
    dashes made hyphens (a motto typed with en dashes is the motto, with a slip of its own)."""
    return fold(text.translate(_DASHES))


def _find(context: CheckContext, text: str) -> tuple[Para, str] | None:
    """The paragraph of the first page with ``text`` as one of its lines, and that line as typed."""
    wanted = _key(text)
    for para in context.first_page:
        for line in para.lines:
            if _key(line) == wanted:
                return para, line
    return None


def national_title(context: CheckContext) -> None:
    """The national title and motto (State) or the Party's name (Party), top right, bold."""
    title_text = context.profile.text("national_title.text")
    found_title = _find(context, title_text)
    if found_title is None:
        context.report(
            "national_title.text",
            f'"{title_text}" is missing from the header',
            "header",
            expected=title_text,
            found=None,
        )
    else:
        para, line = found_title
        _check_line(
            context,
            para,
            "national_title.size_pt",
            bold=True,
            upper=True,
            what="the title",
            line=line,
        )
    motto = context.profile.text("motto.text") if "motto.text" in context.profile.rules else ""
    if motto:
        found = _find(context, motto)
        if found is None:
            context.report(
                "motto.text", f'the motto "{motto}" is missing', "header", expected=motto
            )
            return
        para, line = found
        _check_line(context, para, "motto.size_pt", bold=True, what="the motto", line=line)
        if line.translate(_DASHES) != line:
            context.report(
                "motto.dash",
                "the motto's words are joined by en dashes instead of hyphens",
                para.location,
                expected=motto,
                found=line,
                basis="motto.text",
                confirmed=False,
            )


def _issuer_lines(context: CheckContext, number: Para) -> list[tuple[Para, str]]:
    """The header lines above the number line in its column, a line break starting a line."""
    found: list[tuple[Para, str]] = []
    for para in context.first_page[: context.first_page.index(number) + 1]:
        if para.col not in (None, number.col):
            continue
        for line in para.lines:
            if para is number and line == context.number_text:
                return found
            if line:
                found.append((para, line))
    return found


def issuer(context: CheckContext) -> None:
    """The issuing body in bold capitals above the number, its parent body (not bold) above
    it; the Party's "*" between the issuing body and the number."""
    number = context.number_para
    if number is None:
        return
    lines = _issuer_lines(context, number)
    named = [(p, line) for p, line in lines if line != "*"]
    bold = [(p, line) for p, line in named if (r := p.run_holding(line)) is not None and r.bold]
    if not bold:
        context.report(
            "issuer.name",
            "no issuing body in bold capitals above the number line",
            number.location,
            expected="the issuing body's name, bold",
            basis="issuer.name_size_pt",
            confirmed=False,
        )
        return
    para, line = bold[-1]
    _check_line(
        context, para, "issuer.name_size_pt", upper=True, what="the issuing body", line=line
    )
    parents = named[: named.index(bold[0])]
    if parents and "issuer.parent_size_pt" in context.profile.rules:
        parent, text = parents[-1]
        _check_line(context, parent, "issuer.parent_size_pt", what="the parent body", line=text)
    stars = [(p, i) for i, (p, line) in enumerate(lines) if line == "*"]
    if context.profile.flag("issuer.star") and not stars:
        context.report(
            "issuer.star",
            'the "*" under the issuing body is missing',
            para.location,
            expected="*",
            found=None,
        )
    elif context.profile.flag("issuer.star") and stars[0][1] < lines.index(bold[-1]):
        context.report(
            "issuer.star",
            'the "*" stands above the issuing body instead of between it and the number',
            stars[0][0].location,
            expected="the issuing body, then *, then the number",
            found="* above the issuing body",
        )
    if not context.profile.flag("issuer.star") and stars:
        context.report(
            "issuer.star",
            'a "*" under the issuing body belongs to Party documents',
            stars[0][0].location,
            expected="a rule",
            found="*",
        )


def number_line(context: CheckContext) -> None:
    """``Số: 05/BC-UBND`` (State) or ``Số 05-HD/BTGDVTU`` (Party): format, padding, type code."""
    para = context.number_para
    if para is None:
        context.report("number.prefix", "no number line (Số ...) in the header", "header")
        return
    text = " ".join((context.number_text or para.text).split())
    prefix = context.profile.text("number.prefix")
    blank = re.match(r"^Số\s*:?\s*[/-]", text) is not None
    if blank:  # a draft: the văn thư writes the number when the document is issued
        context.report(
            "number.blank",
            "the number is still blank: a draft, numbered when the document is issued",
            para.location,
            expected=f"{prefix} 05... on the issued document",
            found=text,
            basis="number.prefix",
            severity="info",
        )
    legal = LEGAL_NUMBER.match(text)
    if legal is not None and context.regime is Profile.NHA_NUOC:  # "Số: 12/2025/TT-BTC"
        _check_line(context, para, "number.size_pt", what="the number line")
        return
    spaced = re.search(r"([A-ZĐ]+)-\s+([A-ZĐ]+)", text) or re.search(
        r"([A-ZĐ]+)\s+-([A-ZĐ]+)", text
    )
    if spaced is not None:
        context.report(
            "number.prefix",
            f"a space beside the hyphen in {spaced.group(0)!r}",
            para.location,
            expected=f"{spaced.group(1)}-{spaced.group(2)}",
            found=text,
        )
        text = text.replace(spaced.group(0), f"{spaced.group(1)}-{spaced.group(2)}")
    try:
        parsed = parse_number_symbol(re.sub(r"^(Số\s*:?\s*)(?=[/-])", r"\g<1>01", text))
    except ValueError:
        context.report(
            "number.prefix",
            "the number line is not in a known format",
            para.location,
            expected=f"{prefix} 05...",
            found=text,
        )
        _check_line(context, para, "number.size_pt", what="the number line")
        return
    if parsed.profile is not context.regime:
        type_code = parsed.type_code or ("CV" if context.regime is Profile.DANG else None)
        issuer_code = parsed.issuer_code
        if context.regime is Profile.NHA_NUOC and parsed.type_code in DocumentType.codes(
            Profile.NHA_NUOC
        ):
            type_code = parsed.type_code
        context.report(
            "number.prefix",
            "the number line is in the other regime's format",
            para.location,
            expected=format_number_symbol(parsed.number, type_code, issuer_code, context.regime),
            found=text,
        )
        return
    if not parsed.padded and not blank:
        context.report(
            "number.padding",
            "a number below 10 needs a leading zero",
            para.location,
            expected=f"{parsed.number:02d}",
            found=str(parsed.number),
        )
    if parsed.type_code is not None and parsed.type_code not in DocumentType.codes(context.regime):
        context.report(
            "number.prefix",
            f"unknown document type code {parsed.type_code!r}",
            para.location,
            expected=", ".join(sorted(DocumentType.codes(context.regime))),
            found=parsed.type_code,
            basis="number.prefix",
            confirmed=False,
        )
    replaced = _replaced_codes(context)
    if parsed.type_code in replaced:
        context.report(
            "number.type_codes",
            f"the type code {parsed.type_code!r} is not used under this profile's version",
            para.location,
            expected=replaced[parsed.type_code],
            found=parsed.type_code,
        )
    _check_line(context, para, "number.size_pt", what="the number line")


def _replaced_codes(context: CheckContext) -> dict[str, str]:
    """Codes of the regime's table that the profile's ``number.type_codes`` replaces, with their
    replacement: ``{"QĐi": "QĐ"}`` under Hướng dẫn 05-HD/VPTW (a quy định is numbered "QĐ")."""
    rule = context.profile.rules.get("number.type_codes")
    listed = rule.default if rule is not None and isinstance(rule.default, list) else []
    replaced = {}
    for item in listed:
        name, _, code = item.partition("=")
        kind = next((t for t in DocumentType if t.value == name), None)
        try:
            usual = None if kind is None else kind.code(context.regime)
        except ValueError:  # a type the regime lacks
            continue
        if usual is not None and usual != code:
            replaced[usual] = code
    return replaced


def place_date(context: CheckContext) -> None:
    """Place and date in italics: "ngày 05 tháng 01 năm 2024", months 1-2 padded, a real date."""
    para = context.date_para
    if para is None:
        context.report(
            "date.line",
            "no place and date line in the header",
            "header",
            expected="Place, ngày DD tháng M năm YYYY",
            basis="date.italic",
        )
        return
    line = DATE_LINE.search(para.text)
    assert line is not None  # how date_para was found
    blank = [part for part in ("day", "month", "year") if line.group(part) is None]
    if blank:
        names = {"day": "day", "month": "month", "year": "year"}
        context.report(
            "date.blank",
            f"the {' and '.join(names[b] for b in blank)} of the date "
            f"{'is' if len(blank) == 1 else 'are'} still blank: a draft, filled in when the "
            "document is numbered and signed",
            para.location,
            expected="ngày DD tháng M năm YYYY on the issued document",
            found=" ".join(line.group(0).split()),
            basis="date.italic",
            severity="info",
        )
    # the padding of what is written: a blank day is read as 15, only to check the month
    day, month, year = line.group("day") or "15", line.group("month"), line.group("year")
    match = None if month is None else f"ngày {day} tháng {month} năm {year or 2000}"
    if match is not None:
        try:
            parse_date(match, strict=True)
        except DateFormatError as exc:
            message = str(exc)
            real_date = "not a real date" in message
            context.report(
                "date.valid" if real_date else "date.month_padding",
                message,
                para.location,
                expected="a date that exists" if real_date else _padded_example(match),
                found=" ".join(line.group(0).split()),
                basis="date.month_padding",
            )
    if "," not in para.text.split("ngày")[0]:
        context.report(
            "date.comma",
            "the place should be followed by a comma",
            para.location,
            expected="Hà Nội, ngày ...",
            found=para.text,
            basis="date.italic",
            confirmed=False,
        )
    italic = context.profile.flag("date.italic") if "date.italic" in context.profile.rules else True
    _check_line(context, para, "date.size_pt", italic=italic, what="the place and date line")


def _padded_example(text: str) -> str | None:
    """The official spelling of a date written with the wrong padding."""
    try:
        return format_date(parse_date(text, strict=False))
    except DateFormatError:
        return None


def title_block(context: CheckContext) -> None:
    """The type name in bold capitals with its summary, closed by a rule or "-----"."""
    para = context.title_para
    if para is None:
        # a công văn has no type name: a State one shows "V/v ...", a Party one its "-CV/" symbol
        # and a summary without "V/v" (HD 05-HD/VPTW 5.2.3)
        number = context.number_para
        party_letter = number is not None and re.search(r"\d-CV/", number.text) is not None
        subject = next((p for p in context.first_page if p.text.strip().startswith("V/v")), None)
        if subject is not None and "subject.size_pt" in context.profile.rules:
            _check_line(context, subject, "subject.size_pt", what="the V/v summary")
        if not party_letter and subject is None:
            context.report(
                "type.name",
                "no document type name (BÁO CÁO, HƯỚNG DẪN...) and no V/v line",
                "after the header",
                basis="type.size_pt",
                confirmed=False,
            )
        return
    _check_line(context, para, "type.size_pt", bold=True, upper=True, what="the document type")
    paragraphs = context.view.body_paragraphs()
    following = paragraphs[paragraphs.index(para) + 1 : paragraphs.index(para) + 5]
    if context.profile.text("summary.rule") == "dashes" and not any(
        re.fullmatch(r"-{3,}", p.text.strip()) for p in following
    ):
        context.report(
            "summary.rule",
            'the line of hyphens "-----" under the title is missing',
            para.location,
            expected="-----",
        )
