"""Format profiles: the data files, their rules, user profiles that extend them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dlxh import DataValidationError, InputError, NotFoundError
from dlxh.models import Document
from dlxh.profiles import (
    FormatProfile,
    available_profiles,
    get_profile,
    load_profile,
    register_profile,
    unregister_profile,
)
from dlxh.profiles.model import REQUIRED_RULES
from dlxh.render import render_document
from docx_inspect import open_docx, pt


@pytest.mark.parametrize("name", ["nha-nuoc", "dang"])
def test_builtin_profiles_are_complete_and_sourced(name: str) -> None:
    profile = get_profile(name)
    assert set(profile.rules) >= REQUIRED_RULES
    for key, rule in profile.rules.items():
        assert rule.source and rule.description, key
        assert rule.allows(rule.default), key
        assert key.split(".")[0] == rule.component, key


def test_state_profile_carries_decree_30_numbers() -> None:
    profile = get_profile("nha-nuoc")
    margins = {
        side: profile.rule(f"page.margin_{side}_mm") for side in ("top", "bottom", "left", "right")
    }
    assert [(r.min, r.max) for r in margins.values()] == [(20, 25), (20, 25), (30, 35), (15, 20)]
    assert profile.rule("national_title.size_pt").describe_range() == "12-13 pt"
    assert profile.rule("recipients.size_pt").default == 11
    assert profile.text("number.prefix") == "Số:"
    assert all(
        rule.confirmed
        for key, rule in profile.rules.items()
        if key not in {"header.left_width_mm", "page.landscape_binding", "appendix.rule_mm"}
    )
    # Phụ lục III: the models end the body with "./." (Mẫu 1.4, 1.5); the indent is 1 or 1.27 cm
    assert profile.rule("body.end_mark").confirmed
    assert profile.rule("body.first_line_indent_mm").allowed == [10, 12.7]
    assert profile.rule("header.left_width_mm").max == 70


def test_party_profile_marks_unconfirmed_facts() -> None:
    profile = get_profile("dang@2018")
    assert profile.rule("issuer.star").confirmed and profile.flag("issuer.star")
    assert profile.rule("number.prefix").confirmed and profile.text("number.prefix") == "Số"
    assert not profile.rule("page.margin_left_mm").confirmed
    assert profile.text("recipients.label_style") == "underline"
    assert profile.text("body.end_mark") == "."


def test_user_profile_extends_a_builtin(tmp_path: Path) -> None:
    file = tmp_path / "lai-chau.yaml"
    file.write_text(
        "name: lai-chau\nversion: '2026.1'\ntitle: Văn phong Tỉnh ủy Lai Châu\nextends: dang\n"
        "rules:\n  body.size_pt: {default: 15}\n"
        "  page.margin_left_mm: {default: 30, min: 25, max: 35, description: Lề trái,"
        " source: Quy định nội bộ, confirmed: false, component: page, unit: mm}\n",
        encoding="utf-8",
    )
    profile = load_profile(file)
    assert profile.name == "lai-chau" and profile.regime.value == "dang"
    assert profile.number("body.size_pt") == 15
    assert profile.rule("body.size_pt").source == get_profile("dang").rule("body.size_pt").source
    document = Document.model_validate(
        {
            "profile": "nha-nuoc",
            "type": "bao_cao",
            "issuer": {"name": "BAN A", "code": "BA"},
            "place": "Lai Châu",
            "date": "2026-03-02",
            "body": [{"type": "paragraph", "text": "Nội dung báo cáo."}],
        }
    )
    rendered = open_docx(render_document(document, profile=file))
    body = next(p for p in rendered.paragraphs if p.text.startswith("Nội dung"))
    assert pt(rendered, body, body.runs[0]) == 15
    number = rendered.tables[0].cell(1, 0).paragraphs[0].text
    assert number == "Số " + "\u00a0" * 6 + "-BC/BA"  # a Party-style draft number, left blank
    register_profile(profile)
    try:
        assert "lai-chau" in available_profiles()
        assert get_profile("lai-chau") is profile
        with pytest.raises(ValueError, match="already available"):
            register_profile(profile)
    finally:
        unregister_profile("lai-chau")
    assert "lai-chau" not in available_profiles()


def test_bad_profiles_are_reported(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "name: x\nversion: '1'\ntitle: t\nextends: dang\nrules:\n  body.size_pt: {default: 40}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataValidationError, match=r"rules\.body\.size_pt: default 40 is outside"):
        load_profile(broken)
    lacking = tmp_path / "lacking.yaml"
    lacking.write_text(
        "name: x\nversion: '1'\nregime: dang\ntitle: t\nsource: s\nrules: {}\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"lacks required rules: body\.end_mark"):
        load_profile(lacking)
    with pytest.raises(NotFoundError, match="unknown profile 'nope'"):
        get_profile("nope")
    with pytest.raises(ValueError, match="already available"):
        register_profile(get_profile("dang"))
    assert isinstance(get_profile("dang"), FormatProfile)


@pytest.mark.parametrize(
    ("yaml_text", "error", "message"),
    [
        ("rules:\n  body.size_pt: {default: 40}\n", DataValidationError, "40 is outside 13-14 pt"),
        (
            "rules:\n  body.size_pt: {default: mười lăm}\n",
            DataValidationError,
            "'mười lăm' must be a number (13-14 pt)",
        ),
        (
            "rules:\n  body.sise_pt: {default: 14}\n",
            DataValidationError,
            "did you mean 'body.size_pt'",
        ),
    ],
)
def test_house_style_mistakes_are_explained(
    tmp_path: Path, yaml_text: str, error: type[Exception], message: str
) -> None:
    file = tmp_path / "house.yaml"
    file.write_text(f"name: house\nextends: nha-nuoc\n{yaml_text}", encoding="utf-8")
    with pytest.raises(error, match=re.escape(message)):
        load_profile(file)


def test_unknown_parent_names_the_profile_file(tmp_path: Path) -> None:
    file = tmp_path / "house.yaml"
    file.write_text("name: house\nextends: ubnd\n", encoding="utf-8")
    with pytest.raises(NotFoundError, match=r"house\.yaml: extends: unknown profile 'ubnd'"):
        load_profile(file)
