"""Numbers, percentages and shares in Vietnamese notation.

Vietnamese writes a dot between thousands and a comma before decimals, and no space before the
percent sign: ``1.443``, ``50.698``, ``93,9%``. The separators come from Babel's ``vi`` locale.

Rounding is done here, in :mod:`decimal`, never by Babel or by float arithmetic, because
reports must state how they round: seed 004 reports 62 of 66 issues resolved as "93%"
(truncated) where 62/66 = 93.94% would round to "94%". Every function takes a :class:`Rounding`.
Floats are converted to decimals through their 15 significant digits, so the binary noise of
``0.1 + 0.2`` (0.30000000000000004) or ``0.145`` (stored as 0.14499999999999999) does not leak
into printed figures: ``format_number(0.145, 2)`` is "0,15", as a person reading "0.145" expects.
"""

from __future__ import annotations

import decimal
import math
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Final

from babel.numbers import format_decimal

__all__ = [
    "Number",
    "Rounding",
    "format_number",
    "format_percent",
    "format_share",
    "share",
]

Number = int | float | Decimal
"""The numeric types accepted by this module (``bool`` is rejected although it is an int)."""

_LOCALE: Final = "vi"
_FLOAT_DIGITS: Final = 15  # every decimal of up to 15 significant digits survives a float
_EXACT_FLOAT_INT: Final = 2**53  # integral floats below this are exact integers


class Rounding(StrEnum):
    """How to round a figure to the printed number of decimals.

    Values are plain strings, so ``Rounding("down")`` and configuration files work.
    """

    HALF_UP = "half_up"
    """Round to nearest, ties away from zero (0,5 → 1; -0,5 → -1): school rounding, the default."""
    HALF_EVEN = "half_even"
    """Round to nearest, ties to the even neighbour (0,5 → 0; 1,5 → 2): banker's rounding."""
    DOWN = "down"
    """Truncate toward zero (93,94 → 93; -1,7 → -1): what seed 004 does with shares."""
    UP = "up"
    """Away from zero (93,01 → 94; -1,2 → -2)."""
    FLOOR = "floor"
    """Toward minus infinity (-1,2 → -2)."""
    CEILING = "ceiling"
    """Toward plus infinity (-1,7 → -1)."""

    @property
    def decimal_mode(self) -> str:
        """The matching :mod:`decimal` constant, e.g. ``decimal.ROUND_HALF_UP``."""
        return _DECIMAL_MODES[self]


_DECIMAL_MODES: Final[dict[Rounding, str]] = {
    Rounding.HALF_UP: decimal.ROUND_HALF_UP,
    Rounding.HALF_EVEN: decimal.ROUND_HALF_EVEN,
    Rounding.DOWN: decimal.ROUND_DOWN,
    Rounding.UP: decimal.ROUND_UP,
    Rounding.FLOOR: decimal.ROUND_FLOOR,
    Rounding.CEILING: decimal.ROUND_CEILING,
}


def _to_decimal(value: Number, what: str = "value") -> Decimal:
    """Convert an accepted number to a Decimal without float noise (see the module docstring)."""
    if isinstance(value, bool):
        raise TypeError(f"{what} must be a number, not a bool ({value!r})")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{what} must be a finite number, got {value!r}")
        if value.is_integer() and abs(value) < _EXACT_FLOAT_INT:
            return Decimal(int(value))
        return Decimal(f"{value:.{_FLOAT_DIGITS}g}")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{what} must be a finite number, got {value!r}")
        return value
    raise TypeError(f"{what} must be an int, float or Decimal, not {type(value).__name__}")


def _check_decimals(decimals: int) -> int:
    if isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
        raise ValueError(f"decimals must be a non-negative integer, got {decimals!r}")
    return decimals


def _context_for(value: Decimal, places: int) -> decimal.Context:
    """A context precise enough to hold ``value`` with ``places`` decimals without rounding."""
    digits = max(value.adjusted(), 0) + 1 + places + 2
    return decimal.Context(prec=max(decimal.getcontext().prec, digits))


def _quantize(value: Decimal, places: int, rounding: Rounding) -> Decimal:
    quantum = Decimal(1).scaleb(-places)
    result = value.quantize(
        quantum, rounding=rounding.decimal_mode, context=_context_for(value, places)
    )
    return result.copy_abs() if result.is_zero() else result  # never print "-0"


def _render(value: Decimal, places: int) -> str:
    """Format an already rounded Decimal with exactly ``places`` decimals in the vi locale.

    The pattern has exactly ``places`` decimals, so Babel finds nothing left to round (it would
    otherwise round half-even on its own).
    """
    pattern = "#,##0" + ("." + "0" * places if places else "")
    with decimal.localcontext(_context_for(value, places)):
        return format_decimal(value, format=pattern, locale=_LOCALE)


