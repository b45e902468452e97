"""Files of a dataset folder that dlxh does not read itself go to the importers, by suffix.

A file no importer reads is an error naming it (a roster skipped in silence made ``dlxh
validate`` say "ok" with 0 collaborators); hidden files and Office lock files are not data.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import dlxh
from cli_runner import run
from dlxh import hookimpl
from dlxh.errors import DataValidationError, FieldProblem, InputError, PluginError
from dlxh.io import validate
from dlxh.models import Dataset
from dlxh.plugins import Hooks

UNITS = """\
units:
  - {code: X1, name: Xã Tân Lập, level: commune}
"""


def _tsv_roster(path: Path) -> Dataset:
    """A plugin's importer: a tab-separated roster ``id, full name, unit``."""
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line]
    problems = [
        FieldProblem(f"row {number}", "expected 3 columns", "\t".join(row), str(path))
        for number, row in enumerate(rows, 1)
        if len(row) != 3
    ]
    if problems:
        raise DataValidationError("Dataset", problems, source=str(path))
    people = [
        {"id": i, "full_name": name, "unit": unit, "level": "commune"} for i, name, unit in rows
    ]
    return validate(Dataset, {"collaborators": people}, source=path, partial=True)


class TsvPlugin:
    @hookimpl
    def dlxh_register_importers(self, register: Callable[..., None]) -> None:
        register(".TSV", _tsv_roster)  # suffixes are matched in any case


def _folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "units.yaml").write_text(UNITS, encoding="utf-8")
    for name, text in files.items():
        (folder / name.replace("_", ".")).write_text(text, encoding="utf-8")
    return folder


def test_a_file_no_importer_reads_is_an_error_naming_it(tmp_path: Path) -> None:
    folder = _folder(tmp_path, roster_docx="PK")
    with pytest.raises(InputError, match=r"unknown file type '\.docx'") as caught:
        dlxh.load_dataset(folder, hooks=False)
    assert "roster.docx" in str(caught.value)
    code, out, err = run("validate", str(folder))
    assert code == 2 and "roster.docx" in err and "ok" not in out


def test_hidden_and_office_lock_files_are_not_data(tmp_path: Path) -> None:
    folder = _folder(tmp_path, **{"_DS_Store": "\0\1", "~$ctv_xlsx": "lock"})
    (folder / "T01").mkdir()  # subfolders are not read (a by-province layout keeps months there)
    assert [u.code for u in dlxh.load_dataset(folder, hooks=False).units] == ["X1"]


def test_a_plugin_importer_is_called_by_suffix_and_cross_checked(
    tmp_path: Path, dlxh_plugins: Callable[..., Hooks]
) -> None:
    hooks = dlxh_plugins(TsvPlugin())
    folder = _folder(tmp_path, ctv_tsv="CTV01\tLò Văn An\tX1\nCTV02\tTòng Thị Bình\tX1\n")
    dataset = dlxh.load_dataset(folder, hooks=hooks)
    assert [c.id for c in dataset.collaborators] == ["CTV01", "CTV02"]
    (folder / "ctv.tsv").write_text("CTV03\tLò Văn Cường\tX9\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:  # checked against units.yaml
        dlxh.load_dataset(folder, hooks=hooks)
    assert any(
        "X9" in p.message and p.source == str(folder / "ctv.tsv") for p in caught.value.problems
    )


def test_an_importers_problems_name_the_file_and_a_plugins_failure_names_the_plugin(
    tmp_path: Path, dlxh_plugins: Callable[..., Hooks]
) -> None:
    folder = _folder(tmp_path, ctv_tsv="CTV01\tonly two\n")
    with pytest.raises(DataValidationError) as caught:
        dlxh.load_dataset(folder, hooks=dlxh_plugins(TsvPlugin()))
    (problem,) = caught.value.problems
    assert problem.location == "row 1" and problem.source == str(folder / "ctv.tsv")

    class Broken:
        @hookimpl
        def dlxh_register_importers(self, register: Callable[..., None]) -> None:
            register(".tsv", lambda path: {"collaborators": []})

    with pytest.raises(PluginError, match=r"plugin 'Broken': the importer '\.tsv' returned dict"):
        dlxh.load_dataset(folder, hooks=dlxh_plugins(Broken()))


def test_installed_importers_are_used_by_default_and_by_the_command_line(
    tmp_path: Path, dlxh_installed: Callable[..., Path]
) -> None:
    source = (
        "from pathlib import Path\n"
        "from dlxh import hookimpl\n"
        "from dlxh.io import validate\n"
        "from dlxh.models import Dataset\n"
        "@hookimpl\n"
        "def dlxh_register_importers(register):\n"
        "    def read(path):\n"
        "        rows = [l.split('\\t') for l in Path(path).read_text('utf-8').splitlines()]\n"
        "        people = [{'id': a, 'full_name': b, 'unit': c, 'level': 'commune'}\n"
        "                  for a, b, c in rows]\n"
        "        return validate(Dataset, {'collaborators': people}, source=path, partial=True)\n"
        "    register('.tsv', read)\n"
    )
    dlxh_installed("dlxh-tsv", {"tsv": "dlxh_test_tsv"}, {"dlxh_test_tsv": source})
    folder = _folder(tmp_path, ctv_tsv="CTV01\tLò Văn An\tX1\n")
    assert len(dlxh.load_dataset(folder).collaborators) == 1
    assert len(dlxh.load(folder / "ctv.tsv", partial=True).collaborators) == 1
    code, out, err = run("validate", str(folder))
    assert code == 0, err
    assert "1 unit, 1 collaborator, 0 reports" in out
    with pytest.raises(InputError, match="plugins are off"):
        dlxh.load_dataset(folder, hooks=False)


def test_a_folder_of_yaml_files_does_not_load_plugins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**_: object) -> Hooks:
        raise AssertionError("plugins were loaded for a folder of YAML files")

    monkeypatch.setattr("dlxh.plugins.default_hooks", refuse)
    assert len(dlxh.load_dataset(_folder(tmp_path)).units) == 1


def test_a_fifo_named_like_an_imported_file_is_refused(
    tmp_path: Path, dlxh_plugins: Callable[..., Hooks]
) -> None:
    folder = _folder(tmp_path)
    fifo = folder / "ctv.tsv"
    try:
        import os

        os.mkfifo(fifo)
    except (AttributeError, OSError):
        pytest.skip("no FIFOs here")
    with pytest.raises(InputError, match="regular"):
        dlxh.load_dataset(folder, hooks=dlxh_plugins(TsvPlugin()))
