"""The command line starts light: ``dlxh --help`` and a plain ``dlxh check`` load neither the
other commands nor the survey, rendering or aggregation stacks (their time is measured in
bench/check_realdocs.py, not here), and the fast path agrees with the full application."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import typer
import typer.core
import typer.main

import dlxh
from dlxh.cli import _CHECK_OPTIONS, COMMANDS, _plain_check
from dlxh.cli.application import app

ROOT = Path(__file__).resolve().parent.parent
HEAVY = (
    "scipy",
    "numpy",
    "docx",
    "jinja2",
    "docxtpl",
    "openpyxl",
    "dlxh.render",
    "dlxh.survey",
    "dlxh.aggregate",
    "dlxh.models.collaborator",
    "dlxh.models.document",
    "vietnam_provinces",
    "pydantic",
    "pydantic_core",
    "rich",
)


def _loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_the_command_table_is_the_full_applications() -> None:
    full = typer.main.get_command(app)
    assert isinstance(full, typer.core.TyperGroup)
    ctx = typer.Context(full)
    names = full.list_commands(ctx)
    assert list(COMMANDS) == names
    for name in names:
        command = full.get_command(ctx, name)
        assert command is not None
        assert COMMANDS[name][2] == command.get_short_help_str(limit=200), name


def test_help_and_a_plain_check_load_nothing_heavy() -> None:
    document = ROOT / "templates" / "nha-nuoc" / "van-ban.docx"
    for code in (
        "import sys; sys.argv = ['dlxh', '--help']\nfrom dlxh.cli import main\ntry: main()\n"
        "except SystemExit: pass",
        f"import sys; sys.argv = ['dlxh', 'check', {str(document)!r}]\nfrom dlxh.cli import main"
        "\ntry: main()\nexcept SystemExit: pass",
    ):
        loaded = _loaded_after(code)
        heavy = sorted(
            m
            for m in loaded
            if m.split(".")[0] in HEAVY or m in HEAVY or any(m.startswith(f"{h}.") for h in HEAVY)
        )
        assert heavy == [], heavy


def test_the_plain_check_reader_takes_the_commands_options() -> None:
    full = typer.main.get_command(app)
    assert isinstance(full, typer.core.TyperGroup)
    command = full.get_command(typer.Context(full), "check")
    assert command is not None
    options = {o for p in command.params if p.param_type_name == "option" for o in p.opts}
    assert options == set(_CHECK_OPTIONS)  # and --help, which Typer answers
    assert _plain_check(["check", "a.docx", "--profile", "dang@2018", "--format=json"]) == (
        ["a.docx"],
        "dang@2018",
        "json",
    )
    assert _plain_check(["check", "a.docx", "b.docx"]) == (["a.docx", "b.docx"], None, "text")
    for args in (
        ["check"],
        ["check", "--help"],
        ["check", "a.docx", "--format", "xml"],
        ["check", "a.docx", "--profile"],
        ["check", "-x", "a.docx"],
        ["render", "a"],
    ):
        assert _plain_check(args) is None, args  # Typer reads it and says what is wrong


def test_both_paths_give_the_same_answer(tmp_path: Path) -> None:
    document = ROOT / "templates" / "nha-nuoc" / "van-ban.docx"
    plain = subprocess.run(
        [sys.executable, "-m", "dlxh", "check", str(document), "--format", "json"],
        capture_output=True,
        check=False,
        text=True,
    )
    typed = subprocess.run(
        [sys.executable, "-m", "dlxh", "check", "--format", "json", "--", str(document)],
        capture_output=True,
        check=False,
        text=True,
    )  # "--": not plain
    assert plain.returncode == typed.returncode
    assert json.loads(plain.stdout) == json.loads(typed.stdout)
    missing = subprocess.run(
        [sys.executable, "-m", "dlxh", "check", str(tmp_path / "x.docx")],
        capture_output=True,
        check=False,
        text=True,
    )
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_dlxh_check_is_callable_however_imported() -> None:
    import dlxh.check as package  # binds the package as dlxh.check

    document = ROOT / "templates" / "nha-nuoc" / "van-ban.docx"
    assert callable(dlxh.check) and callable(package)
    assert dlxh.check(document).profile == package.check(document).profile


def test_the_text_report_gives_each_finding_whole_on_its_line(tmp_path: Path) -> None:
    from docx import Document  # a document typed by hand: wrong margins, no header

    typed = Document()
    typed.sections[0].left_margin = typed.sections[0].right_margin = 254000  # 7 mm
    typed.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    typed.add_paragraph("Số: 05/BC-UBND")
    typed.add_paragraph("Nội dung.")
    path = tmp_path / "typed.docx"
    typed.save(str(path))
    done = subprocess.run(
        [sys.executable, "-m", "dlxh", "check", str(path)],
        capture_output=True,
        check=False,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "40"},
    )
    assert done.returncode == 1, done.stderr
    head, *lines = done.stdout.splitlines()
    assert head.startswith(f"errors {path} — profile nha-nuoc")
    report = dlxh.check(path, rules=dlxh.load_plugins().check_rules())
    assert len(lines) == len(report.findings) > 0
    severities = [line.split()[0] for line in lines]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    for finding in report.findings:  # the rule key and location whole, whatever the width
        assert any(
            line.split()[1] == finding.rule and f"{finding.location}: {finding.message}" in line
            for line in lines
        ), finding
    assert "\x1b[" not in done.stdout
