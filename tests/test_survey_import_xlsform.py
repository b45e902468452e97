"""XLSForm questionnaires: reading, errors naming sheet/row/column, and the round trip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from dlxh.errors import DataValidationError, InputError
from dlxh.models.survey import Choice, Question, QuestionKind, Survey
from dlxh.survey.xlsform import read_xlsform, survey_to_xlsform

LABEL = "label::Vietnamese (vi)"


def make_form(
    path: Path,
    survey: list[list[Any]],
    choices: list[list[Any]] | None = None,
    settings: list[list[Any]] | None = None,
) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    if choices is not None:
        choice_sheet = workbook.create_sheet("choices")
        for row in choices:
            choice_sheet.append(row)
    if settings is not None:
        settings_sheet = workbook.create_sheet("settings")
        for row in settings:
            settings_sheet.append(row)
    workbook.save(path)
    return path


SURVEY = [
    ["type", "name", "label::English (en)", LABEL, "required", "appearance"],
    ["start", "start", None, None, None, None],
    ["deviceid", "deviceid", None, None, None, None],
    ["begin_group", "thong_tin", "Respondent", "Thông tin chung", None, None],
    ["select_one sex", "gioi_tinh", "Sex", "Giới tính", "yes", None],
    ["integer", "tuoi", "Age", "Tuổi", "true", None],
    ["end_group", None, None, None, None, None],
    ["begin group", "danh_gia", "Assessment", "Đánh giá", None, None],
    ["note", "intro", "Thanks", "Cảm ơn", None, None],
    ["select_one sat", "q1", "Satisfied?", "Ông/bà có hài lòng không?", "yes", "likert"],
    ["select_multiple channels", "q2", "Channels", "Qua những kênh nào?", "no", None],
    ["begin_group", "them", "More", "Thêm", None, None],
    ["decimal", "thu_nhap", "Income", "Thu nhập (triệu đồng)", None, None],
    ["end_group", None, None, None, None, None],
    ["end group", None, None, None, None, None],
    ["calculate", "c1", None, None, None, None],
    ["text", "q3", "Suggestions", "Kiến nghị", "FALSE", None],
    ["date", "ngay", "Date", "Ngày phỏng vấn", None, None],
]
CHOICES = [
    ["list_name", "name", "label::English (en)", LABEL],
    ["sex", "nam", "Male", "Nam"],
    ["sex", "nu", "Female", "Nữ"],
    ["sat", 1, "Very", "Rất hài lòng"],
    ["sat", 2, "Yes", "Hài lòng"],
    ["sat", 3, "No", "Chưa hài lòng"],
    ["channels", "tv", "TV", "Truyền hình"],
    ["channels", "mxh", "Social media", "Mạng xã hội"],
]


@pytest.fixture
def form(tmp_path: Path) -> Path:
    settings = [["form_title", "form_id"], ["Khảo sát thử", "ks_thu"]]
    return make_form(tmp_path / "form.xlsx", SURVEY, CHOICES, settings)


def test_types_groups_and_vietnamese_labels(form: Path) -> None:
    survey = read_xlsform(form)
    assert survey.id == "ks_thu"
    assert survey.title == "Khảo sát thử"
    assert [q.id for q in survey.questions] == [
        "gioi_tinh",
        "tuoi",
        "q1",
        "q2",
        "thu_nhap",
        "q3",
        "ngay",
    ]
    kinds = {q.id: q.kind for q in survey.questions}
    assert kinds == {
        "gioi_tinh": QuestionKind.SINGLE,
        "tuoi": QuestionKind.INTEGER,
        "q1": QuestionKind.SCALE,
        "q2": QuestionKind.MULTIPLE,
        "thu_nhap": QuestionKind.DECIMAL,
        "q3": QuestionKind.TEXT,
        "ngay": QuestionKind.DATE,
    }
    sex = survey.question("gioi_tinh")
    assert sex.text == "Giới tính"
    assert sex.choices == [Choice(value="nam", label="Nam"), Choice(value="nu", label="Nữ")]
    assert [c.value for c in survey.question("q1").choices] == ["1", "2", "3"]
    assert sex.group == "thong_tin"
    assert survey.question("q1").group == "danh_gia"
    assert survey.question("thu_nhap").group == "danh_gia/them"
    assert survey.question("q3").group is None
    required = {q.id: q.required for q in survey.questions}
    assert required["gioi_tinh"] and required["tuoi"] and required["q1"]
    assert not required["q2"] and not required["q3"] and not required["ngay"]


def test_other_language(form: Path) -> None:
    survey = read_xlsform(form, language="en")
    assert survey.question("gioi_tinh").text == "Sex"
    assert survey.question("q2").choices[1].label == "Social media"
    with pytest.raises(InputError, match="no label column for language 'fr'"):
        read_xlsform(form, language="fr")


def test_plain_label_and_defaults_from_file_name(tmp_path: Path) -> None:
    path = make_form(
        tmp_path / "phieu-hoi.xlsx",
        [["type", "name", "label"], ["text", "q1", "Ý kiến"]],
    )
    survey = read_xlsform(path)
    assert survey.id == "phieu-hoi"
    assert survey.title == "phieu-hoi"
    assert survey.question("q1").text == "Ý kiến"
    assert survey.question("q1").required is False


def test_missing_sheet(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Sheet1"
    path = tmp_path / "x.xlsx"
    workbook.save(path)
    with pytest.raises(InputError, match="no sheet named 'survey'"):
        read_xlsform(path)


def test_not_a_workbook_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_text("hello")
    with pytest.raises(InputError, match=r"not a readable \.xlsx"):
        read_xlsform(bad)
    with pytest.raises(InputError, match="no such file"):
        read_xlsform(tmp_path / "none.xlsx")


def test_missing_column(tmp_path: Path) -> None:
    path = make_form(tmp_path / "f.xlsx", [["kind", "name", "label"], ["text", "q1", "A"]])
    with pytest.raises(InputError, match="sheet 'survey' has no column 'type'"):
        read_xlsform(path)


def test_errors_name_sheet_row_and_column(tmp_path: Path) -> None:
    survey = [
        ["type", "name", "label", "required"],
        ["select_one nolist", "q1", "Câu 1", "yes"],
        ["text", "q2", "Câu 2", "perhaps"],
        ["text", "q2", "Câu 2 lặp", None],
        ["geo_unknown", "q4", "Câu 4", None],
        ["integer", "q5", None, None],
        ["end_group", None, None, None],
    ]
    choices = [["list_name", "name", "label"], ["yn", "1", "Có"], ["yn", "1", "Có nữa"]]
    path = make_form(tmp_path / "f.xlsx", survey, choices)
    with pytest.raises(DataValidationError) as info:
        read_xlsform(path)
    message = str(info.value)
    assert str(path) in message
    assert "sheet 'survey', row 2, column 'type' (A2): unknown choice list 'nolist'" in message
    assert "sheet 'survey', row 3, column 'required' (D3): expected yes or no" in message
    assert (
        "sheet 'survey', row 4, column 'name' (B4): name 'q2' is already used in row 3" in message
    )
    assert "row 5, column 'type' (A5): unknown XLSForm type 'geo_unknown'" in message
    assert "row 6, column 'label' (C6): question 'q5' has no label" in message
    assert "row 7, column 'type' (A7): end_group without a matching begin_group" in message
    assert "sheet 'choices', row 3, column 'name' (B3): choice '1' appears twice" in message


def test_unclosed_group_and_too_few_choices(tmp_path: Path) -> None:
    survey = [
        ["type", "name", "label"],
        ["begin_group", "g", "Nhóm"],
        ["select_one one", "q1", "Câu 1"],
    ]
    choices = [["list_name", "name", "label"], ["one", "a", "A"]]
    path = make_form(tmp_path / "f.xlsx", survey, choices)
    with pytest.raises(DataValidationError) as info:
        read_xlsform(path)
    message = str(info.value)
    assert "row 2, column 'type' (A2): group 'g' is never closed" in message
    assert "row 3, column 'name' (B3), field question: question q1 of kind single needs" in message


def sample_survey() -> Survey:
    return Survey(
        id="DT-2026-01",
        title="Điều tra thử",
        questions=[
            Question(
                id="xa",
                text="Xã, phường",
                choices=[Choice(value="a", label="Xã A"), Choice(value="b", label="Xã B")],
                group="thong_tin",
            ),
            Question(
                id="q1",
                text="Mức độ hài lòng",
                kind=QuestionKind.SCALE,
                choices=[Choice(value=str(i), label=f"Mức {i}") for i in range(1, 5)],
                group="danh_gia",
            ),
            Question(
                id="q2",
                text="Kênh thông tin",
                kind=QuestionKind.MULTIPLE,
                choices=[Choice(value="tv", label="TV"), Choice(value="mxh", label="MXH")],
                group="danh_gia/kenh",
                required=False,
            ),
            Question(id="tuoi", text="Tuổi", kind=QuestionKind.INTEGER, group="danh_gia"),
            Question(id="tn", text="Thu nhập", kind=QuestionKind.DECIMAL, required=False),
            Question(id="ngay", text="Ngày", kind=QuestionKind.DATE),
            Question(id="q3", text="Kiến nghị", kind=QuestionKind.TEXT, required=False),
        ],
    )


def test_round_trip(tmp_path: Path) -> None:
    survey = sample_survey()
    path = survey_to_xlsform(survey, tmp_path / "out.xlsx")
    back = read_xlsform(path)
    assert back.id == survey.id
    assert back.title == survey.title
    assert back.questions == survey.questions
    # Deterministic bytes: the same survey gives the same file.
    again = survey_to_xlsform(survey, tmp_path / "again.xlsx")
    assert again.read_bytes() == path.read_bytes()


def test_round_trip_plain_label_and_group_text(tmp_path: Path) -> None:
    survey = Survey(
        id="s",
        title="S",
        questions=[Question(id="q", text="Câu", kind=QuestionKind.TEXT, group="Phần A. Chung")],
    )
    path = survey_to_xlsform(survey, tmp_path / "out.xlsx", language=None)
    sheet = openpyxl.load_workbook(path)["survey"]
    assert [c.value for c in sheet[1]][:3] == ["type", "name", "label"]
    assert [c.value for c in sheet[2]][:3] == ["begin_group", "phan_a_chung", "Phần A. Chung"]
    assert read_xlsform(path).questions[0].group == "phan_a_chung"
