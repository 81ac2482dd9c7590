"""builder/export/parquet_rows.py's row_group walks a file's footer and copies its bytes but where the
offsets go (it decoded and encoded it again, once). Its groups joined are the file pyarrow's own
ParquetWriter writes of the same tables, a row group each: an oracle that shares no code with it."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from builder.export import datasets, parquet_rows
from builder.export.columns import report_columns
from tests.site.records import synthetic_report


def _reports(first: int, count: int) -> list[dict]:
    out = []
    for i in range(first, first + count):
        report = synthetic_report(i, {"requests.new_received.natural_person": i, "requests.new_received.total": i * 2,
                                      "proactive.rules.new_made": None if i % 3 else i % 7})
        report["checks"] = [{"rule": "balance", "severity": "warning", "message": f"差 {i}", "fields": ["requests.new_received.total"],
                             "acknowledged": bool(i % 2)}] * (i % 3)
        out.append(report)
    return out


def _tables(reports: list[dict]) -> dict[str, pa.Table]:
    wide = [datasets.report_row(r) for r in reports]
    return {name: datasets._arrow(columns, rows)
            for name, (columns, rows) in datasets._tables(reports, wide, list(datasets.checks_rows(reports))).items()}


@pytest.mark.parametrize("name", datasets.PARQUET_TABLES)
def test_joined_groups_are_the_file_pyarrow_writes_group_by_group(name):
    parts = [_tables(_reports(first, count))[name] for first, count in ((0, 5), (5, 17), (22, 1), (23, 40))]
    expected = io.BytesIO()
    with pq.ParquetWriter(expected, parts[0].schema, compression="zstd") as writer:
        for table in parts:
            writer.write_table(table, row_group_size=max(1, table.num_rows))
    groups = [parquet_rows.row_group(datasets._parquet_of(table)) for table in parts]
    assert parquet_rows.joined(groups) == expected.getvalue()
    if name == "reports":
        assert len(report_columns()) > 200 and len(groups[0]["marks"]) > 400  # (a page and a dictionary offset a column)
        read = pq.read_table(io.BytesIO(parquet_rows.joined(groups)))
        assert read.column("report_id").to_pylist() == [r["id"] for r in _reports(0, 63)]


def test_a_row_group_with_a_page_index_is_refused():
    buf = io.BytesIO()
    pq.write_table(pa.table({"a": [1, 2, 3]}), buf, write_page_index=True)
    with pytest.raises(ValueError, match="page index"):
        parquet_rows.row_group(buf.getvalue())


def test_a_footer_cut_short_is_refused():
    data = datasets._parquet_of(pa.table({"a": [1, 2, 3], "b": ["x", None, "z"]}))
    size = int.from_bytes(data[-8:-4], "little")
    with pytest.raises((ValueError, IndexError)):
        parquet_rows.row_group(data[:-8 - size] + data[-8 - size:-9] + (size - 1).to_bytes(4, "little") + b"PAR1")
