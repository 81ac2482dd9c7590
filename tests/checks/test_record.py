"""The parsed record: its JSON Schema is generated from builder.record.Report, every truth report
validates against it, and every check can be recomputed from the published JSON alone."""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from builder.check import run, run_dataset
from builder.check.ocr import distrust_ocr
from builder.check.result import failing, passes
from builder.cli import main
from builder.record import json_schema
from builder.template import APPLICANT_COLUMNS

# One parse per truth file and worker, shared with the accuracy tests.
from tests.corpus import harness

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "docs" / "report.schema.json"
TEXT_REPORT = "gen-nanming-shuiwuju-2021-txt"  # two blank cells


def published(report: dict) -> dict:
    """The report as reports.json holds it."""
    return json.loads(json.dumps(report, ensure_ascii=False))


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_committed_schema_is_the_one_generated_from_the_type():
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == json_schema(), "regenerate it: python -m builder schema > docs/report.schema.json"
    assert {"values", "checks", "blank", "unknown", "notes", "parts_found"} <= set(committed["required"])


def test_the_cli_prints_the_schema():
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == json_schema()


@pytest.mark.corpus
@pytest.mark.parametrize("case", harness.cases())
def test_a_truth_report_validates_and_its_checks_recompute_from_its_json(case, validator):
    report = published(harness.parsed(case))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(report)]
    assert not errors, errors
    assert run(report) == report["checks"]
    assert set(report["blank"]) | set(report["unknown"]) <= {f for f, v in report["values"].items() if v is None}


def test_the_schema_refuses_a_record_that_is_not_one(validator):
    report = published(harness.parsed(TEXT_REPORT))
    del report["blank"]
    report["values"]["requests.granted.total"] = "3"
    report["checks"][0]["severity"] = "fatal"
    messages = " ".join(e.message for e in validator.iter_errors(report))
    assert "'blank' is a required property" in messages
    assert "'3' is not valid" in messages and "'fatal' is not one of" in messages


def test_blank_cells_are_in_the_record_and_in_their_check():
    report = published(harness.parsed(TEXT_REPORT))
    assert len(report["blank"]) == 2 and all(report["values"][f] is None for f in report["blank"])
    (blank,) = [c for c in report["checks"] if c["rule"] == "blank_cells"]
    assert blank["fields"] == report["blank"]
    report["blank"] = []  # the record says what the check is computed from: without it, no check
    assert not [c for c in run(report) if c["rule"] == "blank_cells"]


def test_a_changed_value_changes_the_recomputed_checks():
    report = published(harness.parsed(TEXT_REPORT))
    assert not failing(report)
    report["values"]["requests.new_received.natural_person"] += 1
    rules = sorted(c["rule"] for c in run(report))
    assert "balance" in rules and "row_total" in rules
    report["checks"] = run(report)
    assert not passes(report)
    report["known_issues"] = ["balance", "row_total"]
    report["checks"] = run(report)
    assert passes(report) and all(c["acknowledged"] for c in report["checks"] if c["rule"] in ("balance", "row_total"))


def test_ocr_nulls_are_recorded_so_the_checks_recompute():
    report = copy.deepcopy(harness.parsed(TEXT_REPORT))
    field = "requests.granted.natural_person"
    report["values"][field] += 5  # what a misread digit does
    report["checks"] = distrust_ocr(report, lambda: run(report))
    assert field in report["untrusted"] and field in report["unknown"] and report["values"][field] is None
    again = published(report)
    assert run(again) == report["checks"]
    assert report["checks"][-1]["rule"] == "ocr_untrusted"


def test_cross_year_checks_recompute_from_the_dataset():
    first = published(harness.parsed(TEXT_REPORT))
    second = copy.deepcopy(first)
    second["year"], second["id"] = first["year"] + 1, f"{first['agency_id']}-{first['year'] + 1}"
    for col in APPLICANT_COLUMNS:  # what one year carries forward the next carries over …
        second["values"][f"requests.carried_over.{col}"] = first["values"][f"requests.carried_forward.{col}"]
    second["values"]["requests.carried_over.natural_person"] += 2  # … but for two requests
    checks = run_dataset([first, second])
    assert checks[first["id"]] == run(first)
    cross = [c for c in checks[second["id"]] if c["rule"] == "cross_year"]
    assert [c["fields"] for c in cross] == [["requests.carried_forward.natural_person",
                                              "requests.carried_over.natural_person"]]


def test_every_check_of_a_written_reports_json_recomputes_from_it(tmp_path):
    from builder.export import write_datasets

    reports = [published(harness.parsed(p)) for p in harness.NAMES[:3]]
    written = [path for name, path in write_datasets(reports, tmp_path).items() if name.endswith("reports.json.gz")]
    loaded = [r for path in written for r in json.loads(gzip.decompress(path.read_bytes()))]
    assert len(loaded) == len(reports)
    assert run_dataset(loaded) == {r["id"]: r["checks"] for r in loaded}
