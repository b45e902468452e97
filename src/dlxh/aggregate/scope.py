"""The unit tree of a dataset: scopes (a unit and everything under it) and roll-up levels.

A synthesis for a province must count what every commune under it reported, and a breakdown by
commune must put each report under exactly one commune. Both follow ``Unit.parent``; this module
walks it once, guards against cycles (a data-entry error that would otherwise loop forever), and
answers "which unit at level L does this unit roll up to".

Across the reform of 1 July 2025 a unit that ceased (a district, a merged commune) names its
``successor``. For a period ending after 30 June 2025 the tree links such a unit to its successor
instead of its parent, so its records count under the unit that took over, and a year 2025 adds
up; the link is decided once per unit when the tree is built, so the walks cost what they did.
"""

from __future__ import annotations

from collections.abc import Iterable

from dlxh.models.collaborator import Collaborator
from dlxh.models.period import Period
from dlxh.models.report import OpinionReport, ReporterKind
from dlxh.models.unit import Unit, UnitLevel
from dlxh.vn.legacy import REFORM_DATE

__all__ = ["UnitTree"]


class UnitTree:
    """Parent links of a list of units, with cycle-safe walks.

    Codes that are not in the list (a collaborator's unit when the dataset lists no units) are
    treated as roots of their own, with no level.

    With a ``period`` that ends after 30 June 2025, a unit with a ``successor`` (in the list)
    rolls up into its successor rather than its parent: it sits below the unit that took over,
    keeps its own code and name, and everything it reported counts for that unit and above.
    Without a period, or for an earlier one, the tree is the one the parent links draw.
    """

    def __init__(self, units: Iterable[Unit], *, period: Period | None = None) -> None:
        self.units: dict[str, Unit] = {}
        for unit in units:
            self.units.setdefault(unit.code, unit)
        # Whether units with a successor roll up into it (the period ends after the reform).
        self.folds = period is not None and period.end >= REFORM_DATE
        self._up: dict[str, str | None] = {
            code: self._link(unit) for code, unit in self.units.items()
        }
        self.cycles: list[str] = []
        for code in self.units:
            if self._has_cycle(code):
                self.cycles.append(code)

    def _link(self, unit: Unit) -> str | None:
        if self.folds and unit.successor is not None and unit.successor in self.units:
            return unit.successor
        return unit.parent

    def _has_cycle(self, code: str) -> bool:
        seen: set[str] = set()
        current: str | None = code
        up = self._up
        while current is not None and current in up:
            if current in seen:
                return True
            seen.add(current)
            current = up[current]
        return False

    def parent(self, code: str) -> str | None:
        """The unit ``code`` rolls up into: its successor when the tree folds, else its parent."""
        return self._up.get(code)

    def ancestors(self, code: str) -> list[str]:
        """``code`` followed by its parent, grandparent... (stops at a cycle or a missing code)."""
        chain: list[str] = []
        current: str | None = code
        up = self._up
        while current is not None and current not in chain:
            chain.append(current)
            current = up.get(current)
        return chain

    def level(self, code: str) -> UnitLevel | None:
        unit = self.units.get(code)
        return unit.level if unit is not None else None

    def name(self, code: str) -> str:
        unit = self.units.get(code)
        return unit.name if unit is not None else code

    def within(self, code: str, scope: str | None) -> bool:
        """Whether ``code`` is ``scope`` or below it (always true for the whole network)."""
        return scope is None or scope in self.ancestors(code)

    def at_level(self, code: str, level: UnitLevel) -> str | None:
        """The topmost unit at ``level`` among ``code`` and its ancestors, or ``None``.

        Topmost, so that a commune People's Committee filed under its commune Party committee
        (both at commune level) rolls up to the Party committee, and every unit maps to one row.
        """
        found = None
        for ancestor in self.ancestors(code):
            if self.level(ancestor) is level:
                found = ancestor
        return found

    def roots_at(self, level: UnitLevel, scope: str | None) -> list[str]:
        """Units at ``level`` within ``scope`` with no ancestor at that level (in list order)."""
        return [
            code
            for code, unit in self.units.items()
            if unit.level is level
            and self.within(code, scope)
            and self.at_level(code, level) == code
        ]


def reporter_unit(report: OpinionReport, collaborators: dict[str, Collaborator]) -> str | None:
    """The unit a report belongs to: the collaborator's unit, or the reporting unit itself."""
    if report.reporter.kind is ReporterKind.UNIT:
        return report.reporter.id
    person = collaborators.get(report.reporter.id)
    return person.unit if person is not None else None
