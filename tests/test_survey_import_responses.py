"""Survey responses from CSV/XLSX: Kobo exports, numbers, modes, validation, the example."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pytest

from dlxh.errors import DataValidationError, InputError
from dlxh.io import load
from dlxh.models.survey import Choice, Question, QuestionKind, Survey, SurveyMode
from dlxh.survey.importers import parse_mode, parse_number, read_responses
from dlxh.survey.xlsform import read_xlsform

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "survey"


def survey() -> Survey:
    return Survey(
        id="s",
        title="S",
        modes=[SurveyMode.PAPER, SurveyMode.ONLINE, SurveyMode.PHONE],
        questions=[
            Question(
                id="q1",
                text="Hài lòng?",
                kind=QuestionKind.SCALE,
                choices=[Choice(value=str(i), label=f"Mức {i}") for i in range(1, 5)],
            ),
            Question(
                id="q2",
                text="Kênh",
                kind=QuestionKind.MULTIPLE,
                choices=[
                    Choice(value="tv", label="TV"),
                    Choice(value="mxh", label="MXH"),
                    Choice(value="hop", label="Họp"),
                ],
            ),
            Question(id="tuoi", text="Tuổi", kind=QuestionKind.INTEGER),
            Question(id="tn", text="Thu nhập", kind=QuestionKind.DECIMAL),
            Question(id="ngay", text="Ngày", kind=QuestionKind.DATE),
        ],
    )


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("-3", -3),
        ("1,5", 1.5),
        ("1.5", 1.5),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1 234,5", 1234.5),
        ("1.234.567", 1234567),
        ("1,234,567", 1234567),
        ("2e3", 2000.0),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value
    assert type(parse_number(text)) is type(value)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "1.2.3,4,5", "1,", ".5e", "12a"])
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_number(text)


def test_parse_mode() -> None:
    assert parse_mode("paper") is SurveyMode.PAPER
    assert parse_mode("Phiếu giấy tự điền") is SurveyMode.PAPER
    assert parse_mode("giấy") is SurveyMode.PAPER
    assert parse_mode("Trực tuyến") is SurveyMode.ONLINE
    assert parse_mode("điện thoại") is SurveyMode.PHONE
    assert parse_mode("E-mail") is SurveyMode.EMAIL
    assert parse_mode("thư điện tử") is SurveyMode.EMAIL
    with pytest.raises(ValueError, match="unknown survey mode 'fax'"):
        parse_mode("fax")


KOBO = (
    "start;end;grp_a/q1;grp_a/q2;grp_a/q2/tv;grp_a/q2/mxh;grp_a/q2/hop;group_xy12-tuoi;tn;ngay;"
    "mode;trong_so;_id;_uuid;_submission_time;_index\n"
    "2026-11-01T08:00;2026-11-01T08:10;1;tv hop;1;0;1;35;1.234,5;2026-11-02;giấy;12,5;1;u1;t;1\n"
    "2026-11-01T09:00;2026-11-01T09:10;4;;;;;;;30/11/2026;Trực tuyến;10;2;u2;t;2\n"
    "2026-11-01T09:00;2026-11-01T09:10;;mxh;0;1;0;60;2,5;;phone;7,25;3;u3;t;3\n"
)


def test_kobo_csv_with_survey(tmp_path: Path) -> None:
    path = write(tmp_path / "kobo.csv", "\ufeff" + KOBO)
    r = read_responses(path, survey())
    assert r.n == len(r) == 3
    assert r.names == [
        "q1",
        "q2.tv",
        "q2.mxh",
        "q2.hop",
        "tuoi",
        "tn",
        "ngay",
        "trong_so",
    ]
    assert r["q1"] == ["1", "4", None]
    assert r["q2.tv"] == [1, None, 0]
    assert r["q2.mxh"] == [0, None, 1]
    assert r["q2.hop"] == [1, None, 0]
    assert r.multiple == {"q2": ["q2.tv", "q2.mxh", "q2.hop"]}
    assert r["tuoi"] == [35, None, 60]
    assert r["tn"] == [1234.5, None, 2.5]
    assert [str(d) for d in r["ngay"]] == ["2026-11-02", "2026-11-30", "None"]
    assert r["trong_so"] == [12.5, 10, 7.25]
    assert list(r.meta) == ["start", "end", "_id", "_uuid", "_submission_time", "_index"]
    assert r.meta["_uuid"] == ["u1", "u2", "u3"]
    assert r.modes == [SurveyMode.PAPER, SurveyMode.ONLINE, SurveyMode.PHONE]
    assert r.mode_counts() == {SurveyMode.PAPER: 1, SurveyMode.ONLINE: 1, SurveyMode.PHONE: 1}
    assert r.headers["tuoi"] == "group_xy12-tuoi"
    weights = r.numeric("trong_so")
    assert weights.tolist() == [12.5, 10.0, 7.25]
    assert math.isnan(r.numeric("tuoi")[1])
    with pytest.raises(ValueError, match="is not a number"):
        r.numeric("q1")
    rows = list(r.rows())
    assert rows[0]["mode"] is SurveyMode.PAPER and rows[0]["q1"] == "1"


def test_kobo_csv_without_survey(tmp_path: Path) -> None:
    path = write(tmp_path / "kobo.csv", KOBO)
    r = read_responses(path)
    assert r.names[:5] == ["q1", "q2.tv", "q2.mxh", "q2.hop", "tuoi"]
    assert r["q1"] == [1, 4, None]  # without a questionnaire, codes that are numbers are numbers
    assert r["q2.tv"] == [1, None, 0]
    assert r["tn"] == [1234.5, None, 2.5]
    assert r["ngay"] == ["2026-11-02", "30/11/2026", None]
    assert r.modes == [SurveyMode.PAPER, SurveyMode.ONLINE, SurveyMode.PHONE]


def test_only_text_select_multiple_and_dotted_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", "q1,q2\n1,tv mxh\n2,\n3,hop\n")
    r = read_responses(path, survey(), mode_column=None)
    assert r["q2.tv"] == [1, None, 0]
    assert r["q2.mxh"] == [1, None, 0]
    assert r["q2.hop"] == [0, None, 1]
    assert r.modes is None
    dotted = write(tmp_path / "b.csv", "q1,q2.tv,q2.mxh,q2.hop\n1,1,0,\n2,,,\n")
    r = read_responses(dotted, survey())
    assert r["q2.hop"] == [0, None]
    assert r.multiple == {"q2": ["q2.tv", "q2.mxh", "q2.hop"]}


def test_xlsx_responses(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["g/q1", "g/q2", "tuoi", "tn", "mode", "_id"])
    sheet.append([1, "tv", 40, 2.5, "phiếu giấy tự điền", 1])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["2", "mxh hop", 41.0, "3,75", "online", 2])
    path = tmp_path / "r.xlsx"
    workbook.save(path)
    r = read_responses(path, survey())
    assert r.n == 2
    assert r["q1"] == ["1", "2"]
    assert r["tuoi"] == [40, 41]
    assert r["tn"] == [2.5, 3.75]
    assert r["q2.hop"] == [0, 1]
    assert r.meta["_id"] == ["1", "2"]
    assert r.modes == [SurveyMode.PAPER, SurveyMode.ONLINE]


def test_validation_errors_name_row_column_and_value(tmp_path: Path) -> None:
    text = (
        "q1,q2,tuoi,tn,ngay,mode\n"
        "1,tv,30,1,2026-01-01,paper\n"
        "5,tv radio,3x,1.5.6,32/13/2026,email\n"
        "2,,30.5,,,fax\n"
    )
    path = write(tmp_path / "bad.csv", text)
    with pytest.raises(DataValidationError) as info:
        read_responses(path, survey())
    message = str(info.value)
    assert str(path) in message
    assert "row 3, column 'q1' (A3): '5' is not a choice of q1 (1, 2, 3, 4)" in message
    assert "row 3, column 'q2' (B3): 'radio' is not a choice of q2 (tv, mxh, hop)" in message
    assert "row 3, column 'tuoi' (C3): expected a whole number, got '3x'" in message
    assert "row 3, column 'tn' (D3): expected a number such as 12,5 or 12.5, got '1.5.6'" in message
    assert "row 3, column 'ngay' (E3): expected a date" in message
    assert "row 3, column 'mode' (F3): mode email is not one of survey's modes" in message
    assert "row 4, column 'tuoi' (C4): expected a whole number, got '30.5'" in message
    assert "row 4, column 'mode' (F4): unknown survey mode 'fax'" in message
    assert len(info.value.problems) == 8


def test_numeric_columns_and_codes(tmp_path: Path) -> None:
    path = write(tmp_path / "n.csv", "ma,w,ghi_chu\n001,1,a\n002,x,2\n")
    r = read_responses(path)
    assert r["ma"] == ["001", "002"]  # leading zeros: a code, not a number
    assert r["w"] == ["1", "x"]
    with pytest.raises(DataValidationError, match=r"row 3, column 'w' \(B3\): expected a number"):
        read_responses(path, numeric=["w"])


def test_bad_choice_column_and_flags(tmp_path: Path) -> None:
    path = write(tmp_path / "c.csv", "q2/tv,q2/radio\n2,1\n")
    with pytest.raises(DataValidationError) as info:
        read_responses(path, survey())
    message = str(info.value)
    assert "column 'q2/tv' (A2): expected 0 or 1, got '2'" in message
    assert "column 'q2/radio' (B2): 'radio' is not a choice of q2" in message


def test_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_responses(tmp_path / "none.csv")
    with pytest.raises(InputError, match=r"expected \.csv or \.xlsx"):
        read_responses(write(tmp_path / "a.json", "{}"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_responses(write(tmp_path / "l.csv", "tên\nHà\n", "latin-1"))
    with pytest.raises(InputError, match="row 2 has 3 cells but the header has 2"):
        read_responses(write(tmp_path / "w.csv", "a,b\n1,2,3\n"))
    with pytest.raises(InputError, match="'g/q1' and 'h/q1' both give column 'q1'"):
        read_responses(write(tmp_path / "d.csv", "g/q1,h/q1\n1,2\n"))
    with pytest.raises(InputError, match="the file is empty"):
        read_responses(write(tmp_path / "e.csv", ""))


def test_excel_sep_line_and_tabs(tmp_path: Path) -> None:
    r = read_responses(write(tmp_path / "s.csv", "sep=;\r\nq1;tn\r\n1;2,5\r\n"), survey())
    assert r["tn"] == [2.5]
    r = read_responses(write(tmp_path / "t.csv", "q1\ttn\n1\t2,5\n"))
    assert r["tn"] == [2.5]


def test_example_survey() -> None:
    spec = load(EXAMPLE / "survey.yaml", Survey)
    form = read_xlsform(EXAMPLE / "questionnaire.xlsx")
    assert form.questions == spec.questions
    assert spec.design is not None
    assert spec.design.target_size == 1200
    r = read_responses(EXAMPLE / "responses.csv", spec)
    assert r.n == 1200
    assert len(set(r["xa"])) == 10
    assert set(r.multiple["q2"]) == {"q2.tv", "q2.mxh", "q2.hop", "q2.loa", "q2.canbo"}
    assert 0 < sum(v is None for v in r["q1"]) < 60
    assert set(r.mode_counts()) == {SurveyMode.PAPER, SurveyMode.ONLINE, SurveyMode.PHONE}
    # Weights sum to each stratum's population, and the strata to the survey's population.
    weights, sizes = r.numeric("trong_so"), r.numeric("N_xa")
    assert abs(weights.sum() - spec.design.population_size) < 1
    assert spec.design.fpc == "N_xa" and spec.design.weight == "trong_so"
    by_commune = dict(zip(r["xa"], sizes, strict=True))
    assert sum(by_commune.values()) == spec.design.population_size
    population = read_responses(EXAMPLE / "population.csv")
    assert sum(population["so_nguoi"]) == spec.design.population_size
    assert len(population["so_nguoi"]) == 10 * 2 * 4
