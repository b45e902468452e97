"""Format profiles: the formatting rules of a document regime, as data.

A profile is a YAML file listing rules (``body.size_pt``, ``page.margin_left_mm``...), each with its
component, default, allowed range, unit, source clause and whether the fact is confirmed by the
regulation text. The renderer takes its defaults from a profile; the format checker uses the same
file for the allowed ranges. Two profiles ship with dlxh: ``nha-nuoc`` (Nghị định 30/2020/NĐ-CP)
and ``dang`` (Hướng dẫn 36-HD/VPTW). A province's house style or a newer Party guide is one more
file, usually ``extends: dang`` plus the rules that differ, loaded with :func:`load_profile` and
made available by name with :func:`register_profile`.
"""

from dlxh.profiles.model import REQUIRED_RULES, FormatProfile, Rule, RuleValue
from dlxh.profiles.registry import (
    BUILTIN_PROFILES,
    available_profiles,
    get_profile,
    load_profile,
    register_profile,
    unregister_profile,
)

__all__ = [
    "BUILTIN_PROFILES",
    "REQUIRED_RULES",
    "FormatProfile",
    "Rule",
    "RuleValue",
    "available_profiles",
    "get_profile",
    "load_profile",
    "register_profile",
    "unregister_profile",
]
