"""PDF export throughput through LibreOffice, measured apart from rendering the .docx files.

Run ``python bench/pdf_bench.py [DOCUMENTS]`` (default 40; ``make bench`` runs it). It needs
LibreOffice (``apt-get install -y libreoffice-writer-nogui fonts-liberation2``) and takes one to
three minutes.

The documents are made first, once: copies of a one-page Vietnamese text in Times New Roman
14 pt. Then each configuration converts all of them with a :class:`dlxh.pdf.PdfConverter` whose
profiles already exist, so the table shows the steady state: one LibreOffice start per file
(``batch_size=1``) against batches of 20, with one and two workers. Creating a profile, which
only the first start of each worker pays, is timed separately (best of three).
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docx
from docx.shared import Pt

from dlxh.pdf import PdfConverter

PARAGRAPH = (
    "Thực hiện Kế hoạch công tác dư luận xã hội năm 2026, Ban Tuyên giáo và Dân vận đã chỉ đạo "
    "đội ngũ cộng tác viên nắm bắt kịp thời tâm tư, nguyện vọng của cán bộ, đảng viên và Nhân "
    "dân trên địa bàn; tổng hợp, phản ánh trung thực những vấn đề được dư luận quan tâm về giá "
    "cả, việc làm, đất đai, môi trường, y tế và giáo dục, đề xuất các cấp ủy, chính quyền giải "
    "quyết dứt điểm những vụ việc nổi cộm ngay từ cơ sở."
)
ROUNDS = 3
CONFIGURATIONS = [  # (label, workers, batch_size)
    ("1 worker, one start per file", 1, 1),
    ("2 workers, one start per file", 2, 1),
    ("1 worker, batches of 20", 1, 20),
    ("2 workers, batches of 20", 2, 20),
]


def one_page_document(path: Path) -> None:
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO"):
        document.add_paragraph().add_run(line).bold = True
    for _ in range(4):
        document.add_paragraph(PARAGRAPH)
    document.save(str(path))


def pages(pdf: Path) -> str:
    if shutil.which("pdfinfo") is None:
        return "?"
    command = ["pdfinfo", str(pdf)]
    info = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def timed_convert(converter: PdfConverter, sources: list[Path], out: Path) -> float:
    start = time.perf_counter()
    results = converter.convert(sources, out)
    seconds = time.perf_counter() - start
    failed = [r.error for r in results if not r.ok]
    if failed:
        raise SystemExit(f"conversion failed: {failed[0]}")
    return seconds


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    with tempfile.TemporaryDirectory(prefix="dlxh-pdf-bench-") as folder:
        root = Path(folder)
        sample = root / "sample.docx"
        one_page_document(sample)
        sources = []
        for index in range(count):
            sources.append(root / "docx" / f"bao-cao-{index:03}.docx")
            sources[-1].parent.mkdir(exist_ok=True)
            shutil.copyfile(sample, sources[-1])

        firsts, warms = [], []
        for _ in range(ROUNDS):  # the best of a few rounds: one start is a noisy measure
            with PdfConverter(workers=1) as converter:
                firsts.append(timed_convert(converter, [sample], root / "first"))
                warms.append(timed_convert(converter, [sample], root / "warm"))
        version = subprocess.run(
            [converter.soffice, "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()

        rows = []
        for label, workers, batch_size in CONFIGURATIONS:
            with PdfConverter(workers=workers, batch_size=batch_size) as converter:
                # Warm up: one file per worker at once, so that every profile exists.
                timed_convert(converter, sources[:workers], root / "warm-up")
                seconds = timed_convert(converter, sources, root / label.replace(" ", "-"))
            rows.append((label, seconds))

        print(f"{version}; Python {platform.python_version()}; {os.cpu_count()} CPUs")
        sample_pages = pages(root / "first" / "sample.pdf")
        print(f"documents: {count} copies of one document of {sample_pages} page(s)\n")
        print(f"first start of a worker (creates its profile), 1 document: {min(firsts):.2f} s")
        print(f"later start of the same worker, 1 document: {min(warms):.2f} s\n")
        print("| configuration | documents | seconds | documents per second |")
        print("|---|---:|---:|---:|")
        for label, seconds in rows:
            print(f"| {label} | {count} | {seconds:.1f} | {count / seconds:.1f} |")


if __name__ == "__main__":
    main()
