"""``dlxh vn``: the Vietnamese language layer from the shell (dates, numbers, words, units)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

import typer
from rich.table import Table

from dlxh.cli._errors import cli_errors, stdout
from dlxh.digits import MAX_DIGITS, count_digits, too_many_digits
from dlxh.errors import InputError
from dlxh.quoting import quote
from dlxh.vn import (
    AdminUnit,
    AdminUnitLookupError,
    AdminUnitNotFoundError,
    Rounding,
    amount_to_words,
    find_communes,
    find_provinces,
    format_date,
    format_number,
    format_place_date,
    format_share,
    get_commune,
    get_province,
    is_valid_code,
    number_to_words,
    to_roman,
)

__all__ = ["vn_app"]

vn_app = typer.Typer(
    help="Vietnamese dates, numbers, words and administrative units.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _formatted(func: Callable[[], str]) -> str:
    """Run a formatting call, turning a bad number into a user error instead of a traceback."""
    try:
        return func()
    except ValueError as exc:
        raise InputError(str(exc)) from None
    except ArithmeticError:
        raise InputError("the number is too large or too precise to format") from None


def _decimal(text: str) -> Decimal:
    """``text`` as a Decimal, refused when printing it would take more than ``MAX_DIGITS``
    digits on either side of the comma (``1e999999`` is short to type and a million digits)."""
    if too_many_digits(text):
        raise InputError(
            f"a number of {count_digits(text):,} digits; at most {MAX_DIGITS:,} are allowed"
        )
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise InputError(f"not a number: {quote(text)}") from None
    if not value.is_finite():
        raise InputError(f"not a finite number: {quote(text)}")
    if value.adjusted() >= MAX_DIGITS or int(value.as_tuple().exponent) < -MAX_DIGITS:
        raise InputError(
            f"{quote(text)} has more than {MAX_DIGITS:,} digits before or after the comma"
        )
    return value


def _places(decimals: int | None) -> int | None:
    if decimals is not None and decimals > MAX_DIGITS:
        raise InputError(f"--decimals must be at most {MAX_DIGITS:,}, got {decimals:,}")
    return decimals


@vn_app.command()
@cli_errors
def date(
    day: Annotated[str, typer.Argument(help="ISO date, e.g. 2024-01-05; default today.")] = "",
    place: Annotated[str | None, typer.Option(help="Place name for the place-date line.")] = None,
) -> None:
    """Print a date the official way: "ngày 05 tháng 01 năm 2024"."""
    try:
        value = dt.date.fromisoformat(day) if day else dt.date.today()
    except ValueError:
        raise InputError(f"not an ISO date (YYYY-MM-DD): {day!r}") from None
    stdout.print(format_place_date(place, value) if place else format_date(value))


@vn_app.command()
@cli_errors
def number(
    value: Annotated[str, typer.Argument(help="A number, e.g. 1443 or 1234.5.")],
    decimals: Annotated[int | None, typer.Option(help="Digits after the comma.")] = None,
    rounding: Annotated[Rounding, typer.Option(help="Rounding mode.")] = Rounding.HALF_UP,
) -> None:
    """Print a number in Vietnamese notation: 1.443 and 1.234,5."""
    number, places = _decimal(value), _places(decimals)
    stdout.print(_formatted(lambda: format_number(number, places, rounding)))


@vn_app.command()
@cli_errors
def share(
    part: Annotated[str, typer.Argument(help="The part, e.g. 62.")],
    whole: Annotated[str, typer.Argument(help="The whole, e.g. 66.")],
    decimals: Annotated[int, typer.Option(help="Digits after the comma.")] = 0,
    rounding: Annotated[Rounding, typer.Option(help="Rounding mode.")] = Rounding.HALF_UP,
) -> None:
    """Print part/whole as a percentage: 62 of 66 is 94%, or 93% with --rounding down."""
    numerator, denominator, places = _decimal(part), _decimal(whole), _places(decimals)
    stdout.print(_formatted(lambda: format_share(numerator, denominator, places or 0, rounding)))


@vn_app.command()
@cli_errors
def words(
    value: Annotated[int, typer.Argument(help="A whole number.")],
    le: Annotated[bool, typer.Option("--le", help="Say 'lẻ' instead of 'linh' (105).")] = False,
    currency: Annotated[
        str | None, typer.Option(help="Write as an amount with this unit, e.g. đồng.")
    ] = None,
) -> None:
    """Spell a number in Vietnamese words: 2025 is "hai nghìn không trăm hai mươi lăm"."""
    zero_tens: Literal["linh", "lẻ"] = "lẻ" if le else "linh"
    if currency is not None:
        stdout.print(amount_to_words(value, currency, zero_tens=zero_tens))
    else:
        stdout.print(number_to_words(value, zero_tens=zero_tens))


@vn_app.command()
@cli_errors
def roman(value: Annotated[int, typer.Argument(help="1 to 3999.")]) -> None:
    """Print a Roman numeral (section headings I, II, III...)."""
    stdout.print(_formatted(lambda: to_roman(value)))


@vn_app.command()
@cli_errors
def unit(
    query: Annotated[str, typer.Argument(help="Name or code of a province or commune.")],
    province: Annotated[
        str | None, typer.Option(help="Limit communes to this province (name or code).")
    ] = None,
) -> None:
    """Look up provinces and communes (official list after 1 July 2025) by name or code."""
    if not query.strip():
        raise InputError("give a name or a code to look up")
    try:
        units = _lookup(query.strip(), province)
    except AdminUnitLookupError as exc:
        raise InputError(str(exc)) from None
    table = Table("code", "name", "kind", "province")
    for item in units:
        if item.level == "province":
            table.add_row(f"{item.code:02d}", item.name, item.kind, "")
        else:
            table.add_row(f"{item.code:05d}", item.name, item.kind, f"{item.province_code:02d}")
    stdout.print(table)


def _lookup(query: str, province: str | None) -> list[AdminUnit]:
    """Units matching ``query``: by code when it is all digits, else by name (with suggestions)."""
    if query.isascii() and query.isdigit() and len(query) <= MAX_DIGITS:  # not "²", not 10**5000
        code = int(query)
        found = []
        if province is None and is_valid_code(code, "province"):
            found.append(get_province(code))
        if is_valid_code(code, "commune"):
            commune = get_commune(code)
            if province is None or commune.province_code == get_province(province).code:
                found.append(commune)
        if not found:
            raise InputError(f"no province or commune has code {query}")
        return found
    found = [] if province is not None else find_provinces(query)
    found += find_communes(query, province)
    if not found:
        suggestions: list[str] = []
        lookups: list[Callable[[], AdminUnit]] = [lambda: get_commune(query, province)]
        if province is None:
            lookups.insert(0, lambda: get_province(query))
        for lookup in lookups:
            try:
                lookup()
            except AdminUnitNotFoundError as exc:
                suggestions += exc.suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        raise InputError(f"no province or commune named {quote(query)}{hint}")
    return found
