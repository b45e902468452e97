"""The format checker: rendered documents pass, broken variants fail on exactly their rule."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx.shared import Mm, Pt
from typer.testing import CliRunner

from dlxh import CheckError, load
from dlxh.check import check
from dlxh.cli import app
from dlxh.models import Document
from dlxh.render import render_document
from docx_inspect import office_page

EXAMPLES = sorted(
    (Path(__file__).resolve().parent.parent / "examples" / "documents").glob("*.yaml")
)
runner = CliRunner()


def rendered(name: str, profile: str | None = None) -> bytes:
    path = next(p for p in EXAMPLES if name in p.name)
    return render_document(load(path, Document), profile=profile, base_dir=path.parent)


def mutate(data: bytes, change: Callable[[str, str], str]) -> bytes:
    """Apply ``change(part_name, xml)`` to every XML part of a .docx."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.endswith(".xml"):
                content = change(info.filename, content.decode("utf-8")).encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()


def in_document(old: str, new: str, count: int = 1) -> Callable[[str, str], str]:
    def change(name: str, xml: str) -> str:
        if name != "word/document.xml":
            return xml
        assert old in xml, old
        return xml.replace(old, new, count)

    return change


@pytest.mark.parametrize("profile", [None, "dang", "nha-nuoc"])
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_rendered_documents_pass_their_profile(path: Path, profile: str | None) -> None:
    document = load(path, Document)
    data = render_document(document, profile=profile, base_dir=path.parent)
    report = check(data, profile)
    assert report.profile == (profile or document.profile.value)
    assert report.errors() == []
    assert [f for f in report.findings if f.severity == "warning"] == []


def test_profile_is_detected_and_reported() -> None:
    party = check(rendered("01-huong-dan"))
    assert (party.profile, party.profile_detected) == ("dang", True)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in party.detection
    state = check(rendered("03-bao-cao"))
    assert state.profile == "nha-nuoc" and "CỘNG HÒA" in state.detection
    given = check(rendered("03-bao-cao"), "nha-nuoc")
    assert not given.profile_detected


BROKEN = [
    (
        "wrong margins",
        "03-bao-cao",
        in_document('w:left="1701"', 'w:left="1134"'),
        {"page.margin_left_mm"},
    ),
    (
        "Arial runs",
        "03-bao-cao",
        in_document(
            '<w:r><w:rPr/><w:t xml:space="preserve">Trong tháng',
            '<w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/></w:rPr>'
            '<w:t xml:space="preserve">Trong tháng',
        ),
        {"font.name"},
    ),
    (
        '"Số:" in a Party document',
        "01-huong-dan",
        in_document("Số 05-HD/BTGDVTU", "Số: 05/HD-BTGDVTU"),
        {"number.prefix"},
    ),
    (
        '"tháng 08"',
        "03-bao-cao",
        in_document("ngày 28 tháng 10 năm 2026", "ngày 28 tháng 08 năm 2026"),
        {"date.month_padding"},
    ),
    (
        "missing Nơi nhận",
        "03-bao-cao",
        in_document('<w:t xml:space="preserve">Nơi nhận:</w:t>', "<w:t></w:t>"),
        {"recipients.label"},
    ),
    (
        "missing signer",
        "03-bao-cao",
        in_document('<w:t xml:space="preserve">Hoàng Thị Lan</w:t>', "<w:t></w:t>"),
        {"signature.name"},
    ),
    (
        "heading sequence I, III",
        "03-bao-cao",
        in_document("II. NHIỆM VỤ THÁNG TỚI", "III. NHIỆM VỤ THÁNG TỚI"),
        {"heading.sequence"},
    ),
    (
        "number not padded",
        "03-bao-cao",
        in_document("Số: 15/BC-UBND", "Số: 5/BC-UBND"),
        {"number.padding"},
    ),
    (
        "a Party signature in a State document",
        "03-bao-cao",
        in_document("TM. ỦY BAN NHÂN DÂN", "T/M ỦY BAN NHÂN DÂN"),
        {"signature.authority_prefixes"},
    ),
    (
        "body not justified",
        "03-bao-cao",
        lambda name, xml: (
            xml
            if name != "word/styles.xml"
            else xml.replace(
                '<w:style w:type="paragraph" w:customStyle="1" w:styleId="DLXHBody">',
                '<w:style w:type="paragraph" w:customStyle="1" w:styleId="DLXHBody">',
            ).replace('<w:jc w:val="both"/>', '<w:jc w:val="left"/>')
        ),
        {"body.alignment"},
    ),
    (
        "page number on page 1",
        "03-bao-cao",
        in_document("<w:titlePg/>", ""),
        {"page_number.first_page"},
    ),
]


@pytest.mark.parametrize(
    ("label", "example", "change", "rules"), BROKEN, ids=[case[0] for case in BROKEN]
)
def test_broken_variants_fail_on_their_rule_only(
    label: str, example: str, change: Callable[[str, str], str], rules: set[str]
) -> None:
    report = check(mutate(rendered(example), change))
    assert {f.rule for f in report.errors()} == rules, [str(f) for f in report.findings]
    assert not report.ok


def test_finding_carries_what_where_and_why() -> None:
    data = mutate(rendered("03-bao-cao"), in_document('w:left="1701"', 'w:left="1134"'))
    [finding] = check(data).errors()
    assert finding.location == "section 1"
    assert finding.expected == "30-35 mm" and finding.found == "20.0 mm"
    assert finding.source == "Phụ lục I, Phần I, Mục I.3" and finding.confirmed


