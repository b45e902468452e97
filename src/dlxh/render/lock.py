"""One batch at a time per output: a lock file next to the zip, or inside the folder.

Two batches writing the same zip both gather its old members, both write their own
``.partial`` and both rename it over the zip at the end: both report success, and the documents
of whichever finished first are gone. So a batch takes an exclusive, non-blocking lock
(``flock``) on ``OUT.zip.lock`` or ``OUT/.dlxh-batch.lock`` before it reads or changes anything,
and a second batch is refused at once with a message that says so. The kernel drops the lock
when its holder dies, however it dies, so a killed batch never leaves a stale lock.

The lock file is removed when the batch ends. A batch that opened the file just before it was
removed would lock a file no longer in the folder, so after locking, the holder checks that the
name still leads to the file it locked, and starts again if not.

Where ``fcntl`` does not exist (Windows) ``msvcrt.locking`` takes the first byte instead. Locks
on network file systems are only as good as the server's; give each machine its own output.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO

from dlxh.errors import InputError

__all__ = ["OutputLock"]

try:
    import fcntl
except ImportError:  # pragma: no cover (Windows)
    fcntl = None  # type: ignore[assignment]


def _try_lock(stream: IO[bytes]) -> bool:
    if fcntl is not None:
        try:
            fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
    import msvcrt  # noqa: PLC0415  # pragma: no cover (Windows)

    try:  # pragma: no cover
        msvcrt.locking(stream.fileno(), msvcrt.LK_NBLCK, 1)
    except OSError:  # pragma: no cover
        return False
    return True  # pragma: no cover


class OutputLock:
    """An exclusive lock on ``path`` (a lock file), held until :meth:`release`; ``output`` is
    the batch output named in the error when another batch holds it."""

    def __init__(self, path: Path, output: Path) -> None:
        self.path = path
        for _ in range(20):
            try:
                stream = path.open("a+b")
            except OSError as exc:
                raise InputError(f"cannot lock: {exc.strerror or exc}", path=path) from None
            if not _try_lock(stream):
                stream.close()
                raise InputError(
                    f"another batch is writing to {output}; wait for it to finish "
                    f"(or end it) and run this one again"
                )
            try:
                same = os.path.samestat(os.fstat(stream.fileno()), os.stat(path))
            except OSError:
                same = False
            if same:
                self.stream: IO[bytes] | None = stream
                return
            stream.close()  # removed by the batch that held it: lock the new one
        raise InputError(f"cannot lock {path}: it keeps being removed", path=path)

    def release(self) -> None:
        """Remove the lock file and unlock (in that order: see the module's note)."""
        if self.stream is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        self.stream.close()
        self.stream = None
