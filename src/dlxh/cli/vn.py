"""``dlxh vn``: the Vietnamese language layer from the shell (dates, numbers, words, units)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

import typer
from rich.table import Table

from dlxh.cli._errors import cli_errors, stdout
from dlxh.errors import InputError
from dlxh.vn import (
    Rounding,
    amount_to_words,
    find_communes,
    find_provinces,
    format_date,
    format_number,
    format_place_date,
    format_share,
    number_to_words,
    to_roman,
)

__all__ = ["vn_app"]

vn_app = typer.Typer(
    help="Vietnamese dates, numbers, words and administrative units.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _decimal(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise InputError(f"not a number: {text!r}") from None
    if not value.is_finite():
        raise InputError(f"not a finite number: {text!r}")
    return value


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
    stdout.print(format_number(_decimal(value), decimals, rounding))


@vn_app.command()
@cli_errors
def share(
    part: Annotated[str, typer.Argument(help="The part, e.g. 62.")],
    whole: Annotated[str, typer.Argument(help="The whole, e.g. 66.")],
    decimals: Annotated[int, typer.Option(help="Digits after the comma.")] = 0,
    rounding: Annotated[Rounding, typer.Option(help="Rounding mode.")] = Rounding.HALF_UP,
) -> None:
    """Print part/whole as a percentage: 62 of 66 is 94%, or 93% with --rounding down."""
    try:
        stdout.print(format_share(_decimal(part), _decimal(whole), decimals, rounding))
    except ValueError as exc:
        raise InputError(str(exc)) from None


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
    try:
        stdout.print(to_roman(value))
    except ValueError as exc:
        raise InputError(str(exc)) from None


@vn_app.command()
@cli_errors
def unit(
    query: Annotated[str, typer.Argument(help="Name or code of a province or commune.")],
    province: Annotated[
        str | None, typer.Option(help="Limit communes to this province (name or code).")
    ] = None,
) -> None:
    """Look up provinces and communes (official list after 1 July 2025)."""
    table = Table("code", "name", "kind", "province")
    found = 0
    if province is None:
        for item in find_provinces(query):
            table.add_row(f"{item.code:02d}", item.name, item.kind, "")
            found += 1
    for item in find_communes(query, province):
        table.add_row(f"{item.code:05d}", item.name, item.kind, f"{item.province_code:02d}")
        found += 1
    if not found:
        raise InputError(f"no province or commune matches {query!r}")
    stdout.print(table)
