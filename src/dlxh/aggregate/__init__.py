"""Aggregation of DLXH data: classify, group, count and synthesise a period.

* :mod:`~dlxh.aggregate.classify` — keyword classifier of fields and tendencies.
* :mod:`~dlxh.aggregate.similarity` — Vietnamese text similarity and clustering.
* :mod:`~dlxh.aggregate.compliance` — who reported on time, late, or not at all.
* :mod:`~dlxh.aggregate.currents` — opinion currents across reporters, with provenance.
* :mod:`~dlxh.aggregate.followups` — follow-up KPIs (handled share with explicit rounding).
* :mod:`~dlxh.aggregate.events` — event totals and answer rates.
* :mod:`~dlxh.aggregate.synthesis` — :func:`synthesize`, everything for one period and scope.
* :mod:`~dlxh.aggregate.federation` — :func:`synthesize_parts`, provinces apart, then merged.
"""

from dlxh.aggregate.classify import (
    FIELD_KEYWORDS,
    FIELD_MARGIN,
    TENDENCY_KEYWORDS,
    classify,
    classify_field,
    classify_tendency,
    field_matches,
    field_scores,
    tendency_matches,
    tendency_scores,
)
from dlxh.aggregate.compliance import (
    CollaboratorCompliance,
    Compliance,
    ComplianceCounts,
    SilentCollaborator,
    UnitCompliance,
    compliance,
    is_due,
)
from dlxh.aggregate.currents import (
    Grouper,
    ItemRef,
    OpinionCurrent,
    build_currents,
    default_grouper,
    group_by_units,
)
from dlxh.aggregate.events import EventCounts, EventTotals, event_totals
from dlxh.aggregate.federation import Federation, FederationPart, merge_currents, synthesize_parts
from dlxh.aggregate.figures import Figures, UnitFigures, rollup
from dlxh.aggregate.followups import AgencyKpis, FollowUpKpis, follow_up_kpis, status_on
from dlxh.aggregate.similarity import (
    STOP_SYLLABLES,
    cluster,
    content_syllables,
    group_items,
    similarity,
)
from dlxh.aggregate.synthesis import Classifier, Inference, Metric, Synthesis, synthesize
from dlxh.aggregate.tables import Table
from dlxh.aggregate.tokens import syllables

__all__ = [
    "FIELD_KEYWORDS",
    "FIELD_MARGIN",
    "STOP_SYLLABLES",
    "TENDENCY_KEYWORDS",
    "AgencyKpis",
    "Classifier",
    "CollaboratorCompliance",
    "Compliance",
    "ComplianceCounts",
    "EventCounts",
    "EventTotals",
    "Federation",
    "FederationPart",
    "Figures",
    "FollowUpKpis",
    "Grouper",
    "Inference",
    "ItemRef",
    "Metric",
    "OpinionCurrent",
    "SilentCollaborator",
    "Synthesis",
    "Table",
    "UnitCompliance",
    "UnitFigures",
    "build_currents",
    "classify",
    "classify_field",
    "classify_tendency",
    "cluster",
    "compliance",
    "content_syllables",
    "default_grouper",
    "event_totals",
    "field_matches",
    "field_scores",
    "follow_up_kpis",
    "group_by_units",
    "group_items",
    "is_due",
    "merge_currents",
    "rollup",
    "similarity",
    "status_on",
    "syllables",
    "synthesize",
    "synthesize_parts",
    "tendency_matches",
    "tendency_scores",
]
