"""dlxh's template engine against plain docxtpl, side by side in one run.

Run ``python bench/render_bench.py`` (``make bench`` does). For each case the same template bytes
and the same context are rendered by docxtpl as its documentation shows (``DocxTemplate(file)``,
``render``, ``save``: one document per object) and by ``dlxh.Template`` (loaded once, rendered
many times). Rounds alternate between the two so that both see the same machine state; the best
round of each is kept. Then: how the dlxh time grows with rows, where it goes, and how close it
is to the floor (the Jinja render plus deflating the changed parts, nothing else).
"""

from __future__ import annotations

import cProfile
import io
import platform
import pstats
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from dlxh.render import Template, make_environment  # noqa: E402
from render_cases import Case, big_table_case, one_page_case  # noqa: E402

ROUNDS = 3


def docxtpl_once(case: Case, context: dict[str, Any]) -> bytes:
    tpl = DocxTemplate(io.BytesIO(case.template))
    tpl.render(context, make_environment(), autoescape=True)
    stream = io.BytesIO()
    tpl.save(stream)
    return stream.getvalue()


def per_document(render: Callable[[], bytes], budget: float) -> float:
    """Seconds per document: as many renders as fit in ``budget`` seconds (at least two)."""
    count, start = 0, time.perf_counter()
    while count < 2 or time.perf_counter() - start < budget:
        render()
        count += 1
    return (time.perf_counter() - start) / count


def compare(case: Case, budget: float) -> tuple[float, float]:
    template = Template.from_bytes(case.template, case.name)
    context = case.context(template)
    template.render(context)  # compile once, as Template.load does
    reference = case.context(None)
    ours, theirs = [], []
    for _ in range(ROUNDS):
        theirs.append(per_document(lambda: docxtpl_once(case, reference), budget))
        ours.append(per_document(lambda: template.render(context), budget))
    return min(theirs), min(ours)


def floor(case: Case) -> tuple[float, float]:
    """(Jinja render, deflate of what it produced) per document: the work no engine avoids."""
    template = Template.from_bytes(case.template, case.name)
    context = case.context(template)
    template.render(context)
    package = template._package
    assert package is not None
    compiled = package.compiled(None)
    texts: list[bytes] = []

    def jinja() -> bytes:
        texts.clear()
        for source in package.sources:
            texts.append(compiled[source.name].render(context).encode())
        return b""

    def deflate() -> bytes:
        for text in texts:
            packer = zlib.compressobj(6, zlib.DEFLATED, -15)
            packer.compress(text)
            packer.flush()
        return b""

    render_time = min(per_document(jinja, 0.5) for _ in range(ROUNDS))
    deflate_time = min(per_document(deflate, 0.5) for _ in range(ROUNDS))
    return render_time, deflate_time


def profile(case: Case, count: int) -> list[tuple[str, float]]:
    template = Template.from_bytes(case.template, case.name)
    context = case.context(template)
    template.render(context)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        template.render(context)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = sum(row[2] for row in stats.stats.values())  # type: ignore[attr-defined]
    rows = sorted(stats.stats.items(), key=lambda item: -item[1][2])  # type: ignore[attr-defined]
    return [(f"{f[2]} ({Path(f[0]).name}:{f[1]})", row[2] / total) for f, row in rows[:6]]


def dlxh_time(case: Case) -> float:
    """Best seconds per document of dlxh over the rounds (template compiled beforehand)."""
    template = Template.from_bytes(case.template)
    context = case.context(template)
    template.render(context)
    return min(per_document(lambda: template.render(context), 1.0) for _ in range(ROUNDS))


def main() -> None:
    print(f"# Rendering: dlxh vs docxtpl ({platform.python_version()}, {platform.machine()})\n")
    print("| case | docxtpl docs/s | dlxh docs/s | ratio |")
    print("|---|---:|---:|---:|")
    cases = [(one_page_case(), 2.0), (big_table_case(5000), 6.0)]
    for case, budget in cases:
        theirs, ours = compare(case, budget)
        print(f"| {case.name} | {1 / theirs:,.1f} | {1 / ours:,.1f} | **{theirs / ours:.1f}x** |")

    print("\n## dlxh time per row\n")
    print("| rows | ms per document | µs per row |")
    print("|---:|---:|---:|")
    for rows in (1000, 2000, 5000, 10000, 20000):
        seconds = dlxh_time(big_table_case(rows))
        print(f"| {rows:,} | {seconds * 1000:,.1f} | {seconds / rows * 1e6:.1f} |")

    print("\n## Distance to the floor (Jinja render + deflate of the rendered parts)\n")
    print("| case | dlxh ms | Jinja ms | deflate ms | floor ms | dlxh / floor |")
    print("|---|---:|---:|---:|---:|---:|")
    for case, _ in cases:
        total = dlxh_time(case)
        jinja, deflate = floor(case)
        print(
            f"| {case.name} | {total * 1000:.2f} | {jinja * 1000:.2f} | {deflate * 1000:.2f} "
            f"| {(jinja + deflate) * 1000:.2f} | {total / (jinja + deflate):.2f} |"
        )

    print("\n## Where dlxh's time goes (cProfile, share of own time)\n")
    for case, count in ((one_page_case(), 200), (big_table_case(5000), 5)):
        print(f"{case.name}:\n")
        for name, share in profile(case, count):
            print(f"- {share:5.1%} {name}")
        print()


if __name__ == "__main__":
    main()
