"""The parse cache's record snapshot (builder/batch.py RecordSnapshot): a cached scan reads the records
from a few files instead of one JSON file a report, and is never wrong for it: a changed report is parsed
again, a parse file changed or removed under the snapshot is read again, a broken snapshot is ignored,
and one report changed rewrites at most two of its files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from builder.batch import PARSE_DIR, RECORDS_DIR, RecordSnapshot, collect_reports, report_files

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "data" / "reports").rglob("*.txt"))
FIELD = "requests.new_received.total"


def _data(tmp_path: Path) -> Path:
    folder = tmp_path / "data" / "reports"
    folder.mkdir(parents=True)
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
        sidecar = seed.with_suffix(".yml")
        if sidecar.is_file():
            shutil.copy(sidecar, folder / sidecar.name)
    return tmp_path / "data"


def _records(out) -> list[dict]:
    return sorted((r for r in out.reports), key=lambda r: r["id"])


def test_a_cached_scan_reads_the_snapshot_and_gives_the_same_records(tmp_path, trusting):
    data, cache = _data(tmp_path), tmp_path / "cache"
    first = collect_reports(data, cache, jobs=1)
    assert first.parsed == len(SEEDS) and list((cache / RECORDS_DIR).glob("*.pickle"))
    again = collect_reports(data, cache, jobs=1)
    assert again.parsed == 0 and _records(again) == _records(first)
    # The snapshot holds every report's parse, each a copy of its parse file's record.
    snapshot = RecordSnapshot(cache)
    entries = {key: value for shard in snapshot.loaded.values() for key, (_stat, value) in shard.items()}
    assert set(entries) == set(first.keys.values())
    for key, (status, record) in entries.items():
        on_disk = json.loads((cache / PARSE_DIR / f"{key}.json").read_text(encoding="utf-8"))
        assert status == on_disk[0] == "ok" and record == on_disk[1]


def test_a_changed_report_is_parsed_again_and_its_old_entry_dropped(tmp_path, trusting):
    data, cache = _data(tmp_path), tmp_path / "cache"
    first = collect_reports(data, cache, jobs=1)
    path = report_files(data)[0]
    old_key = first.keys[path.as_posix()]
    shards = {p.name: p.stat().st_mtime_ns for p in (cache / RECORDS_DIR).glob("*.pickle")}
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("一、总体情况", "一、总体情况\n\n本年度新增一句用于测试的说明。", 1), encoding="utf-8")
    again = collect_reports(data, cache, jobs=1)
    assert again.parsed == 1
    new_key = again.keys[path.as_posix()]
    assert new_key != old_key
    (report,) = [r for r in again.reports if r["source"]["path"] == path.as_posix()]
    assert "本年度新增一句用于测试的说明" in report["parts"]["overview"]
    held = {key for shard in RecordSnapshot(cache).loaded.values() for key in shard}
    assert new_key in held and old_key not in held
    # One report changed: the shards of its old and new keys rewritten, no other.
    now = {p.name: p.stat().st_mtime_ns for p in (cache / RECORDS_DIR).glob("*.pickle")}
    rewritten = {name for name in now.keys() | shards.keys() if now.get(name) != shards.get(name)}
    assert rewritten <= {f"{old_key[0]}.pickle", f"{new_key[0]}.pickle"} and rewritten


def test_a_parse_file_changed_under_the_snapshot_is_read_again(tmp_path, trusting):
    """The per-report files are the cache: an entry is trusted only while its file states as it did."""
    data, cache = _data(tmp_path), tmp_path / "cache"
    first = collect_reports(data, cache, jobs=1)
    path = report_files(data)[0].as_posix()
    target = cache / PARSE_DIR / f"{first.keys[path]}.json"
    status, record = json.loads(target.read_text(encoding="utf-8"))
    record["values"][FIELD] = 123456
    target.write_text(json.dumps([status, record], ensure_ascii=False), encoding="utf-8")
    again = collect_reports(data, cache, jobs=1)
    assert again.parsed == 0
    (report,) = [r for r in again.reports if r["source"]["path"] == path]
    assert report["values"][FIELD] == 123456
    # Removed, it is parsed again (the snapshot does not stand in for a missing file).
    target.unlink()
    third = collect_reports(data, cache, jobs=1)
    assert third.parsed == 1
    (report,) = [r for r in third.reports if r["source"]["path"] == path]
    assert report["values"][FIELD] == next(r for r in first.reports if r["source"]["path"] == path)["values"][FIELD]


@pytest.mark.parametrize("broken", [b"", b"not a pickle", b"\x80\x05K\x05."])  # (the last: a pickled 5)
def test_a_broken_snapshot_file_is_ignored(tmp_path, trusting, broken):
    data, cache = _data(tmp_path), tmp_path / "cache"
    first = collect_reports(data, cache, jobs=1)
    for shard in (cache / RECORDS_DIR).glob("*.pickle"):
        shard.write_bytes(broken)
    again = collect_reports(data, cache, jobs=1)
    assert again.parsed == 0 and _records(again) == _records(first)
    assert RecordSnapshot(cache).loaded  # written whole again
