"""reports.xlsx is the downloads' format for people (builder/export/workbook.py), reports.csv and reports.parquet the
machines': the workbook has the CSV's columns in the CSV's order, a Chinese header row above the CSV's ids, the
level and yes/no columns in Chinese, numbers as number cells; the CSV and Parquet keep the ids and raw values
(the contract). Read back with python-calamine (the project's spreadsheet reader) and openpyxl (a test
dependency) from the bytes chunk_files and an incremental assemble give."""

from __future__ import annotations

import csv
import io

import openpyxl
import pyarrow.parquet as pq
from python_calamine import CalamineWorkbook

from builder.export import datasets
from builder.export.columns import report_columns
from builder.export.datasets import assemble, chunk_files, segment_pieces, segments
from builder.export.workbook import SHEET
from builder.pages.downloads import downloads_page_files
from builder.template import fields
from tests.site.records import synthetic_report

TOTAL = "requests.new_received.total"
SIGNED = "proactive.fees.items_change"  # may be negative: a number, not a formula


def _reports() -> list[dict]:
    county = synthetic_report(1, {TOTAL: 3119, "requests.new_received.natural_person": 3000, SIGNED: -3})
    city = {**synthetic_report(2, {TOTAL: 7}), "level": "city",
            "checks": [{"rule": "balance", "severity": "error", "fields": [TOTAL], "message": "不平衡"}]}
    unknown = {**synthetic_report(3, {TOTAL: None}), "level": None}
    hostile = [{**synthetic_report(4 + i, {TOTAL: 1}), "agency": text}
               for i, text in enumerate(("=HYPERLINK(\"http://evil.example/\",\"点击\")", "+cmd|' /C calc'!A0",
                                         "-2+3", "@SUM(A1)"))]
    return [county, city, unknown, *hostile]


def _csv_rows(files: dict) -> list[list[str]]:
    return list(csv.reader(io.StringIO(files["2023/reports.csv"].removeprefix("\ufeff"))))


