"""``make install``/``make demo`` set up dlxh alone: an example plugin installed into the
environment would take part in every synthesis and render of a user's own data."""

from __future__ import annotations

import re
from pathlib import Path

MAKEFILE = Path(__file__).resolve().parent.parent / "Makefile"


def _recipe(target: str) -> list[str]:
    lines = MAKEFILE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"{re.escape(target)}\s*:", line))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def test_installing_dlxh_installs_no_example_plugin() -> None:
    recipe = _recipe("$(STAMP)")
    installs = [line for line in recipe if re.search(r"pip install", line)]
    assert installs and not any("plugins/" in line for line in installs), installs
    assert any("uninstall" in line and "dlxh-laichau" in line for line in recipe)
    # the stamp is rebuilt when the Makefile changes, so an old environment gets cleaned
    stamp_rule = next(
        line
        for line in MAKEFILE.read_text(encoding="utf-8").splitlines()
        if line.startswith("$(STAMP):")
    )
    assert "Makefile" in stamp_rule
