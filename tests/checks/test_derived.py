"""Derived cells (builder.derive): a cell the tables' own arithmetic makes certain is given apart
from `values`, labelled with the rule that makes it certain; nothing else is."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from builder.check import run
from builder.derive import derive
from builder.record import json_schema
from builder.template import APPEAL_FIELDS, APPLICANT_COLUMNS
from tests.corpus import harness
from tests.textreport import consistent_values, fired, parse_text, write_report

SECRET_ROW = "属于国家秘密\t0\t0\t0\t0\t0\t0\t0"


@pytest.fixture(scope="module")
def consistent(tmp_path_factory):
    return parse_text(tmp_path_factory.mktemp("consistent"), write_report(consistent_values()))


def test_a_consistent_report_derives_nothing(consistent):
    assert consistent["derived"] == {}
    assert derive(consistent) == {}


def test_a_row_of_six_zeros_gives_seven_derived_zeros(tmp_path):
    text = write_report(consistent_values())
    assert SECRET_ROW in text
    report = parse_text(tmp_path, text.replace(SECRET_ROW, "属于国家秘密\t0\t0\t0\t0\t0\t0"))
    fields = [f"requests.withheld_state_secret.{c}" for c in APPLICANT_COLUMNS]
    [note] = [n for n in report["notes"] if n["rule"] == "cell_count"]
    assert note["printed"] == [0, 0, 0, 0, 0, 0]
    # values stays as read: null and unknown; the certainty lives apart, in derived.
    assert all(report["values"][f] is None for f in fields) and set(fields) <= set(report["unknown"])
    assert {f: d["value"] for f, d in report["derived"].items()} == dict.fromkeys(fields, 0)
    cell = report["derived"]["requests.withheld_state_secret.total"]
    assert cell["rule"] == "row_total"
    assert "6 个数字" in cell["note"] and "7 个单元格" in cell["note"] and "无论缺的是哪一格" in cell["note"]
    assert set(cell["from"]) == set(fields) - {"requests.withheld_state_secret.total"}
    # The checks still run from the record and say what the report printed: a cell_count warning.
    assert run(json.loads(json.dumps(report, ensure_ascii=False))) == report["checks"]
    assert fired(report, "cell_count") and not fired(report, "row_total")


def test_a_short_row_whose_numbers_could_sit_in_two_ways_is_not_derived_by_its_row():
    # 5 0 0 0 0 5 in a row of seven: 5 自然人 … 5 总计, or 0 自然人, 5 商业企业 … — not certain by the row.
    fields = [f"requests.granted.{c}" for c in APPLICANT_COLUMNS]
    report = {"template": {"requests": "2019", "appeals": None}, "values": dict.fromkeys(fields),
              "unknown": fields, "blank": [], "notes": [{"rule": "cell_count", "fields": fields, "detail": "",
                                                         "printed": [5, 0, 0, 0, 0, 5]}]}
    assert derive(report) == {}
    report["notes"][0]["printed"] = [0, 0, 0, 0, 0, 0]
    assert {d["value"] for d in derive(report).values()} == {0} and len(derive(report)) == 7


def test_one_unknown_cell_and_a_printed_total_give_the_certain_cell(tmp_path):
    values = consistent_values(received=7)
    values["requests.granted.natural_person"] = 4
    values["requests.granted.commercial"] = 3
    values["requests.total_processed.commercial"] = 3
    values["requests.new_received.commercial"] = 3
    values["requests.new_received.natural_person"] = 4
    values["requests.total_processed.natural_person"] = 4
    text = write_report(values).replace("（一）予以公开\t4\t3\t", "（一）予以公开\t4\t3.5\t")
    report = parse_text(tmp_path, text)
    assert report["values"]["requests.granted.commercial"] is None
    assert "requests.granted.commercial" in report["unknown"]
    assert fired(report, "bad_number")
    cell = report["derived"]["requests.granted.commercial"]
    assert cell["value"] == 3
    assert cell["rule"] in ("row_total", "results_sum")
    assert "requests.granted.commercial" not in cell["from"] and cell["from"]
    assert "算出为 3" in cell["note"]
    assert list(report["derived"]) == ["requests.granted.commercial"]


def test_a_printed_blank_is_never_derived(consistent):
    report = copy.deepcopy(consistent)
    report["values"]["requests.granted.total"] = None
    report["blank"] = [*report["blank"], "requests.granted.total"]
    assert derive(report) == {}  # blank: the report printed "/", it stays null
    report["blank"].remove("requests.granted.total")
    report["unknown"] = [*report["unknown"], "requests.granted.total"]
    assert derive(report)["requests.granted.total"]["value"] == 5  # unknown: the row's sum gives it


def test_a_blank_part_is_not_counted_as_zero_to_derive_a_cell(consistent):
    report = copy.deepcopy(consistent)
    report["values"]["requests.granted.total"] = None
    report["unknown"] = [*report["unknown"], "requests.granted.total"]
    for col in ("commercial", "research"):
        report["values"][f"requests.granted.{col}"] = None
        report["blank"] = [*report["blank"], f"requests.granted.{col}"]
    cell = derive(report)["requests.granted.total"]
    # The row has blanks: row_total gives nothing; the 总计 column's own sum (all printed) does.
    assert cell["rule"] == "results_sum" and cell["value"] == 5
    assert "requests.granted.commercial" not in derive(report)


def test_an_ocr_reading_nulled_is_not_derived(consistent):
    report = copy.deepcopy(consistent)
    report["values"]["requests.granted.total"] = None
    report["unknown"] = [*report["unknown"], "requests.granted.total"]
    report["untrusted"] = ["requests.granted.total"]
    assert derive(report) == {}


def test_a_derived_cell_that_breaks_another_sum_is_withdrawn(consistent):
    report = copy.deepcopy(consistent)
    report["values"]["appeals.reconsideration.total"] = None
    report["unknown"] = [*report["unknown"], "appeals.reconsideration.total"]
    assert derive(report)["appeals.reconsideration.total"]["value"] == 1
    assert derive(report)["appeals.reconsideration.total"]["rule"] == "appeals_total"
    report["values"]["requests.granted.natural_person"] = None
    report["unknown"].append("requests.granted.natural_person")
    report["values"]["requests.granted.total"] = 6  # the row says 6, the column says 5
    assert "requests.granted.natural_person" not in derive(report)


def test_a_short_appeals_row_of_zeros_is_derived(tmp_path):
    values = consistent_values()
    values["appeals.reconsideration.upheld"] = values["appeals.reconsideration.total"] = 0
    text = write_report(values, prose="本年度共收到政府信息公开申请5件，办结5件。")
    zeros = "\t".join(["0"] * len(APPEAL_FIELDS))
    assert zeros in text
    report = parse_text(tmp_path, text.replace(zeros, "\t".join(["0"] * (len(APPEAL_FIELDS) - 1))))
    assert {f: d["value"] for f, d in report["derived"].items()} == dict.fromkeys(APPEAL_FIELDS, 0)
    assert {d["rule"] for d in report["derived"].values()} == {"appeals_total"}


def test_the_record_with_derived_validates_against_the_schema(tmp_path):
    report = parse_text(tmp_path, write_report(consistent_values()).replace(SECRET_ROW, "属于国家秘密\t0\t0\t0\t0\t0\t0"))
    validator = jsonschema.Draft202012Validator(json_schema())
    assert not list(validator.iter_errors(json.loads(json.dumps(report, ensure_ascii=False))))
    assert "derived" in json_schema()["required"]


@pytest.mark.corpus
@pytest.mark.parametrize("case", harness.cases())
def test_every_derived_cell_of_a_truth_report_is_its_true_value(case):
    """Where a person read the report (tests/truth/), each derived cell the truth has a number for is
    that number; a cell the truth leaves null (the report did not print it: no 总计 column, a short
    row) may be derived, never one the report printed blank."""
    report, truth = harness.parsed(case), harness.truth(case)["values"]
    wrong = {f: (cell["value"], truth[f]) for f, cell in report["derived"].items()
             if truth.get(f) is not None and truth[f] != cell["value"]}
    assert not wrong, wrong
    assert not set(report["derived"]) & set(report["blank"])
    assert not set(report["derived"]) & {f for f, v in report["values"].items() if v is not None}


def test_the_cells_a_report_did_not_print_are_derived_where_its_sums_make_them_certain():
    # A real layout without the 总计 column: every row's total is the sum of its six printed columns.
    report, truth = harness.parsed("round6-txt-requests-nototal-col-2022"), harness.truth(
        "round6-txt-requests-nototal-col-2022")["values"]
    totals = {f: d for f, d in report["derived"].items() if f.endswith(".total") and f.startswith("requests.")}
    assert len(totals) >= 20
    for field, cell in totals.items():
        row = field.rsplit(".", 1)[0]
        assert cell["value"] == sum(truth[f"{row}.{c}"] for c in APPLICANT_COLUMNS[:-1])
    # The seed whose rows print six zeros for seven cells (the example).
    seed = harness.parsed("seed-yunjiakou")
    assert {seed["derived"][f"requests.new_received.{c}"]["value"] for c in APPLICANT_COLUMNS} == {0}
