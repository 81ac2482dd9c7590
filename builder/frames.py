"""Parsed reports as pandas DataFrames, for a notebook (see docs/python-api.md).

The frames hold what the published datasets hold (builder/export/): ``values_frame`` is values.parquet
turned wide (a report a row), ``checks_frame`` is checks.csv. A blank cell stays missing (``<NA>``),
never 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


def values_frame(reports: Iterable[Mapping]) -> pd.DataFrame:
    """One row per report (index ``report_id``), one column per field id, in the contract's order.

    Only fields some report carries are columns; a blank or absent cell is ``<NA>``. Counts are
    ``Int64``, a column holding amounts with decimals (万元) ``Float64``.
    """
    import pandas as pd

    from builder.template import fields

    reports = list(reports)
    present = {field for report in reports for field in report.get("values") or {}}
    columns = [f for f in fields() if f in present] + sorted(present - set(fields()))
    rows = [[(report.get("values") or {}).get(f) for f in columns] for report in reports]
    index = pd.Index([report["id"] for report in reports], name="report_id")
    frame = pd.DataFrame(rows, index=index, columns=pd.Index(columns, name="field"), dtype=object)
    frame = frame.convert_dtypes()  # whole numbers → Int64, any decimal → Float64
    # A column blank in every report is left as object: a count like the others.
    return frame.astype({c: "Int64" for c in frame.columns if frame[c].dtype == object})


def checks_frame(reports: Iterable[Mapping]) -> pd.DataFrame:
    """One row per check of every report, with the columns of checks.csv: report_id, rule, severity,
    title, fields (space-separated field ids), message, acknowledged (by the report's sidecar)."""
    import pandas as pd

    from builder.export.columns import CHECKS_COLUMNS
    from builder.export.datasets import checks_rows

    frame = pd.DataFrame(list(checks_rows(list(reports))), columns=[c.name for c in CHECKS_COLUMNS])
    return frame.astype({"acknowledged": bool})
