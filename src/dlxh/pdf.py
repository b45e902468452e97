"""PDF export of .docx files through LibreOffice in headless mode.

Why it works the way it does:

* **One profile per worker.** LibreOffice keeps its state in a user profile, and a second soffice
  started on a profile that is in use does not work on its own: it passes its arguments to the
  instance already running there (through a pipe named after the profile) and exits. Depending on
  timing the files are converted by the other process or not at all, with exit status 0 either
  way: the classic silent failure. So each worker of a :class:`PdfConverter` owns a profile
  folder (``-env:UserInstallation``) inside a private temporary folder. It is reused for all of
  that worker's conversions, so only the first start pays for creating it, and is removed on
  :meth:`PdfConverter.close`.
* **Batching.** Starting LibreOffice costs more than converting a one-page document, so one run
  converts up to ``batch_size`` files. LibreOffice exits 0 even when some files fail, so every
  expected PDF is checked; the files of a run that failed or left them without a PDF are converted
  again one per run, which names the one bad file and still converts the others.
* **Timeouts.** A broken document can hang LibreOffice. Every run has a timeout, and on expiry the
  whole process group is killed: ``soffice`` is a launcher whose ``soffice.bin`` child would
  otherwise outlive it. The worker's profile, which the kill may have left half-written, is then
  created afresh by its next run.
* **No half-written PDF.** LibreOffice writes into a private folder; a PDF is accepted only if it
  starts with ``%PDF`` and ends with ``%%EOF``, and is then moved into place atomically
  (:mod:`dlxh.atomic`), so the target is either the complete PDF or untouched.
* **The Word import filter is forced for .docx.** Otherwise LibreOffice opens a file it does not
  recognise as plain text and "converts" random bytes into pages of garbage.
* **Fonts.** The official formats are set in Times New Roman, which Linux does not ship.
  LibreOffice substitutes Liberation Serif (Debian package ``fonts-liberation2``), which is
  metric-compatible: every glyph has the width of its Times New Roman counterpart, so lines and
  pages break where Word breaks them. Without it another serif font with other widths is used and
  the layout drifts; install ``fonts-liberation2`` (or the real Times New Roman fonts) on every
  machine that converts.
"""

from __future__ import annotations

import contextlib
import math
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import weakref
import zipfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from dlxh.atomic import atomic_open
from dlxh.errors import PdfError

__all__ = ["PdfConverter", "PdfError", "PdfResult", "docx_to_pdf", "find_soffice"]

_INSTALL_HINT = (
    "install it with `apt-get install -y libreoffice-writer-nogui fonts-liberation2` "
    "or set DLXH_SOFFICE to the soffice executable"
)
# Forced import filters by suffix; other files are left to LibreOffice's type detection.
_IMPORT_FILTERS = {".docx": "MS Word 2007 XML"}


def find_soffice(explicit: str | None = None) -> str:
    """The LibreOffice executable: ``explicit``, else ``$DLXH_SOFFICE``, else one on ``PATH``.

    A name given explicitly or through the environment must work: falling back to another
    LibreOffice would hide a typo in a deployment setting.
    """
    for origin, name in (("soffice", explicit), ("DLXH_SOFFICE", os.environ.get("DLXH_SOFFICE"))):
        if name:
            found = shutil.which(name)
            if found is None:
                message = f"LibreOffice not found: {origin}={name} is not an executable"
                raise PdfError(f"{message}; {_INSTALL_HINT}")
            return found
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found is not None:
            return found
    raise PdfError(f"LibreOffice not found (no soffice or libreoffice on PATH); {_INSTALL_HINT}")


@dataclass(frozen=True)
class PdfResult:
    """The outcome for one source file: the PDF written, or why there is none."""

    source: Path
    pdf: Path | None
    error: str | None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class _Job:
    label: str  # how messages name the file: the path as the caller gave it
    source: Path  # absolute, not resolved: LibreOffice names its output after this name
    target: Path

    @property
    def import_filter(self) -> str | None:
        return _IMPORT_FILTERS.get(self.source.suffix.lower())


