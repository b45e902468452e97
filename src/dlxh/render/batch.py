"""``render_many``: thousands of documents, streamed to a folder or a zip, on any executor.

A province renders one report per commune, per month, per topic. The batch must not hold its
documents in memory (results are written as they finish and dropped; at most a few jobs per
worker are in flight, and the job list is read lazily), must not stop at one bad job (a bad job
line, a job that fails or hangs, an output that cannot be written: each is that job's
:class:`JobError`, with its index and output name), and must survive being interrupted (a second
run skips outputs that already exist, are valid and were made from the same inputs).

By default the work runs in the batch's own worker processes (:mod:`dlxh.render.workers`),
which bound each job's time and die with the batch. Any :class:`concurrent.futures.Executor`
works too: a thread pool, a process pool, or a Dask cluster through
``distributed.Client(...).get_executor()``. What a worker runs is :mod:`dlxh.render.jobrender`;
where jobs run, :mod:`dlxh.render.runners`. Where the documents go, and how two runs are kept from
losing each other's, is :mod:`dlxh.render.sinks`; what a job depends on, :mod:`dlxh.render.inputs`.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlxh.errors import DlxhError, InputError
from dlxh.plugins import default_hooks
from dlxh.quoting import cut, quote
from dlxh.render.inputs import batch_salt, fingerprint, unchanged
from dlxh.render.jobrender import render_job, run_job
from dlxh.render.jobs import JobError, RenderJob, name_key, read_jobs
from dlxh.render.runners import ExecutorRunner, PoolRunner
from dlxh.render.sinks import FolderSink, ZipSink
from dlxh.render.workers import WorkerPool, worker_lifeline

__all__ = [
    "DEFAULT_JOB_TIMEOUT",
    "BatchProgress",
    "BatchResult",
    "JobError",
    "RenderJob",
    "fingerprint",
    "process_pool",
    "read_jobs",
    "render_job",
    "render_many",
]

DEFAULT_JOB_TIMEOUT = 120.0
"""Seconds one job may take (a 5,000-row table renders in well under a second)."""


@dataclass
class BatchProgress:
    """Counts so far, passed to the progress callback after every job."""

    done: int = 0
    skipped: int = 0
    failed: int = 0
    total: int | None = None


@dataclass
class BatchResult:
    """What a batch did: outputs written, skipped as already valid, and failures."""

    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[JobError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no job failed."""
        return not self.errors


# -- the batch ------------------------------------------------------------------------------


