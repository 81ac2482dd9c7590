"""builder/site.py _chunk_pieces: a report changed reads back, of the kept segments' Arrow tables, only those of
the row groups encoded again — a segment in the wide table's changed group (32 segments) but outside the long
tables' changed ones (8) has its wide table read, not its four long ones — and the files are a clean build's."""

from __future__ import annotations

import copy
from pathlib import Path

from builder import cache_format
from builder.export.datasets import _PACKED_LENGTH, parquet_groups, segments
from builder.pages.docs_tree import content_hash
from builder.site import PIECES, PIECES_FORMAT, TABLES_SUFFIX, _kept_pieces
from tests.site.records import synthetic_report
from tests.site.test_downloads_kept_keys import _build  # (the downloads alone, as a build writes them)


def _reports() -> list[dict]:
    return sorted((synthetic_report(i) for i in range(300)), key=lambda r: r["id"])


def test_a_change_reads_only_the_tables_of_the_row_groups_encoded_again(tmp_path):
    reports = _reports()
    root = tmp_path / "incremental"
    _build(reports, root)
    cut = segments(reports)
    groups = parquet_groups([segment[0]["id"] for segment in cut], None)
    long_groups, wide_groups = groups["values"], groups["reports"]
    assert len(long_groups) > 1 and len(wide_groups) < len(long_groups)  # (the data is long enough for both)
    changed_segment = 0
    wide = next(group for group, _key in wide_groups if changed_segment in group)
    long = next(group for group, _key in long_groups if changed_segment in group)
    outside = [i for i in wide if i not in long]
    assert outside
    # The long tables of the segments outside the changed long group made garbage (still well formed): read back,
    # they would be a miss, their pieces made again and their tables file written anew.
    keys = [content_hash("code", [content_hash(r) for r in segment]) for segment in cut]
    planted = {}
    for i in outside:
        path = root / "build" / PIECES / f"{keys[i]}{TABLES_SUFFIX}.msgpack"
        tables = _kept_pieces(path)["tables"]
        tables.update({name: _PACKED_LENGTH.pack(64) + b"garbage" for name in ("values", "tidy", "provenance", "checks")})
        path.write_bytes(cache_format.dumps({"tables": tables}, 2, PIECES_FORMAT))
        planted[path] = path.read_bytes()

    changed = copy.deepcopy(reports)
    changed[0]["values"]["requests.new_received.total"] = 4321  # (report 0 is in segment 0)
    after = _build(changed, root)
    assert after == _build(changed, tmp_path / "clean")
    assert all(path.read_bytes() == data for path, data in planted.items())  # (not read: not made again)


def test_a_change_reads_the_text_rows_of_its_run_alone(tmp_path):
    """The text files' rows of the runs not made again come from the runs' kept files: a segment's own pieces
    outside the changed run are not read (planted text there would be in reports.csv), and the files are a clean
    build's; without the runs' files, every run is made again from its segments, the same bytes."""
    reports = _reports()
    root = tmp_path / "incremental"
    _build(reports, root)
    cut = segments(reports)
    runs = parquet_groups([segment[0]["id"] for segment in cut], None)["text"]
    assert len(runs) > 1
    changed_run = next(group for group, _key in runs if 0 in group)
    keys = [content_hash("code", [content_hash(r) for r in segment]) for segment in cut]
    for i in range(len(cut)):
        if i in changed_run:
            continue
        path = root / "build" / PIECES / f"{keys[i]}.msgpack"
        pieces = _kept_pieces(path)
        path.write_bytes(cache_format.dumps({**pieces, "reports.csv": "PLANTED\n"}, 2, PIECES_FORMAT))

    changed = copy.deepcopy(reports)
    changed[0]["values"]["requests.new_received.total"] = 4321
    after = _build(changed, root)
    assert b"PLANTED" not in after["downloads/2023/reports.csv"]
    assert after == _build(changed, tmp_path / "clean")


def test_kept_files_of_another_shape_under_a_row_groups_or_runs_name_are_made_again(tmp_path):
    """Each kept shape (a segment's pieces, its tables, a wide row group, a run's parts) is well formed, but one
    under another's name (swapped, planted) is a miss: the files are a clean build's, never a crash."""
    reports = _reports()
    root = tmp_path / "incremental"
    _build(reports, root)
    by_shape: dict[str, list[Path]] = {}
    for path in sorted((root / "build" / PIECES).glob("*.msgpack")):
        pieces = _kept_pieces(path)
        shape = "segment" if "first" in pieces else "tables" if "tables" in pieces else "run" if "text" in pieces else "wide"
        by_shape.setdefault(shape, []).append(path)
    assert set(by_shape) == {"segment", "tables", "run", "wide"}
    run, wide, segment = by_shape["run"][0], by_shape["wide"][0], by_shape["segment"][0]
    run_bytes, wide_bytes = run.read_bytes(), wide.read_bytes()
    run.write_bytes(wide_bytes)
    wide.write_bytes(run_bytes)
    by_shape["run"][1].write_bytes(segment.read_bytes())
    changed = copy.deepcopy(reports)
    changed[-1]["values"]["requests.new_received.total"] = 999  # (a build that reads the kept runs and groups)
    assert _build(changed, root) == _build(changed, tmp_path / "clean")
