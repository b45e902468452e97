"""The format checker: does a .docx follow the State or the Party format?

``dlxh.check.check(path_or_bytes, profile=None)`` reads any .docx (rendered by dlxh, typed in Word
or LibreOffice) and reports every deviation from a format profile, each with the rule, where,
what was expected and what was found, the source clause and whether the rule is confirmed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from dlxh.check.context import CheckContext
from dlxh.check.findings import CheckReport, Finding, Severity
from dlxh.check.layout import DocumentView
from dlxh.check.package import open_package
from dlxh.check.rules import BUILTIN_RULES, Rule
from dlxh.profiles import FormatProfile, get_profile, load_profile

__all__ = ["BUILTIN_RULES", "CheckReport", "Finding", "Rule", "Severity", "check", "detect_profile"]

_PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
_STATE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def detect_profile(view: DocumentView) -> tuple[str, str]:
    """Guess the regime from the header: (profile name, reason).

    Only the opening part is read (the header table, or the first paragraphs), and a title must
    be a whole line, so a body that mentions "Đảng Cộng sản Việt Nam" does not mislead it.
    """
    context = CheckContext(view=view, profile=get_profile("nha-nuoc"))
    lines = {" ".join(p.text.split()).upper().replace("HOÀ", "HÒA") for p in context.first_page}
    if _PARTY in lines:
        return "dang", f'the header reads "{_PARTY}"'
    if _STATE in lines:
        return "nha-nuoc", f'the header reads "{_STATE}"'
    number = context.number_para
    if number is not None:
        text = number.text.strip()
        if text.startswith("Số:"):
            return "nha-nuoc", 'no national title found; the number line has "Số:" with a colon'
        return "dang", 'no national title found; the number line reads "Số NN-XX/..."'
    return "nha-nuoc", "no national title or number line found; assumed the State format"


def check(
    source: str | os.PathLike[str] | bytes,
    profile: FormatProfile | str | None = None,
    *,
    rules: Iterable[Rule] = BUILTIN_RULES,
) -> CheckReport:
    """Check a .docx (a path or its bytes) against ``profile`` (detected when not given).

    ``rules`` defaults to the built-in rules; pass ``load_plugins().check_rules()`` to add the
    rules of installed plugins. Raises :class:`~dlxh.errors.CheckError` when the file cannot be
    read as a .docx at all; deviations are findings in the report, never exceptions.
    """
    package = open_package(source)
    view = DocumentView(package)
    if profile is None:
        name, reason = detect_profile(view)
        chosen = get_profile(name)
        detected = True
    else:
        if isinstance(profile, FormatProfile):
            chosen = profile
        elif profile.endswith((".yaml", ".yml")):
            chosen = load_profile(profile)
        else:
            chosen = get_profile(profile)
        reason = "chosen by the caller"
        detected = False
    context = CheckContext(view=view, profile=chosen)
    for rule in rules:
        rule(context)
    return CheckReport(
        file=package.name,
        profile=chosen.name,
        profile_detected=detected,
        detection=reason,
        findings=context.findings,
    )
