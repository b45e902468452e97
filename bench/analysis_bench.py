"""Opinion analysis on real Vietnamese text, side by side with a scikit-learn baseline.

Reads ``../shared/data/textq`` (or ``$DLXH_TEXTQ``): public corpora with their splits (see the
README there). It is never copied into the repository; without it the text sections are
skipped with a message. Prints markdown:

* grouping, KTLab hand-made clusters: dlxh's default grouping against TF-IDF character n-grams
  with scikit-learn's average-link clustering, whose threshold is tuned here on clusters 1-100
  (dlxh's defaults were chosen on the same clusters); both are scored on clusters 101-200;
* pair similarity, vnPara: ROC AUC of dlxh's pair measure, of its batch vectors, and of TF-IDF;
* classifiers (``bench/analysis_classify.py``) and the data scale
  (``bench/analysis_scale_data.py``) when present;
* the time to group 400 to 10,000 items, flat and by the unit tree.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sklearn.cluster import AgglomerativeClustering  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import adjusted_rand_score, roc_auc_score  # noqa: E402

from dlxh.aggregate.currents import group_by_units  # noqa: E402
from dlxh.aggregate.similarity import group_items, similarity  # noqa: E402
from dlxh.aggregate.vectors import vectorise  # noqa: E402
from dlxh.models import OpinionField, OpinionItem  # noqa: E402

TEXTQ = Path(os.environ.get("DLXH_TEXTQ", ROOT.parent / "shared" / "data" / "textq"))


def _rows(name: str) -> list[dict[str, str]]:
    with (TEXTQ / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_MINIMAL))


def _labels(groups: Sequence[Sequence[int]], count: int) -> list[int]:
    label = [0] * count
    for number, group in enumerate(groups):
        for index in group:
            label[index] = number
    return label


def _sklearn_groups(texts: list[str], threshold: float) -> list[int]:

    matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
    dense = matrix.fit_transform(texts).toarray()
    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold
    )
    return list(model.fit_predict(dense))


def grouping() -> list[str]:

    rows = _rows("grouping_ktlab.tsv")
    tune = [r for r in rows if int(r["cluster"]) <= 100]
    test = [r for r in rows if int(r["cluster"]) > 100]
    lines = [
        "### Grouping: KTLab hand-made clusters (tuned on 1-100, scored on 101-200)",
        "",
        "| method | texts | ARI 1-100 | ARI 101-200 | matters split (101-200) | time (101-200) |",
        "|---|---|---:|---:|---:|---:|",
    ]

    def split(truth: list[str], label: list[int]) -> int:
        return sum(
            1 for c in set(truth) if len({label[i] for i, t in enumerate(truth) if t == c}) > 1
        )

    for mode in ("title + content", "title"):

        def texts(
            part: list[dict[str, str]], mode: str = mode
        ) -> tuple[list[str], list[str] | None]:
            titles = [r["title"] for r in part]
            return titles, ([r["summary"] for r in part] if mode != "title" else None)

        scores = []
        for part in (tune, test):
            titles, contents = texts(part)
            start = time.perf_counter()
            label = _labels(group_items(titles, contents=contents), len(part))
            took = time.perf_counter() - start
            truth = [r["cluster"] for r in part]
            scores.append((adjusted_rand_score(truth, label), split(truth, label), took))
        lines.append(
            f"| dlxh defaults | {mode} | {scores[0][0]:.3f} | **{scores[1][0]:.3f}** | "
            f"{scores[1][1]} of {len({r['cluster'] for r in test})} | {scores[1][2]:.2f} s |"
        )
        joined = [r["title"] if mode == "title" else f"{r['title']} {r['summary']}" for r in rows]
        tune_texts = joined[: len(tune)]
        truth_tune = [r["cluster"] for r in tune]
        best = max(
            (adjusted_rand_score(truth_tune, _sklearn_groups(tune_texts, t)), t)
            for t in (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
        )
        start = time.perf_counter()
        label = _sklearn_groups(joined[len(tune) :], best[1])
        took = time.perf_counter() - start
        truth = [r["cluster"] for r in test]
        lines.append(
            f"| scikit-learn TF-IDF char 2-5 + average link (distance {best[1]}) | {mode} | "
            f"{best[0]:.3f} | {adjusted_rand_score(truth, label):.3f} | {split(truth, label)} | "
            f"{took:.2f} s |"
        )
    return [*lines, ""]


def pairs() -> list[str]:

    rows = _rows("pairs_vnpara.tsv")
    truth = [int(r["paraphrase"]) for r in rows]
    left, right = [r["sentence1"] for r in rows], [r["sentence2"] for r in rows]
    pair = [similarity(a, b) for a, b in zip(left, right, strict=True)]
    vectors = vectorise(left + right)
    batch = vectors[: len(rows)].multiply(vectors[len(rows) :]).sum(axis=1).A1
    tfidf = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
    matrix = tfidf.fit_transform(left + right)
    base = matrix[: len(rows)].multiply(matrix[len(rows) :]).sum(axis=1).A1
    return [
        f"### Pair similarity: vnPara ({len(rows):,} pairs), ROC AUC",
        "",
        "| measure | AUC |",
        "|---|---:|",
        f"| dlxh `similarity` (pair measure, no batch) | {roc_auc_score(truth, pair):.4f} |",
        f"| dlxh batch vectors (`vectorise`, cosine) | **{roc_auc_score(truth, batch):.4f}** |",
        f"| scikit-learn TF-IDF char 2-5, cosine | {roc_auc_score(truth, base):.4f} |",
        "",
    ]


_MATTERS = [
    "Sạt lở đất tại bản {p} sau mưa lớn",
    "Giá phân bón tăng cao ở xã {p}",
    "Chậm chi trả bồi thường giải phóng mặt bằng dự án đường {p}",
    "Ô nhiễm nước thải chăn nuôi tại thôn {p}",
    "Thiếu giáo viên tại điểm trường {p}",
    "Đường giao thông thôn {p} xuống cấp",
    "Tranh chấp đất rừng giữa hai hộ ở bản {p}",
    "Trạm y tế xã {p} thiếu thuốc",
]
_PLACES = [
    f"{a} {b}"
    for a in ("Nậm", "Pa", "Mường", "Huổi", "Tà", "Sì")
    for b in ("So", "Tè", "Cuổi", "Lếch", "Pìn", "Chải", "Khoa", "Lay", "Hồ", "Thàng")
]


def _synthetic(
    count: int, seed: int = 1
) -> tuple[list[OpinionItem], list[str], dict[str, str | None]]:
    """Items about invented matters, each reported a few times in different words, spread over
    communes of provinces (for timing only; the corpora measure quality)."""
    rng = random.Random(seed)
    provinces = [f"P{p}" for p in range(max(1, count // 3000))]
    communes = [f"{p}X{c}" for p in provinces for c in range(100)]
    parents: dict[str, str | None] = {c: c.split("X")[0] for c in communes}
    parents.update(dict.fromkeys(provinces))
    items, units = [], []
    while len(items) < count:
        matter = rng.choice(_MATTERS).format(p=rng.choice(_PLACES))
        commune = rng.choice(communes)
        for _ in range(rng.randint(1, 4)):
            words = matter.split()
            if rng.random() < 0.5:
                words.insert(
                    rng.randrange(len(words)),
                    rng.choice(["nghiêm trọng", "kéo dài", "gây bức xúc"]),
                )
            title = " ".join(words)
            items.append(
                OpinionItem(
                    title=title,
                    content=f"Nhân dân phản ánh: {title.lower()}.",
                    field=OpinionField.OTHER,
                )
            )
            units.append(commune)
    return items[:count], units[:count], parents


def speed() -> list[str]:
    lines = [
        "### Time to group (this machine)",
        "",
        "| items | flat `group_items` (title + content) | by unit tree (`group_by_units`) |",
        "|---:|---:|---:|",
    ]
    for count in (400, 1_600, 10_000):
        items, units, parents = _synthetic(count)
        start = time.perf_counter()
        group_items([i.title for i in items], contents=[i.content for i in items])
        flat = time.perf_counter() - start
        start = time.perf_counter()
        group_by_units(items, units, parents)
        tree = time.perf_counter() - start
        lines.append(f"| {count:,} | {flat:.2f} s | {tree:.2f} s |")
    return [*lines, ""]


def _optional(name: str, *args: object) -> list[str]:
    path = ROOT / "bench" / f"{name}.py"
    if not path.exists():
        return [f"({name}.py is not in this checkout)", ""]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    run: Callable[..., list[str]] = module.run
    return [*run(*args), ""]


_NATIONAL = """
import json, resource, sys, time
from concurrent.futures import ProcessPoolExecutor
from sklearn.metrics import adjusted_rand_score
import dlxh
from dlxh.aggregate import synthesize


