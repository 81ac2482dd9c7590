"""A query of two place words finds the page holding both first, whatever their order (site-search.js):
淮安 金湖 listed 淮安市金湖县人民政府 sixth, under 淮安区 and the 淮安市 region page, while 金湖 淮安 found it
alone — the exact pass's results were appended without everyWord's test. In Debian's Chromium over a small
site built by build_site (real Pagefind)."""

from __future__ import annotations

import pytest

from tests.conftest import serve
from tests.search.conftest import bodies_site
from tests.search.test_ranking import search

pytestmark = pytest.mark.browser

BODIES = {
    "jiangsu/huaian": ("淮安市人民政府", "淮安区人民政府", "金湖县人民政府", "涟水县人民政府"),
    "henan/zhengzhou": ("郑州市人民政府", "中原区人民政府", "金水区人民政府"),
}


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    with serve(bodies_site(tmp_path_factory.mktemp("searchfix-order"), BODIES, 11)) as url:
        yield url


@pytest.mark.parametrize("query", ["淮安 金湖", "金湖 淮安"])
def test_the_page_holding_every_word_first_whatever_the_order(page, query):
    titles = search(page, query)
    assert titles[:1] == ["金湖县人民政府"], titles
    assert "淮安区人民政府" not in titles and "淮安市" not in titles, titles


@pytest.mark.parametrize("query", ["郑州 中原", "中原 郑州"])
def test_a_district_and_its_city_find_the_district_first(page, query):
    titles = search(page, query)
    assert titles[:1] == ["中原区人民政府"], titles
    assert "金水区人民政府" not in titles, titles


def test_a_region_result_reads_as_a_line_not_its_hidden_names(page):
    search(page, "淮安")
    item = page.locator(".md-search-result__item", has=page.locator("h1", has_text="淮安市")).filter(
        has_not_text="人民政府").first
    text = item.inner_text()
    assert "江苏省 淮安市 · 4 份报告" in text, text
    assert "huaian" not in text and "全部地区" not in text, text
