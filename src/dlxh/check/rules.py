"""The built-in format rules. Each takes a :class:`CheckContext` and reports findings.

Ranges, defaults, sources and confidence come from the profile's data file, so a newer guide or a
house style changes what is checked without touching this code. Findings of the same kind are
grouped (one finding for 40 paragraphs not justified, with the first locations), so a report on a
long document stays readable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from dlxh.check.context import CheckContext
from dlxh.check.layout import Para, Section
from dlxh.check.properties import qn
from dlxh.models import DocumentType, Profile, format_number_symbol, parse_number_symbol
from dlxh.vn import POINT_LETTERS, format_date, from_roman, parse_date
from dlxh.vn.errors import DateFormatError

__all__ = ["BUILTIN_RULES", "Rule"]

Rule = Callable[[CheckContext], None]

_TOLERANCE_MM = 0.5
_TOLERANCE_PT = 0.1
_SHOWN = 3


def _where(paragraphs: Iterable[Para]) -> str:
    places = [p.location for p in paragraphs]
    more = f" and {len(places) - _SHOWN} more" if len(places) > _SHOWN else ""
    return "; ".join(places[:_SHOWN]) + more


def _in_range(context: CheckContext, key: str, value: float, tolerance: float) -> bool:
    rule = context.profile.rules.get(key)
    if rule is None:
        return True
    choices = [
        v for v in rule.allowed or [] if isinstance(v, int | float) and not isinstance(v, bool)
    ]
    if choices and not any(abs(value - choice) <= tolerance for choice in choices):
        return False  # "1 cm or 1.27 cm": a value between them is neither
    low = -float("inf") if rule.min is None else rule.min - tolerance
    high = float("inf") if rule.max is None else rule.max + tolerance
    return low <= value <= high


def _range(context: CheckContext, key: str) -> str:
    return context.profile.rule(key).describe_range()


# -- page ---------------------------------------------------------------------------------------


def page_setup(context: CheckContext) -> None:
    """A4, portrait (landscape allowed after the first section), margins within range."""
    for section in context.view.sections:
        where = f"section {section.index + 1}"
        width, height = sorted((section.width_mm, section.height_mm))
        if abs(width - 210) > 1 or abs(height - 297) > 1:
            context.report(
                "page.size",
                "the page is not A4",
                where,
                expected="A4 (210 x 297 mm)",
                found=f"{section.width_mm:.0f} x {section.height_mm:.0f} mm",
            )
        if section.width_mm > section.height_mm and section.index == 0:
            context.report(
                "page.orientation",
                "the first page is landscape",
                where,
                expected="portrait (landscape only for wide tables)",
                found="landscape",
            )
        for side, value in _portrait_margins(context, section).items():
            key = f"page.margin_{side}_mm"
            if not _in_range(context, key, value, _TOLERANCE_MM):
                context.report(
                    key,
                    f"the {side} margin is out of range",
                    where,
                    expected=_range(context, key),
                    found=f"{value:.1f} mm",
                )


def _portrait_margins(context: CheckContext, section: Section) -> dict[str, float]:
    """A section's margins as the profile states them, for a portrait page: a landscape page
    bound along its top edge (``page.landscape_binding: top``) has the binding margin on top,
    so its top, bottom, left and right margins are the portrait left, right, bottom and top."""
    margins: dict[str, float] = section.margins_mm
    rule = context.profile.rules.get("page.landscape_binding")
    if section.width_mm <= section.height_mm or rule is None or rule.default != "top":
        return margins
    return {
        "top": margins["right"],
        "bottom": margins["left"],
        "left": margins["top"],
        "right": margins["bottom"],
    }


# -- fonts --------------------------------------------------------------------------------------


def fonts(context: CheckContext) -> None:
    """Every run with text is in the profile's font, resolved through styles and theme."""
    wanted = context.profile.text("font.name")
    wrong: dict[str, list[Para]] = {}
    paragraphs = list(context.view.paragraphs)
    for section in context.view.sections:
        for part in section.headers.values():
            paragraphs += context.view.header_paragraphs(part)
    for para in paragraphs:
        for run, text in para.runs:
            if not text.strip():
                continue
            font = para.run_format(run).font_for(text) or "(the application's default font)"
            if font != wanted:
                wrong.setdefault(font, [])
                if not wrong[font] or wrong[font][-1] is not para:
                    wrong[font].append(para)
    for font, places in wrong.items():
        context.report(
            "font.name",
            f"text in {font} instead of {wanted} ({len(places)} paragraphs)",
            _where(places),
            expected=wanted,
            found=font,
        )


