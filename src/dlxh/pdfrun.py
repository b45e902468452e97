"""Running LibreOffice so that nothing of it outlives the caller, and nothing of a dead run stays.

* **A guard per run.** Each LibreOffice run is started through :mod:`dlxh.pdfguard`, which puts
  it in a process group of its own and kills that group when the run times out, when the caller
  is interrupted (Ctrl-C, :class:`KeyboardInterrupt`), and when the caller dies without a word
  (SIGTERM without a handler, SIGKILL, the OOM killer): its pipe from the caller closes, and it
  also asks for a parent-death signal. A Ctrl-C therefore stops a conversion at once instead of
  waiting for LibreOffice's timeout.
* **Folders that say whose they are.** A converter's private folder is
  ``$TMPDIR/dlxh-pdf-<pid>-<random>``, locked (``flock``) for as long as the converter lives. A
  killed run's folder is removed by its guard; one left all the same (the machine lost power)
  is removed by the next converter, which finds it unlocked.
* **A locked-down profile.** Each LibreOffice profile starts with settings that block links to
  content outside the document (``BlockUntrustedRefererLinks``: pictures and other resources
  linked by URL or path are not fetched) and turn macros off, for every format LibreOffice
  opens; :mod:`dlxh.templating.external` removes such links from .docx files beforehand as well.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

from dlxh.lifeline import die_with_parent

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["PRIVATE_PREFIX", "Run", "make_private_folder", "remove_stale_folders", "seed_profile"]

PRIVATE_PREFIX = "dlxh-pdf-"
"""How a converter's private folder is named in the temporary folder (then its pid, a dash)."""

_GUARD = Path(__file__).with_name("pdfguard.py")
_YOUNG = 60.0
_STALE = re.compile(rf"^{re.escape(PRIVATE_PREFIX)}(\d+)-")
_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop
 oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop
 oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop
 oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
</oor:items>
"""


class Run:
    """One LibreOffice command running under its guard."""

    def __init__(self, command: list[str], log: IO[bytes], folder: Path) -> None:
        """Start ``command`` with its output in ``log``; ``folder`` is removed if the caller
        dies while it runs. Raises :class:`OSError` when it cannot be started."""
        if sys.executable:
            argv = [sys.executable, "-I", str(_GUARD), str(folder), "--", *command]
            stdin: int = subprocess.PIPE
        else:  # embedded Python without an interpreter to start: no guard, the group only
            argv, stdin = command, subprocess.DEVNULL
        self._guarded = bool(sys.executable)
        self.process = subprocess.Popen(
            argv,
            stdin=stdin,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: a Ctrl-C does not reach it
            # The guard asks for its parent-death signal itself (a preexec_fn is unsafe in a
            # threaded caller); unguarded, the launcher at least dies with the caller.
            preexec_fn=None if self._guarded else die_with_parent,  # noqa: PLW1509
        )

    def wait(self, timeout: float) -> int:
        """The exit status (128 + N for a signal N); :class:`subprocess.TimeoutExpired` when
        it runs longer than ``timeout`` seconds."""
        status = self.process.wait(timeout=timeout)
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        return status if status >= 0 else 128 - status

    def kill(self) -> None:
        """End LibreOffice and every process it started, and wait for it."""
        if self._guarded and self.process.stdin is not None:
            with contextlib.suppress(OSError, ValueError):
                self.process.stdin.write(b"k")
                self.process.stdin.flush()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            # Unguarded, the group id is the (not yet reaped) leader's pid; guarded, this only
            # ends a guard that did not answer.
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # until no process of the group is left to write
            try:
                os.killpg(self.process.pid, 0)
            except (ProcessLookupError, PermissionError):
                break
            time.sleep(0.02)


def seed_profile(profile: Path) -> None:
    """Give a LibreOffice profile folder the locked-down settings, unless it has them."""
    settings = profile / "user" / "registrymodifications.xcu"
    if not settings.exists():
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(_SETTINGS, encoding="utf-8")


def make_private_folder() -> tuple[Path, int | None]:
    """A new private folder for a converter, and the descriptor that holds its lock (None
    where locks are not available); close the descriptor when the folder is removed."""
    folder = Path(tempfile.mkdtemp(prefix=f"{PRIVATE_PREFIX}{os.getpid()}-"))
    if fcntl is None:
        return folder, None
    descriptor = os.open(folder, os.O_RDONLY)
    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return folder, descriptor


def remove_stale_folders(root: str | None = None) -> list[Path]:
    """Remove the private folders of converters that are gone; return them.

    A folder is stale when nobody holds its lock (a lock dies with its process, in any pid
    namespace that shares the folder); without locks, when no process has its pid. Only this
    user's folders are looked at.
    """
    removed = []
    base = Path(root or tempfile.gettempdir())
    try:
        candidates = [entry for entry in os.scandir(base) if _STALE.match(entry.name)]
    except OSError:
        return []
    for entry in candidates:
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
            if hasattr(os, "getuid") and entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue
        except OSError:
            continue
        folder = Path(entry.path)
        if _in_use(folder, int(_STALE.match(entry.name)[1])):  # type: ignore[index]
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _in_use(folder: Path, pid: int) -> bool:
    """Whether the converter that made ``folder`` may still be alive: its pid runs, the folder
    is younger than a minute (made a moment ago, its lock not yet taken), or it is locked."""
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        pass
    except OSError:
        return True
    try:
        if time.time() - folder.stat().st_mtime < _YOUNG:
            return True
    except OSError:
        return True
    if fcntl is None:
        return False
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return True
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(descriptor)  # releases the lock just taken, if it was
    return False
