"""A rule-based classifier of Vietnamese opinion texts into a field and a tendency.

Collaborators often leave the field as "lĩnh vực khác" or the tendency as "chưa rõ". A keyword
table is enough to fill most of those gaps, and unlike a statistical model it is transparent: the
board can read, audit and extend it (it is plain data, :data:`FIELD_KEYWORDS` and
:data:`TENDENCY_KEYWORDS`), and a result can always be explained by the keywords that matched
(:func:`field_scores`, :func:`tendency_scores`).

Matching works on folded syllables (:func:`dlxh.aggregate.tokens.syllables`), so it ignores case,
Unicode form and tone placement ("hoà"/"hòa"), and a keyword only matches whole syllables in
sequence: "thuốc" matches "thiếu thuốc" but not "thuộc", "đất" does not match inside "đất đai"
twice. Each keyword occurrence scores its number of syllables, so a specific phrase ("bảo hiểm y
tế", 4) outweighs a generic word ("giá", 1). Negation matters for tendencies: "không đồng tình" is
listed under :attr:`Tendency.OPPOSE`, and the occurrences of "đồng tình" inside it do not also
count for :attr:`Tendency.APPROVE` (longest match wins).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TypeVar

from dlxh.aggregate.tokens import syllables
from dlxh.models.opinion import OpinionField, Tendency

__all__ = [
    "FIELD_KEYWORDS",
    "TENDENCY_KEYWORDS",
    "classify",
    "classify_field",
    "classify_tendency",
    "field_scores",
    "tendency_scores",
]

K = TypeVar("K", OpinionField, Tendency)

FIELD_KEYWORDS: Mapping[OpinionField, tuple[str, ...]] = MappingProxyType(
    {
        OpinionField.LAND: (
            "đất đai",
            "đất ở",
            "đất nông nghiệp",
            "đất rừng",
            "thửa đất",
            "ranh giới",
            "giải phóng mặt bằng",
            "mặt bằng",
            "thu hồi đất",
            "bồi thường",
            "tái định cư",
            "sổ đỏ",
            "giấy chứng nhận quyền sử dụng đất",
            "quyền sử dụng đất",
            "tranh chấp",
            "lấn chiếm",
            "quy hoạch",
            "giá đất",
        ),
        OpinionField.HEALTH: (
            "y tế",
            "bảo hiểm y tế",
            "bệnh viện",
            "trạm y tế",
            "thuốc",
            "khám chữa bệnh",
            "khám bệnh",
            "bác sĩ",
            "dịch bệnh",
            "tiêm chủng",
            "vắc xin",
            "sốt xuất huyết",
            "an toàn thực phẩm",
            "ngộ độc",
        ),
        OpinionField.EDUCATION: (
            "giáo dục",
            "trường học",
            "học sinh",
            "sinh viên",
            "giáo viên",
            "học phí",
            "sách giáo khoa",
            "thi tốt nghiệp",
            "tuyển sinh",
            "bán trú",
            "lớp học",
            "dạy thêm",
        ),
        OpinionField.ECONOMY: (
            "kinh tế",
            "giá điện",
            "giá xăng",
            "giá cả",
            "giá",
            "thị trường",
            "việc làm",
            "thu nhập",
            "sản xuất",
            "tiêu thụ",
            "nông sản",
            "doanh nghiệp",
            "thuế",
            "đầu tư",
            "lãi suất",
            "tín dụng",
            "du lịch",
            "chè",
            "chăn nuôi",
            "cây trồng",
        ),
        OpinionField.ENVIRONMENT: (
            "môi trường",
            "ô nhiễm",
            "rác thải",
            "nước thải",
            "sạt lở",
            "lũ quét",
            "lũ ống",
            "mưa lớn",
            "thiên tai",
            "khai thác khoáng sản",
            "khoáng sản",
            "cát sỏi",
            "phá rừng",
            "cháy rừng",
            "nước sạch",
            "hạn hán",
            "thủy điện",
        ),
        OpinionField.CULTURE_SOCIETY: (
            "văn hóa",
            "xã hội",
            "an sinh",
            "hộ nghèo",
            "giảm nghèo",
            "chính sách xã hội",
            "người có công",
            "bảo hiểm xã hội",
            "lễ hội",
            "tệ nạn",
            "ma túy",
            "nhà ở",
            "nông thôn mới",
            "trợ cấp",
            "lương hưu",
            "người cao tuổi",
            "đám cưới",
            "tảo hôn",
        ),
        OpinionField.DEFENCE_SECURITY: (
            "an ninh",
            "quốc phòng",
            "trật tự",
            "an toàn giao thông",
            "tội phạm",
            "trộm cắp",
            "biên giới",
            "xuất cảnh trái phép",
            "lừa đảo",
            "đánh bạc",
            "buôn lậu",
            "nghĩa vụ quân sự",
            "công an",
        ),
        OpinionField.FOREIGN_AFFAIRS: (
            "đối ngoại",
            "ngoại giao",
            "biển đông",
            "quan hệ quốc tế",
            "hội nhập",
            "nước ngoài",
            "hợp tác quốc tế",
        ),
        OpinionField.PARTY_BUILDING: (
            "xây dựng đảng",
            "đảng viên",
            "cán bộ",
            "chi bộ",
            "đảng ủy",
            "cấp ủy",
            "sắp xếp bộ máy",
            "tinh gọn bộ máy",
            "tinh giản biên chế",
            "nghỉ trước tuổi",
            "tham nhũng",
            "tiêu cực",
            "lãng phí",
            "kỷ luật",
            "nêu gương",
            "đại hội đảng",
            "bộ máy",
            "sáp nhập",
            "hợp nhất",
        ),
        OpinionField.POLITICS: (
            "chính trị",
            "văn kiện",
            "dự thảo",
            "nghị quyết",
            "hiến pháp",
            "bầu cử",
            "quốc hội",
            "hội đồng nhân dân",
            "chủ trương",
            "đường lối",
            "luận điệu sai trái",
            "thông tin sai lệch",
            "thế lực thù địch",
        ),
        OpinionField.RELIGION_ETHNICITY: (
            "tôn giáo",
            "tín ngưỡng",
            "dân tộc",
            "đồng bào",
            "đạo lạ",
            "truyền đạo",
            "nhà thờ",
            "chùa",
            "người mông",
            "người dao",
            "người thái",
            "phong tục",
        ),
    }
)
"""Keywords per field, written as people write them (with tones); matched after folding.

