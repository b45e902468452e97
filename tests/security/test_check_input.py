"""The checker's input guards: bounded reading, no DTD whatever its disguise, special files.

Every hostile package is built here from a rendered example or from a few lines of XML. The
limits are passed small to :func:`open_package` (the defaults are checked once, on a document
like the one that took 50 s and 1.4 GB before).
"""

from __future__ import annotations

import dataclasses
import os
import random
import re
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from checker_inputs import CONTENT_TYPES, SAMPLE, W, members, minimal, rezip, with_part
from lxml import etree

from cli_runner import run
from dlxh import CheckError
from dlxh.check import check, xmlparts
from dlxh.check.limits import DEFAULT_LIMITS, CheckLimits
from dlxh.check.package import open_package


def refused(data: bytes, pattern: str, limits: CheckLimits = DEFAULT_LIMITS) -> str:
    with pytest.raises(CheckError) as caught:
        open_package(data, limits)
    message = str(caught.value)
    assert re.search(pattern, message), message
    assert "\n" not in message and len(message) < 600, message
    return message


# -- bounds ---------------------------------------------------------------------------------------
def test_document_above_its_limit_is_refused_with_the_limit_named() -> None:
    size = len(members()["word/document.xml"])
    limits = dataclasses.replace(DEFAULT_LIMITS, document_bytes=size - 1)
    message = refused(
        SAMPLE,
        rf"word/document\.xml unpacks to {size:,} bytes, above the checker's limit of "
        rf"{size - 1:,}; the checker examines documents up to",
        limits,
    )
    assert "paragraphs" in message
    open_package(SAMPLE, dataclasses.replace(limits, document_bytes=size))  # the limit is exact


def test_other_parts_and_the_total_are_bounded() -> None:
    styles = len(members()["word/styles.xml"])
    refused(
        SAMPLE,
        r"word/styles\.xml unpacks to .* above the checker's limit",
        dataclasses.replace(DEFAULT_LIMITS, part_bytes=styles - 1),
    )
    document = len(members()["word/document.xml"])
    refused(
        SAMPLE,
        r"brings the unpacked XML bytes above the checker's limit",
        dataclasses.replace(DEFAULT_LIMITS, total_bytes=document + 10),
    )


@pytest.mark.parametrize(
    ("field", "exact", "what"),
    # elements: 5 per paragraph, the document's frame and the content types (3 each, as an
    # XML declaration counts: the count is an upper bound taken from the bytes before parsing)
    [
        ("paragraphs", 30, "paragraphs"),
        ("runs", 60, "runs"),
        ("elements", 30 * 5 + 6, "XML elements"),
    ],
)
def test_paragraphs_runs_and_elements_are_counted(field: str, exact: int, what: str) -> None:
    """30 paragraphs of 2 runs: refused just below the count, read at it."""
    data = minimal("<w:p><w:r><w:t>a</w:t></w:r><w:r><w:t>b</w:t></w:r></w:p>" * 30)
    limits = dataclasses.replace(DEFAULT_LIMITS, **{field: exact - 1})
    refused(data, rf"word/document\.xml brings the {what} above the checker's limit", limits)
    open_package(data, dataclasses.replace(DEFAULT_LIMITS, **{field: exact}))


def test_the_depth_of_runs_and_text_is_bounded() -> None:
    """The rules walk from every run and text node up to the root: the sum of their depths is
    bounded (here computed independently from the tree)."""
    nested = "<w:sdt><w:sdtContent>" * 30 + "<w:r><w:t>a</w:t><w:tab/></w:r>" * 20
    data = minimal("<w:p>" + nested + "</w:sdtContent></w:sdt>" * 30 + "</w:p>")
    root = etree.fromstring(members(data)["word/document.xml"])
    walked = {f"{{{W}}}{name}" for name in ("r", "t", "tab", "br", "cr")}
    exact = sum(len(list(e.iterancestors())) for e in root.iter() if e.tag in walked)
    limits = dataclasses.replace(DEFAULT_LIMITS, nesting=exact - 1)
    refused(data, r"brings the nesting of runs and text above the checker's limit", limits)
    open_package(data, dataclasses.replace(DEFAULT_LIMITS, nesting=exact))


def _styles(based: dict[str, str | None]) -> bytes:
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="{name}"><w:name w:val="{name}"/>'
        + (f'<w:basedOn w:val="{parent}"/>' if parent else "")
        + "</w:style>"
        for name, parent in based.items()
    )
    return f'<w:styles xmlns:w="{W}">{styles}</w:styles>'.encode()


