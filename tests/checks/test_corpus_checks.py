"""What the checks say about the corpus cases (tests/truth/*.json, parsed once by tests/corpus/harness.py).

Arithmetic errors fire exactly where a case's printed sums break (its truth counts them); a case
printed wrong on purpose keeps its printed totals and names them; prose_mismatch fires where the text
contradicts the table and only there; a table that is absent, a row that is short, a column dropped are
reported (missing_part, cell_count); rows a report only adds raise nothing.
"""

from __future__ import annotations

import pytest

from tests.corpus.harness import accuracy, cases, parsed, truth

pytestmark = pytest.mark.slow  # parses corpus reports

STRESS_DELIBERATE_ERRORS = "stress-deliberate-error-siming-2023"


@pytest.mark.parametrize("name", cases(where=lambda t: "error_rules" in t))
def test_arithmetic_checks_fire_exactly_where_the_printed_sums_break(name):
    """The truth counts, per rule, the rows and columns whose printed sums do not add up
    (none for most reports, several for the ones printed with errors on purpose)."""
    report = parsed(name)
    assert accuracy.error_rule_counts(report) == truth(name)["error_rules"], [
        (c["rule"], c["message"]) for c in report["checks"] if c["rule"] in accuracy.ARITHMETIC_RULES]


@pytest.mark.parametrize("name", cases(only=[STRESS_DELIBERATE_ERRORS]))
def test_deliberate_errors_are_reported(name):
    """The printed totals that break the arithmetic are kept as printed and named by the checks."""
    report = parsed(name)
    assert report["values"]["requests.granted.total"] == truth(name)["values"]["requests.granted.total"]
    errors = {(c["rule"], c["fields"][0]) for c in report["checks"] if c["severity"] == "error"}
    assert ("row_total", "requests.granted.natural_person") in errors
    assert ("appeals_total", "appeals.reconsideration.upheld") in errors
    assert any(rule == "results_sum" for rule, _ in errors)


@pytest.mark.parametrize("name", cases(only=["round2-cms-transposed-xiling-2023", "round2-docx-split-zhifu-2023",
                                             "round2-pdf-vmerge-fucheng-2022"]))
def test_arithmetic_checks_quiet_where_the_printed_sums_hold(name):
    """Every round-2 table adds up, 小计 rows included: a parse that got its cells right reports no
    arithmetic error (a 小计 row taken for a template row would break results_sum)."""
    assert accuracy.error_rule_counts(parsed(name)) == {}


@pytest.mark.parametrize("name", cases("round3-prose-") + cases("round3-meta-"))
def test_prose_mismatch_exactly_where_the_text_contradicts_the_table(name):
    """The text's counts: a true contradiction raises prose_mismatch; received incl. carried-over,
    a change from last year, or a 司法局's own caseload must not."""
    raised = [c["message"] for c in parsed(name)["checks"] if c["rule"] == "prose_mismatch"]
    assert bool(raised) == truth(name)["prose_mismatch"], raised


@pytest.mark.parametrize("name", cases(only=["round6-txt-requests-prose-only-2022"]))
def test_a_report_without_a_requests_table_says_so(name):
    report = parsed(name)
    assert report["template"]["requests"] is None
    assert not [f for f in report["values"] if f.startswith("requests.")]
    assert [c for c in report["checks"] if c["rule"] == "missing_part" and c["severity"] == "error"]


@pytest.mark.parametrize("name", cases(only=[
    "round6-txt-requests-nototal-col-2022", "round6-html-requests-no-total-row-2023", "round6-html-appeals-nototals-2022",
    "round6-txt-appeals-nototals-2023", "round6-html-appeals-recon-only-2022", "round6-html-proactive-no-eight-2023",
    "round6-html-merged-applicants-2022"]))
def test_a_dropped_column_or_row_is_reported(name):
    assert [c for c in parsed(name)["checks"] if c["rule"] == "cell_count"], name


@pytest.mark.parametrize("name", cases(only=[
    "round6-html-proactive-extra-rows-2022", "round6-txt-requests-qizhong-2023", "round6-html-requests-heji-xiaoji-2022",
    "round6-docx-proactive-extra-rows-2019-2020", "round6-docx-qizhong-jian-heji-2023"]))
def test_extra_rows_leave_the_template_rows_alone(name):
    report = parsed(name)
    assert [c["rule"] for c in report["checks"] if c["severity"] in ("error", "warning")] == []
    for fid, want in truth(name)["values"].items():
        assert report["values"][fid] == want, fid
