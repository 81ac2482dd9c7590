"""builder/export/parquet_arrays.py builds the columns of one Arrow type as one array and slices it: the
table is the one pyarrow builds column by column (values, nulls, types) and its Parquet file the same
bytes; a column nanoarrow refuses (2.0 in an integer column) still goes pyarrow's own way."""

from __future__ import annotations

import pyarrow as pa

from builder.export import datasets
from builder.export.columns import Column, report_columns
from builder.export.parquet_arrays import ARROW_TYPES, arrow_table
from tests.site.records import synthetic_report


def _by_pyarrow(columns, rows: dict) -> pa.Table:
    return pa.table({c.name: pa.array(rows[c.name], type=getattr(pa, ARROW_TYPES[c.type])()) for c in columns})


def test_the_wide_table_of_a_segment_is_pyarrows_column_by_column():
    reports = [synthetic_report(i, {"requests.new_received.total": None if i % 4 else i,
                                    "proactive.rules.new_made": i * 1.5}) for i in range(16)]
    columns = report_columns()
    wide = [datasets.report_row(r) for r in reports]
    rows = {c.name: [row.get(c.name) for row in wide] for c in columns}
    table = arrow_table(columns, rows)
    expected = _by_pyarrow(columns, rows)
    assert table.equals(expected) and table.schema == expected.schema
    assert datasets._parquet_of(table) == datasets._parquet_of(expected)
    assert table.column("requests.new_received.total").to_pylist()[:5] == [0, None, None, None, 4]


def test_a_value_nanoarrow_refuses_goes_pyarrows_way():
    columns = [Column("n", "integer", "数", ""), Column("m", "integer", "数", ""), Column("s", "string", "字", ""),
               Column("d", "date", "日", "")]
    rows = {"n": [1, None, 3], "m": [2.0, 5, None], "s": ["甲", None, "=1+1"], "d": ["2024-01-02", None, ""]}
    table = arrow_table(columns, rows)
    assert table.to_pydict() == {"n": [1, None, 3], "m": [2, 5, None], "s": ["甲", None, "=1+1"],
                                 "d": ["2024-01-02", None, ""]}
    assert table.equals(_by_pyarrow(columns, rows))
