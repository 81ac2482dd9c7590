"""Stop 20 review: builder.cache_format bounds what a cache file may be (MAX_BYTES), but its callers read the
whole file first (path.read_bytes()) and only then compare its length: a planted or runaway file in
cache/records/ or site-build/ was read into memory whole before being refused. Every parser input has
bounded memory: a file past the bound is a miss without being read."""

from __future__ import annotations

import tracemalloc

from builder import batch, cache_format, site

BIG = 8 << 20  # bytes of the planted file; the bound is set far below it


def _peak_while(call) -> int:
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_an_oversized_snapshot_shard_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_format, "MAX_BYTES", 1 << 16)
    records = tmp_path / batch.RECORDS_DIR
    records.mkdir()
    (records / f"0{batch._SNAPSHOT_SUFFIX}").write_bytes(b"\0" * BIG)
    (tmp_path / "parse").mkdir()
    holder = {}
    peak = _peak_while(lambda: holder.setdefault("s", batch.RecordSnapshot(tmp_path)))
    assert holder["s"].loaded == {}
    assert peak < BIG // 2, peak


def test_an_oversized_pieces_file_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_format, "MAX_BYTES", 1 << 16)
    path = tmp_path / f"k{site.PIECES_SUFFIX}"
    path.write_bytes(b"\0" * BIG)
    got = {}
    peak = _peak_while(lambda: got.setdefault("p", site._kept_pieces(path)))
    assert got["p"] is None
    assert peak < BIG // 2, peak
