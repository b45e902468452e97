"""Read survey responses from CSV or XLSX (KoBoToolbox/ODK exports included) into columns.

:func:`read_responses` returns :class:`Responses`: one list per column (``None`` for a missing
answer), numbers converted, ``select_multiple`` answers as one 0/1 column per choice
(``q2.tv``), export metadata (``_id``, ``_uuid``, ``start``...) set aside in ``meta`` and the
collection mode parsed for a breakdown by mode. With a :class:`~dlxh.models.Survey` the answers
are checked against the questionnaire and every bad cell is reported with its row and column.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from dlxh.digits import MAX_DIGITS, count_digits, too_many_digits
from dlxh.errors import DataValidationError, FieldProblem, InputError
from dlxh.files import check_regular
from dlxh.models.survey import Question, QuestionKind, Survey, SurveyMode
from dlxh.quoting import cut, quote
from dlxh.tables import MAX_CSV_BYTES, read_csv, read_xlsx
from dlxh.tables import cell_text as _cell  # noqa: F401 (the old private names)
from dlxh.tables import column_letter as _letter
from dlxh.tables import decode_csv as _decode  # noqa: F401
from dlxh.tables import trimmed as _trimmed  # noqa: F401
from dlxh.vn.text import fold

__all__ = ["META_COLUMNS", "Responses", "parse_mode", "parse_number", "read_responses"]

MAX_FILE_BYTES = MAX_CSV_BYTES
"""Largest CSV read (an .xlsx is bounded by :class:`~dlxh.survey.xlsx_guard.WorkbookLimits`)."""

# The table readers live in dlxh.tables (the dataset importers read the same files); the old
# private names stay importable from here.
_read_xlsx = read_xlsx


META_COLUMNS = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "subscriberid",
        "simserial",
        "phonenumber",
        "username",
        "audit",
        "instanceid",
        "instancename",
        "deprecatedid",
        "rootuuid",
        "formhub/uuid",
        "__version__",
        "key",
        "submissiondate",
        "submitterid",
        "submittername",
        "attachmentspresent",
        "attachmentsexpected",
        "status",
        "reviewstate",
        "devicedateofsubmission",
        "edits",
        "formversion",
    }
)
"""Export metadata columns (besides every column starting with ``_`` or ``meta/``)."""

_MODE_SPELLINGS: dict[str, SurveyMode] = {
    "giay": SurveyMode.PAPER,
    "phieu giay": SurveyMode.PAPER,
    "phieu": SurveyMode.PAPER,
    "truc tuyen": SurveyMode.ONLINE,
    "web": SurveyMode.ONLINE,
    "internet": SurveyMode.ONLINE,
    "dien thoai": SurveyMode.PHONE,
    "telephone": SurveyMode.PHONE,
    "e-mail": SurveyMode.EMAIL,
    "mail": SurveyMode.EMAIL,
    "thu dien tu": SurveyMode.EMAIL,
    "phong van": SurveyMode.INTERVIEW,
    "truc tiep": SurveyMode.INTERVIEW,
    "face-to-face": SurveyMode.INTERVIEW,
}


@dataclass
class Responses:
    """Survey responses as columns, ready for tabulation and weighting.

    Attributes:
        columns: answer columns by name, each a list of ``n`` values with ``None`` for missing:
            ``str`` for choice codes and text, ``int``/``float`` for numbers (integer and decimal
            questions, and, without a survey, any column whose every value is a number),
            ``datetime.date`` for date questions and 0/1 ``int`` for each choice of a
            ``select_multiple`` question (column ``<question>.<choice>``).
        n: the number of respondents (rows).
        meta: export metadata columns (``_id``, ``_uuid``, ``_submission_time``, ``start``,
            ``end``...) as text, kept out of ``columns``.
        modes: the collection mode of each respondent (``None`` where blank), or ``None`` when
            the file has no mode column.
        multiple: for each ``select_multiple`` question, the names of its 0/1 columns.
        headers: for each column (and meta column), the header it came from in the file.
        survey: the questionnaire the answers were checked against, if any.
        source: the file read.
    """

    columns: dict[str, list[Any]]
    n: int
    meta: dict[str, list[str | None]] = field(default_factory=dict)
    modes: list[SurveyMode | None] | None = None
    multiple: dict[str, list[str]] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    survey: Survey | None = None
    source: str | None = None

    def __len__(self) -> int:
        return self.n

    def __contains__(self, name: object) -> bool:
        return name in self.columns

    def __getitem__(self, name: str) -> list[Any]:
        try:
            return self.columns[name]
        except KeyError:
            known = ", ".join(self.columns)
            raise KeyError(
                f"no column {quote(name)} in the responses; columns: {cut(known)}"
            ) from None

    @property
    def names(self) -> list[str]:
        """The column names, in file order."""
        return list(self.columns)

    def numeric(self, name: str) -> npt.NDArray[np.float64]:
        """Column ``name`` as a float array with NaN for missing values (a ``ValueError`` if a
        value is not a number)."""
        out = np.full(self.n, np.nan)
        for i, value in enumerate(self[name]):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(
                    f"column {quote(name)} row {i + 2}: {quote(value)} is not a number"
                )
            out[i] = float(value)
        return out

    def mode_counts(self) -> dict[SurveyMode, int]:
        """How many respondents answered by each mode (modes with nobody left out)."""
        counts: dict[SurveyMode, int] = {}
        for mode in self.modes or []:
            if mode is not None:
                counts[mode] = counts.get(mode, 0) + 1
        return {m: counts[m] for m in SurveyMode if m in counts}

    def rows(self) -> Iterator[dict[str, Any]]:
        """Each respondent as a dict of column values (plus ``mode`` when known)."""
        for i in range(self.n):
            row = {name: values[i] for name, values in self.columns.items()}
            if self.modes is not None:
                row["mode"] = self.modes[i]
            yield row


# ---------------------------------------------------------------------------------------------
# Numbers and modes

_NUMBER = re.compile(r"^[+-]?(\d+|\d{1,3}(?:[., \u00a0\u202f]\d{3})+)?([.,]\d+)?(?:[eE][+-]?\d+)?$")
_SPACES = re.compile(r"[ \u00a0\u202f]")


def parse_number(text: str) -> int | float:
    """Parse a number written the English or the Vietnamese way.

    ``"1234.5"``, ``"1,234.5"``, ``"1.234,5"``, ``"1 234,5"`` and ``"1,5"`` are all accepted:
    when both ``.`` and ``,`` appear the last one is the decimal mark; a lone ``,`` is a decimal
    comma unless it separates groups of three digits more than once (``"1,234,567"``); a lone
    ``.`` is a decimal point unless it does the same (``"1.234.567"``). So ``"1.234"`` is 1.234,
    as spreadsheets export it. Integers come back as ``int``. Raises ``ValueError``, also for a
    number of more than :data:`~dlxh.digits.MAX_DIGITS` digits (Python would refuse to convert
    it, and no count or weight has that many).
    """
    if too_many_digits(text):
        digits = count_digits(text)
        raise ValueError(f"a number of {digits:,} digits; at most {MAX_DIGITS:,} are allowed")
    value = _SPACES.sub("", text.strip())
    if not value or not re.fullmatch(r"[+-]?[\d.,]+(?:[eE][+-]?\d+)?", value):
        raise ValueError(f"not a number: {quote(text)}")
    mantissa, exponent = re.match(r"^([^eE]*)(.*)$", value).groups()  # type: ignore[union-attr]
    dots, commas = mantissa.count("."), mantissa.count(",")
    if dots and commas:
        decimal = "." if mantissa.rfind(".") > mantissa.rfind(",") else ","
        group = "," if decimal == "." else "."
        whole, _, frac = mantissa.rpartition(decimal)
        if decimal in whole or not re.fullmatch(
            r"[+-]?\d{1,3}(" + re.escape(group) + r"\d{3})+", whole
        ):
            raise ValueError(f"not a number: {quote(text)}")
        mantissa = whole.replace(group, "") + "." + frac
    elif commas > 1 or dots > 1:
        sep = "," if commas else "."
        if not re.fullmatch(r"[+-]?\d{1,3}(" + re.escape(sep) + r"\d{3})+", mantissa):
            raise ValueError(f"not a number: {quote(text)}")
        mantissa = mantissa.replace(sep, "")
    elif commas:
        mantissa = mantissa.replace(",", ".")
    if mantissa.strip("+-").startswith(".") or mantissa.endswith("."):
        raise ValueError(f"not a number: {quote(text)}")
    number = mantissa + exponent
    if "." not in number and not exponent:
        return int(number)
    result = float(number)
    if not math.isfinite(result):
        raise ValueError(f"not a number: {quote(text)}")
    return result


def parse_mode(text: str) -> SurveyMode:
    """A collection mode from its identifier, Vietnamese label or a common spelling ("giấy",
    "điện thoại", "e-mail", "trực tuyến", "phỏng vấn"). Raises ``ValueError``."""
    try:
        return SurveyMode(text)  # type: ignore[call-arg]
    except ValueError:
        pass
    key = fold(text, diacritics=False)
    if key in _MODE_SPELLINGS:
        return _MODE_SPELLINGS[key]
    accepted = ", ".join(f"{m.value} ({m.label})" for m in SurveyMode)
    raise ValueError(f"unknown survey mode {quote(text)}; expected one of: {accepted}")


# ---------------------------------------------------------------------------------------------
# Reading the table


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    return read_csv(path, "responses file")


# ---------------------------------------------------------------------------------------------
# Column names


@dataclass
class _Target:
    kind: str  # "answer", "choice", "meta", "mode", "select"
    name: str
    question: str | None = None
    choice: str | None = None


def _is_meta(header: str) -> bool:
    low = header.lower()
    last = re.split(r"[/:]", low)[-1]
    return (
        low.startswith(("_", "meta/", "meta-", "meta:", "formhub/"))
        or low in META_COLUMNS
        or last in {"instanceid", "instancename", "deprecatedid", "rootuuid"}
    )


def _suffixes(header: str) -> list[str]:
    """The header and each tail after a group separator, longest first."""
    tails = [header]
    for match in re.finditer(r"[/:-]", header):
        tails.append(header[match.end() :])
    return [t for t in tails if t]


def _target_with_survey(header: str, survey: Survey, mode_column: str | None) -> _Target | None:
    questions = {q.id: q for q in survey.questions}
    for tail in _suffixes(header):
        if tail in questions:
            q = questions[tail]
            kind = "select" if q.kind is QuestionKind.MULTIPLE else "answer"
            return _Target(kind, tail, q.id)
        for sep in ("/", ".", "-", ":"):
            qid, _, choice = tail.partition(sep)
            q2 = questions.get(qid)
            if q2 is not None and q2.kind is QuestionKind.MULTIPLE and choice:
                return _Target("choice", f"{qid}.{choice}", qid, choice)
        if mode_column is not None and tail == mode_column:
            return _Target("mode", tail)
    return None


def _target_without_survey(header: str, headers: set[str]) -> _Target:
    if "/" in header:
        parent, _, last = header.rpartition("/")
        if parent in headers:  # "q2/tv" next to "q2": a select_multiple choice column
            question = parent.rpartition("/")[2]
            return _Target("choice", f"{question}.{last}", question, last)
        return _Target("answer", last)
    group = re.match(r"^(group[\w]*?)[-:](.+)$", header)  # KoBo's "group_xy12-q1"
    if group:
        return _Target("answer", group.group(2))
    return _Target("answer", header)


def _targets(
    headers: list[str], survey: Survey | None, mode_column: str | None, source: str
) -> list[_Target | None]:
    targets: list[_Target | None] = []
    present = set(headers)
    for header in headers:
        if not header:
            targets.append(None)
            continue
        target = None
        if survey is not None:
            target = _target_with_survey(header, survey, mode_column)
        if target is None and _is_meta(header):
            target = _Target("meta", header)
        if target is None:
            target = _target_without_survey(header, present)
            if mode_column is not None and target.name == mode_column:
                target = _Target("mode", target.name)
        targets.append(target)
    # Without a survey, "q2.tv" columns and a "q2" column next to "q2/tv" are select_multiple.
    choice_questions = {t.question for t in targets if t and t.kind == "choice"}
    for target in targets:
        if target is None or target.kind != "answer":
            continue
        if survey is None and target.name in choice_questions:
            target.kind, target.question = "select", target.name
        elif survey is None and "." in target.name:
            question, _, choice = target.name.partition(".")
            if (
                question
                and choice
                and any(t and t.name == question and t.kind == "answer" for t in targets)
            ):
                target.kind, target.question, target.choice = "choice", question, choice
    seen: dict[tuple[str, str], str] = {}
    for header, target in zip(headers, targets, strict=True):
        if target is None:
            continue
        key = ("meta" if target.kind == "meta" else "column", target.name)
        if key in seen:
            raise InputError(
                f"columns {quote(seen[key])} and {quote(header)} "
                f"both give column {quote(target.name)}",
                path=source,
            )
        seen[key] = header
    return targets


# ---------------------------------------------------------------------------------------------
# Converting values


def _parse_date(text: str) -> dt.date:
    text = text.strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    raise ValueError(f"not a date: {quote(text)}")


def _flag(text: str) -> int:
    value = text.strip().lower()
    if value in {"1", "1.0", "true", "yes", "x", "có", "co"}:
        return 1
    if value in {"0", "0.0", "false", "no", "không", "khong"}:
        return 0
    raise ValueError(f"expected 0 or 1, got {quote(text)}")


@dataclass
class _Context:
    source: str
    problems: list[FieldProblem]
    headers: list[str]

    def problem(self, row: int, column: int, message: str, value: object) -> None:
        where = f"row {row + 2}, column {quote(self.headers[column])} ({_letter(column)}{row + 2})"
        self.problems.append(FieldProblem(where, message, value, self.source))


def _numbers(values: Sequence[str]) -> list[int | float | None] | None:
    """The column as numbers if every value is one (and none looks like a code: "012")."""
    out: list[int | float | None] = []
    for value in values:
        if not value:
            out.append(None)
            continue
        if re.match(r"^[+-]?0\d", value):
            return None
        try:
            out.append(parse_number(value))
        except ValueError:
            return None
    return out if any(v is not None for v in out) else None


def _convert_answer(
    values: Sequence[str], column: int, question: Question | None, ctx: _Context, numeric: bool
) -> list[Any]:
    if question is None:
        if numeric:
            return _convert_numbers(values, column, ctx, integer=False)
        numbers = _numbers(values)
        return numbers if numbers is not None else [v or None for v in values]
    kind = question.kind
    if kind in (QuestionKind.INTEGER, QuestionKind.DECIMAL):
        return _convert_numbers(values, column, ctx, integer=kind is QuestionKind.INTEGER)
    if kind is QuestionKind.DATE:
        dates: list[Any] = []
        for row, value in enumerate(values):
            try:
                dates.append(_parse_date(value) if value else None)
            except ValueError:
                ctx.problem(
                    row,
                    column,
                    f"expected a date such as 2026-11-30 or 30/11/2026, got {quote(value)}",
                    value,
                )
                dates.append(None)
        return dates
    if kind in (QuestionKind.SINGLE, QuestionKind.SCALE):
        allowed = {c.value for c in question.choices}
        out: list[Any] = []
        for row, value in enumerate(values):
            if value and value not in allowed:
                listed = ", ".join(c.value for c in question.choices)
                ctx.problem(
                    row,
                    column,
                    f"{quote(value)} is not a choice of {cut(question.id)} ({cut(listed)})",
                    value,
                )
            out.append(value or None)
        return out
    return [v or None for v in values]


def _convert_numbers(
    values: Sequence[str], column: int, ctx: _Context, *, integer: bool
) -> list[Any]:
    out: list[Any] = []
    for row, value in enumerate(values):
        if not value:
            out.append(None)
            continue
        try:
            number = parse_number(value)
        except ValueError as exc:
            expected = "a whole number" if integer else "a number such as 12,5 or 12.5"
            got = str(exc) if too_many_digits(value) else quote(value)
            ctx.problem(row, column, f"expected {expected}, got {got}", value)
            out.append(None)
            continue
        if integer and isinstance(number, float):
            if not number.is_integer():
                ctx.problem(row, column, f"expected a whole number, got {quote(value)}", value)
                out.append(None)
                continue
            number = int(number)
        out.append(number)
    return out


# ---------------------------------------------------------------------------------------------


def read_responses(
    path: str | os.PathLike[str],
    survey: Survey | None = None,
    *,
    mode_column: str | None = "mode",
    numeric: Collection[str] = (),
    sheet: str | None = None,
) -> Responses:
    """Read survey responses from a ``.csv`` or ``.xlsx`` file (one respondent per row).

    Args:
        path: a CSV (UTF-8, with or without BOM; comma, semicolon, tab or ``|`` delimited, as
            Excel and KoBoToolbox write it) or an XLSX workbook (the first sheet, or ``sheet``).
        survey: the questionnaire. Headers are matched to question ids whatever their group
            prefix (``group_a/q1``, ``group_a-q1``); each answer is checked (choice codes,
            whole numbers, decimals, dates) and converted by the question's kind. Columns that
            are not questions (weights, strata) are kept and converted like without a survey.
        mode_column: the column holding each respondent's collection mode (identifiers or
            Vietnamese labels, see :func:`parse_mode`); ``None`` for no mode column. A survey's
            ``modes`` then lists every mode allowed.
        numeric: columns that must hold numbers (weights, population sizes): a value that is
            not one is an error instead of turning the column into text.
        sheet: the worksheet of an XLSX file.

    Without a survey, group prefixes before ``/`` are removed (``g/q1`` → ``q1``; ``q2/tv``
    next to a ``q2`` column is a choice column, ``q2.tv``), and so are KoBo's ``group_…-``
    prefixes; a column whose every value is a number becomes numeric.

    Raises:
        InputError: the file cannot be read, or two headers give the same column.
        DataValidationError: bad values; every problem names the row (as numbered in a
            spreadsheet, the header being row 1), the column and the value.
    """
    file = check_regular(path)
    source = str(file)
    suffix = file.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        headers, body = _read_csv(file)
    elif suffix in (".xlsx", ".xlsm"):
        headers, body = _read_xlsx(file, sheet)
    else:
        raise InputError(
            f"unknown file type {quote(suffix or '(none)')}; expected .csv or .xlsx", path=file
        )
    width = len(headers)
    rows: list[list[str]] = []
    for number, row in enumerate(body, start=2):
        if not any(row):
            continue
        if len(row) > width and any(row[width:]):
            raise InputError(
                f"row {number} has {len(row)} cells but the header has {width} columns",
                path=file,
            )
        rows.append((row + [""] * width)[:width])
    for index, header in enumerate(headers):
        if not header and any(r[index] for r in rows):
            raise InputError(f"column {_letter(index)} has values but no header", path=file)
    return _build(
        headers=headers,
        rows=rows,
        survey=survey,
        mode_column=mode_column,
        numeric=set(numeric),
        source=source,
    )


def _build(  # noqa: PLR0915
    *,
    headers: list[str],
    rows: list[list[str]],
    survey: Survey | None,
    mode_column: str | None,
    numeric: set[str],
    source: str,
) -> Responses:
    targets = _targets(headers, survey, mode_column, source)
    ctx = _Context(source, [], headers)
    n = len(rows)
    cols = [[r[i] for r in rows] for i in range(len(headers))]
    questions = {q.id: q for q in survey.questions} if survey else {}
    columns: dict[str, list[Any]] = {}
    meta: dict[str, list[str | None]] = {}
    names: dict[str, str] = {}
    modes: list[SurveyMode | None] | None = None
    # select_multiple: question -> {choice -> values}, in the order met
    selects: dict[str, dict[str, list[int | None]]] = {}
    order: list[tuple[str, str]] = []  # ("col", name) or ("select", question)
    for index, target in enumerate(targets):
        if target is None:
            continue
        values = cols[index]
        header = headers[index]
        if target.kind == "meta":
            meta[target.name] = [v or None for v in values]
            names[target.name] = header
        elif target.kind == "mode":
            modes = _modes(values, index, survey, ctx)
            names[target.name] = header
        elif target.kind == "answer":
            question = questions.get(target.name)
            columns[target.name] = _convert_answer(
                values, index, question, ctx, target.name in numeric
            )
            names[target.name] = header
            order.append(("col", target.name))
        elif target.kind in ("select", "choice"):
            qid = target.question or target.name
            if qid not in selects:
                selects[qid] = {}
                order.append(("select", qid))
            _select_values(
                target=target,
                values=values,
                column=index,
                question=questions.get(qid),
                found=selects[qid],
                ctx=ctx,
            )
            names[target.name] = header
    multiple: dict[str, list[str]] = {}
    ordered: dict[str, list[Any]] = {}
    for kind, name in order:
        if kind == "col":
            ordered[name] = columns[name]
            continue
        question = questions.get(name)
        found = selects[name]
        if question:
            codes = [c.value for c in question.choices]
        else:  # the 0/1 columns' order first, then choices met only in the text column
            codes = [
                t.choice
                for t in targets
                if t and t.kind == "choice" and t.question == name and t.choice
            ]
        codes += [c for c in found if c not in codes]
        multiple[name] = []
        for code in codes:
            column = f"{name}.{code}"
            ordered[column] = found.get(code, [None] * n)
            multiple[name].append(column)
            names.setdefault(column, names.get(name, column))
    if ctx.problems:
        raise DataValidationError("Responses", ctx.problems, source=source)
    return Responses(
        columns=ordered,
        n=n,
        meta=meta,
        modes=modes,
        multiple=multiple,
        headers=names,
        survey=survey,
        source=source,
    )


def _modes(
    values: Sequence[str], column: int, survey: Survey | None, ctx: _Context
) -> list[SurveyMode | None]:
    modes: list[SurveyMode | None] = []
    for row, value in enumerate(values):
        if not value:
            modes.append(None)
            continue
        try:
            mode = parse_mode(value)
        except ValueError as exc:
            ctx.problem(row, column, str(exc), value)
            modes.append(None)
            continue
        if survey is not None and mode not in survey.modes:
            allowed = ", ".join(m.value for m in survey.modes)
            ctx.problem(
                row, column, f"mode {mode.value} is not one of survey's modes ({allowed})", value
            )
        modes.append(mode)
    return modes


def _select_values(
    *,
    target: _Target,
    values: Sequence[str],
    column: int,
    question: Question | None,
    found: dict[str, list[int | None]],
    ctx: _Context,
) -> None:
    """Fill ``found`` (choice -> 0/1 per row) from a space-separated or a 0/1 choice column.

    A value from a 0/1 column wins over the space-separated column for the same cell; rows left
    blank everywhere stay missing (``None``) in every choice column.
    """
    n = len(values)
    allowed = {c.value for c in question.choices} if question else None
    if target.kind == "choice":
        choice = target.choice or ""
        if allowed is not None and choice not in allowed:
            listed = ", ".join(sorted(allowed))
            ctx.problem(
                0,
                column,
                f"{quote(choice)} is not a choice of {cut(str(target.question))} ({cut(listed)})",
                choice,
            )
            return
        flags = found.setdefault(choice, [None] * n)
        for row, value in enumerate(values):
            if not value:
                continue
            try:
                flags[row] = _flag(value)
            except ValueError as exc:
                ctx.problem(row, column, str(exc), value)
        _complete(found, n)
        return
    answered = [False] * n
    for row, value in enumerate(values):
        if not value:
            continue
        answered[row] = True
        for code in value.split():
            if allowed is not None and code not in allowed:
                listed = ", ".join(c.value for c in question.choices) if question else ""
                ctx.problem(
                    row,
                    column,
                    f"{quote(code)} is not a choice of {cut(target.name)} ({cut(listed)})",
                    value,
                )
                continue
            flags = found.setdefault(code, [None] * n)
            if flags[row] is None:
                flags[row] = 1
    for code in allowed or ():
        found.setdefault(code, [None] * n)
    for flags in found.values():
        for row in range(n):
            if answered[row] and flags[row] is None:
                flags[row] = 0
    _complete(found, n)


def _complete(found: dict[str, list[int | None]], n: int) -> None:
    """A row answered in one choice column is answered (0) in the others left blank."""
    answered = [any(flags[row] is not None for flags in found.values()) for row in range(n)]
    for flags in found.values():
        for row in range(n):
            if answered[row] and flags[row] is None:
                flags[row] = 0
