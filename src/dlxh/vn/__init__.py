"""The Vietnamese language layer: dates, numbers, words, numerals, text and administrative units.

Everything here follows the rules Vietnamese official documents use (Nghị định 30/2020/NĐ-CP,
Hướng dẫn 36-HD/VPTW): see the module of each function for the rule and its reason.

* :mod:`dlxh.vn.dates` — "ngày 05 tháng 01 năm 2024", "18/8/2014", parsing both.
* :mod:`dlxh.vn.numbers` — "1.443", "93,9%", shares with an explicit rounding mode.
* :mod:`dlxh.vn.words` — "hai nghìn không trăm hai mươi lăm", amounts in words.
* :mod:`dlxh.vn.numerals` — Roman numerals and the point letters a) b) ... đ) e) g).
* :mod:`dlxh.vn.text` — NFC, a tone-placement-insensitive fold, Vietnamese collation.
* :mod:`dlxh.vn.admin` — the 34 provinces and 3,321 communes since 1 July 2025.
* :mod:`dlxh.vn.legacy` — names from before 1 July 2025; the 63 former provinces' successors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlxh._lazy import lazy_exports

if TYPE_CHECKING:
    from dlxh.vn.admin import (
        DATA_VERSION,
        AdminLevel,
        AdminUnit,
        communes_of,
        find_communes,
        find_provinces,
        get_commune,
        get_province,
        is_valid_code,
    )
    from dlxh.vn.dates import (
        format_date,
        format_date_short,
        format_place_date,
        month_name,
        parse_date,
        parse_date_loose,
    )
    from dlxh.vn.errors import (
        AdminUnitLookupError,
        AdminUnitNotFoundError,
        AmbiguousAdminUnitError,
        DateFormatError,
    )
    from dlxh.vn.legacy import (
        FormerProvince,
        LegacyName,
        former_province,
        former_provinces,
        recognise_legacy,
        successor_province,
    )
    from dlxh.vn.numbers import (
        Number,
        Rounding,
        format_number,
        format_percent,
        format_share,
        share,
    )
    from dlxh.vn.numerals import (
        POINT_LETTERS,
        from_roman,
        point_index,
        point_letter,
        to_roman,
    )
    from dlxh.vn.text import (
        TONE_MARKS,
        NameSortKey,
        SortKey,
        fold,
        name_sort_key,
        nfc,
        sort_key,
    )
    from dlxh.vn.words import (
        amount_to_words,
        number_to_words,
    )

_LAZY: dict[str, str] = {
    "DATA_VERSION": "dlxh.vn.admin",
    "AdminLevel": "dlxh.vn.admin",
    "AdminUnit": "dlxh.vn.admin",
    "communes_of": "dlxh.vn.admin",
    "find_communes": "dlxh.vn.admin",
    "find_provinces": "dlxh.vn.admin",
    "get_commune": "dlxh.vn.admin",
    "get_province": "dlxh.vn.admin",
    "is_valid_code": "dlxh.vn.admin",
    "format_date": "dlxh.vn.dates",
    "format_date_short": "dlxh.vn.dates",
    "format_place_date": "dlxh.vn.dates",
    "month_name": "dlxh.vn.dates",
    "parse_date": "dlxh.vn.dates",
    "parse_date_loose": "dlxh.vn.dates",
    "FormerProvince": "dlxh.vn.legacy",
    "LegacyName": "dlxh.vn.legacy",
    "former_province": "dlxh.vn.legacy",
    "former_provinces": "dlxh.vn.legacy",
    "recognise_legacy": "dlxh.vn.legacy",
    "successor_province": "dlxh.vn.legacy",
    "AdminUnitLookupError": "dlxh.vn.errors",
    "AdminUnitNotFoundError": "dlxh.vn.errors",
    "AmbiguousAdminUnitError": "dlxh.vn.errors",
    "DateFormatError": "dlxh.vn.errors",
    "Number": "dlxh.vn.numbers",
    "Rounding": "dlxh.vn.numbers",
    "format_number": "dlxh.vn.numbers",
    "format_percent": "dlxh.vn.numbers",
    "format_share": "dlxh.vn.numbers",
    "share": "dlxh.vn.numbers",
    "POINT_LETTERS": "dlxh.vn.numerals",
    "from_roman": "dlxh.vn.numerals",
    "point_index": "dlxh.vn.numerals",
    "point_letter": "dlxh.vn.numerals",
    "to_roman": "dlxh.vn.numerals",
    "TONE_MARKS": "dlxh.vn.text",
    "NameSortKey": "dlxh.vn.text",
    "SortKey": "dlxh.vn.text",
    "fold": "dlxh.vn.text",
    "name_sort_key": "dlxh.vn.text",
    "nfc": "dlxh.vn.text",
    "sort_key": "dlxh.vn.text",
    "amount_to_words": "dlxh.vn.words",
    "number_to_words": "dlxh.vn.words",
}
"""Where each public name lives: imported on first use, so that importing the package (the
command line starting, a checker answering) does not load every module it offers."""


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)

__all__ = [
    "DATA_VERSION",
    "POINT_LETTERS",
    "TONE_MARKS",
    "AdminLevel",
    "AdminUnit",
    "AdminUnitLookupError",
    "AdminUnitNotFoundError",
    "AmbiguousAdminUnitError",
    "DateFormatError",
    "FormerProvince",
    "LegacyName",
    "NameSortKey",
    "Number",
    "Rounding",
    "SortKey",
    "amount_to_words",
    "communes_of",
    "find_communes",
    "find_provinces",
    "fold",
    "format_date",
    "format_date_short",
    "format_number",
    "format_percent",
    "format_place_date",
    "format_share",
    "former_province",
    "former_provinces",
    "from_roman",
    "get_commune",
    "get_province",
    "is_valid_code",
    "month_name",
    "name_sort_key",
    "nfc",
    "number_to_words",
    "parse_date",
    "parse_date_loose",
    "point_index",
    "point_letter",
    "recognise_legacy",
    "share",
    "sort_key",
    "successor_province",
    "to_roman",
]
