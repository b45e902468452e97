"""House-style profile files come from anyone: regular files only, bounded, clean errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dlxh.errors import InputError
from dlxh.profiles import load_profile


@pytest.mark.parametrize("kind", ["devzero", "fifo", "folder", "binary"])
def test_a_profile_that_is_not_a_yaml_file_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "house.yaml"
    if kind == "devzero":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(InputError, match=r"house\.yaml"):
        load_profile(path)


def test_a_huge_profile_is_refused_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "house.yaml"
    with path.open("wb") as stream:
        stream.truncate(5 * 1024 * 1024)
    with pytest.raises(InputError, match="larger than"):
        load_profile(path)
