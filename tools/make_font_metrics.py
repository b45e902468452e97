"""Regenerate src/dlxh/render/data/times-metrics.json from Liberation Serif.

Liberation Serif is metric-compatible with Times New Roman, so its advance widths are the widths
Word uses for Times New Roman. The renderer uses them to size the rules under header lines
(the rule under the motto is as long as the motto, the one under the issuer 1/3-1/2 of it).
Run with a Python that has fontTools:  python tools/make_font_metrics.py
"""

from __future__ import annotations

import json
import string
import sys
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path("/usr/share/fonts/truetype/liberation2")
STYLES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold-italic": "LiberationSerif-BoldItalic.ttf",
}
VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]


def characters() -> list[str]:
    chars = set(string.printable.strip()) | set(" –—“”‘’…°•")
    for base in VIETNAMESE + "fjwz":
        for tone in TONES:
            composed = unicodedata.normalize("NFC", base + tone)
            if len(composed) == 1:
                chars |= {composed, composed.upper()}
    return sorted(chars)


def main() -> None:
    out: dict[str, object] = {"source": "Liberation Serif 2 (Times New Roman metrics)"}
    for style, file in STYLES.items():
        font = TTFont(FONTS / file)
        cmap = font.getBestCmap()
        metrics = font["hmtx"].metrics
        units = font["head"].unitsPerEm
        widths = {}
        for ch in characters():
            glyph = cmap.get(ord(ch))
            if glyph is not None:
                widths[ch] = round(metrics[glyph][0] / units, 5)
        out[style] = widths
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "src/dlxh/render/data/times-metrics.json")
    target.write_text(
        json.dumps(out, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n", "utf-8"
    )


if __name__ == "__main__":
    main()
