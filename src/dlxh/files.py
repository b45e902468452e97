"""Reading files that anyone may have written: regular files only, never more than a bound.

A size check on ``stat().st_size`` trusts the file system: ``/dev/zero`` reports 0 bytes and then
never ends, and a FIFO reports 0 and blocks until a writer comes. Every reader of user input in
dlxh goes through :func:`read_regular`, which refuses anything that is not a regular file before
opening it (so a FIFO is never opened, which is what would block) and reads at most ``limit + 1``
bytes whatever the size claims, so a file that grows while it is read is refused too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from dlxh.errors import InputError

__all__ = ["check_regular", "read_regular"]


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_regular(path: str | os.PathLike[str], what: str = "file") -> Path:
    """``path`` as a :class:`~pathlib.Path` if it names an existing regular file (symlinks
    followed); otherwise an :class:`~dlxh.errors.InputError` saying what it is instead."""
    file = Path(path)
    try:
        mode = file.stat().st_mode
    except FileNotFoundError:
        raise InputError(f"no such {what}", path=file) from None
    except OSError as exc:
        raise InputError(f"cannot read {what}: {exc.strerror or exc}", path=file) from None
    if not stat.S_ISREG(mode):
        raise InputError(f"is {_kind(mode)}, expected a regular {what}", path=file)
    return file


def read_regular(path: str | os.PathLike[str], limit: int, what: str = "file") -> bytes:
    """The bytes of the regular file ``path``, refused with an :class:`~dlxh.errors.InputError`
    when it is not a regular file or holds more than ``limit`` bytes.

    The file is opened without blocking and checked again through its descriptor, so a FIFO
    swapped in after :func:`check_regular` cannot hang the reader.
    """
    file = check_regular(path, what)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(file, flags)
    except OSError as exc:
        raise InputError(f"cannot read {what}: {exc.strerror or exc}", path=file) from None
    with os.fdopen(fd, "rb") as stream:
        mode = os.fstat(stream.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"is {_kind(mode)}, expected a regular {what}", path=file)
        try:
            data = stream.read(limit + 1)
        except OSError as exc:
            raise InputError(f"cannot read {what}: {exc.strerror or exc}", path=file) from None
    if len(data) > limit:
        raise InputError(f"{what} is larger than {limit:,} bytes", path=file)
    return data