def run(data, executor):
    start = time.perf_counter()
    # hooks=False: dlxh's own pipeline, as measured before synthesize() took the installed
    # plugins by default (the generated items carry their fields: no classifier is needed)
    result = synthesize(data, str(data.reports[0].period), strict=False, executor=executor,
                        hooks=False)
    return result, time.perf_counter() - start


if __name__ == "__main__":
    folder, mode = sys.argv[1], sys.argv[2]
    data = dlxh.load_dataset(folder)
    if mode == "pool":
        with ProcessPoolExecutor(2) as pool:
            result, took = run(data, pool)
    else:
        result, took = run(data, None)
    truth = {}
    with open(folder + ".truth.jsonl", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            truth[row["item"]] = row["matter"]
    gold, found = [], []
    for number, current in enumerate(result.currents):
        for ref in current.provenance:
            gold.append(truth[ref.item])
            found.append(number)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(json.dumps({"seconds": took, "peak_gib": peak, "items": len(gold),
                      "currents": len(result.currents), "matters": len(set(gold)),
                      "ari": adjusted_rand_score(gold, found)}))
"""


def national(folder: Path) -> list[str]:
    """``synthesize`` of the generated national month in a fresh process (for its peak RSS),
    one task per province on a 2-process pool, scored against the generator's matters."""
    lines = [
        "### A national month synthesised (tools/make_national.py defaults)",
        "",
        "| provinces run on | items | seconds | peak memory of the main process | currents "
        "| generator's matters | ARI against them |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for mode, label in (("pool", "2-process pool"),):
        done = subprocess.run(
            [sys.executable, "-c", _NATIONAL, str(folder), mode],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )
        if done.returncode != 0:
            lines.append(f"| {label} | failed: {done.stderr.strip()[-300:]} |")
            continue
        row = json.loads(done.stdout.strip().splitlines()[-1])
        lines.append(
            f"| {label} | {row['items']:,} | {row['seconds']:.0f} | {row['peak_gib']:.1f} GiB | "
            f"{row['currents']:,} | {row['matters']:,} | {row['ari']:.3f} |"
        )
    return [*lines, "", "Targets: under 2 minutes and 4 GiB (the load, timed above, apart).", ""]


_YEAR = """
import json, resource, sys, time
from pathlib import Path
from dask.distributed import Client, LocalCluster
from sklearn.metrics import adjusted_rand_score
from dlxh.aggregate import synthesize_parts


def peak(dask_worker=None):
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    provinces = sorted(p for p in folder.iterdir() if p.is_dir())
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None, memory_limit="10GiB") as cluster:
        with Client(cluster) as client:
            start = time.perf_counter()
            arrivals = []

            def progress(part, done, total):
                arrivals.append(time.perf_counter() - start)
                print(f"{time.perf_counter() - start:7.0f} s  {part.name} done ({done}/{total}): "
                      f"{part.figures.items:,} items, {len(part.currents):,} currents",
                      file=sys.stderr, flush=True)

            federation = synthesize_parts([[folder, p] for p in provinces], sys.argv[2],
                                          executor=client.get_executor(), strict=False,
                                          progress=progress, hooks=False)
            took = time.perf_counter() - start
            workers = max(client.run(peak).values())
    truth = {}
    with open(str(folder) + ".truth.jsonl", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            truth[row["item"]] = row["matter"]
    gold, found, months = [], [], {}
    for number, current in enumerate(federation.currents):
        for ref in current.provenance:
            gold.append(truth[ref.item])
            found.append(number)
            month = months.setdefault("-".join(truth[ref.item].split("-")[1:3]), ([], []))
            month[0].append(truth[ref.item])
            month[1].append(number)
    # the generator draws each month's matters afresh: a current that follows one matter
    # through the year counts against the ARI over the year, not against the one within a month
    within = sum(adjusted_rand_score(*pair) for pair in months.values()) / len(months)
    print(json.dumps({"seconds": took, "tasks": len(provinces), "items": len(gold),
                      "within_month_ari": within,
                      "parts_seconds": arrivals[-1],
                      "province_currents": sum(len(p.currents) for p in federation.parts),
                      "currents": len(federation.currents), "matters": len(set(gold)),
                      "ari": adjusted_rand_score(gold, found), "worker_peak_gib": workers,
                      "main_peak_gib": peak()}))
"""


def national_year(tmp: Path) -> list[str]:
    """A generated national year on a Dask LocalCluster: one task per province (each loads its
    own folder and synthesises its year), then the merge at the centre."""
    title = ["### A national year on Dask (one task per province, then the merge)", ""]
    if importlib.util.find_spec("distributed") is None:
        return [*title, "dask.distributed is not installed (`pip install dlxh[dask]`): skipped", ""]
    folder = tmp / "national-year"
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_national.py"), str(folder), "--months", "12",
         "--by-province"],
        check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )  # fmt: skip
    generated = time.perf_counter() - start
    log = tmp / "national-year.log"
    print(f"national year: generated in {generated:.0f} s; progress in {log}", file=sys.stderr)
    with log.open("w", encoding="utf-8") as progress:
        done = subprocess.run(
            [sys.executable, "-c", _YEAR, str(folder), "2026"],
            stdout=subprocess.PIPE,
            stderr=progress,
            text=True,
            check=False,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )
    if done.returncode != 0:
        return [*title, f"failed: {log.read_text(encoding='utf-8').strip()[-500:]}", ""]
    row = json.loads(done.stdout.strip().splitlines()[-1])
    return [
        *title,
        f"Generated with `tools/make_national.py --months 12 --by-province` in {generated:.0f} s. "
        "A LocalCluster of 2 worker processes (1 thread each) on this machine's 2 cores; the "
        "time counts loading each province's year in its worker.",
        "",
        "| tasks | items | seconds | of which the provinces | the merge "
        "| peak memory of a worker | of the main process "
        "| provinces' currents | national currents | generator's matters | ARI against them "
        "| ARI within each month (mean) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {row['tasks']} | {row['items']:,} | {row['seconds']:.0f} | "
        f"{row['parts_seconds']:.0f} | {row['seconds'] - row['parts_seconds']:.0f} | "
        f"{row['worker_peak_gib']:.1f} GiB | {row['main_peak_gib']:.1f} GiB | "
        f"{row['province_currents']:,} | {row['currents']:,} | {row['matters']:,} | "
        f"{row['ari']:.3f} | {row['within_month_ari']:.3f} |",
        "",
        "The generator draws each month's matters afresh (a new id each month, even for a "
        "national matter that goes on), so a current that follows one matter through the year "
        "counts against the ARI over the year; the ARI within each month scores the same "
        "currents against that month's matters only.",
        "",
    ]


def main() -> None:
    out: list[str] = []
    if not TEXTQ.is_dir():
        out += [f"textq corpora not found at {TEXTQ}: text sections skipped (set DLXH_TEXTQ)", ""]
    else:
        out += grouping() + pairs() + _optional("analysis_classify", TEXTQ)
    out += speed()
    with tempfile.TemporaryDirectory() as tmp:
        out += _optional("analysis_scale_data", Path(tmp))
        if (Path(tmp) / "national-month").is_dir():
            out += national(Path(tmp) / "national-month")
    with tempfile.TemporaryDirectory() as tmp:
        out += national_year(Path(tmp))
    print("\n".join(out))


if __name__ == "__main__":
    main()