class _Batch:
    """The state of one :func:`render_many` call."""

    def __init__(
        self,
        sink: FolderSink | ZipSink,
        runner: PoolRunner | ExecutorRunner,
        *,
        progress: Callable[[BatchProgress], None] | None,
        total: int | None,
        plugins: bool,
        salt: str,
    ) -> None:
        self.plugins = plugins
        self.salt = salt
        self.sink = sink
        self.runner = runner
        self.progress = progress
        self.result = BatchResult()
        self.counts = BatchProgress(total=total)
        self.jobs: dict[int, tuple[RenderJob, str]] = {}
        self.files: dict[str, tuple[int, str]] = {}
        self.folders: dict[str, tuple[int, str]] = {}

    def tick(self) -> None:
        if self.progress is not None:
            self.progress(self.counts)

    def fail(self, error: JobError) -> None:
        self.result.errors.append(error)
        self.counts.failed += 1
        self.tick()

    def claim(self, index: int, job: RenderJob) -> str | None:
        """Why ``job``'s output clashes with an earlier job's (``None`` if it does not): the
        same name, a name Windows or macOS take for the same file (case, Unicode form), or a
        file where another output needs a folder."""
        key = name_key(job.output)
        parts = key.split("/")
        prefixes = ["/".join(parts[:n]) for n in range(1, len(parts))]
        if key in self.files:
            first, name = self.files[key]
            if name == job.output:
                return f"job {first + 1} already writes this output"
            return (
                f"job {first + 1} already writes {quote(name)}, the same file as this one where "
                "names ignore case or Unicode form (Windows, macOS)"
            )
        if key in self.folders:
            first, name = self.folders[key]
            return f"job {first + 1} writes {quote(name)}, inside a folder of this name"
        for prefix in prefixes:
            if prefix in self.files:
                first, name = self.files[prefix]
                return (
                    f"job {first + 1} writes the file {quote(name)}, where this one needs a folder"
                )
        self.files[key] = (index, job.output)
        for prefix in prefixes:
            self.folders.setdefault(prefix, (index, job.output))
        return None

    def submit(
        self, index: int, item: RenderJob | JobError | Mapping[str, Any], resume: bool
    ) -> None:
        if isinstance(item, JobError):
            self.fail(item)
            return
        job: RenderJob | None = None
        try:
            job = item if isinstance(item, RenderJob) else RenderJob.from_mapping(item)
            clash = self.claim(index, job)
            if clash is not None:
                self.fail(_error(index, job, clash))
                return
            made_by = fingerprint(job, self.salt)
            if resume and self.sink.reuse(job.output, lambda meta: unchanged(meta, made_by)):
                self.result.skipped.append(job.output)
                self.counts.skipped += 1
                self.tick()
                return
        except Exception as exc:  # one job's data must not stop the batch
            message = str(exc) if isinstance(exc, DlxhError) else f"{type(exc).__name__}: {exc}"
            if isinstance(exc, RecursionError):
                message = "the job's data is nested too deeply"
            if job is not None:
                self.fail(_error(index, job, cut(message, 1000)))
            else:
                name = item.get("output", "?") if isinstance(item, Mapping) else "?"
                self.fail(JobError(index, str(name), cut(message, 1000)))
            return
        self.jobs[index] = (job, made_by)
        self.runner.submit(index, (job, self.plugins))

    def collect(self) -> None:
        """Wait for at least one pending job and write what finished."""
        for index, ok, value in self.runner.wait():
            job, made_by = self.jobs.pop(index)
            if not ok:
                self.fail(_error(index, job, str(value)))
                continue
            data, inputs = value
            try:
                self.sink.write(job.output, data, {"job": made_by, "inputs": inputs})
            except (OSError, ValueError, DlxhError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                self.fail(_error(index, job, f"cannot write it: {cut(reason, 1000)}"))
                continue
            self.result.written.append(job.output)
            self.counts.done += 1
            self.tick()


def _error(index: int, job: RenderJob, message: str) -> JobError:
    return JobError(index, job.output, message, job.source or "")


def process_pool(
    workers: int | None = None, start_method: str | None = None
) -> cf.ProcessPoolExecutor:
    """A process pool over ``workers`` processes (all cores by default) for :func:`render_many`
    to reuse across batches; its workers die with the process that started them.

    ``start_method`` is multiprocessing's (``fork``, ``forkserver``, ``spawn``); by default the
    platform's. With ``forkserver`` or ``spawn`` (the default on macOS and Windows, and from
    Python 3.14 on Linux) every worker imports the calling script again, so a script must call
    :func:`render_many` under ``if __name__ == "__main__":``. A job on such a pool that passes
    its timeout is reported failed, but its worker cannot be stopped: the batch's own pool
    (``executor=None``) is the one that kills and replaces a stuck worker.
    """
    context = multiprocessing.get_context(start_method)
    return cf.ProcessPoolExecutor(
        max_workers=workers or os.cpu_count(), mp_context=context, initializer=worker_lifeline
    )


def _salt(plugins: bool) -> str:
    if not plugins:
        return batch_salt()
    try:
        hooks = default_hooks()
    except DlxhError:
        return batch_salt([("(plugins failed to load)", "")])  # every job will say why
    return batch_salt([(name, version) for name, version, _ in hooks.plugins()])


def render_many(
    jobs: Iterable[RenderJob | JobError | Mapping[str, Any]],
    out: str | os.PathLike[str],
    executor: cf.Executor | None = None,
    *,
    resume: bool = True,
    progress: Callable[[BatchProgress], None] | None = None,
    total: int | None = None,
    in_flight: int | None = None,
    plugins: bool = True,
    workers: int | None = None,
    start_method: str | None = None,
    job_timeout: float | None = DEFAULT_JOB_TIMEOUT,
    memory_limit: int | None = None,
    overwrite: bool = False,
) -> BatchResult:
    """Render every job into ``out`` (a folder, or a ``.zip`` file) and report what happened.

    By default the batch starts ``workers`` processes of its own (all cores; ``start_method``
    as in :func:`process_pool`) and stops them at the end, or when it is interrupted. Each job
    may take ``job_timeout`` seconds (``None``: no limit); a job that takes longer fails, its
    worker is killed and replaced, and the batch goes on. ``memory_limit`` (bytes) caps each
    worker's address space, so that a job that would take the machine's memory fails with a
    ``MemoryError`` instead. ``executor`` is any :class:`concurrent.futures.Executor` instead
    (a Dask cluster's ``client.get_executor()`` works); a job on it that passes its timeout is
    reported failed, but only the executor can stop its worker.

    Results are written as they finish, at most ``in_flight`` jobs are pending (default: four
    per worker), and ``jobs`` is consumed lazily, so memory stays flat however long the batch.
    A failing job is recorded in :attr:`BatchResult.errors` and the batch goes on. With
    ``resume`` (the default) an output is skipped when it exists, is valid and was made from
    the same job and the same files. ``progress`` is called with the counts after every
    job; ``total`` (when known) is passed along to it. With ``plugins`` (the default) each
    worker loads the installed plugins once, as the command line does, so their profiles,
    templates, filters and post-processing apply.

    Only one batch at a time writes to ``out`` (another gets an :class:`InputError`). An
    existing zip keeps the documents of earlier dlxh batches that no job of this one asks for,
    and is refused if it holds anything else, unless ``overwrite``: then it holds this batch's
    documents only (and, in a folder, files that dlxh did not write may be replaced).
    """
    target = Path(out)
    zipped = target.suffix.lower() == ".zip"
    sink = (
        ZipSink(target, overwrite=overwrite) if zipped else FolderSink(target, overwrite=overwrite)
    )
    count = workers or os.cpu_count() or 1
    runner: PoolRunner | ExecutorRunner
    try:
        salt = _salt(plugins)
        if executor is None:
            pool = WorkerPool(
                run_job,
                count,
                start_method=start_method,
                timeout=job_timeout,
                memory_limit=memory_limit,
            )
            runner = PoolRunner(pool)
        else:
            count = getattr(executor, "_max_workers", None) or os.cpu_count() or 1
            runner = ExecutorRunner(executor, job_timeout)
    except BaseException:
        sink.close(complete=False)
        raise
    limit = in_flight or 4 * count
    batch = _Batch(sink, runner, progress=progress, total=total, plugins=plugins, salt=salt)
    complete = False
    try:
        for index, item in enumerate(jobs):
            batch.submit(index, item, resume)
            while runner.pending >= limit:
                batch.collect()
        while runner.pending:
            batch.collect()
        complete = True
    finally:
        try:
            runner.close(complete)
        finally:
            _finish(sink, target, complete)
    return batch.result


def _finish(sink: FolderSink | ZipSink, target: Path, complete: bool) -> None:
    """Close the output; an error there (a full disk at the zip's last write) is the batch's."""
    try:
        sink.close(complete)
    except OSError as exc:
        if not complete:
            return  # already on the way out with another exception: that one is the news
        reason = exc.strerror or str(exc)
        raise InputError(
            f"cannot finish the output: {reason}; what was rendered is kept for the next run",
            path=target,
        ) from None
