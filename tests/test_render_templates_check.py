"""``dlxh templates check`` never crashes, knows the plugins' filters and the caller's names,
and warns where a template prints an optional field bare."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from cli_runner import run
from dlxh import hookimpl
from dlxh.plugins import load_plugins
from dlxh.render.checks import check_template
from dlxh.templating.template import Template

BASE = Path(__file__).resolve().parent.parent / "templates" / "dang" / "van-ban.docx"


def template(folder: Path, *paragraphs: str | list[str], name: str = "t.docx") -> Path:
    """The shipped Party layout with ``paragraphs`` added (a list: one run per piece)."""
    word = docx.Document(str(BASE))
    for runs in paragraphs:
        paragraph = word.add_paragraph()
        for piece in [runs] if isinstance(runs, str) else runs:
            paragraph.add_run(piece)
    path = folder / name
    word.save(str(path))
    return path


def messages(path: Path, **options: object) -> list[str]:
    return [str(p) for p in check_template(Template.load(path), **options)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("tag", "found"),
    [
        ("{{ issuer_name | nofilter }}", "unknown filter 'nofilter'"),
        ("{% if issuer_name is notatest %}x{% endif %}", "unknown test 'notatest'"),
    ],
)
def test_unknown_filter_is_a_finding_not_a_crash(tmp_path: Path, tag: str, found: str) -> None:
    path = template(tmp_path, tag, "{{ issuer_nam }}")
    code, out, err = run("templates", "check", str(path))
    assert code == 1, err
    assert found in out
    assert "variable 'issuer_nam' is not provided" in out  # the other checks still ran


def test_plugin_filters_are_known(tmp_path: Path) -> None:
    path = template(tmp_path, "{{ issuer_name | so_dien_thoai }}")
    assert any("unknown filter 'so_dien_thoai'" in m for m in messages(path))
    assert messages(path, filters=["so_dien_thoai"]) == []

    class Phones:
        @hookimpl
        def dlxh_register_filters(self, register: object) -> None:
            register("so_dien_thoai", lambda value: value)  # type: ignore[operator]

    filters = load_plugins([Phones()], entry_points=False).filters()
    assert messages(path, filters=filters) == []


def test_own_variables_and_extra_are_known(tmp_path: Path) -> None:
    path = template(tmp_path, "{{ so_ho }} {{ extra.don_vi }} {{ extra['xã'].ten }}")
    problems = messages(path)
    assert any("variable 'so_ho' is not provided" in m for m in problems)
    assert not any("don_vi" in m or "ten" in m for m in problems)  # extra's keys are free
    assert messages(path, extra=["so_ho"]) == []
    code, out, _ = run("templates", "check", str(path), "--var", "so_ho=12")
    assert code == 0 and out.startswith("ok ")


def test_free_data_keeps_refusing_private_and_model_methods(tmp_path: Path) -> None:
    path = template(tmp_path, "{{ extra.__class__ }} {{ so_ho.parse_raw }} {{ document.foo }}")
    problems = messages(path, extra=["so_ho"])
    assert any("'__class__'" in m for m in problems)
    assert any("'parse_raw'" in m for m in problems)
    assert any("'foo'" in m for m in problems)  # document's attributes are still checked


@pytest.mark.parametrize(
    ("tags", "warned"),
    [
        ("{{ document.summary }}", True),
        ("{{ document.summary | upper }}", True),
        ("{{ document.signer.title }}", True),
        ("{% if document.summary %}{{ document.summary }}{% endif %}", False),
        ("{{ document.summary | default('(không có)') }}", False),
        ("{{ document.summary if document.summary else '' }}", False),
        ("{% if document.signer.title %}{{ document.signer.title }}{% endif %}", False),
        ("{% if document.signer %}{{ document.signer.name }}{% endif %}", False),
        ("{{ document.place }}", False),  # a required field
    ],
)
def test_optional_field_without_test_warns(tmp_path: Path, tags: str, warned: bool) -> None:
    found = [m for m in messages(template(tmp_path, tags)) if "prints nothing" in m]
    assert bool(found) is warned, found
    if warned:
        assert found[0].startswith("warning: ")


@pytest.mark.parametrize(
    ("runs", "error"),
    [
        (["{{", " issuer_name ", "}}"], False),
        (["Kính gửi {{", "issuer_name", "}} và"], False),
        (["{{ issuer_", "name }}"], False),
        (["{", "{ issuer_name }}"], True),
        (["{{ issuer_name }", "}"], True),
    ],
)
def test_tag_split_at_delimiters_is_not_an_error(
    tmp_path: Path, runs: list[str], error: bool
) -> None:
    problems = messages(template(tmp_path, runs))
    assert any(m.startswith("error:") and "delimiter split" in m for m in problems) is error
