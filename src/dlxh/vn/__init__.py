"""The Vietnamese language layer: dates, numbers, words, numerals, text and administrative units.

Everything here follows the rules Vietnamese official documents use (Nghị định 30/2020/NĐ-CP,
Hướng dẫn 36-HD/VPTW): see the module of each function for the rule and its reason.

* :mod:`dlxh.vn.dates` — "ngày 05 tháng 01 năm 2024", "18/8/2014", parsing both.
* :mod:`dlxh.vn.numbers` — "1.443", "93,9%", shares with an explicit rounding mode.
* :mod:`dlxh.vn.words` — "hai nghìn không trăm hai mươi lăm", amounts in words.
* :mod:`dlxh.vn.numerals` — Roman numerals and the point letters a) b) ... đ) e) g).
* :mod:`dlxh.vn.text` — NFC, a tone-placement-insensitive fold, Vietnamese collation.
* :mod:`dlxh.vn.admin` — the 34 provinces and 3,321 communes since 1 July 2025.
"""

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
)
from dlxh.vn.errors import (
    AdminUnitLookupError,
    AdminUnitNotFoundError,
    AmbiguousAdminUnitError,
    DateFormatError,
)
from dlxh.vn.numbers import Number, Rounding, format_number, format_percent, format_share, share
from dlxh.vn.numerals import POINT_LETTERS, from_roman, point_index, point_letter, to_roman
from dlxh.vn.text import TONE_MARKS, NameSortKey, SortKey, fold, name_sort_key, nfc, sort_key
from dlxh.vn.words import amount_to_words, number_to_words

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
    "from_roman",
    "get_commune",
    "get_province",
    "is_valid_code",
    "month_name",
    "name_sort_key",
    "nfc",
    "number_to_words",
    "parse_date",
    "point_index",
    "point_letter",
    "share",
    "sort_key",
    "to_roman",
]
