"""The shape of one failed check, as the contract names it, and the two decisions made about checks:
whether a check is acknowledged, and which checks a report fails. Everything that shows or counts
checks (the datasets, the site, `validate`, the pull-request summary) asks these functions."""

from __future__ import annotations

from collections.abc import Iterable

from builder.template import RULE

# Severities that count against a report (info checks, e.g. blank_cells, only inform).
COUNTED = ("error", "warning")
# Severities that stop a report from being merged (`validate` fails on them).
BLOCKING = ("error",)


def make_check(rule: str, fields: list[str] | tuple[str, ...], message: str) -> dict:
    return {"rule": rule, "severity": RULE[rule].severity, "fields": list(fields), "message": message,
            "acknowledged": False}


def acknowledged(report: dict, check: dict) -> bool:
    """The report's sidecar lists the check's rule in known_issues: the source itself is wrong there."""
    return check.get("rule") in (report.get("known_issues") or ())


def with_acknowledged(report: dict, checks: Iterable[dict]) -> list[dict]:
    """The checks, each with its `acknowledged` flag decided (copies: the given ones stay as they are)."""
    return [{**check, "acknowledged": acknowledged(report, check)} for check in checks]


def failing(report: dict, severities: tuple[str, ...] = COUNTED) -> list[dict]:
    """The checks that count against a report: of these severities and not acknowledged."""
    return [c for c in report.get("checks") or () if c.get("severity") in severities and not acknowledged(report, c)]


def passes(report: dict) -> bool:
    """No unacknowledged error or warning."""
    return not failing(report)


def blocking(report: dict) -> list[dict]:
    """The unacknowledged errors: a report with any is not merged."""
    return failing(report, BLOCKING)
