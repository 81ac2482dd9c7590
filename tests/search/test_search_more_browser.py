"""The search box past its first 20 results and its filters after a report was removed, in Debian's Chromium.

One site of 25 bodies (24 of 淮安市, so 淮安 finds more than 20 pages; 行唐县人民政府 with reports of 2021
and 2022) is built, then 行唐县's 2021 report is removed and the site built again: the changed page goes
to the recent bundle and its old version, the only page of 2021, is hidden in its big bundle
(builder/search.py). 更多结果 lists the next 20; the 年度 filter no longer offers 2021.
"""

from __future__ import annotations

import functools
import json
import random

import pytest

from builder.search import BUNDLES_FILE, OUTPUT_SUBDIR, RECENT
from tests.conftest import serve
from tests.search.test_ranking import search
from tests.textreport import random_values, write_report

pytestmark = pytest.mark.browser

DEPARTMENTS = ("人民政府", "公安局", "教育局", "财政局", "民政局", "司法局", "交通运输局", "水利局", "农业农村局",
               "商务局", "审计局", "统计局", "医疗保障局", "林业局", "生态环境局", "住房和城乡建设局",
               "自然资源和规划局", "人力资源和社会保障局", "市场监督管理局", "应急管理局", "退役军人事务局",
               "城市管理局", "发展和改革委员会", "卫生健康委员会")


def _write(folder, stem, name, year, rng):
    from builder.template import template_for_year

    folder.mkdir(parents=True, exist_ok=True)
    text = write_report(random_values(rng, template_for_year(year)), agency=name, year=year)
    path = folder / f"{stem}-{year}.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def more_site(tmp_path_factory):
    from builder.site import build_site

    root = tmp_path_factory.mktemp("more-site")
    reports = root / "data" / "reports"
    rng = random.Random(3)
    for i, department in enumerate(DEPARTMENTS):
        _write(reports / "jiangsu" / "huaian", f"d{i}", f"淮安市{department}", 2022 + i % 2, rng)
    _write(reports / "hebei" / "shijiazhuang", "xingtang", "行唐县人民政府", 2022, rng)
    gone = _write(reports / "hebei" / "shijiazhuang", "xingtang", "行唐县人民政府", 2021, rng)
    build = functools.partial(build_site, root / "data", root / "site", jobs=1, build_dir=root / "build",
                              cache_dir=None)
    build()
    gone.unlink()
    result = build()
    assert result.dirty and result.search_bundles == [RECENT], result.search_bundles
    told = json.loads((root / "site" / OUTPUT_SUBDIR / BUNDLES_FILE).read_text(encoding="utf-8"))
    assert told["shadow_filters"]["年度"]["2021"] == 1, told  # the old 行唐县 page, hidden
    return root / "site"


@pytest.fixture(scope="module")
def base(more_site):
    with serve(more_site) as url:
        yield url


def test_more_results_lists_the_next_twenty(page):
    titles = search(page, "淮安")
    more = page.locator(".md-search-result__more")
    meta = page.locator(".md-search-result__meta")
    assert len(titles) == 20 and more.is_visible()
    assert meta.inner_text().endswith("显示前 20 个")
    total = int(meta.inner_text().split("找到 ")[1].split(" 个结果")[0])
    assert total > 24  # the 24 bodies of 淮安市 and its region pages
    more.click()
    page.wait_for_function(f"document.querySelector('.md-search-result__meta').dataset.shown === '{min(total, 40)}'",
                           timeout=15000)
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    hrefs = page.locator(".md-search-result__item a").evaluate_all("links => links.map((a) => a.href)")
    assert len(titles) == min(total, 40) and len(set(hrefs)) == len(hrefs)
    assert titles[0] == "淮安市人民政府"  # the first twenty stay where they were
    assert {f"淮安市{d}" for d in DEPARTMENTS} <= set(titles)
    assert more.is_visible() == (total > 40)
    # A new query starts again at 20.
    assert len(search(page, "淮安市")) == 20


def test_a_few_results_have_no_more_button(page):
    assert search(page, "行唐县人民政府")[0] == "行唐县人民政府"
    assert not page.locator(".md-search-result__more").is_visible()


def test_filters_do_not_offer_a_year_only_hidden_pages_have(page):
    search(page, "人民政府")
    page.locator(".site-search__filters summary").click()
    page.wait_for_function("document.querySelectorAll(\"select[data-filter='年度'] option\").length > 1", timeout=15000)
    years = page.locator("select[data-filter='年度'] option").all_inner_texts()
    assert years == ["全部", "2023", "2022"], years
    provinces = page.locator("select[data-filter='省份'] option").all_inner_texts()
    assert set(provinces) == {"全部", "江苏省", "河北省"}, provinces


def test_only_chinese_characters_of_a_title_are_spelled_one_a_word(more_site):
    """The title block of the exact pass (overrides/main.html): a title's letters stay one word. Spelled, a
    name's x…x was eighty words x that a query Pagefind shortens to its first letter (xingqing → x) matched,
    ranking that page above 兴庆区's bodies."""
    from lxml import html

    def spelled(rel: str) -> str:
        doc = html.fromstring((more_site / rel).read_bytes())
        return " ".join(doc.xpath('//div[@data-pagefind-body]/div[@class="search-data"][@data-pagefind-weight="7"]')[0]
                        .text_content().split())

    assert spelled("contribute/guide/index.html") == "参 与 贡 献 · Contributing"
    assert spelled("agencies/huaianshi-gonganju/index.html") == "淮 安 市 公 安 局"


@pytest.mark.parametrize("width", [1366, 390])
def test_more_button_is_a_button_a_finger_can_tap(page, width):
    # (Material styles .md-button only inside .md-typeset: unstyled, it was 10 px text, 40 × 11 px)
    search(page, "淮安")  # (at the fixture's width, where search() finds the header's box; then narrowed)
    page.set_viewport_size({"width": width, "height": 800})
    more, item = page.locator(".md-search-result__more"), page.locator(".md-search-result__item").first
    # (the results laid out again at the new width: bounding_box is None while an element is not visible)
    more.wait_for(state="visible", timeout=15000)
    item.wait_for(state="visible", timeout=15000)
    box, items = more.bounding_box(), item.bounding_box()
    assert box["height"] >= 40 and box["width"] >= items["width"] * 0.8, (box, items)
    assert more.evaluate("b => getComputedStyle(b).cursor") == "pointer"
