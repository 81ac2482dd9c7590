"""The parse cache's record snapshot (builder/batch.py RecordSnapshot): a cached scan reads the records
from a few files instead of one JSON file a report, and is never wrong for it: a changed report is parsed
again, a parse file changed or removed under the snapshot is read again, a broken snapshot is ignored,
and one report changed rewrites at most two of its files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from builder.batch import PARSE_DIR, RECORDS_DIR, RecordSnapshot, _shard, collect_reports, report_files

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
    assert first.parsed == len(SEEDS) and list((cache / RECORDS_DIR).glob("*.msgpack"))
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
    shards = {p.name: p.stat().st_mtime_ns for p in (cache / RECORDS_DIR).glob("*.msgpack")}
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
    now = {p.name: p.stat().st_mtime_ns for p in (cache / RECORDS_DIR).glob("*.msgpack")}
    rewritten = {name for name in now.keys() | shards.keys() if now.get(name) != shards.get(name)}
    assert rewritten <= {f"{_shard(old_key)}.msgpack", f"{_shard(new_key)}.msgpack"} and rewritten


def test_a_parse_file_changed_under_the_snapshot_is_read_again(tmp_path, trusting):
    """The per-report files are the cache: an entry is trusted only while its file is there at its size."""
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


def _hostile(marker: Path) -> list[bytes]:
    """Files a checkout could carry in place of a shard: a pickle that would run code, MessagePack of another
    shape or with an extension type, and this build's own shard altered or cut short."""
    import pickle

    import msgpack

    from builder import cache_format

    class Runs:
        def __reduce__(self):
            return (open, (str(marker), "w"))  # (creates marker when unpickled)

    exploit = pickle.dumps({"format": 1, "entries": {}, "x": Runs()})
    return [b"", b"not a cache", b"\x80\x05K\x05.", exploit,
            cache_format.dumps({"shapes": [], "entries": [["k", [1], "ok", {"values": None}, {"values": [7, []]}]]}, 1, 2),
            cache_format.dumps({"shapes": [], "entries": [[1, 2, 3]]}, 1, 2),
            cache_format.MAGIC + bytes([1, 2]) + b"\0\0\0\0" + msgpack.packb(msgpack.ExtType(3, b"x")),
            cache_format.dumps(5, 1, 1)]


@pytest.mark.parametrize("which", range(8))
def test_a_hostile_or_broken_snapshot_file_is_a_miss_and_runs_nothing(tmp_path, trusting, which):
    data, cache = _data(tmp_path), tmp_path / "cache"
    first = collect_reports(data, cache, jobs=1)
    marker = tmp_path / "ran"
    broken = _hostile(marker)[which]
    for shard in (cache / RECORDS_DIR).glob("*.msgpack"):
        shard.write_bytes(broken)
        shard.with_suffix(".pickle").write_bytes(broken)  # (the old format's path: never read)
    again = collect_reports(data, cache, jobs=1)
    assert again.parsed == 0 and _records(again) == _records(first)
    assert not marker.exists()
    assert RecordSnapshot(cache).loaded and not list((cache / RECORDS_DIR).glob("*.pickle"))


def test_an_altered_or_cut_short_shard_is_a_miss(tmp_path, trusting):
    data, cache = _data(tmp_path), tmp_path / "cache"
    first = collect_reports(data, cache, jobs=1)
    shards = list((cache / RECORDS_DIR).glob("*.msgpack"))
    for shard in shards:
        good = shard.read_bytes()
        flipped = bytearray(good)
        flipped[len(good) // 2] ^= 0x01  # one bit of a record: the CRC no longer holds
        shard.write_bytes(bytes(flipped))
        assert shard.stem not in RecordSnapshot(cache).loaded
        shard.write_bytes(good[:-3])
        assert shard.stem not in RecordSnapshot(cache).loaded
    again = collect_reports(data, cache, jobs=1)
    assert again.parsed == 0 and _records(again) == _records(first)


def test_a_parse_cache_restored_elsewhere_is_still_a_hit(tmp_path, trusting):
    """A parse cache copied or restored (actions/cache: tar, so new inodes and ctimes, the mtimes kept) is read
    from the snapshot, not file by file: before, a whole-stat check made every entry a miss there, so every
    deploy read every parse file again and rewrote every shard."""
    import os
    import shutil
    import tarfile

    from builder import batch

    data, cache = _data(tmp_path), tmp_path / "cache"
    first = collect_reports(data, cache, jobs=1)
    with tarfile.open(tmp_path / "cache.tar", "w") as tar:
        tar.add(cache, arcname="cache")
    shutil.rmtree(cache)
    with tarfile.open(tmp_path / "cache.tar") as tar:
        tar.extractall(tmp_path, filter="data")
    shards = {p.name: p.stat().st_mtime_ns for p in (cache / RECORDS_DIR).glob("*.msgpack")}
    read = []
    real = batch._read_cached
    batch._read_cached = lambda target: read.append(target) or real(target)  # (counted, still read)
    try:
        again = collect_reports(data, cache, jobs=1)
    finally:
        batch._read_cached = real
    assert again.parsed == 0 and _records(again) == _records(first)
    assert read == []  # not one parse file read: every record from the snapshot
    assert {p.name: p.stat().st_mtime_ns for p in (cache / RECORDS_DIR).glob("*.msgpack")} == shards
    # A parse file of another size (cut short, replaced by another) is read again.
    target = cache / PARSE_DIR / f"{first.keys[report_files(data)[0].as_posix()]}.json"
    with open(target, "ab") as handle:
        handle.write(b" ")
    os.utime(target, ns=(0, 0))
    batch._read_cached = lambda target: read.append(target) or real(target)
    try:
        assert collect_reports(data, cache, jobs=1).parsed == 0
    finally:
        batch._read_cached = real
    assert read == [target]


@pytest.mark.parametrize("broken", [b"", b"not a pickle", b"\x80\x05K\x05."])  # (the last: a pickled 5)
def test_a_broken_snapshot_file_is_ignored(tmp_path, trusting, broken):
    data, cache = _data(tmp_path), tmp_path / "cache"
    first = collect_reports(data, cache, jobs=1)
    for shard in (cache / RECORDS_DIR).glob("*.msgpack"):
        shard.write_bytes(broken)
    again = collect_reports(data, cache, jobs=1)
    assert again.parsed == 0 and _records(again) == _records(first)
    assert RecordSnapshot(cache).loaded  # written whole again
