"""The centre's synthesis from the provinces': one task per province, then the merge.

A national year is some 3.6 million opinion items: more than one process should hold, and more
than the centre ever reads, since each province synthesises its own reports anyway. So the work
is split the way the network is: each province's task loads that province's data and runs
:func:`~dlxh.aggregate.synthesis.synthesize` on it (its currents grouped through its own unit
tree), and the centre merges the provinces' syntheses: the additive figures add up
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
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

from dlxh.aggregate.currents import OpinionCurrent
from dlxh.aggregate.figures import Figures, rollup
from dlxh.aggregate.hierarchy import majority
from dlxh.aggregate.similarity import TITLE_ONLY_THRESHOLD, group_items
from dlxh.aggregate.synthesis import Synthesis, synthesize
from dlxh.models._base import DlxhModel
from dlxh.models.opinion import Intensity, OpinionField, Tendency
from dlxh.models.period import Period, period_argument
from dlxh.vn.text import sort_key

__all__ = ["Federation", "merge_currents", "synthesize_parts"]


class Federation(DlxhModel):
    """The provinces' syntheses and what the centre makes of them."""

    period: Period
    parts: list[Synthesis]
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


def _part(folders: Sequence[str], period: str, options: Mapping[str, Any]) -> Synthesis:
    """One province's task: load its folders and synthesise them (runs in a worker)."""
    from dlxh.io import load_dataset  # noqa: PLC0415 (in the worker)

    return synthesize(load_dataset([Path(f) for f in folders]), period, **options)


def synthesize_parts(
    sources: Sequence[Sequence[str | Path]],
    period: Period | str,
    *,
    executor: Executor | None = None,
    threshold: float = TITLE_ONLY_THRESHOLD,
    **options: Any,
) -> Federation:
    """Synthesise each part of the network from its own data folders, then merge them.

    Args:
        sources: For each part (a province), the folders :func:`dlxh.load_dataset` reads
            together (e.g. the shared units folder and the province's own folder).
        period: The period, as :func:`~dlxh.aggregate.synthesis.synthesize` takes it.
        executor: Runs each part as a task (a process pool, Dask's
            ``client.get_executor()``); without one the parts run one after the other.
        threshold: The lowest title similarity for two parts' currents to merge.
        options: Passed to :func:`~dlxh.aggregate.synthesis.synthesize` for every part
            (``strict=False``, ``as_of=``...).
    """
    chosen = str(period_argument(period))
    folders = [[str(f) for f in part] for part in sources]
    if executor is None:
        parts = [_part(part, chosen, options) for part in folders]
    else:
        tasks: list[Future[Synthesis]] = [
            executor.submit(_part, part, chosen, options) for part in folders
        ]
        parts = [task.result() for task in tasks]
    return Federation(
        period=period_argument(chosen),
        parts=parts,
        currents=merge_currents([p.currents for p in parts], threshold),
        figures=rollup(p.figures for p in parts),
    )
