"""The model file of a trained classifier: plain JSON, checked in full when read.

A model file travels between offices (trained at the province, used by the communes), so reading
one must never run code: no pickle, no joblib — only numbers and strings that this module checks
one by one before anything predicts with them. A file is refused, with an
:class:`~dlxh.errors.InputError` naming the file and what is wrong, when it is not JSON, not a
dlxh model (``format``), of a newer ``version``, has a key that is not expected or lacks one, a
number that is not finite, arrays whose sizes disagree or exceed the bounds below, a class that
is not an :class:`~dlxh.models.OpinionField` / :class:`~dlxh.models.Tendency` value — or a
``sha256`` that does not match the content, which catches a hand-edited coefficient.

The file also says what made it (``dlxh_version``, ``sklearn_version``) and what training
measured (``statistics``). Reading it needs numpy only.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dlxh.aggregate.features import Block, BlockSettings
from dlxh.errors import InputError

if TYPE_CHECKING:
    from dlxh.aggregate.learn import TrainedClassifier
    from dlxh.aggregate.linear import TargetModel

__all__ = ["FORMAT", "MAX_BYTES", "MAX_FEATURES", "VERSION", "load_model", "save_model"]

FORMAT = "dlxh-classifier"
VERSION = 1
MAX_BYTES = 512 * 1024 * 1024
"""Largest model file read (a province's history makes a few megabytes)."""
MAX_FEATURES = 2_000_000
"""Most features of one block."""
MAX_TERM = 200
_TOP = {"format", "version", "dlxh_version", "sklearn_version", "targets", "sha256"}
_TARGET = {
    "classes",
    "blocks",
    "coef",
    "intercept",
    "temperature",
    "min_confidence",
    "statistics",
}
_BLOCK = {"settings", "terms", "idf"}
_SETTINGS = {
    "kind",
    "ngram_min",
    "ngram_max",
    "part",
    "negation",
    "length",
    "min_df",
    "max_features",
    "sublinear_tf",
    "weight",
}


def _digest(content: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of everything but the digest itself."""
    canonical = json.dumps(
        {k: v for k, v in content.items() if k != "sha256"},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _target_json(model: TargetModel) -> dict[str, Any]:
    return {
        "classes": list(model.classes),
        "blocks": [
            {
                "settings": {
                    "kind": b.settings.kind,
                    "ngram_min": b.settings.ngram_min,
                    "ngram_max": b.settings.ngram_max,
                    "part": b.settings.part,
                    "negation": b.settings.negation,
                    "length": b.settings.length,
                    "min_df": b.settings.min_df,
                    "max_features": b.settings.max_features,
                    "sublinear_tf": b.settings.sublinear_tf,
                    "weight": b.settings.weight,
                },
                "terms": list(b.terms),
                "idf": [float(x) for x in b.idf],
            }
            for b in model.blocks
        ],
        "coef": [[float(x) for x in row] for row in model.coef],
        "intercept": [float(x) for x in model.intercept],
        "temperature": float(model.temperature),
        "min_confidence": float(model.min_confidence),
        "statistics": model.statistics,
    }


def save_model(classifier: TrainedClassifier, path: str | Path) -> Path:
    """Write ``classifier`` to ``path`` as JSON, atomically (never a half-written file)."""
    from dlxh import __version__  # noqa: PLC0415
    from dlxh.atomic import atomic_write  # noqa: PLC0415

    try:
        import sklearn  # noqa: PLC0415

        sklearn_version: str | None = sklearn.__version__
    except ImportError:  # a model re-saved where it was only used
        sklearn_version = None
    targets = {
        name: _target_json(model)
        for name, model in (("field", classifier.field), ("tendency", classifier.tendency))
        if model is not None
    }
    content: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "dlxh_version": __version__,
        "sklearn_version": sklearn_version,
        "targets": targets,
    }
    content["sha256"] = _digest(content)
    data = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return atomic_write(path, data.encode("utf-8"))


class _BadModelError(Exception):
    """One thing wrong with a model file (turned into an InputError naming the file)."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _BadModelError(f"key {key!r} appears twice")
        result[key] = value
    return result


def _refuse_constant(name: str) -> float:
    raise _BadModelError(f"{name} is not a finite number")


def load_model(path: str | Path) -> TrainedClassifier:
    """Read and check a model file written by :func:`save_model`.

    Raises:
        InputError: the file cannot be read, or is not a valid, untouched dlxh model file.
    """
    from dlxh.aggregate.learn import TrainedClassifier  # noqa: PLC0415

    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _BadModelError(f"{size} bytes, more than a model file holds ({MAX_BYTES})")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the model file: {exc.strerror or exc}", path=path) from None
    except _BadModelError as exc:
        raise InputError(f"not a dlxh model file: {exc}", path=path) from None
    try:
        try:
            content = json.loads(
                raw.decode("utf-8"),
                object_pairs_hook=_no_duplicates,
                parse_constant=_refuse_constant,
            )
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise _BadModelError("it is not a JSON model file") from None
        models = _check(content)
    except _BadModelError as exc:
        raise InputError(f"not a valid dlxh model file: {exc}", path=path) from None
    return TrainedClassifier(
        field=models.get("field"), tendency=models.get("tendency"), source=str(path)
    )


def _keys(
    value: Any, expected: set[str], where: str, optional: frozenset[str] = frozenset()
) -> None:
    if not isinstance(value, dict):
        raise _BadModelError(f"{where} must be an object, not {type(value).__name__}")
    unknown = sorted(set(value) - expected)
    if unknown:
        raise _BadModelError(f"{where} has unexpected key(s) {', '.join(map(repr, unknown))}")
    missing = sorted(expected - optional - set(value))
    if missing:
        raise _BadModelError(f"{where} lacks {', '.join(map(repr, missing))}")


def _check(content: Any) -> dict[str, TargetModel]:
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        raise _BadModelError(f"'format' is not {FORMAT!r}")
    version = content.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version != VERSION:
        raise _BadModelError(f"'version' {version!r} is not supported (this dlxh reads {VERSION})")
    _keys(content, _TOP, "the file")
    if content["sha256"] != _digest(content):
        raise _BadModelError("its sha256 does not match its content: it was changed after training")
    for key in ("dlxh_version", "sklearn_version"):
        if content[key] is not None and not isinstance(content[key], str):
            raise _BadModelError(f"{key!r} must be a string")
    targets = content["targets"]
    _keys(targets, {"field", "tendency"}, "'targets'", optional=frozenset({"field", "tendency"}))
    if not targets:
        raise _BadModelError("'targets' is empty")
    return {name: _target(name, value) for name, value in targets.items()}


def _number(value: Any, where: str, low: float = -1e6, high: float = 1e6) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _BadModelError(f"{where} must be a number, not {type(value).__name__}")
    if not math.isfinite(value) or not low <= value <= high:
        raise _BadModelError(f"{where} = {value!r} is outside [{low}, {high}]")
    return float(value)


def _integer(value: Any, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _BadModelError(f"{where} must be an integer from {low} to {high}, not {value!r}")
    return value


def _vector(value: Any, where: str, size: int, low: float = -1e6, high: float = 1e6) -> Any:
    import numpy as np  # noqa: PLC0415

    if not isinstance(value, list) or len(value) != size:
        got = len(value) if isinstance(value, list) else type(value).__name__
        raise _BadModelError(f"{where} must be a list of {size} numbers, not {got}")
    if any(isinstance(x, bool) or not isinstance(x, int | float) for x in value):
        raise _BadModelError(f"{where} must hold numbers only")
    array = np.asarray(value, dtype=np.float64)
    if array.size and (not np.isfinite(array).all() or array.min() < low or array.max() > high):
        raise _BadModelError(f"{where} holds a number outside [{low}, {high}]")
    return array


def _settings(value: Any, where: str) -> BlockSettings:
    _keys(value, _SETTINGS, where)
    kind, part = value["kind"], value["part"]
    if kind not in ("words", "chars", "span"):
        raise _BadModelError(f"{where}.kind {kind!r} is not words, chars or span")
    if part not in ("all", "title"):
        raise _BadModelError(f"{where}.part {part!r} is not all or title")
    for key in ("negation", "length", "sublinear_tf"):
        if not isinstance(value[key], bool):
            raise _BadModelError(f"{where}.{key} must be true or false")
    low = _integer(value["ngram_min"], f"{where}.ngram_min", 1, 8)
    high = _integer(value["ngram_max"], f"{where}.ngram_max", low, 8)
    return BlockSettings(
        kind=kind,
        ngram_min=low,
        ngram_max=high,
        part=part,
        negation=value["negation"],
        length=value["length"],
        min_df=_integer(value["min_df"], f"{where}.min_df", 1, 1_000_000),
        max_features=_integer(value["max_features"], f"{where}.max_features", 1, MAX_FEATURES),
        sublinear_tf=value["sublinear_tf"],
        weight=_number(value["weight"], f"{where}.weight", 0.0, 100.0),
    )


def _block(value: Any, where: str) -> Block:
    _keys(value, _BLOCK, where)
    settings = _settings(value["settings"], f"{where}.settings")
    terms = value["terms"]
    if not isinstance(terms, list) or len(terms) > settings.max_features:
        raise _BadModelError(
            f"{where}.terms must be a list of at most {settings.max_features} terms"
        )
    if any(not isinstance(t, str) or not t or len(t) > MAX_TERM for t in terms):
        raise _BadModelError(
            f"{where}.terms must hold non-empty strings of at most {MAX_TERM} characters"
        )
    vocabulary = {term: index for index, term in enumerate(terms)}
    if len(vocabulary) != len(terms):
        raise _BadModelError(f"{where}.terms holds a term twice")
    idf = _vector(value["idf"], f"{where}.idf", len(terms), 1.0, 100.0)
    return Block(settings, vocabulary, idf, list(terms))


def _target(name: str, value: Any) -> TargetModel:
    import numpy as np  # noqa: PLC0415

    from dlxh.aggregate.linear import TargetModel  # noqa: PLC0415
    from dlxh.models import OpinionField, Tendency  # noqa: PLC0415

    where = f"targets.{name}"
    _keys(value, _TARGET, where)
    enum = OpinionField if name == "field" else Tendency
    classes = value["classes"]
    allowed = [member.value for member in enum]
    if (
        not isinstance(classes, list)
        or len(classes) < 2
        or len(set(map(str, classes))) != len(classes)
        or any(c not in allowed for c in classes)
    ):
        raise _BadModelError(
            f"{where}.classes must be two or more distinct {name} values "
            f"({', '.join(allowed)}), not {str(classes)[:120]}"
        )
    blocks_value = value["blocks"]
    if not isinstance(blocks_value, list) or not 1 <= len(blocks_value) <= 8:
        raise _BadModelError(f"{where}.blocks must be a list of 1 to 8 blocks")
    blocks = [_block(b, f"{where}.blocks.{i}") for i, b in enumerate(blocks_value)]
    width = sum(len(b.terms) for b in blocks)
    coef_value = value["coef"]
    if not isinstance(coef_value, list) or len(coef_value) != len(classes):
        raise _BadModelError(f"{where}.coef must have one row per class ({len(classes)})")
    coef = np.vstack([_vector(row, f"{where}.coef.{i}", width) for i, row in enumerate(coef_value)])
    intercept = _vector(value["intercept"], f"{where}.intercept", len(classes))
    statistics = value["statistics"]
    if not isinstance(statistics, dict):
        raise _BadModelError(f"{where}.statistics must be an object")
    return TargetModel(
        target="field" if name == "field" else "tendency",
        blocks=blocks,
        classes=list(classes),
        coef=coef,
        intercept=intercept,
        temperature=_number(value["temperature"], f"{where}.temperature", 1e-3, 1e3),
        min_confidence=_number(value["min_confidence"], f"{where}.min_confidence", 0.0, 1.0),
        statistics=statistics,
    )
