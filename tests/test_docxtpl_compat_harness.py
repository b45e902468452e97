"""bench/docxtpl_compat.py: its comparator on documents built here, and the harness end to end on
docxtpl's own test scripts when a checkout of docxtpl is on this machine."""

from __future__ import annotations

import importlib.util
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import docx
import pytest

from render_cases import png

ROOT = Path(__file__).resolve().parents[1]
HARNESS = ROOT / "bench" / "docxtpl_compat.py"
MIRROR = Path("/work/.mirror/elapouya+python-docx-template/repo")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docxtpl_compat", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("docxtpl_compat", module)
    spec.loader.exec_module(module)
    return module


harness = _harness()


def _document(text: str = "a run", picture: bytes | None = None) -> bytes:
    document = docx.Document()
    paragraph = document.add_paragraph("first ")
    paragraph.add_run(text).bold = True
    if picture is not None:
        document.add_picture(io.BytesIO(picture))
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def _rewrite(data: bytes, change: dict[str, tuple[str, str]]) -> bytes:
    """``data`` with text replaced in some members (``{member: (old, new)}``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename in change:
                old, new = change[info.filename]
                assert old.encode() in content, (info.filename, old)
                content = content.replace(old.encode(), new.encode())
            target.writestr(info, content)
    return out.getvalue()


def test_the_same_document_saved_twice_is_the_same() -> None:
    assert harness.compare_docx(_document(), _document()) == []


def test_a_changed_run_differs_naming_the_part_and_the_text() -> None:
    found = harness.compare_docx(_document("a run"), _document("a ruin"))
    assert [d.part for d in found] == ["word/document.xml"]
    assert "text differs" in found[0].detail and "a ruin" in found[0].detail


def test_a_changed_attribute_differs_with_the_same_text() -> None:
    reference = _document()
    changed = _rewrite(reference, {"word/document.xml": ("<w:b/>", "<w:i/>")})
    found = harness.compare_docx(reference, changed)
    assert [d.part for d in found] == ["word/document.xml"]
    assert "same text, XML differs" in found[0].detail and "w:i" in found[0].detail


def test_renumbered_relationships_and_other_prefixes_are_the_same() -> None:
    reference = _document(picture=png(5, 5, 1))
    rid = re.search(rb'r:embed="(rId\d+)"', _member(reference, "word/document.xml"))
    assert rid is not None
    old = rid[1].decode()
    renumbered = _rewrite(
        reference,
        {
            "word/document.xml": (f'r:embed="{old}"', 'r:embed="rId99"'),
            "word/_rels/document.xml.rels": (f'Id="{old}"', 'Id="rId99"'),
        },
    )
    assert harness.compare_docx(reference, renumbered) == []
    prefixed = _rewrite(
        reference,
        {"word/document.xml": ("<w:body>", f'<w:body xmlns:ww="{W}">')},
    )
    prefixed = _rewrite(prefixed, {"word/document.xml": ("<w:b/>", "<ww:b/>")})
    assert harness.compare_docx(reference, prefixed) == []


def test_a_different_picture_differs_in_the_media() -> None:
    found = harness.compare_docx(_document(picture=png(5, 5, 1)), _document(picture=png(5, 5, 2)))
    assert "word/media" in [d.part for d in found]


def test_rsid_attributes_do_not_count() -> None:
    reference = _document()
    changed = _rewrite(reference, {"word/document.xml": ("<w:p>", '<w:p w:rsidR="00AB12CD">')})
    assert harness.compare_docx(reference, changed) == []


def test_drawing_ids_compare_by_their_use_not_their_number() -> None:
    def two_pictures() -> bytes:
        document = docx.Document()
        document.add_picture(io.BytesIO(png(5, 5, 1)))
        document.add_picture(io.BytesIO(png(5, 5, 1)))
        stream = io.BytesIO()
        document.save(stream)
        return stream.getvalue()

    reference = two_pictures()
    xml = _member(reference, "word/document.xml").decode()
    ids = re.findall(r'<wp:docPr id="(\d+)"', xml)
    assert len(set(ids)) == 2, ids
    renumbered = _rewrite(
        reference,
        {"word/document.xml": (f'<wp:docPr id="{ids[0]}"', '<wp:docPr id="1073741825"')},
    )
    assert harness.compare_docx(reference, renumbered) == []  # another number, the same use
    reused = _rewrite(
        reference,
        {"word/document.xml": (f'<wp:docPr id="{ids[1]}"', f'<wp:docPr id="{ids[0]}"')},
    )
    assert [d.part for d in harness.compare_docx(reference, reused)] == ["word/document.xml"]


def _member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def _checkout() -> Path | None:
    configured = os.environ.get("DOCXTPL_REPO")
    for candidate in [Path(configured)] if configured else [MIRROR]:
        if candidate.exists():
            return candidate
    return None


def test_the_harness_end_to_end_on_docxtpl_s_own_scripts() -> None:
    """A few of docxtpl's scripts (a table loop, a header picture replaced by its bytes, one that
    needs strict=False); the whole suite takes minutes: ``python bench/docxtpl_compat.py PATH``,
    or this test with DLXH_DOCXTPL_FULL=1."""
    checkout = _checkout()
    if checkout is None:
        pytest.skip(
            "no docxtpl checkout: set DOCXTPL_REPO to a clone of "
            "https://github.com/elapouya/python-docx-template (or its git dir)"
        )
    only = [] if os.environ.get("DLXH_DOCXTPL_FULL") else ["--only", _SOME]
    done = subprocess.run(
        [sys.executable, str(HARNESS), str(checkout), *only, "--timeout", "120"],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = {line.split()[0]: line for line in done.stdout.splitlines() if ".py" in line}
    if not only:
        assert re.search(r"^\d+ of \d+ scripts give the same document", done.stdout, re.M)
        return
    assert rows["order.py"].split(None, 2)[2] == "same"
    assert rows["header_footer_image.py"].split(None, 2)[2] == "same"
    assert "same with strict=False" in rows["get_undeclared_variables.py"]
    assert "skipped" in rows["runtests.py"]
    assert (
        "2 of 3 scripts give the same document; 1 more with DocxTemplate(path, strict=False)"
        in (done.stdout)
    )


_SOME = "order.py,header_footer_image.py,get_undeclared_variables.py"
