"""The centre's synthesis from the provinces': one task per province, then the merge.

A national year is some 3.6 million opinion items: more than one process should hold, and more
than the centre ever reads, since each province synthesises its own reports anyway. So the work
is split the way the network is: each province's task loads that province's data and runs
:func:`~dlxh.aggregate.synthesis.synthesize` on it (its currents grouped through its own unit
tree) and sends back only what the centre reads (a :class:`FederationPart`: its currents and
figures; the full synthesis can be saved where the task runs), and the centre merges the
parts: the additive figures add up
(:func:`~dlxh.aggregate.figures.rollup`: provinces are disjoint), and the currents of several
provinces about one matter (a national price rise, a rumour shared on social networks) become
one current, compared by their titles (:func:`merge_currents`) with the rules of
:func:`~dlxh.aggregate.similarity.group_items`. Provenance still runs down to every item.

The tasks run on any ``concurrent.futures`` executor: a process pool, or Dask's
``client.get_executor()`` on a cluster, where each worker reads its province from shared
storage (``bench/analysis_bench.py`` runs a generated national year this way).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from pydantic import Field

from dlxh.aggregate.currents import OpinionCurrent
from dlxh.aggregate.figures import Figures, rollup
from dlxh.aggregate.hierarchy import majority
from dlxh.aggregate.similarity import TITLE_ONLY_THRESHOLD, group_items
from dlxh.aggregate.synthesis import synthesize
from dlxh.errors import InputError
from dlxh.models._base import DlxhModel
from dlxh.models.opinion import Intensity, OpinionField, Tendency
from dlxh.models.period import Period, period_argument
from dlxh.vn.text import sort_key

__all__ = ["Federation", "FederationPart", "merge_currents", "synthesize_parts"]


class FederationPart(DlxhModel):
    """What one part's task sends back to the centre: its currents and its additive figures.

    Not the whole :class:`~dlxh.aggregate.synthesis.Synthesis`: a province's year holds one
    inference per inferred label and the compliance of every collaborator, which the centre
    never reads, and 34 of them held by one process (and pickled across to it) cost gigabytes.
    The full synthesis stays with the part, saved to ``saved`` when the run was asked to."""

    name: str = Field(description="The part's name: its last source folder's name.")
    sources: list[str]
    currents: list[OpinionCurrent]
    figures: Figures
    reports: int = Field(description="Reports counted in the part's synthesis.")
    problems: list[str] = Field(default_factory=list)
    saved: str | None = Field(default=None, description="The part's full synthesis (JSON).")


class Federation(DlxhModel):
    """The parts' currents and figures, and what the centre makes of them."""

    period: Period
    parts: list[FederationPart]
    currents: list[OpinionCurrent]
    figures: Figures


def _combined(currents: Sequence[OpinionCurrent]) -> OpinionCurrent:
    """One current from currents of one matter in disjoint parts of the network."""
    if len(currents) == 1:
        return currents[0]
    fields: Counter[OpinionField] = Counter()
    tendencies: Counter[Tendency] = Counter()
    for current in currents:
        fields[current.field] += current.reflections
        tendencies.update(current.tendencies)
    intensities = list(Intensity)
    widest = max(currents, key=lambda c: (c.reflections, -currents.index(c)))
    return OpinionCurrent(
        title=widest.title,
        field=majority(fields, list(OpinionField)),
        tendency=majority(tendencies, list(Tendency)),
        breadth=max(c.breadth for c in currents),
        intensity=max((c.intensity for c in currents), key=intensities.index),
        hotspot=any(c.hotspot for c in currents),
        reflections=sum(c.reflections for c in currents),
        reports=sum(c.reports for c in currents),
        reporters=sum(c.reporters for c in currents),
        units=sorted({u for c in currents for u in c.units}),
        places=sorted({p for c in currents for p in c.places}, key=sort_key),
        tendencies={t: tendencies[t] for t in Tendency if tendencies[t]},
        provenance=[ref for c in currents for ref in c.provenance],
    )


def merge_currents(
    parts: Sequence[Sequence[OpinionCurrent]], threshold: float = TITLE_ONLY_THRESHOLD
) -> list[OpinionCurrent]:
    """The currents of disjoint parts of the network (provinces), those about one matter made
    one: grouped by their titles (:func:`~dlxh.aggregate.similarity.group_items`, currents of
    different fields only when nearly identical; two currents of one part may merge too when
    their titles are that alike). Figures of merged currents add up, since no report is in two
    parts; ordered hot spots first, then by reports, reflections and title."""
    currents = [current for part in parts for current in part]
    if not currents:
        return []
    groups = group_items([c.title for c in currents], threshold, labels=[c.field for c in currents])
    merged = [_combined([currents[i] for i in group]) for group in groups]
    merged.sort(key=lambda c: (not c.hotspot, -c.reports, -c.reflections, sort_key(c.title)))
    return merged


