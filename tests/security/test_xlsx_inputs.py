"""Hostile .xlsx workbooks for the survey importers (responses and XLSForm questionnaires).

Workbooks are built inside each test: by openpyxl where the point is a file a real program
writes, by hand (:func:`raw_xlsx`, a minimal workbook of five parts) where the test needs a
shared-strings table, a DTD or a damaged part. Each refusal is an
:class:`~dlxh.errors.InputError` that names the file (and the member, for the zip checks),
raised before openpyxl parses anything it should not.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from dlxh.errors import InputError
from dlxh.survey import read_responses, xlsx_guard
from dlxh.survey.xlsform import read_xlsform

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _parts(sheets: dict[str, str], shared: list[str] | None) -> dict[str, str]:
    overrides = [f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>']
    entries, rels = [], []
    for index, name in enumerate(sheets, start=1):
        overrides.append(
            f'<Override PartName="/xl/worksheets/sheet{index}.xml" '
            f'ContentType="{CT}.worksheet+xml"/>'
        )
        entries.append(f'<sheet name="{name}" sheetId="{index}" r:id="rId{index}"/>')
        rels.append(
            f'<Relationship Id="rId{index}" Type="{DOC}/worksheet" '
            f'Target="worksheets/sheet{index}.xml"/>'
        )
    parts = {
        "_rels/.rels": f'{DECL}<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'{DECL}<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>'
        f"{''.join(entries)}</sheets></workbook>",
    }
    for index, rows in enumerate(sheets.values(), start=1):
        parts[f"xl/worksheets/sheet{index}.xml"] = (
            f'{DECL}<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'
        )
    if shared is not None:
        overrides.append(
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>'
        )
        rels.append(
            f'<Relationship Id="rIdS" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>'
        )
        items = "".join(f"<si><t>{text}</t></si>" for text in shared)
        parts["xl/sharedStrings.xml"] = f'{DECL}<sst xmlns="{MAIN}">{items}</sst>'
    parts["xl/_rels/workbook.xml.rels"] = (
        f'{DECL}<Relationships xmlns="{RELS}">{"".join(rels)}</Relationships>'
    )
    parts["[Content_Types].xml"] = (
        f'{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{''.join(overrides)}</Types>"
    )
    return parts


def raw_xlsx(
    path: Path,
    sheets: dict[str, str],
    shared: list[str] | None = None,
    change: Callable[[dict[str, bytes]], None] | None = None,
) -> Path:
    """A workbook whose sheets hold the given ``<row>`` XML; ``change`` edits the encoded
    parts before they are zipped."""
    parts = {name: text.encode("utf-8") for name, text in _parts(sheets, shared).items()}
    if change is not None:
        change(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def cells(row: int, *values: str) -> str:
    """One ``<row>`` of inline-string cells starting at column A."""
    out = []
    for column, value in enumerate(values):
        ref = f"{chr(65 + column)}{row}"
        out.append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
    return f'<row r="{row}">{"".join(out)}</row>'


RESPONSES = cells(1, "q1", "tuoi") + cells(2, "a", "30") + cells(3, "b", "41")
FORM = {
    "survey": cells(1, "type", "name", "label") + cells(2, "integer", "tuoi", "Tuổi"),
    "choices": cells(1, "list_name", "name", "label"),
}


def test_hand_built_workbooks_are_readable(tmp_path: Path) -> None:
    responses = read_responses(raw_xlsx(tmp_path / "r.xlsx", {"Sheet1": RESPONSES}))
    assert responses["q1"] == ["a", "b"] and responses["tuoi"] == [30, 41]
    shared = cells(1, "q1").replace('t="inlineStr"><is><t>q1</t></is>', 't="s"><v>0</v>')
    book = raw_xlsx(tmp_path / "s.xlsx", {"Sheet1": shared + cells(2, "x")}, ["q1"])
    assert read_responses(book)["q1"] == ["x"]
    assert [q.id for q in read_xlsform(raw_xlsx(tmp_path / "f.xlsx", FORM)).questions] == ["tuoi"]


@pytest.fixture
def no_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if openpyxl is asked to open the workbook: the guard must refuse it first."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl opened a workbook the guard should have refused")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def limits(monkeypatch: pytest.MonkeyPatch, **changes: int) -> None:
    small = dataclasses.replace(xlsx_guard.DEFAULT_LIMITS, **changes)
    monkeypatch.setattr(xlsx_guard, "DEFAULT_LIMITS", small)


# -- zip bombs -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("no_openpyxl")
@pytest.mark.parametrize("reader", [read_responses, read_xlsform])
def test_shared_strings_bomb_is_refused_by_ratio(tmp_path: Path, reader: Callable) -> None:  # type: ignore[type-arg]
    # 2 MB of shared strings that compress 400:1 (the file: 300 MB from 1.1 MB).
    def bomb(parts: dict[str, bytes]) -> None:
        parts["xl/sharedStrings.xml"] = (
            DECL + f'<sst xmlns="{MAIN}">' + "<si><t>a</t></si>" * 120_000 + "</sst>"
        ).encode()

    path = raw_xlsx(tmp_path / "bomb.xlsx", {"Sheet1": RESPONSES}, [], bomb)
    with pytest.raises(InputError, match=r"xl/sharedStrings\.xml is compressed \d[\d,]*:1") as info:
        reader(path)
    assert str(path) in str(info.value)


@pytest.mark.usefixtures("no_openpyxl")
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"member_bytes": 10_000}, r"member xl/worksheets/sheet1\.xml unpacks to [\d,]+ bytes"),
        ({"total_bytes": 10_000}, r"the workbook unpacks to [\d,]+ bytes"),
        ({"members": 5}, r"has 6 zip members, more than the 5 allowed"),
        ({"ratio": 2, "ratio_floor": 1_000}, r"is compressed \d+:1, more than the 2:1"),
        ({"file_bytes": 1_000}, r"workbook is larger than 1,000 bytes"),
    ],
)
def test_zip_limits_name_the_file_and_member(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: dict[str, int], message: str
) -> None:
    body = RESPONSES + "".join(cells(r, "c", str(r)) for r in range(4, 400))
    path = raw_xlsx(tmp_path / "big.xlsx", {"Sheet1": body}, [])
    limits(monkeypatch, **change)
    with pytest.raises(InputError, match=message) as info:
        read_responses(path)
    assert str(info.value).startswith(f"{path}: ")


@pytest.mark.usefixtures("no_openpyxl")
def test_old_or_encrypted_workbook_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1_000)
    with pytest.raises(InputError, match=r"password-protected workbook or an old \.xls"):
        read_responses(path)


def _damage_sheet(path: Path) -> None:
    """Flip bytes in the middle of the sheet's compressed data."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + info.compress_size // 2, start + info.compress_size - 2):
        data[offset] ^= 0x55
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "damage",
    [
        "not a zip",
        "truncated",
        "bad data",
        "newer zip version",
        "bad xml",
        "long number",
        "bad cell ref",
        "no sheet",
    ],
)
@pytest.mark.parametrize("reader", [read_responses, read_xlsform])
def test_damaged_workbooks_are_clean_errors(
    tmp_path: Path,
    damage: str,
    reader: Callable,  # type: ignore[type-arg]
) -> None:
    path = tmp_path / "damaged.xlsx"
    rows = RESPONSES + "".join(cells(r, f"value {r}", str(r)) for r in range(4, 2_000))
    if damage == "not a zip":
        path.write_text("q1,tuoi\na,30\n")
    elif damage == "truncated":
        data = raw_xlsx(path, {"Sheet1": rows}).read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif damage == "bad data":
        _damage_sheet(raw_xlsx(path, {"Sheet1": rows}))
    elif damage == "newer zip version":  # "version needed to extract" 8.4 in the directory
        data = bytearray(raw_xlsx(path, {"Sheet1": rows}).read_bytes())
        entry = data.index(b"PK\x01\x02")
        data[entry + 6 : entry + 8] = (84).to_bytes(2, "little")
        path.write_bytes(bytes(data))
    elif damage == "bad xml":
        raw_xlsx(path, {"Sheet1": rows + "<row><c r='A9'"})
    elif damage == "long number":
        raw_xlsx(
            path, {"Sheet1": RESPONSES + f'<row r="9"><c r="A9"><v>{"9" * 5_000}</v></c></row>'}
        )
    elif damage == "bad cell ref":
        raw_xlsx(path, {"Sheet1": RESPONSES + '<row r="9"><c r="ZZZZZZ9"><v>1</v></c></row>'})
    else:

        def drop(parts: dict[str, bytes]) -> None:
            del parts["xl/worksheets/sheet1.xml"]

        raw_xlsx(path, {"Sheet1": rows}, change=drop)
    with pytest.raises(InputError) as info:
        reader(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ") and len(message) < 600


# -- DTDs ----------------------------------------------------------------------------------------

ENTITY = '<!DOCTYPE x [<!ENTITY e "boom"><!ENTITY f "&e;&e;&e;&e;">]>'


def _with_dtd(text: str, how: str) -> bytes:
    """``text`` (an XML part) with a DTD added, written the way ``how`` says."""
    body = text.removeprefix(DECL)
    if how == "plain":
        return (DECL + ENTITY + body).encode()
    if how == "after long comment":
        return (DECL + "<!--" + "padding " * 5_000 + "-->" + ENTITY + body).encode()
    if how == "after comment and PI":
        return (DECL + "<!-- a --><?dlxh probe?>\n<!-- b -->" + ENTITY + body).encode()
    if how == "no declaration":
        return (ENTITY + body).encode()
    if how == "lower case":
        return (DECL + ENTITY.replace("DOCTYPE", "doctype") + body).encode()
    decl = DECL.replace("UTF-8", "UTF-16")
    if how == "utf-16 with bom":
        return (decl + ENTITY + body).encode("utf-16")
    if how == "utf-16-be without bom":
        return (decl + ENTITY + body).encode("utf-16-be")
    if how == "utf-32":
        return (DECL.replace("UTF-8", "UTF-32") + ENTITY + body).encode("utf-32")
    if how == "utf-7 declared":
        head = DECL.replace("UTF-8", "UTF-7").encode()
        return head + (ENTITY + body).encode("utf-7").replace(b"<", b"+ADw-")  # "<" hidden
    raise AssertionError(how)


DTD_WAYS = [
    "plain",
    "after long comment",
    "after comment and PI",
    "no declaration",
    "lower case",
    "utf-16 with bom",
    "utf-16-be without bom",
    "utf-32",
    "utf-7 declared",
]
PARTS = [
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/workbook.xml",
    "[Content_Types].xml",
    "xl/_rels/workbook.xml.rels",
]


@pytest.mark.usefixtures("no_openpyxl")
@pytest.mark.parametrize("how", DTD_WAYS)
@pytest.mark.parametrize("part", PARTS)
def test_dtd_in_any_part_is_refused(tmp_path: Path, part: str, how: str) -> None:
    def add_dtd(parts: dict[str, bytes]) -> None:
        parts[part] = _with_dtd(parts[part].decode(), how)

    path = raw_xlsx(tmp_path / "dtd.xlsx", {"Sheet1": RESPONSES}, ["q1"], add_dtd)
    with pytest.raises(InputError, match="declares a DTD") as info:
        read_responses(path)
    assert str(info.value).startswith(f"{path}: member {part} declares a DTD")


@pytest.mark.usefixtures("no_openpyxl")
@pytest.mark.parametrize("how", ["plain", "after long comment", "utf-16 with bom"])
def test_dtd_in_an_xlsform_is_refused(tmp_path: Path, how: str) -> None:
    def add_dtd(parts: dict[str, bytes]) -> None:
        parts["xl/worksheets/sheet2.xml"] = _with_dtd(
            parts["xl/worksheets/sheet2.xml"].decode(), how
        )

    with pytest.raises(InputError, match=r"member xl/worksheets/sheet2\.xml declares a DTD"):
        read_xlsform(raw_xlsx(tmp_path / "form.xlsx", FORM, change=add_dtd))


def test_a_long_comment_without_dtd_is_fine(tmp_path: Path) -> None:
    def comment(parts: dict[str, bytes]) -> None:
        sheet = parts["xl/worksheets/sheet1.xml"].decode()
        parts["xl/worksheets/sheet1.xml"] = sheet.replace(
            DECL, DECL + "<!-- <!DOCTYPE inside a comment> " + "x" * 20_000 + " -->"
        ).encode()

    path = raw_xlsx(tmp_path / "comment.xlsx", {"Sheet1": RESPONSES}, change=comment)
    assert read_responses(path)["tuoi"] == [30, 41]


# -- rows past the declared dimension ------------------------------------------------------------


def _understate(path: Path, ref: str) -> None:
    """Rewrite every sheet's ``<dimension>`` to ``ref``, as some exporters get it wrong."""
    source = path.read_bytes()
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as old,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as new,
    ):
        for info in old.infolist():
            data = old.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data, count = re.subn(
                    rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), data
                )
                assert count == 1
            new.writestr(info.filename, data)
    path.write_bytes(output.getvalue())


