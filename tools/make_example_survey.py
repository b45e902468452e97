"""Generate the synthetic example survey in ``examples/survey/`` (deterministic: seeded numpy).

Run ``python tools/make_example_survey.py`` from the repository root. It writes:

- ``questionnaire.xlsx``: the questionnaire in XLSForm, Vietnamese labels;
- ``responses.csv``: 1,200 respondents in 10 communes of Lai Châu, as a KoBoToolbox CSV export
  (meta columns, ``q2`` both space-separated and as ``q2/<choice>`` 0/1 columns), stratified by
  commune, with the design weight ``trong_so`` = N_h / n_h and the stratum population ``N_xa``
  (for the finite population correction), a ``mode`` column and a few missing answers;
- ``population.csv``: the population aged 18 and over by commune, sex and age group
  (margins for raking and the representativeness check);
- ``survey.yaml``: the :class:`dlxh.models.Survey` with its sample design.

The numbers are invented; only the commune names are real (after the 2025 reorganisation).
"""

from __future__ import annotations

import csv
import io
import math
import sys
import uuid
from pathlib import Path

import numpy as np
from vietnam_provinces import Ward

from dlxh.atomic import atomic_write
from dlxh.io import dump
from dlxh.models.survey import Choice, Question, QuestionKind, SampleDesign, Survey, SurveyMode
from dlxh.survey.xlsform import survey_to_xlsform

SEED = 20261101
TARGET = 1200
N_COMMUNES = 10
LAI_CHAU = 12
OUT = Path(__file__).resolve().parent.parent / "examples" / "survey"

SEXES = [("nam", "Nam"), ("nu", "Nữ")]
AGES = [("18-29", "Từ 18 đến 29 tuổi"), ("30-44", "Từ 30 đến 44 tuổi"),
        ("45-59", "Từ 45 đến 59 tuổi"), ("60plus", "Từ 60 tuổi trở lên")]  # fmt: skip
AGE_SHARE = np.array([0.30, 0.32, 0.24, 0.14])
SATISFACTION = [
    ("1", "Rất hài lòng"),
    ("2", "Hài lòng"),
    ("3", "Chưa hài lòng"),
    ("4", "Không hài lòng"),
]
CHANNELS = [
    ("tv", "Truyền hình, phát thanh"),
    ("mxh", "Mạng xã hội"),
    ("hop", "Họp khu dân cư, tổ dân phố"),
    ("loa", "Loa truyền thanh cơ sở"),
    ("canbo", "Cán bộ xã, thôn, bản"),
]
SUGGESTIONS = [
    "Rút ngắn thời gian giải quyết hồ sơ đất đai.",
    "Bố trí thêm cán bộ hướng dẫn dịch vụ công trực tuyến cho người cao tuổi.",
    "Cải thiện đường truyền Internet tại trung tâm phục vụ hành chính công.",
    "Niêm yết công khai thủ tục bằng tiếng dân tộc.",
    "Tăng cường tiếp dân lưu động tại các bản vùng sâu.",
]


def communes() -> list[Ward]:
    wards = sorted(Ward.iter_by_province(LAI_CHAU), key=lambda w: int(w.code))
    return wards[:N_COMMUNES]


def allocate(sizes: np.ndarray, total: int) -> np.ndarray:
    """Proportional allocation by largest remainder, at least 60 per stratum."""
    share = sizes / sizes.sum() * (total - 60 * len(sizes))
    base = np.floor(share).astype(int)
    rest = total - 60 * len(sizes) - base.sum()
    order = np.argsort(-(share - base), kind="stable")
    base[order[:rest]] += 1
    return base + 60


