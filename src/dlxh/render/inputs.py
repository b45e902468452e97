"""What a job's output depends on, so that resuming a batch renders again whatever changed.

A resumed batch skips an output only when nothing it was made from changed. Two things are
compared. The job's own fields (its data, names, options; the dlxh version, the installed
plugins and ``$DLXH_TEMPLATE_PATH``) give :func:`fingerprint`, computed in the parent. The files
the render read are recorded by the worker that rendered it (:class:`Reads`): the document file,
the profile file, the template it used, the images the document embeds, and every template
candidate it looked for and did not find (so that a template dropped later into a folder of
``$DLXH_TEMPLATE_PATH`` is noticed). Each file enters by a digest of its content, so a file
copied over with its old time, or edited twice in the same second, is seen as changed. The
parent compares them with :func:`unchanged`, hashing each distinct file once per run.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from dlxh._version import __version__
from dlxh.models import Document
from dlxh.models.document import Image
from dlxh.profiles import FormatProfile
from dlxh.render.catalog import TEMPLATE_PATH_ENV, template_candidates

__all__ = ["Reads", "batch_salt", "file_digest", "fingerprint", "unchanged"]

_DIGESTS: dict[tuple[Any, ...], str] = {}
_DIGEST_CACHE = 4096
ABSENT = ""
"""The digest of a file that does not exist."""


def file_digest(path: str | os.PathLike[str]) -> str:
    """A digest of the file's content (:data:`ABSENT` when there is none; a marker for what is
    not a regular file), remembered by the file's identity and times so that a file read by
    thousands of jobs (a logo, a template) is hashed once."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return ABSENT
    if not stat.S_ISREG(info.st_mode):
        return f"!{stat.S_IFMT(info.st_mode):o}"
    key = (
        os.fspath(path),
        info.st_dev,
        info.st_ino,
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
    )
    if key in _DIGESTS:
        return _DIGESTS[key]
    digest = hashlib.sha256()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                return "!swapped"
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return ABSENT
    if len(_DIGESTS) >= _DIGEST_CACHE:
        _DIGESTS.clear()
    _DIGESTS[key] = value = digest.hexdigest()[:32]
    return value


class Reads:
    """The files one render reads, each with its digest taken *before* it is read (a file that
    changes during the render then differs from the digest next time, and is rendered again)."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}

    def add(self, path: str | os.PathLike[str]) -> str:
        """Record ``path`` (made absolute: the parent may check it from another folder)."""
        name = os.path.abspath(os.fspath(path))
        if name not in self.files:
            self.files[name] = file_digest(name)
        return name

    def profile(self, name: str | None, loaded: FormatProfile | None = None) -> None:
        """A profile given as a YAML file, and the file it extends when that is one too."""
        if name is None or not name.lower().endswith((".yaml", ".yml")):
            return
        path = self.add(name)
        parent = getattr(loaded, "extends", None)
        if isinstance(parent, str) and parent.lower().endswith((".yaml", ".yml")):
            self.add(Path(path).parent / parent)

    def template(self, name: str) -> None:
        """A template a job names: a file, unless it is a shipped name (in the dlxh version)."""
        path = Path(name)
        if path.suffix.lower() == ".docx" or path.exists():
            self.add(path)

    def document_template(
        self, document: Document, profile: FormatProfile, extra_dirs: Sequence[Path]
    ) -> None:
        """The template :func:`~dlxh.render.template_for` chooses, and each candidate it looks
        for first (as absent files), in its order."""
        for candidate in template_candidates(document, profile, extra_dirs):
            self.add(candidate)
            if candidate.is_file():
                return

    def images(self, document: Document, base_dir: str | None) -> None:
        """Every image file the document embeds, resolved as the renderer resolves it."""
        for image in _images(document):
            if image.path is None:
                continue
            path = Path(image.path)
            if not path.is_absolute() and base_dir is not None:
                path = Path(base_dir) / path
            self.add(path)

    def items(self) -> list[list[str]]:
        return [[name, digest] for name, digest in self.files.items()]


def _images(value: Any) -> Iterator[Image]:
    """Every :class:`Image` anywhere in a model (body, appendices, or wherever a later version
    lets one appear), without recursion."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Image):
            yield item
        elif isinstance(item, BaseModel):
            stack.extend(getattr(item, name) for name in type(item).model_fields)
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif isinstance(item, Mapping):
            stack.extend(item.values())


def batch_salt(plugins: Sequence[tuple[str, str]] = ()) -> str:
    """What every job of a batch depends on besides its own fields: the template search path,
    and the installed plugins (name and version: their profiles, filters and post-processing
    shape every document)."""
    return json.dumps([os.environ.get(TEMPLATE_PATH_ENV, ""), sorted(plugins)])


def fingerprint(job: Any, salt: str = "") -> str:
    """A digest of the job's own fields (its output name, options, context or document data),
    the dlxh version and ``salt`` (:func:`batch_salt`); the files it reads are compared apart.

    Values that do not serialise to JSON enter by ``repr``; one that shows an address makes
    its job render every time.
    """
    document = job.document
    parts: dict[str, Any] = {
        "dlxh": __version__,
        "salt": salt,
        "output": job.output,
        "profile": job.profile,
        "template": job.template,
        "context": job.context,
        "document": document.model_dump(mode="json") if isinstance(document, Document) else None,
        "document_file": document if isinstance(document, str) else None,
        "base_dir": job.base_dir,
    }
    text = json.dumps(parts, sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def unchanged(meta: Any, job_fingerprint: str) -> bool:
    """Whether an output recorded with ``meta`` (``{"job": ..., "inputs": [[path, digest]]}``)
    was made by this job from files that are all still the same."""
    if not isinstance(meta, dict) or meta.get("job") != job_fingerprint:
        return False
    inputs = meta.get("inputs")
    if not isinstance(inputs, list):
        return False  # not recorded (too many files, or an older dlxh): render again
    for entry in inputs:
        if not (
            isinstance(entry, list) and len(entry) == 2 and all(isinstance(e, str) for e in entry)
        ):
            return False
        if file_digest(entry[0]) != entry[1]:
            return False
    return True
