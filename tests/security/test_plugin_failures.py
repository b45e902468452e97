"""Plugins that fail: every failure names the plugin, in one line, and the CLI exits non-zero.

Inline plugin classes test the hooks; installed plugins are faked with a ``.dist-info`` folder
on ``sys.path`` (what ``pip install`` leaves), so the entry point machinery runs for real.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import docx
import pytest
from checker_inputs import SAMPLE

from cli_runner import run
from dlxh import CheckError, PluginError, hookimpl, load
from dlxh.check import check
from dlxh.models import Document, OpinionField, OpinionItem
from dlxh.plugins import Hooks, load_plugins
from dlxh.profiles import get_profile

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "documents"
ITEMS = [OpinionItem(title=t, content=t, field="other") for t in ("a a", "b b")]


Install = Callable[..., Path]


def one_line(error: pytest.ExceptionInfo[PluginError]) -> str:
    message = str(error.value)
    assert "\n" not in message and len(message) < 500, message
    return message


# -- installed plugins ------------------------------------------------------------------------
def test_a_plugin_failing_at_import_is_named(dlxh_installed: Install) -> None:
    dlxh_installed(
        "dlxh-broken",
        {"broken": "dlxh_sec_broken"},
        {"dlxh_sec_broken": "raise RuntimeError('missing\\nsetting DLXH_X')\n"},
    )
    with pytest.raises(PluginError) as caught:
        load_plugins(entry_points=True)
    assert one_line(caught) == (
        "entry point 'broken' of dlxh-broken 1.2.3 (module dlxh_sec_broken) failed to import: "
        "RuntimeError: missing setting DLXH_X"
    )
    code, out, err = run("plugins")
    assert code != 0 and "failed to import" in err and "Traceback" not in err + out
    assert err.count("\n") == 1
    code, out, err = run("check", "whatever.docx")
    assert code == 2 and "dlxh-broken" in err and err.count("\n") == 1


def test_the_command_line_names_a_broken_plugin_in_one_line(
    tmp_path: Path, dlxh_installed: Install
) -> None:
    """The real console script in a fresh process, as a user runs it."""
    site = dlxh_installed(
        "dlxh-exits",
        {"exits": "dlxh_sec_exits"},
        {"dlxh_sec_exits": "import sys\nsys.exit(3)\n"},
    )
    environment = {**os.environ, "PYTHONPATH": str(site)}
    environment.pop("DLXH_NO_ENTRY_POINTS", None)
    command = [sys.executable, "-m", "dlxh", "check", str(tmp_path / "x.docx")]
    done = subprocess.run(
        command, check=False, capture_output=True, text=True, env=environment, timeout=60
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        "error: entry point 'exits' of dlxh-exits 1.2.3 (module dlxh_sec_exits) failed to "
        "import: SystemExit: 3"
    ]


def test_disabling_takes_the_module_or_the_entry_point_name(
    dlxh_installed: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = dlxh_installed(
        "dlxh-house",
        {"house": "dlxh_sec_house.rules:Plugin", "broken": "dlxh_sec_fails"},
        {"dlxh_sec_fails": "raise ImportError('no')\n"},
    )
    (site / "dlxh_sec_house").mkdir()
    (site / "dlxh_sec_house" / "__init__.py").write_text("")
    (site / "dlxh_sec_house" / "rules.py").write_text("raise ImportError('never imported')\n")
    for names in (
        "dlxh_sec_fails,dlxh_sec_house.rules",  # modules
        "broken,house",  # entry point names
        "dlxh_sec_fails,dlxh_sec_house",  # a package holding the module
    ):
        monkeypatch.setenv("DLXH_DISABLE_PLUGINS", names)
        hooks = load_plugins(entry_points=True)
        assert sorted(hooks.disabled) == sorted(names.split(","))
        assert not {"house", "broken"} & {name for name, _, _ in hooks.plugins()}
    monkeypatch.setenv("DLXH_DISABLE_PLUGINS", "dlxh_sec_fails")
    with pytest.raises(PluginError, match=r"'house' of dlxh-house .*never imported"):
        load_plugins(entry_points=True)


def test_two_distributions_claiming_one_plugin_name_are_both_named(
    dlxh_installed: Install,
) -> None:
    module = "from dlxh import hookimpl\n"
    dlxh_installed("dlxh-first", {"same": "dlxh_sec_first"}, {"dlxh_sec_first": module})
    dlxh_installed("dlxh-second", {"same": "dlxh_sec_second"}, {"dlxh_sec_second": module})
    with pytest.raises(PluginError) as caught:
        load_plugins(entry_points=True)
    message = one_line(caught)
    assert "dlxh-first" in message and "dlxh-second" in message


def test_an_installed_rule_that_raises_names_its_plugin_in_dlxh_check(
    dlxh_installed: Install, tmp_path: Path
) -> None:
    source = (
        "from dlxh import hookimpl\n"
        "def strict(context):\n"
        "    raise KeyError('style')\n"
        "@hookimpl\n"
        "def dlxh_register_check_rules(register):\n"
        "    register(strict)\n"
    )
    dlxh_installed("dlxh-strict", {"strict": "dlxh_sec_strict"}, {"dlxh_sec_strict": source})
    document = tmp_path / "a.docx"
    document.write_bytes(SAMPLE)
    code, out, err = run("check", str(document))
    assert code == 2 and "Traceback" not in out + err
    assert err.strip() == (
        "error: plugin 'strict' failed in the check rule 'strict': KeyError: 'style'"
    )


# -- hooks that raise -------------------------------------------------------------------------
def _raise(*args: Any) -> Any:
    raise ZeroDivisionError("boom")


DOCUMENT = load(EXAMPLES / "03-bao-cao-ubnd-xa.yaml", Document)
CALLS: dict[str, tuple[Callable[..., Any], Callable[[Hooks], Any]]] = {
    "dlxh_register_metrics": (lambda self, register: _raise(), Hooks.metrics),
    "dlxh_register_filters": (lambda self, register: _raise(), Hooks.filters),
    "dlxh_register_importers": (lambda self, register: _raise(), Hooks.importers),
    "dlxh_register_profiles": (lambda self, register: _raise(), Hooks.profiles),
    "dlxh_register_check_rules": (lambda self, register: _raise(), Hooks.check_rules),
    "dlxh_register_templates": (lambda self, register: _raise(), Hooks.template_dirs),
    "dlxh_classify_field": (lambda self, text: _raise(), lambda h: h.classify("x")),
    "dlxh_classify_tendency": (lambda self, text: _raise(), lambda h: h.classify("x")),
    "dlxh_detect_hotspot": (lambda self, item: _raise(), lambda h: h.is_hotspot(ITEMS[0])),
    "dlxh_group_items": (lambda self, items: _raise(), lambda h: h.group(ITEMS)),
    "dlxh_render_document": (
        lambda self, document, docx: _raise(),
        lambda h: h.postprocess(DOCUMENT, docx.Document()),
    ),
}


@pytest.mark.parametrize("hook", list(CALLS))
def test_a_hook_that_raises_is_named(hook: str, dlxh_plugins: Callable[..., Hooks]) -> None:
    implementation, call = CALLS[hook]
    plugin = type("Raiser", (), {hook: hookimpl(implementation)})()
    with pytest.raises(PluginError) as caught:
        call(dlxh_plugins(plugin))
    assert one_line(caught) == f"plugin 'Raiser' failed in {hook}: ZeroDivisionError: boom"
    assert isinstance(caught.value.__cause__, ZeroDivisionError)


def test_wrappers_are_named_for_their_own_errors_only(dlxh_plugins: Callable[..., Hooks]) -> None:
    class Late:
        @hookimpl(wrapper=True)
        def dlxh_render_document(self, document: Any, docx: Any) -> Generator[None, None, None]:
            yield
            raise ValueError("after the others")

    class Passing:
        @hookimpl(wrapper=True)
        def dlxh_render_document(self, document: Any, docx: Any) -> Generator[None, None, None]:
            yield  # an error from below goes through it

    class Failing:
        @hookimpl
        def dlxh_render_document(self, document: Any, docx: Any) -> None:
            raise OSError("disk")

    with pytest.raises(PluginError, match=r"^plugin 'Late' failed .*ValueError: after the others"):
        dlxh_plugins(Late()).postprocess(DOCUMENT, docx.Document())
    with pytest.raises(PluginError, match=r"^plugin 'Failing' failed .*OSError: disk$"):
        dlxh_plugins(Passing(), Failing()).postprocess(DOCUMENT, docx.Document())
    seen: list[str] = []

    class Working:
        @hookimpl(wrapper=True)
        def dlxh_render_document(self, document: Any, docx: Any) -> Generator[None, None, None]:
            seen.append("before")
            yield
            seen.append("after")

    dlxh_plugins(Working()).postprocess(DOCUMENT, docx.Document())
    assert seen == ["before", "after"]


# -- wrong objects ------------------------------------------------------------------------------
def _registering(hook: str, *args: Any) -> object:
    return type("Wrong", (), {hook: hookimpl(lambda self, register: register(*args))})()


def _no_argument() -> None:
    pass


WRONG = [
    (
        "dlxh_register_metrics",
        ("count", "not a function"),
        Hooks.metrics,
        r"metric 'count' as 'not",
    ),
    ("dlxh_register_metrics", (None, len), Hooks.metrics, r"metric named None; the name must be"),
    ("dlxh_register_filters", ("my-filter", str.upper), Hooks.filters, r"a Jinja name"),
    ("dlxh_register_filters", ("shout", 42), Hooks.filters, r"filter 'shout' as 42, which is not"),
    ("dlxh_register_importers", ("xlsx", len), Hooks.importers, r'a file suffix such as ".xlsx"'),
    ("dlxh_register_profiles", ({"name": "x"},), Hooks.profiles, r"profile that is dict, not a"),
    ("dlxh_register_check_rules", (42,), Hooks.check_rules, r"check rule 42, which is not call"),
    ("dlxh_register_check_rules", (_no_argument,), Hooks.check_rules, r"cannot be called with one"),
    ("dlxh_register_templates", ("/no/such/folder",), Hooks.template_dirs, r"not a directory"),
    ("dlxh_register_templates", (3.5,), Hooks.template_dirs, r"folder that is 3.5, not a path"),
]


@pytest.mark.parametrize(("hook", "args", "call", "pattern"), WRONG)
def test_a_wrong_object_is_refused_naming_the_plugin(
    hook: str,
    args: tuple[Any, ...],
    call: Callable[[Hooks], Any],
    pattern: str,
    dlxh_plugins: Callable[..., Hooks],
) -> None:
    with pytest.raises(PluginError, match=rf"^plugin 'Wrong' registered .*{pattern}") as caught:
        call(dlxh_plugins(_registering(hook, *args)))
    one_line(caught)


def _metric_plugin(name: str) -> object:
    return type(
        name, (), {"dlxh_register_metrics": hookimpl(lambda s, register: register("m", len))}
    )()


def test_duplicates_name_both_plugins(dlxh_plugins: Callable[..., Hooks]) -> None:
    with pytest.raises(PluginError) as caught:
        dlxh_plugins(_metric_plugin("First"), _metric_plugin("Second")).metrics()
    message = one_line(caught)
    assert message.startswith("two plugins register the metric 'm': ")
    assert "'First'" in message and "'Second'" in message
    shadow = get_profile("dang").model_copy()
    with pytest.raises(PluginError, match=r"profile 'dang': 'Wrong' and 'dlxh.builtins.check'"):
        dlxh_plugins(_registering("dlxh_register_profiles", shadow)).profiles()

    def rule(context: Any) -> None:
        pass

    class Twice:
        @hookimpl
        def dlxh_register_check_rules(self, register: Any) -> None:
            register(rule)
            register(rule)

    with pytest.raises(PluginError, match=r"^plugin 'Twice': the check rule .*rule' is registered"):
        dlxh_plugins(Twice()).check_rules()


def test_a_bad_hook_signature_names_the_plugin() -> None:
    class Misnamed:
        @hookimpl
        def dlxh_classify_field(self, txt: str) -> None:  # the argument is "text"
            return None

    with pytest.raises(PluginError, match=r"^plugin 'Misnamed' could not be registered: .*txt"):
        load_plugins([Misnamed()], entry_points=False)


# -- results the host uses ----------------------------------------------------------------------
RESULTS = [
    (
        "dlxh_classify_field",
        lambda self, text: "economy",
        lambda h: h.classify("x"),
        r"returned str 'economy'; expected an OpinionField or None",
    ),
    (
        "dlxh_classify_tendency",
        lambda self, text: 1,
        lambda h: h.classify("x"),
        r"returned int 1; expected a Tendency or None",
    ),
    (
        "dlxh_detect_hotspot",
        lambda self, item: "yes",
        lambda h: h.is_hotspot(ITEMS[0]),
        r"expected True, False or None",
    ),
    (
        "dlxh_group_items",
        lambda self, items: [[0]],
        lambda h: h.group(ITEMS),
        r"every item index exactly once",
    ),
    (
        "dlxh_group_items",
        lambda self, items: [[0, 0], [1]],
        lambda h: h.group(ITEMS),
        r"exactly once",
    ),
    (
        "dlxh_group_items",
        lambda self, items: [[True], [1]],
        lambda h: h.group(ITEMS),
        r"exactly once",
    ),
    (
        "dlxh_group_items",
        lambda self, items: "01",
        lambda h: h.group(ITEMS),
        r"list of lists of item indexes, not str",
    ),
    (
        "dlxh_register_metrics",
        lambda self, register: {"m": len},
        Hooks.metrics,
        r"returned a dict, but this hook's results are ignored",
    ),
]


@pytest.mark.parametrize(("hook", "implementation", "call", "pattern"), RESULTS)
def test_results_are_checked_before_the_host_uses_them(
    hook: str,
    implementation: Callable[..., Any],
    call: Callable[[Hooks], Any],
    pattern: str,
    dlxh_plugins: Callable[..., Hooks],
) -> None:
    plugin = type("Odd", (), {hook: hookimpl(implementation)})()
    with pytest.raises(PluginError, match=rf"^plugin 'Odd': {hook} .*{pattern}") as caught:
        call(dlxh_plugins(plugin))
    one_line(caught)


def test_a_good_answer_still_wins(dlxh_plugins: Callable[..., Hooks]) -> None:
    plugin = type(
        "Good", (), {"dlxh_classify_field": hookimpl(lambda self, text: OpinionField.ECONOMY)}
    )()
    assert dlxh_plugins(plugin).classify("x")[0] is OpinionField.ECONOMY


def test_registered_callables_name_their_plugin_when_they_fail(
    dlxh_plugins: Callable[..., Hooks],
) -> None:
    def broken_rule(context: Any) -> None:
        raise AttributeError("no such paragraph")

    class House:
        @hookimpl
        def dlxh_register_check_rules(self, register: Any) -> None:
            register(broken_rule)

        @hookimpl
        def dlxh_register_metrics(self, register: Any) -> None:
            register("bad", lambda dataset, period, synthesis: {"x": [1]})
            register("raises", lambda dataset, period, synthesis: 1 / 0)

    hooks = dlxh_plugins(House())
    with pytest.raises(
        PluginError, match=r"^plugin 'House' failed in the check rule .*broken_rule'"
    ):
        check(SAMPLE, rules=hooks.check_rules())
    metrics = hooks.metrics()
    with pytest.raises(PluginError, match=r"^plugin 'House': the metric 'bad' returned 'x': list"):
        metrics["bad"](None, None, None)
    with pytest.raises(PluginError, match=r"^plugin 'House' failed in the metric 'raises'"):
        metrics["raises"](None, None, None)


# -- no rules -------------------------------------------------------------------------------------
def test_checking_with_no_rule_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(CheckError, match="no check rules are loaded"):
        check(SAMPLE, rules=[])
    monkeypatch.setenv("DLXH_DISABLE_PLUGINS", "dlxh.builtins.check")
    with pytest.raises(CheckError) as caught:
        check(SAMPLE, rules=load_plugins(entry_points=False).check_rules())
    assert str(caught.value) == (
        "no check rules are loaded: the plugin providing them, dlxh.builtins.check, is disabled "
        "by DLXH_DISABLE_PLUGINS"
    )
    document = tmp_path / "a.docx"
    document.write_bytes(SAMPLE)
    code, out, err = run("check", str(document))
    assert code == 2 and "ok" not in out
    assert err.strip() == f"error: {caught.value}"
    assert run("check", "--format", "json", str(document))[0] == 2
    monkeypatch.setenv("DLXH_DISABLE_PLUGINS", "dlxh.builtins")  # the package of all three
    code, out, err = run("check", str(document))
    assert code == 2 and "dlxh.builtins.check, is disabled by DLXH_DISABLE_PLUGINS (as " in err
