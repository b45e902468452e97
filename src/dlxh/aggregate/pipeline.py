"""The plugins' part in a synthesis: one path for the Python API and the command line.

``dlxh aggregate`` used to assemble the plugins' grouper, classifier, metrics and hot-spot detector
by hand while ``synthesize()`` called from Python used none of them, so the same data gave two
different BÁO CÁO. Both now go through :func:`with_plugins`: ``hooks=None`` (the default) means
the installed plugins (:func:`dlxh.plugins.default_hooks`, what the command line loads),
``hooks=False`` none at all, a :class:`~dlxh.plugins.Hooks` that one; a part given explicitly
(``grouper=``, ``classifier=``, ``metrics=``) always wins over the plugins'.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from dlxh.aggregate.currents import Grouper
    from dlxh.aggregate.synthesis import Classifier, Metric
    from dlxh.models import Dataset
    from dlxh.plugins import Hooks

__all__ = ["AnalysisParts", "with_plugins"]


@dataclass(frozen=True)
class AnalysisParts:
    """What a synthesis runs with: the data (plugins' hot spots flagged) and the parts."""

    dataset: Dataset
    grouper: Grouper | None
    classifier: Classifier | None
    metrics: Sequence[Metric] | None


def with_plugins(
    hooks: Hooks | Literal[False] | None,
    dataset: Dataset,
    *,
    grouper: Grouper | None = None,
    classifier: Classifier | None = None,
    metrics: Sequence[Metric] | None = None,
) -> AnalysisParts:
    """The parts of a synthesis, each taken from ``hooks`` unless given.

    With plugins, items a plugin's ``dlxh_detect_hotspot`` recognises are flagged as hot spots
    first (:meth:`~dlxh.plugins.Hooks.mark_hotspots`; skipped when only the built-ins are
    there, which change nothing); the classifier is the plugins' (the built-in keyword
    classifier last); the grouper is a plugin's only when one groups items (otherwise the
    built-in grouping by the unit tree); the metrics are every registered one.
    """
    from dlxh.plugins import resolve_hooks  # noqa: PLC0415 (plugins import the models)

    resolved = resolve_hooks(hooks)
    if resolved is None:
        return AnalysisParts(dataset, grouper, classifier, metrics)
    return AnalysisParts(
        dataset=resolved.mark_hotspots(dataset),
        grouper=grouper if grouper is not None else resolved.grouper(),
        classifier=classifier if classifier is not None else resolved.classify,
        metrics=metrics if metrics is not None else list(resolved.metrics().values()),
    )
