"""The ``dlxh`` command: schema, validate, convert, demo and the Vietnamese language helpers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from dlxh.cli import HELP
from dlxh.cli._errors import EXIT_INVALID, cli_errors, stderr, stdout
from dlxh.cli._inputs import make_parent, output_option
from dlxh.cli.aggregate import aggregate_command
from dlxh.cli.check import check_command
from dlxh.cli.demo import demo
from dlxh.cli.plugins import plugins_command
from dlxh.cli.render import render, templates_app
from dlxh.cli.root import root_callback
from dlxh.cli.survey import survey_app
from dlxh.cli.train import train_command
from dlxh.cli.vn import vn_app
from dlxh.errors import DataValidationError, DlxhError, InputError
from dlxh.io import dump, load, load_dataset
from dlxh.models import MODELS, Dataset, DlxhModel, model_by_name

__all__ = ["app"]

app = typer.Typer(
    name="dlxh",
    help=HELP,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(vn_app, name="vn")
app.add_typer(templates_app, name="templates")
app.add_typer(survey_app, name="survey")
app.command()(demo)
app.command(name="render")(render)
app.command(name="check")(check_command)
app.command(name="plugins")(plugins_command)
app.command(name="aggregate")(aggregate_command)
app.command(name="train")(train_command)


app.callback()(root_callback)  # --version and one-line warnings, as the console script's root


def _model(name: str) -> type[DlxhModel]:
    try:
        return model_by_name(name)
    except KeyError as exc:
        raise InputError(str(exc.args[0])) from None


@app.command()
@cli_errors
def schema(
    model: Annotated[
        str | None, typer.Argument(help=f"One of: {', '.join(MODELS)}.", show_default=False)
    ] = None,
    list_models: Annotated[bool, typer.Option("--list", help="List the model names.")] = False,
) -> None:
    """Print the JSON Schema of a model (for editors, form builders and other languages)."""
    if list_models or model is None:
        for name, cls in MODELS.items():
            stdout.print(f"{name:<16} {cls.__name__}")
        return
    cls = _model(model)
    print(json.dumps(cls.model_json_schema(), ensure_ascii=False, indent=2))


@app.command()
def validate(
    files: Annotated[
        list[Path], typer.Argument(help="Data files (YAML, JSON, JSON Lines, imported) or folders.")
    ],
    model: Annotated[str, typer.Option("--model", "-m", help="Model the files hold.")] = "dataset",
) -> None:
    """Check data files against a model; print every problem with its field path.

    For a dataset, print what it holds, so a folder whose roster was not read shows 0
    collaborators.

    Exit 0 when all are valid, 1 when some are invalid, 2 when a file cannot be read.
    """
    worst = 0
    try:
        cls = _model(model)
    except DlxhError as exc:
        stderr.print(f"[bold red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None
    for file in files:
        try:
            if file.is_dir() and cls is not Dataset:
                raise InputError(
                    f"is a folder; folders hold a dataset, not a {cls.__name__}", path=file
                )
            loaded: DlxhModel = load_dataset(file) if file.is_dir() else load(file, cls)
        except DataValidationError as exc:
            stderr.print(f"[bold red]invalid:[/] {escape(str(exc))}")
            hint = _other_model(exc, cls)
            if hint:
                stderr.print(f"[yellow]hint:[/] the file looks like a {hint}; try -m {hint}")
            worst = max(worst, EXIT_INVALID)
            continue
        except DlxhError as exc:  # a file that cannot be read, a plugin's importer failing
            stderr.print(f"[bold red]error:[/] {escape(str(exc))}")
            worst = 2
            continue
        held = f": {_contents(loaded)}" if isinstance(loaded, Dataset) else ""
        stdout.print(f"[green]ok[/] {escape(str(file))} ({type(loaded).__name__}{held})")
    raise typer.Exit(worst)


def _contents(dataset: Dataset) -> str:
    """What a dataset holds, list by list: "3 units, 0 collaborators, 30 reports"."""
    counts = {
        key.replace("_", "-"): len(value)
        for key, value in dataset
        if isinstance(value, list) and (value or key in ("units", "collaborators", "reports"))
    }
    return ", ".join(f"{n} {key[:-1] if n == 1 else key}" for key, n in counts.items())


def _other_model(error: DataValidationError, tried: type[DlxhModel]) -> str | None:
    """The model whose fields include every top-level field ``tried`` did not know, if any:
    a document checked as the default dataset should say so rather than list each field."""
    unknown = {
        p.location for p in error.problems if "." not in p.location and "unknown field" in p.message
    }
    if not unknown:
        return None
    for name, cls in MODELS.items():
        fields = set(cls.model_fields) | {
            f.alias for f in cls.model_fields.values() if f.alias is not None
        }
        if cls is not tried and unknown <= fields:
            return name
    return None


@app.command()
@cli_errors
def convert(
    source: Annotated[Path, typer.Argument(help="YAML/JSON file or a folder of them.")],
    output: Annotated[Path, typer.Argument(help="Output .yaml/.yml/.json file.")],
    model: Annotated[str, typer.Option("--model", "-m", help="Model the file holds.")] = "dataset",
) -> None:
    """Validate and rewrite data in normal form (NFC text, E.164 phones), as YAML or JSON."""
    cls = _model(model)
    output_option("OUTPUT", output, (".yaml", ".yml", ".json"))
    if source.is_dir() and cls is not Dataset:
        raise InputError(f"is a folder; folders hold a dataset, not a {cls.__name__}", path=source)
    loaded = load_dataset(source) if source.is_dir() else load(source, cls)
    dump(loaded, make_parent(output))
    stdout.print(f"wrote {escape(str(output))}")
