"""Test helpers for plugin authors, as pytest fixtures.

Installing dlxh registers this module with pytest (entry point ``pytest11``), so a plugin's tests
can ask for ``dlxh_plugins`` (a fresh plugin manager holding the built-ins and the plugin objects
the test registers) and ``render_to_tmp`` (render a document into the test's temporary folder and
get the path back)::

    def test_my_metric(dlxh_plugins):
        hooks = dlxh_plugins(MyPlugin())
        assert "my.metric" in hooks.metrics()

``dlxh_installed`` makes a plugin look installed (its distribution's metadata and entry point,
in a temporary folder put first on ``sys.path``) for one test, so the path every entry point
takes by default (:func:`dlxh.plugins.default_hooks`) can be tested without ``pip install``::

    def test_installed(dlxh_installed):
        dlxh_installed("my-plugin", {"mine": "my_plugin"})
        assert "my.metric" in default_hooks().metrics()
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from dlxh import plugins as _plugins
from dlxh.models import Document
from dlxh.plugins import Hooks, load_plugins
from dlxh.render import render_document

__all__ = ["dlxh_installed", "dlxh_plugins", "render_to_tmp"]


@pytest.fixture(autouse=True)
def _fresh_default_hooks() -> Iterator[None]:
    """Forget the cached default hooks around every test, so a test that installs a plugin or
    sets ``DLXH_*`` variables never leaks its plugins into the next one."""
    _plugins._DEFAULT.clear()
    yield
    _plugins._DEFAULT.clear()


@pytest.fixture
def dlxh_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Make distributions look installed for one test: ``install(dist, entry_points, modules)``.

    ``entry_points`` maps plugin names to modules (``{"laichau": "dlxh_laichau"}``);
    ``modules`` maps module names to their source, written beside the metadata (leave it out for
    a module already importable). ``$DLXH_NO_ENTRY_POINTS`` and ``$DLXH_DISABLE_PLUGINS`` are
    unset for the test, and the default hooks are read afresh. Returns the folder.
    """
    site = tmp_path / "site-packages"
    site.mkdir(exist_ok=True)
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delenv("DLXH_NO_ENTRY_POINTS", raising=False)
    monkeypatch.delenv("DLXH_DISABLE_PLUGINS", raising=False)

    def install(
        dist: str,
        entry_points: Mapping[str, str],
        modules: Mapping[str, str] | None = None,
        *,
        version: str = "1.2.3",
    ) -> Path:
        info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8"
        )
        lines = "".join(f"{name} = {target}\n" for name, target in entry_points.items())
        (info / "entry_points.txt").write_text(f"[dlxh]\n{lines}", encoding="utf-8")
        for name, source in (modules or {}).items():
            (site / f"{name}.py").write_text(source, encoding="utf-8")
        importlib.invalidate_caches()
        _plugins._DEFAULT.clear()
        return site

    return install


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
