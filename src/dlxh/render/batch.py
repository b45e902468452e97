"""``render_many``: thousands of documents, streamed to a folder or a zip, on any executor.

A province renders one report per commune, per month, per topic. The batch must not hold its
documents in memory (results are written as they finish and dropped; at most a few jobs per
worker are in flight, and the job list is read lazily), must not stop at one bad job (errors are
collected with the job's index and output name), and must survive being interrupted (a second run
skips outputs that already exist and are valid, in a folder or in a zip cut short by a crash).

The work runs on any :class:`concurrent.futures.Executor`: a process pool over all cores by
default, a thread pool, or a Dask cluster through ``distributed.Client(...).get_executor()``.
Workers keep compiled templates between jobs, so each process compiles a template once.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import hashlib
import io
import json
import multiprocessing
import os
import posixpath
import re
import struct
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from dlxh._version import __version__
from dlxh.atomic import atomic_write
from dlxh.errors import DlxhError, InputError
from dlxh.io import load, validate
from dlxh.models import Document
from dlxh.plugins import Hooks, load_plugins
from dlxh.render.catalog import resolve_template
from dlxh.render.document import profile_named, render_document

__all__ = [
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


_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\.|$)", re.IGNORECASE)
"""Names Windows cannot create, whatever the extension: a batch may be unpacked there."""


@dataclass(frozen=True)
class RenderJob:
    """One document to render.

    Either a ``document`` (a :class:`~dlxh.models.Document`, or the path of one as YAML/JSON),
    rendered with :func:`~dlxh.render.render_document` in ``profile`` (default: its own); or a
    ``template`` (a .docx path or a shipped name such as ``nha-nuoc/van-ban``) rendered with
    ``context``. ``output`` is the file name inside the batch's folder or zip (sub-folders
    allowed), ending in ``.docx``.
    """

    output: str
    document: Document | str | None = None
    template: str | None = None
    context: Mapping[str, Any] = field(default_factory=dict)
    profile: str | None = None
    base_dir: str | None = None
    source: str | None = field(default=None, compare=False)
    """Where the job was read from (``jobs.jsonl, line 12``), for error messages."""

    def __post_init__(self) -> None:
        name = self.output.replace("\\", "/")
        parts = name.split("/")
        if (
            not name.lower().endswith(".docx")
            or name.startswith("/")
            or re.match(r"[A-Za-z]:", name)
            or ".." in parts
            or any(not part.strip() or _RESERVED.match(part) for part in parts)
            or not parts[-1][:-5].strip()
        ):
            raise InputError(
                f"job output {self.output!r}: expected a relative file name ending in .docx "
                "(no '..', not absolute, no empty or reserved names such as CON)"
            )
        if (self.document is None) == (self.template is None):
            raise InputError(
                f"job {self.output!r}: give either a document or a template with its context"
            )
        object.__setattr__(self, "output", posixpath.normpath(name))

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], base_dir: Path | None = None, source: str | None = None
    ) -> RenderJob:
        """A job from a JSON object; relative paths are taken from ``base_dir``; ``source`` says
        where it was read."""
        unknown = set(data) - {"output", "document", "template", "context", "profile"}
        if unknown:
            raise InputError(f"unknown job field(s) {', '.join(sorted(unknown))}")
        if not isinstance(data.get("output"), str):
            raise InputError("'output' must be a file name ending in .docx")
        context = data.get("context", {})
        if not isinstance(context, Mapping):
            raise InputError("'context' must be an object")
        document = data.get("document")
        if document is not None and not isinstance(document, str | Mapping):
            raise InputError("'document' must be a file path or an object")
        if isinstance(document, Mapping):
            document = validate(Document, dict(document), source=f"job {data['output']}")
        elif isinstance(document, str) and base_dir is not None:
            document = str(base_dir / document)
        template = data.get("template")
        if template is not None and not isinstance(template, str):
            raise InputError("'template' must be a .docx path or a template name")
        if template is not None and base_dir is not None and template.lower().endswith(".docx"):
            template = str(base_dir / template)
        return cls(
            output=data["output"],
            document=document,
            template=template,
            context=dict(context),
            profile=data.get("profile"),
            base_dir=None if base_dir is None else str(base_dir),
            source=source,
        )


@dataclass(frozen=True)
class JobError:
    """A job that failed: its position in the batch, its output name and why."""

    index: int
    output: str
    message: str
    where: str = ""
    """Where the job was read (``jobs.jsonl, line 12``), when it came from a file."""

    def __str__(self) -> str:
        where = f", {self.where}" if self.where else ""
        return f"job {self.index + 1} ({self.output}{where}): {self.message}"


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


# -- the work, in a worker ----------------------------------------------------------------

_CACHE: OrderedDict[tuple[str, ...], Any] = OrderedDict()
_CACHE_SIZE = 32


def _cached(key: tuple[str, ...], make: Callable[[], Any]) -> Any:
    """Per-process cache of compiled templates and profiles (a worker renders many jobs)."""
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    value = make()
    _CACHE[key] = value
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return value


def _stamp(path: Path) -> str:
    """The file's modification time, part of a cache key so that an edited file is read again
    ("" for a name that is not a file, such as ``nha-nuoc/van-ban``)."""
    try:
        return str(path.stat().st_mtime_ns)
    except OSError:
        return ""


def render_job(job: RenderJob, hooks: Hooks | None = None) -> bytes:
    """Render one job to .docx bytes (what each worker runs); ``hooks`` brings plugins'
    profiles, templates and filters."""
    if job.document is not None:
        document = job.document
        base = job.base_dir
        if isinstance(document, str):
            path = Path(document)
            key = ("document", str(path), _stamp(path))
            document = _cached(key, lambda: load(path, Document))
            base = str(path.resolve().parent)
        return render_document(document, profile=job.profile, base_dir=base, hooks=hooks)
    assert job.template is not None
    name = job.template
    profile = job.profile or "nha-nuoc"
    template = _cached(
        ("template", name, _stamp(Path(name)), profile),
        lambda: resolve_template(name, profile_named(profile, hooks)),
    )
    data: bytes = template.render(
        job.context, filters=hooks.filters() if hooks is not None else None
    )
    return data


def _run(job: RenderJob, plugins: bool) -> bytes:
    """:func:`render_job` with errors a user can read, in any worker (picklable messages);
    installed plugins are loaded once per worker process."""
    try:
        return render_job(job, _cached(("plugins",), load_plugins) if plugins else None)
    except DlxhError as exc:
        raise _JobError(str(exc)) from None
    except (ValueError, OSError, KeyError, TypeError) as exc:
        raise _JobError(f"{type(exc).__name__}: {exc}") from None


class _JobError(Exception):
    """A job's error message, carried back from a worker process."""


