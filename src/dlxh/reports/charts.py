"""Charts for reports, drawn with matplotlib (the ``charts`` extra) as PNG bytes.

Charts go into documents as images, so they must look the same on every machine and render the
same bytes for the same input (documents are compared and archived): the backend is Agg, the
size and resolution are fixed, PNG metadata carrying the matplotlib version is dropped, and the
font is the serif that matches Times New Roman (Liberation Serif / DejaVu Serif).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dlxh.errors import InputError

__all__ = ["share_chart"]

_WIDTH_IN = 6.3
_DPI = 150


def _pyplot() -> Any:
    try:
        import matplotlib  # noqa: PLC0415 (optional dependency)

        matplotlib.use("Agg", force=True)
        import matplotlib.pyplot as plt  # noqa: PLC0415
    except ImportError:
        raise InputError(
            "charts need matplotlib: install the charts extra (pip install 'dlxh[charts]')"
        ) from None
    _register_serif()
    return plt


_SERIF = ("Liberation Serif", "Times New Roman")
_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "/Library/Fonts",
    "C:/Windows/Fonts",
)
_FONT_FILES = ("LiberationSerif-*.ttf", "times*.ttf", "Times New Roman*.ttf")


def _register_serif() -> None:
    """Make the Times-compatible serif known to matplotlib when its font cache predates the
    font (installed after matplotlib first ran): otherwise it falls back to DejaVu, visibly
    wider than the document's Times New Roman text."""
    from matplotlib import font_manager  # noqa: PLC0415

    known = {font.name for font in font_manager.fontManager.ttflist}
    if any(name in known for name in _SERIF):
        return
    for folder in _FONT_DIRS:
        root = Path(folder)
        if not root.is_dir():
            continue
        for pattern in _FONT_FILES:
            for path in sorted(root.rglob(pattern)):
                with contextlib.suppress(OSError, RuntimeError, ValueError):
                    font_manager.fontManager.addfont(str(path))


def share_chart(
    labels: Sequence[str],
    shares: Sequence[float],
    lows: Sequence[float] | None = None,
    highs: Sequence[float] | None = None,
    *,
    title: str = "",
) -> bytes:
    """A horizontal bar chart of percentages with confidence-interval error bars, as PNG bytes.

    ``shares``, ``lows`` and ``highs`` are percentages (0-100); bars are labelled with the share
    in Vietnamese notation ("93,9%").
    """
    if not labels or len(labels) != len(shares):
        raise ValueError("share_chart needs one share per label")
    from dlxh.vn import format_number  # noqa: PLC0415

    plt = _pyplot()
    plt.rcParams.update(
        {
            "font.family": "serif",
            "font.serif": ["Liberation Serif", "Times New Roman", "DejaVu Serif"],
            "font.size": 10,
            "svg.hashsalt": "dlxh",
        }
    )
    height = 0.9 + 0.45 * len(labels)
    figure, axes = plt.subplots(figsize=(_WIDTH_IN, height), dpi=_DPI)
    positions = list(range(len(labels)))[::-1]
    errors = None
    if lows is not None and highs is not None:
        errors = [
            [max(0.0, s - lo) for s, lo in zip(shares, lows, strict=True)],
            [max(0.0, hi - s) for s, hi in zip(shares, highs, strict=True)],
        ]
    axes.barh(positions, shares, xerr=errors, color="#4a6fa5", ecolor="#222222", capsize=3)
    axes.set_yticks(positions, labels=list(labels))
    axes.set_xlim(0, max(100.0, *(highs or shares)) * 1.05)
    axes.set_xlabel("%")
    ends = list(highs) if highs is not None else list(shares)
    for position, value, end in zip(positions, shares, ends, strict=True):
        # the label sits past the error bar, so it never covers it
        axes.text(end + 1.5, position, f"{format_number(value, 1)}%", va="center", fontsize=9)
    if title:
        axes.set_title(title)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    stream = io.BytesIO()
    figure.savefig(stream, format="png", metadata={"Software": None})
    plt.close(figure)
    return stream.getvalue()
