"""The API does what the CLI does for profiles and rules: installed plugins are used by default.

An installed plugin (faked for one test with ``dlxh_installed``) registers a ``cao-bang`` house
style and a check rule; ``render_document``, ``dlxh.check`` and ``dlxh templates build`` find
them without being told, ``hooks=False`` does not, and every "unknown profile" message lists
them and suggests the name meant.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import dlxh
from cli_runner import run
from dlxh import NotFoundError, load
from dlxh.check import BUILTIN_RULES
from dlxh.models import Document
from dlxh.profiles import get_profile
from dlxh.render import render_document

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "documents"
DOCUMENT = EXAMPLE / "01-huong-dan-dlxh-2026.yaml"

_PLUGIN = """
from dlxh import hookimpl
from dlxh.profiles import load_profile

def marker(context):
    context.report("caobang.marker", "seen by the Cao Bằng rule", "document",
                   confirmed=True, component="body")

@hookimpl
def dlxh_register_profiles(register):
    register(load_profile({path!r}))

@hookimpl
def dlxh_register_check_rules(register):
    register(marker)
"""


@pytest.fixture
def cao_bang(tmp_path: Path, dlxh_installed: Callable[..., Path]) -> None:
    """An installed plugin with the ``cao-bang`` profile (a house style on ``dang``) and a rule."""
    house = tmp_path / "cao-bang.yaml"
    house.write_text("name: cao-bang\nextends: dang\n", encoding="utf-8")
    source = _PLUGIN.format(path=str(house))
    dlxh_installed("dlxh-caobang", {"caobang": "dlxh_t_caobang"}, {"dlxh_t_caobang": source})


def _document() -> Document:
    return load(DOCUMENT, Document)


@pytest.mark.usefixtures("cao_bang")
def test_render_document_finds_an_installed_plugins_profile() -> None:
    data = render_document(_document(), profile="cao-bang", base_dir=EXAMPLE)
    assert dlxh.check(data, "cao-bang").profile == "cao-bang"
    assert render_document(_document(), profile="Cao-Bang", base_dir=EXAMPLE)  # any case
    with pytest.raises(NotFoundError, match="cao-bang") as caught:
        render_document(_document(), profile="cao-bang", hooks=False)
    assert "not used here" in str(caught.value)


@pytest.mark.usefixtures("cao_bang")
def test_check_runs_installed_plugin_rules() -> None:
    data = render_document(_document(), base_dir=EXAMPLE, hooks=False)
    assert "caobang.marker" in {f.rule for f in dlxh.check(data).findings}
    assert "caobang.marker" not in {f.rule for f in dlxh.check(data, hooks=False).findings}
    assert "caobang.marker" not in {f.rule for f in dlxh.check(data, rules=BUILTIN_RULES).findings}
    assert dlxh.check(data, "CAO-BANG").profile == "cao-bang"
    with pytest.raises(NotFoundError, match="cao-bang"):
        dlxh.check(data, "cao-bang", hooks=False)


@pytest.mark.usefixtures("cao_bang")
def test_templates_build_knows_plugin_profiles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("templates", "build", "--profile", "Cao-Bang")
    assert code == 0, err
    built = sorted(p.name for p in (tmp_path / "templates" / "cao-bang").glob("*.docx"))
    assert built and "van-ban.docx" in built, out


@pytest.mark.usefixtures("cao_bang")
@pytest.mark.parametrize("typed", ["dnag", "Dnag", "dangg"])
def test_unknown_profile_message_lists_plugin_profiles_and_suggests(typed: str) -> None:
    with pytest.raises(NotFoundError) as caught:
        render_document(_document(), profile=typed)
    message = str(caught.value)
    assert "did you mean 'dang'?" in message
    assert message.index("nha-nuoc") < message.index("dang (dang@2018") < message.index("cao-bang")
    code, _, err = run("render", str(DOCUMENT), "-o", "x.docx", "--profile", typed)
    assert code == 2 and "did you mean 'dang'?" in err and "cao-bang" in err
    code, _, err = run("check", str(DOCUMENT), "--profile", typed)
    assert code == 2 and "did you mean 'dang'?" in err and "cao-bang" in err


@pytest.mark.usefixtures("cao_bang")
def test_get_profile_names_the_plugins_profiles_it_does_not_use() -> None:
    with pytest.raises(NotFoundError, match="installed plugins also give cao-bang, not used here"):
        get_profile("cao-bang")


@pytest.mark.parametrize(
    ("typed", "ref"),
    [("DANG", "dang@2026"), ("Nha-Nuoc", "nha-nuoc@2020.1"), ("DANG@2018", "dang@2018")],
)
def test_profile_names_are_read_in_any_case(typed: str, ref: str) -> None:
    assert get_profile(typed).ref == ref
    data = render_document(_document(), profile=typed, base_dir=EXAMPLE, hooks=False)
    assert dlxh.check(data, typed, hooks=False).profile == ref.partition("@")[0]


def test_a_far_name_gets_no_suggestion() -> None:
    with pytest.raises(NotFoundError) as caught:
        get_profile("ubnd")
    assert "did you mean" not in str(caught.value)
    assert str(caught.value).startswith("unknown profile 'ubnd'; available: nha-nuoc, dang (")
