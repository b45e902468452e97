"""Batch rendering: throughput and peak memory as the batch grows.

Run ``python bench/batch_bench.py``. Each configuration runs in a fresh Python process that
renders N documents with :func:`dlxh.render_many` on the default process pool, into a folder or
a zip, from jobs generated lazily: template jobs (the docxtpl-style one-page report of
``tests/render_cases.py``, a different context per document) or document jobs (the example
documents through ``render_document``: body, appendices, properties). It reports documents per
second and the peak resident memory of the parent and of the largest worker (asked of the
workers themselves, which holds whatever the start method). Flat memory from 1,000 to 10,000
documents is the goal.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peak_mb() -> float:
    """Peak resident memory of the calling process (run in each worker by the probes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(count: int, target: str, kind: str) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from dlxh.render import RenderJob, process_pool, render_many  # noqa: PLC0415
    from render_cases import one_page_case  # noqa: PLC0415

    case = one_page_case()
    folder = Path(tempfile.mkdtemp())
    template = folder / "report.docx"
    template.write_bytes(case.template)
    base = case.context(None)

    examples = sorted((ROOT / "examples" / "documents").glob("*.yaml"))

    def jobs() -> Iterator[RenderJob]:
        for number in range(count):
            name = f"xa-{number:05d}.docx"
            if kind == "document":  # render_document: body, appendices, properties
                yield RenderJob(name, document=str(examples[number % len(examples)]))
            else:
                context = {**base, "number": number, "issuer": f"ỦY BAN NHÂN DÂN XÃ SỐ {number}"}
                yield RenderJob(name, template=str(template), context=context)

    out = folder / ("out.zip" if target == "zip" else "out")
    start = time.perf_counter()
    with process_pool() as pool:  # what render_many starts by default, kept to ask its workers
        result = render_many(jobs(), out, pool)
        elapsed = time.perf_counter() - start
        probes = [pool.submit(peak_mb) for _ in range(8 * (os.cpu_count() or 1))]
        workers = max(probe.result() for probe in probes)
    assert result.ok, result.errors[:3]
    assert len(result.written) == count
    own = peak_mb()
    print(json.dumps({"seconds": elapsed, "parent_mb": own, "worker_mb": workers}))


def main() -> None:
    print(f"# Batch rendering ({os.cpu_count()} cores, default process pool)\n")
    print("| jobs | documents | output | seconds | docs/s | parent peak RSS | largest worker |")
    print("|---|---:|---|---:|---:|---:|---:|")
    for kind, count, target in (
        ("template", 1000, "folder"),
        ("template", 1000, "zip"),
        ("template", 10000, "folder"),
        ("template", 10000, "zip"),
        ("document", 1000, "zip"),
        ("document", 10000, "zip"),
    ):
        line = (
            subprocess.run(
                [sys.executable, __file__, "--child", str(count), target, kind],
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        data = json.loads(line)
        print(
            f"| {kind} | {count:,} | {target} | {data['seconds']:.1f} "
            f"| {count / data['seconds']:,.0f} "
            f"| {data['parent_mb']:.0f} MB | {data['worker_mb']:.0f} MB |"
        )


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(int(sys.argv[2]), sys.argv[3], sys.argv[4])
    else:
        main()
