"""The downloads: rows match parse_report, blanks stay blank, the data package is valid."""

from __future__ import annotations

import copy
import csv
import gzip
import json

from builder.batch import _add_cross_year_checks
from builder.export.columns import REPORT_META
from builder.template import fields


def read_csv(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:  # (every CSV starts with a byte-order mark)
        return list(csv.DictReader(fh))


def as_cell(value) -> str:
    return "" if value is None else str(value)


def test_reports_csv_matches_parse(built_site, seed_reports):
    rows = {row["report_id"]: row for row in read_csv(built_site.site / "downloads" / "2020" / "reports.csv")}
    assert set(rows) == set(seed_reports)
    header = list(next(iter(rows.values())))
    assert header == [c.name for c in REPORT_META] + list(fields())
    for report_id, report in seed_reports.items():
        row = rows[report_id]
        assert row["agency"] == report["agency"]
        assert row["county"] == (report["region"]["county"] or "")
        for field in fields():
            assert row[field] == as_cell(report["values"].get(field)), (report_id, field)
    yueyahu = rows["xingqingqu-yueyahuxiang-renminzhengfu-2020"]
    assert yueyahu["requests.new_received.natural_person"] == "1"
    assert yueyahu["requests.unavailable_not_held.total"] == "1"
    assert yueyahu["requests.other_misc.total"] == ""  # a 2021-only row: not in a 2019 report, blank not 0


def test_values_parquet_matches_parse(built_site, seed_reports):
    import pyarrow.parquet as pq

    rows = [{k: as_cell(v) for k, v in row.items()}  # read as the CSV reader would see it
            for row in pq.read_table(built_site.site / "downloads" / "2020" / "values.parquet").to_pylist()]
    rows = [{**r, "value": r["value"].removesuffix(".0")} for r in rows]
    expected = {(rid, f): as_cell(v) for rid, r in seed_reports.items() for f, v in r["values"].items()}
    assert {(r["report_id"], r["field"]): r["value"] for r in rows} == expected
    assert len(rows) == len(expected)
    assert any(r["value"] == "" for r in rows)  # blanks exist in the seeds and stay blank


def test_checks_csv_and_json(built_site, seed_reports):
    checks = read_csv(built_site.site / "downloads" / "2020" / "checks.csv")
    assert len(checks) == sum(len(r["checks"]) for r in seed_reports.values())
    missing = [c for c in checks if c["rule"] == "missing_part"]
    assert missing and missing[0]["report_id"] == "chengdongqu-yunjiakouzhen-renminzhengfu-2020"
    assert missing[0]["severity"] == "error" and missing[0]["title"] == "缺少部分"
    data = json.loads(gzip.decompress((built_site.site / "downloads" / "2020" / "reports.json.gz").read_bytes()))
    assert {r["id"]: r["values"] for r in data} == {rid: r["values"] for rid, r in seed_reports.items()}


def test_datapackage_is_valid(built_site):
    from frictionless import Package, validate

    path = built_site.site / "downloads" / "datapackage.json"
    report = validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(str(path))
    schema = package.get_resource("reports-2020").schema  # the seeds are of 2020 (split by year)
    field = schema.get_field("requests.new_received.natural_person")
    assert field.type == "integer"
    assert field.title == "一、本年新收政府信息公开申请数量 · 自然人"
    assert schema.get_field("proactive.fees.amount_10k_yuan").type == "number"
    values = json.loads((path.parent / "schemas" / "values.schema.json").read_text(encoding="utf-8"))
    assert [f["name"] for f in values["fields"]] == ["report_id", "field", "value"]  # (values: Parquet only)


def test_data_dictionary_documents_every_column(built_site):
    text = (built_site.site / "dictionary" / "index.html").read_text(encoding="utf-8")
    for name in ("reports.csv", "values.parquet", "checks.csv", "reports.json.gz", "reports.parquet", "datapackage.json"):
        assert name in text
    for column in [c.name for c in REPORT_META] + list(fields()):
        assert f"<code>{column}</code>" in text, column


def test_cross_year_checks_are_added(seed_reports):
    """Two years of one agency whose carry-over disagrees: the later report gets a cross_year check."""
    first = copy.deepcopy(seed_reports["xingqingqu-yueyahuxiang-renminzhengfu-2020"])
    second = copy.deepcopy(first)
    second["year"], second["id"] = 2021, "xingqingqu-yueyahuxiang-renminzhengfu-2021"
    second["values"]["requests.carried_over.total"] = 5
    _add_cross_year_checks([first, second])
    added = [c for c in second["checks"] if c["rule"] == "cross_year"]
    assert added and "requests.carried_over.total" in added[0]["fields"]
    assert not [c for c in first["checks"] if c["rule"] == "cross_year"]
