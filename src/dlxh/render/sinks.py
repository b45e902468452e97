"""Where a batch's documents go: a folder, or a zip, each written so that no run loses another's.

Both record, for each output, what it was made from (the job's fingerprint and the files it
read, :mod:`dlxh.render.inputs`): in ``.dlxh-batch.jsonl`` in the folder, or in a private extra
field of each zip member. Resuming reuses an output only when that record still matches.

Both are locked for the whole run (:mod:`dlxh.render.lock`), clean what a killed run left
(temporary ``.tmp`` files, a half-gathered ``.gather``) and leave nothing half-written:

* a folder's files are written atomically; a file that exists but was not written by a dlxh
  batch is that job's error unless ``overwrite``;
* a zip is built as ``NAME.zip.partial`` and renamed over ``NAME.zip`` only when the batch is
  complete, so an interrupted run (resumed or not) keeps the previous zip whole. Members of the
  previous zip that no job of this run asks for are kept when a dlxh batch wrote them; a zip
  holding anything else (a member without dlxh's record, or a file that is not a zip) is
  refused before anything changes, unless ``overwrite`` (then the zip holds this run's
  documents only).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from dlxh.atomic import atomic_write
from dlxh.errors import InputError
from dlxh.files import check_regular
from dlxh.quoting import quote
from dlxh.render.lock import OutputLock

__all__ = ["MANIFEST", "FolderSink", "ZipSink"]

MANIFEST = ".dlxh-batch.jsonl"
_LOCK = ".dlxh-batch.lock"
_META_ID = 0x584C  # the private zip extra field ("LX") holding a member's record, as JSON
_OLD_ID = 0x4C44  # the field of dlxh before 0.x records: a bare digest (never reused, kept)
_META_LIMIT = 30_000  # bytes of record per member (the whole extra field is at most 65,535)
_STALE_TMP = re.compile(r"^\..+\.(docx|jsonl)\.[a-z0-9_]{8}\.tmp$")

Meta = dict[str, Any]
Check = Callable[[Meta], bool]


def _valid_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist() and archive.testzip() is None
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError):
        return False


class FolderSink:
    """Documents written as files; the manifest in the folder records which job made each."""

    def __init__(self, root: Path, *, overwrite: bool = False) -> None:
        if root.exists() and not root.is_dir():
            raise InputError("exists and is not a folder", path=root)
        if not root.parent.is_dir():
            raise InputError(f"folder {root.parent} does not exist", path=root)
        try:
            root.mkdir(exist_ok=True)
        except OSError as exc:
            raise InputError(
                f"cannot create the folder: {exc.strerror or exc}", path=root
            ) from None
        self.root = root
        self.overwrite = overwrite
        self.lock = OutputLock(root / _LOCK, root)
        try:
            _regular_or_absent(root / MANIFEST)
            _clean_stale(root)
            self.made = self._load()
            self.manifest = os.open(root / MANIFEST, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except BaseException:
            self.lock.release()
            raise
        self.dirty = False

    def _load(self) -> dict[str, Meta | None]:
        """Last record per output (``None``: claimed by a write that may not have finished);
        the manifest is rewritten compactly when most of its lines are stale."""
        made: dict[str, Meta | None] = {}
        path = self.root / MANIFEST
        if not path.is_file():
            return made
        lines = 0
        with path.open("rb") as stream:
            for raw in stream:
                lines += 1
                with contextlib.suppress(ValueError, KeyError, TypeError, AttributeError):
                    entry = json.loads(raw)
                    job = entry.get("job")
                    made[str(entry["output"])] = (
                        {"job": job, "inputs": entry.get("inputs")}
                        if isinstance(job, str)
                        else None
                    )
        if lines > 2 * len(made) + 100:
            text = "".join(
                json.dumps({"output": name, **(meta or {"job": None})}, ensure_ascii=False) + "\n"
                for name, meta in made.items()
            )
            atomic_write(path, text.encode("utf-8", "surrogatepass"))
        return made

    def _record(self, name: str, meta: Meta | None) -> None:
        entry = {"output": name, **(meta or {"job": None})}
        line = json.dumps(entry, ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n"
        if self.dirty:  # a record cut short by a full disk must not swallow this one
            line = b"\n" + line
        self.dirty = True
        view = memoryview(line)
        while view:
            view = view[os.write(self.manifest, view) :]
        self.dirty = False
        self.made[name] = meta

    def reuse(self, name: str, check: Check) -> bool:
        meta = self.made.get(name)
        if meta is None or not check(meta):
            return False
        target = self.root / name
        try:
            return target.is_file() and _valid_docx(target.read_bytes())
        except OSError:
            return False

    def write(self, name: str, data: bytes, meta: Meta) -> None:
        """Write one document (an error here is that job's error, and the batch goes on)."""
        target = self.root / name
        if not target.resolve().is_relative_to(self.root.resolve()):
            raise InputError("leads outside the output folder (through a link)", path=target)
        if (
            name not in self.made
            and (target.exists() or target.is_symlink())
            and not self.overwrite
        ):
            raise InputError(
                "exists and was not written by a dlxh batch; remove it, or give --overwrite "
                "(overwrite=True) to replace it",
                path=target,
            )
        self._record(name, None)  # claimed: an interrupted write is never taken for done
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, data)
        self._record(name, meta)

    def close(self, complete: bool = True) -> None:
        del complete  # every file is complete on its own
        with contextlib.suppress(OSError):
            os.close(self.manifest)
        self.lock.release()


