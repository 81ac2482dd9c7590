"""The data-quality lists cut by place, never by page number (builder/pages/quality.py list_pages): a year
whose entries pass a page is a page of counts by province and rule linking one page per province with all
of that province's entries; a province past a page, one per city. So a filter on a page sees every report
of its place: in Chromium, an entry the old numbered pages put on page 2 is shown by the filter, the old
page-2 address lands on the list (the 404 page sends it on, the filter kept), and a page of counts
leaves the places that have the rule filtered for, linking their pages with the filter."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from bs4 import BeautifulSoup

from builder.metadata import region_slug
from builder.pages.quality import OWN_ZH, PAGE_BYTES, list_pages, quality_page_files


def _check(rule: str, severity: str, n: int = 0) -> dict:
    return {"rule": rule, "severity": severity, "message": f"第 {n} 条说明", "fields": [], "acknowledged": False}


def _report(n: int, province: str | None, city: str | None = None, year: int = 2023, checks=None) -> dict:
    return {"id": f"body-{n}-{year}", "agency_id": f"body-{n}", "agency": f"机关{n:04d}", "year": year,
            "region": {"province": province, "city": city, "county": None, "township": None},
            "checks": checks if checks is not None else [_check("blank_cells", "info", n)],
            "derived": {}, "known_issues": []}


def _names(text: str) -> list[str]:
    return [a.get_text() for a in BeautifulSoup(text, "lxml").select("details.quality-report > summary > a")]


def _state(text: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="quality-pages">(.*?)</script>', text).group(1))


def _rows(text: str) -> dict[str, dict]:
    """The page of counts' rows: place → its data-counts (and its link as "href")."""
    out = {}
    for tr in BeautifulSoup(text, "lxml").select("table[data-quality-places] tbody tr"):
        out[tr.a.get_text()] = {**json.loads(tr["data-counts"]), "href": tr.a["href"]}
    return out


def _national_year() -> list[dict]:
    """2023: 240 reports of 江苏省 and 浙江省 (one in two), two findings each (~260 KB of entries, past a
    page): 机关0007 of 浙江省 has a balance error too. 2022: 20 reports, one page."""
    reports = [_report(n, "浙江省" if n % 2 else "江苏省",
                       checks=[_check("cross_year", "warning", n), _check("blank_cells", "info", n)])
               for n in range(240)]
    reports[7]["checks"].append(_check("balance", "error", 7))
    reports += [_report(1000 + n, "江苏省", year=2022) for n in range(20)]
    return reports


def test_each_province_page_holds_all_its_entries_and_the_year_page_counts_them():
    reports = _national_year()
    plan = list_pages(reports)
    assert list(plan) == ["2023", "2022"]
    assert list(plan["2022"]) == [""] and plan["2022"][""].page == "quality/2022/index.md"  # one page
    assert list(plan["2023"]) == ["江苏省", "浙江省"]  # division-code order (32, 33)
    files = quality_page_files(reports)
    assert sorted(files) == ["quality/2022/index.md", "quality/2023/index.md", "quality/2023/jiangsu/index.md",
                             "quality/2023/zhejiang/index.md", "quality/index.md"]
    jiangsu, zhejiang = _names(files["quality/2023/jiangsu/index.md"]), _names(files["quality/2023/zhejiang/index.md"])
    assert len(jiangsu) == 120 and len(zhejiang) == 120
    assert zhejiang[:3] == ["机关0001", "机关0003", "机关0005"] and "机关0007" in zhejiang and "机关0007" not in jiangsu
    assert jiangsu[:3] == ["机关0000", "机关0002", "机关0004"] and jiangsu[-1] == "机关0238"
    # The year's page lists no entry: it counts each province's reports, by severity and (for the
    # filters) by rule, and the rules of the year.
    year = files["quality/2023/index.md"]
    assert _names(year) == []
    rows = _rows(year)
    assert list(rows) == ["江苏省", "浙江省"]
    assert rows["浙江省"]["href"] == "zhejiang/" and rows["江苏省"]["href"] == "jiangsu/"
    assert rows["浙江省"]["n"] == 120 and rows["浙江省"]["r"] == {"balance": 1, "blank_cells": 120, "cross_year": 120}
    assert rows["浙江省"]["rs"]["balance error"] == 1 and rows["江苏省"]["r"].get("balance") is None
    assert rows["江苏省"]["s"] == {"info": 120, "warning": 120}
    assert "| [收支平衡](../index.md#balance) | <code>balance</code> | 错误 | 1 | 1 |" in year
    assert "| [跨年度衔接](../index.md#cross_year) | <code>cross_year</code> | 警告 | 240 | 240 |" in year
    # What the filters go by: each year's page and each province's, on every page.
    assert _state(files["quality/2023/zhejiang/index.md"])["pages"] == {
        "2023": {"": "quality/2023/", "江苏省": "quality/2023/jiangsu/", "浙江省": "quality/2023/zhejiang/"},
        "2022": {"": "quality/2022/"}}
    # The national page links the year's page and each province's.
    assert ("[2023 年度](2023/index.md)（按省份）：[江苏省](2023/jiangsu/index.md)，[浙江省](2023/zhejiang/index.md)"
            in files["quality/index.md"])
    assert not [f for f in files if re.search(r"^quality/[^/]+/(?:[^/]+/)*\d+/index\.md$", f)]  # no numbered page


