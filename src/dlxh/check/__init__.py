"""The format checker: does a .docx follow the State or the Party format?

``dlxh.check.check(path_or_bytes, profile=None)`` reads any .docx (rendered by dlxh, typed in Word
or LibreOffice) and reports every deviation from a format profile, each with the rule, where,
what was expected and what was found, the source clause and whether the rule is confirmed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import sys
import types
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from dlxh.check.context import DATE_LINE, CheckContext
from dlxh.check.findings import CheckReport, Finding, Severity
from dlxh.check.layout import DocumentView
from dlxh.check.package import open_package
from dlxh.check.rules import BUILTIN_RULES, Rule
from dlxh.errors import CheckError
from dlxh.plugins import covers, disabled_names, resolve_hooks
from dlxh.profiles.builtin import BUILTIN_FILES, REGISTERED, plain_builtin
from dlxh.profiles.plain import PlainProfile
from dlxh.vn import parse_date
from dlxh.vn.errors import DateFormatError
from dlxh.vn.text import fold

if TYPE_CHECKING:
    from dlxh.plugins import Hooks
    from dlxh.profiles.model import FormatProfile

__all__ = [
    "BUILTIN_RULES",
    "UNRECOGNISED",
    "CheckReport",
    "Finding",
    "Rule",
    "Severity",
    "check",
    "detect_profile",
    "document_date",
    "no_rules_error",
    "profile_of",
]

_BUILTIN_CHECK = "dlxh.builtins.check"
_PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
_STATE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


UNRECOGNISED = "unrecognised"
"""The ``profile`` of a report on a document of neither regime (a Youth Union form, a petition)."""


def detect_profile(view: DocumentView) -> tuple[str | None, str]:
    """Guess the regime from the header: (profile name, reason); the name is ``None`` when the
    document is of neither regime.

    Only the opening part is read (the header table, or the first paragraphs), and a title must
    be a whole line (a line break starts a line), so a body that mentions "Đảng Cộng sản Việt
    Nam" does not mislead it. A State document is known by its national title *and* a number
    line: a citizen's petition or a civil-status form carries the national title too, but no
    issuing body's number. A document with neither title is not guessed at: checking a Youth
    Union form against the State rules would only report that it is not a State document.
    """
    context = CheckContext(view=view, profile=_resolve("nha-nuoc", None))
    lines = {fold(line) for p in context.first_page for line in p.lines}
    if fold(_PARTY) in lines:
        return "dang", f'the header reads "{_PARTY}"'
    if fold(_STATE) in lines:
        if context.number_para is not None:
            return "nha-nuoc", f'the header reads "{_STATE}"'
        return None, (
            f'the header reads "{_STATE}" but has no number line (Số: ...): a petition or a '
            "form, not a document of an issuing body"
        )
    return None, f'the header has neither "{_STATE}" nor "{_PARTY}"'


def document_date(view: DocumentView) -> dt.date | None:
    """The date on the document's place-and-date line, ``None`` when none can be read.

    The version of a profile family (``dang@2018`` or ``dang@2026``) is the one in force on this
    date, as for rendering. A line with a padding mistake still gives its date (``strict=False``):
    the padding is a finding, not a reason to check against another guide. A draft's blank day
    ("ngày    tháng 5 năm 2026") gives the month's last day, a blank month the year's: a draft
    is issued after it is typed, so the end of the period is the likelier date of issue.
    """
    para = CheckContext(view=view, profile=_resolve("nha-nuoc", None)).date_para
    match = None if para is None else DATE_LINE.search(para.text)
    if match is None or match.group("year") is None:
        return None
    year = int(match.group("year"))
    day, month = match.group("day"), match.group("month")
    try:
        if month is None:
            return dt.date(year, 12, 31)
        if day is None:
            return dt.date(year, int(month), calendar.monthrange(year, int(month))[1])
        return parse_date(f"ngày {day} tháng {month} năm {year}", strict=False)
    except (DateFormatError, ValueError):
        return None


def _resolve(profile: FormatProfile | str, on: dt.date | None) -> PlainProfile:
    """The profile to check against, as in force on ``on``.

    A shipped profile named by the caller or detected (the usual case, and the only one of a
    plain ``dlxh check FILE``) is read from its data file without pydantic, which would take
    longer to import than the check takes; anything else goes through the validating registry.
    """
    if isinstance(profile, str) and not profile.endswith((".yaml", ".yml")):
        shipped = plain_builtin(profile, on)
        if shipped is not None:
            return shipped
    from dlxh.profiles.registry import (  # noqa: PLC0415 (see above)
        get_profile,
        load_profile,
        profile_on,
    )

    if not isinstance(profile, str):
        return PlainProfile.of(profile_on(profile, on))
    if profile.endswith((".yaml", ".yml")):
        return PlainProfile.of(load_profile(profile, on=on))
    return PlainProfile.of(get_profile(profile, on=on))


def _unrecognised(file: str, reason: str) -> CheckReport:
    """The report on a document of neither regime: one informational finding, no rule run."""
    finding = Finding(
        rule="regime.unrecognised",
        component="regime",
        severity="info",
        message="the regime is not recognised (neither a State nor a Party document); "
        "no format rule was applied",
        location="header",
        expected=f'"{_STATE}" with a number line, or "{_PARTY}"',
        found=reason,
        source="give a profile (--profile nha-nuoc, dang, or a .yaml) to check it all the same",
        confirmed=False,
    )
    return CheckReport(
        file=file,
        profile=UNRECOGNISED,
        profile_detected=True,
        detection=f"regime not recognised: {reason}",
        findings=[finding],
    )


def no_rules_error(disabled: Iterable[str] = ()) -> CheckError:
    """The error for a check with no rule at all: it would call every document ok.

    ``disabled`` are the blocked plugin names, so the message can say which switch emptied the
    rule set (``DLXH_DISABLE_PLUGINS=dlxh.builtins.check`` is the usual one).
    """
    blocking = next((name for name in disabled if covers(name, _BUILTIN_CHECK)), None)
    if blocking is not None:
        where = "DLXH_DISABLE_PLUGINS" if blocking in disabled_names() else "the caller"
        given = "" if blocking == _BUILTIN_CHECK else f" (as {blocking!r})"
        return CheckError(
            f"no check rules are loaded: the plugin providing them, {_BUILTIN_CHECK}, is "
            f"disabled by {where}{given}"
        )
    return CheckError(
        "no check rules are loaded: with none, every document would pass; pass rules=... or "
        "leave the built-in rules enabled"
    )


def profile_of(name: str, hooks: Hooks | None) -> FormatProfile | str:
    """The profile a name given to :func:`check` means (``hooks``: the plugins in use, ``None``
    for none): a built-in family or version, a
    registered profile, a profile file, or (only then) a plugin's profile, in any case.

    A built-in name stays a name, so :func:`_resolve` picks its version by the document's date
    and reads it without pydantic.
    """
    if name.endswith((".yaml", ".yml")):
        return name
    family, at, version = name.partition("@")
    for known in (*BUILTIN_FILES, *REGISTERED):
        if known == family or known.casefold() == family.casefold():
            return f"{known}{at}{version}"
    plugin = [] if hooks is None else [p for p in hooks.profiles() if p.name not in BUILTIN_FILES]
    exact = [p for p in plugin if p.name == name]
    folded = exact or [p for p in plugin if p.name.casefold() == name.casefold()]
    if len(folded) == 1:
        return folded[0]
    from dlxh.profiles.registry import unknown_profile  # noqa: PLC0415 (see _resolve)

    raise unknown_profile(name, hooks, plugins_used=hooks is not None)


def _rules(rules: Iterable[Rule] | None, hooks: Hooks | None) -> list[Rule]:
    """The rules to run: those given, or the plugins' (built-ins first), or the built-ins."""
    if rules is not None:
        chosen = list(rules)
        disabled: Iterable[str] = disabled_names()
    elif hooks is not None:
        chosen, disabled = hooks.check_rules(), hooks.disabled
    else:
        chosen, disabled = list(BUILTIN_RULES), ()
    if not chosen:
        raise no_rules_error(disabled)
    return chosen


