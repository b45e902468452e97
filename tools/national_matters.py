"""The matters of tools/make_national.py and how collaborators word them.

A matter (one thing people talk about: a landslide in one hamlet, the price of fertiliser in one
province, a national policy) comes from a template of its field with invented place and project
names filled in. Each collaborator who reports it words it their own way: another title variant,
synonyms, a detail added or left out, and now and then the text typed without tone marks or
with a typo. So items of one matter share the matter's key words but rarely its exact wording,
which is what a grouping has to cope with on real reports.

Everything here is invented: hamlets, projects, schools and factories are generic or made-up
names; only provinces and communes (public units) are real.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import yaml

__all__ = ["SCOPES", "TEMPLATES", "Matter", "Template", "fill_slots", "pick", "word_item"]

T = TypeVar("T")

SCOPES = ("commune", "province", "national")


@dataclass(frozen=True)
class Template:
    """A kind of matter: its field, tendency, where it happens and how it is worded."""

    key: str
    field: str
    tendency: str
    scope: str
    titles: tuple[str, ...]
    contents: tuple[str, ...]
    intensity: str = "medium"
    hotspot: bool = False


@dataclass(eq=False)
class Matter:
    """One matter of one month: a template with its places filled in."""

    id: str
    template: Template
    slots: dict[str, str]
    unit: str
    admin_code: int | None = None


def _load() -> tuple[Template, ...]:
    """The templates of national_matters.yaml (data kept apart from the code that uses it)."""
    text = (Path(__file__).resolve().parent / "national_matters.yaml").read_text(encoding="utf-8")
    entries = yaml.safe_load(text)["templates"]
    return tuple(
        Template(**{**e, "titles": tuple(e["titles"]), "contents": tuple(e["contents"])})
        for e in entries
    )


TEMPLATES: tuple[Template, ...] = _load()

HAMLET_KIND = ("thôn", "bản", "tổ dân phố", "ấp", "khu phố", "xóm")
HAMLET_A = (
    "Tân",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Phú",
    "Hòa",
    "An",
    "Bình",
    "Thượng",
    "Hạ",
    "Nà",
    "Pa",
    "Nậm",
    "Khe",
    "Trung",
    "Vĩnh",
    "Quyết",
    "Đồng",
    "Suối",
)
HAMLET_B = (
    "Lợi",
    "Hòa",
    "Sơn",
    "Thịnh",
    "Phong",
    "Lộc",
    "Hưng",
    "Xuân",
    "Mới",
    "Tiến",
    "Khoang",
    "Bó",
    "Lằn",
    "Cát",
    "Thành",
    "Yên",
    "Hải",
    "Long",
    "Quang",
    "Minh",
)
PROJECT_KIND = (
    "dự án đường",
    "dự án khu đô thị mới",
    "dự án cụm công nghiệp",
    "dự án hồ chứa nước",
    "dự án khu tái định cư",
    "dự án nâng cấp quốc lộ",
)
NAME_A = (
    "Hoa Sen",
    "Sao Mai",
    "Phương Đông",
    "Bình Minh",
    "Thiên Phú",
    "Hồng Hà",
    "Hướng Dương",
    "Ánh Dương",
    "Thanh Bình",
    "Kim Long",
    "Đại Phúc",
    "Tân Tiến",
)
CROPS = (
    "lúa",
    "cà phê",
    "chè búp tươi",
    "thanh long",
    "sầu riêng",
    "hồ tiêu",
    "mủ cao su",
    "vải thiều",
    "cam",
    "lợn hơi",
    "sắn",
    "ngô",
    "chuối",
    "dưa hấu",
)
SCHOOL_KIND = ("Tiểu học", "Trung học cơ sở", "Mầm non")
FACTORY_KIND = (
    "Nhà máy chế biến tinh bột sắn",
    "Nhà máy giấy",
    "Cơ sở sản xuất gạch",
    "Nhà máy chế biến thủy sản",
    "Xưởng chế biến gỗ",
    "Nhà máy xi măng",
)

# Ways collaborators say the same thing: each phrase may become one of its alternatives.
SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("giải phóng mặt bằng", ("GPMB", "giải tỏa mặt bằng")),
    ("bảo hiểm y tế", ("BHYT",)),
    ("người dân", ("nhân dân", "bà con", "nhiều người dân")),
    ("nhân dân", ("người dân", "quần chúng nhân dân")),
    ("xuống cấp", ("hư hỏng", "xuống cấp nghiêm trọng", "xuống cấp trầm trọng")),
    ("tăng cao", ("tăng mạnh", "tăng nhanh")),
    ("gia tăng", ("tăng", "có chiều hướng gia tăng")),
    ("chậm", ("chậm trễ", "rất chậm")),
    ("thiếu", ("thiếu hụt", "không đủ")),
    ("lo lắng", ("lo ngại", "băn khoăn", "hoang mang")),
    ("bức xúc", ("không hài lòng", "rất bức xúc")),
    ("trái phép", ("trái pháp luật", "không phép")),
    ("ô nhiễm", ("gây ô nhiễm", "làm ô nhiễm")),
    ("đề nghị", ("kiến nghị", "mong muốn")),
    ("kéo dài", ("nhiều ngày", "kéo dài nhiều tuần")),
    ("đồng tình", ("nhất trí", "đồng tình, ủng hộ")),
    ("phấn khởi", ("vui mừng", "phấn khởi, tin tưởng")),
)
DETAILS = (
    "{sp}gây bức xúc trong nhân dân",
    "{sp}cần sớm xử lý",
    "{sp}đề nghị các cấp quan tâm",
    "{sp}từ đầu tháng",
    "{sp}(phản ánh của nhiều hộ dân)",
    "{sp}chưa được giải quyết",
)
FOLLOW = {
    "oppose": (
        "Nhân dân đề nghị cơ quan chức năng sớm kiểm tra, xử lý dứt điểm.",
        "Nếu không giải quyết kịp thời có thể phát sinh khiếu kiện đông người.",
    ),
    "hesitant": (
        "Nhân dân mong các cấp có giải pháp kịp thời.",
        "Một số người còn băn khoăn, chưa rõ hướng giải quyết.",
    ),
    "approve": (
        "Đa số ý kiến đồng tình, mong chủ trương sớm được triển khai.",
        "Nhân dân tin tưởng, phấn khởi.",
    ),
    "undecided": ("Dư luận còn nhiều chiều.",),
}


def pick(rng: random.Random, options: Sequence[T]) -> T:
    """One of ``options``: ``rng.choice`` with one call to the generator instead of several."""
    return options[int(rng.random() * len(options))]


def hamlet(rng: random.Random) -> str:
    kind = pick(rng, HAMLET_KIND)
    if rng.random() < 0.3:
        return f"{kind} {rng.randint(1, 12)}"
    return f"{kind} {pick(rng, HAMLET_A)} {pick(rng, HAMLET_B)}"


def fill_slots(rng: random.Random, commune: str, province: str) -> dict[str, str]:
    """Invented names for one matter's slots, in the given commune and province."""
    return {
        "place": hamlet(rng),
        "commune": commune,
        "province": province,
        "project": f"{pick(rng, PROJECT_KIND)} {pick(rng, NAME_A)}",
        "school": f"Trường {pick(rng, SCHOOL_KIND)} {pick(rng, NAME_A)}",
        "factory": f"{pick(rng, FACTORY_KIND)} {pick(rng, NAME_A)}",
        "crop": pick(rng, CROPS),
        "road": pick(rng, ("quốc lộ", "tỉnh lộ", "đường tỉnh")) + f" {rng.randint(2, 299)}",
    }


