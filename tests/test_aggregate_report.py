"""From the network's reports to the synthesis BÁO CÁO, with plugins taking part."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from typer.testing import CliRunner

import dlxh
from dlxh import hookimpl
from dlxh.aggregate import synthesize
from dlxh.cli import app
from dlxh.models import Dataset, Period
from dlxh.plugins import Hooks
from dlxh.render import render_document
from dlxh.reports import synthesis_document

NETWORK = Path(__file__).resolve().parent.parent / "examples" / "network"
runner = CliRunner()


class ItemsPerReport:
    """An inline plugin adding a metric: opinion items per received report."""

    @hookimpl
    def dlxh_register_metrics(self, register: Callable[[str, Any], None]) -> None:
        def per_report(dataset: Dataset, period: Period, synthesis: Any) -> dict[str, float]:
            received = synthesis.figures.reports_received
            return {"y_kien_moi_bao_cao": round(synthesis.figures.items / received, 2)}

        register("items_per_report", per_report)


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [
        p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs
    ]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_inline_plugin_metric_reaches_json_and_report(dlxh_plugins: Callable[..., Hooks]) -> None:
    hooks = dlxh_plugins(ItemsPerReport())
    data = dlxh.load_dataset(NETWORK)
    synthesis = synthesize(
        data,
        "2026-10",
        grouper=hooks.group,
        classifier=hooks.classify,
        metrics=list(hooks.metrics().values()),
        as_of=dt.date(2026, 10, 31),
    )
    expected = round(synthesis.figures.items / synthesis.figures.reports_received, 2)
    assert json.loads(synthesis.model_dump_json())["metrics"] == {"y_kien_moi_bao_cao": expected}
    board = data.unit("BTGDVTU")
    document = synthesis_document(
        synthesis,
        issuer=board.issuer(),
        place="Lai Châu",
        date=dt.date(2026, 10, 31),
        dataset=data,
        number=31,
        signer={
            "authority": [{"authority": "kt", "text": "Trưởng Ban"}],
            "title": "Phó Trưởng Ban",
            "name": "Nguyễn Văn Hùng",
        },
        recipients=["Thường trực Tỉnh ủy (b/c)"],
    )
    rendered = render_document(document, hooks=hooks)
    text = _text(rendered)
    assert f"y_kien_moi_bao_cao: {dlxh.vn.format_number(expected)}." in text
    assert "BÁO CÁO" in text and "Tình hình tư tưởng, dư luận xã hội tháng 10 năm 2026" in text
    assert f"hình thành {len(synthesis.currents)} luồng dư luận" in text
    assert dlxh.check(rendered).ok


def test_cli_aggregate_json_and_report(tmp_path: Path) -> None:
    out = tmp_path / "tong-hop.docx"
    result = runner.invoke(
        app,
        [
            "aggregate",
            str(NETWORK),
            "--period",
            "2026-10",
            "--as-of",
            "2026-10-31",
            "--json",
            "-o",
            str(out),
            "--signer",
            "Nguyễn Văn Hùng",
            "--number",
            "31",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout[: result.stdout.rindex("}") + 1])
    assert payload["period"] == "2026-10"
    assert payload["compliance"]["totals"]["expected"] == 29
    assert out.is_file() and dlxh.check(out).ok


def test_cli_aggregate_reports_bad_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["aggregate", str(NETWORK), "--period", "2026-13"])
    assert result.exit_code == 2 and "month must be 1-12" in result.stderr
    result = runner.invoke(
        app, ["aggregate", str(NETWORK), "--period", "2026-10", "--unit", "NOPE"]
    )
    assert result.exit_code == 2 and "no unit with code 'NOPE'" in result.stderr


def test_cli_aggregate_names_bad_options_before_any_work(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["aggregate", str(NETWORK), "--period", "2026-Q4", "--as-of", "2026-31-10"]
    )
    assert result.exit_code == 2
    assert "--as-of: '2026-31-10': there is no month 31" in result.stderr
    (tmp_path / "file").write_text("", encoding="utf-8")
    missing = tmp_path / "file" / "x.docx"  # a file where a folder should be
    result = runner.invoke(
        app,
        [
            "aggregate",
            str(NETWORK),
            "--period",
            "2026-10",
            "--as-of",
            "2026-10-31",
            "-o",
            str(missing),
        ],
    )
    assert result.exit_code == 2 and "is not a folder" in result.stderr
    assert result.stdout == ""  # failed before printing tables for a report it cannot write


def test_cli_aggregate_creates_a_missing_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "2026" / "thang-10" / "bao-cao.docx"
    args = ["aggregate", str(NETWORK), "--period", "tháng 10/2026", "--as-of", "31/10/2026"]
    result = runner.invoke(app, [*args, "--level", "Xã", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.is_file()


def test_cli_aggregate_stays_quiet_when_writing_a_file(tmp_path: Path) -> None:
    out = tmp_path / "q.docx"
    args = ["aggregate", str(NETWORK), "--period", "2026-10", "--as-of", "2026-10-31"]
    result = runner.invoke(app, [*args, "-o", str(out)])
    assert result.exit_code == 0 and out.is_file()
    assert result.stdout.strip() == f"wrote {out}"


def test_cli_aggregate_reads_an_unfinished_period_at_today() -> None:
    ahead = Period.year_of(dt.date.today().year + 1)
    result = runner.invoke(app, ["aggregate", str(NETWORK), "--period", str(ahead), "--json"])
    assert result.exit_code == 0, result.output
    assert "has not ended; statuses are read at today" in result.stderr
    assert json.loads(result.stdout)["as_of"] == dt.date.today().isoformat()


def test_synthesize_raises_dlxh_error_for_a_bad_period() -> None:
    with pytest.raises(dlxh.DlxhError, match="month must be 1-12"):
        synthesize(Dataset(), "2026-13")
