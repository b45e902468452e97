"""Write a national DLXH dataset as JSON Lines: a month (or a year) of collaborators' reports.

By default: the 34 provinces and 3,321 communes of ``vietnam-provinces`` (real public units),
100,000 invented collaborators and about 300,000 opinion items in one month of reports, the size
the scale targets of issue 14 are stated for. Smaller sizes for tests::

    python tools/make_national.py OUT [--months 12] [--start 2026-01] [--provinces 2]
        [--communes 20] [--collaborators 300] [--items 900] [--seed 7] [--by-province]

OUT is a dataset folder ``dlxh.load_dataset`` reads: ``00-units.jsonl``,
``10-collaborators.jsonl`` and ``20-reports.jsonl`` (one ``20-YYYY-MM-reports.jsonl`` per month
when there are several). With ``--by-province`` the collaborators and reports of each province
go to a sub-folder named by its unit code (``OUT/T01/``), so that one task loads one province
(``load_dataset([OUT, OUT / "T01"])``). Beside it, ``OUT.truth.jsonl`` maps every opinion
item to the matter it reports (with the matter's true field, tendency, scope and unit), so a
grouping or a classifier can be scored; it is outside the folder, not part of the dataset.

Matters are local to one commune (most), shared by a province, or national; each is reported by
several collaborators in their own words (see ``national_matters.py``). Labels are filled for
most items; some say ``other`` or ``undecided``. The output depends only on the arguments: the
same arguments give byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from national_matters import TEMPLATES, Matter, fill_slots, pick, word_item
from vietnam_provinces import Province, Ward

SEED = 20261201
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Lò")
MIDDLE = {"male": ("Văn", "Đức", "Minh", "Quang", "Hữu"), "female": ("Thị", "Thu", "Ngọc", "Hồng")}
GIVEN = {
    "male": ("An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khoa", "Long", "Nam", "Sơn", "Tùng"),
    "female": ("Anh", "Chi", "Dung", "Hà", "Hoa", "Lan", "Mai", "Nga", "Thảo", "Trang", "Yến"),
}
POSITIONS = (
    "Bí thư Chi bộ",
    "Trưởng thôn",
    "Cán bộ Mặt trận xã",
    "Chủ tịch Hội Nông dân xã",
    "Chủ tịch Hội Cựu chiến binh xã",
    "Bí thư Đoàn xã",
    "Giáo viên",
    "Trưởng trạm y tế xã",
)
SCOPE_ODDS = {"commune": (0.5, 0.3, 0.2), "province": (0.0, 0.6, 0.4)}
POOL_SIZE = {"commune": (3, 6), "province": (10, 14)}
BREADTH = ("some", "some", "many", "majority", "overwhelming")
CHANNELS = ("direct", "direct", "meeting", "social_media", "press", "dialogue", "phone")


@dataclass(frozen=True)
class Place:
    """A unit of the dataset and how running text names it."""

    code: str
    text: str
    admin_code: int
    province: str  # the province unit's code ("" for a province)


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def units(provinces: int, communes: int) -> tuple[list[dict[str, Any]], list[Place], list[Place]]:
    """The central board, ``provinces`` provinces and ``communes`` communes spread over them."""
    chosen = sorted(Province.iter_all(), key=lambda p: int(p.code))[:provinces]
    records: list[dict[str, Any]] = [
        {"code": "TW", "name": "Ban Tuyên giáo và Dân vận Trung ương", "level": "central"}
    ]
    province_places: list[Place] = []
    wards: list[list[Any]] = []
    for p in chosen:
        city = p.name.startswith("Thành phố")
        short = p.name.removeprefix("Thành phố ")
        code = f"T{int(p.code):02d}"
        records.append(
            {
                "code": code,
                "name": f"Ban Tuyên giáo và Dân vận {'Thành ủy' if city else 'Tỉnh ủy'} {short}",
                "level": "province",
                "parent": "TW",
                "admin_code": int(p.code),
            }
        )
        text = f"thành phố {short}" if city else f"tỉnh {short}"
        province_places.append(Place(code, text, int(p.code), ""))
        wards.append(sorted(Ward.iter_by_province(p.code), key=lambda w: int(w.code)))
    commune_places: list[Place] = []
    depth = 0
    while len(commune_places) < communes and any(depth < len(w) for w in wards):
        for place, ward_list in zip(province_places, wards, strict=True):
            if depth < len(ward_list) and len(commune_places) < communes:
                ward = ward_list[depth]
                commune_places.append(
                    Place(
                        f"X{int(ward.code):05d}",
                        _lower_first(ward.name),
                        int(ward.code),
                        place.code,
                    )
                )
        depth += 1
    commune_places.sort(key=lambda c: c.admin_code)
    for c in commune_places:
        records.append(
            {
                "code": c.code,
                "name": f"Đảng ủy {c.text}",
                "level": "commune",
                "parent": c.province,
                "admin_code": c.admin_code,
            }
        )
    return records, province_places, commune_places


def collaborators(rng: random.Random, count: int, communes: list[Place]) -> list[dict[str, Any]]:
    """Invented people spread evenly over the communes; every 50th works at province level."""
    people = []
    for i in range(count):
        commune = communes[i % len(communes)]
        gender = "male" if rng.random() < 0.55 else "female"
        name = f"{pick(rng, FAMILY)} {pick(rng, MIDDLE[gender])} {pick(rng, GIVEN[gender])}"
        at_province = i % 50 == 49
        people.append(
            {
                "id": f"CTV-{i + 1:06d}",
                "full_name": name,
                "gender": gender,
                "birth_year": rng.randint(1960, 2000),
                "unit": commune.province if at_province else commune.code,
                "position": "Cán bộ Ban Tuyên giáo và Dân vận"
                if at_province
                else pick(rng, POSITIONS),
                "level": "province" if at_province else "commune",
                "appointed_on": "2025-07-15",
            }
        )
    return people


class Matters:
    """The matters of one month, made when a unit's first report needs them."""

    def __init__(self, rng: random.Random, month: str) -> None:
        self.rng = rng
        self.month = month
        self.pools: dict[str, tuple[list[Matter], list[float]]] = {}
        self.serial = 0
        self.by_scope = {s: [t for t in TEMPLATES if t.scope == s] for s in ("commune", "province")}
        national = [t for t in TEMPLATES if t.scope == "national"]
        self.national = self._pool(
            "TW", national, size=len(national), commune="", province="", admin_code=None
        )

    def _pool(
        self,
        unit: str,
        templates: list[Any],
        *,
        size: int,
        commune: str,
        province: str,
        admin_code: int | None,
    ) -> tuple[list[Matter], list[float]]:
        rng = self.rng
        matters = []
        chosen = templates if size == len(templates) else rng.sample(templates, size)
        for template in chosen:
            self.serial += 1
            slots = fill_slots(rng, commune, province)
            matters.append(Matter(f"M-{self.month}-{self.serial:06d}", template, slots, unit))
            matters[-1].admin_code = admin_code
        weights = [1.0 / (rank + 1) for rank in range(len(matters))]  # a few matters dominate
        cumulative = [sum(weights[: i + 1]) for i in range(len(weights))]
        return matters, cumulative

    def pool(self, scope: str, place: Place, province: Place) -> tuple[list[Matter], list[float]]:
        if scope == "national":
            return self.national
        key = place.code if scope == "commune" else province.code
        if key not in self.pools:
            low, high = POOL_SIZE[scope]
            templates = self.by_scope[scope]
            size = min(len(templates), self.rng.randint(low, high))
            commune = place.text if scope == "commune" else ""
            code = place.admin_code if scope == "commune" else None
            self.pools[key] = self._pool(
                key, templates, size=size, commune=commune, province=province.text, admin_code=code
            )
        return self.pools[key]


