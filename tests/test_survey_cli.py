"""``dlxh survey``: estimates as text and JSON, sample sizes, and the plan and results report."""

from __future__ import annotations

import json
from pathlib import Path

import docx

import dlxh
from cli_runner import run

SURVEY = Path(__file__).resolve().parent.parent / "examples" / "survey"
APISTRAT = Path(__file__).resolve().parent / "data" / "api" / "apistrat.csv"


def test_estimate_json_shape_and_r_values() -> None:
    code, out, _ = run(
        "survey",
        "estimate",
        str(APISTRAT),
        "--weight",
        "pw",
        "--strata",
        "stype",
        "--fpc",
        "fpc",
        "--mean",
        "api00",
        "--json",
    )
    assert code == 0
    payload = json.loads(out)
    [estimate] = payload["estimates"]
    # R: svymean(~api00, dstrat) = 662.29, SE 9.4089 (survey tests/api.Rout.save)
    assert round(estimate["estimate"], 2) == 662.29
    assert round(estimate["se"], 4) == 9.4089
    assert set(estimate) == {
        "variable",
        "statistic",
        "domain",
        "estimate",
        "se",
        "ci_low",
        "ci_high",
        "deff",
        "df",
        "n",
    }
    assert payload["design"]["strata"] == "stype"


def test_estimate_text_and_shares(tmp_path: Path) -> None:
    code, out, _ = run(
        "survey",
        "estimate",
        str(SURVEY / "responses.csv"),
        "--weight",
        "trong_so",
        "--strata",
        "xa",
        "--fpc",
        "N_xa",
        "--prop",
        "q1=4",
        "--by",
        "gioi_tinh",
        "--ci",
        "beta",
    )
    assert code == 0 and "q1=4" in out and "%" in out and "1.200 phiếu" in out
    assert "tỷ lệ" in out and "proportion" not in out  # the table speaks Vietnamese


def test_estimate_bad_input(tmp_path: Path) -> None:
    responses = str(SURVEY / "responses.csv")
    code, _, err = run("survey", "estimate", responses, "--weight", "khong_co", "--mean", "q1")
    assert code != 0 and "khong_co" in err and "Traceback" not in err
    code, _, err = run("survey", "estimate", responses, "--prop", "q1")
    assert code == 2 and "COLUMN=VALUE" in err
    code, _, err = run("survey", "estimate", responses)
    assert code == 2 and "nothing to estimate" in err
    code, _, err = run("survey", "estimate", responses, "--mean", "q1", "--ci", "wald")
    assert code == 2 and "--ci must be" in err


def test_sample_size() -> None:
    assert run("survey", "sample-size", "--moe", "0.03")[1].strip() == "1.068"
    code, out, _ = run(
        "survey",
        "sample-size",
        "--moe",
        "0.03",
        "--deff",
        "1.5",
        "--population",
        "95340",
        "--response-rate",
        "0.9",
    )
    assert code == 0 and int(out.strip().replace(".", "")) > 1068
    code, _, err = run("survey", "sample-size", "--moe", "0")
    assert code == 2 and "error" in err


def test_report_renders_plan_and_results(tmp_path: Path) -> None:
    code, out, _ = run("survey", "report", str(SURVEY), "--out", str(tmp_path))
    assert code == 0, out
    plan = tmp_path / "ke-hoach-dieu-tra.docx"
    results = tmp_path / "bao-cao-ket-qua-dieu-tra.docx"
    assert dlxh.check(plan).ok and dlxh.check(results).ok
    document = docx.Document(str(results))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "PHƯƠNG PHÁP VÀ ĐỘ TIN CẬY" in text and "Thu về 1.200 phiếu hợp lệ" in text
    assert "Kiểm tra tính đại diện theo giới tính" in text
    assert len(document.inline_shapes) == 2  # one chart per choice question
    plan_text = "\n".join(p.text for p in docx.Document(str(plan)).paragraphs)
    assert "cỡ mẫu" in plan_text and "HÌNH THỨC ĐIỀU TRA" in plan_text
    # drafts unless numbered: the văn thư numbers them
    assert {f.rule for f in dlxh.check(plan).findings} == {"number.blank"}
    # list items as a clerk punctuates them: ";" then "." at the last
    modes = plan_text.split("HÌNH THỨC ĐIỀU TRA", 1)[1].split("\n")[1:4]
    assert [line[-1] for line in modes] == [";", ";", "."], modes


def test_report_numbers_plan_and_results(tmp_path: Path) -> None:
    code, out, _ = run(
        "survey",
        "report",
        str(SURVEY),
        "--out",
        str(tmp_path),
        "--plan-number",
        "3",
        "--number",
        "8",
    )
    assert code == 0, out
    for name, line in (("ke-hoach-dieu-tra", "-KH/"), ("bao-cao-ket-qua-dieu-tra", "-BC/")):
        report = dlxh.check(tmp_path / f"{name}.docx")
        assert report.findings == [], report.findings
        cells = docx.Document(str(tmp_path / f"{name}.docx")).tables[0]._cells
        assert any(c.text.startswith("Số 0") and line in c.text for c in cells)
