"""What the checker reports: findings and the report that holds them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from dlxh.models._base import DlxhModel

__all__ = ["CheckReport", "Finding", "Severity"]

Severity = Literal["error", "warning", "info"]


class Finding(DlxhModel):
    """One deviation from the profile: the rule, where, what was expected and found, and why."""

    rule: str = Field(description="The rule's key, e.g. page.margin_left_mm or number.format.")
    component: str = Field(description="The document component: page, header, number, body...")
    severity: Severity
    message: str
    location: str = Field(
        description="Where: 'section 1', 'paragraph 12', 'table 1, row 2, cell 1'."
    )
    expected: str | None = None
    found: str | None = None
    source: str | None = Field(default=None, description="The clause of the format rule.")
    confirmed: bool = Field(
        default=True, description="Whether the rule is confirmed by the regulation text."
    )


class CheckReport(DlxhModel):
    """The result of checking one file against one profile."""

    file: str
    profile: str
    profile_detected: bool = Field(description="True when the profile was detected, not given.")
    profile_version: str | None = Field(
        default=None,
        description="The version checked against (2018 or 2026 for dang: the one in force on the "
        "document's date, unless the caller pinned one).",
    )
    detection: str = Field(description="Why that profile was chosen.")
    findings: list[Finding] = Field(default_factory=list)

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
            "findings": [
                finding.model_dump(
                    include={
                        "rule",
                        "severity",
                        "message",
                        "location",
                        "expected",
                        "found",
                        "source",
                        "confirmed",
                        "component",
                    }
                )
                for finding in self.findings
            ],
        }
