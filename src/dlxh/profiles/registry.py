"""Finding profiles by name: the built-in data files, user files, and registered profiles."""

from __future__ import annotations

import difflib
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from dlxh._yaml import parse_yaml
from dlxh.errors import DataValidationError, FieldProblem, InputError, NotFoundError
from dlxh.files import read_regular
from dlxh.io import validate
from dlxh.profiles.model import FormatProfile

__all__ = [
    "BUILTIN_PROFILES",
    "available_profiles",
    "get_profile",
    "load_profile",
    "register_profile",
    "unregister_profile",
]

BUILTIN_PROFILES = ("nha-nuoc", "dang")
"""The profiles shipped with dlxh, as data files in ``dlxh/profiles/data``."""

_registered: dict[str, FormatProfile] = {}


def _read_data(text: str, source: str) -> dict[str, Any]:
    data = parse_yaml(text, source)
    if not isinstance(data, dict):
        raise InputError(
            "a profile file must hold a mapping (name, version, rules...)", path=source
        )
    return data


@cache
def _builtin(name: str) -> FormatProfile:
    file = resources.files("dlxh.profiles") / "data" / f"{name}.yaml"
    data = _read_data(file.read_text(encoding="utf-8"), f"dlxh/profiles/data/{name}.yaml")
    return _complete(validate(FormatProfile, data, source=f"profile {name}"))


def _complete(profile: FormatProfile) -> FormatProfile:
    missing = profile.missing_rules()
    if missing:
        raise InputError(
            f"profile {profile.name!r} lacks required rules: {', '.join(missing)} "
            "(define them or use 'extends:')"
        )
    return profile


MAX_PROFILE_BYTES = 4 * 1024 * 1024
"""Largest profile file read (a profile is a few kilobytes; this bounds a hostile one)."""


def load_profile(path: str | os.PathLike[str]) -> FormatProfile:
    """Load a profile from a YAML file; ``extends: NAME`` inherits the rules it does not redefine.

    Rules given in the file replace the inherited ones whole; a rule may also override only some
    keys (``body.size_pt: {default: 13}``), the rest coming from the parent rule.
    """
    file = Path(path)
    try:
        text = read_regular(file, MAX_PROFILE_BYTES, "profile file").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read profile: {exc}", path=file) from None
    data = _read_data(text, str(file))
    parent_name = data.get("extends")
    if isinstance(parent_name, str):
        try:
            parent = get_profile(parent_name)
        except NotFoundError as exc:
            raise NotFoundError(f"{file}: extends: {exc}") from None
        base = parent.model_dump(mode="json")
        rules = dict(base["rules"])
        for key, rule in (data.get("rules") or {}).items():
            inherited = rules.get(key)
            if inherited is None and isinstance(rule, dict) and "description" not in rule:
                # an override of a rule the parent lacks: most likely a misspelt rule name
                close = difflib.get_close_matches(str(key), rules, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise DataValidationError(
                    "FormatProfile",
                    [FieldProblem(f"rules.{key}", f"{parent_name!r} has no rule {key!r}{hint}")],
                    source=file,
                )
            rules[key] = {**inherited, **rule} if isinstance(rule, dict) and inherited else rule
        data = {**{k: v for k, v in base.items() if k != "rules"}, **data, "rules": rules}
    return _complete(validate(FormatProfile, data, source=file))


def register_profile(profile: FormatProfile, *, replace: bool = False) -> None:
    """Make ``profile`` available to :func:`get_profile` by its name.

    Registering a name twice, or a built-in name, is an error unless ``replace=True``.
    """
    _complete(profile)
    if not replace and (profile.name in _registered or profile.name in BUILTIN_PROFILES):
        raise ValueError(f"a profile named {profile.name!r} is already available")
    _registered[profile.name] = profile


def unregister_profile(name: str) -> None:
    """Forget a registered profile (built-in profiles stay)."""
    _registered.pop(name, None)


def get_profile(name: str) -> FormatProfile:
    """The profile called ``name``: a registered one first, then the built-in data files."""
    if name in _registered:
        return _registered[name]
    if name in BUILTIN_PROFILES:
        return _builtin(name)
    raise NotFoundError(f"unknown profile {name!r}; available: {', '.join(available_profiles())}")


def available_profiles() -> list[str]:
    """Names of every profile :func:`get_profile` can return."""
    return [*BUILTIN_PROFILES, *sorted(set(_registered) - set(BUILTIN_PROFILES))]
