"""Taking in a template from untrusted hands: what is checked, refused and removed before it is
compiled.

A template comes from anyone: a province's clerk, a plugin, a download. Everything in it is
copied into every document rendered from it, so a template is examined once, when it is loaded,
and refused with an :class:`~dlxh.errors.InputError` that says what is wrong (not a traceback
from deep inside python-docx at the first render) when it is:

* not a Word 2007+ package: an OLE compound file (a Word 97-2003 .doc, or a .docx that was
  encrypted with a password, which Word stores in that format), not a zip, no
  ``[Content_Types].xml``, no main document part;
* an unsafe or damaged zip (:func:`~dlxh.templating.package.read_entries`: member names that are
  not safe relative paths or appear twice, encryption, a bad checksum, sizes and expansion
  ratios past :class:`~dlxh.templating.package.PackageLimits`);
* macro-enabled (.docm, .dotm, or any package holding a VBA project). Refused rather than
  stripped: a macro-enabled file is a different kind of file (its main part has another content
  type), and silently rewriting it into a .docx would hide from its author that their macros are
  gone; Word's "Save As > Word Document" does the conversion in the open;
* a Word template (.dotx), which python-docx (and so docxtpl and dlxh's sub-documents) cannot
  open; saving it as a document converts it.

Then links to content outside the package are removed (:mod:`dlxh.templating.external`) unless the
caller allows them, with one :class:`~dlxh.errors.SecurityWarning` naming what went.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from dlxh.errors import InputError
from dlxh.quoting import cut
from dlxh.templating.external import remove_external, warn_removed
from dlxh.templating.package import (
    DEFAULT_LIMITS,
    Entry,
    PackageLimits,
    read_entries,
    write_package,
)

__all__ = ["OLE_MAGIC", "take_in"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The first bytes of an OLE compound file (.doc, .xls, an encrypted .docx)."""

_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream of an encrypted OOXML file
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE_DOCUMENT = frozenset(
    {
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
        "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
    }
)
_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_SAVE_AS = "open it in Word and save it as a Word Document (.docx)"
_OTHER_MAIN = {
    "application/vnd.ms-word.document.macroEnabled.main+xml": (
        "is a macro-enabled document (.docm); dlxh neither runs nor copies macros: " + _SAVE_AS
    ),
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": (
        "is a macro-enabled Word template (.dotm); dlxh neither runs nor copies macros: " + _SAVE_AS
    ),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": (
        "is a Word template (.dotx), not a document: " + _SAVE_AS
    ),
}
_MACRO_TYPES = ("vbaProject", "vbaData", "macroEnabled")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def take_in(
    data: bytes,
    name: str,
    *,
    allow_external: bool = False,
    limits: PackageLimits = DEFAULT_LIMITS,
    level: int = 6,
    stacklevel: int = 2,
) -> tuple[bytes, dict[str, Entry]]:
    """The template ``data`` checked, with its external links removed (unless
    ``allow_external``): its bytes (``data`` itself when nothing was removed) and its members.
    ``name`` names it in errors and in the warning, which points ``stacklevel`` frames above
    this function's caller (``warnings.warn``'s count)."""
    if data.startswith(OLE_MAGIC):
        if _ENCRYPTED in data:
            raise InputError(
                "is encrypted or password-protected; remove the password in Word "
                "(File > Info > Protect Document) and save it again",
                path=name,
            )
        raise InputError(
            "is an OLE compound file, not a .docx: a Word 97-2003 .doc (save it as .docx) "
            "or an encrypted or password-protected document (remove the password)",
            path=name,
        )
    entries = read_entries(data, name, limits)
    main = _main_part(entries, name)
    _check_types(entries, main, name)
    if allow_external:
        return data, entries
    cleaned, removed = remove_external(entries, name, level=level)
    if not removed:
        return data, entries
    warn_removed(removed, name, stacklevel=stacklevel + 1)
    return write_package(cleaned.values()), cleaned


def _parse(entries: dict[str, Entry], member: str, name: str) -> etree._Element:
    try:
        root: etree._Element = etree.fromstring(entries[member].inflate(), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise InputError(
            f"damaged: {member} is not well-formed XML ({cut(exc.msg or str(exc))})", path=name
        ) from None
    return root


def _main_part(entries: dict[str, Entry], name: str) -> str:
    """The main document part named by ``_rels/.rels`` (Word's ``word/document.xml``)."""
    main = "word/document.xml"
    if "_rels/.rels" in entries:
        for rel in _parse(entries, "_rels/.rels", name).iter(f"{{{_PKG}}}Relationship"):
            if rel.get("Type") in _OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
                main = posixpath.normpath(rel.get("Target", "").lstrip("/"))
                break
    if main not in entries:
        raise InputError(f"not a .docx file (no {cut(main)})", path=name)
    if "_rels/.rels" not in entries:
        raise InputError("not a .docx file (no _rels/.rels)", path=name)
    return main


def _check_types(entries: dict[str, Entry], main: str, name: str) -> None:
    """The main part is a Word document's, and nothing in the package is a macro project."""
    if "[Content_Types].xml" not in entries:
        raise InputError("not a .docx file (no [Content_Types].xml)", path=name)
    root = _parse(entries, "[Content_Types].xml", name)
    overrides = {
        (item.get("PartName") or "").lstrip("/").lower(): item.get("ContentType") or ""
        for item in root.iter(f"{{{_CT}}}Override")
    }
    defaults = {
        (item.get("Extension") or "").lower(): item.get("ContentType") or ""
        for item in root.iter(f"{{{_CT}}}Default")
    }
    extension = main.rsplit(".", 1)[-1].lower()
    kind = overrides.get(main.lower(), defaults.get(extension, ""))
    if kind in _OTHER_MAIN:
        raise InputError(_OTHER_MAIN[kind], path=name)
    if kind != _WORD:
        shown = cut(kind) or "none"
        raise InputError(
            f"not a Word document: its main part {cut(main)} has the content type {shown}",
            path=name,
        )
    macros = [
        member
        for member in entries
        if member.lower().endswith(("vbaproject.bin", "vbadata.xml"))
        or any(t in overrides.get(member.lower(), "") for t in _MACRO_TYPES)
    ]
    if macros or any(any(t in kind for t in _MACRO_TYPES) for kind in defaults.values()):
        where = f" ({macros[0]})" if macros else ""
        raise InputError(
            f"holds macros{where}; dlxh neither runs nor copies macros: " + _SAVE_AS, path=name
        )
