"""Document data that points at files: a picture's ``path`` may not read the machine.

A document file comes from anyone; its image paths must stay in the document's folder, name a
regular file of bounded size, and fail with a message naming the block, never hang.
"""

from __future__ import annotations

import io
import os
import zipfile
from datetime import date
from pathlib import Path

import pytest

from cli_runner import run
from dlxh import Document, dump
from dlxh.errors import InputError
from dlxh.render import render_document
from docx_inspect import tiny_png


def document(path: str) -> Document:
    return Document.model_validate(
        {
            "profile": "nha-nuoc",
            "type": "bao_cao",
            "number": 3,
            "issuer": {"name": "ỦY BAN NHÂN DÂN XÃ A", "code": "UBND"},
            "place": "Hà Nội",
            "date": date(2026, 1, 5),
            "summary": "Tình hình",
            "body": [{"type": "image", "path": path}],
            "signer": {"title": "Chủ tịch", "name": "Nguyễn Văn A"},
            "recipients": ["Như trên"],
        }
    )


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    inside = tmp_path / "docs"
    outside = tmp_path / "private"
    inside.mkdir()
    outside.mkdir()
    (inside / "chart.png").write_bytes(tiny_png())
    (outside / "secret.png").write_bytes(tiny_png())
    return inside, outside


def test_an_image_in_the_folder_is_embedded(folders: tuple[Path, Path]) -> None:
    inside, _ = folders
    data = render_document(document("chart.png"), base_dir=inside)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(name.startswith("word/media/") for name in names)


@pytest.mark.parametrize("kind", ["absolute", "dotdot", "symlink"])
def test_paths_leading_out_of_the_folder_are_refused(folders: tuple[Path, Path], kind: str) -> None:
    inside, outside = folders
    if kind == "absolute":
        path = str(outside / "secret.png")
    elif kind == "dotdot":
        path = "../private/secret.png"
    else:
        (inside / "link.png").symlink_to(outside / "secret.png")
        path = "link.png"
    with pytest.raises(InputError, match=r"body\[0\].*leads outside"):
        render_document(document(path), base_dir=inside)


@pytest.mark.parametrize("kind", ["devzero", "fifo", "folder"])
def test_files_that_are_not_pictures_fail_at_once(folders: tuple[Path, Path], kind: str) -> None:
    inside, _ = folders
    target = inside / "x.png"
    if kind == "devzero":
        target.symlink_to("/dev/zero")
        with pytest.raises(InputError, match="leads outside"):
            render_document(document("x.png"), base_dir=inside)
        return
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    with pytest.raises(InputError, match="expected a regular image"):
        render_document(document("x.png"), base_dir=inside)


def test_the_cli_refuses_an_image_outside_the_document_folder(folders: tuple[Path, Path]) -> None:
    inside, outside = folders
    source = inside / "doc.yaml"
    dump(document(str(outside / "secret.png")), source)
    output = inside / "out.docx"
    code, out, err = run("render", str(source), "-o", str(output))
    assert code != 0 and "leads outside" in out + err and "Traceback" not in out + err
    assert not output.exists()
