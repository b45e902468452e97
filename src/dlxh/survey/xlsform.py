"""Questionnaires in XLSForm, the spreadsheet format of ODK, KoBoToolbox and SurveyCTO.

An XLSForm workbook has a ``survey`` sheet (columns ``type``, ``name``, ``label`` or
``label::Vietnamese (vi)``, ``required``...), a ``choices`` sheet (``list_name``, ``name``,
``label``) and an optional ``settings`` sheet (``form_title``, ``form_id``). :func:`read_xlsform`
turns one into a :class:`dlxh.models.Survey`; :func:`survey_to_xlsform` writes a survey back.

Types map as follows: ``select_one LIST`` → ``single`` (``scale`` when its ``appearance`` is
``likert``), ``select_multiple LIST`` → ``multiple``, ``text``, ``integer``, ``decimal`` and
``date`` → the kind of the same name; ``begin_group``/``end_group`` (and repeats) set
:attr:`Question.group` to the group's name (``outer/inner`` when nested, which is also how
KoBoToolbox prefixes its export columns); ``note``, ``calculate``, metadata (``start``, ``end``,
``deviceid``...) and media, location and time types are skipped, since they are not answers a
statistic can use.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pydantic

from dlxh.atomic import atomic_write
from dlxh.errors import DataValidationError, FieldProblem, InputError
from dlxh.files import check_regular
from dlxh.models.survey import Question, QuestionKind, Survey
from dlxh.quoting import cut, quote
from dlxh.survey.xlsx_guard import open_workbook
from dlxh.tables import column_letter
from dlxh.vn.text import fold

__all__ = ["SKIPPED_TYPES", "read_xlsform", "survey_to_xlsform"]

SKIPPED_TYPES = frozenset(
    {
        "note",
        "calculate",
        "hidden",
        "start",
        "end",
        "today",
        "deviceid",
        "subscriberid",
        "simserial",
        "phonenumber",
        "username",
        "email",
        "audit",
        "start-geopoint",
        "background-audio",
        "geopoint",
        "geotrace",
        "geoshape",
        "image",
        "audio",
        "video",
        "file",
        "barcode",
        "acknowledge",
        "trigger",
        "time",
        "datetime",
        "range",
        "rank",
        "xml-external",
        "csv-external",
    }
)
"""XLSForm types that carry no answer a statistic uses; :func:`read_xlsform` leaves them out."""

_SIMPLE = {
    "text": QuestionKind.TEXT,
    "integer": QuestionKind.INTEGER,
    "int": QuestionKind.INTEGER,
    "decimal": QuestionKind.DECIMAL,
    "date": QuestionKind.DATE,
}
_SELECT = {
    "select_one": QuestionKind.SINGLE,
    "select1": QuestionKind.SINGLE,
    "select_multiple": QuestionKind.MULTIPLE,
    "select_all_that_apply": QuestionKind.MULTIPLE,
}
_BEGIN = {"begin_group", "begin_repeat"}
_END = {"end_group", "end_repeat"}
_TRUE = {"yes", "true", "1", "true()", "có", "co"}
_FALSE = {"", "no", "false", "0", "false()", "không", "khong"}
_NAME = re.compile(r"^[A-Za-z_][\w.\-]*$")
_DEFAULT_LANGUAGE = "Vietnamese (vi)"


@dataclass
class _Row:
    number: int  # the spreadsheet row (1 = header)
    cells: dict[str, str]


@dataclass
class _Sheet:
    title: str
    headers: dict[str, str]  # lower-cased header -> column letter
    rows: list[_Row]

    def where(self, row: int, column: str) -> str:
        letter = self.headers.get(column, "")
        cell = f" ({letter}{row})" if letter else ""
        return f"sheet {quote(self.title)}, row {row}, column {quote(column)}{cell}"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def _letter(index: int) -> str:
    return column_letter(index)


def _load_sheets(path: Path) -> dict[str, _Sheet]:
    sheets: dict[str, _Sheet] = {}
    with open_workbook(check_regular(path)) as workbook:
        for worksheet in workbook.sheets:
            rows = workbook.rows(worksheet)
            header = next(rows, None) or ()
            names = [_text(h).lower() for h in header]
            width = len(names)
            headers = {n: _letter(i) for i, n in enumerate(names) if n}
            body: list[_Row] = []
            for number, values in enumerate(rows, start=2):
                cells = {
                    names[i]: text
                    for i, v in enumerate(values[:width])
                    if names[i] and (text := _text(v))
                }
                if cells:
                    body.append(_Row(number, cells))
            sheets[worksheet.title.strip().lower()] = _Sheet(worksheet.title, headers, body)
    return sheets


def _label_column(sheet: _Sheet, language: str | None) -> str | None:
    """The label column to read: the requested language, else Vietnamese, else plain ``label``."""
    labels = [h for h in sheet.headers if h == "label" or h.startswith("label::")]
    if not labels:
        return None
    if language is not None:
        wanted = fold(language)
        for header in labels:
            lang = fold(header.partition("::")[2])
            if lang == wanted or lang.startswith(wanted + " ") or f"({wanted})" in lang:
                return header
        raise InputError(
            f"sheet {quote(sheet.title)} has no label column for language {quote(language)}; "
            f"found: {', '.join(labels)}"
        )
    for header in labels:
        lang = fold(header.partition("::")[2])
        if "(vi)" in lang or lang.startswith(("vietnamese", "tieng viet", "vi")):
            return header
    return "label" if "label" in labels else labels[0]


def _settings(sheets: dict[str, _Sheet]) -> dict[str, str]:
    sheet = sheets.get("settings")
    if sheet is None or not sheet.rows:
        return {}
    return sheet.rows[0].cells


def _flag(sheet: _Sheet, row: _Row, column: str, problems: list[FieldProblem], source: str) -> bool:
    value = row.cells.get(column, "").lower()
    if value in _TRUE:
        return True
    if value not in _FALSE:
        problems.append(
            FieldProblem(
                sheet.where(row.number, column),
                f"expected yes or no (true/false), got {quote(value)}",
                value,
                source,
            )
        )
    return False


def _read_choices(
    sheets: dict[str, _Sheet], language: str | None, source: str, problems: list[FieldProblem]
) -> dict[str, list[dict[str, str]]]:
    sheet = sheets.get("choices")
    if sheet is None:
        return {}
    for column in ("list_name", "name"):
        if column not in sheet.headers:
            raise InputError(
                f"sheet {quote(sheet.title)} has no column {quote(column)}", path=source
            )
    label = _label_column(sheet, language)
    lists: dict[str, list[dict[str, str]]] = {}
    for row in sheet.rows:
        list_name = row.cells.get("list_name", "")
        name = row.cells.get("name", "")
        if not list_name or not name:
            missing = "list_name" if not list_name else "name"
            problems.append(
                FieldProblem(
                    sheet.where(row.number, missing), "required cell is empty", None, source
                )
            )
            continue
        choices = lists.setdefault(list_name, [])
        if any(c["value"] == name for c in choices):
            problems.append(
                FieldProblem(
                    sheet.where(row.number, "name"),
                    f"choice {quote(name)} appears twice in list {quote(list_name)}",
                    name,
                    source,
                )
            )
            continue
        text = row.cells.get(label, "") if label else ""
        choices.append({"value": name, "label": text or name})
    return lists


def read_xlsform(path: str | os.PathLike[str], *, language: str | None = None) -> Survey:
    """Read the questionnaire of an XLSForm ``.xlsx`` file into a :class:`Survey`.

    ``language`` picks the label column (``"vi"``, ``"Vietnamese"``, ``"English (en)"``); by
    default the Vietnamese one (``label::Vietnamese (vi)``, ``label::vi``...) or plain ``label``.
    The survey's id and title come from the ``settings`` sheet (``form_id``, ``form_title``),
    else from the file name. Every malformed row is reported at once in a
    :class:`DataValidationError` whose problems name the sheet, row and column; a missing sheet
    or column, or a file that is not a workbook, raises :class:`InputError`.
    """
    file = Path(path)
    source = str(file)
    sheets = _load_sheets(file)
    survey_sheet = sheets.get("survey")
    if survey_sheet is None:
        found = ", ".join(repr(s.title) for s in sheets.values())
        raise InputError(
            f"no sheet named 'survey' (found {cut(found)}); is it an XLSForm?", path=file
        )
    for column in ("type", "name"):
        if column not in survey_sheet.headers:
            raise InputError(
                f"sheet {quote(survey_sheet.title)} has no column {quote(column)} in its first row",
                path=file,
            )
    problems: list[FieldProblem] = []
    lists = _read_choices(sheets, language, source, problems)
    label = _label_column(survey_sheet, language)
    questions = list(_questions(survey_sheet, label, lists, source, problems))
    ids: dict[str, int] = {}
    for number, data in questions:
        if data["id"] in ids:
            problems.append(
                FieldProblem(
                    survey_sheet.where(number, "name"),
                    f"name {quote(data['id'])} is already used in row {ids[data['id']]}",
                    data["id"],
                    source,
                )
            )
        ids.setdefault(data["id"], number)
    models: list[Question] = []
    for number, data in questions:
        try:
            models.append(Question.model_validate(data))
        except pydantic.ValidationError as exc:
            for item in exc.errors(include_url=False):
                field = ".".join(str(p) for p in item["loc"])
                message = item["msg"].removeprefix("Value error, ")
                problems.append(
                    FieldProblem(
                        f"{survey_sheet.where(number, 'name')}, field {field or 'question'}",
                        message,
                        item.get("input"),
                        source,
                    )
                )
    if problems:
        raise DataValidationError("XLSForm", problems, source=source)
    settings = _settings(sheets)
    form_id = settings.get("form_id") or settings.get("id_string") or file.stem
    form_id = re.sub(r"[^\w.\-]+", "_", form_id).strip("_") or "survey"
    title = settings.get("form_title") or settings.get("title") or form_id
    try:
        return Survey(id=form_id, title=title, questions=models)
    except pydantic.ValidationError as exc:
        items = [
            FieldProblem("sheet 'settings'", e["msg"].removeprefix("Value error, "), None, source)
            for e in exc.errors(include_url=False)
        ]
        raise DataValidationError("XLSForm", items, source=source) from None


def _questions(  # noqa: PLR0915
    sheet: _Sheet,
    label: str | None,
    lists: dict[str, list[dict[str, str]]],
    source: str,
    problems: list[FieldProblem],
) -> Iterator[tuple[int, dict[str, Any]]]:
    groups: list[tuple[str, int]] = []
    for row in sheet.rows:
        raw_type = row.cells.get("type", "")
        name = row.cells.get("name", "")
        parts = raw_type.split()
        base = parts[0].lower().replace(" ", "_") if parts else ""
        if base in ("begin", "end") and len(parts) > 1:  # "begin group", "end repeat"
            base = f"{base}_{parts[1].lower()}"
            parts = [base, *parts[2:]]
        if not base:
            if name:
                problems.append(
                    FieldProblem(sheet.where(row.number, "type"), "type is empty", None, source)
                )
            continue
        if base in _BEGIN:
            if not name:
                problems.append(
                    FieldProblem(sheet.where(row.number, "name"), "group has no name", None, source)
                )
            groups.append((name or f"group_{row.number}", row.number))
            continue
        if base in _END:
            if not groups:
                problems.append(
                    FieldProblem(
                        sheet.where(row.number, "type"),
                        f"{base} without a matching begin_{base[4:]}",
                        raw_type,
                        source,
                    )
                )
            else:
                groups.pop()
            continue
        if base in SKIPPED_TYPES:
            continue
        kind: QuestionKind
        choices: list[dict[str, str]] = []
        if base in _SELECT:
            kind = _SELECT[base]
            if len(parts) < 2:
                problems.append(
                    FieldProblem(
                        sheet.where(row.number, "type"),
                        f"{base} needs a choice list name, as in '{base} yes_no'",
                        raw_type,
                        source,
                    )
                )
                continue
            list_name = parts[1]
            if list_name not in lists:
                known = ", ".join(sorted(lists)) or "none"
                problems.append(
                    FieldProblem(
                        sheet.where(row.number, "type"),
                        f"unknown choice list {quote(list_name)} "
                        f"(sheet 'choices' defines: {cut(known)})",
                        list_name,
                        source,
                    )
                )
                continue
            choices = lists[list_name]
            appearance = row.cells.get("appearance", "").lower()
            if kind is QuestionKind.SINGLE and "likert" in appearance.split():
                kind = QuestionKind.SCALE
        elif base in _SIMPLE:
            kind = _SIMPLE[base]
        elif base.startswith(("select_one_from_file", "select_multiple_from_file")):
            continue  # choices live in an external file we cannot see
        else:
            problems.append(
                FieldProblem(
                    sheet.where(row.number, "type"),
                    f"unknown XLSForm type {quote(raw_type)}; expected select_one LIST, "
                    "select_multiple LIST, text, integer, decimal, date, begin_group, end_group "
                    "or a type to skip (note, calculate, start, end...)",
                    raw_type,
                    source,
                )
            )
            continue
        if not name:
            problems.append(
                FieldProblem(sheet.where(row.number, "name"), "question has no name", None, source)
            )
            continue
        text = row.cells.get(label, "") if label else ""
        if not text:
            column = label or "label"
            problems.append(
                FieldProblem(
                    sheet.where(row.number, column),
                    f"question {quote(name)} has no label",
                    None,
                    source,
                )
            )
            continue
        yield (
            row.number,
            {
                "id": name,
                "text": text,
                "kind": kind,
                "choices": choices,
                "required": _flag(sheet, row, "required", problems, source),
                "group": "/".join(g for g, _ in groups) or None,
            },
        )
    for name, number in groups:
        problems.append(
            FieldProblem(
                sheet.where(number, "type"),
                f"group {quote(name)} is never closed by end_group",
                name,
                source,
            )
        )


# ---------------------------------------------------------------------------------------------
# Writing


def _group_name(segment: str, used: dict[str, str]) -> str:
    """An XLSForm name for a group segment (the segment itself when it is already a name)."""
    if segment in used:
        return used[segment]
    if _NAME.match(segment):
        name = segment
    else:
        name = re.sub(r"\W+", "_", fold(segment, diacritics=False)).strip("_") or "group"
        name = name if re.match(r"[A-Za-z_]", name) else f"g_{name}"
    base, n = name, 2
    while name in used.values():
        name, n = f"{base}_{n}", n + 1
    used[segment] = name
    return name


_FIXED_TIME = "2026-01-01T00:00:00Z"


def _append(sheet: Any, values: list[str | None]) -> None:
    """Append a row of text cells.

    openpyxl turns a string that starts with ``=`` into a formula, so a title such as
    ``=HYPERLINK(...)`` or ``=cmd|' /C calc'!A0`` would become a live formula in the user's
    spreadsheet program (and come back as an empty cell, since formulas have no cached value).
    Every cell is therefore marked as text after it is set: written as a string, read back as
    the same string.
    """
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _deterministic(data: bytes) -> bytes:
    """Re-pack an .xlsx with fixed timestamps, so writing the same survey gives the same bytes."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + _FIXED_TIME.encode() + rb"\g<3>",
                    content,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, content)
    return output.getvalue()


