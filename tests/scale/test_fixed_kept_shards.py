"""What a rebuild keeps of its scan is kept in shards, each rewritten only when what it holds changed, so that one
report added rewrites a bounded part, not the whole collection's: the cross-year checks (cache/cross-year/, 64
files by the pair's name) and the record snapshot (cache/records/, 64 files by the parse key). A kept shard that
is not one a build wrote, or not of the shape it writes, is a miss: its checks are computed again."""

from __future__ import annotations

import json

from builder import cache_format
from builder.batch import (
    _CROSS_YEAR_KIND,
    CROSS_YEAR_DIR,
    OLD_CROSS_YEAR_FILE,
    RECORDS_DIR,
    CrossYearKept,
    _add_cross_year_checks,
    collect_reports,
)
from tests.textreport import consistent_values, write_report

AGENCIES = ["兴庆区月牙湖乡人民政府", "金凤区良田镇人民政府", "西夏区兴泾镇人民政府", "永宁县望洪镇人民政府",
            "贺兰县立岗镇人民政府", "灵武市临河镇人民政府"]


def _write(folder, agency: str, year: int, carried: int) -> None:
    values = consistent_values(str(year))
    # Each year carries forward `carried`, and says it carried over 1: a cross_year warning on every pair.
    values["requests.carried_forward.total"] = values["requests.carried_forward.natural_person"] = carried
    values["requests.carried_over.total"] = values["requests.carried_over.natural_person"] = 1
    (folder / f"{agency}-{year}.txt").write_text(write_report(values, agency=agency, year=year), encoding="utf-8")


def _data(tmp_path):
    folder = tmp_path / "data" / "reports"
    folder.mkdir(parents=True)
    for agency in AGENCIES:
        for year in (2020, 2021):
            _write(folder, agency, year, 3)
    return tmp_path / "data", folder


def _mtimes(folder) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.msgpack")}


def _cross_year(out) -> dict[str, list]:
    return {r["id"]: [c for c in r["checks"] if c["rule"] == "cross_year"] for r in out.reports}


def test_one_report_added_rewrites_one_shard_of_the_checks_and_of_the_records(tmp_path, trusting):
    data, folder = _data(tmp_path)
    cache = tmp_path / "cache"
    (cache / OLD_CROSS_YEAR_FILE).parent.mkdir(parents=True)
    (cache / OLD_CROSS_YEAR_FILE).write_text("{}", encoding="utf-8")  # (the old single file: removed)
    first = collect_reports(data, cache, jobs=2)
    assert len(first.reports) == 12 and not first.failures
    assert sum(map(len, _cross_year(first).values())) >= 6  # every pair warns
    assert not (cache / OLD_CROSS_YEAR_FILE).exists()
    kept = CrossYearKept(cache / CROSS_YEAR_DIR)
    assert sum(map(len, kept.loaded.values())) == 6
    pairs_before, records_before = _mtimes(cache / CROSS_YEAR_DIR), _mtimes(cache / RECORDS_DIR)

    _write(folder, AGENCIES[0], 2022, 3)  # one report added: one more pair
    again = collect_reports(data, cache, jobs=1)
    assert again.parsed == 1 and len(again.reports) == 13
    pairs_after, records_after = _mtimes(cache / CROSS_YEAR_DIR), _mtimes(cache / RECORDS_DIR)
    rewritten = {n for n in pairs_after.keys() | pairs_before.keys() if pairs_after.get(n) != pairs_before.get(n)}
    assert len(rewritten) == 1 and sum(map(len, CrossYearKept(cache / CROSS_YEAR_DIR).loaded.values())) == 7
    rewritten = {n for n in records_after.keys() | records_before.keys() if records_after.get(n) != records_before.get(n)}
    assert len(rewritten) == 1
    # The checks read back are those computed afresh without a cache.
    clean = collect_reports(data, None, jobs=1)
    assert _cross_year(again) == _cross_year(clean)
    assert all(_cross_year(again)[r["id"]] for r in again.reports if r["year"] != 2020)  # (every later year warns)
    # Nothing changed: nothing rewritten.
    collect_reports(data, cache, jobs=1)
    assert _mtimes(cache / CROSS_YEAR_DIR) == pairs_after and _mtimes(cache / RECORDS_DIR) == records_after


def _planted(checks) -> bytes:
    return cache_format.dumps(checks, _CROSS_YEAR_KIND, 1)


def test_a_kept_shard_of_another_shape_is_a_miss(tmp_path, trusting):
    data, _folder = _data(tmp_path)
    cache = tmp_path / "cache"
    first = collect_reports(data, cache, jobs=2)
    expected = _cross_year(first)
    shards = sorted((cache / CROSS_YEAR_DIR).glob("*.msgpack"))
    good = {shard: cache_format.read(shard, _CROSS_YEAR_KIND, 1) for shard in shards}
    one_check = next(checks[0] for pairs in good.values() for checks in pairs.values() if checks)
    for planted in (
        lambda name, shard: {name: [{**one_check, "message": 7}]},  # a message that is no text
        lambda name, shard: {name: [{**one_check, "script": "<script>"}]},  # a key a check has not
        lambda name, shard: {("ff" if shard != "3f" else "00") + name[2:]: [one_check]},  # a name of another shard
        lambda name, shard: {name: "checks"},
        lambda name, shard: [name],
    ):
        for shard in shards:
            name = next(iter(good[shard]))
            shard.write_bytes(_planted(planted(name, shard.stem)))
        assert CrossYearKept(cache / CROSS_YEAR_DIR).loaded == {}
        again = collect_reports(data, cache, jobs=1)
        assert again.parsed == 0 and _cross_year(again) == expected
        # ... and written again whole by that build.
        assert {shard: cache_format.read(shard, _CROSS_YEAR_KIND, 1) for shard in shards} == good
    for shard in shards:  # cut short: a miss too
        shard.write_bytes(shard.read_bytes()[:-2])
    assert _cross_year(collect_reports(data, cache, jobs=1)) == expected


def test_a_kept_pair_is_what_the_build_reads(tmp_path, trusting):
    """The kept checks are used as kept (not computed again): a well-formed kept check reaches the record."""
    data, _folder = _data(tmp_path)
    cache = tmp_path / "cache"
    collect_reports(data, cache, jobs=2)
    shard = sorted((cache / CROSS_YEAR_DIR).glob("*.msgpack"))[0]
    pairs = cache_format.read(shard, _CROSS_YEAR_KIND, 1)
    name = next(iter(pairs))
    pairs[name] = [{**pairs[name][0], "message": "kept message"}]
    shard.write_bytes(_planted(pairs))
    again = collect_reports(data, cache, jobs=1)
    assert [c["message"] for checks in _cross_year(again).values() for c in checks].count("kept message") == 1
    assert json.dumps(_add_cross_year_checks([], {}, cache)) == "null"  # (no pair: the shards removed)
    assert not list((cache / CROSS_YEAR_DIR).glob("*.msgpack"))