def build_survey(wards: list[Ward], population: int) -> Survey:
    z = 1.959964
    moe = z * math.sqrt(0.25 / TARGET) * math.sqrt((population - TARGET) / (population - 1))
    return Survey(
        id="DT-2026-01",
        title="Điều tra dư luận xã hội về mô hình chính quyền địa phương hai cấp",
        purpose=(
            "Nắm bắt mức độ hài lòng của người dân với việc giải quyết thủ tục hành chính "
            "sau sắp xếp đơn vị hành chính."
        ),
        population="Người dân từ 18 tuổi trở lên thường trú tại 10 xã, phường của tỉnh Lai Châu.",
        modes=[SurveyMode.PAPER, SurveyMode.ONLINE, SurveyMode.PHONE],
        starts_on="2026-11-01",
        ends_on="2026-11-30",
        unit="BTGDVTU",
        design=SampleDesign(
            description=(
                "Chọn mẫu phân tầng theo xã, phường (10 tầng), phân bổ tỷ lệ với dân số "
                "(tối thiểu 60 người mỗi tầng); trong mỗi tầng chọn ngẫu nhiên người trả lời. "
                "Trọng số thiết kế = dân số tầng / cỡ mẫu tầng."
            ),
            target_size=TARGET,
            population_size=population,
            margin_of_error=round(moe, 3),
            strata="xa",
            weight="trong_so",
            fpc="N_xa",
        ),
        questions=[
            Question(
                id="xa",
                text="Xã, phường nơi ông/bà thường trú",
                choices=[Choice(value=w.codename, label=w.name) for w in wards],
                group="thong_tin",
            ),
            Question(
                id="gioi_tinh",
                text="Giới tính",
                choices=[Choice(value=v, label=lab) for v, lab in SEXES],
                group="thong_tin",
            ),
            Question(
                id="nhom_tuoi",
                text="Nhóm tuổi",
                choices=[Choice(value=v, label=lab) for v, lab in AGES],
                group="thong_tin",
            ),
            Question(
                id="q1",
                text=(
                    "Ông/bà có hài lòng với việc giải quyết thủ tục hành chính tại xã, "
                    "phường không?"
                ),
                kind=QuestionKind.SCALE,
                choices=[Choice(value=v, label=lab) for v, lab in SATISFACTION],
                group="danh_gia",
            ),
            Question(
                id="q2",
                text="Ông/bà biết thông tin về việc sắp xếp qua những kênh nào?",
                kind=QuestionKind.MULTIPLE,
                choices=[Choice(value=v, label=lab) for v, lab in CHANNELS],
                group="danh_gia",
            ),
            Question(
                id="q3",
                text="Kiến nghị của ông/bà",
                kind=QuestionKind.TEXT,
                required=False,
                group="danh_gia",
            ),
        ],
    )


