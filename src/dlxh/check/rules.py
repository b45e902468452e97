"""The built-in format rules. Each takes a :class:`CheckContext` and reports findings.

Ranges, defaults, sources and confidence come from the profile's data file, so a newer guide or a
house style changes what is checked without touching this code. Findings of the same kind are
grouped (one finding for 40 paragraphs not justified, with the first locations), so a report on a
long document stays readable. The rules live in modules by the part of the page they read:
:mod:`~dlxh.check.rules_page`, :mod:`~dlxh.check.rules_header`, :mod:`~dlxh.check.rules_body`
and :mod:`~dlxh.check.rules_closing`.
"""

from __future__ import annotations

from collections.abc import Callable

from dlxh.check.context import CheckContext
from dlxh.check.rules_body import body_text, end_mark, headings
from dlxh.check.rules_closing import recipients, signature
from dlxh.check.rules_header import issuer, national_title, number_line, place_date, title_block
from dlxh.check.rules_page import fonts, page_numbers, page_setup

__all__ = ["BUILTIN_RULES", "Rule"]

Rule = Callable[[CheckContext], None]

BUILTIN_RULES: tuple[Rule, ...] = (
    page_setup,
    fonts,
    national_title,
    issuer,
    number_line,
    place_date,
    title_block,
    body_text,
    headings,
    end_mark,
    signature,
    recipients,
    page_numbers,
)
"""Every built-in rule, in report order."""
