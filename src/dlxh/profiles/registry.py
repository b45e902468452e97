"""Finding profiles by name: the built-in data files, user files, and registered profiles.

A built-in profile is a *family* of versions, one per guide: ``dang@2018`` (Hướng dẫn 36-HD/VPTW)
and ``dang@2026`` (Hướng dẫn 05-HD/VPTW, from 27/5/2026). A plain name picks the version in force
on a date (``get_profile("dang", on=doc.date)``), or the newest without one; ``name@version``
pins a version. A house style with ``extends: dang`` follows the date in the same way, because a
province writes documents on both sides of a guide's date with one house style.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dlxh.errors import DataValidationError, FieldProblem, InputError, NotFoundError
from dlxh.files import read_regular
from dlxh.io import validate
from dlxh.profiles.builtin import (
    BUILTIN_FILES,
    BUILTIN_PROFILES,
    REGISTERED,
    builtin_data,
    in_force,
    matches_version,
    read_profile_data,
)
from dlxh.profiles.model import FormatProfile

if TYPE_CHECKING:
    from dlxh.plugins import Hooks

__all__ = [
    "BUILTIN_PROFILES",
    "available_profiles",
    "available_versions",
    "canonical_name",
    "closest_profile",
    "describe_available",
    "get_profile",
    "load_profile",
    "profile_on",
    "profile_versions",
    "register_profile",
    "unknown_profile",
    "unregister_profile",
]

_registered = REGISTERED


@cache
def _builtin(stem: str) -> FormatProfile:
    data = builtin_data(stem)
    return _complete(validate(FormatProfile, data, source=f"profile {stem}"))


def profile_versions(name: str) -> list[FormatProfile]:
    """Every version of the built-in family ``name``, oldest first (empty for other names)."""
    return [_builtin(stem) for stem in BUILTIN_FILES.get(name, ())]


def available_versions() -> list[str]:
    """``name@version`` of every built-in version (``dang@2018``, ``dang@2026``...)."""
    return [p.ref for name in BUILTIN_PROFILES for p in profile_versions(name)]


def _period(profile: FormatProfile) -> str:
    """`` (from 2026-05-27)``, `` (from 2018-04-03 until 2026-05-26)`` or nothing."""
    parts = []
    if profile.in_force_from is not None:
        parts.append(f"from {profile.in_force_from:%Y-%m-%d}")
    if profile.in_force_until is not None:
        parts.append(f"until {profile.in_force_until:%Y-%m-%d}")
    return f" ({' '.join(parts)})" if parts else ""


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


def load_profile(path: str | os.PathLike[str], *, on: dt.date | None = None) -> FormatProfile:
    """Load a profile from a YAML file; ``extends: NAME`` inherits the rules it does not redefine.

    Rules given in the file replace the inherited ones whole; a rule may also override only some
    keys (``body.size_pt: {default: 13}``), the rest coming from the parent rule.

    ``extends: dang`` names a family: the parent is the version in force on ``on`` (the newest
    without it), and the profile keeps following the date (:func:`profile_on` derives it again
    for another date; rendering and checking do so from the document's date). ``extends:
    dang@2018`` pins the parent version.
    """
    file = Path(path)
    try:
        text = read_regular(file, MAX_PROFILE_BYTES, "profile file").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read profile: {exc}", path=file) from None
    return _derive(read_profile_data(text, str(file)), file, on)


def _derive(data: dict[str, Any], file: Path, on: dt.date | None) -> FormatProfile:
    """The profile of a file's ``data``, its parent taken as in force on ``on``."""
    parent_name = data.get("extends")
    follows = False
    if isinstance(parent_name, str):
        try:
            parent = get_profile(parent_name, on=on)
        except NotFoundError as exc:
            raise NotFoundError(f"{file}: extends: {exc}") from None
        follows = "@" not in parent_name and (
            len(profile_versions(parent_name)) > 1 or parent.follows_date
        )
        base = parent.model_dump(mode="json")
        rules = dict(base["rules"])
        for key, rule in (data.get("rules") or {}).items():
            inherited = rules.get(key)
            if inherited is None and isinstance(rule, dict) and "description" not in rule:
                if any(key in v.rules for v in profile_versions(parent.name)):
                    continue  # a rule of another version (body.line_spacing_exact_pt of 2026)
                # an override of a rule the parent lacks: most likely a misspelt rule name
                close = difflib.get_close_matches(str(key), rules, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise DataValidationError(
                    "FormatProfile",
                    [FieldProblem(f"rules.{key}", f"{parent_name!r} has no rule {key!r}{hint}")],
                    source=file,
                )
            rules[key] = {**inherited, **rule} if isinstance(rule, dict) and inherited else rule
        merged = {**{k: v for k, v in base.items() if k != "rules"}, **data, "rules": rules}
        if follows:  # name the version actually inherited (the profile still follows the date)
            merged["extends"] = parent.ref
        profile = _complete(validate(FormatProfile, merged, source=file))
        if follows:
            profile._own_data = {"data": data, "file": str(file)}
        return profile
    return _complete(validate(FormatProfile, data, source=file))


def profile_on(profile: FormatProfile, on: dt.date | None) -> FormatProfile:
    """``profile`` as it applies to a document dated ``on``.

    Only a profile that follows the date (a house style with ``extends: dang``) changes: it is
    derived again from the parent version in force on ``on``. Any other profile, a pinned
    version included, is returned as it is.
    """
    own = profile._own_data
    if on is None or own is None:
        return profile
    return _derive(dict(own["data"]), Path(own["file"]), on)


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


def get_profile(name: str, *, on: dt.date | None = None) -> FormatProfile:
    """The profile called ``name``: a registered one first, then the built-in data files.

    ``name`` is a family (``dang``: the version in force on ``on``, the newest without a date)
    or one version (``dang@2018``, which ``on`` does not change), in any case (``DANG``). The
    profiles of plugins are not looked at here: :func:`dlxh.render.profile_named`,
    ``render_document`` and ``dlxh.check`` find them.
    """
    name = canonical_name(name, available_profiles())
    if name in _registered:
        return profile_on(_registered[name], on)
    family, _, version = name.partition("@")
    if family in BUILTIN_PROFILES:
        versions = profile_versions(family)
        if not version:
            return in_force(versions, on)
        for profile in versions:
            if matches_version(profile, version):
                return profile
        listed = ", ".join(p.ref + _period(p) for p in versions)
        raise NotFoundError(f"profile {family!r} has no version {version!r}; versions: {listed}")
    raise unknown_profile(name)


def canonical_name(name: str, names: Iterable[str]) -> str:
    """``name`` as spelt in ``names`` when it differs only in case (``DANG@2018`` gives
    ``dang@2018``, ``Nha-Nuoc`` gives ``nha-nuoc``); otherwise ``name`` unchanged.

    A user types a profile's name as they say it, and nothing tells "Dang" from "dang" apart but
    the shift key; an exact spelling wins, so two profiles differing only in case stay apart.
    """
    family, at, version = name.partition("@")
    listed = list(names)
    if family in listed:
        return name
    folded = [n for n in listed if n.casefold() == family.casefold()]
    return f"{folded[0]}{at}{version}" if len(folded) == 1 else name


def closest_profile(name: str, names: Iterable[str]) -> str | None:
    """The profile name a typo (``dnag``) most likely meant, ``None`` when none is close."""
    listed = {n.casefold(): n for n in names}
    close = difflib.get_close_matches(name.partition("@")[0].casefold(), listed, n=1)
    return listed[close[0]] if close else None


def _plugin_names(hooks: Hooks | None) -> list[str]:
    """Names of the plugins' profiles (the built-in ones, which a plugin also registers, left
    out), in the order the plugins give them."""
    if hooks is None:
        return []
    own = set(available_profiles())
    return list(dict.fromkeys(p.name for p in hooks.profiles() if p.name not in own))


def _installed_names() -> list[str]:
    """The installed plugins' profile names, for a message given where no plugin is used; an
    installed plugin that is broken is not this message's business (loading it reports it)."""
    from dlxh.errors import DlxhError  # noqa: PLC0415 (errors only)
    from dlxh.plugins import default_hooks  # noqa: PLC0415 (the plugins import the registry)

    if _naming:  # a plugin's own profile names an unknown one while the plugins are read
        return []
    _naming.append(True)
    try:
        return _plugin_names(default_hooks())
    except (DlxhError, ImportError):
        return []
    finally:
        _naming.clear()


_naming: list[bool] = []
"""Not empty while :func:`_installed_names` reads the plugins (a guard against re-entry)."""


def unknown_profile(
    name: str, hooks: Hooks | None = None, *, plugins_used: bool = False
) -> NotFoundError:
    """The error for a profile name nothing gives: what is available, the plugins' profiles
    included, and the likely name meant (``did you mean 'dang'?``).

    ``hooks`` are the plugins in use; with none (``plugins_used=False``, as for
    :func:`get_profile`), the installed plugins' profiles are still named, as not used, so a
    caller learns why ``cao-bang`` works on the command line and not in its call.
    """
    names = [*available_profiles(), *_plugin_names(hooks)]
    close = closest_profile(name, names)
    hint = f"did you mean {close!r}? " if close else ""
    message = f"unknown profile {name!r}; {hint}available: {describe_available(hooks)}"
    if hooks is None and not plugins_used:
        unused = _installed_names()
        if unused:
            message += (
                f"; installed plugins also give {', '.join(unused)}, not used here "
                "(pass hooks=None, the default, to render_document or dlxh.check)"
            )
    return NotFoundError(message)


def describe_available(hooks: Hooks | None = None) -> str:
    """The names a user may give, for messages: ``nha-nuoc, dang (dang@2018, dang@2026), ...``,
    the built-in families first, then registered profiles, then those of ``hooks``' plugins."""
    shown = []
    for name in available_profiles():
        versions = profile_versions(name)
        refs = ", ".join(p.ref for p in versions)
        shown.append(f"{name} ({refs})" if len(versions) > 1 else name)
    return ", ".join([*shown, *_plugin_names(hooks)])


def available_profiles() -> list[str]:
    """Names of every profile :func:`get_profile` can return (families; see
    :func:`available_versions` for the versions)."""
    return [*BUILTIN_PROFILES, *sorted(set(_registered) - set(BUILTIN_PROFILES))]
