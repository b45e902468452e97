"""Builders of hostile .docx packages for the template and PDF tests: each starts from a small
document made with python-docx and changes, adds or removes members, so the repository holds no
opaque binaries."""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Callable, Mapping

import docx

from render_cases import png

__all__ = [
    "DOC_RELS",
    "R_IMAGE",
    "external_rel",
    "external_targets",
    "linked_picture",
    "plain_docx",
    "raw_zip",
    "rezip",
    "set_name_bytes",
    "with_field",
    "zip_members",
]

R_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
DOC_RELS = "word/_rels/document.xml.rels"


def plain_docx(*paragraphs: str, picture: bool = False) -> bytes:
    """A python-docx document with one paragraph per text (and an embedded picture)."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if picture:
        document.add_picture(io.BytesIO(png(40, 40, 9)))
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def rezip(
    data: bytes,
    change: Mapping[str, Callable[[bytes], bytes]] | None = None,
    add: Mapping[str, bytes] | None = None,
    drop: frozenset[str] = frozenset(),
    method: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """``data`` with members changed, added (after the others) or dropped."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w", method) as new:
        for info in old.infolist():
            if info.filename in drop:
                continue
            content = old.read(info)
            if change and info.filename in change:
                content = change[info.filename](content)
            new.writestr(info.filename, content)
        for name, content in (add or {}).items():
            new.writestr(name, content)
    return out.getvalue()


def raw_zip(members: list[tuple[str, bytes]]) -> bytes:
    """A zip of ``members`` in order, duplicates and all (zipfile warns about them)."""
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name": the point here
        for name, content in members:
            archive.writestr(zipfile.ZipInfo(name), content)
    return out.getvalue()


def set_name_bytes(data: bytes, placeholder: bytes, name: bytes) -> bytes:
    """Replace a member name in both zip headers (zipfile cannot write a NUL in a name)."""
    assert len(placeholder) == len(name)
    return data.replace(placeholder, name)


def _relate(rels: bytes, xml: str) -> bytes:
    return rels.replace(b"</Relationships>", xml.encode() + b"</Relationships>")


def linked_picture(url: str, *, keep_embedded: bool = False, internal_mode: bool = False) -> bytes:
    """A document whose picture is linked to ``url`` (``r:link``), not embedded."""
    mode = "" if internal_mode else ' TargetMode="External"'

    def body(xml: bytes) -> bytes:
        text = xml.decode()
        if keep_embedded:
            text = re.sub(r'r:embed="(rId\d+)"', r'r:embed="\1" r:link="rIdLinked"', text)
        else:
            text = re.sub(r'r:embed="rId\d+"', 'r:link="rIdLinked"', text)
        return text.encode()

    rel = f'<Relationship Id="rIdLinked" Type="{R_IMAGE}" Target="{url}"{mode}/>'
    return rezip(
        plain_docx("Ảnh liên kết", picture=True),
        change={"word/document.xml": body, DOC_RELS: lambda rels: _relate(rels, rel)},
    )


def with_field(data: bytes, instruction: str, result: str, *, simple: bool = False) -> bytes:
    """``data`` with a field before its first paragraph's text: complex (``w:fldChar`` runs with
    the instruction split over two ``w:instrText``) or ``w:fldSimple``."""
    if simple:
        field = f"<w:fldSimple w:instr='{instruction}'><w:r><w:t>{result}</w:t></w:r></w:fldSimple>"
    else:
        half = len(instruction) // 2
        field = (
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{instruction[:half]}</w:instrText></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{instruction[half:]}</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f"<w:r><w:t>{result}</w:t></w:r>"
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        )

    def body(xml: bytes) -> bytes:
        return xml.replace(b"<w:p>", b"<w:p>" + field.encode(), 1)

    return rezip(data, change={"word/document.xml": body})


def external_rel(data: bytes, rels_part: str, rel_id: str, kind: str, target: str) -> bytes:
    """``data`` with an external relationship added to ``rels_part``."""
    rel = (
        f'<Relationship Id="{rel_id}" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/{kind}" Target="{target}" TargetMode="External"/>'
    )
    return rezip(data, change={rels_part: lambda rels: _relate(rels, rel)})


def zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def external_targets(data: bytes) -> list[tuple[str, str, str]]:
    """(rels part, type, target) of every relationship that points outside the package."""
    found = []
    for name, content in zip_members(data).items():
        if not name.endswith(".rels"):
            continue
        for match in re.finditer(rb"<Relationship\b[^>]*>", content):
            tag = match[0].decode()
            target = re.search(r'Target="([^"]*)"', tag)
            kind = re.search(r'Type="([^"]*)"', tag)
            if 'TargetMode="External"' in tag or (target and "://" in target[1]):
                found.append((name, kind[1] if kind else "", target[1] if target else ""))
    return found
