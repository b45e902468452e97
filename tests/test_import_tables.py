"""The built-in importers: a collaborators' roster and monthly reports as XLSX or CSV.

Workbooks are built here with openpyxl (invented names and codes), so each test shows the
table it reads.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import dlxh
from cli_runner import run
from dlxh.errors import DataValidationError, InputError
from dlxh.importers import positions, read_csv, read_table_file, read_xlsx
from dlxh.plugins import load_plugins

UNITS = """\
name: Mạng lưới thử nghiệm
units:
- {code: TU, name: Tỉnh ủy Thử Nghiệm, level: province}
- {code: DU-01, name: Đảng ủy xã Một, level: commune, parent: TU}
- {code: DU-02, name: Đảng ủy xã Hai, level: commune, parent: TU}
"""


def _workbook(
    path: Path, rows: list[list[Any]], merged: tuple[str, ...] = (), title: str = "CTV"
) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(number, column, value)
    for cells in merged:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8-sig")
    return path


def _problems(error: pytest.ExceptionInfo[DataValidationError]) -> list[str]:
    return [f"{p.location}: {p.message}" for p in error.value.problems]


def test_roster_xlsx_with_merged_header(tmp_path: Path) -> None:
    # a group cell over A1:C1, and the other headers merged down over both header rows
    book = _workbook(
        tmp_path / "ctv.xlsx",
        [
            ["Thông tin cộng tác viên", None, None, "Ngày phân công", "Cấp", "Liên hệ", None],
            ["Mã CTV", "Họ và tên", "Đơn vị", None, None, "Điện thoại", "Email"],
            ["CTV-01", "Nguyễn Văn Thử", "DU-01", dt.date(2026, 1, 5), "xã", "0912345678", None],
            ["CTV-02", "Trần Thị Mẫu", "DU-02", None, "Xã", None, "mau@example.org"],
        ],
        merged=("A1:C1", "D1:D2", "E1:E2", "F1:G1"),
    )
    dataset = read_xlsx(book)
    first, second = dataset.collaborators
    assert (first.id, first.full_name, first.unit) == ("CTV-01", "Nguyễn Văn Thử", "DU-01")
    assert first.appointed_on == dt.date(2026, 1, 5)
    assert first.level.value == second.level.value == "commune"
    assert first.contact.phone == "+84912345678"
    assert second.contact.email == "mau@example.org"
    assert positions(dataset)["collaborators.1.unit"] == (
        "sheet 'CTV', row 4, column C (Thông tin cộng tác viên / Đơn vị)"
    )


def test_headers_in_any_case_without_accents_and_by_alias(tmp_path: Path) -> None:
    roster = _csv(
        tmp_path / "ctv.csv",
        "stt,MA CTV,ho ten (*),don vi cong tac,CẤP,sdt,linh vuc,Gioi tinh,Ghi chú\n"
        "1,CTV-01,Lê Văn Một,DU-01,xã,0912 345 678,kinh tế; văn hoá – xã hội,nữ,mới\n",
    )
    (person,) = read_csv(roster).collaborators
    assert person.full_name == "Lê Văn Một" and person.unit == "DU-01"
    assert [f.value for f in person.fields] == ["economy", "culture_society"]
    assert person.gender is not None and person.gender.value == "female"


def test_reports_csv_semicolon_with_vietnamese_dates_and_periods(tmp_path: Path) -> None:
    table = _csv(
        tmp_path / "bao-cao.csv",
        "Mã báo cáo;Kỳ báo cáo;Mã CTV;Ngày gửi;Tiêu đề;Nội dung;Lĩnh vực;Khuynh hướng;Điểm nóng\n"
        "BC-1;11/2026;CTV-01;20/11/2026;Giá điện;Giá điện tăng cao;kinh tế;phản đối;x\n"
        ";;;;Thuốc;Trạm y tế thiếu thuốc;y tế;băn khoăn, lo lắng;\n"
        "BC-2;tháng 11/2026;CTV-02;20.11.2026;Đường;Đường liên xã hỏng;Kinh te;;\n"
        "BC-3;2026-11;CTV-03;2026-11-19;Học phí;Học phí tăng;giáo dục;;\n"
        "BC-2;Tháng 11 năm 2026;CTV-02;;Chợ;Chợ tạm chưa di dời;kinh tế;;không\n",
    )
    reports = {r.id: r for r in read_csv(table).reports}
    assert sorted(reports) == ["BC-1", "BC-2", "BC-3"]
    assert {str(r.period) for r in reports.values()} == {"2026-11"}
    assert reports["BC-1"].submitted_on == reports["BC-2"].submitted_on == dt.date(2026, 11, 20)
    assert [i.title for i in reports["BC-1"].items] == ["Giá điện", "Thuốc"]
    assert [i.hotspot for i in reports["BC-1"].items] == [True, False]
    assert reports["BC-1"].items[1].tendency.value == "hesitant"
    assert [i.title for i in reports["BC-2"].items] == ["Đường", "Chợ"]


def test_reports_without_an_id_column_group_by_collaborator_and_period(tmp_path: Path) -> None:
    table = _csv(
        tmp_path / "bc.csv",
        "Kỳ,Mã CTV,Họ và tên,Nội dung,Lĩnh vực\n"
        "10/2026,CTV-01,Lê Văn Một,Giá phân bón tăng,kinh tế\n"
        "11/2026,CTV-01,Lê Văn Một,Giá điện tăng,kinh tế\n"
        "10/2026,CTV-01,Lê Văn Một,Thiếu giáo viên,giáo dục\n"
        "10/2026,CTV-02,,Sạt lở đường,kinh tế\n",
    )
    reports = read_csv(table).reports
    assert [(r.id, str(r.period), len(r.items)) for r in reports] == [
        ("BC-2026-10-CTV-01", "2026-10", 2),
        ("BC-2026-11-CTV-01", "2026-11", 1),
        ("BC-2026-10-CTV-02", "2026-10", 1),
    ]
    # no title column: the content's first line is the title
    assert reports[0].items[1].title == "Thiếu giáo viên"
    assert reports[0].reporter.name == "Lê Văn Một"


def test_excel_serial_dates_and_date_cells(tmp_path: Path) -> None:
    book = _workbook(
        tmp_path / "bc.xlsx",
        [
            ["Mã báo cáo", "Kỳ", "Mã CTV", "Ngày gửi", "Nội dung", "Lĩnh vực", "Ngày ghi nhận"],
            # Excel makes a date of a typed "11/2026": the first of the month
            ["BC-1", dt.datetime(2026, 11, 1), "CTV-01", 46346, "Giá điện", "kinh tế", 46340.5],
            ["BC-2", "2026-11", "CTV-02", dt.datetime(2026, 11, 18), "Học phí", "giáo dục", None],
        ],
        title="Báo cáo",
    )
    first, second = read_xlsx(book).reports
    assert first.submitted_on == dt.date(2026, 11, 20)
    assert str(first.period) == "2026-11"
    assert first.items[0].observed_on == dt.date(2026, 11, 14)
    assert second.submitted_on == dt.date(2026, 11, 18)


def test_errors_name_sheet_row_and_column(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["DANH SÁCH CỘNG TÁC VIÊN", None, None, None, None],
        [None] * 5,
        ["Mã CTV", "Họ và tên", "Đơn vị", "Ngày phân công", "Cấp"],
        ["CTV-01", "Nguyễn Văn Thử", "DU-01", "05/01/2026", "xã"],
        ["CTV-02", "Trần Thị Mẫu", "DU-01", "31/02/2026", "xã"],
        ["CTV-03", "Lê Văn Ba", "Đảng ủy xã Một", "05/01/2026", "huyện xã"],
        ["CTV-04", "", "DU-02", "hôm qua", "xã"],
    ]
    book = _workbook(tmp_path / "ctv.xlsx", rows, merged=("A1:E1",))
    with pytest.raises(DataValidationError) as error:
        read_xlsx(book)
    assert str(book) in str(error.value)
    problems = _problems(error)
    assert len(problems) == 5, problems  # every bad cell, in table order
    assert problems[0].startswith("sheet 'CTV', row 5, column D (Ngày phân công): ")
    assert "month 2 of 2026 has 28 days" in problems[0]
    assert problems[1].startswith("sheet 'CTV', row 6, column C (Đơn vị): ")
    assert "not a code" in problems[1]
    assert problems[2].startswith("sheet 'CTV', row 6, column E (Cấp): expected one of")
    assert (
        problems[3]
        == "sheet 'CTV', row 7, column B (Họ và tên): the cell is empty; a value is required"
    )
    assert problems[4].startswith("sheet 'CTV', row 7, column D (Ngày phân công): expected a date")


def test_missing_unknown_and_doubled_columns_are_named(tmp_path: Path) -> None:
    roster = _csv(
        tmp_path / "ctv.csv",
        "STT,Mã CTV,Họ và tên,SĐT,Số điện thoại,Dân tộc,Ghi chú,Cột trống\n"
        "1,CTV-01,Lê Văn Một,0912345678,0912345679,Kinh,,\n",
    )
    with pytest.raises(DataValidationError) as error:
        read_csv(roster)
    problems = _problems(error)
    assert any(p.startswith("row 1, column E (Số điện thoại): a second column") for p in problems)
    assert any(
        p.startswith("row 1, column F (Dân tộc): not a column of a roster") for p in problems
    )
    missing = [p for p in problems if "no column for" in p]
    assert [p.split("no column for ")[1].split(" ")[0] for p in missing] == ["unit", "level"]
    assert not any("Ghi chú" in p.split(":")[0] or "Cột trống" in p for p in problems)


def test_neither_roster_nor_reports_lists_the_expected_headers(tmp_path: Path) -> None:
    table = _csv(tmp_path / "khac.csv", "Tên hàng,Số lượng\nGạo,3\n")
    with pytest.raises(InputError) as error:
        read_table_file(table)
    message = str(error.value)
    assert str(table) in message and "'Tên hàng'" in message
    for header in ("Họ và tên", "Mã CTV", "Cấp", "Mã báo cáo", "Kỳ", "Lĩnh vực"):
        assert repr(header) in message


def test_rows_of_one_report_must_agree_and_items_need_a_report(tmp_path: Path) -> None:
    table = _csv(
        tmp_path / "bc.csv",
        "Mã báo cáo,Kỳ,Mã CTV,Ngày gửi,Nội dung,Lĩnh vực\n"
        ",,,,Một ý kiến mồ côi,kinh tế\n"
        "BC-1,11/2026,CTV-01,20/11/2026,Giá điện,kinh tế\n"
        "BC-1,11/2026,CTV-01,21/11/2026,Học phí,giáo dục\n"
        "BC-2,13/2026,CTV-02,20/11/2026,Đường,kinh tế\n",
    )
    with pytest.raises(DataValidationError) as error:
        read_csv(table)
    problems = _problems(error)
    assert problems[0].startswith("row 2: an opinion item with no report")
    assert problems[1].startswith("row 4, column D (Ngày gửi): report BC-1 has '2026-11-20'")
    assert problems[2].startswith("row 5, column B (Kỳ): '13/2026': there is no month 13")
    assert len(problems) == 3


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("#REF!", "Excel error #REF!"),
        ('=HYPERLINK("http://example.org")', "spreadsheet formula"),
        ("Giá\x07 điện", "control character U+0007"),
    ],
)
def test_hostile_cells_are_named(tmp_path: Path, cell: str, expected: str) -> None:
    quoted = cell.replace('"', '""')
    table = _csv(
        tmp_path / "bc.csv",
        f'Mã báo cáo,Kỳ,Mã CTV,Tiêu đề,Nội dung,Lĩnh vực\nBC-1,11/2026,CTV-01,"{quoted}",x,y tế\n',
    )
    with pytest.raises(DataValidationError) as error:
        read_csv(table)
    (problem,) = _problems(error)
    assert problem.startswith("row 2, column D (Tiêu đề): ") and expected in problem


def test_formula_without_a_saved_value_is_an_error(tmp_path: Path) -> None:
    book = _workbook(
        tmp_path / "ctv.xlsx",
        [
            ["Mã CTV", "Họ và tên", "Đơn vị", "Cấp", "Năm sinh"],
            ["CTV-01", "Lê Văn Một", "DU-01", "xã", "=1970+5"],
        ],
    )
    with pytest.raises(DataValidationError) as error:
        read_xlsx(book)
    (problem,) = _problems(error)
    assert problem.startswith("sheet 'CTV', row 2, column E (Năm sinh): the cell holds a formula")


def test_zip_bomb_workbook_is_refused(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "ctv.xlsx", [["Mã CTV", "Họ và tên"]])
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, source.read(info))
        out.writestr("xl/padding.xml", b" " * (20 * 1024 * 1024))
    with pytest.raises(InputError, match="zip bomb"):
        read_xlsx(bomb)


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mang-luoi"
    folder.mkdir()
    (folder / "units.yaml").write_text(UNITS, encoding="utf-8")
    _workbook(
        folder / "ctv.xlsx",
        [
            ["STT", "Thông tin cộng tác viên", None, None, "Cấp", "Ngày phân công"],
            [None, "Mã CTV", "Họ và tên", "Đơn vị", None, None],
            [1, "CTV-01", "Nguyễn Văn Thử", "DU-01", "xã", dt.date(2026, 1, 5)],
            [2, "CTV-02", "Trần Thị Mẫu", "DU-02", "xã", 46027],
        ],
        merged=("A1:A2", "B1:D1", "E1:E2", "F1:F2"),
    )
    _csv(
        folder / "bao-cao.csv",
        "Mã CTV;Kỳ;Ngày gửi;Nội dung;Lĩnh vực;Khuynh hướng\n"
        "CTV-01;tháng 11/2026;20/11/2026;Giá điện tăng cao;kinh tế;phản đối\n"
        "CTV-01;tháng 11/2026;20/11/2026;Trạm y tế thiếu thuốc;y tế;băn khoăn\n"
        "CTV-02;11/2026;19.11.2026;Giá điện tăng cao bất thường;kinh tế;phản đối\n",
    )
    return folder


def test_folder_of_yaml_units_xlsx_roster_and_csv_reports_synthesises(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    dataset = dlxh.load_dataset(folder)
    assert [c.id for c in dataset.collaborators] == ["CTV-01", "CTV-02"]
    assert [(r.reporter.id, len(r.items)) for r in dataset.reports] == [
        ("CTV-01", 2),
        ("CTV-02", 1),
    ]
    code, out, err = run("validate", str(folder))
    assert code == 0, err
    assert "2 collaborators" in out
    code, out, err = run(
        "aggregate", str(folder), "--period", "11/2026", "--as-of", "2026-11-30", "--json"
    )
    assert code == 0, err
    payload = json.loads(out[: out.rindex("}") + 1])
    assert payload["period"] == "2026-11"
    assert payload["compliance"]["totals"]["expected"] == 2


def test_a_report_of_someone_not_in_the_roster_names_the_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    with (folder / "bao-cao.csv").open("a", encoding="utf-8") as table:
        table.write("CTV-99;11/2026;20/11/2026;Đường hỏng;kinh tế;\n")
    with pytest.raises(DataValidationError, match="CTV-99") as error:
        dlxh.load_dataset(folder)
    (problem,) = [p for p in error.value.problems if "CTV-99" in p.message]
    assert problem.source == str(folder / "bao-cao.csv")
    # named by its row and column in the table, not by its index among the reports
    assert problem.location.startswith("row ") and "column A" in problem.location, problem


def test_builtin_importers_are_registered_and_can_be_disabled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hooks = load_plugins(entry_points=False)
    assert {".xlsx", ".csv"} <= set(hooks.importers())
    monkeypatch.setenv("DLXH_DISABLE_PLUGINS", "dlxh.builtins.importing")
    assert ".csv" not in load_plugins(entry_points=False).importers()
