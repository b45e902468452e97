"""Packages that import what they offer on first use.

``import dlxh`` used to load every model, the checker and the Vietnamese unit list (about a
second); the command line and a checker answering in a fraction of a second cannot afford that.
A package lists where each public name lives and hands :func:`lazy_exports`' pair to Python as
its module ``__getattr__`` and ``__dir__``; type checkers read the same names from an
``if TYPE_CHECKING:`` block of ordinary imports.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, table: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``: ``table`` maps each name to the
    module that defines it; a name, once imported, becomes an ordinary attribute."""

    def getattr_(name: str) -> Any:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    def dir_() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(table))

    return getattr_, dir_
