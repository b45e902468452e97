"""Batch jobs: what one output is made from, where it goes, and reading them from JSON Lines.

A jobs file is written by a script or a person and may hold anything: a number of 5,000 digits,
an array nested 100,000 deep, a byte that is not UTF-8, a NUL in a path, a line of a gigabyte.
Each of these is one job's error (:class:`JobError`, naming the file and line); it never stops
the batch. Output names are checked here too, against what every system the batch may be
unpacked on can store: a name that Windows cannot create (``x|y?``, ``CON.docx``, ``dir.``) or
that is longer than a file system allows is refused before anything is rendered.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import sys
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlxh.errors import DlxhError, InputError
from dlxh.files import check_regular
from dlxh.io import validate
from dlxh.models import Document
from dlxh.quoting import cut, quote

__all__ = [
    "MAX_JOB_DEPTH",
    "MAX_LINE_BYTES",
    "JobError",
    "RenderJob",
    "name_key",
    "parse_job_line",
    "read_jobs",
    "shown_name",
]

MAX_LINE_BYTES = 64 * 1024 * 1024
"""Longest line of a jobs file (a job with a 5,000-row table is about 1 MB)."""
MAX_JOB_DEPTH = 64
"""Deepest nesting of objects and arrays in one job: deeper data cannot come from a sane
template context and would exhaust the recursion of whatever walks it (JSON, pickle, Jinja)."""
MAX_NAME_BYTES = 255
"""Longest file or folder name in an output, in UTF-8 bytes: the limit of ext4, XFS and NTFS."""
MAX_OUTPUT_BYTES = 1024
"""Longest output name as a whole (sub-folders included)."""

_RESERVED = re.compile(
    r"^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$) *(\..*)?$", re.IGNORECASE
)
"""Names Windows cannot create, whatever the extension: a batch may be unpacked there."""
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')
"""Characters Windows does not allow in names (and control characters, NUL first: a NUL cuts a
zip member's name short and makes every file system call fail)."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_FIELDS = frozenset({"output", "document", "template", "context", "profile"})


def _check_output(output: object) -> str:
    """``output`` as the batch stores it (``/`` separators, normalised), or an
    :class:`~dlxh.errors.InputError` saying what is wrong with it."""
    if not isinstance(output, str):
        raise InputError("'output' must be a file name ending in .docx")
    shown = quote(output)
    name = output.replace("\\", "/")
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
            f"job output {shown}: expected a relative file name ending in .docx "
            "(no '..', not absolute, no empty or reserved names such as CON)"
        )
    bad = _FORBIDDEN.search(name)
    if bad is not None:
        char = bad.group()
        what = "a NUL character" if char == "\x00" else f"the character {char!r}"
        raise InputError(
            f"job output {shown}: contains {what}, which Windows does not allow in file names"
        )
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(f"job output {shown}: not valid Unicode (a lone surrogate)") from None
    name = posixpath.normpath(name)
    for part in name.split("/"):
        if part.endswith((".", " ")):
            raise InputError(
                f"job output {shown}: the name {quote(part)} ends in a dot or a space, "
                "which Windows drops (two outputs would become one)"
            )
        if len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
            raise InputError(
                f"job output {shown}: a file or folder name is longer than "
                f"{MAX_NAME_BYTES} bytes, the limit of common file systems"
            )
    if len(name.encode("utf-8", "surrogatepass")) > MAX_OUTPUT_BYTES:
        raise InputError(f"job output {shown}: longer than {MAX_OUTPUT_BYTES} bytes")
    return name


def name_key(name: str) -> str:
    """The form under which Windows and macOS compare names: ``A.docx`` and ``a.docx``, or a
    Vietnamese name in NFC and NFD, are one file there, so a batch must not write both."""
    return unicodedata.normalize("NFC", name).casefold()


def _check_path(value: str, what: str) -> str:
    if "\x00" in value:
        raise InputError(f"{what} {quote(value)}: contains a NUL character")
    return value


