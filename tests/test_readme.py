"""The README's Python examples run as written, from a folder with ``examples/`` and ``out/``."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_examples_run_and_print_what_they_say(tmp_path: Path) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert len(blocks) >= 2
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    (tmp_path / "out").mkdir()
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        for block in blocks:
            output = io.StringIO()
            with contextlib.redirect_stdout(output):
                exec(compile(block, "README.md", "exec"), {})
            printed = output.getvalue().splitlines()
            promised = [
                comment.strip()
                for line in block.splitlines()
                if line.startswith("print(") and (comment := line.partition("#")[2])
            ]
            # each print(...) line's comment shows what it prints, before any "  (note)"
            assert printed == [comment.split("  ")[0] for comment in promised]
    finally:
        os.chdir(previous)
    assert (tmp_path / "out" / "huong-dan.docx").is_file()
