"""Stop 20 review: build/explorer-rows.json (now .msgpack; builder.pages.explorer.Rows) is read back with only its outer
shape checked: a kept entry whose sort values are not numbers (an altered or foreign file that keeps the
code's fingerprint) made the rank sort raise TypeError and stopped the build. Such an entry is a miss: the row is
made again, and the files are those made afresh. (The kept line itself is trusted as build state, like
build/docs-state.json: checking it is a JSON row would cost a json.loads a report, ~50 ms at 10,000.)"""

from __future__ import annotations

from builder import cache_format
from builder.pages import explorer


def _report(n: int, received: int) -> dict:
    return {"id": f"body-{n}-2023", "agency": f"机构{n}", "agency_id": f"body-{n}", "year": 2023, "level": "county",
            "region": {"province": "江苏省", "city": "南京市"}, "checks": [],
            "values": {"requests.new_received.total": received, "requests.total_processed.total": received}}


def _files(reports, rows=None):
    return {**explorer.rank_files(2023, reports, rows), **explorer.chunk_files(reports, "2023", rows)}


def _planted(tmp_path, reports, hashes, entry):
    path = tmp_path / "explorer-rows.msgpack"  # (one a build of this key wrote: its shape alone is wrong)
    path.write_bytes(cache_format.dumps({"code": "code-1", "rows": {hashes[reports[0]["id"]]: entry}},
                                        explorer.ROWS_KIND, explorer.ROWS_FORMAT))
    return explorer.Rows(hashes, path, "code-1")


def test_sort_values_not_numbers_are_a_miss(tmp_path):
    reports = [_report(n, 10 * n + 3) for n in range(5)]
    hashes = {r["id"]: f"view-{r['id']}" for r in reports}
    rows = _planted(tmp_path, reports, hashes, ["[]", ["x"] * len(explorer.RANK_KEYS)])
    assert _files(reports, rows) == _files(reports)

