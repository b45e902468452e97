"""Field and tendency classifiers on real Vietnamese text, side by side, in one run.

For each task: (a) dlxh's keyword classifier (``classify_field`` / ``classify_tendency`` on
"title\\ncontent", as ``synthesize`` calls them), (b) a plain scikit-learn baseline (word
TF-IDF + logistic regression, default settings) and (c) dlxh's trained classifier
(:mod:`dlxh.aggregate.learn`), both trained here, at run time, on the train split — no model
trained on these corpora is shipped. Scores are on the test splits:

* field, baomoi news, 7 fields and without ``land`` (trained again without it);
* field, VNTC (another source), with the baomoi models, not retrained: the 4 mapped sections,
  and apart the answers given to the mixed "Chính trị - Xã hội" section;
* tendency, UIT-VSFC student feedback: strict mapping and lenient (``hesitant`` counted right
  for a negative or neutral sentence); no answer reads as ``undecided``; with and without
  negation marking, on all sentences and on those with a negator.

Run ``python bench/analysis_classify.py`` (markdown on standard output); ``run(textq)`` is what
``bench/analysis_bench.py`` calls.
"""

from __future__ import annotations

import csv
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dlxh.aggregate.classify import classify_field, classify_tendency  # noqa: E402
from dlxh.aggregate.features import BlockSettings, negation_marked  # noqa: E402
from dlxh.aggregate.learn import Target, TargetModel, fit  # noqa: E402
from dlxh.aggregate.tokens import syllables  # noqa: E402

TEXTQ = Path(os.environ.get("DLXH_TEXTQ", ROOT.parent / "shared" / "data" / "textq"))
NONE = "(none)"

Predict = Callable[[Sequence[str]], list[str]]


def _rows(textq: Path, name: str) -> list[dict[str, str]]:
    with (textq / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_MINIMAL))


def _scores(
    truth: Sequence[str], answers: Sequence[str], none_as: str | None = None
) -> tuple[float, float, float, float]:
    """(accuracy, coverage, accuracy when answering, macro-F1 over the true classes); with
    ``none_as``, no answer is read as that class (after coverage is counted)."""
    from sklearn.metrics import f1_score  # noqa: PLC0415

    coverage = sum(a != NONE for a in answers) / len(truth)
    answered = [(t, a) for t, a in zip(truth, answers, strict=True) if a != NONE]
    when = sum(t == a for t, a in answered) / len(answered) if answered else 0.0
    read = [none_as if a == NONE and none_as else a for a in answers]
    accuracy = sum(t == a for t, a in zip(truth, read, strict=True)) / len(truth)
    labels = sorted(set(truth))
    macro = float(f1_score(truth, read, labels=labels, average="macro", zero_division=0))
    return accuracy, coverage, when, macro


def _row(
    name: str, truth: Sequence[str], answers: Sequence[str], none_as: str | None = None
) -> str:
    accuracy, coverage, when, macro = _scores(truth, answers, none_as)
    return f"| {name} | {accuracy:.3f} | {coverage:.0%} | {when:.3f} | {macro:.3f} |"


def _per_class(truth: Sequence[str], answers: Sequence[str], none_as: str) -> str:
    from sklearn.metrics import f1_score  # noqa: PLC0415

    labels = sorted(set(truth))
    read = [none_as if a == NONE else a for a in answers]
    values = f1_score(truth, read, labels=labels, average=None, zero_division=0)
    return ", ".join(f"{label} {value:.3f}" for label, value in zip(labels, values, strict=True))


def _baseline(texts: Sequence[str], labels: Sequence[str]) -> tuple[Predict, float]:
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415
    from sklearn.pipeline import make_pipeline  # noqa: PLC0415

    start = time.perf_counter()
    model = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True), LogisticRegression(max_iter=2000)
    )
    model.fit(list(texts), list(labels))
    return (lambda batch: [str(x) for x in model.predict(list(batch))]), time.perf_counter() - start


def _dlxh(
    texts: Sequence[str],
    labels: Sequence[str],
    target: Target,
    settings: list[BlockSettings] | None = None,
) -> tuple[TargetModel, float]:
    start = time.perf_counter()
    model = fit(texts, labels, target=target, settings=settings, min_confidence=0.0)
    return model, time.perf_counter() - start