# -- reading jobs ---------------------------------------------------------------------------


def read_jobs(path: str | os.PathLike[str]) -> Iterator[RenderJob | JobError]:
    """The jobs of a JSON Lines file, one per line, read lazily; a bad line gives a
    :class:`JobError` naming the file and line instead of stopping the batch."""
    file = Path(path)
    try:
        stream = file.open(encoding="utf-8-sig")  # Notepad starts UTF-8 files with a BOM
    except OSError as exc:
        raise InputError(f"cannot read jobs: {exc.strerror or exc}", path=file) from None
    with stream:
        index = -1
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            index += 1
            where = f"{file}, line {number}"
            output = "?"
            try:
                data = json.loads(line.strip())
                if not isinstance(data, dict):
                    raise InputError("expected a JSON object")
                output = str(data.get("output", "?"))
                yield RenderJob.from_mapping(data, file.resolve().parent, where)
            except json.JSONDecodeError as exc:
                yield JobError(index, output, f"not JSON: {exc.msg} (column {exc.colno})", where)
            except DlxhError as exc:
                yield JobError(index, output, str(exc), where)


# -- writing results ------------------------------------------------------------------------


def _valid_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist() and archive.testzip() is None
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
        return False


_MANIFEST = ".dlxh-batch.jsonl"
_EXTRA_ID = 0x4C44  # a private zip extra field ("DL") holding the job's fingerprint


