"""The explorer's rows are made once per report view and kept between builds (builder.pages.explorer.Rows):
files made from kept rows are the files made afresh, a changed view gets its row made again, and a
kept file that is not ours (another code, broken bytes) is made again, never read as rows."""

from __future__ import annotations

import json

from builder import cache_format
from builder.pages import explorer


def _report(n: int, received: int, year: int = 2023) -> dict:
    return {"id": f"body-{n}-{year}", "agency": f"机构{n}", "agency_id": f"body-{n}", "year": year, "level": "county",
            "region": {"province": "江苏省", "city": "南京市"}, "checks": [],
            "values": {"requests.new_received.total": received, "requests.total_processed.total": received}}


def _rank_rows(files: dict, key: str) -> list:
    return json.loads(files[explorer.rank_file(2023, key)])["rows"]


def test_files_from_kept_rows_are_the_files_made_afresh(tmp_path):
    reports = [_report(n, 10 * n + 3) for n in range(12)]
    hashes = {r["id"]: f"view-{r['id']}" for r in reports}
    fresh = {**explorer.rank_files(2023, reports), **explorer.chunk_files(reports, "2023")}
    path = tmp_path / "explorer-rows.msgpack"
    first = explorer.Rows(hashes, path, "code-1")
    assert {**explorer.rank_files(2023, reports, first), **explorer.chunk_files(reports, "2023", first)} == fresh
    assert first.made == 12  # once each, for every rank file and the chunk's
    first.save()
    again = explorer.Rows(hashes, path, "code-1")
    assert {**explorer.rank_files(2023, reports, again), **explorer.chunk_files(reports, "2023", again)} == fresh
    assert again.made == 0
    assert _rank_rows(fresh, "received")[0][0] == "body-11-2023"  # the largest first


def test_a_changed_view_is_made_again_and_gone_views_are_dropped(tmp_path):
    reports = [_report(n, 10 * n + 3) for n in range(6)]
    path = tmp_path / "explorer-rows.msgpack"
    rows = explorer.Rows({r["id"]: f"v1-{r['id']}" for r in reports}, path, "code-1")
    explorer.chunk_files(reports, "2023", rows)
    rows.save()
    # body-0 now received the most, its view hash changed; body-5 left the collection.
    changed = [_report(0, 999), *reports[1:5]]
    hashes = {r["id"]: f"v1-{r['id']}" for r in changed} | {"body-0-2023": "v2-body-0-2023"}
    rows = explorer.Rows(hashes, path, "code-1")
    files = explorer.rank_files(2023, changed, rows)
    assert rows.made == 1
    assert _rank_rows(files, "received")[0][0] == "body-0-2023"
    assert files == explorer.rank_files(2023, changed)
    rows.save()
    kept = cache_format.read(path, explorer.ROWS_KIND, explorer.ROWS_FORMAT)["rows"]
    assert sorted(kept) == sorted(hashes.values())


def test_rows_kept_by_another_code_or_broken_are_made_again(tmp_path):
    reports = [_report(n, n + 1) for n in range(3)]
    hashes = {r["id"]: f"view-{r['id']}" for r in reports}
    path = tmp_path / "explorer-rows.msgpack"
    fresh = explorer.chunk_files(reports, "2023")
    rows = explorer.Rows(hashes, path, "code-1")
    explorer.chunk_files(reports, "2023", rows)
    rows.save()
    other = explorer.Rows(hashes, path, "code-2")
    assert explorer.chunk_files(reports, "2023", other) == fresh and other.made == 3
    # A kept entry of the wrong shape, and a file that is not JSON: made again, the same files.
    state = cache_format.read(path, explorer.ROWS_KIND, explorer.ROWS_FORMAT)
    state["rows"]["view-body-0-2023"] = ["<script>", "not sort values"]
    path.write_bytes(cache_format.dumps(state, explorer.ROWS_KIND, explorer.ROWS_FORMAT))
    shaped = explorer.Rows(hashes, path, "code-1")
    assert explorer.chunk_files(reports, "2023", shaped) == fresh and shaped.made == 1
    path.write_bytes(b"\x80\x04not json")
    broken = explorer.Rows(hashes, path, "code-1")
    assert explorer.chunk_files(reports, "2023", broken) == fresh and broken.made == 3
