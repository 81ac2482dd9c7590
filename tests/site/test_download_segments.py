"""A chunk's downloads assembled from the pieces of its segments (builder.export.datasets).

Segments are cut where a report's id says (content-defined), so a report added changes one segment
and leaves the others' pieces as they were; the assembled files read as one table each: one header,
every row once and in order, the JSON one array, the compressed files their concatenated streams.
"""

from __future__ import annotations

import gzip
import io
import json

import pyarrow.parquet as pq

from builder.export import datasets
from builder.export.datasets import assemble, chunk_files, segment_pieces, segments


def _report(i: int) -> dict:
    report_id = f"body{i:04d}-renminzhengfu-2023"
    return {
        "id": report_id, "agency": f"第{i}县人民政府", "agency_normalized": f"第{i}县人民政府",
        "agency_id": report_id.rsplit("-", 1)[0], "body_id": None, "year": 2023, "level": "county",
        "published": "2024-01-20", "region": {"province": "江苏省", "city": "盐城市", "county": f"第{i}县", "township": None},
        "template": {"proactive": "2021", "requests": "2021", "appeals": "2021"},
        "values": {"requests.new_received.natural_person": i, "requests.new_received.total": i},
        "blank": [], "unknown": [], "checks": [],
        "source": {"path": f"/nowhere/{report_id}.txt", "file": f"{report_id}.txt", "format": "txt",
                   "sha256": "0" * 64, "source_url": None, "retrieved": None},
        "provenance": {"requests.new_received.total": {"raw": str(i), "page": None, "bbox": None, "table": 1,
                                                       "row": 2, "col": 7, "line": 40}},
    }


def _ids(cut: list[list[dict]]) -> list[tuple[str, ...]]:
    return [tuple(r["id"] for r in segment) for segment in cut]


def test_a_report_added_changes_one_segment():
    reports = [_report(i) for i in range(0, 400, 2)]
    before = _ids(segments(reports))
    assert len(before) > 5 and max(map(len, before)) < len(reports)  # cut, and not into single reports
    added = sorted([*reports, _report(201)], key=lambda r: r["id"])
    after = _ids(segments(added))
    assert len(set(after) - set(before)) <= 2 and len(set(before) - set(after)) == 1


def test_the_assembled_files_read_as_one_table():
    reports = [_report(i) for i in range(60)]
    files = chunk_files(reports, "2023")
    assert len(segments(reports)) > 1
    text = files["2023/reports.csv"]
    assert text.count("report_id,") == 1 and text.count("\n") == len(reports) + 1
    records = json.loads(gzip.decompress(files["2023/reports.json.gz"]))
    assert [r["id"] for r in records] == [r["id"] for r in reports] and "provenance" not in records[0]
    tidy = pq.read_table(io.BytesIO(files["2023/tidy.parquet"])).to_pylist()
    assert len(tidy) == 2 * len(reports) and [row["report_id"] for row in tidy[::2]] == [r["id"] for r in reports]
    provenance = pq.read_table(io.BytesIO(files["2023/provenance.parquet"])).to_pylist()
    assert [row["raw"] for row in provenance] == [str(i) for i in range(60)]
    assert list(pq.read_table(io.BytesIO(files["2023/reports.parquet"])).column("report_id").to_pylist()) == \
        [r["id"] for r in reports]


def test_pieces_assembled_in_any_build_give_the_same_bytes():
    reports = [_report(i) for i in range(40)]
    cut = segments(reports)
    once = assemble("2023", [segment_pieces(s) for s in cut])
    again = assemble("2023", [segment_pieces(s) for s in cut])
    assert once == again == chunk_files(reports, "2023")
    assert list(once) == [f"2023/{name}" for name in datasets.DATASET_FILES if f"2023/{name}" in once]
