"""PDF export of hostile documents: nothing is fetched, no local file is embedded, and stopping
the export (SIGTERM, SIGKILL, Ctrl-C) leaves no LibreOffice process and no folder behind.

A linked picture (``r:link`` to an ``http://`` address) made LibreOffice send requests from the
converting machine; a ``file://`` one put a local file into the PDF. A local HTTP server records
every request; ``allow_external=True`` shows the same document does make LibreOffice fetch, so
the test can fail. The process tests run the converting program in a subprocess, stop it, and
look through /proc for any process that still names its private folder.
"""

from __future__ import annotations

import fcntl
import http.server
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from template_packages import linked_picture, plain_docx, with_field

from dlxh.errors import SecurityWarning
from dlxh.pdf import PdfConverter, docx_to_pdf
from dlxh.pdfrun import PRIVATE_PREFIX, remove_stale_folders
from render_cases import png

ROOT = Path(__file__).resolve().parents[2]
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
linux = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="finds leftover processes through /proc"
)


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[tuple[str, str]]

    def _record(self) -> None:
        self.requests.append((self.command, self.path))
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(png(30, 30, 200))

    do_GET = do_HEAD = do_OPTIONS = do_PROPFIND = _record  # noqa: N815 (http.server's names)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """A web server on 127.0.0.1: (its address, the requests it received)."""
    requests: list[tuple[str, str]] = []
    handler = type("Handler", (_Recorder,), {"requests": requests})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    httpd.shutdown()
    httpd.server_close()


def _images(pdf: Path) -> int:
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return len(listing.splitlines()) - 2  # two header lines


@needs_soffice
def test_a_linked_picture_is_not_fetched(
    tmp_path: Path, server: tuple[str, list[tuple[str, str]]]
) -> None:
    url, requests = server
    source = tmp_path / "lien-ket.docx"
    data = with_field(linked_picture(f"{url}/anh.png"), f' INCLUDEPICTURE "{url}/field.png" ', "x")
    source.write_bytes(data)
    with PdfConverter(workers=1) as converter:
        with pytest.warns(SecurityWarning, match=r"lien-ket\.docx: removed 2 links"):
            (result,) = converter.convert([source], tmp_path / "out")
        assert result.ok, result.error
        with pytest.warns(SecurityWarning):
            assert converter.convert_bytes(source.read_bytes(), "bo-nho.docx").startswith(b"%PDF")
    assert requests == []
    assert source.read_bytes() == data  # the source itself is not rewritten
    assert list((tmp_path / "out").iterdir()) == [tmp_path / "out" / "lien-ket.pdf"]


@needs_soffice
def test_allow_external_does_fetch(
    tmp_path: Path, server: tuple[str, list[tuple[str, str]]]
) -> None:
    """The same document, allowed: LibreOffice fetches it (so the test above can fail)."""
    url, requests = server
    source = tmp_path / "lien-ket.docx"
    source.write_bytes(linked_picture(f"{url}/anh.png"))
    docx_to_pdf(source, tmp_path, allow_external=True)
    assert ("GET", "/anh.png") in requests


@needs_soffice
def test_a_file_link_is_not_embedded(tmp_path: Path) -> None:
    secret = tmp_path / "bi-mat.png"
    secret.write_bytes(png(30, 30, 77))
    source = tmp_path / "tep.docx"
    source.write_bytes(linked_picture(secret.as_uri()))
    with pytest.warns(SecurityWarning, match=r"image file://"):
        pdf = docx_to_pdf(source, tmp_path / "an-toan")
    assert _images(pdf) == 0
    assert _images(docx_to_pdf(source, tmp_path / "cho-phep", allow_external=True)) == 1


@needs_soffice
def test_the_profile_blocks_links_in_formats_dlxh_does_not_clean(
    tmp_path: Path, server: tuple[str, list[tuple[str, str]]]
) -> None:
    """An OpenDocument text with a linked picture: LibreOffice's own setting blocks it."""
    url, requests = server
    source = tmp_path / "van-ban.fodt"  # a flat OpenDocument text: one XML file
    source.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><office:document '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
        'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.2" '
        'office:mimetype="application/vnd.oasis.opendocument.text"><office:body>'
        '<office:text><text:p>Ảnh<draw:frame svg:width="2cm" svg:height="2cm">'
        f'<draw:image xlink:href="{url}/odt.png" xlink:type="simple"/></draw:frame></text:p>'
        "</office:text></office:body></office:document>",
        encoding="utf-8",
    )
    docx_to_pdf(source, tmp_path / "out")
    assert requests == []
    docx_to_pdf(source, tmp_path / "allowed", allow_external=True)
    assert requests != []  # the document does link out


# -- stopping an export --------------------------------------------------------------------------