def _part(
    folders: Sequence[str], period: str, options: Mapping[str, Any], save_to: str | None
) -> FederationPart:
    """One part's task: load its folders, synthesise them, save the synthesis if asked (runs in
    a worker, so only the :class:`FederationPart` travels back)."""
    from dlxh.io import dump, load_dataset  # noqa: PLC0415 (in the worker)

    dataset = load_dataset([Path(f) for f in folders], hooks=options.get("hooks"))
    synthesis = synthesize(dataset, period, **options)
    name = Path(folders[-1]).name
    saved = None if save_to is None else str(dump(synthesis, Path(save_to) / f"{name}.json"))
    return FederationPart(
        name=name,
        sources=list(folders),
        currents=synthesis.currents,
        figures=synthesis.figures,
        reports=len(synthesis.report_ids),
        problems=synthesis.problems,
        saved=saved,
    )


def _size(folders: Sequence[str]) -> int:
    """Bytes of data a part reads: the largest parts start first, so that a few workers do not
    wait for the last large province (longest job first)."""
    total = 0
    for folder in folders:
        path = Path(folder)
        files = [path] if path.is_file() else path.rglob("*") if path.is_dir() else []
        total += sum(f.stat().st_size for f in files if f.is_file())
    return total


def synthesize_parts(
    sources: Sequence[Sequence[str | Path]],
    period: Period | str,
    *,
    executor: Executor | None = None,
    threshold: float = TITLE_ONLY_THRESHOLD,
    save_to: str | Path | None = None,
    progress: Callable[[FederationPart, int, int], None] | None = None,
    **options: Any,
) -> Federation:
    """Synthesise each part of the network from its own data folders, then merge them.

    Args:
        sources: For each part (a province), the folders :func:`dlxh.load_dataset` reads
            together (e.g. the shared units folder and the province's own folder); the last
            folder's name names the part.
        period: The period, as :func:`~dlxh.aggregate.synthesis.synthesize` takes it.
        executor: Runs each part as a task (a process pool, Dask's
            ``client.get_executor()``); without one the parts run one after the other.
        threshold: The lowest title similarity for two parts' currents to merge.
        save_to: A folder (shared by the workers) where each part's full synthesis is
            written, as ``NAME.json``, by the task that made it.
        progress: Called in the calling process as each part comes back, with the part, how
            many are done and how many there are (a long run is not silent).
        options: Passed to :func:`~dlxh.aggregate.synthesis.synthesize` for every part
            (``strict=False``, ``as_of=``...). ``hooks=`` serves the loading too; with a
            process pool or Dask each task loads its worker's installed plugins (``None``,
            the default) or none (``False``): a :class:`~dlxh.plugins.Hooks` object holds
            live functions and cannot travel to another process.

    Raises:
        InputError: Two parts have the same name, or no part is given, or a ``Hooks``
            object is given with an executor that is not a thread pool.
    """
    chosen = str(period_argument(period))
    folders = [[str(f) for f in part] for part in sources]
    if not folders or not all(folders):
        raise InputError("synthesize_parts needs at least one part, each with a data folder")
    names = Counter(Path(part[-1]).name for part in folders)
    twice = sorted(name for name, count in names.items() if count > 1)
    if twice:
        raise InputError(f"two parts share the name {twice[0]!r}: name each by its own folder")
    hooks = options.get("hooks")
    if hooks not in (None, False) and not isinstance(executor, ThreadPoolExecutor | type(None)):
        raise InputError(
            "synthesize_parts: a Hooks object cannot be sent to worker processes; give "
            "hooks=None (each worker's installed plugins) or hooks=False"
        )
    target = None if save_to is None else str(Path(save_to))
    if target is not None:
        Path(target).mkdir(parents=True, exist_ok=True)
    done: dict[int, FederationPart] = {}

    def arrived(number: int, part: FederationPart) -> None:
        done[number] = part
        if progress is not None:
            progress(part, len(done), len(folders))

    if executor is None:
        for number, part in enumerate(folders):
            arrived(number, _part(part, chosen, options, target))
    else:
        largest_first = sorted(range(len(folders)), key=lambda n: -_size(folders[n]))
        tasks = {
            executor.submit(_part, folders[number], chosen, options, target): number
            for number in largest_first
        }
        for task in as_completed(tasks):
            arrived(tasks[task], task.result())
    parts = [done[number] for number in range(len(folders))]
    return Federation(
        period=period_argument(chosen),
        parts=parts,
        currents=merge_currents([p.currents for p in parts], threshold),
        figures=rollup(p.figures for p in parts),
    )
