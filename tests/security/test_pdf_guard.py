"""The guard of a LibreOffice run ends its command however and whenever it is stopped.

These run the guard on a stand-in command (a shell that sleeps), so they need no LibreOffice and
can stop it at random moments. A signal that arrived while the guard polled its child once left
the guard waiting for ever on a lock the interrupted poll still held; that window is too narrow
for a test to hit reliably (test_pdf_external's stopping test hit it about once in ten runs on a
loaded machine), so these check the behaviour around it. Each stop by a signal costs the guard
its 5 s wait to learn whether its caller died, hence few attempts.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import dlxh.pdfrun

GUARD = Path(dlxh.pdfrun.__file__).with_name("pdfguard.py")
linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc")


def _start(folder: Path, seconds: str = "60") -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-I", str(GUARD), str(folder), "--", "sleep", seconds],
        stdin=subprocess.PIPE,
        start_new_session=True,
    )


def _children(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def _sleep_started(guard: subprocess.Popen[bytes], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _children(guard.pid):
            return True
        time.sleep(0.01)
    return False


@linux
def test_a_signal_at_any_moment_ends_the_guard_and_its_command(tmp_path: Path) -> None:
    chooser = random.Random(20261201)
    for attempt in range(6):
        folder = tmp_path / f"run-{attempt}"
        folder.mkdir()
        guard = _start(folder)
        try:
            assert _sleep_started(guard), "the guard did not start its command"
            time.sleep(chooser.uniform(0, 0.25))  # anywhere in the guard's 0.1 s polling
            command = _children(guard.pid)
            guard.send_signal(chooser.choice([signal.SIGTERM, signal.SIGINT, signal.SIGHUP]))
            assert guard.wait(timeout=15) == 137, f"attempt {attempt}"
            for pid in command:  # the command's group was killed, not left sleeping
                assert not Path(f"/proc/{pid}").exists() or _state(pid) == "Z"
            assert folder.exists()  # its caller lives: the folder is the caller's to remove
        finally:
            if guard.poll() is None:
                os.killpg(guard.pid, signal.SIGKILL)
                guard.wait()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


@linux
def test_a_k_on_its_input_ends_the_command(tmp_path: Path) -> None:
    guard = _start(tmp_path)
    assert _sleep_started(guard)
    assert guard.stdin is not None
    guard.stdin.write(b"k")
    guard.stdin.flush()
    assert guard.wait(timeout=15) == 137
    assert tmp_path.exists()


@linux
def test_the_end_of_its_input_means_the_caller_died(tmp_path: Path) -> None:
    folder = tmp_path / "private"
    folder.mkdir()
    guard = _start(folder)
    assert _sleep_started(guard)
    assert guard.stdin is not None
    guard.stdin.close()  # what the kernel does for a caller that dies
    assert guard.wait(timeout=15) == 137
    assert not folder.exists()


def test_a_command_that_ends_gives_its_status(tmp_path: Path) -> None:
    guard = subprocess.Popen(
        [sys.executable, "-I", str(GUARD), str(tmp_path), "--", "sh", "-c", "exit 3"],
        stdin=subprocess.PIPE,
    )
    assert guard.wait(timeout=15) == 3
