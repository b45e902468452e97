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
* **Nothing fetched, nothing left behind.** A .docx is converted from a copy without its links
  to content outside the document (:mod:`dlxh.templating.external`: a linked picture would make
  LibreOffice fetch an address from this machine, a ``file://`` one would put a local file into
  the PDF), unless ``allow_external=True``; the profile itself blocks such links in every
  format. Each run is guarded (:mod:`dlxh.pdfrun`): an interrupt, a timeout or the death of
  the caller ends LibreOffice's whole process group, and a killed converter's folder is removed
  by its guard, or by the next converter.
* **Fonts.** The official formats are set in Times New Roman, which Linux does not ship.
  LibreOffice substitutes Liberation Serif (Debian package ``fonts-liberation2``), which is
  metric-compatible: every glyph has the width of its Times New Roman counterpart, so lines and
  pages break where Word breaks them. Without it another serif font with other widths is used and
  the layout drifts; install ``fonts-liberation2`` (or the real Times New Roman fonts) on every
  machine that converts.
"""

from __future__ import annotations

import itertools
import math
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import weakref
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from dlxh.errors import PdfError
from dlxh.pdfjobs import (
    Job,
    chunks,
    cleaned_job,
    deliver,
    last_message,
    out_folder,
    problem_of,
)
from dlxh.pdfrun import Run, make_private_folder, remove_stale_folders, seed_profile

__all__ = ["PdfConverter", "PdfError", "PdfResult", "docx_to_pdf", "find_soffice"]

_INSTALL_HINT = (
    "install it with `apt-get install -y libreoffice-writer-nogui fonts-liberation2` "
    "or set DLXH_SOFFICE to the soffice executable"
)


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
        *,
        allow_external: bool = False,
    ) -> None:
        workers = (os.cpu_count() or 1) if workers is None else workers
        if workers < 1 or batch_size < 1 or not timeout > 0:
            raise ValueError("workers and batch_size must be at least 1 and timeout positive")
        self.soffice = find_soffice(soffice)
        self.workers = workers
        self.timeout = float(timeout)
        self.batch_size = batch_size
        self.allow_external = allow_external
        remove_stale_folders()  # what killed converters left behind
        self._root, lock = make_private_folder()
        self._profiles: queue.Queue[Path] = queue.Queue()
        for index in range(workers):
            self._profiles.put(self._root / f"profile-{index}")
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dlxh-pdf")
        self._runs: set[Run] = set()
        self._runs_lock = threading.Lock()
        self._cancelled = threading.Event()
        # Remove the profiles even if the converter is never closed.
        self._cleanup = weakref.finalize(self, _shut_down, self._pool, self._root, lock)

    def __enter__(self) -> PdfConverter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc is not None:
            self._cancel()  # an error or an interrupt: running conversions are not waited for
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
        folder = out_folder(out_dir)
        sources = [Path(path) for path in paths]
        planned: list[Job | str] = []  # per source: its job, or why it has none
        jobs: dict[Path, Job] = {}  # by resolved target: two sources must not write one PDF
        for source in sources:
            target = (folder or source.parent) / f"{source.stem}.pdf"
            key = target.resolve()
            problem = problem_of(source)
            if problem is None and key == source.resolve():
                problem = "the PDF would replace its source"
            if problem is None and key in jobs and jobs[key].source != source.absolute():
                problem = f"same PDF name as {jobs[key].label}, which is converted instead"
            if problem is None:
                planned.append(jobs.setdefault(key, Job(str(source), source.absolute(), target)))
            else:
                planned.append(f"{source}: {problem}")
        copies = self._root / f"copies-{next(_COUNTER)}"
        try:
            cleaned = {
                job: cleaned_job(job, copies, allow_external=self.allow_external)
                for job in jobs.values()
            }
            outcome = self._run([c for c in cleaned.values() if isinstance(c, Job)])
        finally:
            shutil.rmtree(copies, ignore_errors=True)
        for job, copy in cleaned.items():
            outcome[job] = copy if isinstance(copy, str) else outcome.pop(copy)
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
            job = Job(name, source, folder / "document.pdf")
            problem = problem_of(source)
            prepared = (
                f"{name}: {problem}"
                if problem
                else cleaned_job(job, folder / "copy", allow_external=self.allow_external)
            )
            error = prepared if isinstance(prepared, str) else self._run([prepared])[prepared]
            if error:
                raise PdfError(error)
            return job.target.read_bytes()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    # -- internals ---------------------------------------------------------------------------

    def _check_open(self) -> None:
        if self.closed:
            raise PdfError("the PdfConverter is closed")

    def _run(self, jobs: list[Job]) -> dict[Job, str | None]:
        """The error of each job, or None for a job converted. An interrupt (or any error)
        while waiting ends the running LibreOffice processes before it goes on."""
        size = min(self.batch_size, math.ceil(len(jobs) / self.workers)) if jobs else 1
        self._cancelled.clear()
        futures = [self._pool.submit(self._convert_chunk, chunk) for chunk in chunks(jobs, size)]
        outcome: dict[Job, str | None] = {}
        try:
            for future in futures:
                outcome.update(future.result())
        except BaseException:
            for future in futures:
                future.cancel()
            self._cancel()
            raise
        return outcome

    def _cancel(self) -> None:
        """Stop: no new LibreOffice run starts, and the running ones are killed."""
        self._cancelled.set()
        with self._runs_lock:
            running = list(self._runs)
        for run in running:
            run.kill()

    def _convert_chunk(self, chunk: list[Job]) -> dict[Job, str | None]:
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

    def _attempt(self, profile: Path, chunk: list[Job]) -> dict[Job, str | None]:
        work = Path(tempfile.mkdtemp(prefix="run-", dir=self._root))
        try:
            failure, output = self._soffice(profile, chunk, work)
            return {
                job: f"{job.label}: {failure}"
                if failure
                else deliver(job, work / f"{job.source.stem}.pdf", output)
                for job in chunk
            }
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _soffice(self, profile: Path, chunk: list[Job], work: Path) -> tuple[str | None, str]:
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
        if self._cancelled.is_set():
            return "interrupted", ""
        if not self.allow_external:
            seed_profile(profile)
        # A file, not a pipe: a stray child holding a pipe open could block the read forever.
        with tempfile.TemporaryFile(dir=self._root) as log:
            try:
                run = Run(command, log, self._root)
            except OSError as exc:
                return f"cannot start {self.soffice}: {exc.strerror or exc}", ""
            with self._runs_lock:
                self._runs.add(run)
            try:
                status = run.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                run.kill()
                # Killed in the middle of anything, it may have left its profile half-written.
                shutil.rmtree(profile, ignore_errors=True)
                return f"LibreOffice timed out after {self.timeout:g} s", ""
            except BaseException:
                run.kill()
                raise
            finally:
                with self._runs_lock:
                    self._runs.discard(run)
            if self._cancelled.is_set():
                shutil.rmtree(profile, ignore_errors=True)
                return "interrupted", ""
            log.seek(0)
            output = log.read().decode("utf-8", "replace")
        if status != 0:
            return f"LibreOffice failed with exit status {status}: {last_message(output)}", output
        return None, output


def docx_to_pdf(
    path: str | os.PathLike[str],
    out_dir: str | os.PathLike[str] | None = None,
    *,
    timeout: float = 120.0,
    allow_external: bool = False,
) -> Path:
    """Convert one file to PDF next to it (or in ``out_dir``) and return the PDF's path.

    Each call starts LibreOffice (about a second) on a profile of its own; to convert many files,
    use one :class:`PdfConverter`, which converts them in batches. ``allow_external`` as for
    :class:`PdfConverter`.
    """
    with PdfConverter(workers=1, timeout=timeout, allow_external=allow_external) as converter:
        return converter.convert_one(path, out_dir)


def _shut_down(pool: ThreadPoolExecutor, root: Path, lock: int | None) -> None:
    pool.shutdown(wait=True)
    shutil.rmtree(root, ignore_errors=True)
    if lock is not None:
        os.close(lock)


_COUNTER = itertools.count()  # names of the folders of copies
