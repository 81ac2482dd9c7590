"""Arrow tables of the downloads' rows (Python lists) without pyarrow importing pandas.

pyarrow.array(a_list) asks pyarrow's pandas shim whether the list is "array-like" (array.pxi,
``_is_array_like``: ``pandas_api._have_pandas_internal()``), which imports pandas the first time:
0.3 s of CPU in every build that writes one Parquet piece (a one-report rebuild), for a question
whose answer for a list is no. nanoarrow builds the same array from the list in C and hands it to
pyarrow through the Arrow C data interface (``__arrow_c_array__``, which pyarrow.array takes before
it asks about pandas): no pandas, the same buffers, a millisecond for a segment's rows.

A list nanoarrow refuses (a value of another type than the column's, which pyarrow may still convert,
as 2.0 in an integer column) goes through pyarrow.array as before: pyarrow's table or pyarrow's error,
pandas imported for it. (nanoarrow is the more lenient of the two only with Python's bools, which are
ints: True in an integer column is 1, where pyarrow refuses it; the columns' values are of their types.)
"""

from __future__ import annotations

# The Arrow type of each column type of builder/export/columns.py, by its name in pyarrow and nanoarrow.
ARROW_TYPES = {"string": "string", "date": "string", "integer": "int64", "number": "float64", "boolean": "bool_"}


def arrow_array(values: list, kind: str):
    """A pyarrow Array of values (None: null) of the Arrow type ARROW_TYPES[kind]."""
    import nanoarrow
    import pyarrow as pa

    name = ARROW_TYPES[kind]
    try:
        return pa.array(nanoarrow.c_array(values, getattr(nanoarrow, name)()))
    except (ValueError, TypeError, OverflowError):  # a value nanoarrow does not convert: pyarrow's own way
        return pa.array(values, type=getattr(pa, name)())


def arrow_table(columns, rows: dict[str, list]):
    """An Arrow table of columns (each with .name and .type, a key of ARROW_TYPES) from each column's
    values (name → list). The columns of one Arrow type are built as one array, each column a slice of it
    (the same values, and the same Parquet bytes): nanoarrow's cost is mostly per call, and the wide table
    has 249 columns (9 ms a segment of 16 reports one by one, 1.4 ms so)."""
    import nanoarrow
    import pyarrow as pa

    schema = pa.schema([(c.name, getattr(pa, ARROW_TYPES[c.type])()) for c in columns])
    of_type: dict[str, list] = {}
    for c in columns:
        of_type.setdefault(ARROW_TYPES[c.type], []).append(c)
    arrays = {}
    for name, same in of_type.items():
        flat = []
        for c in same:
            flat += rows[c.name]
        try:
            whole = pa.array(nanoarrow.c_array(flat, getattr(nanoarrow, name)()))
        except (ValueError, TypeError, OverflowError):  # (one value nanoarrow refuses: each column its own way)
            arrays.update({c.name: arrow_array(rows[c.name], c.type) for c in same})
            continue
        start = 0
        for c in same:
            arrays[c.name] = whole.slice(start, len(rows[c.name]))
            start += len(rows[c.name])
    return pa.Table.from_arrays([arrays[c.name] for c in columns], schema=schema)