@dataclass(frozen=True)
class RenderJob:
    """One document to render.

    Either a ``document`` (a :class:`~dlxh.models.Document`, or the path of one as YAML/JSON),
    rendered with :func:`~dlxh.render.render_document` in ``profile`` (default: its own); or a
    ``template`` (a .docx path or a shipped name such as ``nha-nuoc/van-ban``) rendered with
    ``context``. ``output`` is the file name inside the batch's folder or zip (sub-folders
    allowed), ending in ``.docx``, and must be a name every common system can store.
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
        name = _check_output(self.output)
        if (self.document is None) == (self.template is None):
            raise InputError(
                f"job {quote(self.output)}: give either a document or a template with its context"
            )
        for what, value in (
            ("document", self.document),
            ("template", self.template),
            ("profile", self.profile),
            ("base_dir", self.base_dir),
        ):
            if isinstance(value, str):
                _check_path(value, what)
        object.__setattr__(self, "output", name)

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], base_dir: Path | None = None, source: str | None = None
    ) -> RenderJob:
        """A job from a JSON object; relative paths (document, template, profile file) are taken
        from ``base_dir``; ``source`` says where it was read."""
        if not _depth_ok(data):
            raise InputError(f"not a job: nested more than {MAX_JOB_DEPTH} levels deep")
        unknown = set(data) - _FIELDS
        if unknown:
            names = ", ".join(quote(str(name), 60) for name in sorted(map(str, unknown))[:5])
            raise InputError(f"unknown job field(s) {names}")
        output = _check_output(data.get("output"))
        context = data.get("context", {})
        if not isinstance(context, Mapping):
            raise InputError("'context' must be an object")
        document = data.get("document")
        if document is not None and not isinstance(document, str | Mapping):
            raise InputError("'document' must be a file path or an object")
        if isinstance(document, Mapping):
            document = validate(Document, dict(document), source=f"job {quote(output)}")
        elif isinstance(document, str):
            document = _relative(_check_path(document, "document"), base_dir)
        template = data.get("template")
        if template is not None and not isinstance(template, str):
            raise InputError("'template' must be a .docx path or a template name")
        if template is not None and template.lower().endswith(".docx"):
            template = _relative(_check_path(template, "template"), base_dir)
        profile = data.get("profile")
        if profile is not None and not isinstance(profile, str):
            raise InputError("'profile' must be a profile name or a profile .yaml file")
        if profile is not None and profile.lower().endswith((".yaml", ".yml")):
            profile = _relative(_check_path(profile, "profile"), base_dir)
        return cls(
            output=output,
            document=document,
            template=template,
            context=dict(context),
            profile=profile,
            base_dir=None if base_dir is None else str(base_dir),
            source=source,
        )


def _relative(path: str, base_dir: Path | None) -> str:
    return path if base_dir is None else str(base_dir / path)


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
        return f"job {self.index + 1} ({shown_name(self.output)}{where}): {self.message}"


def shown_name(name: str) -> str:
    """An output name as a message shows it: cut short, and quoted when it holds a control
    character (a NUL or a line break printed raw would garble the message)."""
    return quote(name) if _CONTROL.search(name) else cut(name)


def _depth_ok(value: Any, limit: int = MAX_JOB_DEPTH) -> bool:
    """Whether ``value`` nests at most ``limit`` objects and arrays deep (without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth >= limit:
                return False
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return True


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InputError(f"duplicate key {quote(key, 60)}")
        result[key] = value
    return result


def parse_job_line(raw: bytes, base_dir: Path | None, where: str) -> RenderJob:
    """One line of a jobs file as a job, or a :class:`~dlxh.errors.InputError` saying why not
    (never another exception: a line is data, and bad data is that job's error)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8: byte 0x{raw[exc.start]:02x} at column {exc.start + 1}"
        ) from None
    try:
        data = json.loads(text, object_pairs_hook=_unique)
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise InputError(f"not a job: nested more than {MAX_JOB_DEPTH} levels deep") from None
    except ValueError as exc:  # a number longer than Python converts (4,300 digits)
        if "digits" in str(exc):
            limit = sys.get_int_max_str_digits()
            raise InputError(f"not a job: a number has more than {limit:,} digits") from None
        raise InputError(f"not a job: {cut(str(exc))}") from None
    if not isinstance(data, dict):
        raise InputError(f"expected a JSON object, not {type(data).__name__}")
    return RenderJob.from_mapping(data, base_dir, where)


def _output_of(raw: bytes) -> str:
    """The job's output name as far as a broken line shows it, for the error ("?" if none)."""
    match = re.search(rb'"output"\s*:\s*"((?:[^"\\]|\\.){0,300})"', raw[:100_000])
    if match is None:
        return "?"
    try:
        value = json.loads(b'"' + match.group(1) + b'"')
    except ValueError:
        return "?"
    return value if isinstance(value, str) else "?"


def _lines(stream: Any, limit: int) -> Iterator[tuple[bytes, bool]]:
    """(line, whole) for each line of a binary stream; a line longer than ``limit`` is read to
    its end without being kept and comes back empty with ``whole`` false."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line, True
            continue
        head = line[:1000]
        while line and not line.endswith(b"\n"):
            line = stream.readline(1 << 20)
        yield head, False


def read_jobs(
    path: str | os.PathLike[str], *, max_line_bytes: int = MAX_LINE_BYTES
) -> Iterator[RenderJob | JobError]:
    """The jobs of a JSON Lines file, one per line, read lazily; a bad line (not UTF-8, not
    JSON, nested too deep, a number too long, not a job, longer than ``max_line_bytes``) gives
    a :class:`JobError` naming the file and line instead of stopping the batch."""
    file = check_regular(path, "jobs file")  # a FIFO would block, /dev/zero never end
    try:
        stream = file.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read jobs: {exc.strerror or exc}", path=file) from None
    with stream:
        base = file.resolve().parent
        index = -1
        for number, (raw, whole) in enumerate(_lines(stream, max_line_bytes), 1):
            # Notepad starts UTF-8 files with a byte-order mark
            line = raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw
            if whole and not line.strip():
                continue
            index += 1
            where = f"{file}, line {number}"
            if not whole:
                message = f"the line is longer than {max_line_bytes:,} bytes"
                yield JobError(index, _output_of(line), message, where)
                continue
            try:
                yield parse_job_line(line.strip(), base, where)
            except DlxhError as exc:
                yield JobError(index, _output_of(line), cut(str(exc), 1000), where)
            except Exception as exc:
                message = cut(f"{type(exc).__name__}: {exc}", 1000)
                yield JobError(index, _output_of(line), message, where)