def test_a_province_past_a_page_is_listed_by_city():
    # 江苏省 2023: 400 reports of ten findings (~1.6 MB of entries) over ten cities and the province's own
    # bodies; 浙江省: two reports.
    cities = ["南京市", "无锡市", "徐州市", "常州市", "苏州市", "南通市", "连云港市", "淮安市", "盐城市", "扬州市"]
    checks = [_check("cross_year", "warning", i) for i in range(10)]
    reports = [_report(n, "江苏省", None if n % 11 == 10 else cities[n % 11], checks=checks) for n in range(400)]
    reports += [_report(500 + n, "浙江省", "杭州市", checks=checks) for n in range(2)]
    plan = list_pages(reports)
    listing = plan["2023"]["江苏省"]
    assert [city for city, _sub in listing.places] == [
        "常州市", "淮安市", "连云港市", "南京市", "南通市", "苏州市", "无锡市", "徐州市", "盐城市", "扬州市", ""]  # pinyin
    assert plan["2023"]["浙江省"].places == []  # small: one list
    assert all(sub.places == [] for _city, sub in listing.places)  # ~145 KB each: no county pages
    files = quality_page_files(reports)
    nanjing = _names(files["quality/2023/jiangsu/nanjing/index.md"])
    assert nanjing == [f"机关{n:04d}" for n in range(0, 400, 11)]
    own = _names(files["quality/2023/jiangsu/unknown/index.md"])
    assert own == [f"机关{n:04d}" for n in range(10, 400, 11)]
    assert OWN_ZH["city"] in files["quality/2023/jiangsu/unknown/index.md"].split("\n---\n")[0]  # its title
    rows = _rows(files["quality/2023/jiangsu/index.md"])
    assert rows["南京市"] == {"n": 37, "r": {"cross_year": 37}, "s": {"warning": 37}, "rs": {"cross_year warning": 37},
                            "href": "nanjing/"}
    assert rows[OWN_ZH["city"]]["n"] == 36 and _names(files["quality/2023/jiangsu/index.md"]) == []
    assert sum(row["n"] for row in rows.values()) == 400
    listed = [f for f in files if _names(files[f])]
    assert max(len(files[f].encode()) for f in listed) < PAGE_BYTES
    assert sorted(n for f in listed for n in _names(files[f])) == sorted(r["agency"] for r in reports)


def test_a_city_past_a_page_is_listed_by_county():
    # 南京市 2023: 200 reports of ten findings (~780 KB) of three districts and of the city's own bodies.
    counties = ["玄武区", "秦淮区", "鼓楼区", None]
    checks = [_check("cross_year", "warning", i) for i in range(10)]
    reports = [{**_report(n, "江苏省", "南京市", checks=checks),
                "region": {"province": "江苏省", "city": "南京市", "county": counties[n % 4]}} for n in range(200)]
    plan = list_pages(reports)
    [(city, nanjing)] = plan["2023"]["江苏省"].places
    assert city == "南京市" and [name for name, _sub in nanjing.places] == ["鼓楼区", "秦淮区", "玄武区", ""]
    files = quality_page_files(reports)
    assert _names(files["quality/2023/jiangsu/nanjing/gulouqu/index.md"]) == [f"机关{n:04d}" for n in range(2, 200, 4)]
    assert _names(files["quality/2023/jiangsu/nanjing/unknown/index.md"]) == [f"机关{n:04d}" for n in range(3, 200, 4)]
    rows = _rows(files["quality/2023/jiangsu/nanjing/index.md"])
    assert {name: row["n"] for name, row in rows.items()} == {"鼓楼区": 50, "秦淮区": 50, "玄武区": 50, OWN_ZH["county"]: 50}
    assert _rows(files["quality/2023/jiangsu/index.md"])["南京市"]["n"] == 200
    county = files["quality/2023/jiangsu/nanjing/gulouqu/index.md"]
    assert "[2023 年度](../../../index.md) · [江苏省](../../index.md) · [南京市](../index.md)" in county
    assert _state(county)["place"] == ["江苏省", "南京市", "鼓楼区"]


def test_provinces_of_one_slug_get_pages_of_their_own():
    # A record may name a province in a way of its own (a sidecar's is made the division's full name,
    # builder.divisions.full_names): 江苏 reads as 江苏省, and is given a slug of its own
    # (builder.metadata.region_slug); two names of one slug that are neither a division's get -2.
    reports = [_report(n, ("江苏省", "江苏", "苏江", "酥江")[n % 4],
                       checks=[_check("cross_year", "warning", i) for i in range(3)]) for n in range(400)]
    files = quality_page_files(reports)
    assert _names(files["quality/2023/jiangsu/index.md"])[0] == "机关0000"
    assert _names(files[f"quality/2023/{region_slug('江苏', 'province')}/index.md"])[0] == "机关0001"
    assert region_slug("江苏", "province").startswith("jiangsu-")
    assert _names(files["quality/2023/sujiang/index.md"])[0] == "机关0002"
    assert _names(files["quality/2023/sujiang-2/index.md"])[0] == "机关0003"


