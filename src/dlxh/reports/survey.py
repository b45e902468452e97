"""Survey documents: the KẾ HOẠCH of a survey and the BÁO CÁO of its results.

Both are ordinary :class:`~dlxh.models.Document` objects built from the survey's own data, so
they render through the same templates and pass the same checker as every other document. The
results report carries a methods note (design, sample size, response rate, margin of error) and
the representativeness check, as seed 003 asks of every DLXH survey.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from dlxh.models import Document, DocumentType, Issuer, Profile, Signer, Survey
from dlxh.reports._blocks import heading, numbered, paragraph, report_document
from dlxh.reports.charts import share_chart
from dlxh.vn import format_date_short, format_number, format_percent

__all__ = ["EstimateRow", "survey_plan_document", "survey_results_document"]


class EstimateRow(Protocol):
    """What the results report reads from an estimate (``dlxh.survey.Estimate`` has it all)."""

    variable: str
    statistic: str
    domain: str | None
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    n: int


def _listed(items: list[str]) -> list[str]:
    """List items punctuated as a clerk does: ";" after each, "." after the last; an item that
    already ends with its own mark (a question's "?") keeps it."""
    punctuated = []
    for number, item in enumerate(items, start=1):
        text = item.rstrip(" ;,.")
        if item.rstrip().endswith(("?", "!", ":")):
            punctuated.append(item.rstrip())
        else:
            punctuated.append(text + ("." if number == len(items) else ";"))
    return punctuated


def survey_plan_document(
    survey: Survey,
    *,
    issuer: Issuer,
    place: str,
    date: dt.date,
    planned_size: int | None = None,
    number: int | None = None,
    signer: Signer | None = None,
    recipients: Sequence[str] = (),
    archive: str = "Văn phòng",
    profile: Profile = Profile.DANG,
) -> Document:
    """The KẾ HOẠCH of ``survey``: purpose, population, sample and its precision, modes,
    questionnaire and timeline. ``planned_size`` is the size the sample-size formula gives
    (:func:`dlxh.survey.sample_size`); the design's target size is used when it is not given."""
    design = survey.design
    body: list[dict[str, Any]] = [heading(1, "Mục đích, yêu cầu")]
    body.append(paragraph(survey.purpose or f"Nắm bắt dư luận xã hội về {survey.title.lower()}."))
    body.append(
        paragraph(
            "Cuộc điều tra bảo đảm tính đại diện (chọn mẫu), tính khoa học, khách quan, độ tin cậy "
            "và tính kịp thời của thông tin."
        )
    )
    body.append(heading(1, "Đối tượng, phạm vi và mẫu điều tra"))
    if survey.population:
        body.append(heading(2, "Đối tượng, phạm vi"))
        body.append(paragraph(survey.population))
    if design is not None:
        body.append(heading(2, "Thiết kế mẫu"))
        body.append(paragraph(design.description))
        size = planned_size or design.target_size
        facts = []
        if size:
            facts.append(f"cỡ mẫu {format_number(size)} người")
        if design.margin_of_error:
            facts.append(
                f"sai số tối đa ±{format_percent(design.margin_of_error, 1)} ở độ tin cậy "
                f"{format_percent(design.confidence_level, 0)}"
            )
        if design.population_size:
            facts.append(f"tổng thể {format_number(design.population_size)} người")
        if facts:
            body.append(paragraph("Dự kiến " + "; ".join(facts) + "."))
    body.append(heading(1, "Hình thức điều tra"))
    body.append(
        {"type": "bullets", "items": _listed([mode.label.capitalize() for mode in survey.modes])}
    )
    if survey.questions:
        body.append(heading(1, "Nội dung phiếu hỏi"))
        body.append(
            {
                "type": "numbered",
                "items": _listed([q.text.replace("\n", " ") for q in survey.questions]),
            }
        )
    if survey.starts_on and survey.ends_on:
        body.append(heading(1, "Tiến độ thực hiện"))
        body.append(
            paragraph(
                f"Thu thập phiếu từ ngày {format_date_short(survey.starts_on)} đến ngày "
                f"{format_date_short(survey.ends_on)}; xử lý số liệu và báo cáo kết quả trong "
                "15 ngày sau khi kết thúc thu thập phiếu."
            )
        )
    body.append(heading(1, "Tổ chức thực hiện"))
    body.append(
        paragraph(
            "Các đơn vị được chọn mẫu phối hợp tổ chức thu thập phiếu theo đúng quy trình, bảo đảm "
            "bí mật thông tin của người trả lời."
        )
    )
    return report_document(
        DocumentType.KE_HOACH,
        survey.title,
        body,
        issuer=issuer,
        place=place,
        date=date,
        number=number,
        signer=signer,
        recipients=recipients,
        archive=archive,
        profile=profile,
    )


def survey_results_document(
    survey: Survey,
    estimates: Sequence[EstimateRow],
    *,
    issuer: Issuer,
    place: str,
    date: dt.date,
    methods: str,
    labels: Mapping[str, str] | None = None,
    representativeness: str | None = None,
    charts: bool = True,
    number: int | None = None,
    signer: Signer | None = None,
    recipients: Sequence[str] = (),
    archive: str = "Văn phòng",
    profile: Profile = Profile.DANG,
) -> Document:
    """The BÁO CÁO kết quả điều tra: estimates with their intervals (tables, and bar charts of
    shares with error bars), the methods note and the representativeness check.

    ``estimates`` are proportions (0-1) or means; ``labels`` maps a variable name (``q1=2``) to
    the wording a reader sees (``Hài lòng``). ``methods`` states the design, sample size,
    response rate and margin of error in a sentence or two.
    """
    names = dict(labels or {})
    body: list[dict[str, Any]] = [heading(1, "Khái quát cuộc điều tra")]
    body.append(paragraph(survey.purpose or survey.title))
    body.append(heading(1, "Kết quả điều tra"))
    groups: dict[str, list[EstimateRow]] = {}
    for row in estimates:
        question = row.variable.split("=")[0]
        groups.setdefault(question, []).append(row)
    for question, rows in groups.items():
        title = names.get(question) or _question_text(survey, question)
        body.append(heading(2, title))
        proportions = all(r.statistic in ("proportion", "ciprop") for r in rows)
        scale = 100.0 if proportions else 1.0
        unit = "%" if proportions else ""
        table_rows = [
            [
                names.get(r.variable, r.variable),
                r.domain or "Chung",
                f"{format_number(r.estimate * scale, 1)}{unit}",
                f"{format_number(r.ci_low * scale, 1)} - {format_number(r.ci_high * scale, 1)}",
                format_number(r.n),
            ]
            for r in rows
        ]
        body.append(
            {
                "type": "table",
                "caption": title,
                "header": [
                    [
                        "Nội dung",
                        "Nhóm",
                        "Tỷ lệ" if proportions else "Ước lượng",
                        "Khoảng tin cậy 95%",
                        "Số phiếu",
                    ]
                ],
                "rows": table_rows,
                "widths_mm": [55, 30, 25, 35, 20],
            }
        )
        overall = [r for r in rows if r.domain is None]
        if charts and proportions and overall:
            image = share_chart(
                [names.get(r.variable, r.variable) for r in overall],
                [r.estimate * 100 for r in overall],
                [r.ci_low * 100 for r in overall],
                [r.ci_high * 100 for r in overall],
            )
            body.append({"type": "image", "data": image, "width_mm": 150, "caption": title})
    body.append(heading(1, "Phương pháp và độ tin cậy"))
    body.append(paragraph(methods))
    if representativeness:
        body.append(paragraph(representativeness))
    return report_document(
        DocumentType.BAO_CAO,
        f"Kết quả {survey.title[0].lower()}{survey.title[1:]}",
        numbered(body),
        issuer=issuer,
        place=place,
        date=date,
        number=number,
        signer=signer,
        recipients=recipients,
        archive=archive,
        profile=profile,
    )


def _question_text(survey: Survey, question_id: str) -> str:
    for question in survey.questions:
        if question.id == question_id:
            return question.text.replace("\n", " ")
    return question_id
