"""Deterministic .docx packaging: the same document gives the same bytes, every time.

python-docx stamps every zip entry with the current time and the core properties with "now", so
two renders of one input differ. Official documents are archived and compared, and tests compare
outputs, so dlxh rewrites the package with fixed entry times and a fixed member order.
"""

from __future__ import annotations

import io
import zipfile

__all__ = ["FIXED_ZIP_TIME", "normalize_docx"]

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can carry; used for every entry."""

_FIRST = "[Content_Types].xml"


def normalize_docx(data: bytes) -> bytes:
    """Rewrite a .docx package with fixed timestamps and attributes, content types first."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = source.namelist()
        ordered = ([_FIRST] if _FIRST in names else []) + [n for n in names if n != _FIRST]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
            for name in ordered:
                info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                info.create_system = 0
                target.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()
