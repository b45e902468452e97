"""render_many: folders and zips, per-job errors, resume, bounded work in flight, executors."""

from __future__ import annotations

import concurrent.futures as cf
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import distributed
import pytest

import dlxh
from cli_runner import run
from dlxh import InputError
from dlxh.render import BatchProgress, JobError, RenderJob, read_jobs, render_many
from render_cases import big_table_case

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples" / "documents").glob("*.yaml"))


@pytest.fixture
def table_template(tmp_path: Path) -> Path:
    path = tmp_path / "bang.docx"
    path.write_bytes(big_table_case(3).template)
    return path


def table_jobs(template: Path, count: int, prefix: str = "bang") -> Iterator[RenderJob]:
    for number in range(count):
        context = big_table_case(number % 4 + 1).context(None)
        yield RenderJob(f"{prefix}/{number:03d}.docx", template=str(template), context=context)


def text_of(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode()


def test_a_folder_of_documents_and_templates(tmp_path: Path, table_template: Path) -> None:
    jobs: list[RenderJob] = [
        *(RenderJob(f"van-ban/{p.stem}.docx", document=str(p)) for p in EXAMPLES),
        *table_jobs(table_template, 6),
    ]
    with cf.ThreadPoolExecutor(2) as pool:
        result = render_many(jobs, tmp_path / "out", pool)
    assert result.ok and result.skipped == []
    assert sorted(result.written) == sorted(job.output for job in jobs)
    for path in EXAMPLES:
        body = text_of((tmp_path / "out" / "van-ban" / f"{path.stem}.docx").read_bytes())
        assert body.count("<w:p") > 10
    third = text_of((tmp_path / "out" / "bang" / "002.docx").read_bytes())
    assert third.count("<w:tr") == 4  # header + three rows for job 2
    assert dlxh.render_many is render_many


def test_a_failing_job_is_reported_and_the_batch_goes_on(
    tmp_path: Path, table_template: Path
) -> None:
    jobs = [
        *table_jobs(table_template, 2),
        RenderJob("hong.docx", template=str(table_template), context={"title": "x"}),
        RenderJob("thieu.docx", template=str(tmp_path / "none.docx"), context={}),
        JobError(4, "?", "not JSON", "jobs.jsonl, line 5"),
        {"output": "../ra-ngoai.docx", "template": str(table_template)},
        RenderJob("bang/000.docx", template=str(table_template), context={}),
    ]
    with cf.ThreadPoolExecutor(2) as pool:
        result = render_many(jobs, tmp_path / "out", pool)
    assert sorted(result.written) == ["bang/000.docx", "bang/001.docx"]
    messages = {error.output: error.message for error in result.errors}
    assert "'rows'" in messages["hong.docx"] and "does not provide" in messages["hong.docx"]
    assert "no such template" in messages["thieu.docx"]
    assert messages["?"] == "not JSON"
    assert "relative file name" in messages["../ra-ngoai.docx"]
    assert messages["bang/000.docx"] == "job 1 already writes this output"
    assert not (tmp_path / "out" / "hong.docx").exists()
    assert not (tmp_path / "ra-ngoai.docx").exists()


def test_resume_skips_valid_outputs_and_redoes_broken_ones(
    tmp_path: Path, table_template: Path
) -> None:
    out = tmp_path / "out"
    with cf.ThreadPoolExecutor(2) as pool:
        first = render_many(table_jobs(table_template, 5), out, pool)
        assert len(first.written) == 5
        (out / "bang" / "003.docx").write_bytes(b"PK\x03\x04 truncated")
        second = render_many(table_jobs(table_template, 5), out, pool)
        assert second.written == ["bang/003.docx"] and len(second.skipped) == 4
        third = render_many(table_jobs(table_template, 5), out, pool, resume=False)
        assert len(third.written) == 5


def test_a_zip_cut_short_is_salvaged_and_completed(tmp_path: Path, table_template: Path) -> None:
    out = tmp_path / "bo.zip"
    with cf.ThreadPoolExecutor(2) as pool:
        render_many(table_jobs(table_template, 8), out, pool)
        with zipfile.ZipFile(out) as archive:
            assert archive.testzip() is None and len(archive.namelist()) == 8
            sizes = [info.compress_size for info in archive.infolist()[:5]]
        # A crash while writing the sixth document: no central directory, half a member.
        data = out.read_bytes()
        cut = sum(sizes) + 5 * 60 + 2000
        out.unlink()
        (tmp_path / "bo.zip.partial").write_bytes(data[:cut])
        result = render_many(table_jobs(table_template, 8), out, pool)
    assert len(result.skipped) == 5 and len(result.written) == 3
    assert not (tmp_path / "bo.zip.partial").exists()
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        assert sorted(archive.namelist()) == [f"bang/{n:03d}.docx" for n in range(8)]
        for name in archive.namelist():
            assert "<w:tbl>" in text_of(archive.read(name))


def test_jobs_are_read_lazily_with_bounded_work_in_flight(
    tmp_path: Path, table_template: Path
) -> None:
    pulled = 0
    seen_at_first_result: list[int] = []

    def jobs() -> Iterator[RenderJob]:
        nonlocal pulled
        for job in table_jobs(table_template, 30):
            pulled += 1
            yield job

    def progress(counts: BatchProgress) -> None:
        if not seen_at_first_result:
            seen_at_first_result.append(pulled)

    with cf.ThreadPoolExecutor(2) as pool:
        result = render_many(jobs(), tmp_path / "out", pool, progress=progress, in_flight=3)
    assert len(result.written) == 30
    assert seen_at_first_result[0] <= 3


def test_the_default_process_pool(tmp_path: Path, table_template: Path) -> None:
    result = render_many(table_jobs(table_template, 4), tmp_path / "out")
    assert result.ok and len(result.written) == 4


def test_a_dask_cluster_runs_the_same_call(tmp_path: Path, table_template: Path) -> None:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        jobs = [
            *table_jobs(table_template, 6),
            RenderJob("van-ban.docx", document=str(EXAMPLES[0])),
        ]
        result = render_many(jobs, tmp_path / "out.zip", client.get_executor())
    assert result.ok and len(result.written) == 7
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert archive.testzip() is None
        assert "Nguyễn" in text_of(archive.read("bang/005.docx"))


def test_job_files_name_the_bad_line(tmp_path: Path, table_template: Path) -> None:
    lines = [
        json.dumps({"output": "a.docx", "template": table_template.name, "context": {"rows": []}}),
        "",
        "{not json",
        json.dumps({"output": "b.docx", "template": "x.docx", "colour": "red"}),
        json.dumps({"output": "c.docx", "document": str(EXAMPLES[2])}),
    ]
    path = tmp_path / "jobs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_jobs(path))
    assert isinstance(items[0], RenderJob) and items[0].template == str(table_template)
    assert isinstance(items[1], JobError) and items[1].where == f"{path}, line 3"
    assert (
        items[1].message == "not JSON: Expecting property name enclosed in double quotes (column 2)"
    )
    assert isinstance(items[2], JobError) and "colour" in items[2].message
    assert isinstance(items[3], RenderJob)


def test_job_outputs_must_stay_inside_the_batch() -> None:
    for name in (
        "../x.docx",
        "/tmp/x.docx",
        "x.pdf",
        "C:\\out\\a.docx",
        " .docx",
        "CON.docx",
        "a//b.docx",
    ):
        with pytest.raises(InputError, match=r"relative file name ending in \.docx"):
            RenderJob(name, template="t.docx")
    with pytest.raises(InputError, match="either a document or a template"):
        RenderJob("x.docx")


def test_cli_batch(tmp_path: Path, table_template: Path) -> None:
    jobs = tmp_path / "jobs.jsonl"
    rows = [{"name": "A & B", "area": "Xã 1", "text": "<ý kiến>", "day": "01/10/2026"}]
    jobs.write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "output": "1.docx",
                        "template": "bang.docx",
                        "context": {"title": "T", "rows": rows},
                    }
                ),
                json.dumps({"output": "2.docx", "document": str(EXAMPLES[1])}),
            ]
        ),
        encoding="utf-8",
    )
    code, out, err = run(
        "render", "--batch", str(jobs), "-o", str(tmp_path / "out"), "--workers", "1"
    )
    assert code == 0, err
    assert "2 written, 0 already done, 0 failed" in out
    assert "A &amp; B" in text_of((tmp_path / "out" / "1.docx").read_bytes())
    code, out, err = run("render", "--batch", str(jobs), "-o", str(tmp_path / "out"))
    assert code == 0 and "0 written, 2 already done" in out
    jobs.write_text(
        json.dumps({"output": "3.docx", "template": "bang.docx"}) + "\n", encoding="utf-8"
    )
    code, out, err = run("render", "--batch", str(jobs), "-o", str(tmp_path / "out"))
    assert code == 1
    assert f"job 1 (3.docx, {jobs}, line 1): " in err and "'title'" in err


