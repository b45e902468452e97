"""The trainable classifier: fitting, abstention, negation, use in a synthesis and as a plugin.

The texts are invented (tests/learn_data.py), no corpus is copied in.
"""

from __future__ import annotations

import itertools
import sys
from datetime import date

import pytest

pytest.importorskip("sklearn")

from dlxh.aggregate import syllables, synthesize
from dlxh.aggregate.features import (
    BlockSettings,
    block_features,
    build_blocks,
    negation_marked,
    transform,
)
from dlxh.aggregate.guess import Guess
from dlxh.aggregate.learn import (
    CHAR_WEIGHTS,
    MIN_ITEMS,
    TrainedClassifier,
    TrainingError,
    _reweighted,
    _weighted,
    fit,
    fit_dataset,
    labelled_items,
)
from dlxh.models import OpinionField, Tendency
from dlxh.plugins import load_plugins
from learn_data import SUBJECTS, corpus, opinion_dataset


@pytest.fixture(scope="module")
def model() -> TrainedClassifier:
    rows = corpus()
    texts = [t for t, _, _ in rows]
    field = fit(texts, [f for _, f, _ in rows], target="field")
    tendency = fit(texts, [t for _, _, t in rows], target="tendency")
    return TrainedClassifier(field=field, tendency=tendency)


def test_predicts_unseen_combinations(model: TrainedClassifier) -> None:
    guess = model("Trường tiểu học thiếu giáo viên, bà con băn khoăn")
    assert isinstance(guess, Guess)
    assert tuple(guess) == (OpinionField.EDUCATION, Tendency.HESITANT)
    assert guess.field_method == "model" and guess.tendency_method == "model"
    assert guess.field_confidence is not None and 0.5 <= guess.field_confidence <= 1.0


def test_statistics_describe_the_training(model: TrainedClassifier) -> None:
    assert model.field is not None
    stats = model.field.statistics
    assert stats["counts"] == {"education": 54, "environment": 54, "health": 54}
    assert stats["items"] == 162 and 0.8 <= stats["held_out_macro_f1"] <= 1.0
    # offsets are kept only when their cross-fitted gain is positive
    assert any(stats["offsets"]) == (stats["offsets_gain"] > 0)


def test_probabilities_are_distributions(model: TrainedClassifier) -> None:
    assert model.tendency is not None
    rows = model.tendency.probabilities(["bà con phấn khởi", "hôm nay trời nắng", ""])
    assert rows.shape == (3, 3)
    assert rows.sum(axis=1) == pytest.approx([1.0, 1.0, 1.0])


def test_abstains_below_the_confidence_threshold(model: TrainedClassifier) -> None:
    assert model.field is not None
    text = "Trạm y tế xã và trường tiểu học"  # half health, half education
    label, confidence = model.field.predict(text)
    assert label is not None and 0.5 <= confidence < 0.999
    strict = TrainedClassifier(field=model.field, tendency=model.tendency)
    strict.set_min_confidence((confidence + 1) / 2)
    assert strict.predict_field(text) == (None, confidence)
    strict.set_min_confidence(confidence - 0.001)
    assert strict.predict_field(text) == (OpinionField.parse(label), confidence)
    with pytest.raises(ValueError, match="between 0 and 1"):
        strict.set_min_confidence(1.5)
    strict.set_min_confidence(0.5)


def test_a_text_unlike_the_history_gets_no_answer(model: TrainedClassifier) -> None:
    assert model.field is not None
    assert model.field.predict("123 456")[0] is None
    assert model.field.predict("")[0] is None


def test_abstention_falls_back_to_another_classifier(model: TrainedClassifier) -> None:
    fields_only = TrainedClassifier(field=model.field)
    combined = fields_only.with_fallback(lambda text: (OpinionField.LAND, Tendency.OPPOSE))
    guess = combined("123 456")
    assert tuple(guess) == (OpinionField.LAND, Tendency.OPPOSE)
    assert guess.field_method == guess.tendency_method == "keywords"
    assert guess.field_confidence is None and guess.tendency_confidence is None
    sure = combined("Trường tiểu học thiếu giáo viên")
    assert sure[0] is OpinionField.EDUCATION and sure.field_method == "model"
    assert sure[1] is Tendency.OPPOSE and sure.tendency_method == "keywords"