def test_unconfirmed_party_rules_are_warnings() -> None:
    data = mutate(rendered("01-huong-dan"), in_document('w:left="1701"', 'w:left="1984"'))
    report = check(data)
    assert report.ok
    [finding] = report.findings
    assert (finding.rule, finding.severity, finding.confirmed) == (
        "page.margin_left_mm",
        "warning",
        False,
    )


def test_fonts_are_resolved_through_styles_and_theme() -> None:
    # The body style in Arial: every body run inherits it, no run says so directly.
    def arial_body(name: str, xml: str) -> str:
        if name != "word/styles.xml":
            return xml
        changed = re.sub(
            r'(w:styleId="DLXHBody">.*?<w:rFonts )[^/]*/>',
            r'\1w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial" w:eastAsia="Arial"/>',
            xml,
            count=1,
            flags=re.DOTALL,
        )
        assert changed != xml
        return changed

    report = check(mutate(rendered("03-bao-cao"), arial_body))
    assert {f.rule for f in report.errors()} == {"font.name"}
    assert "Arial" in report.errors()[0].message


def test_hand_made_document_without_dlxh_styles() -> None:
    """A correct document typed with direct formatting (no dlxh styles) passes."""
    made = office_page()

    def line(
        text: str,
        *,
        size: float = 14,
        bold: bool = False,
        italic: bool = False,
        center: bool = True,
    ) -> None:
        paragraph = made.add_paragraph()
        run = paragraph.add_run(text)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic
        paragraph.alignment = 1 if center else 3
        if not center:
            paragraph.paragraph_format.first_line_indent = Mm(10)
            paragraph.paragraph_format.space_after = Pt(6)

    line("ỦY BAN NHÂN DÂN XÃ A", size=13, bold=True)
    line("Số: 03/BC-UBND", size=13)
    line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True)
    line("Độc lập - Tự do - Hạnh phúc", size=14, bold=True)
    line("Xã A, ngày 05 tháng 3 năm 2026", italic=True)
    line("BÁO CÁO", bold=True)
    line("Tình hình dư luận xã hội tháng 02 năm 2026", bold=True)
    line(
        "Trong tháng, tình hình tư tưởng của cán bộ, đảng viên và nhân dân trên địa bàn xã ổn "
        "định; nhân dân tin tưởng vào sự lãnh đạo của cấp ủy./.",
        center=False,
    )
    line("Nơi nhận:", size=12, bold=True, italic=True, center=False)
    line("- UBND tỉnh;", size=11, center=False)
    line("- Lưu: VT.", size=11, center=False)
    line("CHỦ TỊCH", bold=True)
    line("Nguyễn Văn A", bold=True)
    stream = io.BytesIO()
    made.save(stream)
    report = check(stream.getvalue())
    assert report.profile == "nha-nuoc"
    errors = {f.rule for f in report.errors()}
    assert errors == set(), [str(f) for f in report.findings]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a .docx file"),
        (b"plain text", "not a .docx file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, r"\.doc file \(Word 97-2003\)"),
        (b"{\\rtf1 hello}", "RTF file"),
    ],
)
def test_unreadable_inputs_are_clean_errors(data: bytes, message: str) -> None:
    with pytest.raises(CheckError, match=message):
        check(data)


def _zip(members: dict[str, bytes]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return stream.getvalue()


def test_hostile_packages() -> None:
    with pytest.raises(CheckError, match=r"no word/document\.xml"):
        check(_zip({"hello.txt": b"x"}))
    with pytest.raises(CheckError, match="OpenDocument"):
        check(
            _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
        )
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&x;</w:document>'
    )
    with pytest.raises(CheckError, match="declares a DTD"):
        check(_zip({"word/document.xml": xxe}))
    bomb = _zip({"word/document.xml": b"<a>" + b" " * (210 * 1024 * 1024) + b"</a>"})
    with pytest.raises(CheckError, match="zip bomb"):
        check(bomb)
    truncated = rendered("03-bao-cao")[:3000]
    with pytest.raises(CheckError):
        check(truncated)
    with pytest.raises(CheckError, match="not well-formed"):
        check(_zip({"word/document.xml": b"<w:document><unclosed>"}))


def test_cli_check(tmp_path: Path) -> None:
    good = tmp_path / "good.docx"
    good.write_bytes(rendered("01-huong-dan"))
    bad = tmp_path / "bad.docx"
    bad.write_bytes(
        mutate(rendered("01-huong-dan"), in_document("Số 05-HD/BTGDVTU", "Số: 05/HD-BTGDVTU"))
    )
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a docx")
    result = runner.invoke(app, ["check", str(good)], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "ok" in result.stdout and "dang" in result.stdout
    result = runner.invoke(app, ["check", str(bad), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["profile"] == "dang"
    finding = next(f for f in data["findings"] if f["rule"] == "number.prefix")
    assert set(finding) >= {
        "rule",
        "severity",
        "message",
        "location",
        "expected",
        "found",
        "source",
    }
    result = runner.invoke(app, ["check", str(good), str(broken)])
    assert result.exit_code == 2 and "not a .docx" in result.stderr
    result = runner.invoke(app, ["check", str(bad)], env={"COLUMNS": "200"})
    assert result.exit_code == 1 and "number" in result.stdout
