"""The data side of national scale: generating a national month and loading it as JSON Lines.

Run ``python bench/analysis_scale_data.py`` (or call ``run(tmp)`` from bench/analysis_bench.py):
writes the national month of tools/make_national.py (34 provinces, 3,321 communes, 100,000
collaborators, 300,000 opinion items) into a temporary folder, times the generator and
``dlxh.load_dataset`` (each in a fresh process, so that peak memory is the load's own), and
prints markdown. For comparison in the same run, a tenth of the month is loaded both as JSON
Lines and as one ``.json`` file per collection (the path every dataset took before).

Target (issue 14): loading at 50,000 items per second or more, in well under 4 GiB.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "make_national.py"
ROUNDS = 2
TARGET = 50_000

# Loads a dataset folder in a fresh interpreter and prints what it took, as JSON.
_LOAD = """
import json, resource, sys, time
t0 = time.perf_counter()
import dlxh
from dlxh.models.dataset import Dataset
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
t1, c1 = time.perf_counter(), cpu()
data = dlxh.load_dataset(sys.argv[1])
t2, c2 = time.perf_counter(), cpu()
print(json.dumps({
    "import": t1 - t0, "load": t2 - t1, "cpu": c2 - c1,
    "units": len(data.units), "collaborators": len(data.collaborators),
    "reports": len(data.reports), "items": sum(len(r.items) for r in data.reports),
    "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
}))
"""


def _generate(out: Path, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(TOOL), str(out), *args], check=True, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def _load(folder: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _LOAD, str(folder)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def _as_json(folder: Path, target: Path) -> None:
    """The same collections as one JSON document per file (``{"reports": [...]}``)."""
    target.mkdir()
    for file in sorted(folder.glob("*.jsonl")):
        key = file.stem.split("-", 1)[1].replace("-", "_")
        with file.open(encoding="utf-8") as stream:
            records = [json.loads(line) for line in stream if line.strip()]
        text = json.dumps({key: records}, ensure_ascii=False)
        (target / f"{file.stem}.json").write_text(text, encoding="utf-8")


def _best(folder: Path, rounds: int) -> dict[str, float]:
    runs = [_load(folder) for _ in range(rounds)]
    return min(runs, key=lambda r: r["load"])


def run(tmp: Path, rounds: int = ROUNDS) -> list[str]:
    """Generate the national month in ``tmp``, time loading it; markdown lines."""
    month = tmp / "national-month"
    generated = _generate(month)
    size = sum(p.stat().st_size for p in month.iterdir())
    best = _best(month, rounds)
    rate = best["items"] / best["load"]
    lines = [
        "## National dataset: generation and JSON Lines loading",
        "",
        "tools/make_national.py (default sizes) and `dlxh.load_dataset` on its output, each in "
        f"a fresh process; loading is the best of {rounds} rounds and includes building the "
        "validated `Dataset` with its cross-checks.",
        "",
        "| step | count | time | rate | CPU time | rate per CPU s | peak RSS |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| generate (34 provinces, 3,321 communes) | {best['items']:,.0f} items, "
        f"{size / 2**20:,.0f} MiB | {generated:.1f} s | | | | |",
        f"| load_dataset (JSON Lines) | {best['units']:,.0f} units, "
        f"{best['collaborators']:,.0f} collaborators, {best['reports']:,.0f} reports, "
        f"{best['items']:,.0f} items | {best['load']:.1f} s | {rate:,.0f} items/s | "
        f"{best['cpu']:.1f} s | {best['items'] / best['cpu']:,.0f} items/s | "
        f"{best['rss'] / 2**30:.2f} GiB |",
        "",
        f"Loading target: ≥ {TARGET:,} items/s, under 4 GiB: "
        f"{'met' if rate >= TARGET and best['rss'] < 4 * 2**30 else 'NOT met'} "
        f"({rate:,.0f} items/s; `import dlxh` before it: {best['import']:.2f} s). "
        "The machine is shared: the wall time grows with its load, the CPU time much less.",
    ]
    tenth = tmp / "national-tenth"
    _generate(tenth, "--collaborators", "10000", "--items", "30000")
    as_json = tmp / "national-tenth-json"
    _as_json(tenth, as_json)
    jsonl, plain = _best(tenth, rounds), _best(as_json, rounds)
    lines += [
        "",
        "A tenth of the month (10,000 collaborators, 30,000 items, all units), same records:",
        "",
        "| files | load | items/s | CPU time | peak RSS |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, result in (("JSON Lines (.jsonl)", jsonl), ("one JSON document per file", plain)):
        lines.append(
            f"| {label} | {result['load']:.2f} s | {result['items'] / result['load']:,.0f} | "
            f"{result['cpu']:.2f} s | {result['rss'] / 2**20:,.0f} MiB |"
        )
    return lines


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="dlxh-scale-data-") as tmp:
        print("\n".join(run(Path(tmp))))


if __name__ == "__main__":
    main()
