"""``dlxh demo``: load the bundled sample dataset, validate it and print what it holds."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from dlxh.cli._errors import cli_errors, stdout
from dlxh.errors import InputError
from dlxh.io import load, load_dataset
from dlxh.models import Dataset, Document
from dlxh.render import render_document
from dlxh.vn import Rounding, format_date_short, format_number, format_share, name_sort_key

__all__ = ["demo", "print_summary", "render_examples"]


def print_summary(data: Dataset) -> None:
    """Print a Vietnamese summary of ``data``: network, reports, follow-ups, events, documents."""
    stdout.rule(f"[bold]{data.name or 'Bộ dữ liệu'}")
    counts = Table("Loại dữ liệu", "Số lượng", title="Dữ liệu đã kiểm tra hợp lệ")
    for label, items in (
        ("Đơn vị", data.units),
        ("Cộng tác viên", data.collaborators),
        ("Báo cáo dư luận", data.reports),
        ("Vấn đề theo dõi", data.follow_ups),
        ("Sự kiện", data.events),
        ("Cuộc điều tra", data.surveys),
        ("Văn bản", data.documents),
    ):
        counts.add_row(label, format_number(len(items)))
    stdout.print(counts)

    people = Table("Mã", "Họ và tên", "Đơn vị", "Lĩnh vực", "Trạng thái", title="Cộng tác viên")
    for person in sorted(data.collaborators, key=lambda p: name_sort_key(p.full_name)):
        people.add_row(
            person.id,
            person.full_name,
            person.unit,
            ", ".join(f.label for f in person.fields),
            person.status.label,
        )
    stdout.print(people)

    reports = Table("Kỳ", "Người báo cáo", "Hạn", "Ngày gửi", "Tình trạng", "Số ý kiến")
    reports.title = "Báo cáo dư luận xã hội"
    for report in sorted(data.reports, key=lambda r: (r.period, r.reporter.id)):
        if report.submitted_on is None:
            state = "chưa gửi"
        elif report.is_on_time():
            state = "đúng hạn"
        else:
            state = f"muộn {report.days_late} ngày"
        reports.add_row(
            report.period.label,
            data.reporter_name(report),
            format_date_short(report.due_on) if report.due_on else "",
            format_date_short(report.submitted_on) if report.submitted_on else "",
            state,
            format_number(len(report.items)),
        )
    stdout.print(reports)

    if data.follow_ups:
        handled = sum(1 for f in data.follow_ups if f.handled)
        total = len(data.follow_ups)
        stdout.print(
            f"Vấn đề phản ánh: {format_number(total)}; đã giải quyết, trả lời, định hướng: "
            f"{format_number(handled)} ({format_share(handled, total, 0, Rounding.DOWN)})."
        )
    if data.events:
        stdout.print(
            f"Sự kiện: {format_number(len(data.events))}; người dự: "
            f"{format_number(sum(e.attendees for e in data.events))}; ý kiến nêu: "
            f"{format_number(sum(e.opinions_raised for e in data.events))}; trả lời tại chỗ: "
            f"{format_number(sum(e.opinions_answered for e in data.events))}."
        )
    for doc in data.documents:
        stdout.rule(f"{doc.type.printed_name or 'CÔNG VĂN'} ({doc.profile.value})")
        left = [doc.issuer.parent or "", doc.issuer.name, doc.number_line]
        for line in (*left, *doc.top_title, doc.place_date_line, doc.summary or ""):
            if line:
                stdout.print(f"  {line}")
        if doc.signer:
            for line in (*doc.signer.lines(doc.profile), doc.signer.name):
                stdout.print(f"  {line}")
        for line in doc.recipient_lines():
            stdout.print(f"  {line}")


def render_examples(folder: Path, out: Path) -> list[Path]:
    """Render every document (.yaml/.json) in ``folder`` into ``out``; return the files written."""
    sources = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml", ".json"))
    if not sources:
        raise InputError("folder holds no document .yaml or .json file", path=folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sources:
        target = out / f"{source.stem}.docx"
        render_document(load(source, Document), target, base_dir=source.parent)
        written.append(target)
    return written


@cli_errors
def demo(
    folder: Annotated[
        Path, typer.Argument(help="Folder or file of the dataset to summarise.")
    ] = Path("examples/data"),
    documents: Annotated[
        Path | None, typer.Option(help="Folder of documents to render (YAML or JSON).")
    ] = None,
    out: Annotated[Path, typer.Option(help="Where rendered documents go.")] = Path("out"),
) -> None:
    """Validate the sample dataset, print a summary, and render the sample documents."""
    print_summary(load_dataset(folder))
    if documents is not None:
        stdout.rule("[bold]Văn bản đã tạo")
        for path in render_examples(documents, out):
            stdout.print(f"  {path}")
