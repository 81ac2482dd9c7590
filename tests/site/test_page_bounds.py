"""Pages that would grow with the number of reports stay bounded (benchmarks/page_growth.py measures
them at 1,000 / 10,000 / 100,000 reports); every list they cut stays reachable."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

from builder.pages.quality import PAGE_BYTES, list_pages, quality_page_files


def _report(n: int, findings: int, province: str = "江苏省", year: int = 2023, city: str | None = None) -> dict:
    checks = [{"rule": "cross_year", "severity": "warning", "message": f"第 {i} 栏不衔接", "fields": [],
               "acknowledged": False} for i in range(findings)]
    return {"id": f"body-{n}-{year}", "agency_id": f"body-{n}", "agency": f"机关{n:04d}", "year": year,
            "region": {"province": province, "city": city}, "checks": checks, "derived": {}, "known_issues": []}


def test_quality_pages_are_bounded_by_findings_not_only_reports():
    # 2023: 151 reports (fewer than the old pages' 200) of ten findings and more (~630 KB of entries): a page
    # per province, and 江苏省's past a page, per city. 2022: 250 reports of two findings: a page per province.
    cities = ("南京市", "无锡市", "徐州市", "常州市", "苏州市", "南通市")
    reports = [_report(n, 10, city=cities[n % 6]) for n in range(150)] + [_report(999, 120, city="南京市")]
    reports += [_report(2000 + n, 2, ("江苏省", "浙江省")[n % 2], 2022) for n in range(250)]
    plan = list_pages(reports)
    assert list(plan["2023"]) == ["江苏省"] and [c for c, _sub in plan["2023"]["江苏省"].places] == [
        "常州市", "南京市", "南通市", "苏州市", "无锡市", "徐州市"]
    assert list(plan["2022"]) == ["江苏省", "浙江省"] and not plan["2022"]["江苏省"].places
    files = quality_page_files(reports)
    listed = {f: BeautifulSoup(text, "lxml").select("details.quality-report > summary > a") for f, text in files.items()}
    listed = {f: [a.get_text() for a in links] for f, links in listed.items() if links}
    assert sorted(listed) == ["quality/2022/jiangsu/index.md", "quality/2022/zhejiang/index.md",
                              "quality/2023/jiangsu/changzhou/index.md", "quality/2023/jiangsu/nanjing/index.md",
                              "quality/2023/jiangsu/nantong/index.md", "quality/2023/jiangsu/suzhou/index.md",
                              "quality/2023/jiangsu/wuxi/index.md", "quality/2023/jiangsu/xuzhou/index.md"]
    assert sorted(n for names in listed.values() for n in names) == sorted(r["agency"] for r in reports)  # each once
    assert "机关0999" in listed["quality/2023/jiangsu/nanjing/index.md"]
    assert max(len(files[f].encode()) for f in listed) < PAGE_BYTES
    # The filters' page map names each year's page and each province's: every page carries it.
    state = json.loads(re.search(r'<script type="application/json" id="quality-pages">(.*?)</script>',
                                 files["quality/2023/jiangsu/wuxi/index.md"]).group(1))
    assert state["pages"] == {"2023": {"": "quality/2023/", "江苏省": "quality/2023/jiangsu/"},
                              "2022": {"": "quality/2022/", "江苏省": "quality/2022/jiangsu/",
                                       "浙江省": "quality/2022/zhejiang/"}}
    assert state["province"] == "江苏省" and state["place"] == ["江苏省", "无锡市"]
    # … and each list links back to its province's and year's pages (reachable without JavaScript).
    assert "[2023 年度](../../index.md) · [江苏省](../index.md)" in files["quality/2023/jiangsu/wuxi/index.md"]


def _placed(n: int, province: str, city: str, county: str | None, year: int = 2023) -> dict:
    region = {"province": province, "city": city, "county": county}
    return {"id": f"b{n}-{year}", "agency_id": f"b{n}", "agency": f"{city}{county or ''}局{n}", "year": year,
            "level": "county" if county else "city", "region": region, "values": {}, "checks": []}


def test_the_regions_index_lists_provinces_and_cities_and_the_city_pages_their_counties():
    from builder.pages.regions import region_page_files, region_tree, regions_index_files

    counties = [f"第{i}区" for i in range(40)]
    reports = [_placed(n, "江苏省", "南京市", counties[n % 40]) for n in range(80)]
    reports += [_placed(100 + n, "江苏省", "无锡市", None) for n in range(2)]
    roots = region_tree(reports)
    index = regions_index_files(roots, reports)["regions/index.md"]
    assert "[南京市](jiangsu/nanjing/index.md)（80 份报告，40 个区县）" in index
    assert "[无锡市](jiangsu/wuxi/index.md)（2 份报告）" in index
    assert not any(county in index for county in counties)  # on the city's page, not here
    city = region_page_files(roots[(("province", "江苏省"),)].children[(("province", "江苏省"), ("city", "南京市"))])
    assert all(f">{county}</a>" in city["regions/jiangsu/nanjing/index.md"] for county in counties)


def test_a_province_counts_its_long_coverage_lists_by_city_and_each_city_lists_its_own():
    from builder.pages.regions import COVERAGE_LISTED, region_page_files, region_tree

    cities = ("南京市", "无锡市", "徐州市")
    # 2022: 160 bodies (150 of the cities, 10 of the province itself); 2023: 10 of them again.
    reports = [_placed(n, "江苏省", cities[n % 3], f"第{n % 3}区", 2022) for n in range(150)]
    reports += [{**_placed(200 + n, "江苏省", "", None, year), "region": {"province": "江苏省"}, "level": "province"}
                for n in range(10) for year in (2022, 2023)]
    roots = region_tree(reports)
    province = roots[(("province", "江苏省"),)]
    page = region_page_files(province)["regions/jiangsu/2023/index.md"]
    missing = page.split("年没有的机构", 1)[1].split("## 2023 年的机构", 1)[0]
    assert "共 150 个，其余按下级地区计数" in missing
    # 南京市 has no 2023 page: the row links its own page.
    assert '<td><a href="../nanjing/">南京市</a></td><td>地市级</td><td class="n">50</td>' in missing
    assert missing.count('href="../../../agencies/') == 0 < COVERAGE_LISTED  # the bodies are on the cities' pages
    # 南京市 has no 2023 report: its page (2022) lists its 50 bodies in its agency table.
    nanjing = region_page_files(province.children[(("province", "江苏省"), ("city", "南京市"))])
    assert nanjing["regions/jiangsu/nanjing/index.md"].count('href="../../../agencies/b') >= 50


def test_the_failures_page_is_cut_into_pages_that_link_each_other():
    from builder.export import Failure
    from builder.pages.lists import FAILURES_SHOWN, failures_page_files

    failures = [Failure(f"reports/bad-{i:04d}.pdf", f"无法读取 {i}", "read") for i in range(2 * FAILURES_SHOWN + 5)]
    files = failures_page_files(failures)
    assert set(files) == {"failures/index.md", "failures/2/index.md", "failures/3/index.md"}
    listed = [line for text in files.values() for line in text.splitlines() if line.startswith("| <code>")]
    assert len(listed) == len(failures) and all(text.count("| <code>") <= FAILURES_SHOWN for text in files.values())
    assert "[第 3 页](../3/index.md)" in files["failures/2/index.md"] and "[第 2 页](2/index.md)" in files["failures/index.md"]
    assert "以下 605 个文件无法解析" in files["failures/3/index.md"]
    assert list(failures_page_files(failures[:3])) == ["failures/index.md"]


def test_a_large_year_has_rank_files_of_its_top_rows_and_a_small_one_none():
    from builder.export import chunks
    from builder.pages import explorer

    def report(i: int, year: int) -> dict:
        return {"id": f"b{i}-{year}", "agency": f"机构{i}", "agency_id": f"b{i}", "year": year, "level": "county",
                "region": {"province": "江苏省"}, "checks": [], "template": {},
                "values": {"requests.new_received.total": i % 500}}

    reports = [report(i, 2023) for i in range(explorer.RANK_FROM + 1)] + [report(i, 2022) for i in range(10)]
    parts = chunks(reports)
    manifest = json.loads(explorer.manifest_files(parts)[explorer.MANIFEST])
    assert manifest["rankings"] == {"2023": {"reports": explorer.RANK_FROM + 1, "top": explorer.RANK_TOP}}
    assert "received" in manifest["rank_keys"] and "granted_rate" in manifest["rank_keys"]
    files = explorer.year_rank_files(parts, 2023)
    assert set(files) == {manifest["rank_file"].format(year=2023, key=k) for k in manifest["rank_keys"]}
    rows = json.loads(files["explorer/rank/2023/received.json"])["rows"]
    column = explorer.COLUMNS.index("received")
    assert len(rows) == explorer.RANK_TOP and [r[column] for r in rows[:3]] == [499, 499, 498]
    assert all(a[column] >= b[column] for a, b in zip(rows, rows[1:], strict=False))
