"""The downloads split by year (and by province in a large year), as CSV and Parquet that agree."""

from __future__ import annotations

import copy
import csv
import gzip
import io
import json

import pyarrow.parquet as pq

from builder.export import chunk_files, chunks, datapackage, schema_files
from builder.export.datasets import year_package


def _reports(seed_reports: dict) -> list[dict]:
    """The seeds (2020) and a copy of each as 2021, so there are two years."""
    out = list(seed_reports.values())
    for report in list(out):
        later = copy.deepcopy(report)
        later["id"], later["year"] = report["id"].replace("2020", "2021"), 2021
        out.append(later)
    return out


def test_reports_are_split_by_year_and_a_large_year_by_province(seed_reports):
    reports = _reports(seed_reports)
    assert list(chunks(reports)) == ["2020", "2021"]
    split = chunks(reports, split=3)  # more than 3 reports in a year: one folder per province
    assert {"2020/hebei", "2020/ningxia", "2021/hebei", "2021/ningxia"} <= set(split)
    assert all(chunk.count("/") == 1 for chunk in split)
    assert sum(len(m) for m in split.values()) == len(reports)
    assert all(r["region"]["province"].startswith("宁夏") for r in split["2021/ningxia"])


def test_parquet_holds_what_the_csv_holds(seed_reports):
    reports = list(seed_reports.values())
    files = chunk_files(reports, "2020")
    rows = list(csv.DictReader(io.StringIO(files["2020/reports.csv"].removeprefix("\ufeff"))))
    table = pq.read_table(io.BytesIO(files["2020/reports.parquet"])).to_pylist()
    assert [r["report_id"] for r in table] == [r["report_id"] for r in rows]
    yueyahu = next(r for r in table if r["report_id"] == "xingqingqu-yueyahuxiang-renminzhengfu-2020")
    assert yueyahu["requests.new_received.natural_person"] == 1  # an integer column, not text
    assert yueyahu["requests.other_misc.total"] is None  # blank stays null, never 0
    assert yueyahu["passes_checks"] in (True, False)
    values = pq.read_table(io.BytesIO(files["2020/values.parquet"])).to_pylist()
    assert len(values) == sum(len(r["values"]) for r in reports)
    assert json.loads(gzip.decompress(files["2020/reports.json.gz"]))[0]["id"] == reports[0]["id"]


def test_the_data_package_lists_every_file_of_every_chunk(seed_reports):
    package = datapackage(["2020", "2021/ningxia"])
    # (a year split by province has a package of its own in its folder, which the index names)
    paths = {r["path"] for r in package["resources"]} | {f"2021/{r['path']}" for r in year_package("2021", ["2021/ningxia"])["resources"]}
    assert "2021/datapackage.json" in paths
    for chunk in ("2020", "2021/ningxia"):
        for name in ("reports.csv", "checks.csv", "reports.parquet", "values.parquet", "checks.parquet",
                     "reports.json.gz", "reports.xlsx", "tidy.parquet", "provenance.parquet"):
            assert f"{chunk}/{name}" in paths
    schemas = {r["schema"] for r in package["resources"] if "schema" in r}
    assert schemas == {"schemas/reports.schema.json", "schemas/checks.schema.json"}  # the CSVs'
    # every table's schema is published, the Parquet-only tables' and the changelog's too
    assert set(schema_files()) == {f"schemas/{t}.schema.json"
                                   for t in ("reports", "values", "tidy", "provenance", "checks", "corrections")}
