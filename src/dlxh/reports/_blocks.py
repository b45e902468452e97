"""Pieces every generated report is made of: body blocks as data, and the document around them.

The reports build plain dicts rather than block models so that one ``Document.model_validate``
call checks the whole document and reports any problem with its full path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from dlxh.models import Document, DocumentType, Issuer, Profile, Signer

__all__ = ["heading", "paragraph", "report_document"]


def heading(level: int, text: str) -> dict[str, Any]:
    return {"type": "heading", "level": level, "text": text}


def paragraph(text: str) -> dict[str, Any]:
    return {"type": "paragraph", "text": text}


def report_document(
    kind: DocumentType,
    summary: str,
    body: list[dict[str, Any]],
    *,
    issuer: Issuer,
    place: str,
    date: dt.date,
    number: int | None,
    signer: Signer | None,
    recipients: Sequence[str],
    archive: str,
    profile: Profile,
) -> Document:
    """The validated document of a generated report."""
    return Document.model_validate(
        {
            "profile": profile,
            "type": kind,
            "number": number,
            "issuer": issuer,
            "place": place,
            "date": date,
            "summary": summary,
            "body": body,
            "signer": signer,
            "recipients": list(recipients),
            "archive": archive,
        }
    )
