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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from docxtpl import DocxTemplate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

import small_templates as small  # noqa: E402

from dlxh.templating import Template, make_environment  # noqa: E402
from dlxh.templating.package import Entry, write_package  # noqa: E402
from dlxh.templating.render_state import _RenderState  # noqa: E402
from render_cases import Case, big_table_case, one_page_case  # noqa: E402

ROUNDS = 3
TARGET = 10.0
"""Render + save of every shipped template, dlxh at least this many times docxtpl's speed."""


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


def phases(case: Case) -> dict[str, float]:
    """Seconds per document of each step of a dlxh render, timed apart: the Jinja render and
    the deflating of its output are the floor no engine avoids; docxtpl's post-passes and the
    zip writing are what dlxh adds to it."""
    template = Template.from_bytes(case.template, case.name)
    context = case.context(template)
    template.render(context)
    package = template._package
    assert package is not None
    compiled = package.compiled(None)
    texts: dict[str, str] = {}
    chunks: dict[str, tuple[bytes, ...]] = {}
    entries: dict[str, Entry] = {}

    def jinja() -> bytes:
        for source in package.sources:
            texts[source.name] = compiled[source.name].render(context)
        return b""

    def post() -> bytes:
        for source in package.sources:
            chunks[source.name] = package._finish_part(source, texts[source.name])
        return b""

    def deflate() -> bytes:
        for name, parts in chunks.items():
            entries[name] = Entry.deflate(name, *parts)
        return b""

    def package_zip() -> bytes:
        return write_package(package._entries(_RenderState(package), {**package.static, **entries}))

    steps = {"Jinja": jinja, "post-passes": post, "deflate": deflate, "zip": package_zip}
    return {
        name: min(per_document(step, 0.5) for _ in range(ROUNDS)) for name, step in steps.items()
    }


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


def empty_paragraphs(count: int) -> bytes:
    """A template of ``count`` empty paragraphs and one tag: 80,000 of them (a 43 KB file)
    took 9.4 s to load when splitting the body from the document was quadratic."""
    document = docx.Document()
    document.add_paragraph("{{ value }}")
    body = document.element.body
    for _ in range(count):
        body.insert(0, body.makeelement(qn("w:p"), {}))
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def load_time(data: bytes) -> float:
    start = time.perf_counter()
    Template.from_bytes(data, "empty paragraphs").compile()
    return time.perf_counter() - start


def small_templates(argv: list[str]) -> None:
    """Render + save of small templates, side by side: the shipped ones, and docxtpl's own
    test templates when a checkout is given (argument or ``DOCXTPL_REPO``)."""
    print("\n## Small templates: render + save, side by side with docxtpl\n")
    print(
        "Per document: docxtpl opens, renders and saves; dlxh's `Template` is loaded once and "
        "reused. Median and minimum over alternating rounds; *first document* is dlxh's load, "
        "compile and first render together.\n"
    )
    print("### dlxh's shipped templates (an example document's context, its body included)\n")
    timings = small.table(small.shipped())
    worst = min(min(t.ratios) for t in timings)
    held = all(min(t.ratios) >= TARGET for t in timings)
    print(
        f"\nTarget >= {TARGET:.0f}x on every shipped template (by median and by minimum): "
        f"{'**met**' if held else '**NOT met**'} (lowest ratio {worst:.0f}x).\n"
    )
    print("### docxtpl's own test templates\n")
    checkout = small.docxtpl_checkout(argv)
    if checkout is None:
        print(
            "Skipped: no docxtpl checkout given. Run `DOCXTPL_REPO=/path/to/python-docx-template "
            "python bench/render_bench.py` (or pass the path as the argument; a git directory "
            "works too) to time its test templates.\n"
        )
        return
    for templates in small.docxtpl_tests(checkout):
        print(
            "The scripts whose context is rebuilt here; a context that needs the template "
            "object (sub-documents, images, links) is built for every document, by both "
            "engines, as the script does. Left out: " + small.LEFT_OUT + ".\n"
        )
        timings = small.table(small.docxtpl_smalls(templates))
        ratios = [min(t.ratios) for t in timings]
        print(
            f"\n{sum(r >= TARGET for r in ratios)} of {len(ratios)} at >= {TARGET:.0f}x by "
            f"median and minimum; lowest {min(ratios):.0f}x.\n"
        )


def main() -> None:
    print(f"# Rendering: dlxh vs docxtpl ({platform.python_version()}, {platform.machine()})\n")
    print("| case | docxtpl docs/s | dlxh docs/s | ratio |")
    print("|---|---:|---:|---:|")
    cases = [(one_page_case(), 2.0), (big_table_case(5000), 6.0)]
    for case, budget in cases:
        theirs, ours = compare(case, budget)
        print(f"| {case.name} | {1 / theirs:,.1f} | {1 / ours:,.1f} | **{theirs / ours:.1f}x** |")

    small_templates(sys.argv[1:])

    print("\n## dlxh time per row\n")
    print("| rows | ms per document | µs per row |")
    print("|---:|---:|---:|")
    for rows in (1000, 2000, 5000, 10000, 20000):
        seconds = dlxh_time(big_table_case(rows))
        print(f"| {rows:,} | {seconds * 1000:,.1f} | {seconds / rows * 1e6:.1f} |")

    print("\n## Loading a template of many empty paragraphs (it must grow linearly)\n")
    print("| paragraphs | template KB | load ms | µs per paragraph |")
    print("|---:|---:|---:|---:|")
    for count in (10_000, 20_000, 40_000, 80_000):
        data = empty_paragraphs(count)
        seconds = min(load_time(data) for _ in range(ROUNDS))
        print(
            f"| {count:,} | {len(data) / 1024:.0f} | {seconds * 1000:,.0f} "
            f"| {seconds / count * 1e6:.2f} |"
        )

    print("\n## Where the time goes, and the floor (Jinja + deflate)\n")
    print("| case | dlxh ms | Jinja | post-passes | deflate | zip | floor ms | dlxh / floor |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for case, _ in cases:
        total = dlxh_time(case)
        step = phases(case)
        least = step["Jinja"] + step["deflate"]
        shares = " | ".join(f"{step[name] * 1000:.2f} ms" for name in step)
        print(
            f"| {case.name} | {total * 1000:.2f} | {shares} | {least * 1000:.2f} "
            f"| {total / least:.2f} |"
        )

    print("\n## The functions that take the most time (cProfile, share of own time)\n")
    for case, count in ((one_page_case(), 200), (big_table_case(5000), 5)):
        print(f"{case.name}:\n")
        for name, share in profile(case, count):
            print(f"- {share:5.1%} {name}")
        print()


if __name__ == "__main__":
    main()