def _marked(*words: str) -> list[str]:
    """Expected output of negation_marking: words folded as syllables() folds them."""
    return [("!" if w.startswith("!") else "") + syllables(w.removeprefix("!"))[0] for w in words]


def test_negation_marking() -> None:
    assert negation_marked("Chưa tốt") == _marked("!tốt")
    assert negation_marked("không hài lòng") == _marked("!hài", "!lòng")
    # a second negator inside the span cancels the first: a double negation
    assert negation_marked("không có gì không hài lòng") == _marked("!có", "!gì", "hài", "lòng")
    # the span ends at punctuation, at a contrast word and after a few syllables
    assert negation_marked("không rõ, nhưng tốt") == _marked("!rõ", "nhưng", "tốt")
    assert negation_marked("không rõ nhưng tốt") == _marked("!rõ", "nhưng", "tốt")
    assert negation_marked("chẳng ai muốn thế này cả")[-2:] == _marked("này", "cả")
    # "không khí" (air) negates nothing
    assert negation_marked("không khí trong lành") == _marked("không", "khí", "trong", "lành")


def test_length_token() -> None:
    words = BlockSettings("words", 1, 2, length=True)
    [point] = syllables("Điểm")
    assert block_features(words, "Điểm.") == [point, "#0", f"{point} #0"]  # 0-2 syllables
    long = " ".join(["tốt"] * 40)
    assert "#6" in block_features(words, long) and "#7" not in block_features(words, long)
    assert "#2" in block_features(words, "một hai ba bốn năm sáu bảy")
    assert not any(f.startswith("#") for f in block_features(BlockSettings("words", 1, 2), long))


def test_negated_praise_is_not_praise() -> None:
    praise = [
        ("giảng viên", "nhiệt tình"),
        ("bài giảng", "hay"),
        ("phòng học", "sạch sẽ"),
        ("tài liệu", "đầy đủ"),
        ("thầy cô", "tận tâm"),
    ]
    texts, labels = [], []
    for (subject, quality), degree in itertools.product(praise, ["", "rất ", "khá "]):
        texts += [f"{subject} {degree}{quality}", f"{subject} {degree}{quality} lắm"]
        labels += ["approve", "approve"]
        texts += [f"{subject} không {degree}{quality}", f"{subject} chưa {degree}{quality}"]
        labels += ["oppose", "oppose"]
    model = fit(texts, labels, target="tendency")
    assert model.predict("giảng viên không nhiệt tình")[0] == "oppose"
    assert model.predict("giảng viên nhiệt tình")[0] == "approve"
    assert model.predict("phòng học chẳng sạch sẽ")[0] == "oppose"
    # a double negation is praise: "nothing that is not dedicated"
    assert model.predict("không có gì không nhiệt tình")[0] == "approve"
    plain = fit(texts, labels, target="tendency", settings=[BlockSettings("words", 1, 2)])
    assert plain.predict("không có gì không nhiệt tình")[0] == "oppose"  # without marking


def test_features_match_between_fit_and_transform() -> None:
    texts = ["Sạt lở đất bản Pa So", "Giá điện tăng cao", "sạt lở đất"]
    settings = [BlockSettings("words", 1, 2), BlockSettings("chars", 2, 4)]
    blocks, matrix = build_blocks(settings, texts)
    again = transform(blocks, texts)
    assert (matrix != again).nnz == 0
    norms = again.multiply(again).sum(axis=1).A1
    assert norms.tolist() == pytest.approx([2.0, 2.0, 2.0])  # two unit blocks


def test_the_chosen_character_weight_is_what_prediction_uses(model: TrainedClassifier) -> None:
    # fit tries CHAR_WEIGHTS by cross-validation on a matrix rescaled in place; the weight it
    # keeps must be in the blocks, so that transform() gives the rows it was trained on.
    assert model.field is not None
    chosen = model.field.statistics["char_weight"]
    assert chosen in CHAR_WEIGHTS
    chars = [b for b in model.field.blocks if b.settings.kind == "chars"]
    assert chars and all(b.settings.weight == chosen for b in chars)
    rows = transform(model.field.blocks, ["Trường học thiếu giáo viên", "Rác thải ven sông"])
    norms = rows.multiply(rows).sum(axis=1).A1
    assert norms.tolist() == pytest.approx([1.0 + chosen**2] * 2)
    assert _weighted(model.field.blocks, rows, 1.0) is rows  # no copy when nothing changes


