"""``dlxh render`` and ``dlxh templates``: documents from data, and the templates behind them."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from dlxh.cli._errors import EXIT_INVALID, cli_errors, stderr, stdout
from dlxh.cli._inputs import output_option
from dlxh.cli.render_single import read_context, render_checked
from dlxh.cli.templates import templates_app
from dlxh.errors import InputError
from dlxh.files import check_regular
from dlxh.io import load
from dlxh.models import Document
from dlxh.plugins import Hooks, default_hooks
from dlxh.profiles import (
    available_profiles,
)
from dlxh.profiles.registry import canonical_name
from dlxh.render import read_jobs, render_many
from dlxh.render.batch import DEFAULT_JOB_TIMEOUT, BatchProgress
from dlxh.render.document import profile_named

__all__ = ["render", "templates_app"]


def _profile_option(value: str | None, hooks: Hooks) -> str | None:
    """``--profile``, checked before any work: a profile file, or a name (in any case) of a
    built-in, registered or plugin profile, spelt as the profile spells it; an unknown name
    fails with the list of profiles and the likely one meant."""
    if value is None or value.endswith((".yaml", ".yml")):
        return value
    return profile_named(value, hooks).name if "@" not in value else _version(value, hooks)


def _version(value: str, hooks: Hooks) -> str:
    """``family@version`` as the user gave it, its family spelt as the profile spells it (an
    unknown version fails here, listing the versions)."""
    profile_named(value, hooks)
    family, _, version = value.partition("@")
    return f"{canonical_name(family, available_profiles())}@{version}"


@cli_errors
def render(
    source: Annotated[
        Path | None, typer.Argument(help="A document as YAML or JSON (not with --batch).")
    ] = None,
    *,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The .docx file; with --batch a folder or a .zip."),
    ] = None,
    template: Annotated[
        str | None, typer.Option(help="Template name (dang/van-ban) or .docx path.")
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            help="dang (version by the document's date), dang@2018, dang@2026, nha-nuoc, "
            "another profile, or a profile .yaml."
        ),
    ] = None,
    batch: Annotated[
        Path | None,
        typer.Option(help="Render every job of a JSON Lines file (one job per line)."),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Worker processes for --batch (default: all cores).")
    ] = None,
    resume: Annotated[
        bool, typer.Option(help="With --batch, skip outputs that already exist and are valid.")
    ] = True,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also export PDF through LibreOffice.")
    ] = False,
    job_timeout: Annotated[
        float,
        typer.Option(min=0, help="With --batch, seconds one job may take (0: no limit)."),
    ] = DEFAULT_JOB_TIMEOUT,
    worker_memory: Annotated[
        int | None,
        typer.Option(
            min=1, help="With --batch, each worker's address space in MB (default: no cap)."
        ),
    ] = None,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite",
            help="With --batch, replace an output zip (or files) that dlxh did not write.",
        ),
    ] = False,
    var: Annotated[
        list[str] | None,
        typer.Option(
            "--var", help="Your own template variable NAME=VALUE ({{ NAME }}); repeatable."
        ),
    ] = None,
    context_file: Annotated[
        Path | None,
        typer.Option("--context", help="Your own template variables, a YAML or JSON mapping."),
    ] = None,
    draft: Annotated[
        bool,
        typer.Option(
            "--draft",
            help="Write the document even when it fails its format check (findings as warnings).",
        ),
    ] = False,
) -> None:
    """Render an official document from its data into a .docx file, or a batch of them."""
    if output is None:
        raise InputError("give the output with -o (a .docx file; with --batch a folder or .zip)")
    if batch is not None:
        if source is not None:
            raise InputError("give either a document or --batch JOBS.jsonl, not both")
        if var or context_file is not None:
            raise InputError("--var and --context are for one document; a batch job has its own")
        options = _BatchOptions(
            workers=workers,
            resume=resume,
            pdf=pdf,
            job_timeout=job_timeout or None,
            memory_limit=None if worker_memory is None else worker_memory * 1024 * 1024,
            overwrite=overwrite,
        )
        with _terminate_as_interrupt() as stopped:
            try:
                _render_batch(batch, output, options)
            except KeyboardInterrupt:
                stderr.print("interrupted: run the same command again to go on where it stopped")
                raise typer.Exit(stopped.code) from None
        return
    if source is None:
        raise InputError("give the document to render (a .yaml or .json file) or --batch")
    hooks = default_hooks()
    chosen = _profile_option(profile, hooks)
    context = read_context(var or [], context_file)
    document = load(source, Document)
    output_option("--output", output, (".docx",))
    render_checked(
        document,
        output,
        template=template,
        profile=chosen,
        base_dir=source.resolve().parent,
        hooks=hooks,
        context=context,
        draft=draft,
    )
    stdout.print(f"wrote {escape(str(output))}")
    if pdf:
        from dlxh.pdf import PdfConverter  # noqa: PLC0415 (only with --pdf)

        with PdfConverter(workers=1) as converter:
            written = converter.convert_one(output)
        stdout.print(f"wrote {escape(str(written))}")


def _count_jobs(path: Path) -> int:
    """Lines that are not blank, read in chunks (a line of a gigabyte is never held whole)."""
    count, filled = 0, False
    check_regular(path, "jobs file")  # a FIFO would block, /dev/zero never end
    try:
        with path.open("rb") as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                for piece in chunk.split(b"\n")[:-1] if b"\n" in chunk else []:
                    count += filled or bool(piece.strip())
                    filled = False
                filled = filled or bool(chunk.rsplit(b"\n", 1)[-1].strip())
    except OSError as exc:
        raise InputError(f"cannot read jobs: {exc.strerror or exc}", path=path) from None
    return count + filled


@dataclass(frozen=True)
class _BatchOptions:
    workers: int | None
    resume: bool
    pdf: bool
    job_timeout: float | None
    memory_limit: int | None
    overwrite: bool


class _Stopped:
    """The exit status of an interrupted batch: 130 after Ctrl-C, 143 after SIGTERM."""

    code = 130


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[_Stopped]:
    """Handle SIGTERM (a supervisor, ``kill``, a container stopping) as Ctrl-C is handled:
    the batch stops its workers, keeps what it finished for the next run and removes its
    temporary files, instead of dying with its workers left running."""
    stopped = _Stopped()

    def interrupt(signum: int, frame: object) -> None:
        del signum, frame
        stopped.code = 143
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (an embedding application): leave it be
        yield stopped
        return
    try:
        yield stopped
    finally:
        signal.signal(signal.SIGTERM, previous)


def _render_batch(jobs: Path, out: Path, options: _BatchOptions) -> None:
    if out.suffix.lower() == ".docx":
        raise InputError("with --batch, -o is a folder or a .zip file, not a .docx", path=out)
    if options.pdf and out.suffix.lower() == ".zip":
        raise InputError("PDF export writes next to the .docx files: give a folder, not a .zip")
    total = _count_jobs(jobs)
    with _progress() as bar:
        task = bar.add_task("rendering", total=total)

        def advance(counts: BatchProgress) -> None:
            bar.update(task, completed=counts.done + counts.skipped + counts.failed)

        result = render_many(
            read_jobs(jobs),
            out,
            resume=options.resume,
            progress=advance,
            total=total,
            workers=options.workers,
            # Workers started afresh, as direct children: the progress bar's thread must not
            # be forked, and a fork server's workers would not die with this process.
            start_method="spawn",
            job_timeout=options.job_timeout,
            memory_limit=options.memory_limit,
            overwrite=options.overwrite,
        )
    again = " (--no-resume renders them again)" if result.skipped else ""
    stdout.print(
        f"{len(result.written)} written, {len(result.skipped)} already done{again}, "
        f"{len(result.errors)} failed → {escape(str(out))}"
    )
    failed_pdf = 0
    if options.pdf:
        outputs = [out / name for name in (*result.written, *result.skipped)]
        failed_pdf = _export_pdf(outputs, options.workers)
    errors = sorted(result.errors, key=lambda error: error.index)
    for error in errors[:_SHOWN]:
        stderr.print(f"[bold red]error:[/] {escape(str(error))}")
    if len(errors) > _SHOWN:
        stderr.print(f"... and {len(errors) - _SHOWN} more failed jobs")
    if errors or failed_pdf:
        raise typer.Exit(EXIT_INVALID)


_SHOWN = 20


def _progress() -> Progress:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    return Progress(*columns, console=stderr, transient=False)


def _export_pdf(documents: list[Path], workers: int | None) -> int:
    """Convert the batch's documents that have no up-to-date PDF; return how many failed."""
    from dlxh.pdf import PdfConverter  # noqa: PLC0415 (only with --pdf)

    todo = [
        path
        for path in sorted(documents)
        if not (
            path.with_suffix(".pdf").exists()
            and path.with_suffix(".pdf").stat().st_mtime >= path.stat().st_mtime
        )
    ]
    results = []
    with PdfConverter(workers=workers) as converter, _progress() as bar:
        task = bar.add_task("PDF", total=len(todo))
        step = 20 * (workers or os.cpu_count() or 1)  # one LibreOffice run per worker per step
        for start in range(0, len(todo), step):
            results += converter.convert(todo[start : start + step])
            bar.update(task, completed=len(results))
    failed = [r for r in results if not r.ok]
    stdout.print(f"{len(results) - len(failed)} PDF written, {len(failed)} failed")
    for item in failed[:_SHOWN]:
        stderr.print(f"[bold red]error:[/] {escape(item.error or str(item.source))}")
    return len(failed)
