"""PDF export through LibreOffice: real conversions, plus fake ``soffice`` scripts for failures.

Starting LibreOffice costs one to a few seconds, so the tests that need a real conversion share
one converter (two workers); the fake scripts cost nothing and make timeouts and crashes happen
on demand.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from dlxh.errors import DlxhError
from dlxh.pdf import PdfConverter, PdfError, PdfResult, docx_to_pdf, find_soffice

TITLE = "Cộng hòa xã hội chủ nghĩa Việt Nam"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
INSTALL = "apt-get install -y libreoffice-writer-nogui fonts-liberation2"


@pytest.fixture(scope="module")
def converter() -> Iterator[PdfConverter]:
    with PdfConverter(workers=2, timeout=120) as pdf:
        yield pdf


def make_docx(path: Path, *lines: str) -> Path:
    document = docx.Document()
    for line in lines:
        run = document.add_paragraph().add_run(line)
        run.font.name = "Times New Roman"
        run.font.size = Pt(14)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


# The arguments of soffice, read by a shell script: the --outdir in $out, the files in $files,
# the profile folder in $profile.
_ARGUMENTS = """#!/bin/sh
while [ $# -gt 0 ]; do
  case $1 in
    --outdir) out=$2; shift ;;
    -env:UserInstallation=file://*) profile=${1#-env:UserInstallation=file://} ;;
    *.docx) files="$files $1" ;;
  esac
  shift
