"""The hook table of docs/plugins.md gives every hook with its parameters and the signature of
what a plugin registers or returns (a plugin author should not need the source to write one)."""

from __future__ import annotations

import inspect
from pathlib import Path

from dlxh import hookspecs

REGISTERS_CALLABLES = {
    "dlxh_register_metrics",
    "dlxh_register_filters",
    "dlxh_register_check_rules",
    "dlxh_register_importers",
}
PAGE = Path(__file__).resolve().parent.parent / "docs" / "plugins.md"


def _rows() -> dict[str, list[str]]:
    rows = {}
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `dlxh_"):
            cells = [c.strip() for c in line.replace("\\|", "¦").strip("|").split("|")]
            rows[cells[0].strip("`").partition("(")[0]] = cells
    return rows


def test_the_hook_table_gives_every_hook_with_its_signature() -> None:
    rows = _rows()
    specs = {
        name: function
        for name, function in vars(hookspecs).items()
        if name.startswith("dlxh_") and callable(function)
    }
    assert set(rows) == set(specs), "the table and dlxh.hookspecs list different hooks"
    for name, function in specs.items():
        hook, kind, callback, what = rows[name]
        parameters = ", ".join(inspect.signature(function).parameters)
        assert hook == f"`{name}({parameters})`", hook
        registry = name.startswith("dlxh_register_")
        assert kind.startswith("registry") == registry, (name, kind)
        assert ("register(" in callback) if registry else ("->" in callback), (name, callback)
        if name in REGISTERS_CALLABLES:  # what is registered is called: give its signature too
            assert callback.count("->") == 1, (name, callback)
        assert what, name
