"""Numbers written with more digits than dlxh converts.

Python refuses to convert a string of more than 4,300 digits to an ``int`` (``ValueError:
Exceeds the limit``, a guard against quadratic-time conversion), and refuses to print such an
``int`` too. A data file, a spreadsheet cell or a command-line argument can hold such a number,
and the conversion then fails deep inside a parser with a traceback that names neither the file
nor the field. dlxh checks the length itself, before converting, with the same limit whatever
``sys.set_int_max_str_digits`` says, so a file is accepted or refused the same way everywhere.

The data readers (:mod:`dlxh.io` for JSON, :mod:`dlxh._yaml`) do not fail on the spot: they
leave a :class:`LongNumber` where the number was, and the loader reports every one of them with
its field path (and its line, for YAML), like any other invalid value.
"""

from __future__ import annotations

__all__ = ["MAX_DIGITS", "LongNumber", "count_digits", "too_many_digits"]

MAX_DIGITS = 4300
"""The most digits a whole number may have (Python's default ``int`` conversion limit)."""


def count_digits(text: str) -> int:
    """How many decimal digits ``text`` holds (signs, separators and spaces not counted)."""
    return sum(text.count(d) for d in "0123456789")


def too_many_digits(text: str) -> bool:
    """Whether ``text`` holds more than :data:`MAX_DIGITS` digits (cheap for short text, which
    is every number in practice)."""
    return len(text) > MAX_DIGITS and count_digits(text) > MAX_DIGITS


class LongNumber:
    """Placeholder for a number too long to convert, where it was found in a data file."""

    __slots__ = ("column", "digits", "line")

    def __init__(self, digits: int, line: int | None = None, column: int | None = None) -> None:
        self.digits = digits
        self.line = line
        self.column = column

    def message(self) -> str:
        """What is wrong, for a :class:`~dlxh.errors.FieldProblem`."""
        where = f" (line {self.line}, column {self.column})" if self.line else ""
        return (
            f"a number of {self.digits:,} digits{where}; at most {MAX_DIGITS:,} digits are allowed"
        )

    def __repr__(self) -> str:
        return f"<a number of {self.digits:,} digits>"