@pytest.mark.parametrize("ref", ["A1:C101", "A1:A3", "A1", "B2:C3"])
def test_responses_are_read_past_an_understated_dimension(tmp_path: Path, ref: str) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["id", "q1", "tuoi"])
    for number in range(1, 1_201):
        sheet.append([f"r{number}", "ab"[number % 2], 18 + number % 60])
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    _understate(path, ref)
    responses = read_responses(path)
    assert responses.n == 1_200
    assert responses["id"][-1] == "r1200" and responses["tuoi"][-1] == 18 + 1_200 % 60
    assert responses.names == ["id", "q1", "tuoi"]


def test_xlsform_is_read_past_an_understated_dimension(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    sheet.append(["type", "name", "label", "required"])
    for number in range(1, 41):
        sheet.append(["integer", f"q{number}", f"Câu {number}", "yes"])
    workbook.create_sheet("choices").append(["list_name", "name", "label"])
    path = tmp_path / "form.xlsx"
    workbook.save(path)
    _understate(path, "A1:B3")
    survey = read_xlsform(path)
    assert [q.id for q in survey.questions] == [f"q{n}" for n in range(1, 41)]
    assert all(q.required for q in survey.questions)


# -- few bytes, many cells -----------------------------------------------------------------------


def test_cells_far_to_the_right_are_bounded(tmp_path: Path) -> None:
    # Each row is a few bytes of XML and 16,384 cells once read: refused at the default limits.
    rows = cells(1, "q1") + "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c><c r="XFD{r}"/></row>'
        for r in range(2, 2_000)
    )
    path = raw_xlsx(tmp_path / "wide.xlsx", {"Sheet1": rows})
    with pytest.raises(InputError, match="more cells and text than its size allows") as info:
        read_responses(path)
    assert str(path) in str(info.value)


