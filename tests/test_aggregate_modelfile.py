"""The model file: same predictions after a round trip, and refusal of tampered or foreign files."""

from __future__ import annotations

import json
import pickle
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("sklearn")

from dlxh.aggregate.learn import TrainedClassifier, fit
from dlxh.aggregate.modelfile import FORMAT, _digest, load_model
from dlxh.errors import InputError

TEXTS = {
    "health": ["bệnh viện thiếu thuốc", "trạm y tế xã", "tiêm chủng trẻ em", "dịch sốt xuất huyết"],
    "land": ["cấp sổ đỏ chậm", "thu hồi đất làm đường", "tranh chấp đất đai", "giá đền bù đất"],
    "economy": ["giá điện tăng", "giá lúa giảm", "thiếu vốn sản xuất", "chợ phiên vắng khách"],
}
TENDENCIES = {
    "approve": ["nhân dân đồng tình", "bà con phấn khởi"],
    "oppose": ["người dân bức xúc", "bà con không hài lòng"],
}


@pytest.fixture(scope="module")
def trained() -> TrainedClassifier:
    texts, fields, tendencies = [], [], []
    for field, subjects in TEXTS.items():
        for tendency, reactions in TENDENCIES.items():
            for subject in subjects:
                for reaction in reactions:
                    texts.append(f"{subject}\n{reaction} về {subject}")
                    fields.append(field)
                    tendencies.append(tendency)
    return TrainedClassifier(
        field=fit(texts, fields, target="field", min_confidence=0.4),
        tendency=fit(texts, tendencies, target="tendency"),
    )


@pytest.fixture
def saved(trained: TrainedClassifier, tmp_path: Path) -> Path:
    return trained.save(tmp_path / "model.json")


PROBES = ["giá phân bón tăng, bà con bức xúc", "trạm y tế thiếu thuốc", "đất", "", "xyz"]


def test_round_trip_predicts_the_same(trained: TrainedClassifier, saved: Path) -> None:
    loaded = TrainedClassifier.load(saved)
    assert loaded.source == str(saved)
    for text in PROBES:
        before, after = trained(text), loaded(text)
        assert tuple(before) == tuple(after)
        assert before.field_confidence == after.field_confidence
        assert before.tendency_confidence == after.tendency_confidence
    assert loaded.field is not None and trained.field is not None
    assert loaded.field.min_confidence == 0.4
    assert loaded.field.statistics == trained.field.statistics


def test_the_file_says_what_made_it(saved: Path) -> None:
    content = json.loads(saved.read_text(encoding="utf-8"))
    assert content["format"] == FORMAT and content["version"] == 1
    assert content["dlxh_version"] and content["sklearn_version"]
    assert set(content["targets"]) == {"field", "tendency"}
    assert content["sha256"] == _digest(content)


def _rewrite(path: Path, change: Callable[[dict[str, Any]], None], *, rehash: bool) -> None:
    content = json.loads(path.read_text(encoding="utf-8"))
    change(content)
    if rehash:
        content["sha256"] = _digest(content)
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")


def _refused(path: Path, *expected: str) -> str:
    with pytest.raises(InputError) as caught:
        load_model(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    for part in expected:
        assert part in message
    return message


def test_a_changed_coefficient_breaks_the_hash(saved: Path) -> None:
    def change(content: dict[str, Any]) -> None:
        content["targets"]["field"]["coef"][0][3] += 0.5

    _rewrite(saved, change, rehash=False)
    _refused(saved, "sha256 does not match")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda c: c["targets"]["field"]["classes"].__setitem__(0, "weather"), "classes"),
        (lambda c: c["targets"]["tendency"]["classes"].__setitem__(0, "health"), "classes"),
        (lambda c: c.__setitem__("extra", 1), "unexpected key(s) 'extra'"),
        (lambda c: c["targets"]["field"].__setitem__("pickle", "x"), "'pickle'"),
        (lambda c: c["targets"]["field"].pop("intercept"), "lacks 'intercept'"),
        (lambda c: c["targets"]["field"]["coef"][0].append(0.1), "coef.0 must be a list of"),
        (lambda c: c["targets"]["field"]["coef"].pop(), "one row per class"),
        (lambda c: c["targets"]["field"]["coef"][1].__setitem__(0, "1"), "numbers only"),
        (lambda c: c["targets"]["field"]["coef"][1].__setitem__(0, 1e300), "outside"),
        (lambda c: c["targets"]["field"].__setitem__("temperature", -1), "temperature"),
        (lambda c: c["targets"]["field"].__setitem__("min_confidence", 2), "min_confidence"),
        (
            lambda c: c["targets"]["field"]["blocks"][0]["settings"].__setitem__(
                "max_features", 10**12
            ),
            "max_features",
        ),
        (lambda c: c["targets"]["field"]["blocks"][0]["terms"].append("thêm"), "idf must be"),
        (lambda c: c["targets"]["field"]["blocks"][0]["settings"].__setitem__("kind", "x"), "kind"),
        (lambda c: c.__setitem__("version", 99), "'version' 99 is not supported"),
        (lambda c: c.__setitem__("format", "sklearn-pickle"), "'format' is not"),
        (lambda c: c.__setitem__("targets", {}), "'targets' is empty"),
    ],
)
def test_a_rehashed_but_invalid_file_is_refused(
    saved: Path, change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    _rewrite(saved, change, rehash=True)
    _refused(saved, "not a valid dlxh model file", expected)


def test_huge_dimensions_are_refused_before_use(saved: Path) -> None:
    def change(content: dict[str, Any]) -> None:
        block = content["targets"]["field"]["blocks"][0]
        block["settings"]["max_features"] = 3
        block["terms"] = [f"t{n}" for n in range(4)]

    _rewrite(saved, change, rehash=True)
    _refused(saved, "terms must be a list of at most 3 terms")


def test_a_truncated_file_is_refused(saved: Path) -> None:
    data = saved.read_bytes()
    saved.write_bytes(data[: len(data) // 2])
    _refused(saved, "not a JSON model file")


def test_duplicate_keys_and_nan_are_refused(saved: Path) -> None:
    text = saved.read_text(encoding="utf-8")
    saved.write_text(text[:-1] + ',"format":"dlxh-classifier"}', encoding="utf-8")
    _refused(saved, "key 'format' appears twice")
    saved.write_text(text.replace('"temperature":', '"temperature":NaN,"x":', 1), encoding="utf-8")
    _refused(saved, "not a finite number")


def test_foreign_files_are_refused(tmp_path: Path) -> None:
    docx = tmp_path / "bao-cao.docx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    _refused(docx, "not a JSON model file")

    pickled = tmp_path / "model.pkl"
    pickled.write_bytes(pickle.dumps({"coef": [1.0, 2.0]}))
    _refused(pickled, "not a JSON model file")

    other = tmp_path / "other.json"
    other.write_text(json.dumps({"name": "a dataset", "units": []}), encoding="utf-8")
    _refused(other, "'format' is not 'dlxh-classifier'")

    listed = tmp_path / "list.json"
    listed.write_text("[1, 2, 3]", encoding="utf-8")
    _refused(listed, "'format' is not")

    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    _refused(deep, "not a JSON model file")

    _refused(tmp_path / "missing.json", "cannot read the model file")


def test_loading_needs_no_scikit_learn(saved: Path) -> None:
    import subprocess
    import sys

    probe = (
        "import sys; sys.modules['sklearn'] = None\n"
        "from dlxh.aggregate.modelfile import load_model\n"
        f"model = load_model({str(saved)!r})\n"
        "print(model('trạm y tế thiếu thuốc')[0].value)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "health"
