"""The template engine is its own package, ``dlxh.templating``; the old names still work, with a
deprecation warning, and the engine does not need the official-document layer."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from dlxh.render._moved import MOVED


def test_the_old_module_names_warn_and_are_the_new_modules() -> None:
    for name in MOVED:
        sys.modules.pop(f"dlxh.render.{name}", None)
        with pytest.warns(DeprecationWarning, match=f"dlxh.templating.{name}"):
            old = importlib.import_module(f"dlxh.render.{name}")
        assert old is importlib.import_module(f"dlxh.templating.{name}")


def test_the_old_public_names_warn_and_are_the_new_ones() -> None:
    import dlxh.render

    with pytest.warns(DeprecationWarning, match="dlxh.templating.Template"):
        assert dlxh.render.Template is dlxh.templating.Template
    with pytest.raises(AttributeError):
        dlxh.render.NoSuchName  # noqa: B018


def test_the_engine_renders_without_the_document_layer() -> None:
    code = (
        "import io, sys, docx\n"
        "from dlxh.templating import Template\n"
        "d = docx.Document(); d.add_paragraph('Xin chào {{ ten }}'); b = io.BytesIO(); d.save(b)\n"
        "out = Template.from_bytes(b.getvalue(), 't.docx').render({'ten': 'Lai Châu'})\n"
        "texts = [p.text for p in docx.Document(io.BytesIO(out)).paragraphs]\n"
        "assert 'Xin chào Lai Châu' in texts, texts\n"
        "layer = ('dlxh.render', 'dlxh.profiles')\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(layer))\n"
        "print(loaded)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
