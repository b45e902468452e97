"""Invented opinion texts for the tests of the trainable classifier (no corpus, no real person).

Each field has its own subjects, each tendency its own reactions, combined so that a model must
learn which words carry the field and which the tendency.
"""

from __future__ import annotations

import itertools

from dlxh.models import Dataset

SUBJECTS = {
    "health": [
        "bệnh viện huyện thiếu bác sĩ",
        "thuốc bảo hiểm y tế cấp chậm",
        "trạm y tế xã xuống cấp",
        "tiêm chủng cho trẻ em",
        "dịch sốt xuất huyết tăng",
        "khám chữa bệnh tuyến cơ sở",
    ],
    "education": [
        "học phí năm học mới",
        "trường tiểu học thiếu giáo viên",
        "sách giáo khoa thay đổi",
        "điểm trường bản xa học sinh đi lại khó",
        "kỳ thi tốt nghiệp trung học",
        "bữa ăn bán trú của học sinh",
    ],
    "environment": [
        "rác thải ven suối chưa được thu gom",
        "sạt lở đất sau mưa lớn",
        "khói bụi từ lò gạch",
        "nước sông bị ô nhiễm",
        "cháy rừng đầu nguồn",
        "lũ quét ở bản vùng cao",
    ],
}
REACTIONS = {
    "approve": [
        "nhân dân đồng tình, ủng hộ",
        "bà con phấn khởi, tin tưởng",
        "mọi người rất hài lòng",
    ],
    "oppose": ["nhân dân bức xúc, phản đối", "bà con không hài lòng", "người dân chưa đồng tình"],
    "hesitant": ["bà con băn khoăn, lo lắng", "một số hộ còn hoài nghi", "người dân e ngại"],
}


def corpus() -> list[tuple[str, str, str]]:
    """(text, field, tendency) for every subject and reaction."""
    return [
        (f"Ý kiến về {subject}\n{reaction.capitalize()} về {subject}.", field, tendency)
        for (field, subjects), (tendency, reactions) in itertools.product(
            SUBJECTS.items(), REACTIONS.items()
        )
        for subject, reaction in itertools.product(subjects, reactions)
    ]


def opinion_dataset(rows: list[tuple[str, str, str]]) -> Dataset:
    """One commune, one collaborator, one October report holding ``rows`` as items."""
    items = []
    for text, field, tendency in rows:
        title, _, content = text.partition("\n")
        items.append({"title": title, "content": content, "field": field, "tendency": tendency})
    return Dataset.model_validate(
        {
            "units": [{"code": "XA", "name": "Đảng ủy xã Thử", "level": "commune"}],
            "collaborators": [
                {
                    "id": "CTV-001",
                    "full_name": "Người Thử",
                    "unit": "XA",
                    "level": "commune",
                    "appointed_on": "2026-01-01",
                }
            ],
            "reports": [
                {
                    "id": "BC-001",
                    "period": "2026-10",
                    "reporter": {"kind": "collaborator", "id": "CTV-001"},
                    "submitted_on": "2026-10-15",
                    "items": items,
                }
            ],
        }
    )
