"""``dlxh vn``: the Vietnamese language layer from the shell (dates, numbers, words, units).

``dlxh vn unit`` also reads names from before 1 July 2025: a former province is answered with
the province it is part of (bundled table of Nghị quyết 202/2025/QH15); a district or former
commune is explained, with today's units of the same name, never mapped by guess.
"""

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
from dlxh.vn.legacy import (
    PROVINCE_RESOLUTION,
    LegacyName,
    former_province,
    former_provinces,
    recognise_legacy,
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
    day: Annotated[
        str, typer.Argument(help="A date, e.g. 2024-01-05 or 5/1/2024; default today.")
    ] = "",
    place: Annotated[str | None, typer.Option(help="Place name for the place-date line.")] = None,
) -> None:
    """Print a date the official way: "ngày 05 tháng 01 năm 2024"."""
    from dlxh.cli._inputs import date_option  # noqa: PLC0415 (only this command needs it)

    value = date_option("DATE", day or None) or dt.date.today()
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
    query: Annotated[
        str,
        typer.Argument(
            help="Name or code of a province or commune; a name from before 1 July 2025 "
            "('Huyện ủy Phong Thổ', 'tỉnh Sóc Trăng') is recognised and explained."
        ),
    ],
    province: Annotated[
        str | None,
        typer.Option(help="Limit communes to this province (name or code; a former one too)."),
    ] = None,
) -> None:
    """Look up provinces and communes (official list after 1 July 2025) by name or code."""
    query = query.strip()
    if not query:
        raise InputError("give a name or a code to look up")
    notes: list[str] = []
    if province is not None:
        province = _today_province(province, notes)
    legacy = None if query.isdigit() else recognise_legacy(query)
    try:
        if legacy is None:
            units = _lookup(query, province)
        else:
            units = _legacy_lookup(legacy, province, notes)
    except AdminUnitLookupError as exc:
        raise InputError(str(exc)) from None
    for note in notes:
        stdout.print(note, markup=False)
    if units:
        _print_units(units)


def _print_units(units: list[AdminUnit]) -> None:
    table = Table("code", "name", "kind", "province")
    for item in units:
        if item.level == "province":
            table.add_row(f"{item.code:02d}", item.name, item.kind, "")
        else:
            table.add_row(f"{item.code:05d}", item.name, item.kind, f"{item.province_code:02d}")
    stdout.print(table)


def _today_province(province: str, notes: list[str]) -> str:
    """``--province`` as today's province: a former one (``Sóc Trăng``) becomes its successor,
    said in a note; a name neither today's nor former keeps today's error and suggestions."""
    try:
        get_province(province)
        return province
    except AdminUnitNotFoundError as today:
        try:
            former = former_province(province)
        except AdminUnitLookupError:
            raise InputError(str(today)) from None
    successor = former.successor()
    notes.append(
        f"{former.full_name} was a province until 30 June 2025; since 1 July 2025 it is part "
        f"of {successor.full_name} ({PROVINCE_RESOLUTION}): looking there."
    )
    return str(successor.code)


_COMMUNES_FROM_DATA = (
    "Which unit took over a former district or commune is set by the resolution of the Ủy ban "
    "Thường vụ Quốc hội on the communes of {where} (June 2025). dlxh bundles none of these "
    "mappings (data, not guesses): record it on the old unit as 'successor: CODE' in your units."
)


def _legacy_lookup(legacy: LegacyName, province: str | None, notes: list[str]) -> list[AdminUnit]:
    """The units a pre-reform name leads to today, with notes saying how sure that is."""
    if legacy.province is not None:
        successor = legacy.province.successor()
        former = legacy.province
        kept = sum(p.successor_code == former.successor_code for p in former_provinces()) == 1
        fate = (
            f"kept as it was on 1 July 2025 ({PROVINCE_RESOLUTION})"
            if kept
            else f"a province until 30 June 2025 (code {former.code:02d}); since 1 July 2025 "
            f"part of {successor.full_name} ({PROVINCE_RESOLUTION})"
        )
        notes.append(f"{former.full_name}: {fate}.")
        notes.append(_COMMUNES_FROM_DATA.format(where=successor.full_name))
        return [successor]
    where = "its province"
    if province is not None:
        where = get_province(province).full_name
    if legacy.level == "district":
        what = "the Party committee of a district" if legacy.committee else "a district"
        notes.append(
            f"{legacy.text!r} names {what} ({legacy.full_name}) from before 1 July 2025: "
            "districts were abolished on that day."
        )
    else:
        kind = "thị trấn (township)" if legacy.abolished else "commune"
        notes.append(
            f"{legacy.text!r} names a {kind} ({legacy.full_name}); communes were re-formed on "
            "1 July 2025, many under their old name."
        )
    notes.append(_COMMUNES_FROM_DATA.format(where=where))
    if province is None:
        notes.append("Give --province (today's or the former one) to look in one province.")
    same = find_communes(legacy.name, province)
    if same:
        codes = sorted({u.province_code for u in same})
        provinces = ", ".join(get_province(code).full_name for code in codes)
        notes.append(
            f"Today's units named {quote(legacy.name)}, in {provinces} (the same name, which "
            "does not make them the successor):"
        )
    else:
        notes.append(f"No unit of today's list is named {quote(legacy.name)}.")
    return same


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