class PdfConverter:
    """A pool of LibreOffice workers that turn Word files into PDF.

    ``workers`` conversions run at once (default: the number of CPUs), each in its own
    LibreOffice profile; one LibreOffice run converts up to ``batch_size`` files; a run that
    takes longer than ``timeout`` seconds is killed. Close the converter (or use it as a context
    manager) to remove the profiles.
    """

    def __init__(
        self,
        workers: int | None = None,
        timeout: float = 120.0,
        soffice: str | None = None,
        batch_size: int = 20,
    ) -> None:
        workers = (os.cpu_count() or 1) if workers is None else workers
        if workers < 1 or batch_size < 1 or not timeout > 0:
            raise ValueError("workers and batch_size must be at least 1 and timeout positive")
        self.soffice = find_soffice(soffice)
        self.workers = workers
        self.timeout = float(timeout)
        self.batch_size = batch_size
        self._root = Path(tempfile.mkdtemp(prefix="dlxh-pdf-"))
        self._profiles: queue.Queue[Path] = queue.Queue()
        for index in range(workers):
            self._profiles.put(self._root / f"profile-{index}")
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dlxh-pdf")
        # Remove the profiles even if the converter is never closed.
        self._cleanup = weakref.finalize(self, _shut_down, self._pool, self._root)

    def __enter__(self) -> PdfConverter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        return not self._cleanup.alive

    def close(self) -> None:
        """Wait for running conversions, then remove the profiles and temporary files."""
        self._cleanup()

    def convert(
        self,
        paths: Iterable[str | os.PathLike[str]],
        out_dir: str | os.PathLike[str] | None = None,
    ) -> list[PdfResult]:
        """Convert files to PDF, in ``out_dir`` (created if needed) or next to each source.

        One result per path, in input order. A file that fails has its error in its result; only
        a problem with the whole call (closed converter, ``out_dir`` not a folder) raises
        :class:`PdfError`.
        """
        self._check_open()
        folder = _out_folder(out_dir)
        sources = [Path(path) for path in paths]
        planned: list[_Job | str] = []  # per source: its job, or why it has none
        jobs: dict[Path, _Job] = {}  # by resolved target: two sources must not write one PDF
        for source in sources:
            target = (folder or source.parent) / f"{source.stem}.pdf"
            key = target.resolve()
            problem = _problem(source)
            if problem is None and key == source.resolve():
                problem = "the PDF would replace its source"
            if problem is None and key in jobs and jobs[key].source != source.absolute():
                problem = f"same PDF name as {jobs[key].label}, which is converted instead"
            if problem is None:
                planned.append(jobs.setdefault(key, _Job(str(source), source.absolute(), target)))
            else:
                planned.append(f"{source}: {problem}")
        outcome = self._run(list(jobs.values()))
        results = []
        for source, plan in zip(sources, planned, strict=True):
            if isinstance(plan, str):
                results.append(PdfResult(source, None, plan))
            else:
                error = outcome[plan]
                results.append(PdfResult(source, None if error else plan.target, error))
        return results

    def convert_one(
        self, path: str | os.PathLike[str], out_dir: str | os.PathLike[str] | None = None
    ) -> Path:
        """Convert one file and return the PDF's path; raise :class:`PdfError` if it fails."""
        (result,) = self.convert([path], out_dir)
        if result.pdf is None:
            raise PdfError(result.error or f"{path}: no PDF")
        return result.pdf

    def convert_bytes(self, data: bytes, name: str = "document.docx") -> bytes:
        """Convert a document held in memory; ``name`` gives its type (suffix) and names it in
        error messages."""
        self._check_open()
        folder = Path(tempfile.mkdtemp(prefix="bytes-", dir=self._root))
        try:
            source = folder / f"document{Path(name).suffix or '.docx'}"
            source.write_bytes(data)
            job = _Job(name, source, folder / "document.pdf")
            problem = _problem(source)
            error = f"{name}: {problem}" if problem else self._run([job])[job]
            if error:
                raise PdfError(error)
            return job.target.read_bytes()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    # -- internals ---------------------------------------------------------------------------

    def _check_open(self) -> None:
        if self.closed:
            raise PdfError("the PdfConverter is closed")

    def _run(self, jobs: list[_Job]) -> dict[_Job, str | None]:
        """The error of each job, or None for a job converted."""
        size = min(self.batch_size, math.ceil(len(jobs) / self.workers)) if jobs else 1
        futures = [self._pool.submit(self._convert_chunk, chunk) for chunk in _chunks(jobs, size)]
        outcome: dict[_Job, str | None] = {}
        for future in futures:
            outcome.update(future.result())
        return outcome

    def _convert_chunk(self, chunk: list[_Job]) -> dict[_Job, str | None]:
        """Convert a chunk in one run on a free profile, then retry its failures one by one."""
        profile = self._profiles.get()  # never blocks: as many profiles as threads
        try:
            outcome = self._attempt(profile, chunk)
            if len(chunk) > 1:
                for job in chunk:
                    if outcome[job] is not None:
                        outcome.update(self._attempt(profile, [job]))
            return outcome
        finally:
            self._profiles.put(profile)

    def _attempt(self, profile: Path, chunk: list[_Job]) -> dict[_Job, str | None]:
        work = Path(tempfile.mkdtemp(prefix="run-", dir=self._root))
        try:
            failure, output = self._soffice(profile, chunk, work)
            return {
                job: f"{job.label}: {failure}"
                if failure
                else _deliver(job, work / f"{job.source.stem}.pdf", output)
                for job in chunk
            }
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _soffice(self, profile: Path, chunk: list[_Job], work: Path) -> tuple[str | None, str]:
        """Run LibreOffice once: (why the run failed or None, what it printed)."""
        command = [
            self.soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
        ]
        if chunk[0].import_filter:
            command.append(f"--infilter={chunk[0].import_filter}")
        command += ["--convert-to", "pdf", "--outdir", str(work), *(str(j.source) for j in chunk)]
        # A file, not a pipe: a stray child holding a pipe open could block the read forever.
        with tempfile.TemporaryFile(dir=self._root) as log:
            try:
                process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group, to kill it whole
                )
            except OSError as exc:
                return f"cannot start {self.soffice}: {exc.strerror or exc}", ""
            try:
                status = process.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                _kill(process)
                # Killed in the middle of anything, it may have left its profile half-written.
                shutil.rmtree(profile, ignore_errors=True)
                return f"LibreOffice timed out after {self.timeout:g} s", ""
            except BaseException:
                _kill(process)
                raise
            log.seek(0)
            output = log.read().decode("utf-8", "replace")
        if status != 0:
            return f"LibreOffice failed with exit status {status}: {_last_message(output)}", output
        return None, output


