"""``dlxh render`` and ``dlxh templates`` from the command line."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cli_runner import run
from dlxh import dumps, hookimpl, load
from dlxh.check import check
from dlxh.check.context import CheckContext
from dlxh.cli import render as render_cli
from dlxh.models import Document
from docx_inspect import open_docx, text_of

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "documents"


def test_render_writes_the_document(tmp_path: Path) -> None:
    out = tmp_path / "bc.docx"
    code, stdout, _ = run("render", str(EXAMPLES / "03-bao-cao-ubnd-xa.yaml"), "-o", str(out))
    assert code == 0 and "wrote" in stdout
    assert "Số: 15/BC-UBND" in text_of(open_docx(out.read_bytes()))


def test_render_with_profile_and_template(tmp_path: Path) -> None:
    out = tmp_path / "bc.docx"
    code, _, _ = run(
        "render",
        str(EXAMPLES / "03-bao-cao-ubnd-xa.yaml"),
        "-o",
        str(out),
        "--profile",
        "dang",
        "--template",
        "dang/van-ban",
    )
    assert code == 0
    assert "Số 15-BC/UBND" in text_of(open_docx(out.read_bytes()))


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--profile", "lao"], 2, "unknown profile 'lao'"),
        (["--template", "dang/khong-co"], 2, "unknown template 'dang/khong-co'"),
    ],
)
def test_render_bad_options(tmp_path: Path, args: list[str], code: int, message: str) -> None:
    out = tmp_path / "x.docx"
    exit_code, _, err = run(
        "render", str(EXAMPLES / "01-huong-dan-dlxh-2026.yaml"), "-o", str(out), *args
    )
    assert exit_code == code and message in err
    assert not out.exists()


def test_render_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("type: bao_cao\nplace: x\n", "utf-8")
    code, _, err = run("render", str(bad), "-o", str(tmp_path / "x.docx"))
    assert code == 1 and "issuer: required field is missing" in err and "Traceback" not in err
    code, _, err = run(
        "render", str(EXAMPLES / "01-huong-dan-dlxh-2026.yaml"), "-o", str(tmp_path / "x.pdf")
    )
    assert code == 2 and "must be a .docx" in err


def test_templates_list_check_and_build(tmp_path: Path) -> None:
    code, out, _ = run("templates")
    assert code == 0 and "dang/quyet-dinh" in out and "nha-nuoc/cong-van" in out
    code, out, _ = run("templates", "check", str(ROOT / "templates" / "dang" / "van-ban.docx"))
    assert code == 0 and out.startswith("ok")
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK not really")
    good = str(ROOT / "templates" / "nha-nuoc" / "van-ban.docx")
    code, out, err = run("templates", "check", str(bad), good)
    assert code == 2 and "not a .docx" in err
    assert out.startswith("ok") and "nha-nuoc" in out  # the file after the bad one is checked
    code, out, _ = run("templates", "build", "--profile", "dang", "-o", str(tmp_path / "built"))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "built").iterdir()) == [
        "bien-ban.docx",
        "cong-van.docx",
        "quyet-dinh.docx",
        "van-ban.docx",
    ]


def test_every_example_converts_to_pdf(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is required (.ci/run installs libreoffice-writer-nogui)"
    code, _, _ = run(
        "demo",
        str(ROOT / "examples" / "data"),
        "--documents",
        str(EXAMPLES),
        "--out",
        str(tmp_path),
    )
    assert code == 0
    files = sorted(tmp_path.glob("*.docx"))
    assert len(files) == len(list(EXAMPLES.glob("*.yaml")))
    profile_dir = tmp_path / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile_dir}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for file in files:
        pdf = file.with_suffix(".pdf")
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), file.name
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        assert "Nơi nhận:" in text, file.name


def _without_signer(folder: Path) -> Path:
    """A State report like example 03, its signer left out (the model allows a draft without
    one; the format check does not)."""
    report = load(EXAMPLES / "03-bao-cao-ubnd-xa.yaml", Document)
    path = folder / "khong-ky.yaml"
    path.write_text(dumps(report.model_copy(update={"signer": None})), "utf-8")
    return path


def test_render_refuses_a_document_without_signer(tmp_path: Path) -> None:
    out = tmp_path / "bc.docx"
    code, stdout, err = run("render", str(_without_signer(tmp_path)), "-o", str(out))
    assert code == 1
    assert "signature.name" in err and "the signature block is empty" in err
    assert "would fail its check (1 error); fix it or give --draft" in err
    assert "wrote" not in stdout and not out.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "khong-ky.yaml"]  # no temporary file left


def test_render_draft_writes_with_warnings(tmp_path: Path) -> None:
    out = tmp_path / "bc.docx"
    code, stdout, err = run("render", str(_without_signer(tmp_path)), "-o", str(out), "--draft")
    assert code == 0 and f"wrote {out}" in stdout
    assert f"warning: {out} is a draft: it fails its check (1 error)" in err
    assert "signature.name" in err
    assert [f.rule for f in check(out).errors()] == ["signature.name"]  # what was written


def test_render_checks_with_the_plugins_rules(
    tmp_path: Path, dlxh_plugins: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check before writing is ``dlxh check``'s: an installed plugin's rule refuses too."""

    def strict(context: CheckContext) -> None:
        context.report("house.strict", "refused by the house rule", "document", confirmed=True)

    class House:
        @hookimpl
        def dlxh_register_check_rules(self, register: object) -> None:
            register(strict)  # type: ignore[operator]

    hooks = dlxh_plugins(House())  # type: ignore[operator]
    monkeypatch.setattr(render_cli, "default_hooks", lambda: hooks)
    out = tmp_path / "bc.docx"
    code, _, err = run("render", str(EXAMPLES / "03-bao-cao-ubnd-xa.yaml"), "-o", str(out))
    assert code == 1 and "house.strict" in err and not out.exists()
