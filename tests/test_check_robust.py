"""The checker on files it did not make: LibreOffice's own .docx, and random or broken bytes."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlxh import CheckError, load
from dlxh.check import CheckReport, check
from dlxh.models import Document
from dlxh.render import render_document

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "documents"
SAMPLE = render_document(load(EXAMPLES / "03-bao-cao-ubnd-xa.yaml", Document))


def test_documents_saved_by_libreoffice_pass(tmp_path: Path) -> None:
    """LibreOffice rewrites every part (its own styles, fonts, fields): still no false error."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is required (.ci/run installs libreoffice-writer-nogui)"
    profile_dir = tmp_path / "lo-profile"
    for name in ("03-bao-cao-ubnd-xa", "01-huong-dan-dlxh-2026"):
        source = tmp_path / f"{name}.docx"
        source.write_bytes(render_document(load(EXAMPLES / f"{name}.yaml", Document)))
        # .docx -> .odt -> .docx: the second file is written entirely by LibreOffice
        for target, folder in (
            ("odt", tmp_path / "odt"),
            ("docx:MS Word 2007 XML", tmp_path / "lo"),
        ):
            start = source if target == "odt" else tmp_path / "odt" / f"{name}.odt"
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation=file://{profile_dir}",
                    "--headless",
                    "--convert-to",
                    target,
                    "--outdir",
                    str(folder),
                    str(start),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
        report = check(tmp_path / "lo" / f"{name}.docx")
        assert report.errors() == [], [str(f) for f in report.findings]


def _checked_cleanly(data: bytes) -> None:
    """Either a report or a CheckError naming the input: nothing else may come out."""
    try:
        report = check(data)
    except CheckError as exc:
        message = str(exc)
        assert message.startswith("<bytes>: "), message
        return
    assert isinstance(report, CheckReport)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_random_bytes_give_clean_errors(data: bytes) -> None:
    _checked_cleanly(data)


def _members() -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(SAMPLE)) as archive:
        return [(name, archive.read(name)) for name in archive.namelist()]


MEMBERS = _members()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(0, len(MEMBERS) - 1),
    st.integers(0, 10_000),
    st.binary(min_size=1, max_size=16),
    st.booleans(),
)
def test_mutated_parts_give_clean_results(
    member: int, offset: int, junk: bytes, drop: bool
) -> None:
    """Corrupt one part (splice bytes into it, or drop it): a report or a clean CheckError."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        for index, (name, content) in enumerate(MEMBERS):
            if index == member and drop:
                continue
            if index == member:
                cut = offset % (len(content) + 1)
                archive.writestr(name, content[:cut] + junk + content[cut:])
            else:
                archive.writestr(name, content)
    _checked_cleanly(stream.getvalue())


@settings(max_examples=60, deadline=None)
@given(st.integers(1, len(SAMPLE) - 1))
def test_truncated_files_give_clean_errors(length: int) -> None:
    with pytest.raises(CheckError, match=r"^<bytes>: "):
        check(SAMPLE[:length])
