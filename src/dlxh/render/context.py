"""The values a template sees: a :class:`~dlxh.models.Document` worded for its profile.

Everything whose wording depends on the regime (number line, signature authority, recipients,
the national title and motto) is decided here, once, so templates only place text.
"""

from __future__ import annotations

import datetime as dt
import keyword
import re
from collections.abc import Mapping
from typing import Any

from dlxh.errors import InputError
from dlxh.models import Document, DocumentType, format_number_symbol
from dlxh.profiles import FormatProfile
from dlxh.templating.limits import active_limits

__all__ = ["CONTEXT_KEYS", "MAX_CONTEXT_DEPTH", "document_context", "number_line", "user_context"]

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
        "extra",
    }
)
"""Names a dlxh template may use (``dlxh templates check`` reports any other, unless the caller
declares it: the keys of ``render_document(context=...)`` and ``dlxh render --var``)."""

MAX_CONTEXT_DEPTH = 32
"""Deepest nesting of lists and mappings in a caller's own context value."""

_PLAIN = frozenset({int, float, bool, dt.date, dt.datetime, type(None)})


def user_context(context: Mapping[str, Any] | None) -> dict[str, Any]:
    """The caller's own template variables, checked: what ``render_document(context=...)`` adds.

    Keys are identifiers (a template writes ``{{ so_ho }}``) and may not shadow dlxh's own names
    (:data:`CONTEXT_KEYS`: ``{{ document }}`` must stay the document). Values are plain data
    only (text, numbers, booleans, ``None``, dates, lists and mappings of them), bounded as
    rendered values are (:class:`~dlxh.templating.limits.Limits`), so a template given them reaches
    no Python object and no caller can hand a template an object whose methods write files.
    Raises :class:`~dlxh.errors.InputError` naming the key.
    """
    if context is None:
        return {}
    if not isinstance(context, Mapping):
        raise InputError(
            f"context must be a mapping of names to values, not {type(context).__name__}"
        )
    checked: dict[str, Any] = {}
    for key, value in context.items():
        if not isinstance(key, str) or not key.isidentifier() or keyword.iskeyword(key):
            raise InputError(
                f"context key {key!r} is not a template name (letters, digits and _, "
                "not starting with a digit)"
            )
        if key.startswith("_"):
            raise InputError(f"context key {key!r} starts with '_', which templates cannot read")
        if key in CONTEXT_KEYS:
            raise InputError(
                f"context key {key!r} is one of dlxh's own template names; choose another "
                "(or put it under the document's extra:)"
            )
        _check_plain(value, f"context[{key!r}]", 0, [0])
        checked[key] = value
    return checked


def _check_plain(value: Any, where: str, depth: int, count: list[int]) -> None:
    """Refuse anything but plain data in ``value``, and more than the render limits allow."""
    limit = active_limits().max_value
    count[0] += 1
    if count[0] > limit:
        raise InputError(f"{where}: the context holds more than {limit:,} values")
    if depth > MAX_CONTEXT_DEPTH:
        raise InputError(f"{where}: nested deeper than {MAX_CONTEXT_DEPTH} levels")
    kind = type(value)  # exact types: a subclass may carry methods a template could reach
    if kind is str:
        if len(value) > limit:
            raise InputError(f"{where}: a text longer than {limit:,} characters")
    elif kind is list or kind is tuple:
        for index, item in enumerate(value):
            _check_plain(item, f"{where}[{index}]", depth + 1, count)
    elif kind is dict:
        for key, item in value.items():
            if type(key) is not str:
                raise InputError(f"{where}: a mapping key must be text, not {key!r}")
            _check_plain(item, f"{where}[{key!r}]", depth + 1, count)
    elif kind not in _PLAIN:
        raise InputError(
            f"{where}: a {kind.__name__} is not plain data (text, numbers, booleans, "
            "dates, lists and mappings of them)"
        )


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
        "extra": document.extra,
    }