def _sheet(data: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(SHEET).to_python()


def test_the_workbook_has_the_csvs_columns_in_order_under_chinese_labels():
    files = chunk_files(_reports(), "2023")
    rows = _sheet(files["2023/reports.xlsx"])
    header = _csv_rows(files)[0]
    assert rows[1] == header == [c.name for c in report_columns()]  # row 2: the CSV's ids, in its order
    labels = dict(zip(rows[1], rows[0], strict=True))  # row 1: the Chinese labels
    assert (labels["report_id"], labels["agency"], labels["level"], labels["passes_checks"]) == (
        "报告编号", "机构名称", "机构层级", "通过全部检查")
    f = fields()[TOTAL]
    assert labels[TOTAL] == f"{f.row_zh} · {f.column_zh}" == "一、本年新收政府信息公开申请数量 · 总计"
    assert all(labels[name] and labels[name] != name for name in header)  # every column has a Chinese label


def test_level_and_yes_no_in_chinese_in_the_workbook_raw_in_the_csv_and_parquet():
    files = chunk_files(_reports(), "2023")
    sheet = {row[0]: dict(zip(_sheet(files["2023/reports.xlsx"])[1], row, strict=False))
             for row in _sheet(files["2023/reports.xlsx"])[2:]}
    county, city, unknown = (sheet[f"body{i:04d}-renminzhengfu-2023"] for i in (1, 2, 3))
    assert (county["level"], county["passes_checks"]) == ("县级", "是")
    assert (city["level"], city["passes_checks"], city["checks_error"]) == ("地市级", "否", 1)
    assert unknown["level"] == ""  # not known: blank, as in the CSV
    # numbers stay numbers: the count, the year, a negative change
    assert county[TOTAL] == 3119 and isinstance(county[TOTAL], float) and county["year"] == 2023
    assert county[SIGNED] == -3 and unknown.get(TOTAL, "") == ""  # a blank cell is blank, not 0
    # the machines' files keep the contract's raw values
    csv_rows = _csv_rows(files)
    by_id = {row[0]: dict(zip(csv_rows[0], row, strict=True)) for row in csv_rows[1:]}
    assert (by_id["body0001-renminzhengfu-2023"]["level"], by_id["body0001-renminzhengfu-2023"]["passes_checks"]) == (
        "county", "true")
    assert (by_id["body0002-renminzhengfu-2023"]["level"], by_id["body0002-renminzhengfu-2023"]["passes_checks"]) == (
        "city", "false")
    parquet = {r["report_id"]: r for r in pq.read_table(io.BytesIO(files["2023/reports.parquet"])).to_pylist()}
    assert (parquet["body0001-renminzhengfu-2023"]["level"], parquet["body0001-renminzhengfu-2023"]["passes_checks"]) == (
        "county", True)


def test_cells_types_in_openpyxl_numbers_text_and_formula_like_text():
    files = chunk_files(_reports(), "2023")
    sheet = openpyxl.load_workbook(io.BytesIO(files["2023/reports.xlsx"]))[SHEET]
    ids = [c.value for c in sheet[2]]
    assert sheet.freeze_panes == "C3"  # the header rows, the report id and the agency stay in view
    rows = {row[0].value: {name: cell for name, cell in zip(ids, row, strict=False)} for row in sheet.iter_rows(min_row=3)}
    county = rows["body0001-renminzhengfu-2023"]
    assert county[TOTAL].data_type == "n" and county[TOTAL].value == 3119
    assert county[SIGNED].value == -3 and not county[SIGNED].quotePrefix
    assert county["passes_checks"].data_type == "s" and county["passes_checks"].value == "是"  # not a boolean cell
    assert county["level"].value == "县级" and not county["agency"].quotePrefix
    hostile = [rows[f"body{i:04d}-renminzhengfu-2023"]["agency"] for i in range(4, 8)]
    assert [c.value for c in hostile] == ["=HYPERLINK(\"http://evil.example/\",\"点击\")", "+cmd|' /C calc'!A0",
                                         "-2+3", "@SUM(A1)"]  # as the report gave them, no quote added to the text
    assert all(c.data_type == "s" and c.quotePrefix for c in hostile)  # text cells, kept text when edited


def test_a_report_changed_shows_in_an_incremental_workbook_as_in_a_clean_one():
    reports = [synthetic_report(i, {TOTAL: i}) for i in range(400)]  # several segments
    cut = segments(reports)
    assert len(cut) > 2
    pieces = [segment_pieces(s) for s in cut]
    keys = [f"segment-{i}" for i in range(len(cut))]
    store: dict = {}
    assemble("2023", pieces, keys, store)
    changed = [dict(r) for r in reports]
    changed[200] = {**changed[200], "level": "township"}
    which = next(i for i, s in enumerate(segments(changed)) if changed[200] in s)
    kept = dict(store)
    keys[which] = "segment-changed"
    pieces[which] = segment_pieces(segments(changed)[which])  # (the others: the pieces kept, unchanged)
    again = assemble("2023", pieces, keys, store)
    assert again["2023/reports.xlsx"] == chunk_files(changed, "2023")["2023/reports.xlsx"]
    made = set(store) - set(kept)
    # the workbook's rows of one run made again (the run of the changed segment), the others' read back from store
    assert sum(key.endswith(f"{datasets.RUN_SEP}{datasets.TEXT}") for key in made) == 1
    assert len(made) == len(datasets.PARQUET_TABLES) + 1 and len(kept) > len(made)
    rows = _sheet(again["2023/reports.xlsx"])
    level = rows[1].index("level")
    shown = {row[0]: row[level] for row in rows[2:]}
    assert shown[changed[200]["id"]] == "乡镇级" and shown[changed[199]["id"]] == "县级"


def test_the_downloads_page_says_how_the_workbook_differs_from_the_csv():
    page = downloads_page_files({}, {"2023": 1})["downloads/index.md"]
    assert "与 reports.csv 的列和顺序相同" in page
    assert "“县级”“是”，CSV 中为 county、true" in page
    notes = page[page.index("| `reports.xlsx` |"):].split("\n", 1)[0]
    assert "第 1 行为中文列名，第 2 行为列编号" in notes and "CSV 中为 true/false" in notes


def test_the_data_package_describes_the_workbook_as_the_csvs_columns_for_people():
    package = datasets.datapackage(["2023"], {"date": "2026-12-01", "commit": "a1b2c3d4e5f6", "label": "…"})
    [workbook] = [r for r in package["resources"] if r["format"] == "xlsx"]
    assert "与 reports.csv 的列和顺序相同" in workbook["description"] and "县级" in workbook["description"]