def test_style_chains_are_bounded_and_loops_are_not_chains() -> None:
    """The rules follow basedOn for every run: 20,000 chained styles took 22 s on one page."""
    chain = {f"s{i}": (f"s{i - 1}" if i else None) for i in range(17)}
    data = with_part("word/styles.xml", _styles(chain))
    limits = dataclasses.replace(DEFAULT_LIMITS, style_depth=16)
    refused(data, r"styles\.xml has a chain of more than 16 styles based on one another", limits)
    open_package(data, dataclasses.replace(limits, style_depth=17))
    loops = {"self": "self", "a": "b", "b": "a", "orphan": "missing"}
    open_package(with_part("word/styles.xml", _styles(loops)), limits)


def test_headers_repeated_by_many_sections_are_counted_each_time() -> None:
    """The rules read each section's headers again: 2,000 sections sharing a header of 1,000
    runs took 170 s. Here 30 sections share a header: its runs count 30 times (once more for
    the final section)."""
    parts = members()
    header = parts["word/header1.xml"]
    per_header = header.count(b"<w:r>") + header.count(b"<w:r ")
    section = (
        b'<w:p><w:pPr><w:sectPr><w:headerReference w:type="default" r:id="rId9"/>'
        b"</w:sectPr></w:pPr></w:p>"
    )
    document = parts["word/document.xml"]
    end = document.rindex(b"<w:sectPr")
    data = rezip({**parts, "word/document.xml": document[:end] + section * 30 + document[end:]})
    allowed = open_package(data)  # the default limits: a real document's few sections
    assert allowed.rels["rId9"] == "word/header1.xml"
    limits = dataclasses.replace(DEFAULT_LIMITS, runs=30 * per_header)
    refused(data, r"sections repeat their headers with more than [\d,]+ runs in all", limits)
    total = 30 + document.count(b"<w:sectPr")  # the added ones and those already there
    limits = dataclasses.replace(DEFAULT_LIMITS, sections=total - 1)
    refused(
        data,
        rf"the document has {total} sections, more than the checker's limit of {total - 1}",
        limits,
    )
    open_package(data, dataclasses.replace(limits, sections=total))


def test_a_highly_compressed_part_is_a_bomb() -> None:
    bomb = minimal("<w:p/>" * 400_000)  # 2.4 MB of XML in a few kB
    refused(bomb, r"word/document\.xml is compressed \d+:1; refusing \(zip bomb\?\)")


def test_the_zip_directory_is_bounded_before_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    parts = {**members(), **{f"word/media/extra{i}.bin": b"x" for i in range(20)}}
    limits = dataclasses.replace(DEFAULT_LIMITS, entries=len(parts) - 1)
    refused(rezip(parts), rf"the zip lists {len(parts)} entries, more than the", limits)
    # a zip64 end record (the count the classic record cannot hold) is read too
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 5)
    data = bytearray(rezip(parts))
    end = data.rfind(b"PK\x05\x06")
    data[end + 8 : end + 12] = b"\xff\xff\xff\xff"
    refused(bytes(data), rf"the zip lists {len(parts)} entries", limits)


def test_file_size_is_bounded(tmp_path: Path) -> None:
    limits = dataclasses.replace(DEFAULT_LIMITS, file_bytes=len(SAMPLE) - 1)
    refused(SAMPLE, r"more than the .* allowed", limits)
    path = tmp_path / "big.docx"
    path.write_bytes(SAMPLE)
    with pytest.raises(CheckError, match=rf"^{re.escape(str(path))}: file is .* allowed"):
        open_package(path, limits)


