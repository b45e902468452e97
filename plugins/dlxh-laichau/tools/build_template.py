"""Rebuild templates/lai-chau/bao-cao.docx: the house profile's report layout, plus the board's
"(Tài liệu lưu hành nội bộ)" line under the title. Run: python tools/build_template.py"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from dlxh_laichau import HERE, house_profile

from dlxh.render import build_template
from dlxh.templating.package import normalize_docx

NOTE = "(Tài liệu lưu hành nội bộ)"


def main() -> None:
    document = docx.Document(io.BytesIO(build_template(house_profile(), "van-ban")))
    dashes = next(p for p in document.paragraphs if p.text == "-----")
    note = dashes.insert_paragraph_before(NOTE, "DLXH Caption")
    dashes._p.addnext(note._p)  # move the note under the line of hyphens
    stream = io.BytesIO()
    document.save(stream)
    target = Path(HERE / "templates" / "lai-chau" / "bao-cao.docx")
    target.write_bytes(normalize_docx(stream.getvalue()))
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
