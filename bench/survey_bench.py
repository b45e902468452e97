"""Benchmark dlxh.survey on 1,000,000 synthetic respondents in 50 strata.

Run ``python bench/survey_bench.py``; prints wall time and peak traced memory per estimate.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable

import numpy as np

from dlxh import survey

N = 1_000_000
STRATA = 50
PSU_PER_STRATUM = 40


def make_design() -> survey.Design:
    rng = np.random.default_rng(2024)
    stratum = rng.integers(0, STRATA, N)
    psu = stratum * PSU_PER_STRATUM + rng.integers(0, PSU_PER_STRATUM, N)
    data = {
        "stratum": stratum,
        "psu": psu,
        "w": rng.uniform(50, 150, N),
        "income": rng.lognormal(2, 0.5, N),
        "agree": rng.integers(0, 2, N),
        "region": rng.integers(0, 6, N),
    }
    return survey.Design(data, weights="w", strata="stratum", cluster="psu")


def measure(fn: Callable[[], object]) -> tuple[float, float]:
    tracemalloc.start()
    t0 = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak / 2**20


def main() -> None:
    design_holder: list[survey.Design] = []
    t, m = measure(lambda: design_holder.append(make_design()))
    d = design_holder[0]
    rows = [("build design (incl. data)", t, m)]
    cases: list[tuple[str, Callable[[], object]]] = [
        ("mean(income)", lambda: survey.mean(d, "income")),
        ("total(income)", lambda: survey.total(d, "income")),
        ("proportion(agree=1)", lambda: survey.proportion(d, "agree", "1")),
        ("mean(income, by=region) 6 domains", lambda: survey.mean(d, "income", by="region")),
        ("ratio(income/agree)", lambda: survey.ratio(d, "income", "agree")),
    ]
    for name, fn in cases:
        t, m = measure(fn)
        rows.append((name, t, m))
    print(f"{N:,} respondents, {STRATA} strata, {STRATA * PSU_PER_STRATUM} PSUs")
    print(f"{'estimate':<36}{'seconds':>10}{'peak MiB':>12}")
    for name, t, m in rows:
        print(f"{name:<36}{t:>10.3f}{m:>12.1f}")


if __name__ == "__main__":
    main()
