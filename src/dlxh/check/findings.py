"""What the checker reports: findings and the report that holds them.

Both are plain dataclasses, not pydantic models: ``dlxh check FILE`` must start and
answer in a fraction of a second, and importing pydantic and building its schemas alone took
longer than checking a document. The checker makes every finding itself (rules call
:meth:`~dlxh.check.context.CheckContext.report`), so there is nothing to validate on the way in;
:meth:`CheckReport.to_json_data` is the serialised form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["SEVERITIES", "CheckReport", "Finding", "Severity"]

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(slots=True)
class Finding:
    """One deviation from the profile: the rule, where, what was expected and found, and why."""

    rule: str
    """The rule's key, e.g. page.margin_left_mm or number.format."""
    component: str
    """The document component: page, header, number, body..."""
    severity: Severity
    message: str
    location: str
    """Where: 'section 1', 'paragraph 12', 'table 1, row 2, cell 1'."""
    expected: str | None = None
    found: str | None = None
    source: str | None = None
    """The clause of the format rule."""
    confirmed: bool = True
    """Whether the rule is confirmed by the regulation text."""

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {', '.join(SEVERITIES)}: {self.severity!r}")

    def to_json_data(self) -> dict[str, Any]:
        """The finding as JSON data (the shape of ``dlxh check --format json``)."""
        return {
            "rule": self.rule,
            "component": self.component,
            "severity": self.severity,
            "message": self.message,
            "location": self.location,
            "expected": self.expected,
            "found": self.found,
            "source": self.source,
            "confirmed": self.confirmed,
        }


@dataclass(slots=True)
class CheckReport:
    """The result of checking one file against one profile."""

    file: str
    profile: str
    profile_detected: bool
    """True when the profile was detected, not given."""
    detection: str
    """Why that profile was chosen."""
    findings: list[Finding] = field(default_factory=list)
    profile_version: str | None = None
    """The version checked against (2018 or 2026 for dang: the one in force on the document's
    date, unless the caller pinned one)."""

    @property
    def ok(self) -> bool:
        """No error-level finding."""
        return not any(f.severity == "error" for f in self.findings)

    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def by_rule(self, rule: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule]

    def to_json_data(self) -> dict[str, Any]:
        """The JSON shape of ``dlxh check --format json``."""
        return {
            "file": self.file,
            "profile": self.profile,
            "profile_version": self.profile_version,
            "profile_detected": self.profile_detected,
            "detection": self.detection,
            "ok": self.ok,
            "findings": [finding.to_json_data() for finding in self.findings],
        }
