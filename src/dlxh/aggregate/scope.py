"""The unit tree of a dataset: scopes (a unit and everything under it) and roll-up levels.

A synthesis for a province must count what every commune under it reported, and a breakdown by
commune must put each report under exactly one commune. Both follow ``Unit.parent``; this module
walks it once, guards against cycles (a data-entry error that would otherwise loop forever), and
answers "which unit at level L does this unit roll up to".
"""

from __future__ import annotations

from collections.abc import Iterable

from dlxh.models.collaborator import Collaborator
from dlxh.models.report import OpinionReport, ReporterKind
from dlxh.models.unit import Unit, UnitLevel

__all__ = ["UnitTree"]


class UnitTree:
    """Parent links of a list of units, with cycle-safe walks.

    Codes that are not in the list (a collaborator's unit when the dataset lists no units) are
    treated as roots of their own, with no level.
    """

    def __init__(self, units: Iterable[Unit]) -> None:
        self.units: dict[str, Unit] = {}
        for unit in units:
            self.units.setdefault(unit.code, unit)
        self.cycles: list[str] = []
        for code in self.units:
            if self._has_cycle(code):
                self.cycles.append(code)

    def _has_cycle(self, code: str) -> bool:
        seen: set[str] = set()
        current: str | None = code
        while current is not None and current in self.units:
            if current in seen:
                return True
            seen.add(current)
            current = self.units[current].parent
        return False

    def ancestors(self, code: str) -> list[str]:
        """``code`` followed by its parent, grandparent... (stops at a cycle or a missing code)."""
        chain: list[str] = []
        current: str | None = code
        while current is not None and current not in chain:
            chain.append(current)
            unit = self.units.get(current)
            current = unit.parent if unit is not None else None
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
