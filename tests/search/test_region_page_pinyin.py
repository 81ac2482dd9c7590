"""A region's page is found by the places above it too, as its bodies' pages are: huaian qingjiangpu lists
清江浦区's own page (a query of several words keeps only pages holding every word, and the page of 清江浦区
held qingjiangpu alone). builder/search.py region_search_html; in Debian's Chromium over a built site."""

from __future__ import annotations

import pytest

from builder.search import PLACE_WEIGHT, region_search_html
from tests.conftest import serve
from tests.search.conftest import bodies_site
from tests.search.test_ranking import search

BODIES = {
    # two bodies in 清江浦区: the district has a page of its own (a region of one body is a stub)
    "jiangsu/huaian": ("清江浦区人民政府", "清江浦区教育局", "金湖县教育局", "淮安市人民政府"),
    "jiangsu/nanjing": ("玄武区人民政府", "玄武区教育局"),
    "henan/zhengzhou": ("中原区人民政府",),
}


def test_a_region_page_indexes_the_places_above_it():
    block = region_search_html("清江浦区", "county", "江苏省 淮安市 清江浦区 · 2 份报告", ("江苏省", "淮安市"))
    above = block.split(f'data-pagefind-weight="{PLACE_WEIGHT}">')[1].split("<")[0].split()
    assert above == ["江苏省", "淮安市", "江苏", "淮安", "jiangsusheng", "huaianshi", "jiangsu", "huaian"]
    own = block.split("data-pagefind-weight=")[1].split("<")[0]
    assert "qingjiangpu" in own and "huaian" not in own
    # a province has nothing above it: no such block
    assert f'data-pagefind-weight="{PLACE_WEIGHT}"' not in region_search_html("江苏省", "province")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    with serve(bodies_site(tmp_path_factory.mktemp("region-pinyin"), BODIES, 12)) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("query", ["huaian qingjiangpu", "淮安 清江浦"])
def test_a_city_and_a_district_find_the_districts_page_first(page, query):
    titles = search(page, query)
    assert titles[:1] == ["清江浦区"], titles
    assert {"清江浦区人民政府", "清江浦区教育局"} <= set(titles), titles
    assert "金湖县教育局" not in titles and "玄武区" not in titles, titles
