"""The keyword classifier's cold start: hints, neutral phrases, title weight, margin, negation.

Every text here is invented for the test (no real person or place is meant).
"""

from __future__ import annotations

import pytest

from dlxh.aggregate.classify import (
    FIELD_DOMINANCE,
    FIELD_HINTS,
    FIELD_KEYWORDS,
    FIELD_MARGIN,
    TITLE_WEIGHT,
    classify_field,
    classify_tendency,
    field_matches,
    field_scores,
    tendency_matches,
    tendency_scores,
)
from dlxh.aggregate.keywords import (
    FIELD_NEUTRAL,
    FIELD_WEAK_KEYWORDS,
    TENDENCY_HINTS,
    TENDENCY_KEYWORDS,
)
from dlxh.models import OpinionField, Tendency

# The ambiguous words named by the issue, each with a text where it is the only evidence and a
# text where a specific keyword of its field settles the matter.
AMBIGUOUS = [
    ("giá", "Giá tăng\nMột số mặt hàng giá tăng.", "Giá xăng dầu tăng\nGiá tăng.", "economy"),
    (
        "thuốc",
        "Chuyện thuốc\nNgười dân mua thuốc.",
        "Thiếu thuốc\nTrạm y tế thiếu thuốc.",
        "health",
    ),
    ("chùa", "Đi chùa\nNhiều người đi chùa.", "Lễ hội chùa Non\nLễ hội ở chùa.", "culture_society"),
    (
        "biển đông",
        "Biển Đông\nTin tức biển Đông.",
        "Chủ quyền biển đảo\nỦng hộ bảo vệ chủ quyền biển đảo, tình hình biển Đông.",
        "foreign_affairs",
    ),
    ("sinh viên", "Sinh viên\nSinh viên năm nhất.", "Học phí\nSinh viên lo học phí.", "education"),
    ("dự thảo", "Dự thảo\nGóp ý dự thảo.", "Dự thảo\nGóp ý dự thảo hiến pháp.", "politics"),
    ("thủy điện", "Thủy điện\nThủy điện Nậm Ưng.", "Xả lũ\nThủy điện xả lũ.", "environment"),
]


@pytest.mark.parametrize(("word", "alone", "settled", "field"), AMBIGUOUS)
def test_an_ambiguous_word_no_longer_decides_alone(
    word: str, alone: str, settled: str, field: str
) -> None:
    assert not any(word in words for words in FIELD_KEYWORDS.values())
    assert any(word in words for words in FIELD_HINTS.values())
    assert classify_field(alone) is None, field_matches(alone)
    # Next to a keyword of its field it still counts, so the board sees it in the explanation.
    assert classify_field(settled) is OpinionField(field)
    assert word in " ".join(field_matches(settled)[OpinionField(field)])


def test_thac_mac_is_no_hesitation_on_its_own() -> None:
    assert "thắc mắc" in TENDENCY_HINTS[Tendency.HESITANT]
    assert classify_tendency("Học sinh thắc mắc về lịch học") is None
    assert classify_tendency("Cô giáo giải đáp thắc mắc, còn băn khoăn thì hỏi lại") is (
        Tendency.HESITANT
    )
    assert tendency_matches("Giải đáp thắc mắc của phụ huynh") == {}
    assert classify_tendency("Nhân dân băn khoăn, thắc mắc về mức hỗ trợ") is Tendency.HESITANT


def test_a_neutral_phrase_hides_its_syllables() -> None:
    assert "mạng xã hội" in FIELD_NEUTRAL
    # "môi trường" would be a hint of the environment; in "môi trường đầu tư" it is not.
    text = "Cải thiện môi trường đầu tư\nÔ nhiễm không phải chuyện của bài này."
    assert "môi trường" not in field_matches(text).get(OpinionField.ENVIRONMENT, [])
    assert field_scores("Đưa đi cấp cứu\nNạn nhân được đưa vào bệnh viện.") == {}


def test_the_title_weighs_more_than_the_content() -> None:
    body = "Nhân dân phản ánh học phí tăng và viện phí tăng."
    assert classify_field(f"Chuyện ở xã\n{body}") is None  # two fields, equal in the content
    assert classify_field(f"Học phí năm học mới\n{body}") is OpinionField.EDUCATION
    assert classify_field(f"Bệnh viện huyện\n{body}") is OpinionField.HEALTH
    scores = field_scores(f"Học phí\n{body}")
    assert scores[OpinionField.EDUCATION] == 2 * TITLE_WEIGHT + 2
    # A one-line text has no title to weigh: it is all content.
    assert field_scores("Học phí tăng") == {OpinionField.EDUCATION: 2}


def test_an_answer_needs_a_margin_over_the_runner_up() -> None:
    text = "Ý kiến\nHọc phí tăng, viện phí tăng, thiếu thuốc ở trạm y tế."
    assert field_scores(text) == {OpinionField.HEALTH: 2 + 2 + 3, OpinionField.EDUCATION: 2}
    assert classify_field(text) is OpinionField.HEALTH
    assert classify_field(text, margin=6) is None
    even = "Ý kiến\nHọc phí tăng, viện phí tăng."
    assert classify_field(even) is None  # a tie is no answer
    assert FIELD_MARGIN >= 1
    assert classify_field("Ý kiến\nHọc phí tăng.", min_score=3) is None
    with pytest.raises(ValueError, match="margin"):
        classify_field(text, margin=0)


