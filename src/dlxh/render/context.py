"""The values a template sees: a :class:`~dlxh.models.Document` worded for its profile.

Everything whose wording depends on the regime (number line, signature authority, recipients,
the national title and motto) is decided here, once, so templates only place text.
"""

from __future__ import annotations

import re
from typing import Any

from dlxh.models import Document, DocumentType, format_number_symbol
from dlxh.profiles import FormatProfile

__all__ = ["CONTEXT_KEYS", "document_context", "number_line"]

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
        "enacting",
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


def _rule_text(profile: FormatProfile, key: str) -> str | None:
    """A text rule's default, ``None`` when the profile lacks the rule (a house style made for
    an older dlxh, or the other regime)."""
    return str(profile.value(key)) if key in profile.rules else None


def _addressees(document: Document, profile: FormatProfile) -> list[str]:
    """ "Kính gửi:" (or "Kính trình:" for a tờ trình under Hướng dẫn 05-HD/VPTW 9.2.4, from the
    profile's ``addressee.to_trinh_label``) and the addressees."""
    names = document.addressees
    if not names:
        return []
    label = "Kính gửi:"
    if document.type is DocumentType.TO_TRINH:
        label = _rule_text(profile, "addressee.to_trinh_label") or label
    if len(names) == 1:
        return [f"{label} {_TRAILING.sub('', names[0])}."]
    return [label, *(f"- {line}" for line in _punctuated(names, ";", "."))]


_SUBJECT_PREFIX = re.compile(r"^\s*v/v\b\.?\s*", re.IGNORECASE)


def _subject(document: Document, profile: FormatProfile) -> str:
    """The công văn summary under the number: "V/v ..." (Nghị định 30), or as written, without
    "V/v", where the profile's ``subject.prefix`` is empty (Party: "về việc ...", HD 05 5.2.3).

    Its case is left as the data gives it: only a person can tell a proper name ("Nghị quyết
    Trung ương", "Hà Nội") from a common word, so the renderer does not lower a first letter.
    """
    if document.type is not DocumentType.CONG_VAN or not document.summary:
        return ""
    summary = document.summary
    prefix = _rule_text(profile, "subject.prefix")
    if prefix is None:
        prefix = "V/v"
    if not prefix:
        return _SUBJECT_PREFIX.sub("", summary)
    return summary if summary.lower().startswith("v/v") else f"{prefix} {summary}"


def number_line(document: Document, profile: FormatProfile) -> str:
    """The number line, with the type code the profile's ``number.type_codes`` gives (under
    Hướng dẫn 05-HD/VPTW a quy định is "QĐ"; under HD 36 "QĐi")."""
    codes = profile.value("number.type_codes") if "number.type_codes" in profile.rules else []
    wanted = document.type.value + "="
    listed = codes if isinstance(codes, list) else []
    code = next((c[len(wanted) :] for c in listed if c.startswith(wanted)), None)
    if code is None or document.type_code is None:
        return document.number_line
    return format_number_symbol(document.number, code, document.issuer.code, document.profile)


def _legal_bases(document: Document, profile: FormatProfile) -> list[str]:
    """One basis a line, ";" after each and "." after the last, each after the profile's
    ``legal_basis.prefix`` ("- " under Hướng dẫn 05-HD/VPTW 6.2.3)."""
    prefix = _rule_text(profile, "legal_basis.prefix") or ""
    lines = _punctuated(document.legal_bases, ";", ".")
    if not prefix:
        return lines
    return [line if line.startswith(prefix) else prefix + line.lstrip("-– ") for line in lines]


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


def _recipients(document: Document, profile: FormatProfile) -> list[str]:
    """The "Nơi nhận" lines, with two State components the model leaves to the profile.

    A document with addressees ("Kính gửi": a công văn, a report or tờ trình sent up) lists
    them first as "- Như trên;" (Nghị định 30/2020, Phụ lục I, Mục II.9.b) unless the data
    already names it; and the typist's initials with the number of copies follow the "Lưu"
    line ("- Lưu: VT, VX. PL.(300).", Mục III.3 and Phụ lục III, Mẫu 1.4).
    """
    lines = document.recipient_lines(_rule_text(profile, "recipients.separator"))
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
        "number_line": number_line(document, profile),
        "subject": _subject(document, profile),
        "marks": marks,
        "top_title": profile.text("national_title.text"),
        "motto": motto,
        "place_date": document.place_date_line,
        "type_title": document.type.printed_name,
        "summary": "" if document.type is DocumentType.CONG_VAN else document.summary or "",
        "authority": (document.authority or "").upper(),
        "enacting": "QUYẾT NGHỊ:" if document.type is DocumentType.NGHI_QUYET else "QUYẾT ĐỊNH:",
        "legal_bases": _legal_bases(document, profile),
        "addressee_lines": _addressees(document, profile),
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
