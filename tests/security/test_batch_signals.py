"""A batch stopped by SIGKILL, SIGTERM or Ctrl-C leaves no process behind (workers, fork server,
resource tracker), so whoever waits for the end of its output is not kept waiting; the next run
cleans what the stopped one left and finishes the work.

Each victim runs in a subprocess with a marker in its environment, inherited by every process it
starts; a leftover is any live process whose environment still carries the marker.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
import zipfile
from pathlib import Path

import pytest

from dlxh.render import RenderJob, render_many
from render_cases import big_table_case

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="finds leftover processes through /proc"
)

VICTIM = textwrap.dedent(
    """
    import os, re, sys, time
    from pathlib import Path
    from dlxh.render import jobrender as batch

    original = batch._render

    def slow(job, hooks=None):
        Path(os.environ["VICTIM_STARTED"]).touch()
        if job.output.startswith("ket"):
            re.fullmatch(r"(a+)+b", "a" * 64)  # stuck in C code, holding the interpreter
        time.sleep(0.2)
        return original(job, hooks)

    batch._render = slow  # at import: spawned workers and a fork server import this too

    if __name__ == "__main__":
        if sys.argv[1] == "cli":
            from dlxh.cli import main
            sys.argv = ["dlxh", *sys.argv[2:]]
            main()
        else:
            from dlxh.render import RenderJob, render_many
            method, out, template = sys.argv[2:5]
            context = {"title": "T", "rows": []}
            names = ["ket.docx", *(f"{n:03d}.docx" for n in range(300))]
            jobs = (RenderJob(name, template=template, context=context) for name in names)
            render_many(jobs, out, workers=2, start_method=method, plugins=False)
    """
)


def marked(token: str) -> list[int]:
    """Live processes whose environment carries ``token`` (zombies have none: they hold
    nothing open)."""
    found = []
    needle = f"DLXH_VICTIM={token}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


class Victim:
    def __init__(self, folder: Path, *args: str) -> None:
        self.token = uuid.uuid4().hex
        self.started = folder / f"started-{self.token}"
        script = folder / "victim.py"
        script.write_text(VICTIM, encoding="utf-8")
        env = {**os.environ, "DLXH_VICTIM": self.token, "VICTIM_STARTED": str(self.started)}
        env["DLXH_NO_ENTRY_POINTS"] = "1"
        self.process = subprocess.Popen(
            [sys.executable, str(script), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,  # its own group: Ctrl-C is sent to the group
        )

    def wait_until_busy(self, processes: int) -> None:
        """Until a job has started and ``processes`` processes carry the marker."""
        deadline = time.monotonic() + 60
        while not (self.started.exists() and len(marked(self.token)) >= processes):
            if self.process.poll() is not None:
                raise AssertionError(self.process.communicate())
            assert time.monotonic() < deadline, "the victim never got busy"
            time.sleep(0.05)
        time.sleep(0.3)

    def stop(self, sig: int, group: bool = False) -> tuple[int, str]:
        """Send ``sig``; (exit status, standard error) once both pipes reached end of file."""
        if group:
            os.killpg(self.process.pid, sig)
        else:
            self.process.send_signal(sig)
        start = time.monotonic()
        try:
            _, err = self.process.communicate(timeout=10)  # end of file on stdout and stderr
        except subprocess.TimeoutExpired:
            self.process.kill()
            for pid in marked(self.token):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            raise AssertionError("the victim's output stayed open: a child kept it") from None
        assert time.monotonic() - start < 10
        return self.process.returncode, err.decode(errors="replace")

    def assert_no_leftovers(self) -> None:
        deadline = time.monotonic() + 5
        while marked(self.token) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = marked(self.token)
        for pid in left:  # so that a failing test leaves nothing running either
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        assert left == [], "processes outlived the batch"


def _jobs(folder: Path, count: int) -> Path:
    (folder / "bang.docx").write_bytes(big_table_case(2).template)
    lines = [{"output": "ket.docx", "template": "bang.docx", "context": {"title": "", "rows": []}}]
    lines += [
        {"output": f"{n:03d}.docx", "template": "bang.docx", "context": {"title": "", "rows": []}}
        for n in range(count)
    ]
    path = folder / "jobs.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    return path


def _leftover_files(folder: Path) -> list[str]:
    suffixes = (".tmp", ".gather", ".partial", ".previous", ".lock")
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(suffixes))


def _finish_normally(jobs: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """The same batch again, as ``dlxh`` runs it (no job is slow now)."""
    argv = [sys.executable, "-m", "dlxh", "render", "--batch", str(jobs), "-o", str(out)]
    argv += ["--workers", "2"]
    env = {**os.environ, "DLXH_NO_ENTRY_POINTS": "1"}
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env, check=False)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_cli_batch_leaves_no_process_and_the_next_run_finishes(
    tmp_path: Path, sig: int
) -> None:
    jobs = _jobs(tmp_path, 200)
    out = tmp_path / "bo.zip"
    victim = Victim(
        tmp_path, "cli", "render", "--batch", str(jobs), "-o", str(out), "--workers", "2"
    )
    victim.wait_until_busy(3)  # the batch and its two workers
    code, err = victim.stop(sig)
    victim.assert_no_leftovers()
    if sig == signal.SIGTERM:
        assert code == 143, err
        assert "interrupted" in err and "Traceback" not in err
        assert not (tmp_path / "bo.zip.lock").exists()  # the batch cleaned up after itself
    else:
        assert code == -signal.SIGKILL
    assert not out.exists()
    assert (tmp_path / "bo.zip.partial").exists()  # what it finished, for the next run
    if sig == signal.SIGTERM:
        assert not (tmp_path / "bo.zip.gather").exists()
        return
    (tmp_path / "bo.zip.gather").write_bytes(b"half gathered")  # as a kill while gathering
    done = _finish_normally(jobs, out)
    assert done.returncode == 0, done.stderr
    assert "0 failed" in done.stdout and "already done" in done.stdout
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        names = ["ket.docx", *(f"{n:03d}.docx" for n in range(200))]
        assert sorted(archive.namelist()) == sorted(names)
    assert _leftover_files(tmp_path) == []


def test_ctrl_c_stops_at_once_and_leaves_nothing_running(tmp_path: Path) -> None:
    jobs = _jobs(tmp_path, 200)
    out = tmp_path / "out"
    victim = Victim(
        tmp_path, "cli", "render", "--batch", str(jobs), "-o", str(out), "--workers", "2"
    )
    victim.wait_until_busy(3)
    start = time.monotonic()
    code, err = victim.stop(signal.SIGINT, group=True)  # a terminal sends it to the group
    assert time.monotonic() - start < 5
    victim.assert_no_leftovers()
    assert code == 130 and "interrupted" in err and "Traceback" not in err
    assert _leftover_files(tmp_path) == []


@pytest.mark.parametrize("method", ["fork", "forkserver", "spawn"])
def test_render_many_workers_die_with_a_killed_parent(tmp_path: Path, method: str) -> None:
    template = tmp_path / "bang.docx"
    template.write_bytes(big_table_case(2).template)
    victim = Victim(tmp_path, "library", method, str(tmp_path / "out.zip"), str(template))
    victim.wait_until_busy(3 if method != "forkserver" else 4)
    code, _ = victim.stop(signal.SIGKILL)
    assert code == -signal.SIGKILL
    victim.assert_no_leftovers()  # workers, and the fork server and resource tracker


def test_temporary_files_of_a_killed_run_are_cleaned_by_the_next(tmp_path: Path) -> None:
    template = tmp_path / "bang.docx"
    template.write_bytes(big_table_case(2).template)
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    stale = [out / ".001.docx.abc_1234.tmp", out / "sub" / ".x.docx.k9f0a2zq.tmp"]
    stale.append(out / ".dlxh-batch.jsonl.zz_1xy00.tmp")
    for path in stale:
        path.write_bytes(b"half a document")
    mine = [out / "ghi-chu.tmp", out / ".ghi-chu.txt.abcdefgh.tmp"]  # not dlxh's: left alone
    for path in mine:
        path.write_text("a user's note", encoding="utf-8")
    job = RenderJob("001.docx", template=str(template), context={"title": "", "rows": []})
    with cf.ThreadPoolExecutor(1) as pool:
        assert render_many([job], out, pool, plugins=False).written == ["001.docx"]
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in mine)
