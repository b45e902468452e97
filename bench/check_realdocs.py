"""The format checker on real documents nobody on this project wrote: precision, misses, speed.

Reads ``../shared/data/realdocs`` (or ``$DLXH_REALDOCS``): real .docx files with ``JUDGED.tsv``
(findings a careful reader judged true ``T``, false ``F`` or unsure ``U``) and ``MISSES.tsv``
(defects a clerk flags that no finding named). The corpus is never copied into the repository;
without it the script says so and exits 0.

Printed, as Markdown:

* **precision**: of the findings that match a judged row (same document, rule and location),
  the share judged true, each finding row counted once; unsure rows are left out of the ratio
  and shown. Findings with no judged row are listed for a reader to judge: a new rule's
  findings have no verdict yet, and calling them true would flatter the figure.
* **judged true findings no longer reported** (a fix that lost a true finding is a regression).
* **misses**: each row of ``MISSES.tsv`` with the rule keys that would report it and whether a
  finding with one of those keys is now reported for that document.
* **regime**: documents of another regime (``O*``) must be "not recognised" with info findings
  only.
* **time**: per file in-process, and ``dlxh check FILE`` / ``dlxh --help`` as a fresh process
  (import time included), against the 0.5 s target.
"""

from __future__ import annotations

import compileall
import csv
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import dlxh

ROOT = Path(os.environ.get("DLXH_REALDOCS", Path(__file__).parents[2] / "shared/data/realdocs"))

# What each kind of miss is reported as: words of the miss's text -> rule keys. This is the
# benchmark's reading of free text, not part of the checker.
MISS_RULES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("page number",), ("page_number.size_pt",)),
    (("parent body",), ("issuer.parent_size_pt",)),
    (("v/v summary",), ("subject.size_pt",)),
    (("archive line",), ("recipients.archive_prefix", "recipients.archive_end")),
    (("motto en dash",), ("motto.dash",)),
    (("number line", "pt"), ("number.size_pt",)),
    (("laid out with tabs",), ("recipients.archive_prefix", "recipients.separator")),
    (("as a party document",), ("font.name",)),
)


def _rules_for(text: str) -> tuple[str, ...]:
    lowered = text.casefold()
    for words, rules in MISS_RULES:
        if all(word in lowered for word in words):
            return rules
    return ()


def _read_tsv(name: str) -> list[dict[str, str]]:
    with (ROOT / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _cli_seconds(args: list[str], repeat: int = 5) -> float:
    """The median wall time of ``dlxh ARGS`` in a fresh interpreter, its bytecode compiled as
    ``pip install`` leaves it (an editable checkout under PYTHONDONTWRITEBYTECODE would compile
    every module on every start instead)."""
    compileall.compile_dir(str(Path(dlxh.__file__).parent), quiet=1)
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "dlxh", *args], capture_output=True, check=False, timeout=120
        )
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> int:
    if not (ROOT / "JUDGED.tsv").exists():
        print(f"check_realdocs: skipped, the real-document corpus is not at {ROOT}")
        return 0
    judged: dict[tuple[str, str, str], str] = {}
    for row in _read_tsv("JUDGED.tsv"):
        judged.setdefault((row["doc"], row["rule"], row["location"]), row["verdict"])
    counts: Counter[str] = Counter()
    unjudged: list[str] = []
    reported: dict[str, set[tuple[str, str]]] = {}
    regimes: dict[str, tuple[str, list[str]]] = {}
    seconds: list[float] = []
    false_alarms: list[str] = []
    files = sorted(ROOT.glob("*.docx"))
    for path in files:
        doc = path.name.split("_")[0]
        started = time.perf_counter()
        report = dlxh.check(path)
        seconds.append(time.perf_counter() - started)
        reported[doc] = {(f.rule, f.location) for f in report.findings}
        regimes[doc] = (report.profile, sorted({f.severity for f in report.findings}))
        for finding in report.findings:
            verdict = judged.get((doc, finding.rule, finding.location), "unjudged")
            counts[verdict] += 1
            line = (
                f"{doc} {finding.severity} {finding.rule} @ {finding.location}: {finding.message}"
            )
            if verdict == "unjudged":
                unjudged.append(line)
            elif verdict == "F":
                false_alarms.append(line)
    true, false = counts["T"], counts["F"]
    precision = true / (true + false) if true + false else 1.0
    print("### Precision on judged findings\n")
    print("| true | false | unsure | not judged | precision (true / (true + false)) |")
    print("|---:|---:|---:|---:|---:|")
    print(f"| {true} | {false} | {counts['U']} | {counts['unjudged']} | **{precision:.1%}** |\n")
    lost = [
        (doc, rule, location)
        for (doc, rule, location), verdict in judged.items()
        if verdict == "T" and (rule, location) not in reported.get(doc, set())
    ]
    print(f"Judged-true findings not reported at their judged location: {len(lost)}\n")
    for doc, rule, location in lost:
        elsewhere = sorted(where for r, where in reported.get(doc, set()) if r == rule)
        note = f" (the rule reports {doc} at: {'; '.join(elsewhere)[:80]})" if elsewhere else ""
        print(f"- {doc} {rule} @ {location}{note}")
    if false_alarms:
        print(f"\nFalse alarms still reported ({len(false_alarms)}):\n")
        for line in false_alarms:
            print(f"- {line}")
    if unjudged:
        print(f"\nFindings with no judged row, for a reader to judge ({len(unjudged)}):\n")
        for line in unjudged:
            print(f"- {line}")
    _print_misses(reported)
    _print_regimes_and_time(regimes, seconds, files)
    return 0


def _print_misses(reported: dict[str, set[tuple[str, str]]]) -> None:
    print("\n### Misses (MISSES.tsv)\n")
    print("| doc | defect | reported as | now reported |")
    print("|---|---|---|---|")
    open_misses = 0
    for row in _read_tsv("MISSES.tsv"):
        doc, text = row["doc"], row["what a careful clerk flags that no finding names"]
        keys = _rules_for(text)
        found = any(rule in keys for rule, _ in reported.get(doc, set()))
        open_misses += not found
        print(f"| {doc} | {text} | {', '.join(keys) or '?'} | {'yes' if found else '**no**'} |")
    print(f"\nMisses still open: {open_misses}\n")


def _print_regimes_and_time(
    regimes: dict[str, tuple[str, list[str]]], seconds: list[float], files: list[Path]
) -> None:
    print("### Documents of another regime\n")
    for doc, (profile, severities) in sorted(regimes.items()):
        if doc.startswith("O"):
            shown = ", ".join(severities) or "none"
            print(f"- {doc}: profile {profile}, finding severities: {shown}")
    print("\n### Time\n")
    print(
        f"- {len(files)} files, in-process check: median {statistics.median(seconds) * 1000:.0f} "
        f"ms, max {max(seconds) * 1000:.0f} ms per file"
    )
    for sample in (files[0], next((f for f in files if f.name.startswith("S")), files[0])):
        seconds_cli = _cli_seconds(["check", str(sample)])
        print(
            f"- `dlxh check {sample.name}` as a new process: {seconds_cli:.2f} s (target < 0.5 s)"
        )
    print(f"- `dlxh --help` as a new process: {_cli_seconds(['--help']):.2f} s (target < 0.5 s)")


if __name__ == "__main__":
    sys.exit(main())