def test_the_defaults_refuse_more_than_16_mb_of_xml_in_a_moment() -> None:
    """The issue's case: a 5 MB file of 72 MB of XML took 50 s and 1.4 GB. Text that does not
    compress much (so the ratio guard does not answer first) above 16 MB of XML."""
    words = [f"từ{n:x}" for n in range(4096)]
    paragraph = "<w:p><w:r><w:t>{}</w:t></w:r></w:p>"
    body = "".join(paragraph.format(" ".join(words[i : i + 12])) for i in range(0, 4096, 12))
    data = minimal(body * (17 * 1024 * 1024 // len(body) + 1), level=1)
    start = time.perf_counter()
    with pytest.raises(CheckError, match="above the checker's limit of 16,777,216"):
        check(data)
    assert time.perf_counter() - start < 2


# -- DTDs -----------------------------------------------------------------------------------------
def _document(prolog: str, body: str = "<w:p><w:r><w:t>&x;</w:t></w:r></w:p>") -> str:
    return f'{prolog}<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'


def _payloads(secret: Path) -> dict[str, bytes]:
    system = f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file://{secret}">]>'
    internal = '<!DOCTYPE w:document [<!ENTITY x "expanded">]>'
    parameter = f'<!DOCTYPE w:document [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>'
    declaration = '<?xml version="1.0" encoding="{}"?>'
    return {
        "after a 5 KB comment": _document(
            f"<?xml version='1.0'?><!--{'c' * 5000}-->{system}"
        ).encode(),
        "after a 1 MB comment": _document(
            f"<!--{random.randbytes(500_000).hex()}-->{system}"
        ).encode(),
        "after many comments and PIs": _document("<!---->\n<?pi x?> " * 2000 + system).encode(),
        "UTF-16 LE with BOM": _document(declaration.format("UTF-16") + system).encode("utf-16"),
        "UTF-16 BE with BOM": b"\xfe\xff" + _document(system).encode("utf-16-be"),
        "UTF-16 LE without BOM": _document(system).encode("utf-16-le"),
        "UTF-8 with BOM": b"\xef\xbb\xbf"
        + _document(declaration.format("UTF-8") + system).encode(),
        "internal entity": _document(internal).encode(),
        "parameter entity": _document(parameter, "<w:p/>").encode(),
        "external SYSTEM entity": _document(system).encode(),
    }


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOP-SECRET-7c1e9", "utf-8")
    return path


def _dtd_refused(data: bytes, secret: Path) -> None:
    with pytest.raises(CheckError) as caught:
        check(rezip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": data}))
    message = str(caught.value)
    assert "word/document.xml declares a DTD or entities" in message, message
    assert "TOP-SECRET" not in message and "expanded" not in message


@pytest.mark.parametrize("case", list(_payloads(Path("/x"))))
def test_every_disguise_of_a_dtd_is_refused(case: str, secret: Path) -> None:
    _dtd_refused(_payloads(secret)[case], secret)


def test_the_parser_refuses_a_dtd_the_scan_did_not_see(
    secret: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defence in depth: with the prolog scan blinded, the parser still resolves nothing and the
    doctype it met is refused."""
    monkeypatch.setattr(xmlparts, "_PROLOG", re.compile(rb"(?!)"))
    system = f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file://{secret}">]>'
    internal = '<!DOCTYPE w:document [<!ENTITY x "expanded">]>'
    parameter = f'<!DOCTYPE w:document [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>'
    for prolog in (system, internal, parameter):
        _dtd_refused(_document(f"<!-- the scan stops here -->{prolog}").encode(), secret)


def test_a_utf16_document_without_a_dtd_is_checked_like_its_utf8_self() -> None:
    parts = members()
    text = parts["word/document.xml"].decode("utf-8")
    text = re.sub("encoding=['\"]UTF-8['\"]", 'encoding="UTF-16"', text, count=1)
    assert 'encoding="UTF-16"' in text
    utf16 = check(rezip({**parts, "word/document.xml": text.encode("utf-16")}))
    utf8 = check(SAMPLE)
    assert [f.to_json_data() for f in utf16.findings] == [f.to_json_data() for f in utf8.findings]


@pytest.mark.parametrize(
    ("data", "pattern"),
    [
        (b'<?xml version="1.0" encoding="ISO-8859-1"?><a/>', r"declares the encoding 'iso-8859-1'"),
        (b'<?xml version="1.0" encoding="UTF-16"?><a/>', r"declares the encoding 'utf-16' but"),
        ("<a/>".encode("utf-32"), r"is in UTF-32"),
        (b"\xff\xfe<\x00\x00\xd8", r"is not valid UTF-16"),
        (b"<a><b></a>", r"word/document\.xml is not well-formed XML \(.*line 1"),
    ],
)
def test_other_encodings_and_bad_xml_are_named(data: bytes, pattern: str) -> None:
    refused(rezip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": data}), pattern)


def test_a_long_hostile_name_is_cut_in_messages() -> None:
    long_tag = "x" * 5000
    data = rezip(
        {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": f"<{long_tag}>".encode()}
    )
    refused(data, r"not well-formed XML")  # refused() bounds the message's length


# -- files that are not regular -------------------------------------------------------------------
def _quickly(call: Callable[[], Any], fifo: Path | None = None) -> BaseException | None:
    outcome: list[BaseException | None] = []

    def target() -> None:
        try:
            call()
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():
        if fifo is not None:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("the checker blocked on a special file")
    return outcome[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_and_a_device_are_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    error = _quickly(lambda: check(fifo), fifo)
    assert isinstance(error, CheckError) and "named pipe" in str(error), error
    device = tmp_path / "zero.docx"
    device.symlink_to("/dev/zero")
    error = _quickly(lambda: check(device))
    assert isinstance(error, CheckError) and "a device" in str(error), error
    code, _, err = run("check", str(fifo), str(tmp_path / "none.docx"), str(tmp_path))
    assert code == 2
    assert "named pipe" in err and "no such file" in err and "is a directory" in err