def test_cli_render_needs_a_source_or_a_batch(tmp_path: Path) -> None:
    code, _, err = run("render", "-o", str(tmp_path / "x.docx"))
    assert code != 0 and "--batch" in err
    code, _, err = run("render", str(EXAMPLES[0]))
    assert code != 0 and "-o" in err


def test_cli_pdf_for_one_document_and_for_a_batch(tmp_path: Path) -> None:
    target = tmp_path / "cong-van.docx"
    code, out, err = run("render", str(EXAMPLES[6]), "-o", str(target), "--pdf")
    assert code == 0, err
    assert target.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text(
        "\n".join(
            json.dumps({"output": f"{p.stem}.docx", "document": str(p)}) for p in EXAMPLES[:2]
        ),
        encoding="utf-8",
    )
    code, out, err = run("render", "--batch", str(jobs), "-o", str(tmp_path / "out"), "--pdf")
    assert code == 0, err
    assert "2 PDF written, 0 failed" in out
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == sorted(
        f"{p.stem}.pdf" for p in EXAMPLES[:2]
    )
    code, out, err = run("render", "--batch", str(jobs), "-o", str(tmp_path / "out"), "--pdf")
    assert code == 0 and "0 PDF written" in out  # up to date: nothing converted again
    code, out, err = run("render", "--batch", str(jobs), "-o", str(tmp_path / "b.zip"), "--pdf")
    assert code == 2 and "give a folder" in err