def _answers(model: TargetModel, texts: Sequence[str], threshold: float = 0.0) -> list[str]:
    probabilities = model.probabilities(texts)
    best = probabilities.argmax(axis=1)
    return [
        model.classes[k] if probabilities[i, k] >= threshold else NONE for i, k in enumerate(best)
    ]


HEADER = [
    "| method | accuracy | answered | accuracy when answering | macro-F1 |",
    "|---|---:|---:|---:|---:|",
]


def _timed(predict: Callable[[], list[str]]) -> tuple[list[str], float]:
    start = time.perf_counter()
    answers = predict()
    return answers, time.perf_counter() - start


def fields(textq: Path) -> tuple[list[str], list[str]]:
    rows = _rows(textq, "field_baomoi.tsv")
    train = [r for r in rows if r["split"] == "train"]
    test = [r for r in rows if r["split"] == "test"]
    vntc = _rows(textq, "field_vntc.tsv")

    def text(row: dict[str, str]) -> str:
        return f"{row['title']}\n{row['sapo']}"

    def keywords(batch: Sequence[dict[str, str]]) -> list[str]:
        return [(f.value if (f := classify_field(text(r))) else NONE) for r in batch]

    lines: list[str] = []
    times: list[str] = []
    for title, kept in (("7 fields", None), ("without `land`", "land")):
        tr = [r for r in train if r["field"] != kept]
        te = [r for r in test if r["field"] != kept]
        truth = [r["field"] for r in te]
        base, base_time = _baseline([text(r) for r in tr], [r["field"] for r in tr])
        model, model_time = _dlxh([text(r) for r in tr], [r["field"] for r in tr], "field")
        ours, predict_time = _timed(
            lambda te=te, model=model: _answers(model, [text(r) for r in te])
        )
        lines += [
            f"### Field, baomoi test ({title}: {len(te):,} items; trained on {len(tr):,})",
            "",
            *HEADER,
            _row("dlxh keywords", truth, keywords(te)),
            _row("scikit-learn baseline (word TF-IDF + logistic regression)", truth,
                 base([text(r) for r in te])),
            _row("dlxh trained model", truth, ours),
        ]  # fmt: skip
        for threshold in (0.5, 0.7, 0.9):
            lines.append(
                _row(
                    f"dlxh trained model, abstaining below {threshold}",
                    truth,
                    _answers(model, [text(r) for r in te], threshold),
                )
            )
        lines += [
            "",
            f"dlxh model: C={model.statistics['c']}, character weight "
            f"{model.statistics['char_weight']}, temperature {model.temperature:.3f}, "
            f"class offsets {model.statistics['offsets']} (cross-fitted gain "
            f"{model.statistics['offsets_gain']:+.4f}), held-out macro-F1 on train (3-fold, "
            f"before offsets) {model.statistics['held_out_macro_f1']:.3f}.",
            "",
        ]
        times.append(
            f"| field, baomoi {title} | {base_time:.1f} s | {model_time:.1f} s | "
            f"{predict_time / len(te) * 1000:.2f} ms |"
        )
        if kept is None:
            mapped = [r for r in vntc if not r["field"].startswith("MIXED")]
            mixed = [r for r in vntc if r["field"].startswith("MIXED")]
            vtruth = [r["field"] for r in mapped]
            lines += [
                f"### Field, VNTC (another source, baomoi models not retrained; "
                f"{len(mapped)} items in 4 mapped sections)",
                "",
                *HEADER,
                _row("dlxh keywords", vtruth, keywords(mapped)),
                _row("scikit-learn baseline", vtruth, base([text(r) for r in mapped])),
                _row("dlxh trained model", vtruth, _answers(model, [text(r) for r in mapped])),
                "",
                f'Answers to the {len(mixed)} mixed "Chính trị - Xã hội" items:',
                "",
            ]
            for name, answers in (
                ("dlxh keywords", keywords(mixed)),
                ("scikit-learn baseline", base([text(r) for r in mixed])),
                ("dlxh trained model", _answers(model, [text(r) for r in mixed])),
            ):
                spread = ", ".join(f"{k} {n}" for k, n in Counter(answers).most_common())
                lines.append(f"* {name}: {spread}")
            lines.append("")
    return lines, times


def _lenient(truth: Sequence[str], answers: Sequence[str]) -> list[str]:
    """An answer of ``hesitant`` counts as right for a negative or neutral sentence."""
    return [
        t if a == "hesitant" and t in ("oppose", "undecided") else a
        for t, a in zip(truth, answers, strict=True)
    ]


