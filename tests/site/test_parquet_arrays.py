"""The downloads' Arrow tables built through nanoarrow (builder/export/parquet_arrays.py): the same arrays as
pyarrow.array of the same lists, pyarrow's own way for a list nanoarrow refuses, and a chunk's files written
in a process that never imports pandas (pyarrow.array of a list did, 0.3 s of a one-report rebuild)."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from builder.export.parquet_arrays import ARROW_TYPES, arrow_array
from tests.site.records import synthetic_report

COLUMNS = {
    "string": ["江苏省", None, "", "a\tb\n", "=1+1", "🀄 emoji", "x" * 5000],
    "date": ["2024-01-20", None, "2023-12-31"],
    "integer": [0, None, -1, 2**62, 7],
    "number": [0.5, None, 3, -0.0, float("inf"), 1e-300],
    "boolean": [True, None, False],
}


@pytest.mark.parametrize("kind", sorted(COLUMNS))
def test_arrays_are_pyarrows_own(kind):
    values = COLUMNS[kind]
    made = arrow_array(values, kind)
    expected = pa.array(values, type=getattr(pa, ARROW_TYPES[kind])())
    assert made.type == expected.type
    assert made.null_count == expected.null_count == values.count(None)
    assert made.equals(expected)
    assert made.to_pylist() == expected.to_pylist()


def test_a_list_nanoarrow_refuses_is_converted_by_pyarrow():
    # 2.0 in an integer column: nanoarrow refuses it, pyarrow converts it (as it did before nanoarrow)
    assert arrow_array([1, 2.0, None], "integer").to_pylist() == [1, 2, None]
    with pytest.raises(pa.ArrowInvalid):  # and what neither takes is pyarrow's error, not a wrong cell
        arrow_array(["x"], "integer")


def test_arrays_of_no_rows():
    for kind in COLUMNS:
        made = arrow_array([], kind)
        assert len(made) == 0 and made.type == getattr(pa, ARROW_TYPES[kind])()


REPORTS = [synthetic_report(i) for i in range(40)]

# (a process of its own: pytest's has pandas loaded by other tests)
CHILD = """
import json, sys
from tests.site.test_parquet_arrays import REPORTS
from builder.export.datasets import chunk_files
files = chunk_files(REPORTS, "2023")
print(json.dumps({"pandas": "pandas" in sys.modules, "pyarrow": "pyarrow" in sys.modules,
                  "tidy": files["2023/tidy.parquet"].hex()}))
"""


def test_a_chunks_files_are_written_without_pandas():
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=True, timeout=120)
    out = json.loads(done.stdout)
    assert out["pyarrow"] and not out["pandas"]
    # and the Parquet file it wrote holds the reports' rows
    rows = pq.read_table(io.BytesIO(bytes.fromhex(out["tidy"]))).to_pylist()
    assert len(rows) == 2 * len(REPORTS) and rows[0]["report_id"] == REPORTS[0]["id"]
    assert {row["value"] for row in rows if row["report_id"] == REPORTS[5]["id"]} == {5, 10}
