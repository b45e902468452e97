"""The Lai Châu plugin, loaded through its entry point as an installed distribution.

The plugin is not installed by ``make install`` (an example must not change what a user's own data
produces): ``dlxh_installed`` makes it look installed for one test, and pytest's ``pythonpath``
makes ``dlxh_laichau`` importable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
from dlxh_laichau import (
    HOTSPOT_LABEL,
    ON_TIME_LABEL,
    hotspot_count,
    house_profile,
    on_time_share,
)

import dlxh
from dlxh.models import Document
from dlxh.plugins import Hooks

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


INSTALL = ("dlxh-laichau", {"laichau": "dlxh_laichau"})


def test_entry_point_brings_profile_template_and_metrics(
    dlxh_plugins: Callable[..., Hooks], dlxh_installed: Callable[..., Path]
) -> None:
    dlxh_installed(*INSTALL, version="0.1.0")
    hooks = dlxh_plugins(entry_points=True)
    assert any(name == "laichau" and version == "0.1.0" for name, version, _ in hooks.plugins())
    assert {"laichau.on_time_share", "laichau.hotspot_count"} <= set(hooks.metrics())
    assert "lai-chau" in [p.name for p in hooks.profiles()]
    profile = house_profile()
    assert profile.regime.value == "dang"
    assert profile.number("body.line_spacing") == 1.2


def test_reports_use_the_house_template_and_pass_the_house_profile(
    render_to_tmp: Callable[..., Path], dlxh_installed: Callable[..., Path]
) -> None:
    dlxh_installed(*INSTALL)
    hooks = None  # the default: the installed plugins, as the command line uses them
    report = dlxh.load(EXAMPLES / "documents" / "02-bao-cao-thang-dang-uy-xa.yaml", Document)
    path = render_to_tmp(report, profile="lai-chau", hooks=hooks)
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert "(Tài liệu lưu hành nội bộ)" in texts
    assert dlxh.check(path, house_profile()).ok
    plan = dlxh.load(EXAMPLES / "documents" / "04-ke-hoach-dieu-tra.yaml", Document)
    other = render_to_tmp(plan, profile="lai-chau", hooks=hooks)
    assert "(Tài liệu lưu hành nội bộ)" not in [
        p.text for p in docx.Document(str(other)).paragraphs
    ]


def test_metrics_count_on_time_reports_and_hot_spots() -> None:
    data = dlxh.load_dataset(EXAMPLES / "data")
    period = dlxh.Period.parse("2026-10")
    # examples/data: 5 of the 7 October reports were submitted, 4 of those on time
    assert on_time_share(data, period, None) == {ON_TIME_LABEL: 80.0}
    assert hotspot_count(data, period, None) == {HOTSPOT_LABEL: 3}


def test_disabled_by_environment(  # type: ignore[no-untyped-def]
    dlxh_plugins: Callable[..., Hooks], dlxh_installed: Callable[..., Path], monkeypatch
) -> None:
    dlxh_installed(*INSTALL)
    monkeypatch.setenv("DLXH_DISABLE_PLUGINS", "laichau")
    hooks = dlxh_plugins(entry_points=True)
    assert "laichau" not in [name for name, _, _ in hooks.plugins()]
    assert "laichau.on_time_share" not in hooks.metrics()
