"""The keyword classifier and the Vietnamese similarity used to group opinion items."""

from __future__ import annotations

import pytest

from dlxh.aggregate import (
    FIELD_KEYWORDS,
    classify,
    classify_field,
    classify_tendency,
    group_items,
    similarity,
    syllables,
)
from dlxh.models import OpinionField, Tendency

PA_SO = [
    "Sạt lở đất tại bản Pa So sau mưa lớn",
    "Sạt lở đất tại bản Pa So",
    "Sạt lở đất bản Pa So (báo cáo đột xuất)",
]


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Người dân chưa được cấp sổ đỏ", OpinionField.LAND),
        ("Bồi thường giải phóng mặt bằng chậm", OpinionField.LAND),
        ("Thiếu thuốc bảo hiểm y tế ở bệnh viện huyện", OpinionField.HEALTH),
        ("Học phí năm học mới", OpinionField.EDUCATION),
        ("SẠT LỞ ĐẤT sau mưa lớn", OpinionField.ENVIRONMENT),
        ("Hôm nay trời đẹp", None),
    ],
)
def test_classify_field(text: str, field: OpinionField | None) -> None:
    assert classify_field(text) is field


@pytest.mark.parametrize(
    ("text", "tendency"),
    [
        ("Nhân dân phấn khởi, đồng tình", Tendency.APPROVE),
        ("Nhân dân tán thành và ủng hộ", Tendency.APPROVE),
        ("Người dân bức xúc, phản đối", Tendency.OPPOSE),
        ("Một số hộ không đồng tình với đơn giá", Tendency.OPPOSE),
        ("Cán bộ lớn tuổi băn khoăn, lo lắng", Tendency.HESITANT),
        ("Còn hoài nghi về hiệu quả", Tendency.HESITANT),
        ("Họp chi bộ định kỳ", None),
    ],
)
def test_classify_tendency(text: str, tendency: Tendency | None) -> None:
    assert classify_tendency(text) is tendency


def test_classifier_ignores_tone_placement_and_syllable_fragments() -> None:
    # "hoá"/"hóa" spellings; "thuộc" must not match the keyword "thuốc".
    assert classify_field("Văn hoá truyền thống") is classify_field("Văn hóa truyền thống")
    assert classify_field("Việc này thuộc thẩm quyền") is None
    assert classify("Phản đối thu hồi đất") == (OpinionField.LAND, Tendency.OPPOSE)


def test_keyword_table_is_data() -> None:
    assert "sổ đỏ" in FIELD_KEYWORDS[OpinionField.LAND]
    with pytest.raises(TypeError):
        FIELD_KEYWORDS[OpinionField.OTHER] = ("x",)  # type: ignore[index]


def test_syllables_keep_tone_marks_on_consonants() -> None:
    assert syllables("Đất hoạt động") == syllables("ĐẤT HOẠT ĐỘNG")
    assert len(syllables("Đất hoạt động")) == 3


def test_similarity_bounds_and_symmetry() -> None:
    a, b = PA_SO[0], "Giá điện tăng cao"
    assert similarity(a, a) == pytest.approx(1.0)
    assert similarity(a, b) == similarity(b, a)
    assert 0.0 <= similarity(a, b) < 0.1
    assert similarity("", a) == 0.0
    assert similarity("sat lo dat", "Sạt lở đất", tones=False) > similarity(
        "sat lo dat", "Sạt lở đất"
    )


def test_grouping_same_matter_worded_differently() -> None:
    texts = [*PA_SO, "Giá điện tăng cao", "Tranh chấp đất đai"]
    assert group_items(texts) == [[0, 1, 2], [3], [4]]


def test_different_places_are_different_matters() -> None:
    texts = ["Sạt lở đất tại bản Pa So", "Sạt lở đất tại bản Nậm Cuổi"]
    assert group_items(texts) == [[0], [1]]


def test_different_fields_group_only_when_nearly_identical() -> None:
    texts = ["Giá điện tăng cao", "Giá điện tăng cao, hóa đơn tiền điện", "Giá điện tăng cao"]
    assert group_items(texts) == [[0, 1, 2]]
    labels = ["economy", "environment", "other"]
    # Identical text crosses fields; a merely similar one does not.
    assert group_items(texts, labels=labels) == [[0, 2], [1]]


def test_grouping_is_deterministic_and_validated() -> None:
    texts = [*PA_SO, "Giá điện tăng cao"]
    assert group_items(texts) == group_items(list(texts))
    assert group_items([]) == []
    with pytest.raises(ValueError, match="labels"):
        group_items(texts, labels=["a"])
    with pytest.raises(ValueError, match="threshold"):
        group_items(texts, threshold=1.5)