def fingerprint(job: RenderJob) -> str:
    """A digest of everything a job's output depends on that the batch can see: its fields,
    the data of its context or document, and the size and time of the files it names.

    Resuming skips an output only when its fingerprint is unchanged, so correcting a commune's
    data and running the batch again renders that commune again. Values that do not serialise
    to JSON enter by ``repr``; one that shows an address makes its job render every time.
    """
    document = job.document
    parts: dict[str, Any] = {
        "dlxh": __version__,
        "output": job.output,
        "profile": job.profile,
        "template": job.template,
        "context": job.context,
        "document": document.model_dump(mode="json") if isinstance(document, Document) else None,
    }
    for key, name in (("document_file", document), ("template_file", job.template)):
        if isinstance(name, str):
            with contextlib.suppress(OSError):
                stat = Path(name).stat()
                parts[key] = [name, stat.st_size, stat.st_mtime_ns]
    text = json.dumps(parts, sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


class _FolderSink:
    """Documents written as files; a manifest in the folder records which job made each."""

    def __init__(self, root: Path) -> None:
        if root.exists() and not root.is_dir():
            raise InputError("exists and is not a folder", path=root)
        if not root.parent.is_dir():
            raise InputError(f"folder {root.parent} does not exist", path=root)
        root.mkdir(exist_ok=True)
        self.root = root
        self.made: dict[str, str] = {}
        manifest = root / _MANIFEST
        if manifest.is_file():
            for line in manifest.read_text(encoding="utf-8", errors="replace").splitlines():
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    entry = json.loads(line)
                    self.made[entry["output"]] = entry["job"]
        self.manifest = manifest.open("a", encoding="utf-8")

    def has(self, name: str, job: str) -> bool:
        if self.made.get(name) != job:
            return False
        target = self.root / name
        try:
            return target.is_file() and _valid_docx(target.read_bytes())
        except OSError:
            return False

    def write(self, name: str, data: bytes, job: str) -> None:
        target = self.root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, data)
        self.manifest.write(json.dumps({"output": name, "job": job}, ensure_ascii=False) + "\n")
        self.manifest.flush()
        self.made[name] = job

    def close(self, complete: bool = True) -> None:
        del complete  # every file is complete on its own
        self.manifest.close()


class _ZipSink:
    """Documents appended to a zip as they finish (stored: a .docx is already compressed), each
    with its job's fingerprint in a private extra field.

    A zip is only readable once its central directory is written at the end, so the batch
    writes ``NAME.zip.partial`` and renames it when done. When a run starts with earlier output
    (a finished zip, or what an interrupted run left), every complete member is first gathered
    into ``NAME.zip.previous``; a job whose member is there with the same fingerprint has it
    copied instead of rendered, and members no job asks for are left out.
    """

    def __init__(self, path: Path, resume: bool) -> None:
        if path.is_dir():
            raise InputError("is a folder, expected a .zip file", path=path)
        if not path.parent.is_dir():
            raise InputError(f"folder {path.parent} does not exist", path=path)
        self.path = path
        self.partial = path.with_name(path.name + ".partial")
        self.previous = path.with_name(path.name + ".previous")
        self.known: dict[str, tuple[int, int, str]] = {}  # name -> offset, size, fingerprint
        sources = [p for p in (self.partial, path, self.previous) if p.exists()]
        if resume and sources:
            self._gather(sources)
        for source in sources:
            source.unlink()
        self.old = self.previous.open("rb") if self.known else None
        self.archive = zipfile.ZipFile(self.partial, "w", zipfile.ZIP_STORED)

    def _gather(self, sources: list[Path]) -> None:
        """Every complete, valid member of ``sources`` (first one wins) into ``.previous``."""
        scratch = self.path.with_name(self.path.name + ".gather")
        with scratch.open("wb") as out:
            for source in sources:
                with source.open("rb") as old:
                    for name, data, job in _complete_members(old):
                        if name in self.known or not _valid_docx(data):
                            continue
                        self.known[name] = (out.tell(), len(data), job)
                        out.write(data)
        os.replace(scratch, self.previous)

    def has(self, name: str, job: str) -> bool:
        return name in self.known and self.known[name][2] == job

    def keep(self, name: str) -> None:
        """Copy the member made earlier by the same job."""
        assert self.old is not None
        offset, size, job = self.known[name]
        self.old.seek(offset)
        self._add(name, self.old.read(size), job)

    def write(self, name: str, data: bytes, job: str) -> None:
        self._add(name, data, job)

    def _add(self, name: str, data: bytes, job: str) -> None:
        self.archive.writestr(_info(name, job), data)
        if self.archive.fp is not None:
            self.archive.fp.flush()  # a crash now loses at most the member being written

    def close(self, complete: bool = True) -> None:
        """Finish the zip; an interrupted batch keeps ``.partial`` and ``.previous`` for the next
        run to gather."""
        self.archive.close()
        if self.old is not None:
            self.old.close()
        if complete:
            os.replace(self.partial, self.path)
            self.previous.unlink(missing_ok=True)


