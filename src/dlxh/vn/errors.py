"""Errors raised by the Vietnamese language layer.

They derive from :class:`dlxh.errors.DlxhError` (so one ``except DlxhError`` catches everything dlxh
raises on purpose) and from the built-in type a caller would naturally expect: a date that cannot
be read is a :class:`ValueError`, an administrative unit that cannot be found is a
:class:`LookupError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dlxh.errors import DlxhError

if TYPE_CHECKING:
    from dlxh.vn.admin import AdminUnit

__all__ = [
    "AdminUnitLookupError",
    "AdminUnitNotFoundError",
    "AmbiguousAdminUnitError",
    "DateFormatError",
]


class DateFormatError(DlxhError, ValueError):
    """A text is not a date in the official Vietnamese form, or names a day that does not exist."""


class AdminUnitLookupError(DlxhError, LookupError):
    """Base class: a lookup of a province or commune did not give exactly one unit.

    ``query`` is what was searched and ``level`` is ``"province"`` or ``"commune"``.
    """

    def __init__(self, message: str, *, query: str, level: str) -> None:
        self.query = query
        self.level = level
        super().__init__(message)


class AdminUnitNotFoundError(AdminUnitLookupError):
    """No unit matches the name or code. ``suggestions`` holds close names, possibly empty."""

    def __init__(
        self, message: str, *, query: str, level: str, suggestions: Sequence[str] = ()
    ) -> None:
        self.suggestions = list(suggestions)
        super().__init__(message, query=query, level=level)


class AmbiguousAdminUnitError(AdminUnitLookupError):
    """Several units match a name (e.g. "Xã Tân Thành" exists in seven provinces).

    ``candidates`` holds every matching :class:`~dlxh.vn.admin.AdminUnit`, so a caller can
    ask the user to choose or retry with a ``province``.
    """

    def __init__(
        self, message: str, *, query: str, level: str, candidates: Sequence[AdminUnit]
    ) -> None:
        self.candidates = list(candidates)
        super().__init__(message, query=query, level=level)
