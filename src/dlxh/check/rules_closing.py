"""The closing rules: the signature block and the recipients (Nơi nhận) with the archive line."""

from __future__ import annotations

import re
from collections.abc import Iterable

from dlxh.check.common import TOLERANCE_PT as _TOLERANCE_PT
from dlxh.check.common import in_range as _in_range
from dlxh.check.common import range_of as _range
from dlxh.check.common import where as _where
from dlxh.check.context import CheckContext
from dlxh.check.kinds import WITHOUT_RECIPIENTS, type_name_of
from dlxh.check.layout import Para
from dlxh.models.numbering import Profile

__all__ = ["recipients", "signature"]


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


def _distinct(paragraphs: Iterable[Para]) -> list[Para]:
    """Each paragraph once, in order (a paragraph may hold several recipient lines)."""
    seen: dict[int, Para] = {}
    for para in paragraphs:
        seen.setdefault(id(para), para)
    return list(seen.values())


def _recipient_lines(context: CheckContext, label: Para) -> list[tuple[Para, str]]:
    """The recipient lines under "Nơi nhận:", however the block was typed: after a line break
    in the label's own paragraph, in the label's cell, in the cell below it (the list in the
    next row), or in the paragraphs after it, a signature typed on the same lines after tabs
    left out."""
    own = [(label, line) for line in label.lines[1:] if line]
    if label.table is not None:
        table = context.view.tables[label.table]
        row, col = label.row or 0, label.col or 0
        cell = table[row][col]
        found = own + [(p, line) for p in cell[cell.index(label) + 1 :] for line in p.lines if line]
        if not found and row + 1 < len(table) and col < len(table[row + 1]):
            found = [(p, line) for p in table[row + 1][col] for line in p.lines if line]
        return found
    paragraphs = context.view.paragraphs
    following = [
        (p, p.text.strip().split("\t", 1)[0].strip())
        for p in paragraphs[paragraphs.index(label) + 1 :][:15]
    ]
    return own + [(p, text) for p, text in following if text.startswith("-")]


def recipients(context: CheckContext) -> None:
    """ "Nơi nhận:" styled per profile, lines "- ...;" (or ","), and the closing "Lưu" line."""
    label = context.recipients_para
    kind = None if context.title_para is None else type_name_of(context.title_para.text)
    if label is None:
        if kind in WITHOUT_RECIPIENTS:  # a phiếu trình, a giấy giới thiệu: no such block
            return
        context.report(
            "recipients.label",
            'the "Nơi nhận:" block is missing',
            "end of document",
            expected="Nơi nhận:",
        )
        return
    run = label.run_holding("Nơi nhận:")  # its own run, when the list shares the paragraph
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
    lines = _recipient_lines(context, label)
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
        (p, text)
        for p, text in lines[:-1]
        if not text.startswith("-") or not text.endswith(separator)
    ]
    if unlike:
        context.report(
            "recipients.separator",
            f'recipient lines are written "- ...{separator}" ({len(unlike)} are not)',
            _where(_distinct(p for p, _ in unlike)),
            expected=f"- ...{separator}",
            found=unlike[0][1],
        )
    list_size = "recipients.size_pt"
    small = [
        p
        for p in _distinct(p for p, _ in lines if p is not label)
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
    _archive_line(context, *lines[-1])


def _archive_line(context: CheckContext, para: Para, last: str) -> None:
    """The closing "- Lưu: VT, ..." (State) or "- Lưu Văn phòng ..." (Party) line, each
    problem said for what it is."""
    prefix = (
        str(context.profile.value("recipients.archive_prefix"))
        if "recipients.archive_prefix" in context.profile.rules
        else "Lưu"
    )
    expected = f"- {prefix} VT, ..." if prefix.endswith(":") else f"- {prefix} ..."
    key = "recipients.archive_prefix"
    if not re.match(r"^-\s*Lưu\b", last):
        context.report(
            key,
            "the list does not end with the archive line",
            para.location,
            expected=expected,
            found=last,
        )
        return
    if prefix == "Lưu" and re.match(r"^-\s*Lưu\s*:", last):
        context.report(
            key,
            'this profile writes "- Lưu ..." without a colon',
            para.location,
            expected="- Lưu ...",
            found=last,
        )
    elif prefix.endswith(":") and not re.match(r"^-\s*Lưu\s*:", last):
        context.report(
            key,
            'the archive line needs a colon after "Lưu"',
            para.location,
            expected=expected,
            found=last,
        )
    entries = re.sub(r"^-\s*Lưu\s*:?\s*", "", last)
    if prefix.endswith(":") and re.match(r"^[A-ZĐ]{2,}\.\s+[A-ZĐ]", entries):
        context.report(
            key,
            'the archive line separates its entries with "." instead of ","',
            para.location,
            expected=f"- {prefix} VT, {entries.split('.', 1)[1].strip()}",
            found=last,
        )
    if not last.endswith("."):
        context.report(
            key,
            'the archive line lacks its final "."',
            para.location,
            expected=f"{last}.",
            found=last,
        )
