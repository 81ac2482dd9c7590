"""Acknowledged and failing are each decided once (builder.check.result) and every consumer asks there."""

from __future__ import annotations

from builder import contribute, export
from builder.check.result import acknowledged, blocking, failing, make_check, passes, with_acknowledged
from builder.export.datasets import report_row


def _report(known_issues: list[str]) -> dict:
    checks = [make_check("balance", ["requests.new_received.total"], "…"),
              make_check("cell_count", [], "…"), make_check("blank_cells", [], "…")]
    report = {"id": "x-2023", "agency_id": "x", "year": 2023, "known_issues": known_issues, "values": {}}
    report["checks"] = with_acknowledged(report, checks)
    return report


def test_a_rule_in_known_issues_is_acknowledged_and_no_longer_fails():
    report = _report([])
    assert [c["acknowledged"] for c in report["checks"]] == [False, False, False]
    assert [c["rule"] for c in failing(report)] == ["balance", "cell_count"]  # info never counts
    assert [c["rule"] for c in blocking(report)] == ["balance"]  # only errors block a merge
    assert not passes(report)
    known = _report(["balance"])
    assert acknowledged(known, known["checks"][0]) and known["checks"][0]["acknowledged"]
    assert [c["rule"] for c in failing(known)] == ["cell_count"] and blocking(known) == []
    assert passes(_report(["balance", "cell_count"]))


def test_the_datasets_and_the_contribution_summary_ask_the_same_functions():
    assert export.failed_checks is failing and export.passes_checks is passes
    assert contribute.validation._blocking is blocking and contribute.validation._acknowledged is acknowledged
    row = report_row(_report(["balance"]))
    assert (row["checks_error"], row["checks_warning"], row["passes_checks"]) == (0, 1, False)
    row = report_row(_report(["balance", "cell_count"]))
    assert (row["checks_error"], row["checks_warning"], row["passes_checks"]) == (0, 0, True)


def test_an_empty_report_has_nothing_failing():
    assert failing({}) == [] and passes({}) and blocking({}) == []
