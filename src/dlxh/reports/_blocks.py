"""Pieces every generated report is made of: body blocks as data, and the document around them.

The reports build plain dicts rather than block models so that one ``Document.model_validate``
call checks the whole document and reports any problem with its full path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from dlxh.models import Document, DocumentType, Issuer, Profile, Signer

__all__ = ["heading", "numbered", "paragraph", "report_document"]


def heading(level: int, text: str) -> dict[str, Any]:
    return {"type": "heading", "level": level, "text": text}


def paragraph(text: str) -> dict[str, Any]:
    return {"type": "paragraph", "text": text}


_LABELS = {"table": "Bảng", "image": "Biểu đồ"}


def numbered(body: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``body`` with its table and chart captions numbered in order, each kind on its own:
    "Bảng 1. ...", "Bảng 2. ...", "Biểu đồ 1. ..." (a report's charts are its only pictures),
    so the text can refer to them and a reader finds them. A table without a caption gets
    none; a caption already numbered is kept."""
    counts = dict.fromkeys(_LABELS, 0)
    result: list[dict[str, Any]] = []
    for block in body:
        kind = block.get("type")
        caption = block.get("caption")
        if kind not in _LABELS or not caption:
            result.append(block)
            continue
        label = _LABELS[kind]
        counts[kind] += 1
        if str(caption).startswith(label + " "):
            result.append(block)
        else:
            result.append({**block, "caption": f"{label} {counts[kind]}. {caption}"})
    return result


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