def _info(name: str, job: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    digest = bytes.fromhex(job)
    info.extra = struct.pack("<HH", _EXTRA_ID, len(digest)) + digest
    return info


def _job_of(extra: bytes) -> str:
    """The fingerprint in a member's extra fields, or "" when it has none."""
    position = 0
    while position + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, position)
        if kind == _EXTRA_ID:
            return extra[position + 4 : position + 4 + size].hex()
        position += 4 + size
    return ""


def _complete_members(stream: IO[bytes]) -> Iterator[tuple[str, bytes, str]]:
    """(name, data, job fingerprint) of the members of a (possibly truncated) zip, read from
    their local headers, in order, up to the first one that is incomplete or does not match
    its checksum."""
    while True:
        header = stream.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            return
        flags, method, crc, size = struct.unpack_from("<xxxxxxHH4xIxxxxI", header)
        name_length, extra_length = struct.unpack_from("<HH", header, 26)
        name = stream.read(name_length).decode("utf-8" if flags & 0x800 else "cp437")
        extra = stream.read(extra_length)
        if method != zipfile.ZIP_STORED or flags & 0x8:
            return
        data = stream.read(size)
        if len(data) < size or zlib.crc32(data) != crc:
            return
        yield name, data, _job_of(extra)


# -- the batch ------------------------------------------------------------------------------


class _Batch:
    """The state of one :func:`render_many` call."""

    def __init__(
        self,
        sink: _FolderSink | _ZipSink,
        pool: cf.Executor,
        progress: Callable[[BatchProgress], None] | None,
        total: int | None,
        plugins: bool,
    ) -> None:
        self.plugins = plugins
        self.sink = sink
        self.pool = pool
        self.progress = progress
        self.result = BatchResult()
        self.counts = BatchProgress(total=total)
        self.pending: dict[cf.Future[bytes], tuple[int, RenderJob, str]] = {}
        self.seen: dict[str, int] = {}

    def tick(self) -> None:
        if self.progress is not None:
            self.progress(self.counts)

    def fail(self, error: JobError) -> None:
        self.result.errors.append(error)
        self.counts.failed += 1
        self.tick()

    def submit(
        self, index: int, item: RenderJob | JobError | Mapping[str, Any], resume: bool
    ) -> None:
        if isinstance(item, JobError):
            self.fail(item)
            return
        try:
            job = item if isinstance(item, RenderJob) else RenderJob.from_mapping(item)
        except DlxhError as exc:
            name = str(item.get("output", "?")) if isinstance(item, Mapping) else "?"
            self.fail(JobError(index, name, str(exc)))
            return
        if job.output in self.seen:
            first = self.seen[job.output] + 1
            self.fail(_error(index, job, f"job {first} already writes this output"))
            return
        self.seen[job.output] = index
        made_by = fingerprint(job)
        if resume and self.sink.has(job.output, made_by):
            if isinstance(self.sink, _ZipSink):
                self.sink.keep(job.output)
            self.result.skipped.append(job.output)
            self.counts.skipped += 1
            self.tick()
            return
        self.pending[self.pool.submit(_run, job, self.plugins)] = (index, job, made_by)

    def collect(self) -> None:
        """Wait for at least one pending job and write what finished."""
        finished, _ = cf.wait(list(self.pending), return_when=cf.FIRST_COMPLETED)
        for future in finished:
            index, job, made_by = self.pending.pop(future)
            try:
                data = future.result()
            except _JobError as exc:
                self.fail(_error(index, job, str(exc)))
                continue
            except Exception as exc:  # a worker crash, a cluster error: the batch goes on
                self.fail(_error(index, job, f"{type(exc).__name__}: {exc}"))
                continue
            self.sink.write(job.output, data, made_by)
            self.result.written.append(job.output)
            self.counts.done += 1
            self.tick()


