"""``synthesize()`` from Python and ``dlxh aggregate`` give the same synthesis.

Both take the installed plugins by default (:func:`dlxh.plugins.default_hooks`): their hot-spot
detector, grouper, classifier and metrics; ``hooks=False`` runs dlxh alone.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

import dlxh
from cli_runner import run
from dlxh import hookimpl
from dlxh.aggregate import synthesize
from dlxh.errors import DataValidationError, InputError
from dlxh.models import OpinionField
from dlxh.plugins import Hooks

NETWORK = Path(__file__).resolve().parent.parent / "examples" / "network"
AS_OF = dt.date(2026, 10, 31)

PLUGIN = """
from dlxh import hookimpl


def share_with_items(dataset, period, synthesis):
    return {"Tỷ lệ báo cáo có ý kiến (%)": round(100 * synthesis.figures.items / 400, 1)}


@hookimpl
def dlxh_register_metrics(register):
    register("tinh.share_with_items", share_with_items)


@hookimpl
def dlxh_detect_hotspot(item):
    return True if "thuốc" in item.title.lower() else None
"""


@pytest.fixture
def installed(dlxh_installed: Callable[..., Path]) -> None:
    dlxh_installed("dlxh-tinh", {"tinh": "dlxh_test_tinh"}, {"dlxh_test_tinh": PLUGIN})


@pytest.mark.usefixtures("installed")
def test_api_and_cli_give_identical_syntheses() -> None:
    api = synthesize(dlxh.load_dataset(NETWORK), "2026-10", as_of=AS_OF)
    code, out, err = run(
        "aggregate", str(NETWORK), "--period", "2026-10", "--as-of", "2026-10-31", "--json"
    )
    assert code == 0, err
    assert out == api.model_dump_json(indent=2) + "\n"
    assert "Tỷ lệ báo cáo có ý kiến (%)" in api.metrics  # the plugin took part in both
    raw = synthesize(dlxh.load_dataset(NETWORK), "2026-10", as_of=AS_OF, hooks=False)
    assert not raw.metrics and not raw.inferences
    assert raw.model_dump_json() != api.model_dump_json()


@pytest.mark.usefixtures("installed")
def test_a_plugins_hot_spot_detector_counts_in_the_api_without_mark_hotspots() -> None:
    data = dlxh.load_dataset(NETWORK)
    flagged = [
        item
        for r in data.reports
        for item in r.items
        if "thuốc" in item.title.lower() and not item.hotspot
    ]
    assert flagged  # the example network speaks of medicine shortages, not as a hot spot
    before = data.model_dump_json()
    with_plugin = synthesize(data, "2026-10", as_of=AS_OF)
    without = synthesize(data, "2026-10", as_of=AS_OF, hooks=False)
    assert len(with_plugin.hotspots) > len(without.hotspots)
    assert data.model_dump_json() == before  # the data given is not changed


def test_explicit_parts_win_over_the_plugins(dlxh_plugins: Callable[..., Hooks]) -> None:
    class Everything:
        @hookimpl
        def dlxh_classify_field(self, text: str) -> OpinionField | None:
            return OpinionField.ECONOMY

    data = dlxh.load_dataset(NETWORK)
    hooks = dlxh_plugins(Everything())
    by_plugin = synthesize(data, "2026-10", as_of=AS_OF, hooks=hooks)
    assert by_plugin.inferences
    assert all(i.field in (None, "economy") for i in by_plugin.inferences)
    mine = synthesize(
        data, "2026-10", as_of=AS_OF, hooks=hooks, classifier=lambda text: (None, None)
    )
    assert not mine.inferences


def test_a_hooks_object_cannot_travel_to_worker_processes(
    dlxh_plugins: Callable[..., Hooks],
) -> None:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1) as pool, pytest.raises(InputError, match="worker processes"):
        dlxh.aggregate.synthesize_parts([[NETWORK]], "2026-10", executor=pool, hooks=dlxh_plugins())


def _with_stranger(tmp_path: Path) -> Path:
    folder = tmp_path / "network"
    shutil.copytree(NETWORK, folder)
    with (folder / "20-reports.yaml").open("a", encoding="utf-8") as stream:
        stream.write(
            "- id: BC-LA-01\n"
            "  period: 2026-10\n"
            "  reporter: {kind: collaborator, id: CTV-999}\n"
            "  submitted_on: 2026-10-18\n"
            "  items:\n"
            "  - {title: Đường vào bản bị hỏng, content: Đường vào bản bị hỏng., field: other}\n"
        )
    return folder


def test_lenient_leaves_out_a_report_of_someone_not_in_the_roster(tmp_path: Path) -> None:
    folder = _with_stranger(tmp_path)
    args = ["aggregate", str(folder), "--period", "2026-10", "--as-of", "2026-10-31", "--json"]
    code, out, err = run(*args)
    assert code == 1 and "CTV-999" in err and "--lenient" in err and not out
    code, out, err = run(*args, "--lenient")
    assert code == 0, err
    assert "left out:" in err and "BC-LA-01" in err and "CTV-999" in err
    lenient = json.loads(out)
    expected = json.loads(run("aggregate", str(NETWORK), *args[2:])[1])  # without the stranger
    assert lenient["compliance"]["totals"] == expected["compliance"]["totals"]
    assert lenient["report_ids"] == expected["report_ids"]
    with pytest.raises(DataValidationError, match="CTV-999"):
        dlxh.load_dataset(folder)
    (folder / "10-collaborators.yaml").write_text(
        (folder / "10-collaborators.yaml").read_text(encoding="utf-8").replace("DU-3388", "DU-0"),
        encoding="utf-8",
    )
    with pytest.raises(DataValidationError, match="DU-0"):  # other problems still fail
        dlxh.load_dataset(folder, lenient=True)


def test_recipients_and_archive_of_the_synthesis(tmp_path: Path) -> None:
    output = tmp_path / "bao-cao.docx"
    code, _, err = run(
        "aggregate", str(NETWORK), "--period", "2026-10", "--as-of", "2026-10-31",
        "--recipient", "Ban Tuyên giáo Tỉnh ủy (b/c)", "--recipient", "Các xã",
        "--archive", "VT, BTG", "-o", str(output),
    )  # fmt: skip
    assert code == 0, err
    cells = [c.text for t in docx.Document(str(output)).tables for r in t.rows for c in r.cells]
    (block,) = {c for c in cells if c.startswith("Nơi nhận")}
    assert "Ban Tuyên giáo Tỉnh ủy (b/c)" in block and "Các xã" in block
    assert "Lưu VT, BTG" in block and "cộng tác viên" not in block


def test_the_default_classifies_as_the_command_line_and_hooks_false_does_not() -> None:
    data = dlxh.load_dataset(NETWORK)
    others = [i for r in data.reports for i in r.items if i.field == "other"]
    assert others, "the example network has items filed as 'other'"
    assert synthesize(data, "2026-10", as_of=AS_OF).inferences  # the built-in keywords
    assert not synthesize(data, "2026-10", as_of=AS_OF, hooks=False).inferences


@pytest.mark.usefixtures("installed")
def test_the_tables_show_the_plugins_figures_phrased_and_no_empty_table() -> None:
    code, out, err = run(
        "aggregate", str(NETWORK), "--period", "2026-10", "--as-of", "2026-10-31",
        "--level", "huyện",
    )  # fmt: skip
    assert code == 0, err
    assert "Các chỉ số bổ sung" in out and "Tỷ lệ báo cáo có ý kiến: " in out and "%" in out
    assert "(%):" not in out
    assert "no unit of the data is at level district" in err  # a breakdown of nothing is said
    july = ["aggregate", str(NETWORK), "--period", "2026-07", "--as-of", "2026-07-31"]
    code, out, err = run(*july)  # before the network reported: no currents, no follow-ups
    assert code == 0, err
    api = synthesize(dlxh.load_dataset(NETWORK), "2026-07", as_of=dt.date(2026, 7, 31))
    tables = api.tables().values()
    assert any(not t.rows for t in tables) and any(t.rows for t in tables)
    for table in tables:
        assert (table.title in out) == bool(table.rows), table.title
