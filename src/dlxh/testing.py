"""Test helpers for plugin authors, as pytest fixtures.

Installing dlxh registers this module with pytest (entry point ``pytest11``), so a plugin's tests
can ask for ``dlxh_plugins`` (a fresh plugin manager holding the built-ins and the plugin objects
the test registers) and ``render_to_tmp`` (render a document into the test's temporary folder and
get the path back)::

    def test_my_metric(dlxh_plugins):
        hooks = dlxh_plugins(MyPlugin())
        assert "my.metric" in hooks.metrics()
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dlxh.models import Document
from dlxh.plugins import Hooks, load_plugins
from dlxh.render import render_document

__all__ = ["dlxh_plugins", "render_to_tmp"]


@pytest.fixture
def dlxh_plugins() -> Callable[..., Hooks]:
    """Build a fresh plugin manager: built-ins plus the given plugins, no installed entry points.

    Each call returns a new manager, so tests never leak plugins into each other. Pass
    ``entry_points=True`` to load installed plugins as well.
    """

    def build(
        *plugins: object, entry_points: bool = False, disabled: tuple[str, ...] = ()
    ) -> Hooks:
        return load_plugins(plugins, entry_points=entry_points, disabled=disabled)

    return build


@pytest.fixture
def render_to_tmp(tmp_path: Path) -> Callable[..., Path]:
    """Render a :class:`~dlxh.models.Document` into the test's temporary folder; return the path."""
    counter = [0]

    def render(document: Document, name: str | None = None, **options: Any) -> Path:
        counter[0] += 1
        target = tmp_path / (name or f"document-{counter[0]}.docx")
        render_document(document, target, **options)
        return target

    return render