# -- header -------------------------------------------------------------------------------------


def _find(context: CheckContext, text: str) -> Para | None:
    wanted = " ".join(text.split()).casefold()
    return next(
        (p for p in context.first_page if " ".join(p.text.split()).casefold() == wanted), None
    )


def _check_line(
    context: CheckContext,
    para: Para,
    key: str,
    *,
    bold: bool | None = None,
    italic: bool | None = None,
    upper: bool = False,
    what: str,
) -> None:
    run = para.first_text_run()
    if run is None:
        return
    if key in context.profile.rules and not _in_range(context, key, run.size_pt, _TOLERANCE_PT):
        context.report(
            key,
            f"{what} has the wrong size",
            para.location,
            expected=_range(context, key),
            found=f"{run.size_pt:g} pt",
        )
    component = key.split(".", maxsplit=1)[0]
    if bold is not None and run.bold != bold:
        context.report(
            f"{component}.style",
            f"{what} should {'' if bold else 'not '}be bold",
            para.location,
            expected="bold" if bold else "not bold",
            found="bold" if run.bold else "not bold",
            basis=key,
        )
    if italic is not None and run.italic != italic:
        context.report(
            f"{component}.style",
            f"{what} should {'' if italic else 'not '}be italic",
            para.location,
            expected="italic" if italic else "upright",
            found="italic" if run.italic else "upright",
            basis=key,
        )
    if upper and para.text != para.text.upper():
        context.report(
            f"{component}.style",
            f"{what} should be in capitals",
            para.location,
            expected=para.text.upper(),
            found=para.text,
            basis=key,
        )


def national_title(context: CheckContext) -> None:
    """The national title and motto (State) or the Party's name (Party), top right, bold."""
    title_text = context.profile.text("national_title.text")
    para = _find(context, title_text)
    if para is None:
        context.report(
            "national_title.text",
            f'"{title_text}" is missing from the header',
            "header",
            expected=title_text,
            found=None,
        )
    else:
        _check_line(
            context, para, "national_title.size_pt", bold=True, upper=True, what="the title"
        )
    motto = context.profile.text("motto.text") if "motto.text" in context.profile.rules else ""
    if motto:
        found = _find(context, motto)
        if found is None:
            context.report(
                "motto.text", f'the motto "{motto}" is missing', "header", expected=motto
            )
        else:
            _check_line(context, found, "motto.size_pt", bold=True, what="the motto")


def issuer(context: CheckContext) -> None:
    """The issuing body in bold capitals above the number; the Party's "*" under it."""
    number = context.number_para
    if number is None:
        return
    candidates = [
        p
        for p in context.first_page[: context.first_page.index(number)]
        if p.text.strip() and p.text.strip() != "*" and p.col in (None, number.col)
    ]
    bold = [p for p in candidates if (r := p.first_text_run()) is not None and r.bold]
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
    _check_line(context, bold[-1], "issuer.name_size_pt", upper=True, what="the issuing body")
    stars = [p for p in context.first_page if p.text.strip() == "*"]
    if context.profile.flag("issuer.star") and not stars:
        context.report(
            "issuer.star",
            'the "*" under the issuing body is missing',
            bold[-1].location,
            expected="*",
            found=None,
        )
    if not context.profile.flag("issuer.star") and stars:
        context.report(
            "issuer.star",
            'a "*" under the issuing body belongs to Party documents',
            stars[0].location,
            expected="a rule",
            found="*",
        )


