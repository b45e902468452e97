"""What a batch worker runs for one job: render it, and record the files the render read.

Each worker process keeps compiled templates, loaded documents and profiles between jobs (keyed
by the file's identity and times, so an edited file is read again), and loads the installed
plugins once. Errors come back as readable messages (:class:`JobError`), whatever the job did.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dlxh.errors import DlxhError
from dlxh.io import load
from dlxh.models import Document
from dlxh.plugins import Hooks, default_hooks
from dlxh.quoting import cut
from dlxh.render.catalog import resolve_template
from dlxh.render.document import profile_named, render_document, resolve_profile
from dlxh.render.inputs import Reads
from dlxh.render.jobs import RenderJob

__all__ = ["JobFailedError", "render_job", "run_job"]

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
    """The file's identity and times, part of a cache key so that an edited file is read
    again ("" for a name that is not a file, such as ``nha-nuoc/van-ban``)."""
    try:
        info = path.stat()
    except (OSError, ValueError):
        return ""
    return f"{info.st_ino}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}"


def _profile(name: str, hooks: Hooks | None, on: dt.date | None) -> Any:
    """The profile ``name`` as it applies on ``on`` (a family name picks the version by date)."""
    plugins = "plugins" if hooks is not None else ""
    key = ("profile", name, _stamp(Path(name)), plugins, on.isoformat() if on else "")
    return _cached(key, lambda: profile_named(name, hooks, on=on))


def _render(job: RenderJob, hooks: Hooks | None) -> tuple[bytes, Reads]:
    """Render one job and record the files it read (each digest taken before the read)."""
    reads = Reads()
    if job.document is not None:
        document = job.document
        base = job.base_dir
        if isinstance(document, str):
            path = Path(document)
            reads.add(path)
            key = ("document", str(path), _stamp(path))
            document = _cached(key, lambda: load(path, Document))
            base = str(path.resolve().parent)
        reads.profile(job.profile)
        profile = resolve_profile(
            None if job.profile is None else _profile(job.profile, hooks, document.date),
            document,
            hooks,
        )
        reads.profile(job.profile, profile)
        reads.document_template(document, profile, hooks.template_dirs() if hooks else [])
        reads.images(document, base)
        data = render_document(
            document, profile=profile, base_dir=base, hooks=False if hooks is None else hooks
        )
        return data, reads
    assert job.template is not None
    name = job.template
    profile_name = job.profile or "nha-nuoc"
    reads.profile(profile_name)
    profile = _profile(profile_name, hooks, None)  # no document, no date: the newest version
    reads.profile(profile_name, profile)
    reads.template(name)
    template = _cached(
        ("template", name, _stamp(Path(name)), profile_name),
        lambda: resolve_template(name, profile),
    )
    rendered: bytes = template.render(
        job.context, filters=hooks.filters() if hooks is not None else None
    )
    return rendered, reads


def render_job(job: RenderJob, hooks: Hooks | None = None) -> bytes:
    """Render one job to .docx bytes (what each worker runs); ``hooks`` brings plugins'
    profiles, templates and filters."""
    return _render(job, hooks)[0]


class JobFailedError(DlxhError):
    """A job's error message, carried back from a worker process."""


def run_job(job: RenderJob, plugins: bool) -> tuple[bytes, list[list[str]]]:
    """:func:`_render` with errors a user can read, in any worker (picklable messages);
    installed plugins are loaded once per worker process."""
    try:
        hooks = default_hooks() if plugins else None
        data, reads = _render(job, hooks)
    except DlxhError as exc:
        raise JobFailedError(cut(str(exc), 2000)) from None
    except RecursionError:
        raise JobFailedError("the job's data is nested too deeply to render") from None
    except Exception as exc:  # one job's failure, whatever it is, is that job's
        raise JobFailedError(cut(f"{type(exc).__name__}: {exc}", 2000)) from None
    return data, reads.items()