def _regular_or_absent(path: Path) -> None:
    """Refuse a FIFO, a device or a folder where the batch keeps a file (opening a FIFO would
    block the batch, a device would never end)."""
    if path.exists():
        check_regular(path, "batch output file")


def _clean_stale(root: Path) -> None:
    """Remove the temporary files a killed run left (``.NAME.docx.abcd1234.tmp``): with the
    lock held, no other batch can be writing them."""
    for folder, _, files in os.walk(root):
        for name in files:
            if _STALE_TMP.match(name):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))


# -- zips ------------------------------------------------------------------------------------


def _info(name: str, meta: Meta) -> zipfile.ZipInfo:
    if "\x00" in name:
        raise InputError(f"zip member {quote(name)}: contains a NUL character")
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    record = json.dumps(meta, separators=(",", ":"), ensure_ascii=False).encode()
    if len(record) > _META_LIMIT:  # too many files to list: the member is rendered every time
        record = json.dumps({"job": meta.get("job"), "inputs": None}).encode()
    info.extra = struct.pack("<HH", _META_ID, len(record)) + record
    return info


def _meta_of(extra: bytes) -> Meta | None:
    """The record in a member's extra fields; ``None`` when dlxh did not write it."""
    position = 0
    while position + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, position)
        body = extra[position + 4 : position + 4 + size]
        if kind == _META_ID:
            with contextlib.suppress(ValueError):
                meta = json.loads(body)
                if isinstance(meta, dict):
                    return meta
            return {"job": None}
        if kind == _OLD_ID:
            return {"job": None}
        position += 4 + size
    return None


class _Member:
    __slots__ = ("crc", "meta", "offset", "size", "source")

    def __init__(self, source: IO[bytes], offset: int, size: int, crc: int, meta: Meta) -> None:
        self.source, self.offset, self.size, self.crc, self.meta = source, offset, size, crc, meta

    def data(self) -> bytes | None:
        """The member's bytes if they are whole and a .docx."""
        self.source.seek(self.offset)
        data = self.source.read(self.size)
        if len(data) != self.size or zlib.crc32(data) != self.crc or not _valid_docx(data):
            return None
        return data


def _scan(stream: IO[bytes]) -> Iterator[tuple[str, _Member]]:
    """The members of a zip that may be cut short, read from their local headers in order, up
    to the first that is incomplete or not stored as dlxh stores."""
    end = os.fstat(stream.fileno()).st_size
    while True:
        header = stream.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            return
        flags, method, crc, size = struct.unpack_from("<xxxxxxHH4xIxxxxI", header)
        name_length, extra_length = struct.unpack_from("<HH", header, 26)
        raw = stream.read(name_length)
        extra = stream.read(extra_length)
        meta = _meta_of(extra)
        if method != zipfile.ZIP_STORED or flags & 0x8 or meta is None:
            return
        offset = stream.tell()
        if offset + size > end:
            return
        stream.seek(offset + size)
        yield (
            raw.decode("utf-8" if flags & 0x800 else "cp437", "replace"),
            _Member(stream, offset, size, crc, meta),
        )


def _finished_members(path: Path, stream: IO[bytes]) -> tuple[list[tuple[str, _Member]], list[str]]:
    """(dlxh's members, names of the others) of a complete zip, from its central directory."""
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        if path.stat().st_size == 0:
            return [], []
        return [], ["(the file is not a zip)"]
    ours, others = [], []
    with archive:
        for info in archive.infolist():
            meta = _meta_of(info.extra)
            if meta is None or info.compress_type != zipfile.ZIP_STORED:
                others.append(info.filename)
                continue
            stream.seek(info.header_offset)
            header = stream.read(30)
            if len(header) < 30 or header[:4] != b"PK\x03\x04":
                others.append(info.filename)
                continue
            name_length, extra_length = struct.unpack_from("<HH", header, 26)
            offset = info.header_offset + 30 + name_length + extra_length
            ours.append(
                (info.filename, _Member(stream, offset, info.compress_size, info.CRC, meta))
            )
    return ours, others