def format_number(
    value: Number, decimals: int | None = None, rounding: Rounding = Rounding.HALF_UP
) -> str:
    """Format a number the Vietnamese way: ``1.443``, ``50.698``, ``1.234,5``, ``-1.443``.

    Args:
        value: An int, float or Decimal.
        decimals: Number of decimals to print. ``None`` prints ints as ints, floats with the
            decimals they really have (``0.1 + 0.2`` prints "0,3", not 17 digits) and Decimals
            with their own exponent (``Decimal("1.50")`` prints "1,50").
        rounding: How to round to ``decimals``.

    Raises:
        TypeError: for a bool or a non-numeric value.
        ValueError: for NaN, infinities or negative ``decimals``.
    """
    number = _to_decimal(value)
    rounding = Rounding(rounding)
    if decimals is None:
        exponent = number.as_tuple().exponent
        assert isinstance(exponent, int)  # finite, checked by _to_decimal
        places = max(0, -exponent)
    else:
        places = _check_decimals(decimals)
    return _render(_quantize(number, places, rounding), places)


def format_percent(
    value: float | Decimal, decimals: int = 1, rounding: Rounding = Rounding.HALF_UP
) -> str:
    """Format a fraction as a percentage: 0.939 → ``93,9%``; with ``decimals=0`` → ``94%``.

    There is no space before "%" in Vietnamese official texts.
    """
    number = _to_decimal(value)
    percent = number.scaleb(2, context=_context_for(number, 2))
    return f"{format_number(percent, _check_decimals(decimals), rounding)}%"


def _round_fraction(value: Fraction, places: int, rounding: Rounding) -> Decimal:
    """Round an exact rational to ``places`` decimals.

    Rationals such as 62/66 have no finite decimal expansion, so Decimal division would round
    once at the context precision and again at ``places``; rounding the exact fraction avoids
    that double rounding.
    """
    scaled = value * 10**places
    floor, remainder = divmod(scaled.numerator, scaled.denominator)
    if remainder == 0:
        result = floor
    else:
        positive = scaled > 0
        twice = 2 * remainder  # compare the discarded part with one half without a Fraction
        if rounding in (Rounding.HALF_UP, Rounding.HALF_EVEN) and twice != scaled.denominator:
            result = floor + 1 if twice > scaled.denominator else floor
        elif rounding is Rounding.HALF_UP:
            result = floor + 1 if positive else floor
        elif rounding is Rounding.HALF_EVEN:
            result = floor if floor % 2 == 0 else floor + 1
        elif rounding is Rounding.FLOOR:
            result = floor
        elif rounding is Rounding.CEILING:
            result = floor + 1
        elif rounding is Rounding.DOWN:
            result = floor if positive else floor + 1
        else:  # Rounding.UP
            result = floor + 1 if positive else floor
    return Decimal(result).scaleb(-places, context=decimal.Context(prec=len(str(result)) + 2))


def share(
    part: Number, whole: Number, decimals: int = 0, rounding: Rounding = Rounding.HALF_UP
) -> Decimal:
    """Return ``part`` as a percentage of ``whole``, rounded: ``share(62, 66) == Decimal(94)``.

    The division is exact (on fractions), then rounded once with ``rounding``, so the result is
    never off because of float or intermediate rounding: 62/66 gives 94 with
    :attr:`Rounding.HALF_UP` and 93 with :attr:`Rounding.DOWN`; 29/200 gives 15 (half up) where
    ``round(29 / 200 * 100)`` gives 14. The result has exactly ``decimals`` decimals.

    Raises:
        ValueError: if ``whole`` is zero (a share of nothing is undefined) or ``decimals`` < 0.
    """
    places = _check_decimals(decimals)
    rounding = Rounding(rounding)
    part_d = _to_decimal(part, "part")
    whole_d = _to_decimal(whole, "whole")
    if whole_d.is_zero():
        raise ValueError(f"cannot compute a share of a whole of zero (part {part}, whole {whole})")
    ratio = Fraction(part_d) * 100 / Fraction(whole_d)
    return _round_fraction(ratio, places, rounding)


def format_share(
    part: Number, whole: Number, decimals: int = 0, rounding: Rounding = Rounding.HALF_UP
) -> str:
    """Format ``part`` as a percentage of ``whole``: 62 of 66 → ``94%``, or ``93%`` truncated.

    See :func:`share` for the arithmetic. ``format_share(1, 8, 1)`` is ``12,5%``.
    """
    places = _check_decimals(decimals)
    return f"{_render(share(part, whole, places, rounding), places)}%"