def _strip_marks(text: str) -> str:
    """Text as typed on a keyboard without Vietnamese input: no tone marks, đ as d."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _typo(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    long = [i for i, w in enumerate(words) if len(w) > 3]
    if not long:
        return text
    i = pick(rng, long)
    w = words[i]
    j = rng.randrange(len(w) - 1)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :] if rng.random() < 0.5 else w[:j] + w[j + 1 :]
    return " ".join(words)


def _vary(rng: random.Random, text: str) -> str:
    for phrase, alternatives in SYNONYMS:
        if phrase in text and rng.random() < 0.3:
            text = text.replace(phrase, pick(rng, alternatives), 1)
    return text


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def word_item(rng: random.Random, matter: Matter) -> tuple[str, str]:
    """A title and a content for ``matter`` as one collaborator would write them."""
    t = matter.template
    title = _capital(_vary(rng, pick(rng, t.titles).format(**matter.slots)))
    if rng.random() < 0.25:
        title += pick(rng, DETAILS).format(sp=", " if rng.random() < 0.5 else " ")
    content = _vary(rng, pick(rng, t.contents).format(**matter.slots))
    content = _capital(content)
    if rng.random() < 0.5:
        content += " " + pick(rng, FOLLOW[t.tendency])
    roll = rng.random()
    if roll < 0.04:
        title, content = _strip_marks(title), _strip_marks(content)
    elif roll < 0.055:
        title = _typo(rng, title)
    return title, content
