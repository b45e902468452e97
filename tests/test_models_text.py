"""Text normalisation and Vietnamese-labelled enums, the rules every model field follows."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from dlxh.models import Breadth, OpinionField, OpinionItem, Tendency, clean_text


def item(**changes: object) -> OpinionItem:
    data: dict[str, object] = {"title": "Giá điện tăng", "content": "Nội dung", "field": "economy"}
    data.update(changes)
    return OpinionItem.model_validate(data)


def test_decomposed_input_is_stored_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Hòa Bình")
    assert nfd != "Hòa Bình"
    assert item(title=nfd).title == "Hòa Bình"


def test_text_is_stripped_and_multiline_keeps_lines() -> None:
    got = item(title="  Giá điện  ", content="Dòng một  \r\nDòng hai\t\n").content
    assert got == "Dòng một\nDòng hai"
    assert item(title="  Giá điện  ").title == "Giá điện"


@pytest.mark.parametrize(
    ("bad", "fragment"),
    [
        ("a\x00b", "U+0000"),
        ("Giá\x07", "control character U+0007 at position 3"),
        ("x\x85y", "U+0085"),
        ("x\u2028y", "U+2028 LINE SEPARATOR"),
        ("one\ntwo", "line break U+000A"),
    ],
)
def test_control_characters_are_rejected_with_their_name(bad: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        item(title=bad)
    error = info.value.errors()[0]
    assert error["loc"] == ("title",)
    assert fragment in error["msg"]


def test_blank_text_is_rejected() -> None:
    with pytest.raises(ValidationError, match="must not be empty"):
        item(title="   ")


def test_clean_text_allows_tabs_only_in_multiline() -> None:
    assert clean_text("a\tb", multiline=True) == "a\tb"
    with pytest.raises(ValueError, match="U\\+0009"):
        clean_text("a\tb")


@pytest.mark.parametrize(
    "spelling",
    ["approve", "APPROVE", "tán thành", "TÁN THÀNH", unicodedata.normalize("NFD", "tán thành")],
)
def test_enum_accepts_identifier_name_and_vietnamese_label(spelling: str) -> None:
    assert item(tendency=spelling).tendency is Tendency.APPROVE


def test_enum_accepts_an_unambiguous_part_of_the_label() -> None:
    from dlxh.models import Intensity, UnitLevel

    assert UnitLevel("xã") is UnitLevel.COMMUNE
    assert UnitLevel("Phường") is UnitLevel.COMMUNE
    assert Tendency("lo lắng") is Tendency.HESITANT
    assert Intensity("bức xúc") is Intensity.HIGH
    assert UnitLevel("huyện") is UnitLevel.DISTRICT
    assert UnitLevel("thành phố") is UnitLevel.PROVINCE


def test_a_bare_khac_names_the_member_labelled_khac() -> None:
    from dlxh.models import SourceChannel

    assert OpinionField("khác") is OpinionField.OTHER  # what forms and reports write
    assert SourceChannel("khác") is SourceChannel.OTHER
    with pytest.raises(ValueError, match="khác"):
        Tendency("khác")  # no member labelled "... khác"


def test_enum_accepts_declared_short_forms() -> None:
    from dlxh.models import EventKind

    assert EventKind("giao ban") is EventKind.BRIEFING
    assert EventKind("Đối thoại") is EventKind.DIALOGUE
    assert EventKind.BRIEFING.spellings == ("giao ban",)


def test_enum_error_lists_allowed_values_and_the_input() -> None:
    with pytest.raises(ValidationError) as info:
        item(field="chinh tri")
    message = info.value.errors()[0]["msg"]
    assert "expected one of: politics (chính trị), economy (kinh tế)" in message
    assert message.endswith("got 'chinh tri'")


def test_every_enum_member_has_a_vietnamese_label() -> None:
    from dlxh import models

    base = models.LabeledEnum
    exported = [getattr(models, name) for name in models.__all__]  # loads the lazy exports
    enums = [
        obj
        for obj in exported
        if isinstance(obj, type) and issubclass(obj, base) and obj is not base
    ]
    assert len(enums) >= 15
    for enum in enums:
        for member in enum:
            assert member.label and member.label != member.value, (enum, member)


def test_labels_and_schema_annotations() -> None:
    assert OpinionField.LAND.label == "đất đai"
    schema = OpinionItem.model_json_schema()["$defs"]["Tendency"]
    assert schema["x-labels"]["oppose"] == "phản đối"
    # Input may use the Vietnamese labels, so the validation schema lists them too ...
    assert schema["enum"][:3] == ["approve", "tán thành", "ủng hộ"]
    assert "phản đối" in schema["enum"]
    # ... while output always uses the identifiers.
    output = OpinionItem.model_json_schema(mode="serialization")["$defs"]["Tendency"]
    assert output["enum"] == ["approve", "oppose", "hesitant", "undecided"]


def test_breadth_compares_by_how_widely_shared() -> None:
    assert Breadth.OVERWHELMING > Breadth.MAJORITY > Breadth.MANY > Breadth.SOME
    assert max([Breadth.SOME, Breadth.MAJORITY, Breadth.MANY]) is Breadth.MAJORITY
    assert Breadth.SOME.rank == 0


# -- property-based: any text, any position of a bad character -------------------------------


CONTROL = st.sampled_from(
    [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85, 0x9F)]
)


@given(st.text(min_size=1, max_size=30), CONTROL, st.integers(0, 30))
def test_any_control_character_anywhere_is_rejected(text: str, bad: str, where: int) -> None:
    position = min(where, len(text))
    with pytest.raises(ValidationError) as info:
        item(title=text[:position] + bad + text[position:])
    assert info.value.errors()[0]["loc"] == ("title",)


VIETNAMESE_WORDS = st.lists(
    st.sampled_from(["Hòa", "Thủy", "Nguyễn", "Đặng", "Ân", "luận", "xã hội", "Quý", "ược", "ỷ"]),
    min_size=1,
    max_size=6,
).map(" ".join)


@given(VIETNAMESE_WORDS, st.sampled_from(["NFD", "NFC", "NFKD"]))
def test_any_normal_form_is_stored_as_nfc(words: str, form: str) -> None:
    stored = item(title=unicodedata.normalize(form, words)).title
    assert stored == unicodedata.normalize("NFC", words)
    assert unicodedata.is_normalized("NFC", stored)


def test_the_written_out_space_separators_are_unicodes() -> None:
    from dlxh.models._text import SPACE_SEPARATORS

    computed = "".join(c for c in map(chr, range(0x110000)) if unicodedata.category(c) == "Zs")
    assert computed == SPACE_SEPARATORS