def test_one_long_shared_string_in_every_cell_is_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits(monkeypatch, min_cells=1_000_000)
    shared = '<c r="A{r}" t="s"><v>1</v></c>'
    rows = cells(1, "q1") + "".join(
        f'<row r="{r}">{shared.format(r=r)}</row>' for r in range(2, 600)
    )
    path = raw_xlsx(tmp_path / "shared.xlsx", {"Sheet1": rows}, ["q1", "9" * 20_000])
    with pytest.raises(InputError, match="more cells and text than its size allows"):
        read_responses(path)
    limits(monkeypatch, min_cells=20_000_000)
    with pytest.raises(Exception, match="digits"):  # within bounds: each cell reported
        read_responses(path, numeric=["q1"])


# -- writing XLSForm: every cell is text ---------------------------------------------------------

FORMULAS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.invalid/x","bấm vào đây")',
    "=1+1",
    "+SUM(A1:A9)",
    "-2+3",
    "@SUM(A1)",
    "=",
    "'=quoted",
]


def test_xlsform_export_writes_formula_like_text_as_text(tmp_path: Path) -> None:
    from dlxh.models.survey import Choice, Question, QuestionKind, Survey
    from dlxh.survey.xlsform import survey_to_xlsform

    questions = [
        Question(
            id=f"q{index}",
            text=text,
            kind=QuestionKind.SINGLE,
            choices=[Choice(value="a", label=text), Choice(value="b", label=f"{text} (2)")],
        )
        for index, text in enumerate(FORMULAS)
    ]
    survey = Survey(id="khao_sat", title=FORMULAS[0], questions=questions)
    path = survey_to_xlsform(survey, tmp_path / "form.xlsx")
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode()
                assert "<f>" not in xml and "<f " not in xml
                kinds = re.findall(r'<c r="[A-Z]+\d+"(?: s="\d+")?(?: t="(\w+)")?', xml)
                assert kinds and set(kinds) <= {"s", "inlineStr"}, (name, set(kinds))
    back = read_xlsform(path)
    assert back.title == survey.title
    assert [q.text for q in back.questions] == FORMULAS
    assert [[c.label for c in q.choices] for q in back.questions] == [
        [text, f"{text} (2)"] for text in FORMULAS
    ]
    workbook = openpyxl.load_workbook(path)
    assert all(
        cell.data_type in ("s", "n")
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
    )


