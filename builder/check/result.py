"""The shape of one failed check, as the contract names it."""

from __future__ import annotations

from builder.template import RULE


def make_check(rule: str, fields: list[str] | tuple[str, ...], message: str) -> dict:
    return {"rule": rule, "severity": RULE[rule].severity, "fields": list(fields), "message": message,
            "acknowledged": False}
