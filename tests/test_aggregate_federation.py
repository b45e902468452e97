"""dlxh.aggregate.federation: provinces synthesised apart, then merged at the centre."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from dlxh import load, load_dataset
from dlxh.aggregate import ItemRef, OpinionCurrent, Synthesis, synthesize
from dlxh.aggregate.federation import merge_currents, synthesize_parts
from dlxh.errors import InputError
from dlxh.models import Breadth, Intensity, OpinionField, Tendency

TOOL = Path(__file__).resolve().parent.parent / "tools" / "make_national.py"
SMALL = ["--provinces", "3", "--communes", "12", "--collaborators", "240", "--items", "700"]


def _current(title: str, unit: str, reflections: int, **given: object) -> OpinionCurrent:
    refs = [
        ItemRef(report=f"{unit}-R{n}", reporter=f"{unit}-C{n}", index=0, unit=unit)
        for n in range(reflections)
    ]
    values: dict[str, object] = {
        "title": title,
        "field": OpinionField.ECONOMY,
        "tendency": Tendency.HESITANT,
        "breadth": Breadth.SOME,
        "intensity": Intensity.MEDIUM,
        "hotspot": False,
        "reflections": reflections,
        "reports": reflections,
        "reporters": reflections,
        "units": [unit],
        "tendencies": {Tendency.HESITANT: reflections},
        "provenance": refs,
    }
    return OpinionCurrent(**{**values, **given})


def test_one_matter_in_two_provinces_becomes_one_current_whose_figures_add_up() -> None:
    north = [
        _current("Giá phân bón tăng cao", "T01", 3),
        _current("Sạt lở đất tại bản Pa So", "T01", 2, hotspot=True),
    ]
    south = [
        _current("Giá phân bón tăng cao vụ đông xuân", "T02", 5, tendency=Tendency.OPPOSE,
                 tendencies={Tendency.OPPOSE: 5}),
        _current("Học phí năm học mới", "T02", 1, field=OpinionField.EDUCATION),
    ]  # fmt: skip
    merged = merge_currents([north, south])
    assert [c.title for c in merged] == [
        "Sạt lở đất tại bản Pa So",  # a hot spot comes first
        "Giá phân bón tăng cao vụ đông xuân",  # the wording of the widest current
        "Học phí năm học mới",
    ]
    fertiliser = merged[1]
    assert (fertiliser.reflections, fertiliser.reports, fertiliser.units) == (8, 8, ["T01", "T02"])
    assert fertiliser.tendencies == {Tendency.HESITANT: 3, Tendency.OPPOSE: 5}
    assert fertiliser.tendency is Tendency.OPPOSE
    assert [r.unit for r in fertiliser.provenance] == ["T01"] * 3 + ["T02"] * 5
    assert merge_currents([]) == []


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fed") / "nat"
    subprocess.run([sys.executable, str(TOOL), str(out), *SMALL, "--by-province"], check=True)
    return out


def test_provinces_apart_then_merged_account_for_every_item(national: Path) -> None:
    provinces = sorted(p for p in national.iterdir() if p.is_dir())
    assert len(provinces) == 3
    sources = [[national, folder] for folder in provinces]
    period = "2026-01"
    with ThreadPoolExecutor(2) as pool:
        federation = synthesize_parts(sources, period, executor=pool, strict=False)
    assert synthesize_parts(sources, period, strict=False) == federation  # executor or not
    whole = synthesize(load_dataset([national, *provinces]), period, strict=False)
    assert federation.figures == whole.figures  # the additive figures add up
    seen = sorted((r.report, r.index) for c in federation.currents for r in c.provenance)
    assert seen == sorted((r.report, r.index) for c in whole.currents for r in c.provenance)
    assert len(seen) == len(set(seen)) == whole.figures.items
    assert len(federation.currents) <= sum(len(p.currents) for p in federation.parts)


def test_parts_send_back_currents_and_figures_and_can_save_their_synthesis(
    national: Path, tmp_path: Path
) -> None:
    provinces = sorted(p for p in national.iterdir() if p.is_dir())
    seen: list[tuple[str, int, int]] = []
    federation = synthesize_parts(
        [[national, folder] for folder in provinces],
        "2026-01",
        strict=False,
        save_to=tmp_path / "parts",
        progress=lambda part, done, total: seen.append((part.name, done, total)),
    )
    assert seen == [(p.name, n, 3) for n, p in enumerate(provinces, start=1)]
    for part, folder in zip(federation.parts, provinces, strict=True):
        assert part.name == folder.name
        assert part.saved is not None
        full = load(part.saved, Synthesis)  # the whole synthesis, as synthesize made it
        alone = synthesize(load_dataset([national, folder]), "2026-01", strict=False)
        assert full.currents == part.currents == alone.currents
        assert full.figures == part.figures == alone.figures
        assert part.reports == len(alone.report_ids) > 0


def test_parts_are_named_apart_and_at_least_one_is_given(national: Path) -> None:
    folder = next(p for p in national.iterdir() if p.is_dir())
    with pytest.raises(InputError, match="share the name"):
        synthesize_parts([[national, folder], [national, folder]], "2026-01", strict=False)
    with pytest.raises(InputError, match="at least one part"):
        synthesize_parts([], "2026-01")