class ZipSink:
    """Documents appended to ``NAME.zip.partial`` as they finish (stored: a .docx is already
    compressed), renamed over ``NAME.zip`` when the batch is complete.

    Earlier output is read where it lies: the previous zip, and ``NAME.zip.previous`` (what an
    interrupted run had written). Members are copied from there when their job asks for them
    unchanged, and at the end when no job asked for them.
    """

    def __init__(self, path: Path, *, overwrite: bool = False) -> None:
        if path.is_dir():
            raise InputError("is a folder, expected a .zip file", path=path)
        if not path.parent.is_dir():
            raise InputError(f"folder {path.parent} does not exist", path=path)
        self.path = path
        self.overwrite = overwrite
        self.partial = path.with_name(path.name + ".partial")
        self.previous = path.with_name(path.name + ".previous")
        self.gather = path.with_name(path.name + ".gather")
        self.lock = OutputLock(path.with_name(path.name + ".lock"), path)
        self.streams: list[IO[bytes]] = []
        self.known: dict[str, _Member] = {}
        self.used: set[str] = set()
        try:
            self._open()
        except BaseException:
            self._close_sources()
            self.lock.release()
            raise

    def _open(self) -> None:
        for file in (self.path, self.partial, self.previous):
            _regular_or_absent(file)
        finished: list[tuple[str, _Member]] = []
        if self.path.exists():
            stream = self.path.open("rb")
            self.streams.append(stream)
            finished, others = _finished_members(self.path, stream)
            if others and not self.overwrite:
                listed = ", ".join(quote(name, 80) for name in others[:3])
                more = f" and {len(others) - 3} more" if len(others) > 3 else ""
                raise InputError(
                    f"holds {len(others)} file(s) a dlxh batch did not write ({listed}{more}); "
                    "choose another output, or give --overwrite (overwrite=True) to replace "
                    "the zip with this batch's documents",
                    path=self.path,
                )
        self.gather.unlink(missing_ok=True)  # what a run killed while gathering left
        if self.partial.exists() and self.previous.exists():
            self._merge(self.partial, self.previous)
        elif self.partial.exists():
            os.replace(self.partial, self.previous)
        if self.previous.exists():
            stream = self.previous.open("rb")
            self.streams.append(stream)
            for name, member in _scan(stream):
                self.known.setdefault(name, member)
        for name, member in finished:
            self.known.setdefault(name, member)
        self.archive = zipfile.ZipFile(self.partial, "w", zipfile.ZIP_STORED, allowZip64=True)

    def _merge(self, newer: Path, older: Path) -> None:
        """Two interrupted runs in a row: their members (the newer first) into ``.previous``."""
        seen: set[str] = set()
        with (
            newer.open("rb") as first,
            older.open("rb") as second,
            zipfile.ZipFile(self.gather, "w", zipfile.ZIP_STORED, allowZip64=True) as out,
        ):
            for stream in (first, second):
                for name, member in list(_scan(stream)):
                    data = None if name in seen else member.data()
                    if data is not None:
                        seen.add(name)
                        out.writestr(_info(name, member.meta), data)
        os.replace(self.gather, older)
        newer.unlink()

    def reuse(self, name: str, check: Check) -> bool:
        member = self.known.get(name)
        if member is None or not check(member.meta):
            return False
        data = member.data()
        if data is None:
            return False
        self._add(name, data, member.meta)
        return True

    def write(self, name: str, data: bytes, meta: Meta) -> None:
        self._add(name, data, meta)

    def _add(self, name: str, data: bytes, meta: Meta) -> None:
        """Append one member; on a write error (a full disk) the zip is cut back to where it
        was, so the error is this member's alone."""
        archive = self.archive
        start, count = archive.start_dir, len(archive.filelist)
        try:
            archive.writestr(_info(name, meta), data)
            if archive.fp is not None:
                archive.fp.flush()  # a crash now loses at most the member being written
        except OSError:
            del archive.filelist[count:]
            archive.NameToInfo.pop(name, None)
            archive.start_dir = start
            if archive.fp is not None:
                with contextlib.suppress(OSError):
                    archive.fp.seek(start)
                    archive.fp.truncate()
            raise
        self.used.add(name)

    def close(self, complete: bool = True) -> None:
        """Finish the zip: with ``complete``, add the earlier members no job asked for (unless
        ``overwrite``) and replace the zip; otherwise keep ``.partial`` and ``.previous`` for
        the next run."""
        try:
            try:
                if complete and not self.overwrite:
                    for name, member in self.known.items():
                        if name not in self.used:
                            data = member.data()
                            if data is not None:
                                self._add(name, data, member.meta)
            finally:
                self.archive.close()
            if complete:
                fd = os.open(self.partial, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
                os.replace(self.partial, self.path)
                self.previous.unlink(missing_ok=True)
        finally:
            self._close_sources()
            self.lock.release()

    def _close_sources(self) -> None:
        for stream in self.streams:
            stream.close()
        self.streams = []
