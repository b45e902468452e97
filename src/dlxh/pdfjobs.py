"""The files of a PDF conversion: checked before LibreOffice starts, cleaned of links to
content outside the document, grouped into runs, and delivered only when complete."""

from __future__ import annotations

import itertools
import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from dlxh.atomic import atomic_open
from dlxh.errors import DlxhError, PdfError
from dlxh.files import read_regular
from dlxh.templating.external import remove_external_docx, warn_removed
from dlxh.templating.package import PackageLimits

__all__ = [
    "PDF_LIMITS",
    "Job",
    "chunks",
    "cleaned_job",
    "deliver",
    "last_message",
    "out_folder",
    "problem_of",
]

# Forced import filters by suffix; other files are left to LibreOffice's type detection.
_IMPORT_FILTERS = {".docx": "MS Word 2007 XML"}
# Word 2007+ packages, cleaned of external links before conversion.
_OOXML = frozenset({".docx", ".docm", ".dotx", ".dotm"})
_COPIES = itertools.count()
PDF_LIMITS = PackageLimits(
    max_bytes=256 * 1024 * 1024, max_unpacked=1024 * 1024 * 1024, max_xml=512 * 1024 * 1024
)
"""Bounds on a .docx given to convert: a finished document may be far larger than a template
(only its relationships and the parts that may link out are parsed), but not a zip bomb."""


@dataclass(frozen=True)
class Job:
    """One file to convert."""

    label: str  # how messages name the file: the path as the caller gave it
    source: Path  # absolute, not resolved: LibreOffice names its output after this name
    target: Path

    @property
    def import_filter(self) -> str | None:
        return _IMPORT_FILTERS.get(self.source.suffix.lower())


def cleaned_job(job: Job, copies: Path, *, allow_external: bool) -> Job | str:
    """``job``, or the same job on a copy of its source without links to content outside
    the document; an error message when the source cannot be read or checked."""
    if allow_external or job.source.suffix.lower() not in _OOXML:
        return job
    try:
        data = read_regular(job.source, PDF_LIMITS.max_bytes, "document")
        cleaned, removed = remove_external_docx(data, job.label, PDF_LIMITS)
    except DlxhError as exc:
        message = str(exc)
        return message if message.startswith(job.label) else f"{job.label}: {message}"
    if not removed:
        return job
    warn_removed(removed, job.label, stacklevel=4)
    folder = copies / str(next(_COPIES))
    folder.mkdir(parents=True)
    copy = folder / job.source.name  # the same name: LibreOffice names the PDF after it
    copy.write_bytes(cleaned)
    return Job(job.label, copy, job.target)


def out_folder(out_dir: str | os.PathLike[str] | None) -> Path | None:
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


def problem_of(source: Path) -> str | None:
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


def chunks(jobs: list[Job], size: int) -> list[list[Job]]:
    """Runs of at most ``size`` jobs with one import filter and distinct output names (every
    run writes into one folder, so two sources named ``x.docx`` must not share a run)."""
    chunks: list[tuple[str | None, set[str], list[Job]]] = []
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


def deliver(job: Job, produced: Path, output: str) -> str | None:
    """Check a PDF LibreOffice wrote and move it to its target: the error, or None."""
    try:
        with produced.open("rb") as stream:
            head = stream.read(5)
            stream.seek(max(0, produced.stat().st_size - 1024))
            tail = stream.read()
    except FileNotFoundError:
        return f"{job.label}: LibreOffice produced no PDF ({last_message(output)})"
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


def last_message(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    lines = [line for line in lines if "javaldx" not in line]  # harmless warning about Java
    errors = [line for line in lines if line.lower().startswith("error")]
    return (errors or lines or ["no message"])[-1]
