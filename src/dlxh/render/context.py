"""The values a template sees: a :class:`~dlxh.models.Document` worded for its profile.

Everything whose wording depends on the regime (number line, signature authority, recipients,
the national title and motto) is decided here, once, so templates only place text.
"""

from __future__ import annotations

import re
from typing import Any

from dlxh.models import Document, DocumentType
from dlxh.profiles import FormatProfile

__all__ = ["CONTEXT_KEYS", "document_context"]

_TRAILING = re.compile(r"[\s;,.]+$")

CONTEXT_KEYS = frozenset(
    {
        "document",
        "issuer_parent",
        "issuer_name",
        "number_line",
        "subject",
        "marks",
        "top_title",
        "motto",
        "place_date",
        "type_title",
        "summary",
        "authority",
        "legal_bases",
        "addressee_lines",
        "body",
        "signature_authority",
        "signature_title",
        "signer_name",
        "cosigner_authority",
        "cosigner_title",
        "cosigner_name",
        "recipient_label",
        "recipient_lines",
    }
)
"""Names a dlxh template may use (``dlxh templates check`` reports any other)."""


def _punctuated(lines: list[str], middle: str, last: str) -> list[str]:
    cleaned = [_TRAILING.sub("", line) for line in lines]
    return [line + (last if i == len(cleaned) - 1 else middle) for i, line in enumerate(cleaned)]


def _addressees(document: Document) -> list[str]:
    names = document.addressees
    if not names:
        return []
    if len(names) == 1:
        return [f"Kính gửi: {_TRAILING.sub('', names[0])}."]
    return ["Kính gửi:", *(f"- {line}" for line in _punctuated(names, ";", "."))]


def _subject(document: Document) -> str:
    if document.type is not DocumentType.CONG_VAN or not document.summary:
        return ""
    summary = document.summary
    return summary if summary.lower().startswith("v/v") else f"V/v {summary}"


def _recipients(document: Document, profile: FormatProfile) -> list[str]:
    """The "Nơi nhận" lines, with two State components the model leaves to the profile.

    A document with addressees ("Kính gửi": a công văn, a report or tờ trình sent up) lists
    them first as "- Như trên;" (Nghị định 30/2020, Phụ lục I, Mục II.9.b) unless the data
    already names it; and the typist's initials with the number of copies follow the "Lưu"
    line ("- Lưu: VT, VX. PL.(300).", Mục III.3 and Phụ lục III, Mẫu 1.4).
    """
    lines = document.recipient_lines()
    as_above = profile.text("recipients.as_above") if "recipients.as_above" in profile.rules else ""
    named = {_TRAILING.sub("", r).casefold() for r in document.recipients}
    if document.addressees and as_above and as_above.casefold() not in named:
        separator = (
            str(profile.value("recipients.separator"))
            if "recipients.separator" in profile.rules
            else ";"
        )
        lines.insert(0, f"- {as_above}{separator}")
    if document.typist or document.copies:
        mark = f"{document.typist.upper()}." if document.typist else ""
        mark += f"({document.copies})" if document.copies else ""
        lines[-1] = f"{lines[-1]} {mark}{'' if mark.endswith('.') else '.'}"
    return lines


def _cosigner(document: Document) -> dict[str, Any]:
    """The left signature of a biên bản (the secretary), worded like the signer's."""
    cosigner = document.cosigner
    return {
        "cosigner_authority": [
            f"{line.authority.prefix(document.profile)} {line.text.upper()}"
            for line in (cosigner.authority if cosigner else [])
        ],
        "cosigner_title": cosigner.title.upper() if cosigner and cosigner.title else "",
        "cosigner_name": cosigner.name if cosigner else "",
    }


def document_context(document: Document, profile: FormatProfile) -> dict[str, Any]:
    """The template context for ``document`` (already in ``profile``'s regime)."""
    regime = document.profile
    signer = document.signer
    motto = profile.text("motto.text") if "motto.text" in profile.rules else ""
    marks = [m.label for m in (document.confidentiality, document.urgency) if m is not None]
    return {
        "document": document,
        "issuer_parent": (document.issuer.parent or "").upper(),
        "issuer_name": document.issuer.name.upper(),
        "number_line": document.number_line,
        "subject": _subject(document),
        "marks": marks,
        "top_title": profile.text("national_title.text"),
        "motto": motto,
        "place_date": document.place_date_line,
        "type_title": document.type.printed_name,
        "summary": "" if document.type is DocumentType.CONG_VAN else document.summary or "",
        "authority": (document.authority or "").upper(),
        "legal_bases": _punctuated(document.legal_bases, ";", "."),
        "addressee_lines": _addressees(document),
        "signature_authority": [
            f"{line.authority.prefix(regime)} {line.text.upper()}"
            for line in (signer.authority if signer else [])
        ],
        "signature_title": signer.title.upper() if signer and signer.title else "",
        "signer_name": signer.name if signer else "",
        **_cosigner(document),
        "recipient_label": profile.text("recipients.label"),
        "recipient_lines": _recipients(document, profile),
    }
