"""Numbers and bullets the user already typed are written once, not twice ("I. I. MỤC ĐÍCH")."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest

import dlxh
from dlxh import InputError
from dlxh.models import Document
from dlxh.render import render_document
from dlxh.render.leading import strip_bullet, strip_typed_number

EXAMPLE = (
    Path(__file__).resolve().parent.parent / "examples" / "documents" / "03-bao-cao-ubnd-xa.yaml"
)
_BASE = dlxh.load(EXAMPLE, Document)


def rendered_lines(body: list[dict[str, Any]], profile: str | None = None) -> list[str]:
    document = dlxh.validate(Document, {**_BASE.model_dump(), "body": body})
    word = docx.Document(io.BytesIO(render_document(document, profile=profile, hooks=False)))
    return [p.text for p in word.paragraphs]


def heading(level: int, text: str) -> dict[str, Any]:
    return {"type": "heading", "level": level, "text": text}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ([heading(1, "I. Mục đích")], "I. MỤC ĐÍCH"),
        ([heading(1, "I- Mục đích")], "I. MỤC ĐÍCH"),
        ([heading(1, "I) Mục đích")], "I. MỤC ĐÍCH"),
        ([heading(1, "A"), heading(1, "II. Yêu cầu")], "II. YÊU CẦU"),
        ([heading(2, "1. Tình hình chung")], "1. Tình hình chung"),
        ([heading(2, "1) Tình hình chung")], "1. Tình hình chung"),
        ([heading(3, "a) Ở cơ sở")], "a) Ở cơ sở"),
        ([{"type": "bullets", "items": ["- ý kiến thứ nhất"]}], "- ý kiến thứ nhất"),
        ([{"type": "bullets", "items": ["• ý kiến", "ý kiến khác"]}], "- ý kiến"),
        ([{"type": "bullets", "marker": "+", "items": ["+ ý kiến"]}], "+ ý kiến"),
        ([{"type": "numbered", "items": ["1. Thứ nhất", "2. Thứ hai"]}], "2. Thứ hai"),
        ([{"type": "numbered", "items": ["Thứ nhất", "2) Thứ hai"]}], "2. Thứ hai"),
        ([{"type": "numbered", "style": "letter", "items": ["a) Một"]}], "a) Một"),
    ],
)
def test_typed_numbers_are_not_doubled(body: list[dict[str, Any]], expected: str) -> None:
    lines = rendered_lines(body)
    assert any(line.startswith(expected) for line in lines), lines  # the last ends in "./."
    assert not any(
        line.startswith(("I. I.", "II. II.", "1. 1.", "a) a)", "- -", "2. 2.")) for line in lines
    )


def test_the_party_separator_is_the_same_number() -> None:
    lines = rendered_lines(
        [heading(1, "I. Mục đích"), heading(2, "1. Yêu cầu")], profile="dang@2018"
    )
    assert any(line.endswith("MỤC ĐÍCH") and line.count("I") == 1 for line in lines)
    assert not any("1. 1" in line or "1- 1" in line for line in lines)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            [heading(1, "II. Mục đích")],
            "heading 'II. Mục đích': the text starts with 'II.', but the renderer numbers it 'I.'",
        ),
        (
            [heading(2, "3. Tình hình")],
            "the text starts with '3.', but the renderer numbers it '1.'",
        ),
        ([heading(3, "b) Ở cơ sở")], "the text starts with 'b)', but the renderer numbers it 'a)'"),
        ([{"type": "numbered", "items": ["Một", "3. Ba"]}], "item 2 of a numbered list, '3. Ba'"),
    ],
)
def test_a_different_typed_number_is_refused(body: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(InputError) as caught:
        rendered_lines(body)
    assert message in str(caught.value)
    assert "set label:" in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "Mục đích",
        "2026. Năm của chuyển đổi số",  # a year, not a number of the scheme
        "V.v phối hợp",  # no space after the separator
        "a - b",  # a word and a dash
        "1.2. Nội dung",  # a decimal scheme, left as typed
    ],
)
def test_text_without_a_typed_number_is_kept(text: str) -> None:
    assert strip_typed_number(text, "I.", "heading") == text
    assert strip_typed_number(text, "1.", "heading") == text


def test_own_numbers_are_kept_when_not_numbered() -> None:
    body = [{"type": "heading", "level": 1, "text": "II. Mục đích", "numbered": False}]
    assert "II. MỤC ĐÍCH./." in rendered_lines(body)


def test_bullet_strips_one_marker_only() -> None:
    assert strip_bullet("- - ý kiến") == "- ý kiến"
    assert strip_bullet("-5 độ C") == "-5 độ C"  # a negative number, not a bullet