def survey_to_xlsform(
    survey: Survey,
    path: str | os.PathLike[str],
    *,
    language: str | None = _DEFAULT_LANGUAGE,
) -> Path:
    """Write ``survey``'s questionnaire as an XLSForm ``.xlsx`` (atomically) and return the path.

    Labels go into ``label::<language>`` (``label`` when ``language`` is None). Each question's
    choices become a list named after the question; ``scale`` questions are ``select_one`` with
    appearance ``likert``; consecutive questions of one group are wrapped in
    ``begin_group``/``end_group`` (a group ``a/b`` nests ``b`` in ``a``; a group that is not a
    valid XLSForm name gets a derived name and keeps its text as the label). Reading the file
    back with :func:`read_xlsform` gives the same id, title and questions; the rest of the
    survey (purpose, modes, design, dates) has no place in XLSForm and is not written.
    """
    label = f"label::{language}" if language else "label"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    _append(sheet, ["type", "name", label, "required", "appearance"])
    choices = workbook.create_sheet("choices")
    _append(choices, ["list_name", "name", label])
    names: dict[str, str] = {}
    open_groups: list[str] = []
    for question in survey.questions:
        wanted = question.group.split("/") if question.group else []
        common = 0
        while common < min(len(open_groups), len(wanted)) and open_groups[common] == wanted[common]:
            common += 1
        while len(open_groups) > common:
            open_groups.pop()
            _append(sheet, ["end_group", None, None, None, None])
        for segment in wanted[common:]:
            name = _group_name(segment, names)
            _append(sheet, ["begin_group", name, segment, None, None])
            open_groups.append(segment)
        appearance = None
        if question.kind in (QuestionKind.SINGLE, QuestionKind.SCALE):
            kind = f"select_one {question.id}"
            appearance = "likert" if question.kind is QuestionKind.SCALE else None
        elif question.kind is QuestionKind.MULTIPLE:
            kind = f"select_multiple {question.id}"
        else:
            kind = question.kind.value
        required = "yes" if question.required else "no"
        _append(sheet, [kind, question.id, question.text, required, appearance])
        for choice in question.choices:
            _append(choices, [question.id, choice.value, choice.label])
    for _ in open_groups:
        _append(sheet, ["end_group", None, None, None, None])
    settings = workbook.create_sheet("settings")
    _append(settings, ["form_title", "form_id", "default_language"])
    _append(settings, [survey.title, survey.id, language or "default"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return atomic_write(path, _deterministic(buffer.getvalue()))
