"""Batch rendering under hostile jobs, outputs and neighbours: every failure is one job's error,
every job is bounded in time (and optionally memory), no run loses another run's documents,
and resuming renders again whatever a job read that changed."""

from __future__ import annotations

import concurrent.futures as cf
import errno
import io
import json
import os
import subprocess
import sys
import textwrap
import time
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest

from cli_runner import run
from dlxh import InputError
from dlxh.io import load
from dlxh.models import Document
from dlxh.render import JobError, RenderJob, jobrender, read_jobs, render_many, templates_dir
from dlxh.render import sinks as sinks_module
from render_cases import big_table_case, png

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "documents" / "07-cong-van-ubnd-xa.yaml"
FORK = "fork" if sys.platform.startswith("linux") else None


@pytest.fixture
def table(tmp_path: Path) -> Path:
    path = tmp_path / "bang.docx"
    path.write_bytes(big_table_case(2).template)
    return path


def table_job(template: Path, output: str, title: str = "T") -> RenderJob:
    context = {**big_table_case(2).context(None), "title": title}
    return RenderJob(output, template=str(template), context=context)


def text_of(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode()


def threads() -> cf.ThreadPoolExecutor:
    return cf.ThreadPoolExecutor(2)


# -- 1. per-job time and memory -------------------------------------------------------------


_REAL_RENDER = jobrender._render


def _slow(job: RenderJob, hooks: Any = None) -> Any:
    if "cham" in job.output:
        time.sleep(60)
    return _REAL_RENDER(job, hooks)


@pytest.mark.skipif(FORK is None, reason="the patched job reaches workers by fork")
def test_a_hanging_job_times_out_its_worker_is_replaced_and_the_batch_goes_on(
    tmp_path: Path, table: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobrender, "_render", _slow)
    jobs = [
        table_job(table, "a.docx"),
        table_job(table, "cham.docx"),
        *(table_job(table, f"sau-{n}.docx") for n in range(3)),
    ]
    start = time.monotonic()
    result = render_many(
        jobs, tmp_path / "out", workers=1, start_method=FORK, job_timeout=0.5, plugins=False
    )
    assert time.monotonic() - start < 15
    assert sorted(result.written) == ["a.docx", "sau-0.docx", "sau-1.docx", "sau-2.docx"]
    (error,) = result.errors
    assert error.output == "cham.docx" and error.index == 1
    assert "took longer than 0.5 s" in error.message and "worker was stopped" in error.message


def test_a_job_on_a_callers_executor_times_out_too(tmp_path: Path, table: Path) -> None:
    original = jobrender._render

    def slow(job: RenderJob, hooks: Any = None) -> Any:
        if "cham" in job.output:
            time.sleep(1.5)
        return original(job, hooks)

    jobrender._render = slow
    try:
        with threads() as pool:
            start = time.monotonic()
            jobs = [table_job(table, "cham.docx"), table_job(table, "b.docx")]
            result = render_many(jobs, tmp_path / "out", pool, job_timeout=0.3, plugins=False)
            elapsed = time.monotonic() - start
    finally:
        jobrender._render = original
    assert elapsed < 1.2
    assert result.written == ["b.docx"]
    assert "did not finish within 0.3 s" in result.errors[0].message


def _virtual_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmSize")


def _greedy(job: RenderJob, hooks: Any = None) -> Any:
    if "tham" in job.output:
        hoard = bytearray(8 * 1024**3)  # far past the cap
        del hoard
    return _REAL_RENDER(job, hooks)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmSize from /proc")
def test_a_worker_memory_cap_turns_a_greedy_job_into_its_error(
    tmp_path: Path, table: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobrender, "_render", _greedy)
    jobs = [table_job(table, "tham.docx"), table_job(table, "b.docx"), table_job(table, "c.docx")]
    cap = _virtual_bytes() + 1024**3  # the forked worker starts at the parent's size
    result = render_many(
        jobs, tmp_path / "out", workers=1, start_method=FORK, memory_limit=cap, plugins=False
    )
    assert sorted(result.written) == ["b.docx", "c.docx"]
    assert result.errors[0].output == "tham.docx" and "MemoryError" in result.errors[0].message


# -- 2. one writer per output ---------------------------------------------------------------

_HOLDER = """
import sys, time
from pathlib import Path
from dlxh.render import RenderJob, render_many
from dlxh.render import jobrender as batch

def held(job, hooks=None):
    Path(sys.argv[2]).write_text("started")
    time.sleep(float(sys.argv[3]))
    return original(job, hooks)

original, batch._render = batch._render, held
import concurrent.futures as cf
with cf.ThreadPoolExecutor(1) as pool:
    job = RenderJob("cua-a.docx", template=sys.argv[4], context={"title": "A", "rows": []})
    result = render_many([job], sys.argv[1], pool, plugins=False)
print(result.written, result.errors)
"""


@pytest.mark.parametrize("name", ["chung.zip", "chung"])
def test_a_second_batch_on_the_same_output_is_refused_while_the_first_runs(
    tmp_path: Path, table: Path, name: str
) -> None:
    out = tmp_path / name
    started = tmp_path / "started"
    script = tmp_path / "holder.py"
    script.write_text(_HOLDER, encoding="utf-8")
    holder = subprocess.Popen(
        [sys.executable, str(script), str(out), str(started), "3", str(table)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not started.exists():
            assert holder.poll() is None, holder.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        with threads() as pool, pytest.raises(InputError, match="another batch is writing to"):
            render_many([table_job(table, "cua-b.docx")], out, pool, plugins=False)
        stdout, stderr = holder.communicate(timeout=60)
    finally:
        holder.kill()
    assert holder.returncode == 0, stderr
    assert "['cua-a.docx'] []" in stdout
    with threads() as pool:  # the first is done: the second may go, and keeps the first's
        result = render_many([table_job(table, "cua-b.docx")], out, pool, plugins=False)
    assert result.written == ["cua-b.docx"]
    if out.suffix == ".zip":
        with zipfile.ZipFile(out) as archive:
            assert sorted(archive.namelist()) == ["cua-a.docx", "cua-b.docx"]
        assert not out.with_name("chung.zip.lock").exists()
    else:
        assert (out / "cua-a.docx").is_file() and (out / "cua-b.docx").is_file()
        assert not (out / ".dlxh-batch.lock").exists()


# -- 3. resume sees every file a job read ------------------------------------------------------


def _document_with_image(tmp_path: Path) -> Path:
    data = load(EXAMPLE, Document).model_dump(mode="json")
    data["body"].append({"type": "image", "path": "logo.png", "width_mm": 30})
    path = tmp_path / "cong-van.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(png(6, 4, shade=10))
    return path


def _touch_same_time(path: Path, data: bytes) -> None:
    """Replace the content, keeping size and modification time (as ``cp -p`` would)."""
    before = path.stat()
    assert len(data) == before.st_size
    path.write_bytes(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


@pytest.mark.parametrize("out_name", ["out", "out.zip"])
def test_resume_renders_again_when_an_image_the_profile_or_a_found_template_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, out_name: str
) -> None:
    document = _document_with_image(tmp_path)
    house = tmp_path / "house.yaml"
    house.write_text("name: nha-nuoc\nextends: nha-nuoc\n", encoding="utf-8")
    search = tmp_path / "mau"
    monkeypatch.setenv("DLXH_TEMPLATE_PATH", str(search))
    jobs_file = tmp_path / "jobs.jsonl"
    jobs_file.write_text(
        "\n".join(
            json.dumps(line)
            for line in (
                {"output": "anh.docx", "document": document.name},
                {"output": "ho-so.docx", "document": str(EXAMPLE), "profile": "house.yaml"},
                {"output": "mau.docx", "document": str(EXAMPLE)},
            )
        ),
        encoding="utf-8",
    )
    out = tmp_path / out_name

    def again() -> list[str]:
        with threads() as pool:
            result = render_many(read_jobs(jobs_file), out, pool, plugins=False)
        assert result.ok, result.errors
        return sorted(result.written)

    assert again() == ["anh.docx", "ho-so.docx", "mau.docx"]
    assert again() == []
    # an image changes, with the same size and time
    _touch_same_time(tmp_path / "logo.png", png(6, 4, shade=200))
    assert again() == ["anh.docx"]
    # the house style changes
    house.write_text("name: nha-nuoc\nextends: nha-nuoc\nversion: '2'\n", encoding="utf-8")
    assert again() == ["ho-so.docx"]
    # a template appears on DLXH_TEMPLATE_PATH, then is edited
    shadow = search / "nha-nuoc" / "cong-van.docx"  # the examples are công văn
    shadow.parent.mkdir(parents=True)
    edited = docx.Document(str(templates_dir() / "nha-nuoc" / "cong-van.docx"))
    edited.core_properties.title = "Mẫu của tỉnh"
    edited.save(str(shadow))
    assert again() == ["anh.docx", "ho-so.docx", "mau.docx"]
    assert again() == []
    edited.core_properties.title = "Mẫu của tỉnh, bản 2"
    edited.save(str(shadow))
    assert again() == ["anh.docx", "ho-so.docx", "mau.docx"]
    # the document file itself, same size and time
    text = document.read_bytes()
    _touch_same_time(document, text.replace(b"Phong Th", b"Phong Tx", 1))
    assert again() == ["anh.docx"]


# -- 4. and 5. an existing zip is never lost -------------------------------------------------


def test_an_interrupted_no_resume_run_keeps_the_previous_zip_whole(
    tmp_path: Path, table: Path
) -> None:
    out = tmp_path / "bo.zip"
    jobs = [table_job(table, f"{n}.docx") for n in range(4)]
    with threads() as pool:
        render_many(jobs, out, pool, plugins=False)
    before = out.read_bytes()

    def stop_after_two(counts: Any) -> None:
        if counts.done >= 2:
            raise KeyboardInterrupt

    with threads() as pool, pytest.raises(KeyboardInterrupt):
        render_many(jobs, out, pool, resume=False, progress=stop_after_two, plugins=False)
    assert out.read_bytes() == before  # untouched until a run completes
    with threads() as pool:
        result = render_many(jobs, out, pool, plugins=False)
    assert result.ok and len(result.written) + len(result.skipped) == 4
    assert len(result.skipped) >= 2  # what the interrupted run finished is kept
    assert not any(
        p.name.endswith((".partial", ".previous", ".gather")) for p in tmp_path.iterdir()
    )


def _foreign_zip(path: Path) -> bytes:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("ghi-chu.txt", "không phải của dlxh")
        archive.writestr("bao-cao-cu.docx", b"PK old")
    return path.read_bytes()


def test_a_zip_with_files_dlxh_did_not_write_is_refused_unless_overwrite(
    tmp_path: Path, table: Path
) -> None:
    out = tmp_path / "co-san.zip"
    before = _foreign_zip(out)
    with threads() as pool, pytest.raises(InputError) as caught:
        render_many([table_job(table, "a.docx")], out, pool, plugins=False)
    message = str(caught.value)
    assert "2 file(s) a dlxh batch did not write" in message and "ghi-chu.txt" in message
    assert "--overwrite" in message
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bang.docx", "co-san.zip"]
    (tmp_path / "khong-phai.zip").write_text("just text", encoding="utf-8")
    with threads() as pool, pytest.raises(InputError, match="not a zip"):
        render_many([table_job(table, "a.docx")], tmp_path / "khong-phai.zip", pool, plugins=False)
    with threads() as pool:
        result = render_many([table_job(table, "a.docx")], out, pool, plugins=False, overwrite=True)
    assert result.written == ["a.docx"]
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == ["a.docx"]


def test_members_of_earlier_dlxh_batches_are_kept(tmp_path: Path, table: Path) -> None:
    out = tmp_path / "tong-hop.zip"
    with threads() as pool:
        render_many([table_job(table, "thang-9.docx", "T9")], out, pool, plugins=False)
        result = render_many([table_job(table, "thang-10.docx", "T10")], out, pool, plugins=False)
        assert result.written == ["thang-10.docx"]
        with zipfile.ZipFile(out) as archive:
            assert sorted(archive.namelist()) == ["thang-10.docx", "thang-9.docx"]
            assert "T9" in text_of(archive.read("thang-9.docx"))
        render_many([table_job(table, "thang-11.docx")], out, pool, plugins=False, overwrite=True)
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == ["thang-11.docx"]


def test_cli_overwrite(tmp_path: Path, table: Path) -> None:
    out = tmp_path / "co-san.zip"
    before = _foreign_zip(out)
    jobs = tmp_path / "jobs.jsonl"
    line = {"output": "a.docx", "template": table.name, "context": {"title": "A", "rows": []}}
    jobs.write_text(json.dumps(line), encoding="utf-8")
    code, _, err = run("render", "--batch", str(jobs), "-o", str(out), "--workers", "1")
    assert code == 2 and "did not write" in err and "Traceback" not in err
    assert out.read_bytes() == before
    code, out_text, err = run(
        "render", "--batch", str(jobs), "-o", str(out), "--workers", "1", "--overwrite"
    )
    assert code == 0, err
    assert "1 written" in out_text


# -- 6. one bad line is one job's error ------------------------------------------------------


def test_hostile_job_lines_are_each_one_jobs_error(tmp_path: Path, table: Path) -> None:
    good = {"output": "tot-{}.docx", "template": table.name, "context": {"title": "A", "rows": []}}
    lines: list[bytes] = [
        json.dumps({**good, "output": "tot-1.docx"}).encode(),
        b'{"output": "so.docx", "template": "bang.docx", "context": {"n": ' + b"9" * 5000 + b"}}",
        b'{"output": "sau.docx", "context": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"output": "sau-vua.docx", "context": {"a": ' + b"[" * 200 + b"]" * 200 + b"}}",
        b'{"output": "bytes.docx", "template": "b\xff\xfe.docx"}',
        json.dumps({"output": "rong.docx", "document": "du-lieu\u0000.yaml"}).encode(),
        b"[1, 2, 3]",
        b'"just a string"',
        b'{"output": "trung.docx", "output": "lai.docx", "template": "bang.docx"}',
        b'{"output": "dai.docx", "template": "bang.docx", "context": {"rows": [], "title": "'
        + b"a" * 5000
        + b'"}}',
        b"\x00\x00\x00",
        json.dumps({**good, "output": "tot-2.docx"}).encode(),
    ]
    jobs_file = tmp_path / "jobs.jsonl"
    jobs_file.write_bytes(b"\n".join(lines) + b"\n")
    items = list(read_jobs(jobs_file))
    errors = {item.where.rsplit(" ", 1)[-1]: item for item in items if isinstance(item, JobError)}
    assert sorted(int(line) for line in errors) == [2, 3, 4, 5, 6, 7, 8, 9, 11]
    assert errors["2"].output == "so.docx" and "digits" in errors["2"].message
    assert "nested more than" in errors["3"].message and "nested more than" in errors["4"].message
    assert "not UTF-8: byte 0xff" in errors["5"].message
    assert "NUL" in errors["6"].message and errors["6"].output == "rong.docx"
    assert "expected a JSON object, not list" in errors["7"].message
    assert "not str" in errors["8"].message
    assert "duplicate key" in errors["9"].message
    assert "not JSON" in errors["11"].message
    short = list(read_jobs(jobs_file, max_line_bytes=10_000))
    assert isinstance(short[2], JobError) and short[2].output == "sau.docx"
    assert "longer than 10,000 bytes" in short[2].message
    assert isinstance(short[9], RenderJob) and isinstance(short[11], RenderJob)
    assert all(len(str(error)) < 1500 for error in errors.values())
    with threads() as pool:
        result = render_many(read_jobs(jobs_file), tmp_path / "out", pool, plugins=False)
    assert sorted(result.written) == ["dai.docx", "tot-1.docx", "tot-2.docx"]
    assert len(result.errors) == 9


def test_cli_reports_hostile_lines_without_a_traceback(tmp_path: Path, table: Path) -> None:
    jobs = tmp_path / "jobs.jsonl"
    line = {"output": "a.docx", "template": table.name, "context": {"title": "", "rows": []}}
    good = json.dumps(line)
    jobs.write_bytes(
        good.encode()
        + b"\n"
        + b'{"output": "x.docx", "context": {"n": '
        + b"1" * 5000
        + b"}}\n"
        + b"[" * 50_000
        + b"\n\xc3\x28\n"
    )
    code, out, err = run("render", "--batch", str(jobs), "-o", str(tmp_path / "out"))
    assert code == 1 and "Traceback" not in err
    assert "1 written, 0 already done, 3 failed" in out
    for number in (2, 3, 4):
        assert f"line {number})" in err


def test_mapping_jobs_with_hostile_values_fail_alone(tmp_path: Path, table: Path) -> None:
    deep: Any = []
    for _ in range(5000):
        deep = [deep]
    jobs: list[Any] = [
        {"output": "sau.docx", "template": str(table), "context": {"title": "", "rows": deep}},
        {"output": "khong.docx", "template": "a\x00.docx"},
        {"output": 12},
        table_job(table, "tot.docx"),
    ]
    with threads() as pool:
        result = render_many(jobs, tmp_path / "out", pool, plugins=False)
    assert result.written == ["tot.docx"]
    assert [error.index for error in result.errors] == [0, 1, 2]
    first, second, third = (error.message for error in result.errors)
    assert "nested more than 64 levels" in first
    assert "NUL" in second and "must be a file name" in third
    deep_job = RenderJob("sau-nua.docx", template=str(table), context={"rows": deep})
    with threads() as pool:  # built directly, past the mapping's check
        result = render_many([deep_job], tmp_path / "out", pool, plugins=False)
    assert "nested too deeply" in result.errors[0].message


# -- 7. outputs that cannot be written, or not kept apart ----------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a\x00b.docx", "NUL"),
        ("x|y?.docx", "Windows does not allow"),
        ('b"c.docx', "Windows does not allow"),
        ("thu-muc./a.docx", "ends in a dot or a space"),
        ("thu-muc /a.docx", "ends in a dot or a space"),
        ("con.docx", "reserved"),
        ("NUL.docx", "reserved"),
        ("COM1/a.docx", "reserved"),
        ("lpt¹.docx", "reserved"),
        ("Aux .docx", "reserved"),
        ("a\nb.docx", "Windows does not allow"),
        ("a\ud800.docx", "lone surrogate"),
        ("d" * 300 + ".docx", "longer than 255 bytes"),
        ("/".join(["thu-muc-dai-" + "x" * 100] * 12) + "/a.docx", "longer than 1024 bytes"),
    ],
)
def test_output_names_no_system_can_store_are_refused(name: str, expected: str) -> None:
    with pytest.raises(InputError, match=expected) as caught:
        RenderJob(name, template="t.docx")
    assert "\x00" not in str(caught.value) and len(str(caught.value)) < 600


def test_names_windows_cannot_keep_apart_are_refused_naming_the_first(
    tmp_path: Path, table: Path
) -> None:
    nfc = unicodedata.normalize("NFC", "Hà Nội.docx")
    nfd = unicodedata.normalize("NFD", "Hà Nội.docx")
    assert nfc != nfd
    names = ["A.docx", "a.docx", nfc, nfd, "Xa/1.docx", "xa/2.docx", "f.docx", "f.docx/g.docx"]
    names += ["h/i.docx", "H.docx/x.docx", "m.docx/n.docx", "M.DOCX"]
    jobs: list[Any] = [table_job(table, name) for name in names]
    jobs.append({"output": "h", "template": str(table)})  # a bad name on its own
    for out in (tmp_path / "out", tmp_path / "out.zip"):
        with threads() as pool:
            result = render_many(jobs, out, pool, plugins=False)
        expected = ["A.docx", nfc, "Xa/1.docx", "xa/2.docx", "f.docx", "h/i.docx"]
        expected += ["H.docx/x.docx", "m.docx/n.docx"]  # one folder on Windows, two files: fine
        assert sorted(result.written) == sorted(expected)
        messages = {error.index: error.message for error in result.errors}
        assert sorted(messages) == [1, 3, 7, 11, 12]
        assert messages[1].startswith("job 1 already writes 'A.docx', the same file as this one")
        assert messages[3].startswith("job 3 already writes")
        assert messages[7] == "job 7 writes the file 'f.docx', where this one needs a folder"
        assert messages[11] == "job 11 writes 'm.docx/n.docx', inside a folder of this name"
        assert "relative file name" in messages[12]


def test_unwritable_outputs_are_each_one_jobs_error(
    tmp_path: Path, table: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    (out / "la-thu-muc.docx").mkdir(parents=True)  # a folder where a file must go
    (out / "tep").write_text("a file where a folder must go", encoding="utf-8")
    (out / "cua-nguoi-khac.docx").write_bytes(b"someone's document")
    real_write = sinks_module.atomic_write

    def full_disk(path: Path, data: bytes) -> Path:
        if Path(path).name == "day.docx":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real_write(path, data)

    monkeypatch.setattr(sinks_module, "atomic_write", full_disk)
    names = ["la-thu-muc.docx", "tep/a.docx", "cua-nguoi-khac.docx", "day.docx", "tot.docx"]
    with threads() as pool:
        result = render_many([table_job(table, n) for n in names], out, pool, plugins=False)
    assert result.written == ["tot.docx"]
    messages = {error.output: error.message for error in result.errors}
    assert set(messages) == set(names) - {"tot.docx"}
    assert "No space left on device" in messages["day.docx"]
    assert "not written by a dlxh batch" in messages["cua-nguoi-khac.docx"]
    assert (out / "cua-nguoi-khac.docx").read_bytes() == b"someone's document"
    assert not list(out.rglob("*.tmp"))


class _FullDisk:
    """A file that takes some bytes and then reports a full disk."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.room = 100

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            self.real.write(bytes(data)[: self.room])
            self.room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return int(self.real.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def test_a_full_disk_in_a_zip_fails_that_member_and_the_zip_stays_whole(
    tmp_path: Path, table: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_add = sinks_module.ZipSink._add

    def add(self: Any, name: str, data: bytes, meta: Any) -> None:
        if name != "day.docx":
            return real_add(self, name, data, meta)
        real = self.archive.fp
        self.archive.fp = _FullDisk(real)
        try:
            return real_add(self, name, data, meta)
        finally:
            self.archive.fp = real

    monkeypatch.setattr(sinks_module.ZipSink, "_add", add)
    out = tmp_path / "bo.zip"
    jobs = [table_job(table, n) for n in ("a.docx", "day.docx", "b.docx")]
    with cf.ThreadPoolExecutor(1) as pool:
        result = render_many(jobs, out, pool, plugins=False)
    assert result.written == ["a.docx", "b.docx"]
    assert "No space left on device" in result.errors[0].message
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None and archive.namelist() == ["a.docx", "b.docx"]
        assert "<w:tbl>" in text_of(archive.read("b.docx"))


def test_a_nul_never_reaches_a_zip_member_name(tmp_path: Path, table: Path) -> None:
    with threads() as pool:
        result = render_many(
            [{"output": "bao\x00cao.docx", "template": str(table)}, table_job(table, "bao.docx")],
            tmp_path / "bo.zip",
            pool,
            plugins=False,
        )
    assert result.written == ["bao.docx"] and "NUL" in result.errors[0].message
    with zipfile.ZipFile(tmp_path / "bo.zip") as archive:
        assert archive.namelist() == ["bao.docx"]


def jobs_of(lines: Iterator[dict[str, Any]]) -> str:
    return "\n".join(json.dumps(line) for line in lines)


def test_the_job_timeout_and_memory_options_reach_the_cli(tmp_path: Path) -> None:
    script = tmp_path / "victim.py"
    script.write_text(
        textwrap.dedent(
            """
            import sys, time
            from dlxh.render import jobrender as batch
            original = batch._render
            def slow(job, hooks=None):
                if "cham" in job.output:
                    time.sleep(60)
                return original(job, hooks)
            batch._render = slow  # at import: spawned workers import this script too
            if __name__ == "__main__":
                from dlxh.cli import main
                sys.argv = ["dlxh", *sys.argv[1:]]
                main()
            """
        ),
        encoding="utf-8",
    )
    template = tmp_path / "bang.docx"
    template.write_bytes(big_table_case(2).template)
    line = {"template": "bang.docx", "context": {"title": "A", "rows": []}}
    (tmp_path / "jobs.jsonl").write_text(
        jobs_of(iter([{**line, "output": "cham.docx"}, {**line, "output": "nhanh.docx"}])),
        encoding="utf-8",
    )
    argv = [sys.executable, str(script), "render", "--batch", str(tmp_path / "jobs.jsonl")]
    argv += ["-o", str(tmp_path / "out"), "--workers", "1", "--job-timeout", "1"]
    argv += ["--worker-memory", "4096"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=90, check=False)
    assert done.returncode == 1, done.stderr
    assert "1 written, 0 already done, 1 failed" in done.stdout
    assert "took longer than 1 s" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_or_a_device_as_jobs_or_output_is_refused_not_waited_on(
    tmp_path: Path, table: Path
) -> None:
    fifo = tmp_path / "jobs.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="named pipe"):
        list(read_jobs(fifo))
    with pytest.raises(InputError, match="device"):
        list(read_jobs("/dev/zero"))
    code, _, err = run("render", "--batch", str(fifo), "-o", str(tmp_path / "out"))
    assert code == 2 and "named pipe" in err
    os.mkfifo(tmp_path / "ra.zip")
    with threads() as pool, pytest.raises(InputError, match="named pipe"):
        render_many([table_job(table, "a.docx")], tmp_path / "ra.zip", pool, plugins=False)
    (tmp_path / "thu-muc").mkdir()
    os.mkfifo(tmp_path / "thu-muc" / ".dlxh-batch.jsonl")
    with threads() as pool, pytest.raises(InputError, match="named pipe"):
        render_many([table_job(table, "a.docx")], tmp_path / "thu-muc", pool, plugins=False)
