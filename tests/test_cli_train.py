"""``dlxh train`` and ``dlxh aggregate --model``: exit codes, messages and what the model fills."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("sklearn")

from cli_runner import run
from learn_data import corpus, opinion_dataset


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("history") / "history.json"
    path.write_text(opinion_dataset(corpus()).model_dump_json(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def model(history: Path) -> Path:
    target = history.parent / "model.json"
    code, _, err = run("train", str(history), "-o", str(target))
    assert code == 0, err
    return target


def test_train_prints_counts_and_a_held_out_score(history: Path, model: Path) -> None:
    code, out, _ = run("train", str(history), "-o", str(model), "--target", "field")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "field: 162 labelled items (education 54, environment 54, health 54)"
    assert lines[1].startswith("  held out (3-fold): accuracy ")
    assert lines[-1] == f"wrote {model}"
    content = json.loads(model.read_text(encoding="utf-8"))
    assert list(content["targets"]) == ["field"]
    run("train", str(history), "-o", str(model))  # both targets again, for the tests below


def test_train_stores_the_confidence(history: Path, tmp_path: Path) -> None:
    target = tmp_path / "sure.json"
    code, out, _ = run(
        "train", str(history), "-o", str(target), "--target", "tendency", "--min-confidence", "0.9"
    )
    assert code == 0 and out.startswith("tendency: 162 labelled items (approve 54, ")
    content = json.loads(target.read_text(encoding="utf-8"))
    assert content["targets"]["tendency"]["min_confidence"] == 0.9


def test_train_refuses_too_few_items(tmp_path: Path) -> None:
    small = tmp_path / "small.json"
    small.write_text(opinion_dataset(corpus()[:8]).model_dump_json(), encoding="utf-8")
    target = tmp_path / "model.json"
    code, _, err = run("train", str(small), "-o", str(target))
    assert code == 1
    assert "too few labelled items to train the field classifier: 8 distinct items" in err
    assert "Traceback" not in err and not target.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--target", "weather"], "--target 'weather': expected field, tendency or both"),
        (["--min-confidence", "1.5"], "--min-confidence 1.5: expected a number from 0 to 1"),
    ],
)
def test_train_bad_options(history: Path, tmp_path: Path, args: list[str], message: str) -> None:
    code, _, err = run("train", str(history), "-o", str(tmp_path / "m.json"), *args)
    assert code == 2 and message in err


def test_train_creates_a_missing_output_folder_and_refuses_a_file_in_the_way(
    history: Path, tmp_path: Path
) -> None:
    code, _, err = run("train", str(history), "-o", str(tmp_path / "new" / "m.json"))
    assert code == 0, err
    assert (tmp_path / "new" / "m.json").is_file()
    (tmp_path / "file").write_text("", encoding="utf-8")
    code, out, err = run("train", str(history), "-o", str(tmp_path / "file" / "m.json"))
    assert code == 2 and "is not a folder" in err and not out
    code, _, err = run("train", str(history), "-o", str(tmp_path / "m.txt"))
    assert code == 2 and "must be a .json file" in err


def _new_month(tmp_path: Path) -> Path:
    path = tmp_path / "october.json"
    rows = [
        ("Ý kiến về trạm y tế\nBà con không hài lòng với trạm y tế xã.", "other", "undecided"),
        ("Ý kiến về lò gạch\nNhân dân bức xúc vì khói bụi từ lò gạch.", "other", "oppose"),
    ]
    path.write_text(opinion_dataset(rows).model_dump_json(), encoding="utf-8")
    return path


def test_aggregate_with_a_model(model: Path, tmp_path: Path) -> None:
    month = _new_month(tmp_path)
    code, out, err = run(
        "aggregate", str(month), "--period", "2026-10", "--as-of", "2026-10-31",
        "--model", str(model), "--json",
    )  # fmt: skip
    assert code == 0, err
    inferences = json.loads(out)["inferences"]
    assert [(i["field"], i["tendency"]) for i in inferences] == [
        ("health", "oppose"),
        ("environment", None),
    ]
    first = inferences[0]
    assert first["field_method"] == first["tendency_method"] == "model"
    assert 0.5 <= first["field_confidence"] <= 1.0
    assert inferences[1]["tendency_method"] is None  # given by the collaborator


def test_aggregate_refuses_a_tampered_model(model: Path, tmp_path: Path) -> None:
    content = json.loads(model.read_text(encoding="utf-8"))
    content["targets"]["field"]["intercept"][0] = 9.0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(content), encoding="utf-8")
    code, _, err = run(
        "aggregate", str(_new_month(tmp_path)), "--period", "2026-10", "--model", str(bad)
    )
    assert code == 2
    assert err.strip().endswith(f"{bad}: not a valid dlxh model file: its sha256 does not match "
                                "its content: it was changed after training")  # fmt: skip
    assert len(err.strip().splitlines()) == 1
