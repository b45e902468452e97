"""``dlxh aggregate``: the synthesis of a period, as tables, JSON or the BÁO CÁO itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table as RichTable

from dlxh.aggregate import Classifier, synthesize
from dlxh.cli._errors import cli_errors, stderr, stdout
from dlxh.cli._inputs import date_option, level_option, make_parent, output_option
from dlxh.errors import DataValidationError, InputError
from dlxh.io import load_dataset
from dlxh.models import Period, Profile, Signer
from dlxh.plugins import default_hooks
from dlxh.render import render_document
from dlxh.reports import synthesis_document

__all__ = ["aggregate_command"]


@cli_errors
def aggregate_command(  # noqa: PLR0917 (Typer maps each option to a parameter)
    inputs: Annotated[
        list[Path],
        typer.Argument(help="Report, roster and other data files or folders.", metavar="INPUT..."),
    ],
    period: Annotated[
        str,
        typer.Option(
            help="2026-10, 10/2026, 'tháng 10/2026', 2026-Q4, 'quý IV/2026', 2026-H2, 2026."
        ),
    ],
    unit: Annotated[str | None, typer.Option(help="Only this unit and the units below it.")] = None,
    level: Annotated[
        str | None,
        typer.Option(
            help="Break figures down by units at this level (commune or xã, province or tỉnh...)."
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date statuses are read at (2026-10-31, 31/10/2026...)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the synthesis BÁO CÁO (.docx).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the synthesis as JSON.")] = False,
    lenient: Annotated[
        bool,
        typer.Option(help="Leave inconsistent reports out (and list them) instead of stopping."),
    ] = False,
    issuer: Annotated[
        str | None, typer.Option(help="Code of the issuing unit (default: the board, BTG...).")
    ] = None,
    number: Annotated[int | None, typer.Option(help="Document number.")] = None,
    place: Annotated[str | None, typer.Option(help="Place in the date line.")] = None,
    date: Annotated[
        str | None, typer.Option(help="Date of the report (2026-11-02, 02/11/2026...).")
    ] = None,
    signer: Annotated[str | None, typer.Option(help="Signer's name.")] = None,
    signer_title: Annotated[str, typer.Option(help="Signer's title.")] = "Phó Trưởng Ban",
    on_behalf: Annotated[
        str, typer.Option(help="K/T line: the head's title ('' for none).")
    ] = "Trưởng Ban",
    model: Annotated[
        Path | None,
        typer.Option(help="A model file from 'dlxh train' to fill fields and tendencies."),
    ] = None,
    recipient: Annotated[
        list[str] | None,
        typer.Option(
            help="A line of Nơi nhận (repeat for each; default: the standing committee and "
            "the collaborators)."
        ),
    ] = None,
    archive: Annotated[
        str, typer.Option(help="Where the office copy is kept (Nơi nhận's 'Lưu: ...').")
    ] = "Văn phòng",
) -> None:
    """Synthesise the reports of a period: compliance, opinion currents, follow-ups, events."""
    try:
        chosen = Period.parse(period)
    except ValueError as exc:
        raise InputError(f"--period: {exc}") from None
    read_at = date_option("--as-of", as_of)
    dated = date_option("--date", date)
    if output is not None:
        output_option("--output", output, (".docx",))
    if read_at is None and chosen.end > dt.date.today():
        # Months not over yet would count every collaborator as not having reported.
        read_at = dt.date.today()
        stderr.print(
            f"[yellow]note:[/] {chosen.label} has not ended; statuses are read at today, "
            f"{read_at.isoformat()} (give --as-of to choose)"
        )
    chosen_level = level_option("--level", level)
    hooks = default_hooks()
    classifier: Classifier | None = None  # the plugins' (synthesize's default)
    if model is not None:  # the model answers first; the plugins where it abstains
        from dlxh.aggregate.modelfile import load_model  # noqa: PLC0415 (numpy)

        classifier = load_model(model).with_fallback(hooks.classify)
    try:
        dataset = load_dataset(inputs, hooks=hooks, lenient=lenient)
    except DataValidationError as exc:
        if not lenient and any(p.message.endswith(_NOT_IN_ROSTER) for p in exc.problems):
            exc.args = (f"{exc}\n{_LENIENT_HINT}",)
        raise
    if chosen_level is not None and not any(u.level is chosen_level for u in dataset.units):
        stderr.print(
            f"[yellow]note:[/] no unit of the data is at level {chosen_level.value} "
            f"({escape(chosen_level.label)}): the breakdown has no row of its own"
        )
    synthesis = synthesize(
        dataset,
        chosen,
        unit=unit,
        level=chosen_level,
        as_of=read_at,
        classifier=classifier,
        strict=not lenient,
        hooks=hooks,
    )
    if as_json:
        print(synthesis.model_dump_json(indent=2))
    elif output is None:
        for table in synthesis.tables().values():
            if not table.rows:  # a table of headers alone says nothing
                continue
            shown = RichTable(*table.header, title=table.title)
            for row in table.rows:
                shown.add_row(*(escape(cell) for cell in row))
            stdout.print(shown)
        if synthesis.metrics:
            from dlxh.reports.wording import metric_phrase  # noqa: PLC0415

            stdout.print("[bold]Các chỉ số bổ sung[/]")
            for name, value in synthesis.metrics.items():
                stdout.print(f"  – {escape(metric_phrase(name, value))}")
    for problem in synthesis.problems:
        stderr.print(f"[yellow]left out:[/] {escape(problem)}")
    if output is None:
        return
    boards = (
        [u for u in dataset.units if u.code == issuer]
        if issuer
        else [u for u in dataset.units if u.code.upper().startswith("BTG")] or dataset.units[:1]
    )
    if not boards:
        raise InputError(
            f"no unit {issuer!r} in the data to issue the report"
            if issuer
            else "the data holds no unit to issue the report; give --issuer"
        )
    board = boards[0]
    admin = board.admin_unit()
    document = synthesis_document(
        synthesis,
        issuer=board.issuer(),
        place=place or (admin.short_name if admin else board.name),
        date=dated or read_at or chosen.end,
        dataset=dataset,
        number=number,
        signer=Signer.model_validate(
            {
                "authority": [{"authority": "kt", "text": on_behalf}] if on_behalf else [],
                "title": signer_title,
                "name": signer,
            }
        )
        if signer
        else None,
        recipients=recipient or list(DEFAULT_RECIPIENTS),
        archive=archive,
        profile=Profile.DANG,
    )
    render_document(document, make_parent(output), hooks=hooks)
    stdout.print(f"wrote {escape(str(output))}")


DEFAULT_RECIPIENTS = ("Thường trực cấp ủy (b/c)", "Các đồng chí cộng tác viên dư luận xã hội")
_NOT_IN_ROSTER = "is not in collaborators"
_LENIENT_HINT = (
    "hint: give --lenient to leave out the reports of collaborators not (yet) in the roster, "
    "each named in a warning"
)
