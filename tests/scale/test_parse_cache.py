"""The parse cache as builder/batch.py keeps it: records apart from their provenance (read back per
report), and a stat index that spares an unchanged file its hashing but never keeps a changed file
from being parsed again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from builder.batch import (
    CROSS_YEAR_DIR,
    INDEX_FILE,
    PROVENANCE_DIR,
    CrossYearKept,
    StatIndex,
    _fingerprint,
    cache_key,
    collect_reports,
    read_stat_index,
)
from builder.parse import parse_report

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "data" / "reports").rglob("*.txt"))
FIELD = "requests.new_received.total"


def _data(tmp_path: Path, count: int = 2) -> Path:
    folder = tmp_path / "data" / "reports"
    folder.mkdir(parents=True)
    for seed in SEEDS[:count]:
        shutil.copy(seed, folder / seed.name)
    return tmp_path / "data"


def test_records_come_without_provenance_and_collection_reads_it_back(tmp_path):
    data, cache = _data(tmp_path), tmp_path / "cache"
    out = collect_reports(data, cache, jobs=1)
    assert len(out.reports) == 2 and all("provenance" not in r for r in out.reports)
    for report in out.reports:
        parsed = parse_report(report["source"]["path"])
        assert parsed["provenance"] and out.provenance(report) == parsed["provenance"]
        (copy,) = out.with_provenance([report])
        assert copy["provenance"][FIELD] == parsed["provenance"][FIELD] and "provenance" not in report
    # From the cache: the same, read from the provenance files.
    again = collect_reports(data, cache, jobs=1)
    assert again.parsed == 0 and again.aside == {}
    assert [again.provenance(r) for r in again.reports] == [out.provenance(r) for r in out.reports]
    part = again.part(again.reports[:1])
    assert part.keys == {again.reports[0]["source"]["path"]: again.keys[again.reports[0]["source"]["path"]]}
    assert part.provenance(again.reports[0]) == out.provenance(out.reports[0])


def test_without_a_cache_the_provenance_is_kept_aside(tmp_path):
    out = collect_reports(_data(tmp_path, 1), None, jobs=1)
    (report,) = out.reports
    assert "provenance" not in report and out.provenance(report)[FIELD]["raw"]


def test_a_missing_provenance_file_means_a_parse(tmp_path):
    data, cache = _data(tmp_path, 1), tmp_path / "cache"
    collect_reports(data, cache, jobs=1)
    (entry,) = (cache / PROVENANCE_DIR).glob("*.json")
    entry.unlink()
    again = collect_reports(data, cache, jobs=1)
    assert again.parsed == 1 and again.provenance(again.reports[0])[FIELD]


def test_an_unchanged_file_is_not_hashed_again(tmp_path, monkeypatch, trusting):
    data, cache = _data(tmp_path), tmp_path / "cache"
    collect_reports(data, cache, jobs=1)
    index = read_stat_index(cache / INDEX_FILE)
    assert len(index["files"]) == 2 and index["fingerprint"] == _fingerprint()
    hashed = []
    monkeypatch.setattr("builder.batch.cache_key", lambda path: hashed.append(path) or cache_key(path))
    again = collect_reports(data, cache, jobs=1)
    assert again.parsed == 0 and hashed == []


@pytest.mark.parametrize("change", ["same size, mtime set back", "replaced by a copy", "sidecar added"])
def test_a_changed_file_is_parsed_again_whatever_its_mtime(tmp_path, change, trusting):
    data, cache = _data(tmp_path, 1), tmp_path / "cache"
    (path,) = (data / "reports").iterdir()
    first = collect_reports(data, cache, jobs=1)
    value = first.reports[0]["values"][FIELD]
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    if change == "same size, mtime set back":
        # The last 。 of the text made a ， (as many bytes), the old mtime put back: its ctime still moves.
        changed = text[::-1].replace("。", "，", 1)[::-1]
        assert changed != text and len(changed.encode()) == len(text.encode())
        path.write_text(changed, encoding="utf-8")
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    elif change == "replaced by a copy":
        shutil.copy2(path, tmp_path / "copy.txt")
        os.replace(tmp_path / "copy.txt", path)  # the same bytes: hashed again, found in the cache
    else:
        path.with_suffix(".yml").write_text("year: 2019\n", encoding="utf-8")
    again = collect_reports(data, cache, jobs=1)
    if change == "replaced by a copy":
        assert again.parsed == 0 and again.reports[0]["values"][FIELD] == value
    elif change == "sidecar added":
        assert again.parsed == 1 and again.reports[0]["year"] == 2019
    else:
        assert again.parsed == 1 and again.reports[0]["parts"] != first.reports[0]["parts"]


def test_a_file_written_just_now_is_not_trusted_by_the_index(tmp_path, monkeypatch):
    data, cache = _data(tmp_path, 1), tmp_path / "cache"
    (path,) = (data / "reports").iterdir()
    index = StatIndex(cache / INDEX_FILE, "code")
    key = index.key(path)
    index.save()
    assert key == cache_key(path)
    # Its mtime and ctime are within RACY_NS of the save: a write in the same timestamp tick would state alike.
    assert read_stat_index(cache / INDEX_FILE)["files"] == {}
    # Once old enough it is kept; under another parsing code the index is not used at all.
    monkeypatch.setattr("builder.batch.RACY_NS", 0)
    index = StatIndex(cache / INDEX_FILE, "code")
    index.key(path)
    index.save()
    assert len(StatIndex(cache / INDEX_FILE, "code").entries) == 1
    assert StatIndex(cache / INDEX_FILE, "other code").entries == {}


def test_cross_year_checks_are_kept_by_pair_and_made_again_when_a_year_changes(tmp_path):
    from tests.textreport import consistent_values, write_report

    folder = tmp_path / "data" / "reports"
    folder.mkdir(parents=True)
    first, second = consistent_values("2019"), consistent_values("2021")
    first["requests.carried_forward.total"] = first["requests.carried_forward.natural_person"] = 3
    # 2021 carries over 2, not the 3 that 2020 carried forward
    second["requests.carried_over.total"] = second["requests.carried_over.natural_person"] = 2
    (folder / "a-2020.txt").write_text(write_report(first, year=2020), encoding="utf-8")
    later = folder / "a-2021.txt"
    later.write_text(write_report(second, year=2021), encoding="utf-8")
    cache = tmp_path / "cache"

    def cross_year(out):
        return [c for r in out.reports for c in r["checks"] if c["rule"] == "cross_year"]

    out = collect_reports(tmp_path / "data", cache, jobs=1)
    assert len(cross_year(out)) >= 1
    kept = {name: checks for pairs in CrossYearKept(cache / CROSS_YEAR_DIR).loaded.values() for name, checks in pairs.items()}
    assert len(kept) == 1
    again = collect_reports(tmp_path / "data", cache, jobs=1)
    assert again.parsed == 0 and [r["checks"] for r in again.reports] == [r["checks"] for r in out.reports]
    second["requests.carried_over.total"] = second["requests.carried_over.natural_person"] = 3
    later.write_text(write_report(second, year=2021), encoding="utf-8")  # now it agrees
    fixed = collect_reports(tmp_path / "data", cache, jobs=1)
    assert fixed.parsed == 1 and cross_year(fixed) == []
    now = {name for pairs in CrossYearKept(cache / CROSS_YEAR_DIR).loaded.values() for name in pairs}
    assert len(now) == 1 and now != kept.keys()


def test_a_scan_that_finds_nothing_new_does_not_rewrite_the_index(tmp_path, monkeypatch):
    data, cache = _data(tmp_path, 2), tmp_path / "cache"
    monkeypatch.setattr("builder.batch.RACY_NS", 0)
    index = StatIndex(cache / INDEX_FILE, "code")
    keys = [index.key(path) for path in sorted((data / "reports").iterdir())]
    index.save()
    os.utime(cache / INDEX_FILE, ns=(10**18, 10**18))  # so that a rewrite would show
    again = StatIndex(cache / INDEX_FILE, "code")
    assert [again.key(path) for path in sorted((data / "reports").iterdir())] == keys
    again.save()
    assert (cache / INDEX_FILE).stat().st_mtime_ns == 10**18
    (data / "reports" / "new.txt").write_text("另一份", encoding="utf-8")  # one more file: written again
    third = StatIndex(cache / INDEX_FILE, "code")
    for path in sorted((data / "reports").iterdir()):
        third.key(path)
    third.save()
    assert (cache / INDEX_FILE).stat().st_mtime_ns != 10**18
    assert len(read_stat_index(cache / INDEX_FILE)["files"]) == 3