def test_workers_load_plugins_as_the_command_line_does(
    tmp_path: Path, dlxh_installed: Callable[..., Path]
) -> None:
    """The Lai Châu plugin's profile is known in a batch, and only when plugins are loaded (the
    pool is a thread pool, so the workers see the test's installed distribution)."""
    dlxh_installed("dlxh-laichau", {"laichau": "dlxh_laichau"})
    job = RenderJob("lai-chau.docx", document=str(EXAMPLES[1]), profile="lai-chau")
    with cf.ThreadPoolExecutor(1) as pool:
        result = render_many([job], tmp_path / "out", pool)
        assert result.ok, result.errors
        without = render_many([job], tmp_path / "out2", pool, plugins=False)
    assert "lai-chau" in without.errors[0].message


def test_resume_renders_again_what_changed(tmp_path: Path, table_template: Path) -> None:
    def jobs(title: str) -> list[RenderJob]:
        changed = [*table_jobs(table_template, 4)]
        context = {**changed[2].context, "title": title}
        changed[2] = RenderJob(changed[2].output, template=str(table_template), context=context)
        return changed

    for out in (tmp_path / "out", tmp_path / "out.zip"):
        with cf.ThreadPoolExecutor(2) as pool:
            assert len(render_many(jobs("THÁNG 10"), out, pool).written) == 4
            again = render_many(jobs("THÁNG 11"), out, pool)
        assert again.written == ["bang/002.docx"], out
        assert len(again.skipped) == 3
        if out.suffix == ".zip":
            with zipfile.ZipFile(out) as archive:
                assert sorted(archive.namelist()) == [f"bang/{n:03d}.docx" for n in range(4)]
                assert "THÁNG 11" in text_of(archive.read("bang/002.docx"))
        else:
            assert "THÁNG 11" in text_of((out / "bang" / "002.docx").read_bytes())


def test_a_jobs_file_saved_with_a_bom_reads(tmp_path: Path) -> None:
    path = tmp_path / "jobs.jsonl"
    line = json.dumps({"output": "a.docx", "document": str(EXAMPLES[0])})
    path.write_bytes(b"\xef\xbb\xbf" + line.encode() + b"\r\n")
    (job,) = read_jobs(path)
    assert isinstance(job, RenderJob)
    assert job.source == f"{path}, line 1"


def test_cli_batch_output_must_be_a_folder_or_zip(tmp_path: Path) -> None:
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text(json.dumps({"output": "a.docx", "document": str(EXAMPLES[0])}), "utf-8")
    code, _, err = run("render", "--batch", str(jobs), "-o", str(tmp_path / "out.docx"))
    assert code == 2 and "a folder or a .zip file" in err
    assert not (tmp_path / "out.docx").exists()