VICTIM = textwrap.dedent(
    """
    import sys, tempfile
    from pathlib import Path
    from dlxh.pdf import PdfConverter

    sources = [Path(p) for p in sys.argv[2:]]
    with PdfConverter(workers=1, timeout=300) as converter:
        print(converter._root, flush=True)
        try:
            converter.convert(sources, Path(sys.argv[1]))
        except KeyboardInterrupt:
            print("interrupted", flush=True)
            raise
    """
)


def _naming(folder: str) -> list[int]:
    """Live processes whose command line names ``folder``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if folder.encode() in command and state != "Z":
            found.append(int(entry.name))
    return found


def _describe(pids: list[int]) -> list[str]:
    """What each leftover process is: its command, state and parent, for a failure message."""
    described = []
    for pid in pids:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")[:200]
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            described.append(
                f"{pid} state={fields[0]} ppid={fields[1]} pgid={fields[2]} {command!r}"
            )
        except OSError:
            described.append(f"{pid} (gone)")
    return described


def _wait_for(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return bool(condition())  # type: ignore[operator]


@needs_soffice
@linux
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL, signal.SIGINT])
def test_stopping_an_export_leaves_nothing_behind(tmp_path: Path, sig: signal.Signals) -> None:
    sources = []
    for number in range(6):
        path = tmp_path / f"{number}.docx"
        path.write_bytes(plain_docx(*(f"Đoạn {n} của văn bản {number}." for n in range(300))))
        sources.append(str(path))
    script = tmp_path / "victim.py"
    script.write_text(VICTIM, encoding="utf-8")
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    victim = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path / "out"), *sources],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert victim.stdout is not None
        folder = victim.stdout.readline().strip()
        assert folder.startswith(str(tmp_path / "tmp" / PRIVATE_PREFIX)), folder
        # LibreOffice itself (not only its guard) is running on the private profile
        assert _wait_for(lambda: len(_naming(folder)) >= 2, 60), "LibreOffice did not start"
        started = time.monotonic()
        victim.send_signal(sig)
        victim.wait(timeout=30)
        stopped = time.monotonic() - started
        assert _wait_for(lambda: not _naming(folder), 15), _describe(_naming(folder))
        assert _wait_for(lambda: not Path(folder).exists(), 15), list(Path(folder).rglob("*"))
        assert stopped < 15  # not LibreOffice's 300 s timeout
        if sig == signal.SIGINT:
            assert "interrupted" in victim.stdout.read()  # the caller's handler saw it
        assert not list((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else True
    finally:
        if victim.poll() is None:
            victim.kill()
            victim.wait()


@needs_soffice
@linux
def test_a_stopped_cli_export_leaves_nothing_behind(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    out = tmp_path / "bc.docx"
    victim = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dlxh",
            "render",
            str(ROOT / "examples" / "documents" / "03-bao-cao-ubnd-xa.yaml"),
            "-o",
            str(out),
            "--pdf",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:

        def private() -> list[Path]:
            return list((tmp_path / "tmp").glob(f"{PRIVATE_PREFIX}*"))

        assert _wait_for(lambda: private() and len(_naming(str(private()[0]))) >= 2, 60)
        folder = str(private()[0])
        victim.send_signal(signal.SIGTERM)
        victim.wait(timeout=30)
        assert _wait_for(lambda: not _naming(folder), 15), _describe(_naming(folder))
        assert _wait_for(lambda: not private(), 15)
    finally:
        if victim.poll() is None:
            victim.kill()
            victim.wait()


def test_folders_of_dead_converters_are_removed_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    old = time.time() - 3600
    dead = _dead_pid()

    def folder(name: str) -> Path:
        path = tmp_path / name
        (path / "profile-0" / "user").mkdir(parents=True)
        os.utime(path, (old, old))
        return path

    stale = folder(f"{PRIVATE_PREFIX}{dead}-abc")
    alive = folder(f"{PRIVATE_PREFIX}{os.getpid()}-def")  # this process: in use
    locked = folder(f"{PRIVATE_PREFIX}{dead}-ghi")  # a pid from another namespace, locked
    young = tmp_path / f"{PRIVATE_PREFIX}{dead}-jkl"  # made a moment ago, not locked yet
    young.mkdir()
    other = folder("dlxh-something-else")
    lock = os.open(locked, os.O_RDONLY)
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    fake = tmp_path / "fake-soffice"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    try:
        with PdfConverter(workers=1, soffice=str(fake)) as converter:
            own = converter._root
            assert own.name.startswith(f"{PRIVATE_PREFIX}{os.getpid()}-")
            assert not stale.exists()
            assert alive.exists() and locked.exists() and young.exists() and other.exists()
    finally:
        os.close(lock)
    assert not own.exists()
    assert remove_stale_folders(str(tmp_path)) == [locked]  # its lock is gone now


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid
