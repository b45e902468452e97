"""The ``dlxh`` command: output, exit codes, and no tracebacks for user mistakes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli_runner import run

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "data"


def test_version() -> None:
    from dlxh import __version__

    code, out, _ = run("--version")
    assert code == 0 and out.strip() == f"dlxh {__version__}"


def test_schema_prints_json_schema() -> None:
    code, out, _ = run("schema", "document")
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "Document"
    assert {"issuer", "number", "profile", "body", "signer"} <= set(schema["properties"])
    code, out, _ = run("schema", "--list")
    assert code == 0 and "opinion-report" in out and "FollowUp" in out


def test_schema_unknown_model() -> None:
    code, _, err = run("schema", "nothing")
    assert code == 2
    assert "unknown model 'nothing'; choose one of: dataset, unit" in err


def test_validate_sample_and_bad_files(tmp_path: Path) -> None:
    code, out, _ = run("validate", str(EXAMPLES))
    assert code == 0 and "ok" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text("events:\n  - {id: E1, kind: party, title: x, date: 2026-01-01}\n", "utf-8")
    code, _, err = run("validate", str(bad))
    assert code == 1
    assert "events.0.kind" in err and "got 'party'" in err
    code, _, err = run("validate", str(tmp_path / "missing.yaml"))
    assert code == 2 and "no such file" in err
    item = tmp_path / "item.json"
    item.write_text('{"title": "t", "content": "c", "field": "land"}', "utf-8")
    code, out, _ = run("validate", "--model", "opinion-item", str(item))
    assert code == 0 and "OpinionItem" in out
    code, _, err = run("validate", "--model", "unit", str(EXAMPLES))
    assert code == 2 and "folders hold a dataset, not a Unit" in err


def test_convert_normalises(tmp_path: Path) -> None:
    source = tmp_path / "c.yaml"
    source.write_text(
        "collaborators:\n"
        "  - {id: C1, full_name: '  Nguyễn Thị Hoà ', unit: U, level: xã, "
        "contact: {phone: '0912 345 678'}}\n",
        "utf-8",
    )
    out = tmp_path / "c.json"
    code, _, _ = run("convert", str(source), str(out))
    assert code == 0
    data = json.loads(out.read_text("utf-8"))
    person = data["collaborators"][0]
    assert person["full_name"] == "Nguyễn Thị Hoà"
    assert person["contact"]["phone"] == "+84912345678"
    assert person["level"] == "commune"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["vn", "date", "2024-01-05"], "ngày 05 tháng 01 năm 2024"),
        (["vn", "date", "2019-06-29", "--place", "Hà Nội"], "Hà Nội, ngày 29 tháng 6 năm 2019"),
        (["vn", "number", "1443"], "1.443"),
        (["vn", "number", "1234.56", "--decimals", "1"], "1.234,6"),
        (["vn", "share", "62", "66"], "94%"),
        (["vn", "share", "62", "66", "--rounding", "down"], "93%"),
        (["vn", "words", "2025"], "hai nghìn không trăm hai mươi lăm"),
        (["vn", "words", "1005", "--le"], "một nghìn không trăm lẻ năm"),
        (["vn", "words", "2025", "--currency", "đồng"], "Hai nghìn không trăm hai mươi lăm đồng"),
        (["vn", "roman", "14"], "XIV"),
    ],
)
def test_vn_commands(args: list[str], expected: str) -> None:
    code, out, _ = run(*args)
    assert code == 0 and out.strip() == expected


def test_vn_unit_lookup() -> None:
    code, out, _ = run("vn", "unit", "Phong Thổ")
    assert code == 0 and "03549" in out and "Xã Phong Thổ" in out
    code, _, err = run("vn", "unit", "Không Có Nơi Này")
    assert code == 2 and "no province or commune named 'Không Có Nơi Này'" in err
    code, _, err = run("vn", "unit", "Ha Noii")
    assert code == 2 and "did you mean: Thành phố Hà Nội?" in err
    for query in ("3549", "03549"):
        code, out, _ = run("vn", "unit", query)
        assert code == 0 and "Xã Phong Thổ" in out
    code, _, err = run("vn", "unit", " ")
    assert code == 2 and "give a name or a code" in err
    code, _, err = run("vn", "unit", "Ba Đình", "--province", "Lai Chauu")
    assert code == 2 and "did you mean: Lai Châu?" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["vn", "date", "2024-02-30"], "DATE: '2024-02-30' is not a real date"),
        (["vn", "date", "hôm qua"], "DATE: 'hôm qua'"),
        (["vn", "number", "abc"], "not a number: 'abc'"),
        (["vn", "share", "1", "0"], "error:"),
        (["vn", "roman", "4000"], "error:"),
    ],
)
def test_vn_bad_input(args: list[str], message: str) -> None:
    code, _, err = run(*args)
    assert code == 2 and message in err


def test_demo_prints_the_sample_summary() -> None:
    code, out, _ = run("demo", str(EXAMPLES))
    assert code == 0
    for expected in (
        "Số 05-HD/BTGDVTU",
        "Số: 15/BC-UBND",
        "Lai Châu, ngày 05 tháng 01 năm 2026",
        "K/T TRƯỞNG BAN",
        "- Lưu: VT, VX.",
        "muộn 4 ngày",
        "(60%)",
    ):
        assert expected in out, expected


def test_console_script_reports_errors_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("units:\n  - {code: 'A B', name: x, level: agency}\n", "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "dlxh", "demo", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "units.0.code: String should match pattern" in result.stderr


def test_validate_suggests_the_model_a_file_seems_to_hold() -> None:
    document = ROOT / "examples" / "documents" / "02-bao-cao-thang-dang-uy-xa.yaml"
    code, _, err = run("validate", str(document))
    assert code == 1 and "try -m document" in err
    assert run("validate", "-m", "document", str(document))[0] == 0
    code, _, err = run("validate", "-m", "document", str(EXAMPLES / "40-events.yaml"))
    assert code == 1 and "try -m dataset" in err
    code, _, err = run("validate", "-m", "event", str(EXAMPLES / "40-events.yaml"))
    assert code == 1 and "try -m dataset" in err


def test_validate_gives_no_hint_for_a_misspelt_field(tmp_path: Path) -> None:
    typo = tmp_path / "typo.yaml"
    typo.write_text("evnts: []\n", "utf-8")
    code, _, err = run("validate", str(typo))
    assert code == 1 and "evnts: unknown field" in err and "hint:" not in err


def test_plugins_lists_disabled_ones_and_warns_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DLXH_DISABLE_PLUGINS", "dlxh.builtins.analysis,nosuch")
    code, out, err = run("plugins")
    assert code == 0 and "disabled" in out
    assert "warning: DLXH_DISABLE_PLUGINS names no installed plugin: nosuch" in err
