"""Opinion items (luồng dư luận, ý kiến) and the scales that describe them."""

from __future__ import annotations

from pydantic import Field

from dlxh.models._base import DlxhModel
from dlxh.models._enum import LabeledEnum
from dlxh.models._scalars import Day, Whole
from dlxh.models._text import Code, MultilineText, Name, Text

__all__ = [
    "Audience",
    "Breadth",
    "Intensity",
    "OpinionField",
    "OpinionItem",
    "SourceChannel",
    "Tendency",
]


class OpinionField(LabeledEnum):
    """The field (lĩnh vực) an opinion concerns."""

    POLITICS = ("politics", "chính trị")
    ECONOMY = ("economy", "kinh tế")
    CULTURE_SOCIETY = ("culture_society", "văn hóa - xã hội")
    HEALTH = ("health", "y tế")
    EDUCATION = ("education", "giáo dục")
    DEFENCE_SECURITY = ("defence_security", "quốc phòng - an ninh")
    FOREIGN_AFFAIRS = ("foreign_affairs", "đối ngoại")
    PARTY_BUILDING = ("party_building", "xây dựng Đảng")
    ENVIRONMENT = ("environment", "tài nguyên - môi trường")
    LAND = ("land", "đất đai")
    RELIGION_ETHNICITY = ("religion_ethnicity", "tôn giáo - dân tộc")
    OTHER = ("other", "lĩnh vực khác")


class Tendency(LabeledEnum):
    """The tendency (khuynh hướng) of an opinion towards a policy or event."""

    APPROVE = ("approve", "tán thành", "ủng hộ", "đồng tình")
    OPPOSE = ("oppose", "phản đối", "không đồng tình")
    HESITANT = ("hesitant", "băn khoăn, lo lắng", "lưỡng lự", "hoài nghi")
    UNDECIDED = ("undecided", "chưa rõ")


class Breadth(LabeledEnum):
    """How widely an opinion is shared (mức độ lan tỏa), widest first.

    Members compare by breadth: ``Breadth.MAJORITY > Breadth.SOME`` is true.
    """

    OVERWHELMING = ("overwhelming", "tuyệt đại đa số")
    MAJORITY = ("majority", "đa số")
    MANY = ("many", "nhiều ý kiến")
    SOME = ("some", "một số ý kiến")

    @property
    def rank(self) -> int:
        """0 for the narrowest (``some``) up to 3 for ``overwhelming``."""
        return len(Breadth) - 1 - list(Breadth).index(self)

    def __lt__(self, other: object) -> bool:
        if isinstance(other, Breadth):
            return self.rank < other.rank
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, Breadth):
            return self.rank <= other.rank
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, Breadth):
            return self.rank > other.rank
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if isinstance(other, Breadth):
            return self.rank >= other.rank
        return NotImplemented


class Intensity(LabeledEnum):
    """How strongly people feel (mức độ quan tâm)."""

    LOW = ("low", "ít quan tâm")
    MEDIUM = ("medium", "quan tâm")
    HIGH = ("high", "rất quan tâm, bức xúc")


class SourceChannel(LabeledEnum):
    """Where the collaborator picked the opinion up."""

    DIRECT = ("direct", "trực tiếp")
    SOCIAL_MEDIA = ("social_media", "mạng xã hội")
    PRESS = ("press", "báo chí")
    MEETING = ("meeting", "hội nghị, cuộc họp")
    DIALOGUE = ("dialogue", "đối thoại")
    PETITION = ("petition", "đơn thư, kiến nghị")
    PHONE = ("phone", "điện thoại, đường dây nóng")
    SURVEY = ("survey", "điều tra dư luận xã hội")
    OTHER = ("other", "nguồn khác")


class Audience(LabeledEnum):
    """Whose opinion it is (đối tượng)."""

    CADRES = ("cadres", "cán bộ, công chức, viên chức")
    PARTY_MEMBERS = ("party_members", "đảng viên")
    PEOPLE = ("people", "nhân dân")
    WORKERS = ("workers", "công nhân, người lao động")
    FARMERS = ("farmers", "nông dân")
    YOUTH = ("youth", "thanh niên, học sinh, sinh viên")
    INTELLECTUALS = ("intellectuals", "trí thức")
    BUSINESS = ("business", "doanh nghiệp, doanh nhân")
    RELIGIOUS = ("religious", "chức sắc, tín đồ tôn giáo")
    VETERANS = ("veterans", "cựu chiến binh")
    OTHER = ("other", "đối tượng khác")


class OpinionItem(DlxhModel):
    """One opinion current: what is said, by whom, how widely, and what should be done."""

    id: Code | None = None
    title: Text = Field(max_length=500)
    content: MultilineText
    field: OpinionField
    tendency: Tendency = Tendency.UNDECIDED
    breadth: Breadth = Breadth.SOME
    intensity: Intensity = Intensity.MEDIUM
    hotspot: bool = Field(default=False, description="A political or social hot spot (điểm nóng).")
    audiences: list[Audience] = Field(default_factory=list)
    place: Name | None = None
    admin_code: Whole | None = Field(default=None, ge=1)
    channel: SourceChannel = SourceChannel.DIRECT
    observed_on: Day | None = None
    forecast: MultilineText | None = Field(default=None, description="Dự báo diễn biến.")
    recommendation: MultilineText | None = Field(default=None, description="Đề xuất, kiến nghị.")
