"""The plugin system: built-ins as plugins, validation, registries, and hooks reaching the work."""

from __future__ import annotations

import io
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import docx
import pytest

from dlxh import PluginError, hookimpl, load
from dlxh.check import check
from dlxh.models import Document, OpinionField, OpinionItem, Tendency
from dlxh.plugins import DEFAULT_PLUGINS, Hooks, load_plugins
from dlxh.render import render_document

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "documents"


def test_builtins_are_plugins_registered_first(dlxh_plugins: Callable[..., Hooks]) -> None:
    hooks = dlxh_plugins()
    names = [name for name, _, _ in hooks.plugins()]
    assert names[: len(DEFAULT_PLUGINS)] == list(DEFAULT_PLUGINS)
    assert {"date", "percent", "words"} <= set(hooks.filters())
    assert [p.name for p in hooks.profiles()] == ["nha-nuoc", "dang"]
    assert len(hooks.check_rules()) == 13


def test_misspelt_hook_fails_loudly() -> None:
    class Typo:
        @hookimpl
        def dlxh_register_metric(self, register: Any) -> None:  # missing "s"
            pass

    with pytest.raises(PluginError, match="dlxh_register_metric"):
        load_plugins([Typo()], entry_points=False)


def test_duplicate_registrations_are_rejected(dlxh_plugins: Callable[..., Hooks]) -> None:
    class First:
        @hookimpl
        def dlxh_register_metrics(self, register: Any) -> None:
            register("same", lambda *a: {})

    class Second:
        @hookimpl
        def dlxh_register_metrics(self, register: Any) -> None:
            register("same", lambda *a: {})

    with pytest.raises(PluginError, match="two plugins register the metric 'same'"):
        dlxh_plugins(First(), Second()).metrics()


def test_a_classifier_plugin_wins_over_the_builtin(dlxh_plugins: Callable[..., Hooks]) -> None:
    text = "Nhân dân phấn khởi, đồng tình với việc cấp sổ đỏ"
    builtin = dlxh_plugins().classify(text)

    class Smarter:
        @hookimpl
        def dlxh_classify_field(self, text: str) -> OpinionField | None:
            return OpinionField.ECONOMY if "sổ đỏ" in text else None

    field, tendency = dlxh_plugins(Smarter()).classify(text)
    assert field is OpinionField.ECONOMY != builtin[0]
    assert tendency is builtin[1] is Tendency.APPROVE


def test_grouping_plugin_result_is_checked(dlxh_plugins: Callable[..., Hooks]) -> None:
    items = [OpinionItem(title=t, content=t, field="other") for t in ("a a", "b b")]

    class Broken:
        @hookimpl
        def dlxh_group_items(self, items: Any) -> list[list[int]]:
            return [[0]]

    with pytest.raises(PluginError, match="every item index exactly once"):
        dlxh_plugins(Broken()).group(items)

    class Together:
        @hookimpl
        def dlxh_group_items(self, items: Any) -> list[list[int]]:
            return [[0, 1]]

    assert dlxh_plugins(Together()).group(items) == [[0, 1]]


def test_filters_templates_and_post_processing_reach_rendering(
    dlxh_plugins: Callable[..., Hooks],
) -> None:
    class Stamp:
        @hookimpl
        def dlxh_register_filters(self, register: Any) -> None:
            register("shout", str.upper)

        @hookimpl(wrapper=True)
        def dlxh_render_document(
            self, document: Document, docx: Any
        ) -> Generator[None, None, None]:
            yield
            docx.add_paragraph(f"Bản điện tử: {document.number_line}")

    hooks = dlxh_plugins(Stamp())
    assert hooks.filters()["shout"]("hòa") == "HÒA"
    document = load(EXAMPLES / "03-bao-cao-ubnd-xa.yaml", Document)
    data = render_document(document, hooks=hooks)
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert texts[-1] == "Bản điện tử: Số: 15/BC-UBND"


def test_check_rules_from_plugins(dlxh_plugins: Callable[..., Hooks]) -> None:
    from dlxh.check.context import CheckContext

    def no_exclamation(context: CheckContext) -> None:
        for para in context.body:
            if "!" in para.text:
                context.report(
                    "house.exclamation", "no exclamation marks", para.location, confirmed=False
                )

    class House:
        @hookimpl
        def dlxh_register_check_rules(self, register: Any) -> None:
            register(no_exclamation)

    hooks = dlxh_plugins(House())
    document = load(EXAMPLES / "03-bao-cao-ubnd-xa.yaml", Document)
    body = [{"type": "paragraph", "text": "Khẩn trương thực hiện!"}, *document.model_dump()["body"]]
    shouting = Document.model_validate({**document.model_dump(), "body": body})
    report = check(render_document(shouting), rules=hooks.check_rules())
    assert [f.rule for f in report.findings] == ["house.exclamation"]
    assert report.ok  # an unconfirmed house rule is a warning


def test_tracing_writes_hook_calls(
    dlxh_plugins: Callable[..., Hooks],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DLXH_TRACE_PLUGINS", "1")
    load_plugins(entry_points=False).metrics()
    assert "dlxh_register_metrics" in capsys.readouterr().err


def test_every_hook_is_documented() -> None:
    from dlxh import hookspecs

    page = (Path(__file__).resolve().parent.parent / "docs" / "plugins.md").read_text("utf-8")
    hooks = [name for name in dir(hookspecs) if name.startswith("dlxh_")]
    assert len(hooks) == 11
    for name in hooks:
        assert f"`{name}(" in page, f"{name} is missing from docs/plugins.md"
        assert (getattr(hookspecs, name).__doc__ or "").strip(), f"{name} has no docstring"


def test_hot_spot_detection_plugin_marks_items(dlxh_plugins: Callable[..., Hooks]) -> None:
    from dlxh import load_dataset
    from dlxh.aggregate import synthesize

    class Landslides:
        @hookimpl
        def dlxh_detect_hotspot(self, item: OpinionItem) -> bool | None:
            return True if "Giá thuốc" in item.title else None

    data = load_dataset(Path(__file__).resolve().parent.parent / "examples" / "data")
    before = synthesize(data, "2026-10", strict=False)
    marked = dlxh_plugins(Landslides()).mark_hotspots(data)
    after = synthesize(marked, "2026-10", strict=False)
    assert len(after.hotspots) == len(before.hotspots) + 1
    assert any("Giá thuốc" in current.title for current in after.hotspots)
    assert not any(
        item.hotspot and "Giá thuốc" in item.title for r in data.reports for item in r.items
    )


def test_disabling_names_what_it_disabled_and_warns_about_unknown_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dlxh.plugins import load_plugins

    monkeypatch.setenv("DLXH_DISABLE_PLUGINS", "dlxh.builtins.analysis, dlxh.builtins.anlysis")
    with pytest.warns(UserWarning, match=r"names no installed plugin: dlxh\.builtins\.anlysis"):
        hooks = load_plugins(entry_points=False)
    assert hooks.disabled == ["dlxh.builtins.analysis"]
    assert "dlxh.builtins.analysis" not in {name for name, _, _ in hooks.plugins()}
