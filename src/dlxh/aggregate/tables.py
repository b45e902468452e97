"""Plain tables (header and rows of strings) for reports, spreadsheets and the terminal.

Numbers are formatted once, here, the Vietnamese way (:func:`dlxh.vn.format_number`: "4.890",
shares "93%"), so every renderer prints the same text.
"""

from __future__ import annotations

from pydantic import Field

from dlxh.models._base import DlxhModel

__all__ = ["Table"]


class Table(DlxhModel):
    """A named table: a title, a header row and body rows, all cells already formatted."""

    name: str = Field(description="Stable identifier, e.g. 'compliance'.")
    title: str
    header: list[str]
    rows: list[list[str]]
