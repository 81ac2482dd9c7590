"""The explorer and compare pages in Chromium, over a small site of its own: the five seeds (2020,
Ningxia, Hebei, Qinghai), huaian-2024.pdf and two 2023 reports of Nanjing (江苏省) and a 2021 one of
Fuzhou. Filters and the URL, reload, pinyin, sorting, the CSV export, compare, and 390 px phones.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, build_site_into, serve

pytestmark = pytest.mark.browser

FILES = [REPO / "tests/fixtures/reports/huaian-2024.pdf",
         *(REPO / "tests/fixtures/generated" / name for name in
           ("gen-qinhuai-wenlvju-2023.html", "gen-xuanwu-jiaoyuju-2023.docx", "gen-gulou-jiaoyuju-2021.pdf"))]
HUAIAN, YUEYAHU = "huaianshi-renminzhengfu", "xingqingqu-yueyahuxiang-renminzhengfu"
SHOTS = Path("/tmp")


@pytest.fixture(scope="module")
def explorer_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("explorer")
    data = root / "data"
    shutil.copytree(REPO / "data", data)
    for path in FILES:
        shutil.copy(path, data / "reports" / path.name)
    return build_site_into(data, root)


@pytest.fixture(scope="module")
def url(explorer_site):
    with serve(explorer_site.site) as address:
        yield address


@pytest.fixture
def page(browser, url):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1366, "height": 900})
    errors: list[str] = []
    outside: list[str] = []
    context.on("request", lambda r: r.url.startswith(url) or r.url.startswith("blob:") or outside.append(r.url))
    tab = context.new_page()
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    assert errors == []
    assert outside == [], "requests left 127.0.0.1"
    context.close()


def names(page) -> list[str]:
    return page.eval_on_selector_all("table.explorer-table tbody th a", "links => links.map(a => a.textContent)")


def wait_rows(page, count: int | None = None):
    page.wait_for_selector("table.explorer-table tbody")
    if count is not None:
        page.wait_for_function(f"document.querySelectorAll('table.explorer-table tbody tr').length === {count}")


def loaded(page) -> list[str]:
    return [r for r in page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
            if "/explorer/data/" in r]


def test_filter_by_province_and_year_is_in_the_url_and_survives_a_reload(page, url):
    page.goto(url + "explorer/")
    wait_rows(page)
    # The latest year by default, and only its file loaded.
    assert page.input_value("select[name=year]") == "2024"
    assert names(page) == ["淮安市人民政府"]
    assert [p.rsplit("/", 1)[1] for p in loaded(page)] == ["2024.json"]
    page.select_option("select[name=year]", "2023")
    page.select_option("select[name=province]", "江苏省")
    wait_rows(page, 2)
    assert sorted(names(page)) == ["南京市玄武区教育局", "南京市秦淮区文化和旅游局"]
    assert "year=2023" in page.url and "province=%E6%B1%9F%E8%8B%8F%E7%9C%81" in page.url
    page.select_option("select[name=city]", "南京市")
    page.fill("input[name=q]", "玄武")
    wait_rows(page, 1)
    linked = page.url
    page.goto(linked)
    wait_rows(page, 1)
    assert names(page) == ["南京市玄武区教育局"]
    assert page.input_value("select[name=province]") == "江苏省"
    assert page.input_value("select[name=city]") == "南京市"
    assert page.input_value("input[name=q]") == "玄武"
    assert "2024.json" not in " ".join(loaded(page))  # only the year the filters need


def test_pinyin_finds_huaian_and_rates_show_their_counts(page, url):
    page.goto(url + "explorer/?year=all&q=huaian")
    wait_rows(page, 1)
    assert names(page) == ["淮安市人民政府"]
    cell = page.text_content("tbody td[data-key=granted_rate]")
    assert cell == "44.7%（1,362/3,050）"
    # The name links to the agency page.
    href = page.get_attribute("tbody th a", "href")
    assert href.endswith(f"agencies/{HUAIAN}/")


@pytest.mark.parametrize("query", ["南京 玄武", "玄武 南京", "nanjing xuanwu", "xuanwu  nanjing"])
def test_a_name_query_of_two_words_finds_the_names_holding_both(page, url, query):
    """The walk of stop 22: 淮安 金湖 gave no row though 淮安 alone listed 金湖县."""
    page.goto(url + "explorer/?year=2023&province=江苏省")
    wait_rows(page, 2)
    page.fill("input[name=q]", query)
    wait_rows(page, 1)
    assert names(page) == ["南京市玄武区教育局"]
    page.fill("input[name=q]", "秦淮 玄武")  # (no name holds both)
    page.wait_for_function("document.querySelectorAll('table.explorer-table tbody th a').length === 0")


def test_sort_by_a_number_column_numerically_and_rates_below_the_minimum_are_blank(page, url):
    page.goto(url + "explorer/?year=all")
    wait_rows(page, 9)
    page.click("th[data-key=received] button")
    page.wait_for_function("location.search.includes('sort=-received')")
    values = page.eval_on_selector_all("tbody td[data-key=received]", "tds => tds.map(t => t.textContent)")
    numbers = [int(v.replace(",", "")) for v in values if v]
    assert numbers == sorted(numbers, reverse=True) and numbers[0] == 3119 and len(numbers) >= 3
    assert all(not v for v in values[len(numbers):])  # blanks last
    page.click("th[data-key=received] button")
    page.wait_for_function("location.search.includes('sort=received')")
    values = page.eval_on_selector_all("tbody td[data-key=received]", "tds => tds.map(t => t.textContent)")
    ascending = [int(v.replace(",", "")) for v in values if v]
    assert ascending == sorted(ascending) and ascending[-1] == 3119
    # 月牙湖乡: one request handled — the rate shows a dash, its counts and a dagger, no percentage; the
    # dagger's reason is a visible line under the table (a phone shows no title tooltips).
    row = page.locator("tbody tr", has_text="月牙湖乡")
    cell = row.locator("td[data-key=granted_rate]").first.text_content()
    assert cell.startswith("—（") and cell.endswith("）†") and "%" not in cell
    assert page.locator(".explorer-unranked").first.text_content().startswith("† 分母少于 ")
    assert "不计算比率、不排名" in page.text_content(".explorer-unranked")


def test_csv_export_has_a_bom_and_the_filtered_rows(page, url):
    page.goto(url + "explorer/?year=2023&province=%E6%B1%9F%E8%8B%8F%E7%9C%81")
    wait_rows(page, 2)
    with page.expect_download() as info:
        page.click("button[data-action=csv]")
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["机构", "机构编号", "报告编号"] and "新收申请" in rows[0]
    assert sorted(r[0] for r in rows[1:]) == ["南京市玄武区教育局", "南京市秦淮区文化和旅游局"]
    assert {r[7] for r in rows[1:]} == {"2023"}


def test_columns_picked_stay_in_the_url(page, url):
    page.goto(url + "explorer/?year=2024")
    wait_rows(page, 1)
    page.click("details.explorer-columns summary")
    page.check("input[data-column=litigation]")
    page.uncheck("input[data-column=region]")
    page.wait_for_function("location.search.includes('cols=')")
    page.goto(page.url)
    wait_rows(page, 1)
    headers = page.eval_on_selector_all("thead th", "ths => ths.map(t => t.dataset.key)")
    assert "litigation" in headers and "region" not in headers and headers[0] == "name"


def test_select_rows_then_compare(page, url):
    page.goto(url + "explorer/?year=all")
    wait_rows(page, 9)
    page.check(f"input[data-agency={HUAIAN}]")
    page.check(f"input[data-agency={YUEYAHU}]")
    page.click("button[data-action=compare]")
    page.wait_for_url("**/compare/?ids=*")
    assert HUAIAN in page.url and YUEYAHU in page.url
    page.wait_for_selector("#compare-chart svg", timeout=20000)


def test_compare_renders_a_chart_and_a_table_of_both(page, url):
    page.goto(url + f"compare/?ids={HUAIAN},{YUEYAHU}")
    page.wait_for_selector("#compare-chart svg.marks, #compare-chart canvas", timeout=20000)
    heads = page.eval_on_selector_all("table.compare-metric thead th", "ths => ths.map(t => t.textContent)")
    assert heads == ["年度", "淮安市人民政府", "兴庆区月牙湖乡人民政府"]
    body = page.text_content("table.compare-all")
    assert "淮安市人民政府" in body and "兴庆区月牙湖乡人民政府" in body and "3,119" in body
    # Both bodies are drawn (a point per year of each).
    assert page.locator("#compare-chart svg .mark-symbol.role-mark path").count() == 2
    page.screenshot(path=str(SHOTS / "compare-1366.png"), full_page=True)
    page.select_option("select[name=metric]", "granted_rate")
    page.wait_for_function("location.search.includes('metric=granted_rate')")
    assert "44.7%（1,362/3,050）" in page.text_content("table.compare-metric")
    assert page.evaluate("location.search") == f"?ids={HUAIAN},{YUEYAHU}&metric=granted_rate"  # commas, not %2C
    # The rate axis says % on its ticks.
    page.wait_for_function("[...document.querySelectorAll('#compare-chart svg .role-axis-label text')]"
                           ".some(t => t.textContent.endsWith('%'))", timeout=20000)
    ticks = page.eval_on_selector_all("#compare-chart svg .role-axis-label text", "ts => ts.map(t => t.textContent)")
    assert any(t.endswith("%") and t[:-1].replace(".", "").isdigit() for t in ticks)


@pytest.mark.parametrize("path", ["explorer/?year=all", f"compare/?ids={HUAIAN},{YUEYAHU}", "agencies/",
                                  "dictionary/"])
def test_no_horizontal_overflow_at_390px(browser, url, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(url + path)
    if path.startswith("explorer"):
        wait_rows(page, 9)
        # The name column stays in view while the numbers scroll.
        page.eval_on_selector(".explorer-scroll", "box => { box.scrollLeft = 400; }")
        box = page.locator("tbody th.explorer-sticky").first.bounding_box()
        assert 0 <= box["x"] < 60
        page.screenshot(path=str(SHOTS / "explorer-390.png"), full_page=True)
    if path.startswith("compare"):
        page.wait_for_selector("#compare-chart svg", timeout=20000)
        page.screenshot(path=str(SHOTS / "compare-390.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{path}: the page is {width} px wide"
    context.close()


def test_explorer_screenshot_1366(page, url):
    page.goto(url + "explorer/?year=all")
    wait_rows(page, 9)
    page.screenshot(path=str(SHOTS / "explorer-1366.png"), full_page=True)
    # The page itself does not scroll sideways: the table scrolls inside its box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366


def test_compare_from_one_body_adds_another_by_pinyin(page, url):
    # An agency page links compare/?ids=<its id>; the reader adds a body by name or pinyin.
    page.goto(url + f"compare/?ids={YUEYAHU}")
    page.fill("input[name=add]", "huaian")
    page.press("input[name=add]", "Enter")  # Enter adds the first body found
    page.wait_for_url(f"**/compare/?ids={YUEYAHU},{HUAIAN}*")
    page.wait_for_selector("table.compare-metric")
    heads = page.eval_on_selector_all("table.compare-metric thead th", "ths => ths.map(t => t.textContent)")
    assert heads == ["年度", "兴庆区月牙湖乡人民政府", "淮安市人民政府"]