def test_explanations_name_the_keywords_in_text_order() -> None:
    text = "Giá đất tăng\nGiá đất và giá nhà ở khu đô thị mới"
    assert field_matches(text) == {
        OpinionField.LAND: ["giá đất", "giá đất", "giá nhà", "khu đô thị"]
    }
    assert field_scores(text) == {OpinionField.LAND: 2 * TITLE_WEIGHT + 2 + 2 + 3}


@pytest.mark.parametrize(
    ("text", "tendency"),
    [
        ("Nhân dân không hài lòng với thái độ phục vụ", Tendency.OPPOSE),
        ("Người dân chưa hài lòng về tiến độ", Tendency.OPPOSE),
        ("Bà con chẳng mấy hài lòng", Tendency.OPPOSE),
        ("Cử tri chưa thực sự đồng tình", Tendency.OPPOSE),
        ("Không có gì không hài lòng về cán bộ một cửa", Tendency.APPROVE),
        ("Không có ý kiến phản đối", Tendency.APPROVE),
        ("Người dân không còn lo lắng", Tendency.APPROVE),
        ("Không ít người lo lắng", Tendency.HESITANT),  # "không ít" = many, no negation
        ("Không khí phấn khởi, đồng tình", Tendency.APPROVE),
        ("Chưa tin tưởng vào lời hứa", Tendency.HESITANT),  # the listed form wins
    ],
)
def test_negation(text: str, tendency: Tendency) -> None:
    assert classify_tendency(text) is tendency, tendency_matches(text)


def test_negation_is_explained_and_stops_at_punctuation() -> None:
    assert tendency_matches("Không có gì không hài lòng") == {
        Tendency.APPROVE: ["không … không hài lòng"]
    }
    # The comma ends the clause: "không" does not reach "đồng tình".
    assert tendency_scores("Không, bà con đồng tình") == {Tendency.APPROVE: 2}
    assert "không hài lòng" in TENDENCY_KEYWORDS[Tendency.OPPOSE]


def test_mixed_tendencies_without_a_lead_are_no_answer() -> None:
    assert classify_tendency("Cơ bản đồng tình, song còn băn khoăn") is None
    assert classify_tendency("Đồng tình, ủng hộ, song còn băn khoăn") is Tendency.APPROVE


def test_a_weak_keyword_needs_the_title_or_a_second_cue() -> None:
    # Who or where, not what: a pupil hurt on the way home is no education matter.
    assert "học sinh" in FIELD_WEAK_KEYWORDS[OpinionField.EDUCATION]
    assert not any("học sinh" in words for words in FIELD_KEYWORDS.values())
    content = "Một học sinh bị ngã xe trên đường về nhà, được người dân giúp đỡ."
    assert field_scores(f"Chuyện trên đường\n{content}") == {}
    assert classify_field(f"Chuyện trên đường\n{content}") is None
    # In the title it names the matter.
    title = f"Học sinh đi học về muộn\n{content}"
    assert field_scores(title) == {OpinionField.EDUCATION: 2 * TITLE_WEIGHT + 2}
    assert classify_field(title) is OpinionField.EDUCATION
    # A second cue of the same field in the content also decides, and both are explained.
    two = "Ý kiến\nHọc sinh và phụ huynh mong nhà trường sớm công bố lịch học."
    assert field_matches(two) == {OpinionField.EDUCATION: ["học sinh", "phụ huynh", "nhà trường"]}
    assert classify_field(two) is OpinionField.EDUCATION
    # A hint is such a second cue too: "bệnh viện" with "quá tải".
    assert classify_field("Ý kiến\nBệnh viện tỉnh quá tải.") is OpinionField.HEALTH
    assert classify_field("Ý kiến\nNgười bị thương đang ở bệnh viện tỉnh.") is None
    # The same weak keyword twice is one cue.
    assert classify_field("Ý kiến\nCông an xã và công an huyện có mặt.") is None


def test_an_answer_needs_to_dominate_the_runner_up() -> None:
    # 6 against 4 passes the margin of 2 points but is a text about two fields.
    text = "Ý kiến\nHọc phí, đề thi, kỳ thi; viện phí, thiếu thuốc."
    scores = field_scores(text)
    assert scores == {OpinionField.HEALTH: 4, OpinionField.EDUCATION: 6}
    assert scores[OpinionField.EDUCATION] - scores[OpinionField.HEALTH] >= FIELD_MARGIN
    assert classify_field(text) is None
    assert classify_field(text, dominance=1) is OpinionField.EDUCATION
    assert FIELD_DOMINANCE >= 1
    more = "Ý kiến\nHọc phí, đề thi, kỳ thi, tuyển sinh; viện phí, thiếu thuốc."
    assert classify_field(more) is OpinionField.EDUCATION  # 8 against 4
    with pytest.raises(ValueError, match="dominance"):
        classify_field(text, dominance=0.5)


def test_a_peoples_name_does_not_match_a_place_or_a_verb() -> None:
    # "người Thái" is an ethnic group; "người Thái Bình" someone from a province.
    assert OpinionField.RELIGION_ETHNICITY in field_scores("Đời sống của người Thái ở bản")
    assert field_scores("Một người Thái Bình lên thành phố làm việc") == {}
    assert field_scores("Người chăm sóc cây cảnh trong công viên") == {}