# -- the prolog reader itself --------------------------------------------------------------------

_DTD = '<!DOCTYPE x [<!ENTITY e "b">]><x>&e;</x>'


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'<?xml version="1.0"?><x/>', None),
        (b"\x89PNG\r\n\x1a\n" + _DTD.encode(), None),  # not XML: no parser reads a DTD in it
        (b"<x/><!DOCTYPE x>", None),  # after the root element: a syntax error, never a DTD
        (b"<!-- <!DOCTYPE x> --><x/>", None),
        (b"", None),
        (_DTD.encode(), "declares a DTD"),
        (b"<!--><x/>-->" + _DTD.encode(), "declares a DTD"),  # "<!-->" does not end a comment
        (b"<?pi?>" + b" \n" * 50_000 + _DTD.encode(), "declares a DTD"),
        (b"<!--" + b"-" * 100_000 + b"-->" + _DTD.encode(), "declares a DTD"),
        (b"<![CDATA[x]]><x/>", "declares a DTD"),  # any other <! markup before the root
        (("\ufeff" + _DTD).encode("utf-8"), "declares a DTD"),
        (("<?xml version='1.0'?>" + _DTD).encode("utf-16-le"), "read as utf-16-le"),
        (_DTD.encode("utf-32-be"), "read as utf-32-be"),
        (b"<?xml version='1.0' encoding='utf-7'?>" + _DTD.replace("<", "+ADw-").encode(), "utf-7"),
        (b"<?xml version='1.0' encoding='x-unknown'?><x/>", "encoding 'x-unknown'"),
        ("<?xml version='1.0'?><x/>".encode("cp037"), "EBCDIC"),
    ],
)
def test_dtd_reason(data: bytes, reason: str | None) -> None:
    from dlxh.xmlprolog import dtd_reason

    found = dtd_reason(lambda: io.BytesIO(data))
    if reason is None:
        assert found is None
    else:
        assert found is not None and reason in found
