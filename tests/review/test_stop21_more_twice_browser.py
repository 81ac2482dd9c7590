"""Stop 21 review: 更多结果 (site-search.js) took the results not yet shown when it was clicked and added
them when their data had come: clicked twice before that (a double click, an impatient reader), both clicks
took the same next twenty and the list held each of them twice (60 items, "显示前 40 个"). A click while
the next results load does nothing. In Debian's Chromium, over tests/search's site of 25 bodies."""

from __future__ import annotations

import pytest

from tests.search.test_ranking import search
from tests.search.test_search_more_browser import base, more_site  # noqa: F401 (the module's site, served)

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, base):  # noqa: F811 (as tests/search/conftest.py's)
    context = browser.new_context()
    errors = []
    page = context.new_page()
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base + "agencies/")
    yield page
    assert errors == []
    context.close()


def test_more_results_clicked_twice_lists_each_result_once(page):
    assert len(search(page, "淮安")) == 20
    meta = page.locator(".md-search-result__meta")
    total = int(meta.inner_text().split("找到 ")[1].split(" 个结果")[0])
    page.locator(".md-search-result__more").dblclick()
    page.wait_for_function(f"document.querySelector('.md-search-result__meta').dataset.shown === '{min(total, 40)}'",
                           timeout=30000)  # (Playwright's default: the every-word searches of stop 22 take longer under -n 2 load)
    page.wait_for_timeout(1000)  # (a second click's results, had it taken any, are in by now)
    hrefs = page.locator(".md-search-result__item a").evaluate_all("links => links.map((a) => a.href)")
    assert len(hrefs) == len(set(hrefs)) == min(total, 40)
    assert meta.inner_text().endswith(f"显示前 {min(total, 40)} 个") or total <= 40
