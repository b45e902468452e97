"""The guard of one LibreOffice run: it ends LibreOffice when its caller ends, however it ends.

``soffice`` is a launcher: it starts ``oosplash``, which starts ``soffice.bin``. A parent-death
signal (``PR_SET_PDEATHSIG``) reaches only the direct child and is not inherited, so a dlxh
process killed by SIGTERM or SIGKILL would leave ``soffice.bin`` converting (or hanging on a
hostile document) and its profile folder on disk. So :mod:`dlxh.pdfrun` starts this small
program instead, which starts the command in a process group of its own and waits for whichever
comes first:

* the command ends: the guard exits with its status (128 + N for a signal N);
* the caller writes ``k`` on the guard's standard input (a timeout, an interrupt): the guard
  kills the command's whole group and exits;
* the caller is gone (its end of the pipe closes, which the kernel does for a dead process, or
  the kernel's parent-death signal arrives): the guard kills the group and removes the caller's
  private folder (profiles and work files), then exits.

The guard is the parent of the group's leader and reaps it only after the kill, so the group id
cannot have been reused by then. It imports nothing but the standard library and is started by
path (``python -I pdfguard.py``): importing dlxh would add a second to every conversion.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from types import FrameType

__all__ = ["main"]

_PR_SET_PDEATHSIG = 1
_POLL = 0.1
_GONE = 5.0  # seconds to wait for a killed group to be gone


_signals: set[int] = set()  # the stop requests received


def _on_signal(signum: int, frame: FrameType | None) -> None:
    """Only note the request: an exception raised from a handler can land between a lock's
    acquire and its ``try`` (``Popen.poll`` has such a spot), and the clean-up's ``wait`` would
    then block on that lock for ever. The wake-up pipe ends the ``select`` at once."""
    _signals.add(signum)


def _die_with_parent() -> None:
    """SIGTERM when the caller's thread ends (Linux); the handler then cleans up."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def _kill(child: subprocess.Popen[bytes]) -> None:
    """Kill the command's group and wait until none of it is left: a process killed in the
    middle of a rename could otherwise put a file back into a folder being removed."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    deadline = time.monotonic() + _GONE
    while time.monotonic() < deadline:
        try:
            os.killpg(child.pid, 0)  # the group outlives its reaped leader while members live
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.02)


def _remove(folder: str) -> None:
    for _ in range(5):
        shutil.rmtree(folder, ignore_errors=True)
        if not os.path.exists(folder):
            return
        time.sleep(0.05)


def main(argv: list[str]) -> int:
    """``pdfguard.py FOLDER -- COMMAND...``: run COMMAND; FOLDER goes if the caller dies."""
    if len(argv) < 3 or argv[1] != "--":
        print("usage: pdfguard.py FOLDER -- COMMAND...", file=sys.stderr)
        return 2
    folder, command = argv[0], argv[2:]
    parent = os.getppid()
    wake, woken = os.pipe()
    os.set_blocking(woken, False)
    signal.set_wakeup_fd(woken)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, _on_signal)
    _die_with_parent()
    if os.getppid() != parent:  # the caller died before the request took effect
        _remove(folder)
        return 1
    try:
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, start_new_session=True)
    except OSError as exc:
        print(f"cannot start {command[0]}: {exc.strerror or exc}", file=sys.stderr)
        return 127
    orphaned: bool | None = None  # a signal: from the kernel when the caller died, or anyone
    while not _signals:
        readable, _, _ = select.select([sys.stdin.fileno(), wake], [], [], _POLL)
        status = child.poll()
        if status is not None:
            return status if status >= 0 else 128 - status
        if sys.stdin.fileno() in readable:
            orphaned = not os.read(sys.stdin.fileno(), 1)  # end of file: the caller died
            break
        if wake in readable:
            with contextlib.suppress(BlockingIOError):
                os.read(wake, 64)
    _ignore_signals()  # nothing may stop the clean-up half-way
    _kill(child)
    if orphaned is None:
        orphaned = _caller_gone(parent)
    if orphaned:
        _remove(folder)
    return 137


def _ignore_signals() -> None:
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)


def _caller_gone(parent: int) -> bool:
    """Whether the caller has died, waiting a moment for it: the parent-death signal comes when
    the caller's *thread* ends, a little before the process is gone and its end of the pipe
    closes."""
    deadline = time.monotonic() + _GONE
    while time.monotonic() < deadline:
        if os.getppid() != parent:
            return True
        readable, _, _ = select.select([sys.stdin.fileno()], [], [], _POLL)
        if readable:
            return not os.read(sys.stdin.fileno(), 1)
    return False


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