A keyword may sit under two fields ("dân tộc" is also politics in some texts): the text is then
decided by its other keywords. :attr:`OpinionField.OTHER` has no keywords: it is never inferred."""

TENDENCY_KEYWORDS: Mapping[Tendency, tuple[str, ...]] = MappingProxyType(
    {
        Tendency.APPROVE: (
            "đồng tình",
            "tán thành",
            "ủng hộ",
            "phấn khởi",
            "hoan nghênh",
            "đánh giá cao",
            "tin tưởng",
            "đồng thuận",
            "hài lòng",
            "vui mừng",
            "nhất trí",
            "phấn chấn",
        ),
        Tendency.OPPOSE: (
            "phản đối",
            "bức xúc",
            "không đồng tình",
            "không tán thành",
            "không ủng hộ",
            "không đồng thuận",
            "không hài lòng",
            "khiếu kiện",
            "tụ tập đông người",
            "bất bình",
            "phê phán",
            "chỉ trích",
            "kiến nghị gay gắt",
            "không nhất trí",
        ),
        Tendency.HESITANT: (
            "băn khoăn",
            "lo lắng",
            "lo ngại",
            "hoài nghi",
            "lưỡng lự",
            "nghi ngờ",
            "e ngại",
            "chưa yên tâm",
            "không yên tâm",
            "thắc mắc",
            "chưa tin tưởng",
            "không tin tưởng",
            "phân vân",
            "lo âu",
        ),
    }
)
"""Keywords per tendency. Negated forms ("không đồng tình", "chưa tin tưởng") are listed where
they belong; because the longest match wins, their positive part does not also count.
:attr:`Tendency.UNDECIDED` has no keywords: it is what "no match" means."""


def _compile(table: Mapping[K, tuple[str, ...]]) -> list[tuple[tuple[str, ...], K]]:
    """Keywords as folded syllable tuples, longest first (so the longest match wins)."""
    entries = {
        (tuple(syllables(keyword)), key) for key, keywords in table.items() for keyword in keywords
    }
    return sorted(entries, key=lambda entry: (-len(entry[0]), entry[0], str(entry[1])))


def _scores(
    text: str, compiled: Sequence[tuple[tuple[str, ...], K]], order: Sequence[K]
) -> dict[K, int]:
    """Score each key by its non-overlapping keyword matches, each worth its syllable count."""
    words = syllables(text)
    used = [False] * len(words)
    scores: dict[K, int] = {}
    for pattern, key in compiled:
        size = len(pattern)
        start = 0
        while start + size <= len(words):
            span = range(start, start + size)
            if tuple(words[start : start + size]) == pattern and not any(used[i] for i in span):
                for i in span:
                    used[i] = True
                scores[key] = scores.get(key, 0) + size
                start += size
            else:
                start += 1
    return {key: scores[key] for key in order if key in scores}


_FIELDS = _compile(FIELD_KEYWORDS)
_TENDENCIES = _compile(TENDENCY_KEYWORDS)


def field_scores(text: str) -> dict[OpinionField, int]:
    """The score of every field whose keywords occur in ``text`` (enum order)."""
    return _scores(text, _FIELDS, list(OpinionField))


def tendency_scores(text: str) -> dict[Tendency, int]:
    """The score of every tendency whose keywords occur in ``text`` (enum order)."""
    return _scores(text, _TENDENCIES, list(Tendency))


def _best(scores: dict[K, int]) -> K | None:
    # max() keeps the first of equal scores, and scores are in enum order: ties go to enum order.
    return max(scores, key=lambda key: scores[key]) if scores else None


def classify_field(text: str) -> OpinionField | None:
    """The field whose keywords score highest in ``text``; ``None`` when no keyword occurs.

    >>> classify_field("Người dân chưa được cấp sổ đỏ sau giải phóng mặt bằng")
    <OpinionField.LAND: 'land'>
    """
    return _best(field_scores(text))


def classify_tendency(text: str) -> Tendency | None:
    """The tendency whose keywords score highest in ``text``; ``None`` when none occurs.

    >>> classify_tendency("Nhân dân không đồng tình, bức xúc vì giá điện tăng")
    <Tendency.OPPOSE: 'oppose'>
    """
    return _best(tendency_scores(text))


def classify(text: str) -> tuple[OpinionField | None, Tendency | None]:
    """Both guesses at once: the default ``classifier`` shape :func:`synthesize` accepts."""
    return classify_field(text), classify_tendency(text)
