"""``dlxh train``: a field and tendency classifier learnt from the reports a province holds."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from dlxh.cli._errors import cli_errors, stdout
from dlxh.cli._inputs import make_parent, output_option
from dlxh.errors import InputError

if TYPE_CHECKING:
    from dlxh.aggregate.linear import Target

__all__ = ["train_command"]

_TARGETS: dict[str, tuple[Target, ...]] = {
    "field": ("field",),
    "tendency": ("tendency",),
    "both": ("field", "tendency"),
}


@cli_errors
def train_command(
    inputs: Annotated[
        list[Path],
        typer.Argument(help="Report files or folders: the labelled history.", metavar="DATA..."),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="The model file to write.")],
    target: Annotated[str, typer.Option(help="What to learn: field, tendency or both.")] = "both",
    min_confidence: Annotated[
        float,
        typer.Option(
            "--min-confidence", help="Abstain below this probability (0-1); stored in the model."
        ),
    ] = 0.5,
) -> None:
    """Train a field and tendency classifier on the labelled items of past reports."""
    # Imported here: the learner pulls numpy, scipy and scikit-learn.
    from dlxh.aggregate.learn import TrainedClassifier, fit, labelled_items  # noqa: PLC0415
    from dlxh.io import load_dataset  # noqa: PLC0415

    if target not in _TARGETS:
        raise InputError(f"--target {target!r}: expected field, tendency or both")
    if not 0.0 <= min_confidence <= 1.0:
        raise InputError(f"--min-confidence {min_confidence}: expected a number from 0 to 1")
    output_option("--output", output, (".json",))
    dataset = load_dataset(inputs)
    models = {}
    for name in _TARGETS[target]:
        texts, labels = labelled_items(dataset, name)
        model = fit(texts, labels, target=name, min_confidence=min_confidence)
        stats = model.statistics
        counts = ", ".join(f"{cls} {n}" for cls, n in stats["counts"].items())
        stdout.print(f"{name}: {stats['items']} labelled items ({escape(counts)})")
        if stats["dropped"]:
            left = ", ".join(f"{cls} {n}" for cls, n in stats["dropped"].items())
            stdout.print(f"  left out, too few to learn from: {escape(left)}")
        stdout.print(
            f"  held out ({stats['folds']}-fold): accuracy {stats['held_out_accuracy']:.2f}, "
            f"macro-F1 {stats['held_out_macro_f1']:.2f}"
        )
        models[name] = model
    classifier = TrainedClassifier(field=models.get("field"), tendency=models.get("tendency"))
    classifier.save(make_parent(output))
    stdout.print(f"wrote {escape(str(output))}")
