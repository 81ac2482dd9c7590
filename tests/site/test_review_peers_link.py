"""Review (a journalist's walk): the 同级比较 line's rank keeps its way to the peers. Without JavaScript the
line links the group's figures and 浏览页 (the explorer filtered to the group's province, level and year,
sorted by the figure); with it, peers.js wrote "第 4 / 5" over both links, so the reader saw a rank and
no way to the four others, while the line's own note still said "浏览页按该数字排序". The 浏览页 link now
stays beside the rank, and leads to the group sorted so that the body stands at its rank.

Five district governments of 南京市 (tests/site/test_peers_browser.py's writer), 10 … 50 new requests."""

from __future__ import annotations

import pytest

from tests.conftest import build_site_into, serve
from tests.site.test_peers_browser import NANJING, QINHUAI, _write


@pytest.fixture(scope="module")
def peers_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("review-peers")
    for i in range(5):
        _write(root / "data", i)
    return build_site_into(root / "data", root)


@pytest.mark.browser
def test_a_ranked_line_links_the_explorer_of_its_group(peers_site, browser):
    with serve(peers_site.site) as url:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(url + QINHUAI + ".html")
            ranked = page.locator(".peers li.peer-ranked")
            ranked.first.wait_for()
            assert ranked.count() == 1
            assert ranked.first.inner_text().strip() == "江苏省县级政府 2021 年新收申请：第 4 / 5（浏览页）"
            link = ranked.first.locator("a", has_text="浏览页")
            assert "sort=-received" in link.get_attribute("href")
            link.click()
            page.wait_for_url("**/explorer/**")
            names = page.locator("table.explorer-table tbody th a")
            names.first.wait_for()
            assert names.all_inner_texts() == [NANJING[i] for i in (4, 3, 2, 1, 0)]
            assert names.all_inner_texts().index(NANJING[1]) == 4 - 1  # 秦淮区 (20) stands 4th
        finally:
            context.close()
