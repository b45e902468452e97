"""Hostile .docx packages for the checker tests, built from a rendered example or a few lines."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from dlxh import load
from dlxh.models import Document
from dlxh.render import render_document

__all__ = ["CONTENT_TYPES", "SAMPLE", "W", "members", "minimal", "rezip", "with_part"]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "documents"
SAMPLE = render_document(load(EXAMPLES / "03-bao-cao-ubnd-xa.yaml", Document))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="'
    b'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def members(data: bytes = SAMPLE) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(parts: dict[str, bytes], level: int | None = None) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return stream.getvalue()


def with_part(name: str, content: bytes) -> bytes:
    """The sample with part ``name`` replaced by ``content``."""
    return rezip({**members(), name: content})


def minimal(body: str, level: int | None = None) -> bytes:
    """A package of content types and a document whose body is ``body``."""
    document = (
        f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    )
    parts = {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": document.encode()}
    return rezip(parts, level)
