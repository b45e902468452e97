"""Format profiles: the formatting rules of a document regime, as data.

A profile is a YAML file listing rules (``body.size_pt``, ``page.margin_left_mm``...), each with its
component, default, allowed range, unit, source clause and whether the fact is confirmed by the
regulation text. The renderer takes its defaults from a profile; the format checker uses the same
file for the allowed ranges. Two profile families ship with dlxh: ``nha-nuoc`` (Nghị định
30/2020/NĐ-CP) and ``dang``, with one version per Party guide: ``dang@2018`` (Hướng dẫn
36-HD/VPTW) and ``dang@2026`` (Hướng dẫn 05-HD/VPTW, documents dated from 27/5/2026). A plain
name picks the version in force on the document's date; ``name@version`` pins one. A province's
house style is one more file, usually ``extends: dang`` plus the rules that differ, loaded with
:func:`load_profile` and made available by name with :func:`register_profile`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlxh._lazy import lazy_exports
from dlxh.profiles.builtin import BUILTIN_PROFILES

if TYPE_CHECKING:
    from dlxh.profiles.model import REQUIRED_RULES, FormatProfile, ProfileRef, Rule
    from dlxh.profiles.plain import PlainProfile, PlainRule, RuleValue
    from dlxh.profiles.registry import (
        available_profiles,
        available_versions,
        describe_available,
        get_profile,
        load_profile,
        profile_on,
        profile_versions,
        register_profile,
        unregister_profile,
    )

# The models import pydantic; the checker reads the shipped profiles without it (see
# dlxh.profiles.plain), so they are imported on first use.
_LAZY = {
    **dict.fromkeys(
        ("REQUIRED_RULES", "FormatProfile", "ProfileRef", "Rule"), "dlxh.profiles.model"
    ),
    **dict.fromkeys(("PlainProfile", "PlainRule", "RuleValue"), "dlxh.profiles.plain"),
    **dict.fromkeys(
        (
            "available_profiles",
            "available_versions",
            "describe_available",
            "get_profile",
            "load_profile",
            "profile_on",
            "profile_versions",
            "register_profile",
            "unregister_profile",
        ),
        "dlxh.profiles.registry",
    ),
}

__all__ = [
    "BUILTIN_PROFILES",
    "REQUIRED_RULES",
    "FormatProfile",
    "PlainProfile",
    "PlainRule",
    "ProfileRef",
    "Rule",
    "RuleValue",
    "available_profiles",
    "available_versions",
    "describe_available",
    "get_profile",
    "load_profile",
    "profile_on",
    "profile_versions",
    "register_profile",
    "unregister_profile",
]

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
