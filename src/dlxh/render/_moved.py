"""The modules of the template engine moved from :mod:`dlxh.render` to :mod:`dlxh.templating`.

The old module names keep working for a while: importing one warns once
(:class:`DeprecationWarning`) and gives the new module itself, so ``dlxh.render.engine is
dlxh.templating.engine`` and private names still resolve.
"""

from __future__ import annotations

import importlib
import sys
import warnings

__all__ = ["MOVED", "alias"]

MOVED = (
    "bounded",
    "coreprops",
    "engine",
    "environment",
    "external",
    "intake",
    "limits",
    "ooxml",
    "package",
    "sandbox",
    "subdoc",
    "tagwork",
    "template",
)
"""The engine's modules, now in :mod:`dlxh.templating`."""


def alias(old: str) -> None:
    """Make the module being imported as ``old`` (``dlxh.render.engine``) its new module."""
    new = "dlxh.templating." + old.rpartition(".")[2]
    warnings.warn(
        f"{old} has moved to {new}; import it from there", DeprecationWarning, stacklevel=3
    )
    sys.modules[old] = importlib.import_module(new)
