"""Built-in hooks of the format checker and the profiles: the rules and the shipped profiles."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dlxh.check.rules import BUILTIN_RULES, Rule
from dlxh.hookspecs import hookimpl
from dlxh.profiles.builtin import BUILTIN_PROFILES

if TYPE_CHECKING:  # the profile models (and pydantic) load when the profiles are asked for
    from dlxh.profiles.model import FormatProfile


@hookimpl
def dlxh_register_check_rules(register: Callable[[Rule], None]) -> None:
    for rule in BUILTIN_RULES:
        register(rule)


@hookimpl
def dlxh_register_profiles(register: Callable[[FormatProfile], None]) -> None:
    from dlxh.profiles.registry import get_profile  # noqa: PLC0415 (see the imports)

    for name in BUILTIN_PROFILES:
        register(get_profile(name))
