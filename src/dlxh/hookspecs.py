"""Every hook of dlxh. Each docstring is the hook's reference documentation.

Plugins implement hooks with ``from dlxh import hookimpl`` and are found through the entry point
group ``dlxh`` (``[project.entry-points.dlxh] my_plugin = "my_package"``). dlxh's own behaviour is
written as plugins too (``dlxh.builtins``), registered first; on ``firstresult`` hooks the
built-ins are ``trylast`` fallbacks, so any plugin's answer wins.

Registry hooks receive a ``register`` callback rather than returning values, so the host checks
each contribution as it arrives and rejects duplicates with a :class:`~dlxh.errors.PluginError`
naming both plugins.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from dlxh.check import Rule
    from dlxh.models import Dataset, Document, OpinionField, OpinionItem, Period, Tendency
    from dlxh.profiles import FormatProfile

__all__ = ["Importer", "Metric", "hookimpl", "hookspec"]

hookspec = pluggy.HookspecMarker("dlxh")
hookimpl = pluggy.HookimplMarker("dlxh")

Metric = Callable[["Dataset", "Period", Any], dict[str, float | int | str]]
"""A metric: ``(dataset, period, synthesis) -> {name: value}``, added to the synthesis."""

Importer = Callable[[Path], "Dataset"]
"""An importer: reads a file in some foreign format into a :class:`~dlxh.models.Dataset`."""


@hookspec
def dlxh_register_metrics(register: Callable[[str, Metric], None]) -> None:
    """Register aggregation metrics: ``register("name", metric)``.

    A metric is called once per synthesis with ``(dataset, period, synthesis)`` and returns a
    mapping of figure names to values; they appear in ``Synthesis.metrics``, in its JSON and in the
    rendered synthesis report. Names must be unique across plugins.
    """


@hookspec(firstresult=True)
def dlxh_classify_field(text: str) -> OpinionField | None:
    """Classify an opinion's text into a field (lĩnh vực); ``None`` when unsure.

    Used to fill items recorded with field ``other``; never overrides a field the data gives.
    The first non-``None`` answer wins; the built-in keyword classifier runs last.
    """


@hookspec(firstresult=True)
def dlxh_classify_tendency(text: str) -> Tendency | None:
    """Classify an opinion's tendency (khuynh hướng); ``None`` when unsure.

    Used for items recorded as ``undecided``. The first non-``None`` answer wins.
    """


@hookspec(firstresult=True)
def dlxh_detect_hotspot(item: OpinionItem) -> bool | None:
    """Say whether an opinion item is a hot spot (điểm nóng); ``None`` to let others decide.

    An item flagged ``hotspot: true`` in the data stays one whatever the plugins say.
    """


@hookspec(firstresult=True)
def dlxh_group_items(items: Sequence[OpinionItem]) -> list[list[int]] | None:
    """Group opinion items that speak of the same matter into currents (luồng dư luận).

    Return groups of indexes into ``items`` covering every index exactly once, or ``None`` to
    let the next implementation decide. The built-in groups by Vietnamese text similarity.
    """


@hookspec
def dlxh_register_profiles(register: Callable[[FormatProfile], None]) -> None:
    """Register format profiles (a province's house style, a newer Party guide)."""


@hookspec
def dlxh_register_templates(register: Callable[[Path], None]) -> None:
    """Register template folders, searched before the shipped templates.

    A folder holds one subfolder per profile with ``<type>.docx`` or ``<layout>.docx`` files
    (``dang/bao-cao.docx``, ``lai-chau/van-ban.docx``), as ``$DLXH_TEMPLATE_PATH`` does.
    """


@hookspec
def dlxh_register_filters(register: Callable[[str, Callable[..., Any]], None]) -> None:
    """Register Jinja filters for templates: ``register("name", function)``."""


@hookspec
def dlxh_register_check_rules(register: Callable[[Rule], None]) -> None:
    """Register format-checker rules: functions taking a ``CheckContext`` and reporting findings."""


@hookspec
def dlxh_register_importers(register: Callable[[str, Importer], None]) -> None:
    """Register importers by file suffix (``register(".xlsx", read_roster)``) for foreign data."""


@hookspec
def dlxh_render_document(document: Document, docx: DocxDocument) -> None:
    """Post-process a rendered document before it is saved.

    Called with the model and the python-docx document after rendering. Implementations may
    edit ``docx`` in place; wrappers (``@hookimpl(wrapper=True)``) can run code before and after
    the others.
    """
