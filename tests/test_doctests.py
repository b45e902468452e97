"""The ``>>>`` examples in docstrings are part of the documentation, so they must run."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import dlxh
from dlxh.render._moved import MOVED

# the deprecated aliases of the engine's modules are those modules: tested under their new names
ALIASES = {f"dlxh.render.{name}" for name in MOVED}
MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(dlxh.__path__, prefix="dlxh.")
    if info.name != "dlxh.__main__" and info.name not in ALIASES
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"


def test_docstring_examples_exist() -> None:
    finder = doctest.DocTestFinder()
    examples = sum(
        len(test.examples)
        for name in MODULES
        for test in finder.find(importlib.import_module(name))
    )
    assert examples >= 5
