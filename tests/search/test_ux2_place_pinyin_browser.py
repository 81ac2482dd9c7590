"""A journalist types the pinyin of a province or city (jiangsu, huaian) and finds the bodies that lie in it,
whose names need not print it (清江浦区人民政府 is a district of 淮安市, in 江苏省): an agency page indexes
the pinyin of every place of its region path, short forms too (builder/search.py agency_search_html). A
query of several words is spelled word by word (site-search.js spell: 淮按 清江铺 → huaian qingjiangpu, not
one word no page holds). In Debian's Chromium over a small site built by build_site (real Pagefind)."""

from __future__ import annotations

import pytest

from builder.search import agency_search_html
from tests.conftest import serve
from tests.search.conftest import bodies_site
from tests.search.test_ranking import search

BODIES = {
    "jiangsu/huaian": ("清江浦区人民政府", "金湖县教育局", "淮安市人民政府"),
    "jiangsu/nanjing": ("玄武区人民政府",),
    "henan/zhengzhou": ("中原区人民政府",),
    # 吉安市 reads ji'an (jian): in the bundle of 江西 and 河北, which holds no jiangsu, Pagefind answers jiangsu
    # with its longest prefix held there (jian), rare in that bundle, on a page whose own place weighs most:
    # 吉安市人民政府 was listed above every body of 江苏省.
    "jiangxi/jian": ("吉安市人民政府",),
    "hebei/shijiazhuang": ("行唐县人民政府", "赞皇县人民政府", "灵寿县人民政府", "深泽县人民政府"),
}


def test_an_agency_page_indexes_the_pinyin_of_the_places_it_lies_in():
    report = {"agency": "清江浦区人民政府", "agency_id": "qingjiangpuqu-renminzhengfu", "year": 2023, "level": "county",
              "region": {"province": "江苏省", "city": "淮安市", "county": "清江浦区", "township": None}}
    words = agency_search_html([report]).replace("<", " <").split()
    for word in ("jiangsusheng", "jiangsu", "huaianshi", "huaian", "江苏", "淮安", "qingjiangpu"):
        assert word in words, word


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    with serve(bodies_site(tmp_path_factory.mktemp("ux2-place-pinyin"), BODIES, 12)) as url:
        yield url


@pytest.mark.browser
def test_the_pinyin_of_a_city_finds_its_bodies(page):
    titles = search(page, "huaian")
    assert {"清江浦区人民政府", "金湖县教育局", "淮安市人民政府"} <= set(titles), titles
    assert "玄武区人民政府" not in titles and "中原区人民政府" not in titles, titles


@pytest.mark.browser
def test_the_pinyin_of_a_province_finds_its_bodies(page):
    titles = search(page, "jiangsu")
    jiangsu = {"清江浦区人民政府", "金湖县教育局", "淮安市人民政府", "玄武区人民政府"}
    assert titles[0] == "江苏省", titles  # the province's own page
    assert set(titles[1:1 + len(jiangsu)]) == jiangsu, titles  # 吉安市人民政府 (jian) after them, if at all
    assert "中原区人民政府" not in titles, titles


@pytest.mark.browser
@pytest.mark.parametrize("query", ["huaian qingjiangpu", "qingjiangpu huaian"])
def test_a_city_and_a_district_in_pinyin_find_the_district(page, query):
    titles = search(page, query)
    assert titles[:1] == ["清江浦区人民政府"], titles
    assert "金湖县教育局" not in titles and "玄武区人民政府" not in titles, titles


@pytest.mark.browser
def test_a_homophone_typo_of_two_words_is_spelled_word_by_word(page):
    # 淮按 清江铺: neither word is a name; spelled as one run (huaianqingjiangpu) it matched no page.
    titles = search(page, "淮按 清江铺")
    assert titles[:1] == ["清江浦区人民政府"], titles
    assert "金湖县教育局" not in titles, titles
