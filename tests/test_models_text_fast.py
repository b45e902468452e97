"""The fast paths of loading (printable text, enum identifiers) give what the full checks give."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlxh.models import Breadth, OpinionField, Tendency
from dlxh.models._text import _EDGE_SPACE, _REJECTED_CATEGORIES, clean_text


def reference(value: str, *, multiline: bool = False, strip: bool = True) -> str:
    """clean_text without its fast path: every character looked up in unicodedata."""
    text = unicodedata.normalize("NFC", value)
    if strip:
        text = text.strip(_EDGE_SPACE)
    if multiline:
        lines = re.sub(r"\r\n?", "\n", text).split("\n")
        text = "\n".join(line.rstrip() if strip else line for line in lines)
    allowed = "\n\t" if multiline else ""
    for ch in text:
        if ch not in allowed and (
            unicodedata.category(ch) in _REJECTED_CATEGORIES or ch in "\ufeff\ufffe"
        ):
            raise ValueError(ch)
    return text


SPECIAL = "\n\r\t\x00\x1f\x85\xa0\xad\u0301\u2028\u2029\u200b\u200d\ufeff\ufffe\ue000\U000e0001"
TEXT = st.text(st.sampled_from("aă ẫĐ.-" + SPECIAL) | st.characters(), max_size=30)


@settings(max_examples=400, deadline=None)
@given(TEXT, st.booleans(), st.booleans())
def test_clean_text_agrees_with_the_character_by_character_check(
    value: str, multiline: bool, strip: bool
) -> None:
    try:
        expected: str | None = reference(value, multiline=multiline, strip=strip)
    except ValueError:
        expected = None
    if expected is None:
        with pytest.raises(ValueError, match="not allowed in text"):
            clean_text(value, multiline=multiline, strip=strip)
    else:
        assert clean_text(value, multiline=multiline, strip=strip) == expected


def test_enum_identifiers_and_labels_give_the_same_members() -> None:
    for enum in (OpinionField, Tendency, Breadth):
        for member in enum:
            assert enum.parse(member.value) is member
            assert enum.parse(member.label) is member
            assert enum.parse(member.value.upper()) is member
