"""A large year's national ranking in the explorer, in Chromium: it opens from one rank file (the year's
200 rows with the most new requests, builder/pages/explorer.py rank_files) instead of the whole year,
and the whole year loads when more rows, a name or the CSV are asked for, in the same order.

No site is built: the explorer's files (written by builder.pages.explorer over 1,100 synthetic
reports of one year, past RANK_FROM) are served beside assets/explorer.js and a bare page.
"""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

from builder.export import chunks
from builder.pages import explorer
from tests.conftest import REPO, serve

pytestmark = pytest.mark.browser

N = 1_100
PAGE = """<!doctype html><meta charset="utf-8"><title>浏览</title>
<div id="explorer" data-root="../" data-manifest="../explorer/index.json"></div>
<script src="../assets/explorer.js"></script>
"""


def _report(i: int) -> dict:
    # Every seventh body the same count (ties keep the whole year's order), every tenth no count.
    received = None if i % 10 == 3 else (i * 37) % 1000 + (0 if i % 7 else 5000)
    return {"id": f"body-{i:04d}-2023", "agency": f"第{i:04d}号机构", "agency_id": f"body-{i:04d}", "year": 2023,
            "level": "county", "region": {"province": ("江苏省", "浙江省")[i % 2]}, "checks": [],
            "template": {}, "values": {"requests.new_received.total": received,
                                       "requests.total_processed.total": i % 50}}


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    assert N > explorer.RANK_FROM
    root = tmp_path_factory.mktemp("rank")
    reports = [_report(i) for i in range(N)]
    parts = chunks(reports)
    files = {**explorer.manifest_files(parts), **explorer.year_rank_files(parts, 2023)}
    for chunk, members in parts.items():
        files.update(explorer.chunk_files(members, chunk))
    files["explorer/index.html"] = PAGE
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "assets").mkdir()
    shutil.copy(REPO / "site_src/assets/explorer.js", root / "assets/explorer.js")
    with serve(root) as address:
        yield address


@pytest.fixture
def page(browser, url):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1366, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.fetched = []
    tab.on("request", lambda r: tab.fetched.append(r.url.split("/", 3)[3]))
    yield tab
    assert errors == []
    context.close()


def _names(page) -> list[str]:
    return page.eval_on_selector_all("table.explorer-table tbody th a", "links => links.map(a => a.textContent)")


def _rows(page, count: int) -> None:
    page.wait_for_function(f"document.querySelectorAll('table.explorer-table tbody tr').length === {count}")


def _expected(key: str) -> list[str]:
    """The year's names sorted as the explorer sorts the whole year: largest first, blanks last, ties in
    the order of its files (the chunks in the manifest's order, each by report id)."""
    reports = [_report(i) for i in range(N)]
    parts = chunks(reports)
    ordered = [r for members in parts.values() for r in sorted(members, key=lambda r: r["id"])]
    fields = {"received": "requests.new_received.total", "processed": "requests.total_processed.total"}[key]
    ranked = sorted(ordered, key=lambda r: (r["values"][fields] is None, -(r["values"][fields] or 0)))
    return [r["agency"] for r in ranked]


def test_a_large_year_opens_on_its_ranking_from_one_file_and_loads_the_year_for_more(page, url):
    page.goto(url + "explorer/?year=2023")
    _rows(page, 200)
    assert "sort=-received" in page.url
    assert [f for f in page.fetched if f.startswith("explorer/")] == [
        "explorer/?year=2023", "explorer/index.json", "explorer/rank/2023/received.json"]
    assert "共 1,100 份报告" in page.text_content(".explorer-status")
    assert _names(page) == _expected("received")[:200]
    page.click("button.explorer-more")  # past the rank file: the whole year, in the same order
    _rows(page, 400)
    assert any(f.startswith("explorer/data/2023") for f in page.fetched)
    assert _names(page) == _expected("received")[:400]


def test_another_figure_has_its_own_rank_file_and_a_filter_loads_the_year(page, url):
    page.goto(url + "explorer/?year=2023&sort=-processed")
    _rows(page, 200)
    assert "explorer/rank/2023/processed.json" in page.fetched
    assert not any(f.startswith("explorer/data/") for f in page.fetched)
    assert _names(page) == _expected("processed")[:200]
    page.fill("input[name=q]", "第0001号")  # a name: every row of the year is searched
    _rows(page, 1)
    assert _names(page) == ["第0001号机构"] and any(f.startswith("explorer/data/2023") for f in page.fetched)


def test_the_csv_of_a_ranking_holds_the_whole_year(page, url):
    page.goto(url + "explorer/?year=2023")
    _rows(page, 200)
    with page.expect_download() as info:
        page.click("button[data-action=csv]")
    rows = list(csv.reader(io.StringIO(info.value.path().read_text(encoding="utf-8-sig"))))
    assert len(rows) == N + 1 and [r[0] for r in rows[1:201]] == _expected("received")[:200]
    manifest = json.loads((page.evaluate("fetch('../explorer/index.json').then(r => r.text())")))
    assert manifest["rankings"]["2023"]["reports"] == N and manifest["rankings"]["2023"]["top"] == 200