def _item(rng: random.Random, matter: Matter, ident: str) -> tuple[dict[str, Any], dict[str, Any]]:
    t = matter.template
    title, content = word_item(rng, matter)
    item: dict[str, Any] = {"id": ident, "title": title, "content": content}
    item["field"] = t.field if rng.random() < 0.88 else "other"
    tendency = t.tendency if rng.random() < 0.8 else "undecided"
    if tendency != "undecided" or rng.random() < 0.5:
        item["tendency"] = tendency
    item["breadth"] = pick(rng, BREADTH)
    item["intensity"] = t.intensity if rng.random() < 0.8 else "medium"
    if t.hotspot and rng.random() < 0.7:
        item["hotspot"] = True
    if t.scope == "commune":
        item["place"] = f"{matter.slots['place']}, {matter.slots['commune']}"[:200]
        item["admin_code"] = matter.admin_code
    item["channel"] = pick(rng, CHANNELS)
    truth = {
        "item": ident,
        "matter": matter.id,
        "template": t.key,
        "field": t.field,
        "tendency": t.tendency,
        "scope": t.scope,
        "unit": matter.unit,
    }
    return item, truth


def reports(
    rng: random.Random,
    people: list[dict[str, Any]],
    places: dict[str, Place],
    *,
    year: int,
    month: int,
    items: int,
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """One month of reports holding ``items`` opinion items in all, with their truth lines."""
    tag = f"{year}-{month:02d}"
    reporters = [p for p in people if rng.random() < 0.95]
    if items < len(reporters):
        reporters = [reporters[i] for i in sorted(rng.sample(range(len(reporters)), items))]
    counts = [1] * len(reporters)
    for _ in range(items - len(reporters)):
        counts[rng.randrange(len(reporters))] += 1
    matters = Matters(rng, tag)
    for person, count in zip(reporters, counts, strict=True):
        place = places[person["unit"]]
        province = places[place.province] if place.province else place
        odds = SCOPE_ODDS[person["level"]]
        serial = person["id"].removeprefix("CTV-")
        chosen: list[Matter] = []
        for _ in range(count):
            for _attempt in range(4):
                scope = rng.choices(("commune", "province", "national"), weights=odds)[0]
                pool, cumulative = matters.pool(scope, place, province)
                matter = rng.choices(pool, cum_weights=cumulative)[0]
                if matter not in chosen:
                    break
            chosen.append(matter)
        lines = [_item(rng, matter, f"Y-{tag}-{serial}-{n}") for n, matter in enumerate(chosen, 1)]
        day = rng.randint(3, 19) if rng.random() < 0.85 else rng.randint(21, 28)
        report = {
            "id": f"BC-{tag}-{serial}",
            "period": tag,
            "reporter": {"kind": "collaborator", "id": person["id"]},
            "submitted_on": date(year, month, day).isoformat(),
            "items": [item for item, _ in lines],
        }
        yield report, [truth for _, truth in lines]


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # one, not one per line


def _write_line(stream: IO[str], record: dict[str, Any]) -> None:
    stream.write(_ENCODER.encode(record) + "\n")


def _months(start: str, count: int) -> list[tuple[int, int]]:
    year, month = (int(part) for part in start.split("-"))
    result = []
    for _ in range(count):
        result.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def _prepare(out: Path) -> None:
    """Make ``out`` an empty folder, removing only what an earlier run wrote there."""
    if out.exists():
        if not out.is_dir():
            raise SystemExit(f"{out}: exists and is not a folder")
        entries = list(out.iterdir())
        for entry in entries:
            inside = list(entry.iterdir()) if entry.is_dir() else [entry]
            if any(p.suffix != ".jsonl" or p.is_dir() for p in inside):
                raise SystemExit(f"{out}: holds other files than .jsonl ({entry.name})")
        for entry in entries:
            for stale in entry.iterdir() if entry.is_dir() else []:
                stale.unlink()
            if entry.is_dir():
                entry.rmdir()
            else:
                entry.unlink()
    out.mkdir(parents=True, exist_ok=True)


class _Files:
    """The output streams of one collection: one file, or one per province."""

    def __init__(self, out: Path, name: str, province_of: dict[str, str] | None) -> None:
        self.out, self.name, self.province_of = out, name, province_of
        self.streams: dict[str, IO[str]] = {}

    def write(self, unit: str, record: dict[str, Any]) -> None:
        key = "" if self.province_of is None else self.province_of[unit]
        stream = self.streams.get(key)
        if stream is None:
            folder = self.out / key
            folder.mkdir(exist_ok=True)
            stream = (folder / f"{self.name}.jsonl").open("w", encoding="utf-8", newline="\n")
            self.streams[key] = stream
        _write_line(stream, record)

    def close(self) -> None:
        for stream in self.streams.values():
            stream.close()


def generate(
    out: Path,
    *,
    months: int = 1,
    start: str = "2026-01",
    provinces: int = 34,
    communes: int = 3321,
    collaborators_count: int = 100_000,
    items: int = 300_000,
    seed: int = SEED,
    by_province: bool = False,
) -> dict[str, int]:
    """Write the dataset folder ``out`` and ``out.truth.jsonl``; return what was written.

    ``by_province`` puts each province's collaborators and reports in a sub-folder named by its
    unit code (``out/T01/``), beside the units in ``out``: one province loads with
    ``load_dataset([out, out / "T01"])``, the nation with every sub-folder. The records are the
    same as without it.
    """
    rng = random.Random(seed)
    unit_records, province_places, commune_places = units(provinces, communes)
    if not commune_places:
        raise SystemExit("no communes: --communes must be at least 1")
    people = collaborators(rng, collaborators_count, commune_places)
    places = {p.code: p for p in (*province_places, *commune_places)}
    province_of = {p.code: p.province or p.code for p in places.values()} if by_province else None
    _prepare(out)
    with (out / "00-units.jsonl").open("w", encoding="utf-8", newline="\n") as stream:
        for record in unit_records:
            _write_line(stream, record)
    files = _Files(out, "10-collaborators", province_of)
    for person in people:
        files.write(person["unit"], person)
    files.close()
    counts = {"units": len(unit_records), "collaborators": len(people), "reports": 0, "items": 0}
    home = {person["id"]: person["unit"] for person in people}
    truth_path = out.with_name(out.name + ".truth.jsonl")
    with truth_path.open("w", encoding="utf-8", newline="\n") as truth:
        for year, month in _months(start, months):
            name = "20-reports" if months == 1 else f"20-{year}-{month:02d}-reports"
            files = _Files(out, name, province_of)
            for report, lines in reports(rng, people, places, year=year, month=month, items=items):
                files.write(home[report["reporter"]["id"]], report)
                for line in lines:
                    _write_line(truth, line)
                counts["reports"] += 1
                counts["items"] += len(lines)
            files.close()
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="dataset folder to write")
    parser.add_argument("--months", type=int, default=1, help="months of reports (12: a year)")
    parser.add_argument("--start", default="2026-01", help="first month, YYYY-MM")
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--communes", type=int, default=3321)
    parser.add_argument("--collaborators", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=300_000, help="opinion items per month")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--by-province",
        action="store_true",
        help="each province's collaborators and reports in a sub-folder (OUT/T01/...)",
    )
    args = parser.parse_args(argv)
    for name in ("months", "provinces", "communes", "collaborators", "items"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    counts = generate(
        args.out,
        months=args.months,
        start=args.start,
        provinces=args.provinces,
        communes=args.communes,
        collaborators_count=args.collaborators,
        items=args.items,
        seed=args.seed,
        by_province=args.by_province,
    )
    summary = ", ".join(f"{value:,} {key}" for key, value in counts.items())
    print(f"wrote {args.out}: {summary}", file=sys.stderr)


if __name__ == "__main__":
    main()