# ---------------------------------------------------------------- in Chromium


@pytest.fixture(scope="module")
def places_site(tmp_path_factory):
    """The pages of _national_year and of a 2021 whose one list the old pages cut after 150 findings:
    160 reports of one finding, the 155th (机关2154) with a balance error too — page 2 of old."""
    from builder.site import SITE_SRC, run_mkdocs
    from tests.conftest import serve

    reports = _national_year()
    reports += [_report(2000 + n, "江苏省", year=2021) for n in range(160)]
    reports[-6]["checks"].append(_check("balance", "error", 2154))
    root = tmp_path_factory.mktemp("quality-places")
    docs = root / "docs"
    shutil.copytree(SITE_SRC, docs)
    for rel, text in quality_page_files(reports).items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    run_mkdocs(docs, root / "site")
    with serve(root / "site") as url:
        yield root / "site", url


@pytest.fixture
def tab(places_site, browser):
    context = browser.new_context()
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        yield page, places_site[1]
        assert errors == []
    finally:
        context.close()


def _visible(page) -> list[str]:
    entries = page.locator("details.quality-report")
    return [entries.nth(i).locator("summary a").inner_text() for i in range(entries.count()) if entries.nth(i).is_visible()]


@pytest.mark.browser
def test_the_filter_shows_the_entry_old_page_2_held(tab):
    page, url = tab
    page.goto(url + "quality/2021/")
    assert page.locator("details.quality-report").count() == 160  # all of 2021 on its one page
    page.select_option("#quality-filter select[name=rule]", "balance")
    assert _visible(page) == ["机关2154"]
    assert page.locator(".quality-shown").inner_text() == "显示 1 / 160 份报告"
    assert page.url.endswith("/quality/2021/#rule=balance")


@pytest.mark.browser
def test_an_old_page_2_address_lands_on_the_list_with_its_filter(tab, places_site):
    page, url = tab
    not_found = (places_site[0] / "404.html").read_text(encoding="utf-8")
    # GitHub Pages (and builder serve) answer an address the site lacks with its 404 page.
    page.route(re.compile(r".*/quality/2021/2/$"),
               lambda route: route.fulfill(status=404, body=not_found, content_type="text/html; charset=utf-8"))
    page.goto(url + "quality/2021/2/#rule=balance")
    page.wait_for_url(re.compile(r".*/quality/2021/#rule=balance$"))
    page.wait_for_selector("#quality-filter:not([hidden])")
    assert page.locator("#quality-filter select[name=rule]").input_value() == "balance"
    assert _visible(page) == ["机关2154"]


@pytest.mark.browser
def test_the_year_page_leaves_the_provinces_with_the_rule_and_links_them_filtered(tab):
    page, url = tab
    page.goto(url + "quality/2023/")
    rows = page.locator("table[data-quality-places] tbody tr")
    assert rows.count() == 2 and rows.nth(0).is_visible() and rows.nth(1).is_visible()
    assert rows.nth(0).locator(".quality-count").inner_text() == "120"
    page.select_option("#quality-filter select[name=rule]", "balance")
    assert not rows.nth(0).is_visible() and rows.nth(1).locator(".quality-count").inner_text() == "1"
    # (its severities' columns count the rule's reports too: one error, no warning, no note)
    assert rows.nth(1).locator("td.n").all_inner_texts() == ["1", "1", "0", "0"]
    page.select_option("#quality-filter select[name=severity]", "warning")
    assert [rows.nth(i).is_visible() for i in range(2)] == [False, False]  # no balance warning anywhere
    page.select_option("#quality-filter select[name=rule]", "cross_year")
    assert rows.nth(0).locator("td.n").all_inner_texts() == ["120", "", "120", ""]
    page.select_option("#quality-filter select[name=severity]", "")
    page.select_option("#quality-filter select[name=rule]", "balance")
    assert page.locator(".quality-shown").inner_text() == "符合的报告 1 份，在 1 / 2 处"
    with page.expect_navigation():
        rows.nth(1).locator("a").click()
    assert page.url.endswith("/quality/2023/zhejiang/#rule=balance")
    assert page.locator("details.quality-report").count() == 120 and _visible(page) == ["机关0007"]
    # Another province: its page, the filter along.
    with page.expect_navigation():
        page.select_option("#quality-filter select[name=province]", "江苏省")
    assert page.url.endswith("/quality/2023/jiangsu/#rule=balance") and _visible(page) == []
    # Another year listed on one page: that page, the province filtering it in place.
    page.select_option("#quality-filter select[name=rule]", "")
    with page.expect_navigation():
        page.select_option("#quality-filter select[name=year]", "2022")
    assert page.url.endswith("/quality/2022/#province=%E6%B1%9F%E8%8B%8F%E7%9C%81")
    assert len(_visible(page)) == 20