def check(
    source: str | os.PathLike[str] | bytes,
    profile: FormatProfile | str | None = None,
    *,
    rules: Iterable[Rule] | None = None,
    hooks: Hooks | Literal[False] | None = None,
) -> CheckReport:
    """Check a .docx (a path or its bytes) against ``profile`` (detected when not given).

    ``hooks`` are the plugins, as for every entry point: by default the installed ones, as
    ``dlxh check`` uses them (:func:`dlxh.plugins.default_hooks`); ``False`` for none; or a
    :class:`~dlxh.plugins.Hooks` of your own. They give the rules (``rules=None``: the plugins'
    rules after the built-in ones; with ``hooks=False``, :data:`BUILTIN_RULES`) and the profiles
    a name may mean besides the built-in ones (``profile="cao-bang"``; names in any case).
    Raises :class:`~dlxh.errors.CheckError` when the file cannot be read as a .docx at all, and
    when no rule is left (a check with no rule would call every document ok);
    :class:`~dlxh.errors.NotFoundError` for an unknown profile name. Deviations are findings in
    the report, never exceptions.
    """
    resolved = resolve_hooks(hooks)
    chosen_rules = _rules(rules, resolved)
    if isinstance(profile, str):
        profile = profile_of(profile, resolved)
    package = open_package(source)
    view = DocumentView(package)
    on = document_date(view)
    if profile is None:
        name, reason = detect_profile(view)
        if name is None:
            return _unrecognised(package.name, reason)
        chosen = _resolve(name, on)
        detected = True
    else:
        chosen = _resolve(profile, on)
        reason = "chosen by the caller"
        detected = False
    if len(BUILTIN_FILES.get(chosen.name, ())) > 1 or chosen.follows_date:
        when = f"dated {on:%Y-%m-%d}" if on is not None else "with no readable date: the newest"
        reason += f"; version {chosen.ref} for a document {when}"
    context = CheckContext(view=view, profile=chosen)
    for rule in chosen_rules:
        rule(context)
    return CheckReport(
        file=package.name,
        profile=chosen.name,
        profile_version=chosen.version,
        profile_detected=detected,
        detection=reason,
        findings=context.findings,
    )


class _CallableModule(types.ModuleType):
    """``dlxh.check`` names both this package and its main function: ``dlxh.check(path)`` is
    the documented call, and ``import dlxh.check`` (which binds the package under that name)
    must not break it. The package itself is therefore callable, as :func:`check`."""

    def __call__(
        self,
        source: str | os.PathLike[str] | bytes,
        profile: FormatProfile | str | None = None,
        *,
        rules: Iterable[Rule] | None = None,
        hooks: Hooks | Literal[False] | None = None,
    ) -> CheckReport:
        return check(source, profile, rules=rules, hooks=hooks)


sys.modules[__name__].__class__ = _CallableModule
