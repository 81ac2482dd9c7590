"""The pieces a chunk's files are assembled from (builder/export/datasets.py, parquet_rows.py, workbook.py):
Parquet files joined from row groups encoded apart read as the whole table (pyarrow and DuckDB, two
readers of their own), a footer read and written back is the same bytes, a report changed encodes only
its row group again and still gives a clean build's bytes, and the workbook's rows without cell
references read back in place (openpyxl and calamine)."""

from __future__ import annotations

import io

import duckdb
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from builder.export import datasets, parquet_rows
from builder.export.columns import report_columns
from builder.export.datasets import assemble, chunk_files, parquet_groups, segment_pieces, segments
from builder.export.workbook import rows_workbook
from builder.template.labels import YES_NO_ZH
from tests.site.records import synthetic_report


def _report(i: int) -> dict:
    return synthetic_report(i, {"requests.new_received.natural_person": i, "requests.new_received.total": i * 2,
                                "proactive.rules.new_made": i % 7})


REPORTS = [_report(i) for i in range(700)]  # ~44 segments: several row groups of the long tables


def _table(data: bytes) -> pa.Table:
    return pq.read_table(io.BytesIO(data))


def test_joined_row_groups_read_as_the_whole_table(tmp_path):
    files = chunk_files(REPORTS, "2023")
    tidy = pq.ParquetFile(io.BytesIO(files["2023/tidy.parquet"]))
    assert tidy.metadata.num_row_groups > 2 and tidy.metadata.num_rows == 3 * len(REPORTS)
    for name in ("values", "tidy", "provenance"):
        data = files[f"2023/{name}.parquet"]
        rows = _table(data).to_pylist()
        assert [row["report_id"] for row in rows[::3]] == [r["id"] for r in REPORTS]
        (tmp_path / f"{name}.parquet").write_bytes(data)
        assert duckdb.sql(f"select * from '{tmp_path / name}.parquet'").fetchall() == [tuple(r.values()) for r in rows]
    places = _table(files["2023/provenance.parquet"]).to_pylist()
    [place] = [p for p in places if p["report_id"] == REPORTS[500]["id"] and p["field"].endswith("natural_person")]
    assert place == {"report_id": REPORTS[500]["id"], "field": "requests.new_received.natural_person",
                               "raw": "500", "page": 2, "x0": 10.5, "top": 520.0, "x1": 30.25, "bottom": 40.0,
                               "table_index": 1, "row_index": 2, "col_index": 3, "line": None}
    # each row group's statistics moved with it: a filter on them still finds the row
    found = pq.read_table(io.BytesIO(files["2023/values.parquet"]), filters=[("value", "=", 1398)]).to_pylist()
    assert found == [{"report_id": REPORTS[699]["id"], "field": "requests.new_received.total", "value": 1398}]


def test_a_footer_read_and_written_back_is_the_same_bytes():
    table = pa.table({"a": list(range(100)), "b": [str(i) for i in range(100)]})
    data = datasets._parquet_of(table)
    metadata, start = parquet_rows.footer(data)
    assert parquet_rows.encoded(metadata) == data[start:-8]
    assert parquet_rows.joined([parquet_rows.row_group(data)]) == data  # one group: pyarrow's file as it was


class _Store(dict):
    def __init__(self):
        super().__init__()
        self.written: list[str] = []

    def __setitem__(self, key, value):
        self.written.append(key)
        super().__setitem__(key, value)


def test_a_report_changed_encodes_its_row_group_again_and_gives_a_clean_builds_bytes():
    cut = segments(REPORTS)
    pieces = [segment_pieces(s) for s in cut]
    keys = [f"segment-{i}" for i in range(len(cut))]
    store = _Store()
    first = assemble("2023", pieces, keys, store)
    assert first == chunk_files(REPORTS, "2023")
    groups = parquet_groups([p["first"] for p in pieces], keys)
    assert sorted(store.written) == sorted(k for table in groups.values() for _g, k in table)

    changed = [dict(r) for r in REPORTS]
    changed[350] = {**changed[350], "values": {**changed[350]["values"], "requests.new_received.total": 99999}}
    which = next(i for i, s in enumerate(segments(changed)) if changed[350] in s)
    store.written.clear()
    keys[which] = "segment-changed"
    pieces[which] = segment_pieces(segments(changed)[which])
    again = assemble("2023", pieces, keys, store)
    assert tuple(datasets.TABLES) == datasets.PARQUET_TABLES
    # one row group a table encoded again, and its run's rows of the text files made again
    assert len(store.written) == len(datasets.PARQUET_TABLES) + 1
    assert sum(key.endswith(f"{datasets.RUN_SEP}{datasets.TEXT}") for key in store.written) == 1
    assert again == chunk_files(changed, "2023")
    assert again["2023/values.parquet"] != first["2023/values.parquet"]


def test_workbook_rows_without_references_read_in_place():
    columns = report_columns()
    rows = [{"report_id": "a-2023", "agency": " 前后有空格 ", "year": 2023, "passes_checks": True,
             "requests.new_received.total": 3119.5},
            {"report_id": "b-2023", "agency": "控制\x01字符 _x0041_ & <b>", "year": None, "passes_checks": False},
            {"report_id": "c-2023", "agency": "=1+1", "year": 2022, "requests.new_received.natural_person": 0}]
    data = rows_workbook(columns, rows)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["报告"]
    ids = [c.value for c in sheet[2]]
    got = [dict(zip(ids, row, strict=True)) for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert len(got) == 3 and sheet.max_row == 5
    for want, row in zip(rows, got, strict=True):
        if want["report_id"] == "b-2023":  # (openpyxl leaves Excel's _xHHHH_ escapes as they are; calamine reads them)
            want = {**want, "agency": "控制_x0001_字符 _x005F_x0041_ & <b>"}
        want = {**want, "passes_checks": YES_NO_ZH[want["passes_checks"]]} if "passes_checks" in want else want  # (是/否)
        assert {k: v for k, v in row.items() if v is not None} == {k: v for k, v in want.items() if v is not None}
    assert got[1]["requests.new_received.total"] is None and got[2]["requests.new_received.natural_person"] == 0
    frame = pd.read_excel(io.BytesIO(data), header=1, engine="calamine").set_index("report_id")
    assert frame.at["a-2023", "requests.new_received.total"] == 3119.5 and frame.at["c-2023", "agency"] == "=1+1"
    assert frame.at["b-2023", "agency"] == "控制\x01字符 _x0041_ & <b>" and frame.at["a-2023", "agency"] == " 前后有空格 "
