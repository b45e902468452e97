"""The keyword tables of the rule-based classifier (:mod:`dlxh.aggregate.classify`), as plain data.

The board reads, audits and extends these tables, so they are kept apart from the matching code.
Keywords are written as people write them (with tones); they are matched on folded syllables.

There are four kinds of entry, because a word that settles one text is noise in the next:

* **Keywords** (:data:`FIELD_KEYWORDS`, :data:`TENDENCY_KEYWORDS`) decide on their own. They are
  specific phrases that name the matter: "giá đất", "thuốc chữa bệnh", "chủ quyền biển đảo".
* **Weak keywords** (:data:`FIELD_WEAK_KEYWORDS`) name who or where rather than what: "bệnh
  viện", "học sinh", "công an". They decide in the title, or next to a second cue of their field;
  alone in the content they say nothing (a pupil drowning is no education matter).
* **Hints** (:data:`FIELD_HINTS`, :data:`TENDENCY_HINTS`) are ambiguous words that only count
  together with a keyword of the same field or tendency in the same text. "giá" supports "giá đất"
  or "thị trường bất động sản" but never makes a text economic by itself; "thuốc" may be a
  medicine, a pesticide or an explosive; "chùa" is a pagoda at a festival far more often than a
  religious matter; "biển Đông" is where storms form; "sinh viên", "dự thảo", "thủy điện" and
  "thắc mắc" (students ask questions, which is not hesitation) sit in every field.
* **Neutral phrases** (:data:`FIELD_NEUTRAL`, :data:`TENDENCY_NEUTRAL`) score nothing but take
  their syllables away from shorter keywords (the longest match wins): "mạng xã hội" is not
  culture-society, "môi trường đầu tư" is not the environment, "giải đáp thắc mắc" and "quan tâm
  lo lắng" are not hesitation.

Why these entries: the ambiguous ones were found by measuring, keyword by keyword, how often a
keyword fires on texts of another field (news texts labelled by section, tuning rows only), and
the added keywords are the field's ordinary vocabulary found missing on those rows; the
fields that news sections do not cover (politics, Party building, religion and ethnicity,
foreign affairs) are written from the vocabulary of opinion reports.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from dlxh.models.opinion import OpinionField, Tendency

__all__ = [
    "FIELD_HINTS",
    "FIELD_KEYWORDS",
    "FIELD_NEUTRAL",
    "FIELD_WEAK_KEYWORDS",
    "NEGATION_FILLERS",
    "NEGATORS",
    "TENDENCY_HINTS",
    "TENDENCY_KEYWORDS",
    "TENDENCY_NEUTRAL",
]

_F = OpinionField

# The tables are laid out by hand, several entries a line, to stay readable as a list of words.
# fmt: off
FIELD_KEYWORDS: Mapping[OpinionField, tuple[str, ...]] = MappingProxyType(
    {
        _F.LAND: (
            "đất đai", "thửa đất", "lô đất", "khu đất", "đất ở", "đất nông nghiệp", "đất rừng",
            "đất công", "đất nền", "giao đất", "thuê đất", "thu hồi đất",
            "chuyển mục đích sử dụng đất", "quyền sử dụng đất",
            "giấy chứng nhận quyền sử dụng đất", "sổ đỏ", "sổ hồng", "cấp sổ",
            "giải phóng mặt bằng", "giải tỏa mặt bằng", "đền bù", "tái định cư", "giá đất",
            "bảng giá đất", "tranh chấp đất", "lấn chiếm đất", "quy hoạch sử dụng đất",
            "dự án treo", "quy hoạch treo", "chủ đầu tư", "mua nhà", "bán nhà", "bất động sản",
            "nhà đất", "địa ốc", "chung cư", "căn hộ", "nhà ở xã hội", "phân lô bán nền",
            "sốt đất", "giá nhà", "khu đô thị", "dự án nhà ở", "xây dựng trái phép",
            "giấy phép xây dựng", "mốc giới",
        ),
        _F.HEALTH: (
            "y tế", "bảo hiểm y tế", "trạm y tế", "khám chữa bệnh", "khám bệnh", "chữa bệnh",
            "điều dưỡng", "ca bệnh",
            "ca mắc", "tiêm chủng", "tiêm phòng", "vắc xin", "sốt xuất huyết", "tay chân miệng",
            "dịch sởi", "dịch cúm", "cúm gia cầm", "ngộ độc", "ngộ độc thực phẩm",
            "an toàn thực phẩm", "thuốc chữa bệnh", "thiếu thuốc", "cấp phát thuốc", "thuốc giả",
            "nhà thuốc", "quầy thuốc", "dược phẩm", "chăm sóc sức khỏe", "khám sức khỏe",
            "ung thư", "viện phí", "phòng khám", "suy dinh dưỡng", "hiến máu", "mắc bệnh",
            "căn bệnh", "bệnh nhi", "sản phụ", "triệu chứng", "xét nghiệm", "kháng sinh",
            "biến chứng", "truyền nhiễm", "tim mạch", "tiểu đường", "đái tháo đường", "huyết áp",
            "dinh dưỡng", "thực phẩm chức năng", "y khoa",
        ),
        _F.EDUCATION: (
            "giáo dục", "giáo dục và đào tạo", "GD&ĐT", "học sinh sinh viên", "thầy cô giáo",
            "nhà giáo", "sư phạm", "dạy học", "giảng dạy", "học phí",
            "sách giáo khoa", "chương trình giáo dục phổ thông", "thi tốt nghiệp", "kỳ thi",
            "đề thi", "tuyển sinh", "bán trú", "lớp học", "dạy thêm", "học thêm", "điểm trường",
            "trung học phổ thông", "THPT", "THCS", "năm học", "khai giảng", "học đường",
            "học bổng", "du học", "cao đẳng", "thí sinh", "điểm thi",
        ),
        _F.ECONOMY: (
            "tăng trưởng kinh tế", "giá cả", "giá cả thị trường", "giá xăng", "giá xăng dầu",
            "xăng dầu", "giá điện", "tiền điện", "giá lợn", "giá heo", "giá lúa", "giá nông sản",
            "bình ổn giá", "lạm phát", "chỉ số giá tiêu dùng", "nợ lương", "thất nghiệp",
            "mất việc làm", "sản xuất kinh doanh", "tiêu thụ nông sản", "nông sản",
            "được mùa mất giá", "thua lỗ", "phá sản", "xuất khẩu", "nhập khẩu", "chứng khoán",
            "cổ phiếu", "tỷ giá", "giá vàng", "chăn nuôi", "trồng trọt", "sản xuất nông nghiệp",
            "hợp tác xã", "hàng giả", "hàng nhái", "hàng kém chất lượng", "tiểu thương",
            "doanh thu", "khởi nghiệp", "doanh nghiệp nhỏ và vừa", "doanh nhân", "trang trại",
            "làm giàu", "nợ xấu", "GDP", "tiền lương", "tăng lương", "lương tối thiểu",
            "trạm thu phí",
        ),
        _F.ENVIRONMENT: (
            "ô nhiễm", "ô nhiễm môi trường", "bảo vệ môi trường", "vệ sinh môi trường", "rác thải",
            "chất thải", "nước thải", "khí thải", "xả thải", "bãi rác", "sạt lở", "sạt lở đất",
            "lũ quét", "lũ ống", "lũ lụt", "mưa lũ", "ngập lụt", "ngập úng", "mưa lớn", "mưa đá",
            "giông lốc", "lốc xoáy", "cơn bão", "siêu bão", "mưa bão", "bão số",
            "áp thấp nhiệt đới", "triều cường", "xâm nhập mặn", "hạn hán", "nắng nóng", "rét đậm",
            "rét hại", "không khí lạnh", "thiên tai", "biến đổi khí hậu", "động đất",
            "khai thác khoáng sản", "khai thác cát", "cát sỏi", "khoáng sản", "phá rừng",
            "chặt phá rừng", "cháy rừng", "bảo vệ rừng", "nước sạch", "xả lũ", "vỡ đê",
            "động vật hoang dã", "mưa to", "mưa dông", "gió mạnh", "lở đất", "khí tượng thủy văn",
            "dự báo thời tiết", "phòng chống thiên tai", "cá chết",
        ),
        _F.CULTURE_SOCIETY: (
            "văn hóa", "đời sống văn hóa", "di sản", "di tích", "lễ hội", "bảo tàng", "văn nghệ",
            "thư viện", "triển lãm", "trưng bày", "tác phẩm", "văn học", "âm nhạc", "ca nhạc",
            "sân khấu", "điện ảnh", "giỗ tổ", "phong tục tập quán", "bản sắc văn hóa",
            "bản sắc dân tộc", "văn hóa dân tộc", "hủ tục", "việc cưới việc tang", "tảo hôn",
            "bạo lực gia đình", "an sinh xã hội", "chính sách xã hội", "bảo trợ xã hội",
            "trợ cấp xã hội", "hộ nghèo", "hộ cận nghèo", "giảm nghèo", "người có công",
            "gia đình chính sách", "liệt sĩ", "bảo hiểm xã hội", "lương hưu",
            "người khuyết tật", "tệ nạn xã hội", "nông thôn mới", "thể dục thể thao",
        ),
        _F.DEFENCE_SECURITY: (
            "an ninh trật tự", "an ninh chính trị", "trật tự an toàn xã hội", "an ninh quốc gia",
            "quốc phòng", "quân sự", "nghĩa vụ quân sự", "tuyển quân", "dân quân", "tội phạm",
            "trộm cắp", "cướp giật", "cướp tài sản", "giết người", "án mạng", "sát hại",
            "cố ý gây thương tích", "hành hung", "đánh bạc", "cờ bạc", "lô đề", "cá độ", "ma túy",
            "buôn lậu", "lừa đảo", "chiếm đoạt tài sản", "tín dụng đen", "cho vay nặng lãi",
            "mua bán người", "xuất cảnh trái phép", "nhập cảnh trái phép", "vượt biên",
            "cơ quan điều tra", "CSĐT", "khởi tố", "bị can", "bắt giữ", "bị bắt", "bắt khẩn cấp",
            "truy bắt", "bỏ trốn", "đầu thú", "tạm giam", "tạm giữ", "truy nã", "xét xử",
            "phiên tòa", "tòa án", "lời khai", "gây án", "nghi án", "hung khí", "dùng dao",
            "đâm chết", "súng", "trộm", "đột nhập", "hiếp", "án tù", "tù giam", "năm tù",
            "va chạm giao thông",
            "viện kiểm sát", "bị cáo", "phạt tù", "vụ án", "hình sự", "nghi phạm", "hung thủ",
            "tai nạn giao thông", "vật liệu nổ", "thuốc nổ", "vũ khí", "đua xe trái phép",
            "băng nhóm", "xâm hại tình dục", "hiếp dâm", "dâm ô", "truy sát", "côn đồ", "nghi can",
            "phạm tội", "giảm án", "sơ thẩm", "phúc thẩm", "kháng cáo", "hình phạt", "trộm chó",
            "cướp ngân hàng", "làm giả", "tội danh",
        ),
        _F.FOREIGN_AFFAIRS: (
            "đối ngoại", "ngoại giao", "quan hệ quốc tế", "hợp tác quốc tế", "chủ quyền biển đảo",
            "chủ quyền biển đông", "tình hình biển đông", "tranh chấp biển đông",
            "chủ quyền lãnh thổ", "thăm chính thức", "thăm cấp nhà nước", "đại sứ", "đại sứ quán",
            "lãnh sự", "liên hợp quốc", "asean", "đối tác chiến lược", "đối tác toàn diện",
            "kiều bào", "người việt nam ở nước ngoài", "bảo hộ công dân", "giàn khoan",
        ),
        _F.PARTY_BUILDING: (
            "xây dựng đảng", "chỉnh đốn đảng", "đảng viên", "chi bộ", "đảng bộ", "đảng ủy",
            "cấp ủy", "tổ chức đảng", "kết nạp đảng", "sinh hoạt chi bộ", "đại hội đảng",
            "văn kiện đại hội đảng", "ban chấp hành", "ủy ban kiểm tra", "kỷ luật đảng",
            "tự diễn biến", "tự chuyển hóa", "suy thoái tư tưởng chính trị", "nêu gương",
            "học tập và làm theo", "tinh gọn bộ máy", "sắp xếp bộ máy", "sắp xếp tổ chức bộ máy",
            "tinh giản biên chế", "sắp xếp đơn vị hành chính", "nghỉ trước tuổi",
            "nghỉ hưu trước tuổi", "đội ngũ cán bộ", "công tác cán bộ", "cán bộ công chức",
            "bổ nhiệm cán bộ", "tham nhũng", "chạy chức chạy quyền", "chính quyền hai cấp",
        ),
        _F.POLITICS: (
            "tình hình chính trị", "hệ thống chính trị", "văn kiện", "hiến pháp",
            "sửa đổi hiến pháp", "bầu cử", "đại biểu quốc hội", "kỳ họp quốc hội",
            "tiếp xúc cử tri", "hội đồng nhân dân", "chủ trương đường lối", "luận điệu sai trái",
            "quan điểm sai trái", "thông tin sai lệch", "thông tin xấu độc", "tin giả",
            "thế lực thù địch", "phản động", "chống phá", "xuyên tạc", "kích động",
            "diễn biến hòa bình", "nền tảng tư tưởng", "nhân quyền", "biểu tình", "đại đoàn kết",
            "khối đại đoàn kết dân tộc", "mặt trận tổ quốc", "cải cách hành chính",
            "thủ tục hành chính",
        ),
        _F.RELIGION_ETHNICITY: (
            "tôn giáo", "tín ngưỡng", "đạo lạ", "tà đạo", "truyền đạo", "hoạt động tôn giáo",
            "chức sắc", "chức việc", "tín đồ", "giáo dân", "giáo xứ", "giáo phận", "linh mục",
            "công giáo", "phật giáo", "tin lành", "cao đài", "hòa hảo", "phật tử", "sư trụ trì",
            "dân tộc thiểu số", "đồng bào dân tộc", "vùng đồng bào dân tộc", "công tác dân tộc",
            "chính sách dân tộc", "người có uy tín", "già làng", "người mông", "đồng bào mông",
            "người dao", "người thái", "người khmer", "đồng bào khmer", "người chăm",
        ),
    }
)
"""Keywords that decide a field on their own. A keyword may sit under two fields; it then counts
for both, and the text is decided by its other keywords. :attr:`OpinionField.OTHER` has no
keywords: it is never inferred."""

FIELD_WEAK_KEYWORDS: Mapping[OpinionField, tuple[str, ...]] = MappingProxyType(
    {
        _F.HEALTH: (
            "bệnh viện", "bác sĩ", "y bác sĩ", "bệnh nhân", "người bệnh", "phẫu thuật", "điều trị",
        ),
        _F.EDUCATION: (
            "học sinh", "giáo viên", "giảng viên", "thầy cô", "hiệu trưởng", "phụ huynh",
            "nhà trường", "trường học", "trường đại học", "mầm non", "tiểu học", "trung học",
        ),
        _F.CULTURE_SOCIETY: (
            "nghệ sĩ", "nghệ nhân", "thương binh",
        ),
        _F.DEFENCE_SECURITY: (
            "công an", "cảnh sát",
        ),
    }
)
"""Keywords that name who or where (a hospital, pupils, the police) rather than what the matter
is: a pupil drowns, a victim is treated at a hospital, the police report a storm's toll. They
count as keywords in the title (which names the matter) or next to a second cue of the same field
(another keyword, weak keyword or hint: "học sinh" with "phụ huynh" or "kỳ thi"); alone in the
content they count like hints, that is not at all."""

FIELD_HINTS: Mapping[OpinionField, tuple[str, ...]] = MappingProxyType(
    {
        _F.LAND: (
            "quy hoạch", "mặt bằng", "bồi thường", "tranh chấp", "lấn chiếm", "dự án", "nhà ở",
            "xây dựng", "đô thị", "giá", "nhà phố", "biệt thự", "thị trường", "cưỡng chế",
            "mảnh đất", "cư dân", "cho thuê",
        ),
        _F.HEALTH: (
            "thuốc", "sức khỏe", "bệnh", "dịch bệnh", "thuốc lá", "người cao tuổi", "cấp cứu",
            "vi khuẩn", "vi rút", "virus", "cơ thể", "quá tải",
        ),
        _F.EDUCATION: (
            "sinh viên", "đào tạo", "dự thảo", "thi",
        ),
        _F.ECONOMY: (
            "kinh tế", "giá", "thị trường", "việc làm", "thu nhập", "sản xuất", "tiêu thụ",
            "doanh nghiệp", "thuế", "đầu tư", "lãi suất", "tín dụng", "vay vốn", "du lịch", "chè",
            "cây trồng", "nông dân", "người lao động", "công nhân", "hàng hóa", "chợ", "tài chính",
            "ngân sách", "thủy điện", "dịch bệnh", "kinh doanh", "thương mại", "ngân hàng",
            "lợi nhuận", "thủy sản",
        ),
        _F.ENVIRONMENT: (
            "môi trường", "bão", "lũ", "thủy điện", "tài nguyên", "hồ chứa", "rừng", "biển đông",
            "thời tiết", "thiệt hại", "nhiệt độ", "rác",
        ),
        _F.CULTURE_SOCIETY: (
            "chùa", "đám cưới", "tết", "gia đình", "trẻ em", "phong tục", "người cao tuổi",
            "thể thao", "du lịch", "dân tộc", "tết nguyên đán", "nghệ thuật", "từ thiện", "đền",
            "đình",
        ),
        _F.DEFENCE_SECURITY: (
            "an ninh", "trật tự", "an toàn giao thông", "biên giới", "đối tượng", "pháp luật",
            "trái phép", "điều tra", "quân đội", "bộ đội", "biên phòng", "nạn nhân", "thi thể",
        ),
        _F.FOREIGN_AFFAIRS: (
            "biển đông", "hoàng sa", "trường sa", "nước ngoài", "quốc tế", "hội nhập",
        ),
        _F.PARTY_BUILDING: (
            "cán bộ", "kỷ luật", "tiêu cực", "lãng phí", "bộ máy", "sáp nhập", "hợp nhất",
            "công chức", "viên chức", "bổ nhiệm", "bí thư",
        ),
        _F.POLITICS: (
            "chính trị", "dự thảo", "nghị quyết", "quốc hội", "chủ trương", "đường lối", "cử tri",
            "chính phủ", "nhà nước",
        ),
        _F.RELIGION_ETHNICITY: (
            "dân tộc", "đồng bào", "chùa", "nhà thờ", "phong tục", "trụ trì",
        ),
    }
)
"""Ambiguous words that count for a field only when one of its keywords is in the same text."""

FIELD_NEUTRAL: tuple[str, ...] = (
    "mạng xã hội",
    "kinh tế xã hội",
    "môi trường đầu tư",
    "môi trường kinh doanh",
    "môi trường học tập",
    "môi trường giáo dục",
    "môi trường làm việc",
    "thuốc bảo vệ thực vật",
    "thuốc trừ sâu",
    "giá trị",
    "đưa đi cấp cứu",
    "đưa vào bệnh viện",
    "đưa đến bệnh viện",
    "đưa đi bệnh viện",
    "chuyển đến bệnh viện",
    "chuyển lên bệnh viện",
    "nhập viện",
    "người chăm sóc",
    "người chăm chỉ",
    "người thái bình",
    "người thái nguyên",
    "người thái lan",
    "thiên văn học",
)
"""Phrases that score nothing and take their syllables from shorter keywords and hints: the
victims of an accident, a crime or a storm "được đưa vào bệnh viện", which does not make the
matter a health one; a people's name must not match a place or a verb ("người Thái Bình" is
someone from Thai Binh province, "người chăm sóc" a carer, "thiên văn học" astronomy)."""

TENDENCY_KEYWORDS: Mapping[Tendency, tuple[str, ...]] = MappingProxyType(
    {
        Tendency.APPROVE: (
            "đồng tình", "tán thành", "ủng hộ", "phấn khởi", "hoan nghênh", "đánh giá cao",
            "tin tưởng", "đồng thuận", "hài lòng", "vui mừng", "nhất trí", "phấn chấn", "hồ hởi",
            "yên tâm", "an tâm", "hưởng ứng", "đồng lòng", "biểu dương",
        ),
        Tendency.OPPOSE: (
            "phản đối", "bức xúc", "không đồng tình", "không tán thành", "không ủng hộ",
            "không đồng thuận", "không hài lòng", "khiếu kiện", "tụ tập đông người", "bất bình",
            "phê phán", "chỉ trích", "kiến nghị gay gắt", "không nhất trí", "bất mãn", "phẫn nộ",
            "thất vọng", "phàn nàn", "kêu ca", "than phiền", "tẩy chay", "chê bai", "bất hợp lý",
        ),
        Tendency.HESITANT: (
            "băn khoăn", "lo lắng", "lo ngại", "hoài nghi", "lưỡng lự", "nghi ngờ", "e ngại",
            "chưa yên tâm", "không yên tâm", "chưa tin tưởng", "không tin tưởng", "phân vân",
            "lo âu", "hoang mang", "lo sợ", "dè dặt", "chần chừ", "còn thắc mắc",
        ),
    }
)
"""Keywords that decide a tendency on their own. Negated forms ("không đồng tình", "chưa tin
tưởng") are listed where they belong; other negations are read by the negation rule of
:mod:`dlxh.aggregate.classify`. :attr:`Tendency.UNDECIDED` has no keywords: it is what "no
match" means."""

TENDENCY_HINTS: Mapping[Tendency, tuple[str, ...]] = MappingProxyType(
    {
        Tendency.APPROVE: (),
        Tendency.OPPOSE: (
            "kiến nghị",
        ),
        Tendency.HESITANT: (
            "thắc mắc",
        ),
    }
)
"""Words that support a tendency only next to one of its keywords ("băn khoăn, thắc mắc")."""

TENDENCY_NEUTRAL: tuple[str, ...] = (
    "giải đáp thắc mắc",
    "trả lời thắc mắc",
    "hỏi đáp thắc mắc",
    "lo lắng cho",
    "quan tâm lo lắng",
)
"""Phrases that are no tendency at all: answering questions, caring for someone ("lo lắng cho
học sinh")."""

NEGATORS: tuple[str, ...] = ("không", "chưa", "chẳng", "chả")
"""Syllables that negate the tendency keyword they precede (each one flips it once)."""

NEGATION_FILLERS: frozenset[str] = frozenset(
    (
        "có", "gì", "được", "hề", "thể", "mấy", "quá", "lắm", "thật", "thực", "sự", "hoàn", "toàn",
        "còn", "để", "cảm", "thấy", "một", "chút", "nào", "hẳn", "tỏ", "ra", "bất", "cứ", "phải",
        "ai", "cũng", "là", "đã", "đang", "rất", "lại", "bao", "giờ", "điều", "điểm", "vấn", "đề",
        "ý", "kiến", "việc", "chỗ", "làm", "khiến", "em", "tôi", "mình",
    )
)
# fmt: on
"""Syllables that may sit between a negator and its keyword ("không có gì không hài lòng",
"chưa thực sự hài lòng", "không có ý kiến phản đối", "không bao giờ chê bai"); any other
syllable ends the look-back, so "không ít người lo lắng" and "không khí phấn khởi" are not
negations."""