done
"""


def fake_soffice(folder: Path, body: str) -> Path:
    """A stand-in for soffice that runs the shell code ``body``."""
    script = folder / "fake-soffice"
    script.write_text(_ARGUMENTS + body, encoding="utf-8")
    script.chmod(0o755)
    return script


def running(pid: int) -> bool:
    """Whether a process exists and is not a zombie (a container's init may not reap them)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


# -- real conversions --------------------------------------------------------------------------


def test_vietnamese_text_survives(converter: PdfConverter, tmp_path: Path) -> None:
    source = make_docx(tmp_path / "quốc hiệu.docx", TITLE.upper(), TITLE, MOTTO)
    pdf = converter.convert_one(source, tmp_path / "pdf")
    assert pdf == tmp_path / "pdf" / "quốc hiệu.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = pdf_text(pdf)
    for line in (TITLE.upper(), TITLE, MOTTO):
        assert line in text


def test_times_new_roman_is_set_in_liberation_serif(
    converter: PdfConverter, tmp_path: Path
) -> None:
    """The substitution the docs promise: metric-compatible Liberation Serif, which has every
    Vietnamese letter (no other font is pulled in for a missing glyph)."""
    pdf = converter.convert_one(make_docx(tmp_path / "font.docx", TITLE, MOTTO))
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    fonts = [line.split()[0] for line in listing.stdout.splitlines()[2:]]
    assert fonts
    assert all(font.split("+")[-1] == "LiberationSerif" for font in fonts), fonts


def test_several_files_in_input_order(converter: PdfConverter, tmp_path: Path) -> None:
    sources = [make_docx(tmp_path / f"bao-cao-{n}.docx", f"{TITLE} số {n}") for n in range(7)]
    results = converter.convert(reversed(sources))  # any iterable; next to each source
    assert [r.source for r in results] == sources[::-1]
    for result in results:
        assert result.ok, result.error
        assert result.error is None
        assert result.pdf == result.source.with_suffix(".pdf")
        number = result.source.stem.rsplit("-", 1)[1]
        assert f"{TITLE} số {number}" in pdf_text(result.pdf)


def test_a_broken_file_fails_alone(converter: PdfConverter, tmp_path: Path) -> None:
    good = [make_docx(tmp_path / f"good-{n}.docx", f"Văn bản {n}") for n in range(4)]
    random_bytes = tmp_path / "x.docx"
    random_bytes.write_bytes(os.urandom(4096))
    not_word = tmp_path / "y.docx"  # a ZIP archive, so only LibreOffice can tell: retried alone
    with zipfile.ZipFile(not_word, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not a document")
    missing = tmp_path / "missing.docx"
    paths = [good[0], random_bytes, good[1], not_word, good[2], missing, good[3]]
    results = converter.convert(paths, tmp_path / "out")
    assert [r.source for r in results] == paths
    by_name = {r.source.name: r for r in results}
    assert not by_name["x.docx"].ok and by_name["x.docx"].pdf is None
    assert by_name["x.docx"].error == f"{random_bytes}: not a .docx file (not a ZIP archive)"
    assert by_name["y.docx"].error == (
        f"{not_word}: LibreOffice produced no PDF (Error: source file could not be loaded)"
    )
    assert by_name["missing.docx"].error == f"{missing}: no such file"
    for n in range(4):
        result = by_name[f"good-{n}.docx"]
        assert result.ok and result.pdf == tmp_path / "out" / f"good-{n}.pdf"
        assert f"Văn bản {n}" in pdf_text(result.pdf)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        f"good-{n}.pdf" for n in range(4)
    ]


def test_same_names_in_different_folders(converter: PdfConverter, tmp_path: Path) -> None:
    """One LibreOffice run writes into one folder, so two x.docx must not share a run."""
    first = make_docx(tmp_path / "a" / "x.docx", "Xã A")
    second = make_docx(tmp_path / "b" / "x.docx", "Xã B")
    results = converter.convert([first, second, first])
    assert all(r.ok for r in results)
    assert "Xã A" in pdf_text(tmp_path / "a" / "x.pdf")
    assert "Xã B" in pdf_text(tmp_path / "b" / "x.pdf")
    # Into one folder, the second would overwrite the first: it is refused instead.
    first_pdf, second_pdf = converter.convert([first, second], tmp_path / "one")
    assert first_pdf.ok
    assert second_pdf.error == f"{second}: same PDF name as {first}, which is converted instead"


def test_convert_bytes_round_trip(converter: PdfConverter, tmp_path: Path) -> None:
    data = make_docx(tmp_path / "memory.docx", TITLE).read_bytes()
    pdf = converter.convert_bytes(data, name="tờ trình.docx")
    assert pdf.startswith(b"%PDF")
    (tmp_path / "memory.pdf").write_bytes(pdf)
    assert TITLE in pdf_text(tmp_path / "memory.pdf")
    with pytest.raises(PdfError, match=r"^tờ trình\.docx: not a \.docx file"):
        converter.convert_bytes(b"not a document", name="tờ trình.docx")


def test_out_dir_that_is_a_file(converter: PdfConverter, tmp_path: Path) -> None:
    source = make_docx(tmp_path / "a.docx", TITLE)
    blocker = tmp_path / "out.txt"
    blocker.write_text("x")
    with pytest.raises(PdfError, match="out_dir is not a folder"):
        converter.convert([source], blocker)
    with pytest.raises(PdfError, match="out_dir is not a folder"):
        converter.convert_one(source, blocker)


def test_convert_one_raises_on_failure(converter: PdfConverter, tmp_path: Path) -> None:
    with pytest.raises(PdfError, match="no such file") as caught:
        converter.convert_one(tmp_path / "nothing.docx")
    assert isinstance(caught.value, DlxhError)
    pdf = tmp_path / "already.pdf"
    pdf.write_bytes(b"%PDF-1.4 keep me")
    with pytest.raises(PdfError, match=r"already\.pdf: the PDF would replace its source"):
        converter.convert_one(pdf)
    assert pdf.read_bytes() == b"%PDF-1.4 keep me"


def test_profiles_per_worker_are_removed_on_close(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    sources = [make_docx(tmp_path / f"{n}.docx", TITLE) for n in range(2)]
    with PdfConverter(workers=2) as pdf:
        assert all(r.ok for r in pdf.convert(sources))  # one file per worker, at the same time
        (root,) = (tmp_path / "tmp").iterdir()
        assert sorted(p.name for p in root.iterdir()) == ["profile-0", "profile-1"]
        assert all(any(p.iterdir()) for p in root.iterdir())  # both used by LibreOffice
    assert pdf.closed
    assert list((tmp_path / "tmp").iterdir()) == []
    with pytest.raises(PdfError, match="closed"):
        pdf.convert(sources)


def test_docx_to_pdf(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "một.docx", MOTTO)
    pdf = docx_to_pdf(source)
    assert pdf == tmp_path / "một.pdf"
    assert MOTTO in pdf_text(pdf)


# -- LibreOffice missing, hanging or failing ----------------------------------------------------


def test_soffice_from_the_environment_must_exist(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DLXH_SOFFICE", "/nonexistent")
    with pytest.raises(PdfError) as caught:
        PdfConverter()
    message = str(caught.value)
    assert "DLXH_SOFFICE=/nonexistent" in message
    assert INSTALL in message
    assert "\n" not in message
    with pytest.raises(PdfError, match="DLXH_SOFFICE"):
        docx_to_pdf("a.docx")


def test_no_soffice_on_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DLXH_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PdfError) as caught:
        find_soffice()
    assert INSTALL in str(caught.value)
    assert "DLXH_SOFFICE" in str(caught.value)
    with pytest.raises(PdfError, match="soffice=nowhere-soffice is not an executable"):
        find_soffice("nowhere-soffice")


def test_find_soffice_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    script = fake_soffice(tmp_path, "exit 0\n")
    monkeypatch.setenv("DLXH_SOFFICE", str(script))
    assert find_soffice() == str(script)
    monkeypatch.setenv("DLXH_SOFFICE", "/nonexistent")
    assert find_soffice(str(script)) == str(script)  # an explicit argument comes first
    monkeypatch.delenv("DLXH_SOFFICE")
    assert Path(find_soffice()).name in {"soffice", "libreoffice"}


def test_timeout_kills_the_process_group(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    script = fake_soffice(
        tmp_path,
        # A partial PDF and profile, then a child that would outlive a plain kill.
        'mkdir -p "$profile"\ntouch "$profile/half-written"\n'
        f"printf '%%PDF-1.7 half' > \"$out/slow.pdf\"\necho $$ > {tmp_path}/shell.pid\n"
        f"sleep 30 &\necho $! > {tmp_path}/sleep.pid\nwait\n",
    )
    source = make_docx(tmp_path / "slow.docx", TITLE)
    start = time.monotonic()
    with PdfConverter(workers=1, timeout=1, soffice=str(script)) as pdf:
        (result,) = pdf.convert([source], tmp_path / "out")
        (root,) = (tmp_path / "tmp").iterdir()
        assert list(root.glob("profile-*")) == []  # the killed run's profile is dropped
        with pytest.raises(PdfError, match=r"slow\.docx: LibreOffice timed out after 1 s"):
            pdf.convert_one(source)
    assert time.monotonic() - start < 10
    assert result == PdfResult(source, None, f"{source}: LibreOffice timed out after 1 s")
    assert list((tmp_path / "out").iterdir()) == []  # no partial PDF, no temporary file
    assert not source.with_suffix(".pdf").exists()
    assert list((tmp_path / "tmp").iterdir()) == []
    pids = [int((tmp_path / f"{name}.pid").read_text()) for name in ("shell", "sleep")]
    deadline = time.monotonic() + 5
    while any(running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(running(pid) for pid in pids)


def test_a_batch_that_times_out_is_retried_file_by_file(tmp_path: Path) -> None:
    """Only the file that hangs fails; the others of its batch still convert."""
    script = fake_soffice(
        tmp_path,
        "case $files in *hang.docx*) sleep 30 ;; esac\n"
        "for f in $files; do\n"
        "  printf '%%PDF-1.4\\n%%%%EOF\\n' > \"$out/$(basename $f .docx).pdf\"\n"
        "done\n",
    )
    sources = [make_docx(tmp_path / f"{name}.docx", TITLE) for name in ("a", "hang", "b")]
    with PdfConverter(workers=1, timeout=1, soffice=str(script)) as pdf:
        results = pdf.convert(sources, tmp_path / "out")
    assert [r.ok for r in results] == [True, False, True]
    assert results[1].error == f"{sources[1]}: LibreOffice timed out after 1 s"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.pdf", "b.pdf"]


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (
            "echo 'Error: something broke' >&2\nexit 3\n",
            "LibreOffice failed with exit status 3: Error: something broke",
        ),
        ("exit 0\n", "LibreOffice produced no PDF (no message)"),
        ("printf 'not a pdf' > \"$out/a.pdf\"\n", "LibreOffice's output is not a complete PDF"),
        ("printf '%%PDF-1.4 cut' > \"$out/a.pdf\"\n", "LibreOffice's output is not a complete PDF"),
    ],
)
def test_failures_of_libreoffice(tmp_path: Path, body: str, error: str) -> None:
    source = make_docx(tmp_path / "a.docx", TITLE)
    with PdfConverter(workers=1, soffice=str(fake_soffice(tmp_path, body))) as pdf:
        (result,) = pdf.convert([source], tmp_path / "out")
    assert result.error == f"{source}: {error}"
    assert list((tmp_path / "out").iterdir()) == []


def test_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="workers"):
        PdfConverter(workers=0)
    with pytest.raises(ValueError, match="timeout"):
        PdfConverter(timeout=0)
