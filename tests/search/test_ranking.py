"""The header's search box on a small built site, in Debian's Chromium (Playwright): Pagefind's index.

An exact body or place name comes first (淮安 → 淮安市人民政府 above 淮安区 and 涟水县, which lie in
淮安市; 兴庆区 → 兴庆区人民政府), a topic word is not matched by its single characters (行政复议
does not bring 行唐县人民政府 up for its 行), pinyin finds a body (huaian), filters narrow the
results, and no request leaves 127.0.0.1. One site is built for the module (six synthetic reports).
"""

from __future__ import annotations

import pytest

from tests.conftest import serve
from tests.search.conftest import bodies_site

pytestmark = pytest.mark.browser

BODIES = {  # folder → names; the region comes from the folder and the name, as for real reports
    "jiangsu/huaian": ("淮安市公安局", "淮安市人民政府", "淮安区人民政府", "涟水县人民政府"),
    "hebei/shijiazhuang": ("行唐县人民政府",),
    "ningxia/yinchuan": ("兴庆区人民政府", "兴庆区月牙湖乡人民政府"),
}


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    return bodies_site(tmp_path_factory.mktemp("search-site"), BODIES, 10, years=(2022, 2023))


@pytest.fixture(scope="module")
def base(search_site):
    with serve(search_site) as url:
        yield url


def search(page, query: str) -> list[str]:
    """Type into the header's search box; the result titles, in order."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        "q => document.querySelector('.md-search-result__meta').dataset.query === q", arg=query, timeout=15000)
    return page.locator(".md-search-result__item h1").all_inner_texts()


@pytest.mark.parametrize(("query", "first"), [
    ("淮安", "淮安市"),  # the place's own page (its region page), then its government
    ("淮安市人民政府", "淮安市人民政府"),
    ("huaian", "淮安市"),
    ("lianshui", "涟水县人民政府"),  # (涟水县 has one body: no region page of its own)
    ("淮按", "淮安市"),  # a homophone typo: found by its pinyin
    ("涟税", "涟水县人民政府"),
])
def test_exact_name_first(page, query, first):
    titles = search(page, query)
    assert titles and titles[0] == first, titles


@pytest.mark.parametrize("query", ["淮安", "淮安市", "huaian"])
def test_the_place_page_then_its_government(page, query):
    # A region page whose name the query is comes first, before the bodies of the place (their names
    # repeat the place, weighted: Pagefind alone ranked them above it), its government next.
    assert search(page, query)[:2] == ["淮安市", "淮安市人民政府"]


def test_place_page_then_its_body(page):
    # The region page titled 兴庆区, then the body of 兴庆区, then the body of a township in it.
    assert search(page, "兴庆区")[:3] == ["兴庆区", "兴庆区人民政府", "兴庆区月牙湖乡人民政府"]


def test_place_finds_the_bodies_in_it(page):
    titles = search(page, "淮安")
    assert {"淮安市人民政府", "淮安市公安局", "淮安区人民政府", "涟水县人民政府"} <= set(titles)
    assert "行唐县人民政府" not in titles and "兴庆区人民政府" not in titles
    # The city's government, then its department, then the district of the same short name.
    assert titles.index("淮安市人民政府") < titles.index("淮安市公安局") < titles.index("淮安区人民政府")


def test_no_single_character_matches(page):
    # 行唐 shares 行 with 行政复议 on every page: only 行唐县's body answers (行唐县 has one body, and so no
    # region page of its own: builder/pages/regions.py stub).
    assert set(search(page, "行唐")) == {"行唐县人民政府"}
    # Every body's page reports its 行政复议 count: the topic word finds them all, none ahead for a 行.
    titles = search(page, "行政复议")
    assert len(titles) >= 7
    assert titles[0] != "行唐县人民政府"


def test_filters_narrow_results(page):
    search(page, "人民政府")
    # A plain query fetches no filter file (they grow with the site); opening the box reads them.
    fetched = page.evaluate("performance.getEntriesByType('resource').map((e) => e.name)")
    assert not [url for url in fetched if "/filter/" in url]
    assert page.locator("select[data-filter='省份'] option").count() == 1
    page.locator(".site-search__filters summary").click()
    page.wait_for_function("document.querySelectorAll(\"select[data-filter='省份'] option\").length > 1", timeout=15000)
    page.locator("select[data-filter='省份']").select_option("江苏省")
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length === 3", timeout=15000)
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    assert set(titles) == {"淮安市人民政府", "淮安区人民政府", "涟水县人民政府"}


def test_the_box_says_what_it_searches(page):
    # Names, places and page summaries, not the reports' text: said above the results, and again when
    # nothing is found (a topic word from a report's text finds nothing, which is not "no such report").
    search(page, "淮安")
    scope = page.locator(".site-search__scope")
    assert scope.is_visible() and "不搜索报告正文" in scope.inner_text()
    search(page, "zzzzqqqq")
    assert page.locator(".md-search-result__meta").inner_text().startswith("没有找到结果")
    assert "不搜索报告正文" in page.locator(".md-search-result__meta").inner_text()
