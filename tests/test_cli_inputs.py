"""Options read the way data files read them: dates, periods and levels as clerks type them."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from cli_runner import run
from dlxh.cli._inputs import date_option, level_option
from dlxh.errors import InputError
from dlxh.models import UnitLevel

NETWORK = Path(__file__).resolve().parent.parent / "examples" / "network"


@pytest.mark.parametrize(
    "text",
    [
        "2026-10-31",
        "31/10/2026",
        "31.10.2026",
        "ngày 31 tháng 10 năm 2026",
        unicodedata.normalize("NFD", "Ngày 31 tháng 10 năm 2026"),
    ],
)
def test_a_date_option_takes_every_form_a_data_file_takes(text: str) -> None:
    assert str(date_option("--as-of", text)) == "2026-10-31"


def test_a_bad_date_option_names_the_option_and_the_value() -> None:
    with pytest.raises(InputError, match=r"--as-of: '31/02/2026'"):
        date_option("--as-of", "31/02/2026")


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("commune", UnitLevel.COMMUNE),
        ("xã", UnitLevel.COMMUNE),
        ("Xa", UnitLevel.COMMUNE),
        ("phường", UnitLevel.COMMUNE),
        ("Tỉnh", UnitLevel.PROVINCE),
        ("PROVINCE", UnitLevel.PROVINCE),
    ],
)
def test_a_level_option_takes_english_and_vietnamese_names(text: str, level: UnitLevel) -> None:
    assert level_option("--level", text) is level


def test_an_unknown_level_lists_the_levels() -> None:
    with pytest.raises(InputError, match=r"--level 'hamlet': unknown level; one of: central"):
        level_option("--level", "hamlet")


def test_the_command_line_reads_vietnamese_options_as_the_iso_ones() -> None:
    iso = run(
        "aggregate", str(NETWORK), "--period", "2026-10", "--as-of", "2026-10-31",
        "--level", "commune", "--json",
    )  # fmt: skip
    typed = run(
        "aggregate", str(NETWORK), "--period", "tháng 10/2026", "--as-of", "31.10.2026",
        "--level", "xã", "--json",
    )  # fmt: skip
    assert iso[0] == typed[0] == 0, iso[2] + typed[2]
    assert json.loads(iso[1]) == json.loads(typed[1])


def test_render_follows_the_output_rule(tmp_path: Path) -> None:
    decision = str(NETWORK.parent / "documents" / "06-quyet-dinh-cong-tac-vien.yaml")
    target = tmp_path / "2026" / "qd.docx"
    code, _, err = run("render", decision, "-o", str(target))
    assert code == 0 and target.is_file(), err
    (tmp_path / "file").write_text("", encoding="utf-8")
    code, _, err = run("render", decision, "-o", str(tmp_path / "file" / "qd.docx"))
    assert code == 2 and "is not a folder" in err


def test_vn_date_without_a_date_is_today() -> None:
    code, out, _ = run("vn", "date")
    assert code == 0 and out.startswith("ngày ")