def main() -> int:  # noqa: PLR0915
    rng = np.random.default_rng(SEED)
    wards = communes()
    sizes = rng.integers(4_000, 16_000, size=len(wards))
    sizes = (sizes // 10 * 10).astype(int)
    # Population aged 18+ by commune x sex x age group.
    cells: list[tuple[str, str, str, int]] = []
    for ward, size in zip(wards, sizes, strict=True):
        ages = AGE_SHARE * rng.uniform(0.85, 1.15, size=4)
        ages = ages / ages.sum()
        female = rng.uniform(0.48, 0.53)
        counts = np.outer([1 - female, female], ages) * size
        counts = np.floor(counts).astype(int)
        counts[0, 0] += size - counts.sum()
        for i, (sex, _) in enumerate(SEXES):
            for j, (age, _) in enumerate(AGES):
                cells.append((ward.codename, sex, age, int(counts[i, j])))
    population = int(sizes.sum())
    survey = build_survey(wards, population)
    sample = allocate(sizes.astype(float), TARGET)

    pop = io.StringIO()
    writer = csv.writer(pop, lineterminator="\n")
    writer.writerow(["xa", "ten_xa", "gioi_tinh", "nhom_tuoi", "so_nguoi"])
    names = {w.codename: w.name for w in wards}
    for code, sex, age, count in cells:
        writer.writerow([code, names[code], sex, age, count])

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    channel_codes = [c for c, _ in CHANNELS]
    writer.writerow(
        [
            "start",
            "end",
            "xa",
            "gioi_tinh",
            "nhom_tuoi",
            "q1",
            "q2",
            *(f"q2/{c}" for c in channel_codes),
            "q3",
            "mode",
            "trong_so",
            "N_xa",
            "_id",
            "_uuid",
            "_submission_time",
            "_index",
        ]
    )
    # Non-response bias: older people and men answer more often, so raking has work to do.
    response_bias = np.outer([1.15, 0.85], [0.7, 0.95, 1.2, 1.4])
    index = 0
    for h, (ward, size, n_h) in enumerate(zip(wards, sizes, sample, strict=True)):
        block = np.array([c[3] for c in cells[h * 8 : (h + 1) * 8]], dtype=float).reshape(2, 4)
        p = (block * response_bias).ravel()
        p /= p.sum()
        picks = rng.choice(8, size=int(n_h), p=p)
        commune_effect = rng.normal(0, 0.35)
        for pick in picks:
            sex_i, age_i = divmod(int(pick), 4)
            index += 1
            # Satisfaction: an ordered-logit-like draw, older people more satisfied.
            latent = commune_effect + 0.25 * age_i - 0.1 * sex_i + rng.logistic(0, 0.9)
            q1 = 1 + int(np.searchsorted([-0.2, 1.1, 2.3], -latent + 1.2))
            q1_text = "" if rng.random() < 0.02 else str(q1)
            channel_p = np.array([0.55, 0.75 - 0.12 * age_i, 0.45, 0.4 + 0.05 * age_i, 0.35])
            chosen = rng.random(5) < channel_p
            if not chosen.any():
                chosen[rng.integers(0, 5)] = True
            q2_missing = rng.random() < 0.015
            q2 = (
                ""
                if q2_missing
                else " ".join(c for c, k in zip(channel_codes, chosen, strict=True) if k)
            )
            flags = ["" if q2_missing else str(int(k)) for k in chosen]
            q3 = SUGGESTIONS[int(rng.integers(0, len(SUGGESTIONS)))] if rng.random() < 0.12 else ""
            mode = str(
                rng.choice(
                    ["paper", "online", "phone"],
                    p=[0.55 - 0.1 * (age_i < 2), 0.3 + 0.1 * (age_i < 2), 0.15],
                )
            )
            day = 1 + int(rng.integers(0, 30))
            minute = int(rng.integers(0, 600))
            start = f"2026-11-{day:02d}T{7 + minute // 60:02d}:{minute % 60:02d}:00.000+07:00"
            length = 8 + int(rng.integers(0, 15))
            m2 = minute + length
            end = f"2026-11-{day:02d}T{7 + m2 // 60:02d}:{m2 % 60:02d}:00.000+07:00"
            submitted = f"2026-11-{day:02d}T{8 + m2 // 60:02d}:{m2 % 60:02d}:00"
            writer.writerow(
                [
                    start,
                    end,
                    ward.codename,
                    SEXES[sex_i][0],
                    AGES[age_i][0],
                    q1_text,
                    q2,
                    *flags,
                    q3,
                    mode,
                    f"{size / n_h:.4f}",
                    int(size),
                    100000 + index,
                    str(uuid.UUID(int=int(rng.integers(0, 2**63)) << 64 | index, version=4)),
                    submitted,
                    index,
                ]
            )

    OUT.mkdir(parents=True, exist_ok=True)
    atomic_write(OUT / "responses.csv", out.getvalue().encode("utf-8"))
    atomic_write(OUT / "population.csv", pop.getvalue().encode("utf-8"))
    survey_to_xlsform(survey, OUT / "questionnaire.xlsx")
    dump(survey, OUT / "survey.yaml")
    print(f"wrote {OUT} ({index} respondents, population {population:,})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
