"""The parse cache's stat index (builder/batch.py StatIndex: which cache key each report file had, by its stat and
its git blob id) is kept through builder/cache_format.py like every other kept file: one planted in the cache (a
checkout's force-added .cache/) that gives a report another report's key is refused, the files are hashed, and
the build publishes each report's own record."""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

import msgpack

from builder import cache_format
from builder.batch import (
    _INDEX_FORMAT,
    _INDEX_KIND,
    INDEX_FILE,
    OLD_INDEX_FILE,
    cache_key,
    collect_reports,
    read_stat_index,
)
from builder.site import build_site

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "data" / "reports").rglob("*.txt"))[:2]


def _data(tmp_path: Path) -> Path:
    folder = tmp_path / "data" / "reports"
    folder.mkdir(parents=True)
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
    return tmp_path / "data"


def _swapped(index: dict) -> dict:
    """The index with its two files' keys exchanged: each would get the other's cached record."""
    (a, (sig_a, key_a)), (b, (sig_b, key_b)) = sorted(index["files"].items())
    return {**index, "files": {a: [sig_a, key_b], b: [sig_b, key_a]}}


def test_a_planted_stat_index_is_refused_and_the_build_publishes_each_reports_own_record(tmp_path, monkeypatch):
    monkeypatch.setattr("builder.batch.RACY_NS", 0)  # (the files were copied just now: else none is kept)
    data, cache = _data(tmp_path), tmp_path / "cache"
    first = collect_reports(data, cache, jobs=1)
    own = {r["source"]["path"]: (r["id"], r["values"]) for r in first.reports}
    assert len(own) == 2 and len({i for i, _v in own.values()}) == 2
    index = read_stat_index(cache / INDEX_FILE)
    assert index is not None and len(index["files"]) == 2
    raw = (cache / INDEX_FILE).read_bytes()
    assert raw.startswith(cache_format.MAGIC) and not (cache / OLD_INDEX_FILE).exists()

    planted = _swapped(index)
    payload = msgpack.packb(planted, use_bin_type=True)
    header = struct.pack(">7sBB32s", cache_format.MAGIC, _INDEX_KIND, _INDEX_FORMAT, b"\0" * 32)  # no key: a forged tag
    for bad in (header + payload, cache_format.dumps(planted, _INDEX_KIND, _INDEX_FORMAT)[:-3]):
        (cache / INDEX_FILE).write_bytes(bad)
        (cache / OLD_INDEX_FILE).write_text(json.dumps(planted), encoding="utf-8")  # the old format: never read
        assert read_stat_index(cache / INDEX_FILE) is None
        again = collect_reports(data, cache, jobs=1)
        assert again.parsed == 0
        assert {r["source"]["path"]: (r["id"], r["values"]) for r in again.reports} == own
        assert all(again.keys[p] == cache_key(Path(p)) for p in own)
        # Written again by this build, under its key (and the old file gone).
        assert read_stat_index(cache / INDEX_FILE)["files"] == index["files"]
        assert not (cache / OLD_INDEX_FILE).exists()

    # The same planted index before a whole build: it still succeeds, with each report's own page.
    (cache / INDEX_FILE).write_bytes(header + payload)
    result = build_site(data, tmp_path / "site", jobs=1, build_dir=tmp_path / "site-build", cache_dir=cache)
    assert result.reports == 2 and result.failures == 0
    for path, (report_id, _values) in own.items():
        assert report_id in json.dumps(sorted(p.name for p in (tmp_path / "site").rglob("*")), ensure_ascii=False) \
            or any(report_id in p.read_text(encoding="utf-8", errors="replace")
                   for p in (tmp_path / "site").rglob("index.html")), path
