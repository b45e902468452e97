"""Opening an .xlsx that anyone may have written: bounded, DTD-free, and read to its last row.

An .xlsx is a zip of XML parts, and openpyxl trusts it. Three things go wrong with a hostile or
merely odd file, and this module guards against each before or while openpyxl reads it:

* **Zip bombs.** A 1.1 MB workbook can unpack to a 300 MB ``sharedStrings.xml``, which openpyxl
  parses whole when it opens the file (45 s and 1.3 GB). :func:`open_workbook` first reads the
  zip directory and refuses, naming the file and the member, a workbook with too many members,
  a member or a total too large once unpacked, a compression ratio no spreadsheet has, or an
  encrypted member (:class:`WorkbookLimits`). Python's zip reader never unpacks more than the
  size the directory declares (it stops there and the CRC check fails), so checking the
  declared sizes bounds the real ones.
* **DTDs.** The XML parsers behind openpyxl process internal DTDs (entity expansion), so every
  member is checked with :func:`dlxh.xmlprolog.dtd_reason` (which reads the prolog in the
  part's own encoding, past comments of any length) and a part declaring one is refused.
* **Truncation and expansion.** In read-only mode openpyxl stops at the row and column the
  sheet's ``<dimension>`` element declares, so a sheet claiming ``A1:C101`` loses every row
  after 101 without a word. :meth:`Workbook.rows` resets the dimensions and reads to the last
  row. The reverse problem is that a few bytes of XML can stand for many cells: a cell at
  column XFD makes a row of 16,384, and one long shared string can fill every cell. So the
  rows read are charged one unit per cell and one per character of text, against a budget
  proportional to the unpacked size (:attr:`WorkbookLimits.cells_per_byte`).

Whatever openpyxl raises while reading a damaged workbook (its parsers raise ``KeyError``,
``ValueError``, ``SyntaxError`` subclasses, ``TypeError``...) becomes an
:class:`~dlxh.errors.InputError` naming the file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import openpyxl

from dlxh.errors import DlxhError, InputError
from dlxh.files import read_regular
from dlxh.quoting import cut
from dlxh.xmlprolog import dtd_reason

__all__ = [
    "DEFAULT_LIMITS",
    "SheetLayout",
    "Workbook",
    "WorkbookLimits",
    "merged_ranges",
    "open_workbook",
    "sheet_layout",
]

_MIB = 1024 * 1024
_EPOCH_1900 = dt.date(1899, 12, 30)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class WorkbookLimits:
    """Bounds on one workbook; :data:`DEFAULT_LIMITS` is what the importers use.

    The defaults admit a survey export of some 50,000 respondents by 50 questions: a sheet of
    20,000 rows by 50 columns is 50 MB of XML, compressed 12:1, and openpyxl takes about 20 s
    to read it, so the largest workbook accepted takes a minute or two.
    """

    file_bytes: int = 256 * _MIB
    """Largest file accepted."""
    members: int = 10_000
    """Most members in the zip (a workbook has tens: one part per sheet plus a few)."""
    member_bytes: int = 128 * _MIB
    """Largest member once unpacked."""
    total_bytes: int = 256 * _MIB
    """Largest total of all members once unpacked."""
    ratio: int = 100
    """Highest compression ratio of a member (and of the whole file) above ``ratio_floor``
    bytes; spreadsheet XML compresses 5:1 to 20:1, zip bombs 1,000:1."""
    ratio_floor: int = 1 * _MIB
    """Members smaller than this are not held to ``ratio`` (tiny parts compress oddly)."""
    cells_per_byte: int = 8
    """Cells plus characters of text the rows read may hold per unpacked byte."""
    min_cells: int = 20_000_000
    """The cell budget of a small workbook."""


DEFAULT_LIMITS = WorkbookLimits()


def _check_archive(archive: zipfile.ZipFile, path: Path, size: int, limits: WorkbookLimits) -> int:
    """Refuse an archive beyond ``limits``; return its total unpacked size."""
    members = archive.infolist()
    if len(members) > limits.members:
        raise InputError(
            f"the workbook has {len(members):,} zip members, more than the "
            f"{limits.members:,} allowed",
            path=path,
        )
    total = 0
    for info in members:
        name = cut(info.filename, 100)
        if info.flag_bits & 0x1:
            raise InputError(
                f"member {name} is encrypted; save the workbook without a password", path=path
            )
        if info.file_size > limits.member_bytes:
            raise InputError(
                f"member {name} unpacks to {info.file_size:,} bytes, more than the "
                f"{limits.member_bytes:,} allowed (zip bomb?)",
                path=path,
            )
        if info.file_size > limits.ratio_floor and info.file_size > limits.ratio * max(
            info.compress_size, 1
        ):
            raise InputError(
                f"member {name} is compressed "
                f"{info.file_size // max(info.compress_size, 1):,}:1, more than the "
                f"{limits.ratio}:1 a spreadsheet has (zip bomb?)",
                path=path,
            )
        total += info.file_size
    if total > limits.total_bytes:
        raise InputError(
            f"the workbook unpacks to {total:,} bytes, more than the "
            f"{limits.total_bytes:,} allowed (zip bomb?)",
            path=path,
        )
    if total > limits.ratio_floor and total > limits.ratio * max(size, 1):
        raise InputError(
            f"the workbook is compressed {total // max(size, 1):,}:1, more than the "
            f"{limits.ratio}:1 a spreadsheet has (zip bomb?)",
            path=path,
        )
    return total


def _check_parts(archive: zipfile.ZipFile, path: Path) -> None:
    """Refuse a workbook any of whose members declares a DTD (or cannot be checked)."""
    for info in archive.infolist():
        if info.is_dir():
            continue

        def opener(info: zipfile.ZipInfo = info) -> IO[bytes]:
            return archive.open(info)

        try:
            reason = dtd_reason(opener)
        except Exception as exc:  # a damaged member: bad CRC, zlib error, unknown method...
            raise InputError(
                f"member {cut(info.filename, 100)} cannot be unpacked "
                f"({type(exc).__name__}: {cut(str(exc))})",
                path=path,
            ) from None
        if reason:
            raise InputError(f"member {cut(info.filename, 100)} {reason}", path=path)


class _Budget:
    __slots__ = ("left", "limit")

    def __init__(self, limit: int) -> None:
        self.limit = self.left = limit

    def spend(self, row: tuple[Any, ...]) -> None:
        # filter() skips the empty cells in C: a row padded to 16,384 costs no Python loop.
        self.left -= len(row) + sum(len(v) for v in filter(None, row) if type(v) is str)


class Workbook:
    """An opened workbook: its sheets, and their rows read to the end within a budget."""

    def __init__(self, book: Any, path: Path, budget: _Budget) -> None:
        self._book = book
        self.path = path
        self._budget = budget

    @property
    def sheets(self) -> list[Any]:
        """The worksheets (openpyxl read-only worksheets), in workbook order."""
        return list(self._book.worksheets)

    @property
    def sheetnames(self) -> list[str]:
        """The sheet names, in workbook order."""
        return list(self._book.sheetnames)

    def sheet(self, name: str) -> Any:
        """The worksheet called ``name``."""
        return self._book[name]

    @property
    def epoch(self) -> dt.date:
        """Day 0 of the workbook's serial dates: 1899-12-30, or 1904-01-01 for a workbook
        saved with the 1904 date system (old Excel for Mac)."""
        epoch = getattr(self._book, "epoch", None)
        return epoch.date() if isinstance(epoch, dt.datetime) else _EPOCH_1900

    def charge(self, cells: int, sheet: str) -> None:
        """Spend ``cells`` of the budget on ``sheet`` (cells made or read besides its rows)."""
        self._budget.left -= cells
        if self._budget.left < 0:
            raise self._over_budget(sheet)

    def _over_budget(self, sheet: str) -> InputError:
        return InputError(
            f"sheet {cut(sheet, 100)!r}: the workbook holds more cells and text than its size "
            f"allows ({self._budget.limit:,} cells and characters; sparse cells far to the "
            "right, or one long text in every cell?)",
            path=self.path,
        )

    def rows(self, worksheet: Any) -> Iterator[tuple[Any, ...]]:
        """The cell values of each row of ``worksheet``, to its last row whatever its
        ``<dimension>`` says; rows are as long as their last cell (no padding)."""
        worksheet.reset_dimensions()
        try:
            for row in worksheet.iter_rows(values_only=True):
                self._budget.spend(row)
                if self._budget.left < 0:
                    raise self._over_budget(str(worksheet.title))
                yield row
        except DlxhError:
            raise
        except Exception as exc:  # openpyxl's parsers raise many kinds on damaged XML
            raise InputError(
                f"sheet {cut(worksheet.title, 100)!r} cannot be read "
                f"({type(exc).__name__}: {cut(str(exc))})",
                path=self.path,
            ) from None


@contextlib.contextmanager
def open_workbook(path: Path, limits: WorkbookLimits | None = None) -> Iterator[Workbook]:
    """Open the .xlsx at ``path`` read-only (cached values, not formulas) after checking it
    against ``limits`` (:data:`DEFAULT_LIMITS`, looked up at each call, by default);
    :class:`~dlxh.errors.InputError` names the file (and the member) when it is refused."""
    limits = limits or DEFAULT_LIMITS
    data = read_regular(path, limits.file_bytes, "workbook")
    if data.startswith(_OLE_MAGIC):
        raise InputError(
            "is a password-protected workbook or an old .xls file; save it as .xlsx "
            "without a password",
            path=path,
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # BadZipFile, NotImplementedError (a newer zip version)...
        raise InputError(f"not a readable .xlsx workbook ({cut(str(exc))})", path=path) from None
    with archive:
        total = _check_archive(archive, path, len(data), limits)
        _check_parts(archive, path)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # as in Workbook.rows: openpyxl raises many kinds
        raise InputError(
            f"not a readable .xlsx workbook ({type(exc).__name__}: {cut(str(exc))})", path=path
        ) from None
    budget = _Budget(max(limits.min_cells, limits.cells_per_byte * total))
    try:
        yield Workbook(book, path, budget)
    finally:
        book.close()


# ---------------------------------------------------------------------------------------------
# What read-only openpyxl does not tell: merged cells and formulas without a saved value

_REF = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})")


def _position(ref: str) -> tuple[int, int] | None:
    """``"D7"`` as (row, column), both 0-based; ``None`` for anything else."""
    match = _REF.fullmatch(ref.strip().upper())
    if match is None:
        return None
    column = 0
    for letter in match[1]:
        column = column * 26 + ord(letter) - 64
    row = int(match[2])
    return (row - 1, column - 1) if row >= 1 else None


@dataclass(frozen=True)
class SheetLayout:
    """What a sheet's XML says beyond its cell values.

    ``merged`` holds each merged range as 0-based inclusive ``(first_row, first_column,
    last_row, last_column)``: openpyxl's read-only sheets have no ``merged_cells``, and an
    office's table merges its group headers (and often a report's cells over its rows).
    ``formulas`` holds the (row, column) of every cell with a formula but no saved value: read
    with cached values, such a cell looks empty, and a file written by a program that does not
    calculate would lose those values without a word.
    """

    merged: list[tuple[int, int, int, int]]
    formulas: set[tuple[int, int]]


def sheet_layout(workbook: Workbook, worksheet: Any) -> SheetLayout:
    """Read the merged ranges and the unsaved formulas of ``worksheet`` from its XML part.

    The part was checked by :func:`open_workbook` (size, ratio, no DTD), so it is parsed with
    the standard library's parser, streaming; every range and formula found is charged to the
    workbook's cell budget like a cell read.
    """
    from xml.etree.ElementTree import iterparse  # noqa: PLC0415 (only for workbooks)

    archive = getattr(worksheet.parent, "_archive", None)
    member = getattr(worksheet, "_worksheet_path", None)
    merged: list[tuple[int, int, int, int]] = []
    formulas: set[tuple[int, int]] = set()
    if archive is None or member is None:  # not a read-only sheet of open_workbook
        return SheetLayout(merged, formulas)
    title = cut(str(worksheet.title), 100)
    cell: str | None = None
    has_formula = has_value = False
    try:
        with archive.open(member) as part:
            for event, element in iterparse(part, events=("start", "end")):
                tag = element.tag.rpartition("}")[2]
                if event == "start":
                    if tag == "c":
                        cell, has_formula, has_value = element.get("r"), False, False
                    continue
                if tag == "f":
                    has_formula = True
                elif tag == "v":
                    has_value = bool(element.text)
                elif tag == "c":
                    spot = _position(cell or "")
                    if has_formula and not has_value and spot is not None:
                        formulas.add(spot)
                        workbook.charge(1, title)
                    element.clear()
                elif tag == "row":
                    element.clear()
                elif tag == "mergeCell":
                    first, _, last = (element.get("ref") or "").partition(":")
                    start, end = _position(first), _position(last or first)
                    if start is not None and end is not None:
                        merged.append((start[0], start[1], end[0], end[1]))
                        workbook.charge(1, title)
                    element.clear()
    except DlxhError:
        raise
    except Exception as exc:  # a damaged part: the parser's errors, zlib's...
        raise InputError(
            f"sheet {title!r} cannot be read ({type(exc).__name__}: {cut(str(exc))})",
            path=workbook.path,
        ) from None
    return SheetLayout(merged, formulas)


def merged_ranges(workbook: Workbook, worksheet: Any) -> list[tuple[int, int, int, int]]:
    """The merged ranges of ``worksheet`` (0-based, inclusive; see :class:`SheetLayout`)."""
    return sheet_layout(workbook, worksheet).merged
