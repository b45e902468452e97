"""Vietnamese text: normalisation, matching keys and collation.

Three problems make naive string handling fail on Vietnamese data:

* The same letter can be stored precomposed (NFC, ``"ộ"``) or decomposed (NFD, ``"o"`` + dot below
  + circumflex). Data from Word, macOS file names and web forms mixes both, so text is stored NFC
  (:func:`nfc`).
* The same syllable is spelt with two tone placements in official data: the "old" style puts the
  tone on the first vowel of *oa, oe, uy* ("Hòa", "Khỏe", "Thủy"), the "new" style on the second
  ("Hoà", "Khoẻ", "Thuỷ"). Both are correct, NFC keeps them different, so matching needs
  :func:`fold`, which moves every tone to one canonical place.
* Python's ``sorted()`` compares code points, which puts Đ, Ă, Â, Ô, Ơ, Ư after Z and "Ánh" after
  "Anh Tuấn". :func:`sort_key` implements the Vietnamese alphabetical order instead.

Vietnamese diacritics are of two kinds, and the functions here treat them differently:

* five **tone marks** (dấu thanh) — huyền U+0300, sắc U+0301, hỏi U+0309, ngã U+0303,
  nặng U+0323 — which belong to the syllable as a whole;
* three **vowel marks** — circumflex U+0302 (â ê ô), breve U+0306 (ă) and horn U+031B (ơ ư) —
  which make a different letter of the alphabet. Đ/đ is a separate letter with no decomposition.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Final

__all__ = [
    "TONE_MARKS",
    "SortKey",
    "fold",
    "name_sort_key",
    "nfc",
    "sort_key",
]

TONE_MARKS: Final[tuple[str, ...]] = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
"""The five combining tone marks in collation order: huyền, sắc, hỏi, ngã, nặng."""

_TONE_WEIGHT: Final[dict[str, int]] = {mark: i for i, mark in enumerate(TONE_MARKS, start=1)}
_VOWEL_MARKS: Final[frozenset[str]] = frozenset("\u0302\u0306\u031b")

# The Vietnamese alphabet with the foreign letters f, j, w, z slotted where the Latin alphabet
# puts them, so loan words and foreign names still sort sensibly.
_ALPHABET: Final[tuple[str, ...]] = tuple("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
_LETTER_WEIGHT: Final[dict[str, int]] = {
    unicodedata.normalize("NFD", letter): i for i, letter in enumerate(_ALPHABET)
}

# Primary weights live in disjoint bands so that separators < digits < letters.
_SPACE_WEIGHT: Final = 1
_PUNCT_BASE: Final = 2  # + code point, so at most 0x110001
_DIGIT_BASE: Final = 0x120000
_LETTER_BASE: Final = 0x130000
_OTHER_LETTER_BASE: Final = _LETTER_BASE + 0x100  # + code point: letters outside the alphabet
_OTHER_MARK_BASE: Final = 0x10  # secondary weight of a non-Vietnamese mark: + code point

SortKey = tuple[tuple[int, ...], tuple[tuple[int, ...], ...], tuple[int, ...]]
"""What :func:`sort_key` returns: (letters, tones per word, case), compared in that order."""

NameSortKey = tuple[
    tuple[int, ...],
    tuple[tuple[int, ...], ...],
    tuple[int, ...],
    tuple[tuple[int, ...], ...],
    tuple[int, ...],
    tuple[int, ...],
]
"""What :func:`name_sort_key` returns: given name, then the rest, letters and tones before case."""


def nfc(s: str) -> str:
    """Return ``s`` in Unicode normalisation form NFC, the form dlxh stores text in."""
    return unicodedata.normalize("NFC", s)


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L")


def _tokens(nfd: str) -> Iterator[tuple[bool, str]]:
    """Split an NFD string into words and single non-word characters.

    A word is a letter followed by any letters and combining marks: in Vietnamese, one syllable.
    Yields ``(is_word, text)``.
    """
    i, n = 0, len(nfd)
    while i < n:
        if not _is_letter(nfd[i]):
            yield False, nfd[i]
            i += 1
            continue
        j = i + 1
        while j < n and (_is_letter(nfd[j]) or unicodedata.combining(nfd[j])):
            j += 1
        yield True, nfd[i:j]
        i = j


def _split_tones(word: str) -> tuple[str, str]:
    """Return ``word`` (NFD) without its tone marks, and the tone marks in order of appearance."""
    bare = "".join(ch for ch in word if ch not in _TONE_WEIGHT)
    tones = "".join(ch for ch in word if ch in _TONE_WEIGHT)
    return bare, tones


def _canonical_tone(word: str) -> str:
    """Move the tone mark of one syllable (NFD) after its last letter.

    Putting the tone after the whole syllable is not a spelling anybody writes, but it is the one
    place that does not depend on which vowel-placement convention the writer followed, so "Hòa",
    "Hoà" (and the misspelt "Qúy" next to "Quý") meet. A word with more than one tone mark is not
    a Vietnamese syllable (a foreign word such as "résumé"): it is left as it is.
    """
    bare, tones = _split_tones(word)
    if len(tones) != 1:
        return word
    return bare + tones


def _prepare(s: str) -> str:
    """NFD, Icelandic eth mapped to đ, whitespace collapsed: the common start of fold and sort_key.

    "Ð" (U+00D0, eth) looks exactly like "Đ" (U+0110) and turns up in legacy Vietnamese data typed
    with the wrong key map, so it is read as đ.
    """
    text = unicodedata.normalize("NFD", s).replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    return " ".join(text.split())


def fold(s: str, *, tones: bool = True, diacritics: bool = True) -> str:
    """Return a matching key for ``s``: equal keys mean "the same name, written differently".

    Beyond NFC, the key is case-folded, has its whitespace collapsed to single spaces (and
    stripped), and has the tone of every syllable moved to one canonical position, so that
    ``fold("Hòa") == fold("Hoà")`` and ``fold("Thủy") == fold("Thuỷ")``. Tones stay significant:
    "Hòa", "Hoa" and "Hóa" are different names and fold differently.

    Args:
        s: Any text, NFC or NFD.
        tones: When false, drop the five tone marks but keep the vowel marks, so "Hòa" and "Hóa"
            fold to "hoa" while "Hồ" and "Hổ" fold to "hô".
        diacritics: When false, drop every combining mark (tones included, whatever ``tones``
            says) and map đ to d: an ASCII-like key for search boxes where users type without
            accents. "Đồng Tháp" folds to "dong thap".

    The key is NFC but not meant for display: the tone may sit on a consonant ("hoàn" folds to
    "hoaǹ"). Compare keys with each other only. ``fold`` is idempotent.
    """
    text = unicodedata.normalize("NFD", _prepare(s).casefold())
    if not diacritics:
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("\u0111", "d")
        return unicodedata.normalize("NFC", text)
    if not tones:
        text = "".join(ch for ch in text if ch not in _TONE_WEIGHT)
        return unicodedata.normalize("NFC", text)
    folded = "".join(_canonical_tone(tok) if is_word else tok for is_word, tok in _tokens(text))
    return unicodedata.normalize("NFC", folded)


def _word_weights(word: str, primary: list[int], tertiary: list[int]) -> tuple[int, ...]:
    """Append the primary and tertiary weights of one word (NFD); return its secondary weights.

    Each base letter and the vowel marks on it form one letter of the alphabet (a + breve = ă).
    Tone marks, and any other mark (a foreign diaeresis, a vowel mark on a consonant), go to the
    secondary level in order of appearance, so where a tone sits inside a syllable does not
    matter but which tone it is does.
    """
    secondary: list[int] = []
    i, n = 0, len(word)
    while i < n:
        base = word[i]
        j = i + 1
        while j < n and unicodedata.combining(word[j]):
            j += 1
        marks = word[i + 1 : j]
        lower = base.casefold()
        letter_mark = ""
        if len(lower) == 1:
            letter_mark = next((m for m in marks if lower + m in _LETTER_WEIGHT), "")
        if letter_mark:
            primary.append(_LETTER_BASE + _LETTER_WEIGHT[lower + letter_mark])
        else:
            for ch in lower:
                weight = _LETTER_WEIGHT.get(ch)
                primary.append(
                    _OTHER_LETTER_BASE + ord(ch) if weight is None else _LETTER_BASE + weight
                )
        tertiary.append(0 if base == base.lower() else 1)
        for m in marks:
            if m == letter_mark:
                continue
            secondary.append(_TONE_WEIGHT.get(m, _OTHER_MARK_BASE + ord(m)))
        i = j
    return tuple(secondary) or (0,)


def sort_key(s: str) -> SortKey:
    """Return a key that sorts Vietnamese text in Vietnamese alphabetical order.

    Use it as ``sorted(names, key=sort_key)``. Three levels are compared in turn, as in the
    Unicode collation algorithm and CLDR's Vietnamese tailoring:

    1. **Letters**, case-insensitively, in the order
       a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (foreign f, j, w, z slotted as in
       the Latin alphabet). Spaces sort before punctuation, punctuation before digits, digits
       before letters, so "An" < "An Bình" < "Anh" < "Ăn" < "Ân".
    2. **Tones**, word by word, in the order none, huyền, sắc, hỏi, ngã, nặng (ma < mà < má <
       mả < mã < mạ). A tone only decides between strings with the same letters, so
       "ma" < "mà" < "ma chay".
    3. **Case**: lower case before upper case.

    Strings that differ only in tone placement ("Hòa"/"Hoà"), normal form or runs of
    whitespace get equal keys. Digits compare one by one, not as numbers.
    """
    primary: list[int] = []
    secondary: list[tuple[int, ...]] = []
    tertiary: list[int] = []
    for is_word, tok in _tokens(_prepare(s)):
        if is_word:
            secondary.append(_word_weights(tok, primary, tertiary))
        elif tok.isspace():
            primary.append(_SPACE_WEIGHT)
        elif tok.isdecimal():
            primary.append(_DIGIT_BASE + unicodedata.decimal(tok))
        else:
            primary.append(_PUNCT_BASE + ord(tok))
    return tuple(primary), tuple(secondary), tuple(tertiary)


def name_sort_key(full_name: str) -> NameSortKey:
    """Return a key that sorts Vietnamese personal names the Vietnamese way.

    Vietnamese names are written family name, middle name(s), given name ("Nguyễn Văn An") and
    lists of people (staff lists, collaborators, signatures) are ordered by the **given name**
    (the last word), then by the rest of the name from the start. So "Trần Thị Bình" comes after
    "Nguyễn Văn An" and "Lê Văn An" before "Nguyễn Văn An". Letter case only breaks ties at the
    very end, so a list mixing "BÙI VĂN AN" and "Trần Văn An" still sorts by name.

    Raises:
        ValueError: if ``full_name`` is empty or only whitespace.
    """
    words = full_name.split()
    if not words:
        raise ValueError("cannot sort an empty name: full_name has no words")
    given, rest = sort_key(words[-1]), sort_key(" ".join(words[:-1]))
    return given[0], given[1], rest[0], rest[1], given[2], rest[2]