def docx_to_pdf(
    path: str | os.PathLike[str],
    out_dir: str | os.PathLike[str] | None = None,
    *,
    timeout: float = 120.0,
) -> Path:
    """Convert one file to PDF next to it (or in ``out_dir``) and return the PDF's path.

    Each call starts LibreOffice (about a second) on a profile of its own; to convert many files,
    use one :class:`PdfConverter`, which converts them in batches.
    """
    with PdfConverter(workers=1, timeout=timeout) as converter:
        return converter.convert_one(path, out_dir)


def _out_folder(out_dir: str | os.PathLike[str] | None) -> Path | None:
    if out_dir is None:
        return None
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise PdfError(f"{folder}: out_dir is not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PdfError(
            f"{folder}: cannot create the output folder: {exc.strerror or exc}"
        ) from None
    return folder


def _problem(source: Path) -> str | None:
    """Why ``source`` cannot be converted, found without starting LibreOffice (or None)."""
    if not source.is_file():
        return "no such file"
    try:
        with source.open("rb"):
            pass
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if source.suffix.lower() == ".docx" and not zipfile.is_zipfile(source):
        return "not a .docx file (not a ZIP archive)"
    return None


def _chunks(jobs: list[_Job], size: int) -> list[list[_Job]]:
    """Runs of at most ``size`` jobs with one import filter and distinct output names (every
    run writes into one folder, so two sources named ``x.docx`` must not share a run)."""
    chunks: list[tuple[str | None, set[str], list[_Job]]] = []
    for job in jobs:
        name = f"{job.source.stem}.pdf"
        for import_filter, names, chunk in chunks:
            if len(chunk) < size and import_filter == job.import_filter and name not in names:
                names.add(name)
                chunk.append(job)
                break
        else:
            chunks.append((job.import_filter, {name}, [job]))
    return [chunk for _, _, chunk in chunks]


def _deliver(job: _Job, produced: Path, output: str) -> str | None:
    """Check a PDF LibreOffice wrote and move it to its target: the error, or None."""
    try:
        with produced.open("rb") as stream:
            head = stream.read(5)
            stream.seek(max(0, produced.stat().st_size - 1024))
            tail = stream.read()
    except FileNotFoundError:
        return f"{job.label}: LibreOffice produced no PDF ({_last_message(output)})"
    except OSError as exc:
        return f"{job.label}: cannot read LibreOffice's output: {exc.strerror or exc}"
    if head != b"%PDF-" or b"%%EOF" not in tail:
        return f"{job.label}: LibreOffice's output is not a complete PDF"
    try:
        with atomic_open(job.target) as target, produced.open("rb") as pdf:
            shutil.copyfileobj(pdf, target)
    except OSError as exc:  # dlxh.atomic's InputError is one too
        return f"{job.label}: cannot write the PDF: {exc}"
    return None


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill LibreOffice and every process it started. The group id is the (not yet reaped)
    leader's pid, so it cannot belong to anyone else."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _last_message(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    lines = [line for line in lines if "javaldx" not in line]  # harmless warning about Java
    errors = [line for line in lines if line.lower().startswith("error")]
    return (errors or lines or ["no message"])[-1]


def _shut_down(pool: ThreadPoolExecutor, root: Path) -> None:
    pool.shutdown(wait=True)
    shutil.rmtree(root, ignore_errors=True)
