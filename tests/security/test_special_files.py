"""Inputs that are not regular files: a FIFO blocks a reader for ever, /dev/zero never ends.

Every data reader refuses them before reading (a size check on ``st_size`` would pass both: they
report 0 bytes). A FIFO test that fails would hang, so each call runs in a thread with a
deadline; if it is still blocked, the test opens the FIFO for writing (which releases a blocked
reader) and fails.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cli_runner import run
from dlxh import InputError, load, load_dataset
from dlxh.errors import DlxhError
from dlxh.survey import read_responses
from dlxh.survey.xlsform import read_xlsform

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")

DEADLINE = 20.0


def returns_quickly(call: Callable[[], Any], fifo: Path | None = None) -> Any:
    """``call()``'s result or exception, failing the test if it blocks."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["result"] = call()
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(DEADLINE)
    if thread.is_alive():
        if fifo is not None:  # release the blocked reader so the process can end
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(5)
        pytest.fail(f"blocked for more than {DEADLINE} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")


@pytest.fixture
def fifo(tmp_path: Path) -> Callable[[str], Path]:
    def make(name: str) -> Path:
        path = tmp_path / name
        os.mkfifo(path)
        return path

    return make


@pytest.fixture
def device(tmp_path: Path) -> Callable[[str], Path]:
    if not Path("/dev/zero").exists():
        pytest.skip("needs /dev/zero")

    def make(name: str) -> Path:
        path = tmp_path / name
        path.symlink_to("/dev/zero")
        return path

    return make


READERS: dict[str, Callable[[Path], object]] = {
    "data.yaml": load,
    "data.json": load,
    "responses.csv": read_responses,
    "responses.xlsx": read_responses,
    "form.xlsx": read_xlsform,
}


@pytest.mark.parametrize("name", list(READERS))
def test_fifo_is_refused_without_blocking(fifo: Callable[[str], Path], name: str) -> None:
    path = fifo(name)
    with pytest.raises(InputError, match=r"is a named pipe \(FIFO\), expected a regular") as info:
        returns_quickly(lambda: READERS[name](path), path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("name", list(READERS))
def test_device_is_refused_without_reading(device: Callable[[str], Path], name: str) -> None:
    path = device(name)
    with pytest.raises(InputError, match="is a device, expected a regular") as info:
        returns_quickly(lambda: READERS[name](path))
    assert str(path) in str(info.value)


def test_fifo_in_a_dataset_folder_is_refused(tmp_path: Path, fifo: Callable[[str], Path]) -> None:
    (tmp_path / "a.yaml").write_text("units: []\n", encoding="utf-8")
    path = fifo("b.yaml")
    with pytest.raises(InputError, match="FIFO") as info:
        returns_quickly(lambda: load_dataset(tmp_path), path)
    assert "b.yaml" in str(info.value)


def test_device_in_a_dataset_folder_is_refused(
    tmp_path: Path, device: Callable[[str], Path]
) -> None:
    device("zero.json")
    with pytest.raises(DlxhError, match=r"zero\.json: is a device"):
        returns_quickly(lambda: load_dataset(tmp_path))


def test_directory_named_like_a_file_is_refused(tmp_path: Path) -> None:
    for name, reader in READERS.items():
        folder = tmp_path / name
        folder.mkdir()
        with pytest.raises(InputError, match="directory"):
            reader(folder)


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("data.yaml", ["validate"]),
        ("doc.yaml", ["validate", "-m", "document"]),
        ("data.json", ["convert", "{}", "out.yaml"]),
        ("responses.csv", ["survey", "estimate", "{}", "--mean", "x"]),
        ("responses.xlsx", ["survey", "estimate", "{}", "--mean", "x"]),
    ],
)
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_cli_refuses_special_files_with_one_line(
    request: pytest.FixtureRequest, tmp_path: Path, name: str, command: list[str], kind: str
) -> None:
    path = request.getfixturevalue(kind)(name)
    args = [a.format(path) if a == "{}" else a for a in command]
    if "{}" not in command:
        args.append(str(path))
    args = [str(tmp_path / a) if a == "out.yaml" else a for a in args]
    code, _, err = returns_quickly(lambda: run(*args), path if kind == "fifo" else None)
    assert code == 2
    assert err.startswith("error:") and str(path) in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out.yaml").exists()


def test_cli_survey_report_refuses_a_fifo_population(
    tmp_path: Path, fifo: Callable[[str], Path]
) -> None:
    # A population file that is a FIFO is refused, not silently skipped.
    folder = tmp_path / "survey"
    folder.mkdir()
    path = fifo("survey/population.csv")
    from dlxh.cli.survey import _population_columns

    with pytest.raises(InputError, match="FIFO"):
        returns_quickly(lambda: _population_columns(folder), path)
