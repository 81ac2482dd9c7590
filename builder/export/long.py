"""The long files: the tidy table (every cell with its body, year and Chinese labels) and the provenance
table (where every value was printed), from the record's ``values``, ``blank``, ``derived`` and
``provenance`` keys (the agreed formats: docs/report.schema.json).

Derived cells are rows of the tidy table with status ``derived`` (and the rule that makes them
certain), not a file of their own: a reader filtering or pivoting the tidy table sees them beside
the printed cells, labelled, and can drop them with one filter; values.parquet and reports.csv keep
only what the report printed.
"""

from __future__ import annotations

from builder.template import fields
from builder.template.labels import TABLE_NAMES_ZH

BBOX = ("x0", "top", "x1", "bottom")


def _status(field_id: str, value, blank: set, derived: dict) -> str:
    if value is not None:
        return "printed"
    if field_id in derived:
        return "derived"
    return "blank" if field_id in blank else "unknown"


def _derived(report: dict) -> dict:
    """The report's derived cells that carry a number (a malformed entry is left out, not guessed)."""
    out = {}
    for field_id, entry in (report.get("derived") or {}).items():
        if isinstance(entry, dict) and isinstance(entry.get("value"), int | float) and not isinstance(entry["value"], bool):
            out[field_id] = entry
    return out


# Built column by column (lists of values, one per column, for builder.export.datasets' Arrow tables): a
# dict per row and a look-up per cell cost a one-report rebuild more than writing the chunk's files.
TIDY_NAMES = ("report_id", "agency", "agency_id", "body_id", "year", "table", "row", "column", "value", "status",
              "table_zh", "row_zh", "column_zh", "derived_rule", "derived_from")
PROVENANCE_NAMES = ("report_id", "field", "raw", "page", *BBOX, "table_index", "row_index", "col_index", "line")


def tidy_columns(reports: list[dict]) -> dict[str, list]:
    """One row per report and field of its values or derived cells, in the contract's field order:
    column name → its values."""
    catalogue = fields()
    labels = {field_id: (f.table, f.row, f.column, TABLE_NAMES_ZH.get(f.table, f.table), f.row_zh, f.column_zh)
              for field_id, f in catalogue.items()}
    out: dict[str, list] = {name: [] for name in TIDY_NAMES}
    body = [out[name] for name in ("report_id", "agency", "agency_id", "body_id", "year")]
    label_columns = [out[name] for name in ("table", "row", "column", "table_zh", "row_zh", "column_zh")]
    value_, status_, rule_, from_ = out["value"], out["status"], out["derived_rule"], out["derived_from"]
    for report in reports:
        values = report.get("values") or {}
        derived = _derived(report)
        blank = set(report.get("blank") or ())
        cells = [field_id for field_id in catalogue if field_id in values or field_id in derived]
        meta = (report["id"], report.get("agency"), report.get("agency_id"), report.get("body_id"), report.get("year"))
        for column, value in zip(body, meta, strict=True):
            column.extend([value] * len(cells))
        cell_labels = [labels[field_id] for field_id in cells]
        for i, column in enumerate(label_columns):
            column.extend([label[i] for label in cell_labels])
        for field_id in cells:
            value = values.get(field_id)
            status = _status(field_id, value, blank, derived)
            status_.append(status)
            if status == "derived":
                entry = derived[field_id]
                sources = entry.get("from")
                value_.append(entry["value"])
                rule_.append(str(entry.get("rule") or ""))
                from_.append(" ".join(str(source) for source in sources) if isinstance(sources, list) else "")
            else:
                value_.append(value)
                rule_.append(None)
                from_.append(None)
    return out


def _number(value):
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _integer(value):
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def provenance_columns(reports: list[dict]) -> dict[str, list]:
    """One row per report and field of its ``provenance``, the raw string and where it was printed: column
    name → its values. (A tuple per cell, its common types tested first with ``type() is``, then _integer
    and _number: appends and isinstance tests cell by cell were most of a one-report rebuild's downloads.)"""
    catalogue = fields()
    rows = []
    nobox = (None,) * 4
    number = (int, float)
    for report in reports:
        places = report.get("provenance") or {}
        report_id = report["id"]
        for field_id in catalogue:
            place = places.get(field_id)
            if not isinstance(place, dict):
                continue
            get = place.get
            bbox = get("bbox")
            x0, top, x1, bottom = bbox if isinstance(bbox, list | tuple) and len(bbox) == 4 else nobox
            raw, page, table, row, col, line = get("raw"), get("page"), get("table"), get("row"), get("col"), get("line")
            rows.append((
                report_id, field_id, raw if isinstance(raw, str) else None,
                page if type(page) is int else None if page is None else _integer(page),
                x0 if type(x0) in number else None if x0 is None else _number(x0),
                top if type(top) in number else None if top is None else _number(top),
                x1 if type(x1) in number else None if x1 is None else _number(x1),
                bottom if type(bottom) in number else None if bottom is None else _number(bottom),
                table if type(table) is int else None if table is None else _integer(table),
                row if type(row) is int else None if row is None else _integer(row),
                col if type(col) is int else None if col is None else _integer(col),
                line if type(line) is int else None if line is None else _integer(line)))
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(PROVENANCE_NAMES)
    return {name: list(values) for name, values in zip(PROVENANCE_NAMES, columns, strict=True)}
