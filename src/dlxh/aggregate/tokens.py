"""Syllable tokenisation shared by the classifier and the similarity measure.

Vietnamese writes one syllable per space-separated token, so syllables are the natural unit; the
text is first passed through :func:`dlxh.vn.fold` so that "hoà"/"hòa", upper/lower case and NFC/NFD
input compare equal. ``fold`` may leave a tone as a combining mark on a consonant ("hoát" folds to
"hoat" + U+0301), and Python's ``\\w`` does not match combining marks, so the pattern below
explicitly keeps them inside the syllable instead of splitting "đất" into "đât".
"""

from __future__ import annotations

import re
from functools import lru_cache

from dlxh.vn.text import fold

__all__ = ["syllables"]

_SYLLABLE = re.compile(r"[^\W_][\w\u0300-\u036f]*")


@lru_cache(maxsize=1 << 17)
def _word(token: str, tones: bool) -> tuple[str, ...]:
    return tuple(_SYLLABLE.findall(fold(token) if tones else fold(token, tones=False)))


def syllables(text: str, *, tones: bool = True) -> list[str]:
    """The folded syllables of ``text``, in order (punctuation and underscores dropped).

    Folding works character by character in Python and was most of the time of grouping a
    province's month; it never looks across whitespace, so each space-separated token is folded
    once and remembered (a language has a few thousand syllables, a month repeats them all).

    Args:
        text: Any Vietnamese text.
        tones: When false, the five tone marks are dropped (vowel marks kept), so that text typed
            without tones still matches ("sat lơ đât" for "sạt lở đất").
    """
    found: list[str] = []
    for token in text.split():
        found += _word(token, tones)
    return found