def _error(index: int, job: RenderJob, message: str) -> JobError:
    return JobError(index, job.output, message, job.source or "")


def process_pool(
    workers: int | None = None, start_method: str | None = None
) -> cf.ProcessPoolExecutor:
    """The default executor: a process pool over ``workers`` processes (all cores by default).

    ``start_method`` is multiprocessing's (``fork``, ``forkserver``, ``spawn``); by default the
    platform's. With ``forkserver`` or ``spawn`` (the default on macOS and Windows, and from
    Python 3.14 on Linux) every worker imports the calling script again, so a script must call
    :func:`render_many` under ``if __name__ == "__main__":``. The command line uses
    ``forkserver``: it has threads (the progress bar) that must not be forked.
    """
    context = multiprocessing.get_context(start_method)
    return cf.ProcessPoolExecutor(max_workers=workers or os.cpu_count(), mp_context=context)


def _stop(pool: cf.Executor) -> None:
    """Stop a pool the batch started, now: an interrupted batch must not wait for its workers
    (a worker that got the Ctrl-C too can leave ``shutdown(wait=True)`` waiting forever)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # gone after shutdown
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=5)


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
) -> BatchResult:
    """Render every job into ``out`` (a folder, or a ``.zip`` file) and report what happened.

    ``executor`` is any :class:`concurrent.futures.Executor` (a Dask cluster's
    ``client.get_executor()`` works); by default ``process_pool(workers, start_method)`` is
    started and shut down (see :func:`process_pool` for the ``__main__`` guard scripts need on
    platforms that do not fork).

    Results are written as they finish, at most ``in_flight`` jobs are pending (default: four
    per worker), and ``jobs`` is consumed lazily, so memory stays flat however long the batch.
    A failing job is recorded in :attr:`BatchResult.errors` and the batch goes on. With
    ``resume`` (the default) an output is skipped when it exists, is valid and was made from
    the same job (same data, same files). ``progress`` is called with the counts after every
    job; ``total`` (when known) is passed along to it. With ``plugins`` (the default) each
    worker loads the installed plugins once, as the command line does, so their profiles,
    templates, filters and post-processing apply.
    """
    target = Path(out)
    sink: _FolderSink | _ZipSink = (
        _ZipSink(target, resume) if target.suffix.lower() == ".zip" else _FolderSink(target)
    )
    pool = process_pool(workers, start_method) if executor is None else executor
    limit = in_flight or 4 * (getattr(pool, "_max_workers", None) or os.cpu_count() or 1)
    batch = _Batch(sink, pool, progress, total, plugins)
    complete = False
    try:
        for index, item in enumerate(jobs):
            batch.submit(index, item, resume)
            while len(batch.pending) >= limit:
                batch.collect()
        while batch.pending:
            batch.collect()
        complete = True
    finally:
        for future in batch.pending:
            future.cancel()
        if executor is None:
            if complete:
                pool.shutdown(wait=True)
            else:
                _stop(pool)
        sink.close(complete)
    return batch.result
