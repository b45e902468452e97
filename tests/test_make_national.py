"""tools/make_national.py: a deterministic national dataset that loads, with a ground truth."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

from dlxh import load_dataset

TOOL = Path(__file__).resolve().parent.parent / "tools" / "make_national.py"
SMALL = ["--provinces", "3", "--communes", "12", "--collaborators", "240", "--items", "700"]


def generate(out: Path, *args: str) -> Path:
    subprocess.run([sys.executable, str(TOOL), str(out), *SMALL, *args], check=True)
    return out


def truth(out: Path) -> list[dict[str, str]]:
    text = out.with_name(out.name + ".truth.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def contents(folder: Path) -> dict[str, bytes]:
    found = {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
    return {**found, "truth": folder.with_name(folder.name + ".truth.jsonl").read_bytes()}


def test_same_arguments_give_identical_files_and_another_seed_does_not(tmp_path: Path) -> None:
    first = contents(generate(tmp_path / "a"))
    assert first == contents(generate(tmp_path / "b"))
    assert list(first) == ["00-units.jsonl", "10-collaborators.jsonl", "20-reports.jsonl", "truth"]
    other = contents(generate(tmp_path / "c", "--seed", "7"))
    assert other["20-reports.jsonl"] != first["20-reports.jsonl"]
    assert generate(tmp_path / "a") and contents(tmp_path / "a") == first  # rewritten in place


def test_the_dataset_loads_and_the_truth_covers_every_item_once(tmp_path: Path) -> None:
    out = generate(tmp_path / "nat")
    data = load_dataset(out)
    assert len(data.units) == 1 + 3 + 12 and len(data.collaborators) == 240
    items = [item for report in data.reports for item in report.items]
    assert len(items) == 700
    lines = truth(out)
    assert sorted(line["item"] for line in lines) == sorted(str(item.id) for item in items)
    by_id = {item.id: item for item in items}
    matters: dict[str, list[str]] = defaultdict(list)
    provinces: dict[str, set[str]] = defaultdict(set)
    units = {u.code: u for u in data.units}
    people = {c.id: c for c in data.collaborators}
    for report in data.reports:
        unit = units[people[report.reporter.id].unit]
        province = unit.parent if unit.level.value == "commune" else unit.code
        for item in report.items:
            provinces[next(t["matter"] for t in lines if t["item"] == item.id)].add(str(province))
    for line in lines:
        matters[line["matter"]].append(by_id[line["item"]].title)
    # Matters are reported several times, in different words; national ones across provinces.
    repeated = [titles for titles in matters.values() if len(titles) >= 3]
    assert repeated and all(len(set(titles)) > 1 for titles in repeated[:5])
    scopes = {line["matter"]: line["scope"] for line in lines}
    assert any(len(provinces[m]) > 1 for m, scope in scopes.items() if scope == "national")
    assert all(len(provinces[m]) == 1 for m, scope in scopes.items() if scope != "national")
    # Most items carry their matter's field; some say "other".
    fields = Counter(by_id[line["item"]].field.value == line["field"] for line in lines)
    assert fields[True] > 0.8 * len(lines) and fields[False] > 0


def test_several_months_write_one_report_file_each(tmp_path: Path) -> None:
    out = generate(tmp_path / "year", "--months", "2", "--start", "2026-12")
    names = sorted(p.name for p in out.iterdir())
    assert names[2:] == ["20-2026-12-reports.jsonl", "20-2027-01-reports.jsonl"]
    data = load_dataset(out)
    assert sorted({str(r.period) for r in data.reports}) == ["2026-12", "2027-01"]
    assert sum(len(r.items) for r in data.reports) == 1400 == len(truth(out))


def test_by_province_splits_the_same_records_into_one_folder_per_province(tmp_path: Path) -> None:
    flat = load_dataset(generate(tmp_path / "flat"))
    out = generate(tmp_path / "split", "--by-province")
    folders = sorted(p for p in out.iterdir() if p.is_dir())
    assert [p.name for p in folders] == ["T01", "T04", "T08"]
    whole = load_dataset([out, *folders])
    assert sorted(r.id for r in whole.reports) == sorted(r.id for r in flat.reports)
    assert whole.reports[0] in flat.reports
    one = load_dataset([out, folders[0]])
    people = {c.id for c in one.collaborators}
    assert one.reports and all(r.reporter.id in people for r in one.reports)
    assert all(c.unit == "T01" or one.unit(c.unit).parent == "T01" for c in one.collaborators)
    assert contents(tmp_path / "flat")["truth"] == (tmp_path / "split.truth.jsonl").read_bytes()
