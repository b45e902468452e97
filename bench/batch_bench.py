"""Batch rendering: throughput and peak memory as the batch grows.

Run ``python bench/batch_bench.py``. Each configuration runs in a fresh Python process that
renders N one-page reports (the docxtpl-style report of ``tests/render_cases.py``, a different
context per document, generated lazily) with :func:`dlxh.render_many` on the default process
pool, into a folder or a zip, and reports documents per second and the peak resident memory of
the parent and of the largest worker (asked of the workers themselves: they are children of a
fork server, not of the parent). Flat memory from 1,000 to 10,000 documents is the goal.
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


def child(count: int, target: str) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from dlxh.render import RenderJob, process_pool, render_many  # noqa: PLC0415
    from render_cases import one_page_case  # noqa: PLC0415

    case = one_page_case()
    folder = Path(tempfile.mkdtemp())
    template = folder / "report.docx"
    template.write_bytes(case.template)
    base = case.context(None)

    def jobs() -> Iterator[RenderJob]:
        for number in range(count):
            context = {**base, "number": number, "issuer": f"ỦY BAN NHÂN DÂN XÃ SỐ {number}"}
            yield RenderJob(f"xa-{number:05d}.docx", template=str(template), context=context)

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
    print("| documents | output | seconds | docs/s | parent peak RSS | largest worker peak RSS |")
    print("|---:|---|---:|---:|---:|---:|")
    for count in (1000, 10000):
        for target in ("folder", "zip"):
            line = (
                subprocess.run(
                    [sys.executable, __file__, "--child", str(count), target],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            data = json.loads(line)
            print(
                f"| {count:,} | {target} | {data['seconds']:.1f} | {count / data['seconds']:,.0f} "
                f"| {data['parent_mb']:.0f} MB | {data['worker_mb']:.0f} MB |"
            )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(int(sys.argv[2]), sys.argv[3])
    else:
        main()