def test_rescaled_matrix_equals_the_reweighted_blocks() -> None:
    texts = ["Sạt lở đất bản Pa So", "Giá điện tăng cao", "sạt lở đất"]
    blocks, matrix = build_blocks(
        [BlockSettings("words", 1, 2), BlockSettings("chars", 2, 4)], texts
    )
    scaled = _weighted(blocks, matrix, 0.5)
    again = transform(_reweighted(blocks, 0.5), texts)
    assert abs(scaled - again).max() == pytest.approx(0.0)
    assert scaled.multiply(scaled).sum(axis=1).A1.tolist() == pytest.approx([1.25] * 3)


def test_given_settings_keep_their_weights() -> None:
    rows = corpus()
    settings = [BlockSettings("words", 1, 2), BlockSettings("chars", 2, 4, weight=0.8)]
    fitted = fit(
        [t for t, _, _ in rows], [f for _, f, _ in rows], target="field", settings=settings
    )
    assert fitted.statistics["char_weight"] == 1.0
    assert [b.settings.weight for b in fitted.blocks] == [1.0, 0.8]


def test_refuses_labels_that_are_not_values_of_the_target() -> None:
    with pytest.raises(ValueError, match=r"labels \['weather'\] are not field values"):
        fit(["a"] * 30, ["weather"] * 30, target="field")
    with pytest.raises(ValueError, match="are not tendency values"):
        fit(["a"] * 30, ["health"] * 30, target="tendency")


def test_training_without_scikit_learn_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "sklearn", None)
    rows = corpus()
    with pytest.raises(TrainingError, match=r"pip install 'dlxh\[ml\]'"):
        fit([t for t, _, _ in rows], [f for _, f, _ in rows], target="field")


def test_refuses_too_few_items_or_one_class() -> None:
    with pytest.raises(TrainingError, match="too few labelled items"):
        fit(["a b c"] * 5, ["health"] * 5, target="field")
    texts = [f"bệnh viện số {n}" for n in range(MIN_ITEMS + 5)]
    with pytest.raises(TrainingError, match="at least two field"):
        fit(texts, ["health"] * len(texts), target="field")


def test_fit_dataset_and_use_in_synthesis() -> None:
    rows = corpus()
    labelled = opinion_dataset(rows)
    texts, labels = labelled_items(labelled, "field")
    assert len(texts) == len(rows) and set(labels) == set(SUBJECTS)
    model = fit_dataset(labelled)
    unlabelled = opinion_dataset(
        [
            ("Ý kiến về trạm y tế\nBà con không hài lòng với trạm y tế xã.", "other", "undecided"),
            ("Ý kiến về học phí\nNhân dân đồng tình với học phí.", "education", "undecided"),
        ]
    )
    result = synthesize(unlabelled, "2026-10", as_of=date(2026, 10, 31), classifier=model)
    inferred, given = result.inferences
    assert (inferred.field, inferred.tendency) == (OpinionField.HEALTH, Tendency.OPPOSE)
    assert inferred.field_method == inferred.tendency_method == "model"
    assert inferred.field_confidence is not None and inferred.field_confidence >= 0.5
    # the field the collaborator gave is kept; only the tendency is inferred
    assert given.field is None and given.field_method is None
    assert given.tendency is Tendency.APPROVE and given.tendency_confidence is not None


def test_plain_tuple_classifiers_still_work() -> None:
    unlabelled = opinion_dataset([("Ý kiến\nNội dung chung.", "other", "undecided")])
    result = synthesize(
        unlabelled,
        "2026-10",
        as_of=date(2026, 10, 31),
        classifier=lambda text: (OpinionField.LAND, None),
    )
    [inference] = result.inferences
    assert inference.field is OpinionField.LAND and inference.field_method is None


def test_as_a_plugin(model: TrainedClassifier) -> None:
    hooks = load_plugins([model], entry_points=False)
    text = "Dịch sốt xuất huyết tăng, bà con lo lắng"
    assert hooks.classify(text) == (OpinionField.HEALTH, Tendency.HESITANT)
    sure = TrainedClassifier(field=model.field, tendency=model.tendency)
    sure.set_min_confidence(1.0)  # abstains: the built-in keyword classifier answers
    keywords = load_plugins(entry_points=False).classify(text)
    assert load_plugins([sure], entry_points=False).classify(text) == keywords
