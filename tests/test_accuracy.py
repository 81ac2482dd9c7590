"""Every cell of every report with known truth (tests/truth/*.json) parses to its true value.

The comparison is benchmarks/accuracy.py's, so the benchmark and the tests agree on what
"right" means: a number equals the number, null is only null, and the metadata (agency,
year, region, published, template per table) matches.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from builder.parse import parse_report
from tests.truthcheck import broken_sums

ROOT = Path(__file__).resolve().parent.parent
TRUTHS = sorted((ROOT / "tests" / "truth").glob("*.json"))

_spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
accuracy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(accuracy)

# Truth files whose wrong cells are known and owned by a module outside the readers:
# name → reason. Empty when everything passes; see the report for what each one needs.
KNOWN_WRONG: dict[str, str] = {
    "round3-html-ul-chengguan-2022.json": (
        "the proactive table printed as a <ul> of '规章：本年制发件数：7；本年废止件数：3；…' items: the reader "
        "sees paragraphs, not a table, so the proactive fields are missing (missing_part says so)"),
    "round3-pdf-rotate-yanta-2023.json": (
        "a landscape page stored portrait with /Rotate 90: pdfplumber returns the 8．属于行政查询事项 row's value "
        "cells as None (merged), so the row stays null; the same page unrotated parses right"),
}


def test_truth_files_name_existing_reports():
    assert len(TRUTHS) >= 12
    formats = set()
    for path in TRUTHS:
        truth = json.loads(path.read_text(encoding="utf-8"))
        assert (ROOT / truth["file"]).is_file(), truth["file"]
        assert truth["values"], path.name
        formats.add(truth["format"])
    assert {"docx", "pdf", "html", "txt"} <= formats


_parsed: dict[Path, dict] = {}


def parsed(truth_path: Path) -> tuple[dict, dict]:
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    if truth_path not in _parsed:
        _parsed[truth_path] = parse_report(ROOT / truth["file"])
    return truth, _parsed[truth_path]


def known_wrong(truth_path: Path, request) -> None:
    if truth_path.name in KNOWN_WRONG:
        request.applymarker(pytest.mark.xfail(reason=KNOWN_WRONG[truth_path.name], strict=True))


@pytest.mark.parametrize("truth_path", TRUTHS, ids=[p.stem for p in TRUTHS])
def test_every_cell_right(truth_path, request):
    known_wrong(truth_path, request)
    truth, report = parsed(truth_path)
    wrong_cells, wrong_meta = accuracy.compare(truth, report)
    lines = [f"  {name}: expected {want!r}, got {got!r}" for name, want, got in [*wrong_meta, *wrong_cells]]
    assert not lines, f"{truth['file']}: {len(wrong_cells)} of {len(truth['values'])} cells wrong, " \
                      f"{len(wrong_meta)} metadata wrong\n" + "\n".join(lines)


WITH_ERROR_RULES = [p for p in TRUTHS if "error_rules" in json.loads(p.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("truth_path", WITH_ERROR_RULES, ids=[p.stem for p in WITH_ERROR_RULES])
def test_arithmetic_checks_fire_exactly_where_the_printed_sums_break(truth_path, request):
    """The truth counts, per rule, the rows and columns whose printed sums do not add up
    (none for most reports, several for the ones printed with errors on purpose)."""
    known_wrong(truth_path, request)
    truth, report = parsed(truth_path)
    assert accuracy.error_rule_counts(report) == truth["error_rules"], [
        (c["rule"], c["message"]) for c in report["checks"] if c["rule"] in accuracy.ARITHMETIC_RULES]


def test_no_wrong_number_anywhere():
    """Where a cell is still wrong it is null (left for a person to read), never a different number."""
    wrong_numbers = {}
    for path in TRUTHS:
        truth, report = parsed(path)
        wrong_cells, _ = accuracy.compare(truth, report)
        bad = [name for name, _want, got in wrong_cells if isinstance(got, int | float) and not isinstance(got, bool)]
        if bad:
            wrong_numbers[path.stem] = bad
    assert wrong_numbers == {}


DELIBERATE_ERRORS = {p.stem for p in TRUTHS if "deliberate-error" in p.stem or
                     any(json.loads(p.read_text(encoding="utf-8")).get("error_rules", {}).values())}
# A cell printed blank may stand for any number: only tables printed in full can be held to their sums.
CONSISTENT = [p for p in TRUTHS if p.stem not in DELIBERATE_ERRORS and None not in [
    v for k, v in json.loads(p.read_text(encoding="utf-8"))["values"].items() if not k.startswith("proactive.")]]


@pytest.mark.parametrize("truth_path", CONSISTENT, ids=[p.stem for p in CONSISTENT])
def test_truth_obeys_the_template_arithmetic(truth_path):
    """A corpus's numbers add up (null counts as 0) unless the case breaks them on purpose."""
    assert broken_sums(json.loads(truth_path.read_text(encoding="utf-8"))["values"]) == []
