"""How much of a .docx the checker agrees to read.

The checker's cost is not the unpacking but what follows: lxml keeps about 120 bytes per element,
and the rules spend tens of microseconds on every paragraph and run. A 5 MB file can hold 72 MB
of XML and half a million paragraphs (50 s and 1.4 GB before these limits). So the limits are set
on what drives the cost, at a size no real office document reaches, and each one refused says
which limit it met, so that a caller with a genuinely larger document knows what to raise.

The defaults admit some 800 pages of ordinary Word text, or a 10,000-row table of four columns.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_LIMITS", "CheckLimits"]

_MIB = 1024 * 1024


@dataclass(frozen=True)
class CheckLimits:
    """Bounds on one document; :data:`DEFAULT_LIMITS` is what :func:`dlxh.check.check` uses."""

    file_bytes: int = 100 * _MIB
    """Largest file accepted (most of a large .docx is pictures, which are never read)."""
    entries: int = 10_000
    """Most members in the zip directory (a .docx has tens; each costs memory to list)."""
    document_bytes: int = 16 * _MIB
    """Largest ``word/document.xml`` once unpacked (a 500-page report is a few MB)."""
    part_bytes: int = 4 * _MIB
    """Largest other XML part read: styles, theme, headers, footers, relationships."""
    total_bytes: int = 32 * _MIB
    """Largest total of the XML parts read."""
    ratio: int = 200
    """Highest compression ratio of a part above a megabyte (Word's XML compresses ~10:1)."""
    elements: int = 500_000
    """Most XML elements over all parts read (counted before parsing, so the tree is bounded)."""
    paragraphs: int = 50_000
    """Most paragraphs (``w:p``, table cells and headers included)."""
    runs: int = 50_000
    """Most runs of text (``w:r``)."""
    nesting: int = 1_500_000
    """Most levels of nesting summed over every run and text node (each is walked up to the
    root by the rules: 50,000 runs nested 240 deep took 45 s). Word's runs sit 5 to 20 deep."""
    sections: int = 1_000
    """Most sections (each page setup is reported on its own, and reads its headers again)."""
    style_depth: int = 16
    """Longest chain of styles based on one another (Word's are 2 to 5 long)."""

    def describe(self) -> str:
        """The limits in words, for messages: what the checker examines."""
        return (
            f"the checker examines documents up to {self.document_bytes // _MIB} MB of XML, "
            f"{self.paragraphs:,} paragraphs, {self.runs:,} runs and {self.elements:,} elements"
        )


DEFAULT_LIMITS = CheckLimits()
