"""The fixed lines of a biên bản and a giấy mời, written as body blocks around the author's body.

Both types follow a form rather than free prose (Nghị định 30/2020 Phụ lục III, Mẫu 1.9 Biên
bản and Mẫu 1.7 Giấy mời): a biên bản opens with when and where the meeting began, who took
part, who chaired it and who kept the record, then "Nội dung", and closes with the time it
ended; a giấy mời says who invites whom, to what, who chairs it, when and where. The author gives
those facts as :class:`~dlxh.models.Meeting` data, and the wording comes from here, the same for
every document, so no example has to type the labels by hand. The Party guide (HD 05-HD/VPTW)
regulates only the biên bản's signatures, so Party documents take the same lines.
"""

from __future__ import annotations

import re

from dlxh.models import Block, BulletList, Document, DocumentType, Meeting, Paragraph

__all__ = ["closing_blocks", "opening_blocks"]

_TRAILING = re.compile(r"[\s;,.:]+$")


def _line(label: str, value: str) -> Paragraph:
    return Paragraph(text=f"{label}: {_TRAILING.sub('', value)}.")


def _minutes_opening(meeting: Meeting) -> list[Block]:
    blocks: list[Block] = [
        _line("Thời gian bắt đầu", meeting.start),
        _line("Địa điểm", meeting.place),
    ]
    if meeting.participants:
        blocks.append(Paragraph(text="Thành phần tham dự:"))
        items = [_TRAILING.sub("", p) for p in meeting.participants]
        blocks.append(BulletList(items=[f"{p};" for p in items[:-1]] + [f"{items[-1]}."]))
    if meeting.chair:
        blocks.append(_line("Chủ trì (chủ tọa)", meeting.chair))
    if meeting.secretary:
        blocks.append(_line("Thư ký (người ghi biên bản)", meeting.secretary))
    blocks.append(Paragraph(text=f"Nội dung {meeting.kind.lower()}:"))
    return blocks


def _invitation_opening(document: Document, meeting: Meeting) -> list[Block]:
    inviter = document.issuer.text_name
    names = [_TRAILING.sub("", n) for n in meeting.invitees]
    blocks: list[Block]
    if len(names) == 1:
        blocks = [Paragraph(text=f"{inviter} trân trọng kính mời: {names[0]}.")]
    else:
        blocks = [
            Paragraph(text=f"{inviter} trân trọng kính mời:"),
            BulletList(items=[f"{n};" for n in names[:-1]] + [f"{names[-1]}."]),
        ]
    if meeting.name:
        blocks.append(Paragraph(text=f"Tới dự {_TRAILING.sub('', meeting.name)}."))
    if meeting.chair:
        blocks.append(_line("Chủ trì", meeting.chair))
    blocks += [_line("Thời gian", meeting.start), _line("Địa điểm", meeting.place)]
    return blocks


def opening_blocks(document: Document) -> list[Block]:
    """The form lines before the body of a biên bản or giấy mời; nothing for other types."""
    meeting = document.meeting
    if meeting is None:
        return []
    if document.type is DocumentType.BIEN_BAN:
        return _minutes_opening(meeting)
    if document.type is DocumentType.GIAY_MOI:
        return _invitation_opening(document, meeting)
    return []


def closing_blocks(document: Document) -> list[Block]:
    """The closing line of a biên bản: "Cuộc họp kết thúc vào ..." (Mẫu 1.9)."""
    meeting = document.meeting
    if document.type is not DocumentType.BIEN_BAN or meeting is None or not meeting.end:
        return []
    return [Paragraph(text=f"{meeting.kind} kết thúc vào {_TRAILING.sub('', meeting.end)}")]
