"""Synthetic records as the collection holds them, with provenance, for the download tests (no pandas
imported here: tests/site/test_parquet_arrays.py writes files in a process that must not load it)."""

from __future__ import annotations


def synthetic_report(i: int, values: dict | None = None) -> dict:
    """Report i of a county of 盐城市 (2023), its values (default: two of 新收申请) with their provenance."""
    report_id = f"body{i:04d}-renminzhengfu-2023"
    if values is None:
        values = {"requests.new_received.natural_person": i, "requests.new_received.total": i * 2}
    return {
        "id": report_id, "agency": f"第{i}县人民政府", "agency_normalized": f"第{i}县人民政府",
        "agency_id": report_id.rsplit("-", 1)[0], "body_id": None, "year": 2023, "level": "county",
        "published": "2024-01-20", "region": {"province": "江苏省", "city": "盐城市", "county": f"第{i}县", "township": None},
        "template": {"proactive": "2021", "requests": "2021", "appeals": "2021"},
        "values": values, "blank": [], "unknown": [], "checks": [],
        "source": {"path": f"/nowhere/{report_id}.pdf", "file": f"{report_id}.pdf", "format": "pdf",
                   "sha256": "0" * 64, "source_url": None, "retrieved": None},
        "provenance": {f: {"raw": str(v), "page": 2, "bbox": [10.5, 20.0 + i, 30.25, 40.0], "table": 1, "row": 2,
                           "col": 3, "line": None} for f, v in values.items()},
    }
