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


def tidy_rows(reports: list[dict]):
    """One row per report and field of its values or derived cells, in the contract's field order."""
    catalogue = fields()
    for report in reports:
        values = report.get("values") or {}
        derived = _derived(report)
        blank = set(report.get("blank") or ())
        body = {"report_id": report["id"], "agency": report.get("agency"), "agency_id": report.get("agency_id"),
                "body_id": report.get("body_id"), "year": report.get("year")}
        for field_id, f in catalogue.items():
            if field_id not in values and field_id not in derived:
                continue
            value = values.get(field_id)
            status = _status(field_id, value, blank, derived)
            row = {**body, "table": f.table, "row": f.row, "column": f.column, "field": field_id,  # (Parquet/CSV: no field)
                   "value": value, "status": status, "table_zh": TABLE_NAMES_ZH.get(f.table, f.table),
                   "row_zh": f.row_zh, "column_zh": f.column_zh}
            if status == "derived":
                entry = derived[field_id]
                from_ = entry.get("from")
                row.update(value=entry["value"], derived_rule=str(entry.get("rule") or ""),
                           derived_from=" ".join(str(source) for source in from_) if isinstance(from_, list) else "")
            yield row


def _number(value):
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _integer(value):
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def provenance_rows(reports: list[dict]):
    """One row per report and field of its ``provenance``: the raw string and where it was printed."""
    catalogue = fields()
    for report in reports:
        places = report.get("provenance") or {}
        for field_id in catalogue:
            place = places.get(field_id)
            if not isinstance(place, dict):
                continue
            bbox = place.get("bbox")
            box = bbox if isinstance(bbox, list | tuple) and len(bbox) == 4 else (None,) * 4
            raw = place.get("raw")
            yield {"report_id": report["id"], "field": field_id, "raw": raw if isinstance(raw, str) else None,
                   "page": _integer(place.get("page")), **{k: _number(v) for k, v in zip(BBOX, box, strict=True)},
                   "table_index": _integer(place.get("table")), "row_index": _integer(place.get("row")),
                   "col_index": _integer(place.get("col")), "line": _integer(place.get("line"))}
