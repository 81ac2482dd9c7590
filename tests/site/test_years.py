"""Every figure names its year: the overview, the national year pages, region pages and rankings show
one year (the latest complete one by default), a sum across years only labelled as such, rates
never ranked below their minimum denominator, provinces in division-code order.

The site is tests/site/yearkit.py's: 3 provinces × 5 district governments × 2022–2023, one body
missing in 2023, one published late, one with a 100% 予以公开率 on 5 requests.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.pages.regions import Region, ordered
from builder.pages.years import choose_year, complete_years
from tests.site.yearkit import SMALL, built_years_site, of_year


@pytest.fixture(scope="module")
def years_site(tmp_path_factory):
    return built_years_site(tmp_path_factory)


def html(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "lxml")


def stats(soup: BeautifulSoup) -> dict[str, str]:
    return {card.select_one(".stat-label").get_text(): card.select_one(".stat-value").get_text()
            for card in soup.select("div.stat")}


def tables_with(soup: BeautifulSoup, header: str) -> list[tuple[list[str], list[list[str]]]]:
    """(headers, rows of cell texts) of every table with a column `header`."""
    out = []
    for table in soup.select("article table"):
        heads = [th.get_text(strip=True) for th in table.select("thead th")]
        if header in heads:
            out.append((heads, [[td.get_text(strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]))
    return out


@pytest.mark.slow
def test_the_overview_total_names_one_year_and_sums_only_that_years_reports(years_site):
    page = html(years_site.site, "index.html")
    figures = stats(page)
    received_2023 = of_year(years_site.values, 2023, "requests.new_received.total")
    received_2022 = of_year(years_site.values, 2022, "requests.new_received.total")
    assert figures["2023 年新收申请合计"] == f"{received_2023:,}"
    assert figures["2023 年机构"] == "14"
    assert all(label.startswith("2023 年") for label in figures)  # every card names its year
    text = page.get_text()
    assert "显示 2023 年度（最近的完整年度）" in text and "“完整年度”指" in text
    assert "全国合计" not in text
    # The sum of both years appears once, in the years table, labelled as a sum of years.
    both = f"{received_2022 + received_2023:,}"
    (heads, rows), = tables_with(page, "完整")
    cumulative = [row for row in rows if both in row]
    assert len(cumulative) == 1 and cumulative[0][0] == "2022–2023 年累计（各年相加）"
    assert [row[0] for row in rows[:2]] == ["2022", "2023"]


@pytest.mark.slow
def test_each_year_has_a_national_page_with_its_own_sums(years_site):
    for year in (2022, 2023):
        page = html(years_site.site, f"years/{year}/index.html")
        figures = stats(page)
        assert figures[f"{year} 年新收申请合计"] == f"{of_year(years_site.values, year, 'requests.new_received.total'):,}"
        (heads, rows), = tables_with(page, "省份")
        assert [row[0] for row in rows] == ["北京市", "江苏省", "宁夏回族自治区"]
        assert rows[1][1] == ("5" if year == 2022 else "4")  # 江苏省's bodies that year


@pytest.mark.slow
def test_a_ranking_never_mixes_years(years_site):
    for path, year in (("index.html", 2023), ("years/2022/index.html", 2022), ("years/2023/index.html", 2023),
                       ("regions/beijing/index.html", 2023)):
        rankings = tables_with(html(years_site.site, path), "名次")
        if path.startswith("regions/"):  # five bodies: the agency table lists them all, no ranking
            assert rankings == []
            continue
        assert len(rankings) >= 2, path
        for heads, rows in rankings:
            assert rows and {row[heads.index("年度")] for row in rows} == {str(year)}, path


@pytest.mark.slow
def test_a_rate_below_its_minimum_denominator_is_not_ranked(years_site):
    page = html(years_site.site, "years/2023/index.html")
    granted = [t for t in tables_with(page, "名次") if "予以公开率" in t[0]]
    assert len(granted) == 1
    heads, rows = granted[0]
    names = [row[heads.index("机构")] for row in rows]
    assert SMALL not in names  # 5/5 = 100% would be first if it were ranked
    assert all(int(row[heads.index("分母（件）")]) >= 20 for row in rows)
    assert "14 个县级政府的报告中 14 个可以计算；分母不少于 20 件的 13 个参加排名（1 个分母太小" in page.get_text()
    # Its rate is not given where the agencies are listed; its counts are.
    beijing = html(years_site.site, "regions/beijing/index.html")
    (heads, rows), = tables_with(beijing, "予以公开率")
    small = next(row for row in rows if row[0] == SMALL)
    assert small[heads.index("予以公开率")] == "—（5/5）†"  # (builder.template.indicators.rate_figure)


@pytest.mark.slow
def test_region_pages_show_one_year_and_link_the_others(years_site):
    page = html(years_site.site, "regions/jiangsu/index.html")
    text = page.get_text()
    assert "2023 年，江苏省（省级）共有 4 个机构的报告" in text
    assert stats(page)["2023 年机构"] == "4"
    assert page.select_one("a[href='2022/']") is not None
    old = html(years_site.site, "regions/jiangsu/2022/index.html")
    assert old.h1.get_text(strip=True).startswith("江苏省 2022 年度")
    assert stats(old)["2022 年机构"] == "5"
    assert "2022 年各机构本年新收政府信息公开申请件数" in old.select_one("figcaption").get_text()
    assert "2023" in [a.get_text() for a in old.select("article a[href='../']")]  # the year its own page shows
    # That year has no page of its own; a region of one year (鼓楼区 reported 2022 only) has one page.
    assert not (years_site.site / "regions/jiangsu/2023").exists()
    assert not (years_site.site / "regions/jiangsu/nanjing/gulouqu/2022").exists()
    # A region of one body (鼓楼区) has no page of its own: its address sends the reader to the body's page.
    stub = html(years_site.site, "regions/jiangsu/nanjing/gulouqu/index.html")
    target = "../../../../agencies/nanjingshi-gulouqu-renminzhengfu/"
    assert stub.select_one("meta[http-equiv=refresh]")["content"] == f"0;url={target}"
    assert stub.h1.get_text() == "鼓楼区" and stub.select_one(f"a[href='{target}']") is not None
    assert not stub.select("header, nav, script")  # none of the site's chrome
    assert html(years_site.site, "regions/jiangsu/nanjing/2022/index.html").select_one(  # linked there directly
        "article a[href='../../../../agencies/nanjingshi-gulouqu-renminzhengfu/#y2022']") is not None


@pytest.mark.slow
def test_provinces_in_division_code_order(years_site):
    # 北京市 110000, 江苏省 320000, 宁夏回族自治区 640000 (Unicode order would put 宁 before 江).
    page = html(years_site.site, "regions/index.html")
    assert [h2.select_one("a").get_text() for h2 in page.select("article h2")] == ["北京市", "江苏省", "宁夏回族自治区"]
    cities = [li.get_text().partition("（")[0].partition("：")[0] for li in page.select("article ul")[1].select("li")]
    assert cities == ["南京市", "无锡市", "徐州市", "苏州市"]  # 3201, 3202, 3203, 3205


def test_names_by_pinyin_where_codes_are_unknown():
    regions = [Region((("province", name),)) for name in ("重庆市", "安徽省", "北京市")]  # no reports: no codes
    assert [r.name for r in ordered(regions)] == ["安徽省", "北京市", "重庆市"]  # an, bei, chong


def _reports(counts: dict[int, int]) -> list[dict]:
    return [{"agency_id": f"body{i}", "body_id": f"6401{i:02d}", "year": year}
            for year, n in counts.items() for i in range(n)]


def test_the_default_year_is_the_latest_complete_one():
    reports = _reports({2022: 10, 2023: 10})
    assert choose_year(reports, date(2024, 4, 1)).year == 2023  # the deadline, 31 March 2024, has passed
    before = choose_year(reports, date(2024, 3, 31))
    assert (before.year, before.complete) == (2022, True)
    few = _reports({2022: 10, 2023: 4})  # fewer than half of last year's bodies: still coming in
    assert complete_years(few, date(2025, 1, 1)) == [2022]
    assert choose_year(few, date(2025, 1, 1)).year == 2022
    nothing = choose_year(_reports({2024: 3}), date(2025, 2, 1))
    assert (nothing.year, nothing.complete) == (2024, False)
    assert "尚不完整" in nothing.note_zh()


@pytest.mark.slow
def test_a_province_page_hashes_only_its_own_reports(years_site, tmp_path):
    """Editing a 宁夏 2023 report remakes 宁夏's pages and the 2023 pages, not 北京's nor 2022's."""
    from builder.site import build_site

    data = tmp_path / "data"
    shutil.copytree(years_site.data, data)
    folders = dict(build_dir=tmp_path / "build", cache_dir=tmp_path / "cache")
    build_site(data, tmp_path / "site", jobs=1, **folders)
    docs = tmp_path / "build" / "docs"
    before = {p.relative_to(docs).as_posix(): p.stat().st_mtime_ns for p in docs.rglob("*.md")}
    edited = data / "reports" / "p2" / "body0-2023.txt"
    text = edited.read_text(encoding="utf-8")
    count = re.search(r"一、本年新收政府信息公开申请数量((?:\t\d+)+)", text).group(1).split("\t")[1:]
    bumped = [str(int(n) + 1) if i in (0, 6) else n for i, n in enumerate(count)]  # one more request, and its total
    text = text.replace("一、本年新收政府信息公开申请数量\t" + "\t".join(count),
                        "一、本年新收政府信息公开申请数量\t" + "\t".join(bumped))
    edited.write_text(text, encoding="utf-8")
    result = build_site(data, tmp_path / "site", jobs=1, **folders)
    assert result.parsed == 1
    after = {p.relative_to(docs).as_posix(): p.stat().st_mtime_ns for p in docs.rglob("*.md")}
    changed = {p for p in after if after[p] != before.get(p)}
    assert "regions/ningxia/index.md" in changed and "index.md" in changed and "years/2023/index.md" in changed
    assert not any(p.startswith("regions/beijing/") or p.startswith("regions/jiangsu/") for p in changed), changed
    assert "years/2022/index.md" not in changed and "regions/ningxia/2022/index.md" not in changed


@pytest.mark.browser
@pytest.mark.slow
def test_the_overview_fits_a_phone(years_site, browser):
    from tests.conftest import serve

    with serve(years_site.site) as url:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        try:
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(url)
            page.wait_for_load_state("load")
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            assert "2023 年新收申请合计" in page.inner_text("article")
            assert errors == []
        finally:
            context.close()



@pytest.mark.slow
def test_the_home_page_ranks_five_of_each_kind_the_year_page_ten(years_site):
    # The fifteen bodies are district governments (县级政府): one list a ranking; 14 reported for 2023.
    for path, shown in (("index.html", 5), ("years/2023/index.html", 10)):
        page = html(years_site.site, path)
        kinds = [h.get_text().strip().rstrip("¶") for h in page.select("h4") if "新收申请最多的" in h.get_text()]
        assert kinds == ["2023 年新收申请最多的县级政府"], path
        (heads, rows), = [t for t in tables_with(page, "名次") if "新收申请（件）" in t[0]]
        assert len(rows) == shown and [row[0] for row in rows[:2]] == ["1", "2"]
        assert f"14 个县级政府的报告中，新收申请不为 0 的有 14 个，这里是其中最多的 {shown} 个" in page.get_text()