def tendencies(textq: Path) -> tuple[list[str], list[str]]:
    rows = _rows(textq, "tendency_vsfc.tsv")
    train = [r for r in rows if r["split"] == "train"]
    test = [r for r in rows if r["split"] == "test"]
    texts = [r["text"] for r in train]
    labels = [r["tendency"] for r in train]
    tests = [r["text"] for r in test]
    truth = [r["tendency"] for r in test]
    keywords = [(t.value if (t := classify_tendency(f"{x}\n")) else NONE) for x in tests]
    base, base_time = _baseline(texts, labels)
    model, model_time = _dlxh(texts, labels, "tendency")
    ours, predict_time = _timed(lambda: _answers(model, tests))
    plain, _ = _dlxh(
        texts,
        labels,
        "tendency",
        [BlockSettings("words", 1, 2), BlockSettings("chars", 2, 5, min_df=2)],
    )
    unmarked = _answers(plain, tests)
    base_answers = base(tests)
    negated = [i for i, x in enumerate(tests) if len(negation_marked(x)) < len(syllables(x))]
    lines = [
        f"### Tendency, UIT-VSFC test ({len(test):,} sentences; trained on {len(train):,})",
        "",
        "Strict mapping (positive = approve, negative = oppose, neutral = undecided); no answer "
        "is read as `undecided`, as dlxh documents it (the answered column counts real answers):",
        "",
        *HEADER,
        _row("dlxh keywords", truth, keywords, "undecided"),
        _row("scikit-learn baseline", truth, base_answers),
        _row("dlxh trained model", truth, ours),
        _row("dlxh trained model without negation marking", truth, unmarked),
        "",
        "Lenient (an answer of `hesitant` is right for a negative or neutral sentence):",
        "",
        *HEADER,
        _row("dlxh keywords", truth, _lenient(truth, keywords), "undecided"),
        _row("scikit-learn baseline", truth, _lenient(truth, base_answers)),
        _row("dlxh trained model", truth, _lenient(truth, ours)),
        "",
        f"The {len(negated)} test sentences with a negator (không, chưa, chẳng...), strict:",
        "",
        *HEADER,
    ]
    pick = [truth[i] for i in negated]
    for name, answers in (
        ("dlxh keywords", keywords),
        ("scikit-learn baseline", base_answers),
        ("dlxh trained model", ours),
        ("dlxh trained model without negation marking", unmarked),
    ):
        lines.append(_row(name, pick, [answers[i] for i in negated], "undecided"))
    lines += [
        "",
        "F1 per class (strict; no answer read as `undecided`): "
        f"keywords {_per_class(truth, keywords, 'undecided')}; "
        f"baseline {_per_class(truth, base_answers, 'undecided')}; "
        f"dlxh model {_per_class(truth, ours, 'undecided')}.",
        "",
        f"dlxh model: C={model.statistics['c']}, character weight "
        f"{model.statistics['char_weight']}, temperature {model.temperature:.3f}, "
        f"class offsets {model.statistics['offsets']} (cross-fitted gain "
        f"{model.statistics['offsets_gain']:+.4f}), held-out macro-F1 on train (3-fold, "
        f"before offsets) {model.statistics['held_out_macro_f1']:.3f}.",
        "",
    ]
    times = [
        f"| tendency, UIT-VSFC | {base_time:.1f} s | {model_time:.1f} s | "
        f"{predict_time / len(test) * 1000:.2f} ms |"
    ]
    return lines, times


def run(textq: Path) -> list[str]:
    """The classifier sections of the analysis benchmark, as markdown lines."""
    if not textq.is_dir():
        return [f"textq corpora not found at {textq}: classifier section skipped"]
    field_lines, field_times = fields(textq)
    tendency_lines, tendency_times = tendencies(textq)
    return [
        *field_lines,
        *tendency_lines,
        "### Training and prediction time",
        "",
        "dlxh's fit includes its cross-validation (4 regularisation values x 2 character "
        "weights x 3 folds), the calibration and the class offsets (with their cross-fitted "
        "check); prediction is dlxh's numpy path, one batch.",
        "",
        "| task | baseline fit | dlxh fit | dlxh predict per item |",
        "|---|---:|---:|---:|",
        *field_times,
        *tendency_times,
    ]


if __name__ == "__main__":
    print("\n".join(run(TEXTQ)))