def number_line(context: CheckContext) -> None:
    """``Số: 05/BC-UBND`` (State) or ``Số 05-HD/BTGDVTU`` (Party): format, padding, type code."""
    para = context.number_para
    if para is None:
        context.report("number.prefix", "no number line (Số ...) in the header", "header")
        return
    text = " ".join(para.text.split())
    prefix = context.profile.text("number.prefix")
    try:
        parsed = parse_number_symbol(text)
    except ValueError:
        context.report(
            "number.prefix",
            "the number line is not in a known format",
            para.location,
            expected=f"{prefix} 05...",
            found=text,
        )
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
    if not parsed.padded:
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
    match = re.search(r"ngày\s+\S+\s+tháng\s+\S+\s+năm\s+\d{4}", para.text, re.IGNORECASE)
    if match is not None:
        try:
            parse_date(match.group(0), strict=True)
        except DateFormatError as exc:
            message = str(exc)
            real_date = "not a real date" in message
            context.report(
                "date.valid" if real_date else "date.month_padding",
                message,
                para.location,
                expected="a date that exists" if real_date else _padded_example(match.group(0)),
                found=match.group(0),
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


# -- title --------------------------------------------------------------------------------------


def title_block(context: CheckContext) -> None:
    """The type name in bold capitals with its summary, closed by a rule or "-----"."""
    para = context.title_para
    if para is None:
        # a công văn has no type name: a State one shows "V/v ...", a Party one its "-CV/" symbol
        # and a summary without "V/v" (HD 05-HD/VPTW 5.2.3)
        number = context.number_para
        party_letter = number is not None and re.search(r"\d-CV/", number.text) is not None
        if not party_letter and not any(
            p.text.strip().startswith("V/v") for p in context.first_page
        ):
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


# -- body ---------------------------------------------------------------------------------------


def body_text(context: CheckContext) -> None:
    """Running text: justified, first-line indent, spacing after, line spacing, size."""
    problems: dict[str, list[Para]] = {}
    found: dict[str, str] = {}

    def note(key: str, para: Para, value: str) -> None:
        problems.setdefault(key, []).append(para)
        found.setdefault(key, value)

    exact_rule = "body.line_spacing_exact_pt"
    for para in context.prose:
        fmt = para.format
        alignment = context.profile.rules.get("body.alignment")
        if alignment is not None and not alignment.allows(fmt.alignment):
            note("body.alignment", para, fmt.alignment)
        if not _in_range(context, "body.first_line_indent_mm", fmt.first_line_mm, _TOLERANCE_MM):
            note("body.first_line_indent_mm", para, f"{fmt.first_line_mm:.1f} mm")
        if not _in_range(context, "body.space_after_pt", fmt.space_after_pt, _TOLERANCE_PT):
            note("body.space_after_pt", para, f"{fmt.space_after_pt:g} pt")
        if exact_rule in context.profile.rules:  # HD 05: 18-22 pt, "Exactly"
            if fmt.line_exact_pt is None or fmt.line_spacing is not None:
                shown = f"{fmt.line_spacing:g} (multiple)" if fmt.line_spacing else "at least"
                note(exact_rule, para, shown)
            elif not _in_range(context, exact_rule, fmt.line_exact_pt, _TOLERANCE_PT):
                note(exact_rule, para, f"{fmt.line_exact_pt:g} pt exactly")
        elif fmt.line_spacing is not None and not _in_range(
            context, "body.line_spacing", fmt.line_spacing, 0.01
        ):
            note("body.line_spacing", para, f"{fmt.line_spacing:g}")
        run = para.first_text_run()
        if run is not None and not _in_range(context, "body.size_pt", run.size_pt, _TOLERANCE_PT):
            note("body.size_pt", para, f"{run.size_pt:g} pt")
    messages = {
        "body.alignment": "running text is not justified",
        "body.first_line_indent_mm": "the first-line indent is out of range",
        "body.space_after_pt": "the space between paragraphs is out of range",
        "body.line_spacing": "the line spacing is out of range",
        "body.line_spacing_exact_pt": "the line spacing is not an exact height within range",
        "body.size_pt": "the body text size is out of range",
    }
    for key, paragraphs in problems.items():
        context.report(
            key,
            f"{messages[key]} ({len(paragraphs)} paragraphs)",
            _where(paragraphs),
            expected=_range(context, key),
            found=found[key],
        )


_ROMAN = re.compile(r"^([IVXLC]+)\s*([.\-])\s")
_ARABIC = re.compile(r"^(\d{1,3})\s*[.\-]\s")
_LETTER = re.compile(r"^([a-zđ])\)\s")


def headings(context: CheckContext) -> None:
    """Heading numbers run I, II, III; 1, 2, 3 within each; a), b)... with Vietnamese letters."""
    roman = 0
    arabic = 0
    letter = 0
    for para in context.body:
        text = para.text.strip()
        run = para.first_text_run()
        bold = run is not None and run.bold
        if (match := _ROMAN.match(text)) is not None:
            try:
                value = from_roman(match.group(1))
            except ValueError:
                continue
            if value != roman + 1:
                context.report(
                    "heading.sequence",
                    "section numbers skip or repeat",
                    para.location,
                    expected=f"{_roman(roman + 1)}.",
                    found=f"{match.group(1)}",
                    component="heading",
                )
            separator = context.profile.rules.get("heading.separator")
            if separator is not None and not separator.allows(match.group(2)):
                context.report(
                    "heading.separator",
                    f'section numbers use "{match.group(2)}" after the numeral',
                    para.location,
                    expected=separator.describe_range(),
                    found=f"{match.group(1)}{match.group(2)}",
                )
            roman, arabic, letter = value, 0, 0
        elif (match := _ARABIC.match(text)) is not None and bold:
            value = int(match.group(1))
            if value not in (arabic + 1, 1):
                context.report(
                    "heading.sequence",
                    "heading numbers skip or repeat",
                    para.location,
                    expected=f"{arabic + 1}.",
                    found=f"{value}.",
                    component="heading",
                )
            arabic, letter = value, 0
        elif (match := _LETTER.match(text)) is not None:
            char = match.group(1)
            if char not in POINT_LETTERS:
                context.report(
                    "heading.sequence",
                    f"{char!r} is not a Vietnamese point letter",
                    para.location,
                    expected=" ".join(POINT_LETTERS),
                    found=f"{char})",
                    component="heading",
                )
                continue
            value = POINT_LETTERS.index(char) + 1
            if value not in (letter + 1, 1):
                context.report(
                    "heading.sequence",
                    "point letters skip or repeat",
                    para.location,
                    expected=f"{POINT_LETTERS[letter]})" if letter < len(POINT_LETTERS) else None,
                    found=f"{char})",
                    component="heading",
                )
            letter = value


def _roman(value: int) -> str:
    from dlxh.vn import to_roman  # noqa: PLC0415 (tiny helper, avoids a name clash above)

    return to_roman(value) if value >= 1 else "I"


def end_mark(context: CheckContext) -> None:
    """The body ends with the profile's mark ("./." State practice, "." Party)."""
    if not context.body:
        return
    last = context.body[-1]
    if _table_follows(context, last):
        return  # the body ends with a table, which takes no closing mark
    text = last.text.rstrip()
    mark = context.profile.text("body.end_mark")
    ending = f"…{text[-12:]}" if len(text) > 12 else text
    if mark == "." and text.endswith("./."):
        context.report(
            "body.end_mark",
            'this profile ends the body with ".", not "./."',
            last.location,
            expected=".",
            found=ending,
        )
    elif mark == "./." and not text.endswith("./.") and last.table is None:
        context.report(
            "body.end_mark",
            'the body should end with "./."',
            last.location,
            expected="./.",
            found=ending,
        )


def _table_follows(context: CheckContext, para: Para) -> bool:
    """Whether a table (other than the signature block) comes after ``para`` in the body."""
    order = context.view.order
    position = order.index(("p", context.view.paragraphs.index(para)))
    signature = context.recipients_para
    for kind, index in order[position + 1 :]:
        if kind == "t":
            return signature is None or signature.table != index
    return False


# -- signature and recipients -------------------------------------------------------------------

_STATE_AUTHORITY = re.compile(r"^(TM|KT|TL|TUQ|Q)\.\s")
_PARTY_AUTHORITY = re.compile(r"^(T/M|K/T|T/L|T/UQ)\s")


def signature(context: CheckContext) -> None:
    """Authority prefixes per regime (TM./KT. or T/M, K/T) and a signer's name."""
    label = context.recipients_para
    if label is None or label.table is None:
        return
    table = context.view.tables[label.table]
    cells = [
        cell
        for row in table
        for cell in row
        if cell and cell is not table[label.row or 0][label.col or 0]
    ]
    lines = [p for cell in cells for p in cell if p.text.strip()]
    if not lines:
        context.report(
            "signature.name",
            "the signature block is empty",
            label.location,
            expected="authority, title and signer's name",
            component="signature",
        )
        return
    wrong = _PARTY_AUTHORITY if context.regime is Profile.NHA_NUOC else _STATE_AUTHORITY
    listed = context.profile.rules.get("signature.authority_prefixes")
    own = listed.default if listed is not None and isinstance(listed.default, list) else []
    foreign = [  # "Q." is written alike in both regimes (HD 05-HD/VPTW 7.1.4 c)
        p
        for p in lines
        if wrong.match(p.text.strip()) and not any(p.text.strip().startswith(f"{x} ") for x in own)
    ]
    if foreign:
        right = "TM., KT., TL., TUQ., Q." if context.regime is Profile.NHA_NUOC else "T/M, K/T, T/L"
        right = ", ".join(own) or right
        context.report(
            "signature.authority_prefixes",
            "the signing authority is written the other regime's way",
            _where(foreign),
            expected=right,
            found=", ".join(p.text.strip().split()[0] for p in foreign),
        )
    name = lines[-1]
    text = name.text.strip()
    if text == text.upper() or len(text.split()) < 2:
        context.report(
            "signature.name",
            "the signer's name is missing under the signature",
            name.location,
            expected="the signer's full name (e.g. Nguyễn Văn A)",
            found=text,
            basis="signature.name_size_pt",
        )
    else:
        run = name.first_text_run()
        if run is not None and not run.bold:
            context.report(
                "signature.name_bold",
                "the signer's name should be bold",
                name.location,
                expected="bold",
                found="not bold",
            )


def recipients(context: CheckContext) -> None:
    """ "Nơi nhận:" styled per profile, lines "- ...;" (or ","), and the closing "Lưu" line."""
    label = context.recipients_para
    if label is None:
        context.report(
            "recipients.label",
            'the "Nơi nhận:" block is missing',
            "end of document",
            expected="Nơi nhận:",
        )
        return
    run = label.first_text_run()
    style = context.profile.text("recipients.label_style")
    if run is not None:
        if not _in_range(context, "recipients.label_size_pt", run.size_pt, _TOLERANCE_PT):
            context.report(
                "recipients.label_size_pt",
                '"Nơi nhận:" has the wrong size',
                label.location,
                expected=_range(context, "recipients.label_size_pt"),
                found=f"{run.size_pt:g} pt",
            )
        looks = {"bold": run.bold, "italic": run.italic, "underline": run.underline}
        wanted = {k: k in style for k in looks}
        if looks != wanted:
            context.report(
                "recipients.label_style",
                '"Nơi nhận:" is not styled as the profile says',
                label.location,
                expected=style,
                found="-".join(k for k, v in looks.items() if v) or "plain",
            )
    if label.table is not None:
        cell = context.view.tables[label.table][label.row or 0][label.col or 0]
        lines = [p for p in cell[cell.index(label) + 1 :] if p.text.strip()]
    else:
        paragraphs = context.view.paragraphs
        lines = [
            p
            for p in paragraphs[paragraphs.index(label) + 1 :][:15]
            if p.text.strip().startswith("-")
        ]
    if not lines:
        context.report(
            "recipients.separator",
            "the list of recipients is empty",
            label.location,
            expected="- ...;",
            component="recipients",
        )
        return
    separator = (
        str(context.profile.value("recipients.separator"))
        if "recipients.separator" in context.profile.rules
        else ";"
    )
    unlike = [
        p
        for p in lines[:-1]
        if not p.text.strip().startswith("-") or not p.text.strip().endswith(separator)
    ]
    if unlike:
        context.report(
            "recipients.separator",
            f'recipient lines are written "- ...{separator}" ({len(unlike)} are not)',
            _where(unlike),
            expected=f"- ...{separator}",
            found=unlike[0].text.strip(),
        )
    list_size = "recipients.size_pt"
    small = [
        p
        for p in lines
        if (r := p.first_text_run()) is not None
        and list_size in context.profile.rules
        and not _in_range(context, list_size, r.size_pt, _TOLERANCE_PT)
    ]
    if small:
        first = small[0].first_text_run()
        context.report(
            list_size,
            f"recipient lines have the wrong size ({len(small)} lines)",
            _where(small),
            expected=_range(context, list_size),
            found=f"{first.size_pt:g} pt" if first else None,
        )
    last = lines[-1].text.strip()
    prefix = (
        str(context.profile.value("recipients.archive_prefix"))
        if "recipients.archive_prefix" in context.profile.rules
        else "Lưu"
    )
    if prefix == "Lưu" and re.match(r"^-\s*Lưu\s*:", last):
        context.report(
            "recipients.archive_prefix",
            'this profile writes "- Lưu ..." without a colon',
            lines[-1].location,
            expected="- Lưu ...",
            found=last,
        )
    elif not re.match(rf"^-\s*{re.escape(prefix)}\s", last + " ") or not last.endswith("."):
        context.report(
            "recipients.archive_prefix",
            "the last line should be the archive line",
            lines[-1].location,
            expected=f"- {prefix} VT, ..." if prefix.endswith(":") else f"- {prefix} ...",
            found=last,
        )


# -- page numbers -------------------------------------------------------------------------------


def _has_page_field(context: CheckContext, part: str) -> bool:
    root = context.view.package.part(part)
    if root is None:
        return False
    instructions = [t.text or "" for t in root.iter(qn("w:instrText"))]
    instructions += [str(f.get(qn("w:instr"), "")) for f in root.iter(qn("w:fldSimple"))]
    return any(
        "PAGE" in i.upper().split() or i.strip().upper().startswith("PAGE") for i in instructions
    )


def page_numbers(context: CheckContext) -> None:
    """Page numbers in the header from page 2, none on page 1."""
    if not context.view.sections:
        return
    section = context.view.sections[0]
    default = section.headers.get("default")
    numbered = default is not None and _has_page_field(context, default)
    first = section.headers.get("first")
    if numbered and not section.title_page:
        context.report(
            "page_number.first_page",
            "the first page shows a page number",
            "section 1",
            expected="no number on page 1 (different first page)",
            found="numbered",
        )
    elif section.title_page and first is not None and _has_page_field(context, first):
        context.report(
            "page_number.first_page",
            "the first-page header has a page number",
            "section 1",
            expected="no number on page 1",
            found="numbered",
        )
    if not numbered:
        context.report(
            "page_number.present",
            "no page numbers in the page header (needed from page 2)",
            "section 1",
            expected="a centred PAGE field in the header",
            found=None,
            basis="page_number.size_pt",
            confirmed=False,
        )


BUILTIN_RULES: tuple[Rule, ...] = (
    page_setup,
    fonts,
    national_title,
    issuer,
    number_line,
    place_date,
    title_block,
    body_text,
    headings,
    end_mark,
    signature,
    recipients,
    page_numbers,
)
"""Every built-in rule, in report order."""
