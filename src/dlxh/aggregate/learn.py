"""A classifier that learns fields and tendencies from the province's own history.

Collaborators file most opinion items with a field and a tendency; those items are training
data. :func:`fit_dataset` (or :func:`fit` on plain texts and labels) fits, per target, a linear
model on TF-IDF features of syllables and characters (:mod:`dlxh.aggregate.features`), and
returns a :class:`TrainedClassifier`:

* its **probabilities are calibrated**: a temperature fitted on out-of-fold scores, so that
  "0.8" means right about four times in five on the history it learnt from;
* it **abstains** below ``min_confidence`` (``None``), and the keyword classifier or nothing
  fills the item instead;
* it is a :data:`~dlxh.aggregate.synthesis.Classifier` (``synthesize(..., classifier=model)``),
  whose answers (:class:`Guess`) carry their confidence and method into
  :class:`~dlxh.aggregate.synthesis.Inference`, and a plugin (``load_plugins([model])``);
* it saves to a safe JSON file (:mod:`dlxh.aggregate.modelfile`), never a pickle.

Fitting needs scikit-learn (``pip install 'dlxh[ml]'``); predicting needs numpy only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dlxh.aggregate.features import Block, BlockSettings, build_blocks
from dlxh.aggregate.guess import Guess
from dlxh.aggregate.linear import Target, TargetModel, offsets, scores, temperature, train
from dlxh.errors import DlxhError
from dlxh.hookspecs import hookimpl

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from dlxh.models import Dataset, OpinionField, Tendency

__all__ = [
    "CHAR_WEIGHTS",
    "MIN_ITEMS",
    "Guess",
    "TargetModel",
    "TrainedClassifier",
    "TrainingError",
    "default_settings",
    "fit",
    "fit_dataset",
    "labelled_items",
]

MIN_ITEMS = 20
"""Fewest labelled items a target is trained on: below that, a model only repeats the history."""
MIN_PER_CLASS = 3
"""A class with fewer labelled items is left out of training (and named in ``dropped``)."""
C_GRID = (0.1, 0.3, 1.0, 3.0)
"""Regularisation strengths tried by cross-validation on the training items (the tendencies
of student feedback chose 0.1-0.3, the fields of news titles 1-3)."""
CHAR_WEIGHTS = (0.5, 1.0)
"""Weights of the character blocks against the words block tried with each ``C`` (the
default blocks only; given ``settings`` keep their own weights). Each block is L2-normalised,
so this is how much the spelling evidence counts against the words: on long news titles the
words carry more (the 3-fold score on baomoi train rose 0.895 -> 0.897 at 0.5), on short
remarks both count alike."""


class TrainingError(DlxhError, ValueError):
    """The labelled items cannot train a model (too few, a single class, no scikit-learn)."""


def default_settings(target: Target) -> list[BlockSettings]:
    """The feature blocks for ``target``: words and word pairs, and character n-grams, with
    negation marking for tendencies. Chosen on the benchmark's train/dev splits. The length
    token (``BlockSettings(length=True)``) is left out: it raised UIT-VSFC dev macro-F1
    (0.79 -> 0.82, 73 neutral sentences) but not the 3-fold score on train (0.764 -> 0.765,
    458 neutral sentences)."""
    tendency = target == "tendency"
    return [
        BlockSettings("words", 1, 2, negation=tendency, min_df=1),
        BlockSettings("chars", 2, 5, negation=tendency, min_df=2),
    ]


def _sklearn() -> Any:
    try:
        import sklearn  # noqa: PLC0415
    except ImportError:
        raise TrainingError(
            "training a classifier needs scikit-learn: pip install 'dlxh[ml]'"
        ) from None
    return sklearn


def fit(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    target: Target,
    settings: Sequence[BlockSettings] | None = None,
    c: float | None = None,
    min_confidence: float = 0.5,
    folds: int = 3,
    seed: int = 0,
    tune_offsets: bool = True,
) -> TargetModel:
    """Fit a model of ``target`` on ``texts`` and their ``labels`` (enum values).

    ``c=None`` picks the regularisation from :data:`C_GRID` (and, for the default blocks, the
    weight of the characters from :data:`CHAR_WEIGHTS`) by stratified cross-validation;
    the out-of-fold scores of the chosen one give the held-out accuracy and macro-F1 in
    ``statistics``, set per-class offsets when they survive a cross-fitted check
    (:func:`~dlxh.aggregate.linear.offsets`, their held-out gain in ``offsets_gain``) and
    calibrate the temperature. Classes are weighted inversely to their size, so a rare
    tendency is not simply never predicted.

    Raises:
        TrainingError: fewer than :data:`MIN_ITEMS` usable items or fewer than two classes
            with :data:`MIN_PER_CLASS` items, or scikit-learn is missing.
    """
    _sklearn()
    import numpy as np  # noqa: PLC0415
    from sklearn.metrics import accuracy_score, f1_score  # noqa: PLC0415
    from sklearn.model_selection import StratifiedKFold  # noqa: PLC0415

    if len(texts) != len(labels):
        raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
    if not 0.0 <= min_confidence <= 1.0:
        raise ValueError(f"a confidence is between 0 and 1, not {min_confidence}")
    from dlxh.models import OpinionField, Tendency  # noqa: PLC0415

    allowed = {member.value for member in (OpinionField if target == "field" else Tendency)}
    if unknown := sorted(set(labels) - allowed):
        raise ValueError(f"labels {unknown} are not {target} values ({', '.join(sorted(allowed))})")
    # The same text filed twice with the same label (a report copied from another) is one
    # example: repeated, it would sit on both sides of a fold and inflate the held-out score.
    unique = list(dict.fromkeys(zip(texts, labels, strict=True)))
    counts = Counter(label for _, label in unique)
    dropped = sorted(k for k, n in counts.items() if n < MIN_PER_CLASS)
    pairs = [(t, y) for t, y in unique if y not in dropped]
    classes = sorted({y for _, y in pairs})
    what = f"the {target} classifier"
    if len(pairs) < MIN_ITEMS:
        raise TrainingError(
            f"too few labelled items to train {what}: {len(pairs)} distinct items in classes "
            f"of {MIN_PER_CLASS} or more (at least {MIN_ITEMS} needed)"
        )
    if len(classes) < 2:
        raise TrainingError(
            f"{what} needs items of at least two {target}s with {MIN_PER_CLASS} items each; "
            f"the history has {dict(sorted(counts.items()))}"
        )
    chosen = list(settings or default_settings(target))
    blocks, base = build_blocks(chosen, [t for t, _ in pairs])
    y = np.array([classes.index(label) for _, label in pairs])
    k = max(2, min(folds, int(np.bincount(y).min())))
    splits = list(StratifiedKFold(n_splits=k, shuffle=True, random_state=seed).split(base, y))
    best: tuple[float, float, float, NDArray[np.float64]] | None = None
    for char_weight in CHAR_WEIGHTS if settings is None else (1.0,):
        matrix = _weighted(blocks, base, char_weight)
        for candidate in [c] if c is not None else C_GRID:
            out = np.zeros((len(y), len(classes)))
            for part, held in splits:
                weights = train(candidate, seed, matrix[part], y[part], len(classes))
                out[held] = scores(weights, matrix[held])
            score = float(f1_score(y, out.argmax(axis=1), average="macro"))
            if best is None or score > best[0] + 1e-9:
                best = (score, candidate, char_weight, out)
    assert best is not None
    _, chosen_c, chosen_weight, oof = best
    matrix = _weighted(blocks, base, chosen_weight)
    blocks = _reweighted(blocks, chosen_weight)
    coef, intercept = train(chosen_c, seed, matrix, y, len(classes))
    # The held-out scores are those of the chosen C, before any offset: the offsets are
    # tuned on these very scores, so their own gain is the cross-fitted ``offsets_gain``.
    held_out_accuracy = float(accuracy_score(y, oof.argmax(axis=1)))
    held_out_macro_f1 = float(f1_score(y, oof.argmax(axis=1), average="macro"))
    shift, gain = offsets(oof, y, seed) if tune_offsets else (np.zeros(len(classes)), 0.0)
    intercept = intercept + shift
    oof = oof + shift
    calibration = temperature(oof, y)
    stats = {
        "items": len(pairs),
        "counts": {cls: counts[cls] for cls in classes},
        "dropped": {cls: counts[cls] for cls in dropped},
        "c": chosen_c,
        "char_weight": chosen_weight,
        "folds": k,
        "held_out_accuracy": round(held_out_accuracy, 4),
        "held_out_macro_f1": round(held_out_macro_f1, 4),
        "offsets": [round(float(x), 4) for x in shift],
        "offsets_gain": round(gain, 4),
    }
    return TargetModel(
        target=target,
        blocks=blocks,
        classes=classes,
        coef=np.round(coef, 6),
        intercept=np.round(intercept, 6),
        temperature=round(calibration, 6),
        min_confidence=min_confidence,
        statistics=stats,
    )


def _weighted(blocks: Sequence[Block], matrix: Any, char_weight: float) -> Any:
    """``matrix`` (built with every block's own weight) with the columns of the character
    blocks multiplied by ``char_weight``: what :func:`_reweighted` blocks transform a text to,
    without reading the texts again for each weight tried."""
    if char_weight == 1.0:
        return matrix
    import numpy as np  # noqa: PLC0415
    from scipy.sparse import diags  # noqa: PLC0415

    scale = np.concatenate(
        [
            np.full(len(b.vocabulary), char_weight if b.settings.kind != "words" else 1.0)
            for b in blocks
        ]
    )
    return (matrix @ diags(scale)).tocsr()


def _reweighted(blocks: Sequence[Block], char_weight: float) -> list[Block]:
    """The blocks with the character blocks' weight multiplied by ``char_weight`` (stored in
    the model file's block settings, so prediction scales them the same way)."""
    return [
        b
        if char_weight == 1.0 or b.settings.kind == "words"
        else Block(
            replace(b.settings, weight=round(b.settings.weight * char_weight, 6)),
            b.vocabulary,
            b.idf,
            b.terms,
        )
        for b in blocks
    ]


def labelled_items(dataset: Dataset, target: Target) -> tuple[list[str], list[str]]:
    """The texts ("title\\ncontent", as :func:`~dlxh.aggregate.synthesize` classifies them) and
    labels of the items a collaborator filed with a ``target``: a field other than "other", a
    tendency other than "undecided"."""
    from dlxh.models import OpinionField, Tendency  # noqa: PLC0415

    texts: list[str] = []
    labels: list[str] = []
    for report in dataset.reports:
        for item in report.items:
            value = item.field if target == "field" else item.tendency
            if value in (OpinionField.OTHER, Tendency.UNDECIDED):
                continue
            texts.append(f"{item.title}\n{item.content}")
            labels.append(value.value)
    return texts, labels


def fit_dataset(
    dataset: Dataset,
    *,
    targets: Sequence[Target] = ("field", "tendency"),
    min_confidence: float = 0.5,
    seed: int = 0,
) -> TrainedClassifier:
    """A classifier trained on the labelled items of ``dataset`` (see :func:`labelled_items`).

    Raises:
        TrainingError: a target has too few labelled items or a single class.
    """
    models: dict[str, TargetModel] = {}
    for target in targets:
        texts, labels = labelled_items(dataset, target)
        models[target] = fit(texts, labels, target=target, min_confidence=min_confidence, seed=seed)
    return TrainedClassifier(field=models.get("field"), tendency=models.get("tendency"))


class TrainedClassifier:
    """A trained field and/or tendency model, usable as a classifier and as a plugin.

    ``fallback`` (a plain classifier, such as the plugins' ``hooks.classify``) answers what the
    model abstains on or does not cover; its answers are marked ``method="keywords"``.
    """

    def __init__(
        self,
        *,
        field: TargetModel | None = None,
        tendency: TargetModel | None = None,
        fallback: Callable[[str], tuple[OpinionField | None, Tendency | None]] | None = None,
        source: str | None = None,
    ) -> None:
        if field is None and tendency is None:
            raise ValueError("a trained classifier needs a field or a tendency model")
        self.field = field
        self.tendency = tendency
        self.fallback = fallback
        self.source = source

    def with_fallback(
        self, fallback: Callable[[str], tuple[OpinionField | None, Tendency | None]]
    ) -> TrainedClassifier:
        """The same models, with ``fallback`` answering where they do not."""
        return TrainedClassifier(
            field=self.field, tendency=self.tendency, fallback=fallback, source=self.source
        )

    def set_min_confidence(self, value: float) -> None:
        """Abstain below ``value`` (0 to 1) on every target."""
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"a confidence is between 0 and 1, not {value}")
        for model in (self.field, self.tendency):
            if model is not None:
                model.min_confidence = value

    def predict_field(self, text: str) -> tuple[OpinionField | None, float | None]:
        """The model's field for ``text`` (``None`` when it abstains) and its confidence."""
        from dlxh.models import OpinionField  # noqa: PLC0415

        if self.field is None:
            return None, None
        label, confidence = self.field.predict(text)
        return (OpinionField.parse(label) if label is not None else None), confidence

    def predict_tendency(self, text: str) -> tuple[Tendency | None, float | None]:
        """The model's tendency for ``text`` (``None`` when it abstains) and its confidence."""
        from dlxh.models import Tendency  # noqa: PLC0415

        if self.tendency is None:
            return None, None
        label, confidence = self.tendency.predict(text)
        return (Tendency.parse(label) if label is not None else None), confidence

    def __call__(self, text: str) -> Guess:
        field, field_confidence = self.predict_field(text)
        tendency, tendency_confidence = self.predict_tendency(text)
        field_method = "model" if field is not None else None
        tendency_method = "model" if tendency is not None else None
        if self.fallback is not None and (field is None or tendency is None):
            other_field, other_tendency = self.fallback(text)
            if field is None and other_field is not None:
                field, field_confidence, field_method = other_field, None, "keywords"
            if tendency is None and other_tendency is not None:
                tendency, tendency_confidence, tendency_method = other_tendency, None, "keywords"
        return Guess(
            field,
            tendency,
            field_confidence=field_confidence if field_method == "model" else None,
            tendency_confidence=tendency_confidence if tendency_method == "model" else None,
            field_method=field_method,
            tendency_method=tendency_method,
        )

    @hookimpl(tryfirst=True)
    def dlxh_classify_field(self, text: str) -> OpinionField | None:
        return self.predict_field(text)[0]

    @hookimpl(tryfirst=True)
    def dlxh_classify_tendency(self, text: str) -> Tendency | None:
        from dlxh.models import Tendency  # noqa: PLC0415

        tendency = self.predict_tendency(text)[0]
        return None if tendency is Tendency.UNDECIDED else tendency

    def save(self, path: str | Path) -> Path:
        """Write the models to ``path`` as a safe JSON model file (atomically)."""
        from dlxh.aggregate.modelfile import save_model  # noqa: PLC0415

        return save_model(self, path)

    @classmethod
    def load(cls, path: str | Path) -> TrainedClassifier:
        """Read a model file written by :meth:`save`, checking every part of it."""
        from dlxh.aggregate.modelfile import load_model  # noqa: PLC0415

        return load_model(path)
