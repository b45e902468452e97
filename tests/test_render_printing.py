"""Two-sided printing: the margins mirror on the back of each sheet (HD 05-HD/VPTW IV-4.2)."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from dlxh.check import check
from dlxh.render import render_document
from dlxh.render.printing import mirror_margins
from test_render_engine import minimal_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _settings(data: bytes) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml"))


def test_two_sided_documents_mirror_their_margins() -> None:
    party = {
        "profile": "dang",
        "issuer": {
            "parent": "TỈNH ỦY LAI CHÂU",
            "name": "BAN TUYÊN GIÁO VÀ DÂN VẬN",
            "code": "BTGDVTU",
        },
    }
    single = render_document(minimal_document(**party))
    double = render_document(minimal_document(**party, two_sided=True))
    assert _settings(single).find(f"{W}mirrorMargins") is None
    assert _settings(double).find(f"{W}mirrorMargins") is not None
    assert check(double).ok  # the section's margins are the front's: 20/20/30/15 still
    assert render_document(minimal_document(**party, two_sided=True)) == double


def test_mirror_margins_follow_the_schema_order() -> None:
    source = (
        f'<w:settings xmlns:w="{W[1:-1]}"><w:zoom w:percent="100"/><w:defaultTabStop '
        'w:val="720"/></w:settings>'
    ).encode()
    names = [child.tag.removeprefix(W) for child in etree.fromstring(mirror_margins(source))]
    assert names == ["zoom", "mirrorMargins", "defaultTabStop"]
    assert mirror_margins(mirror_margins(source)) == mirror_margins(source)
