"""Built-in hooks of the format checker and the profiles: the rules and the shipped profiles."""

from __future__ import annotations

from collections.abc import Callable

from dlxh.check.rules import BUILTIN_RULES, Rule
from dlxh.hookspecs import hookimpl
from dlxh.profiles import BUILTIN_PROFILES, FormatProfile, get_profile


@hookimpl
def dlxh_register_check_rules(register: Callable[[Rule], None]) -> None:
    for rule in BUILTIN_RULES:
        register(rule)


@hookimpl
def dlxh_register_profiles(register: Callable[[FormatProfile], None]) -> None:
    for name in BUILTIN_PROFILES:
        register(get_profile(name))
