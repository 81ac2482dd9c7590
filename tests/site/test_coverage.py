"""Coverage and timeliness per region and year: who reported, who reported last year and not this
year, who published late (the late_publication check's judgement), on the region pages and the
national coverage pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.pages.years import coverage, timeliness
from tests.site.yearkit import LATE, LATE_DATE, MISSING, built_years_site
from tests.textreport import consistent_values, fired, parse_text, write_report


@pytest.fixture(scope="module")
def years_site(tmp_path_factory):
    return built_years_site(tmp_path_factory)


def html(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "lxml")


def section_tables(soup: BeautifulSoup, heading_text: str) -> list[list[str]]:
    """The rows (cell texts) of the table after the h3 holding heading_text."""
    heading = next(h for h in soup.select("article h3") if heading_text in h.get_text())
    table = heading.find_next("table")
    return [[td.get_text(strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]


@pytest.mark.slow
def test_the_region_page_lists_the_missing_body(years_site):
    page = html(years_site.site, "regions/jiangsu/index.html")
    coverage_text = page.select_one("h2#coverage").find_next("p").get_text()
    assert "2023 年，江苏省有 4 个机构的报告（2022 年 5 个）" in coverage_text
    assert "2022 年有报告、2023 年没有的 1 个" in coverage_text
    rows = section_tables(page, "2022 年有报告、2023 年没有的机构")
    assert [row[0] for row in rows] == [MISSING]
    # The city's and the county's pages of that year say it too; a body that did report is not listed.
    nanjing = html(years_site.site, "regions/jiangsu/nanjing/index.html")
    assert [row[0] for row in section_tables(nanjing, "2023 年没有的机构")] == [MISSING]
    assert "没有的机构" not in html(years_site.site, "regions/beijing/index.html").get_text()


@pytest.mark.slow
def test_the_region_page_lists_the_late_body_with_its_deadline(years_site):
    page = html(years_site.site, "regions/ningxia/index.html")
    rows = section_tables(page, "逾期公布的机构")
    assert rows == [[LATE, LATE_DATE, "2024-03-31", "38", "县级以上地方人民政府的本级政府年度报告，次年 3 月 31 日前"]]
    # Every body's publication date is in the agency table.
    agencies = page.select_one("h2#agencies").find_next("table")
    heads = [th.get_text(strip=True) for th in agencies.select("thead th")]
    dates = {tr.select("td")[0].get_text(strip=True): tr.select("td")[heads.index("发布日期")].get_text(strip=True)
             for tr in agencies.select("tbody tr")}
    assert dates[LATE] == LATE_DATE and dates["银川市兴庆区人民政府"] == "2024-01-20"
    assert "逾期公布的机构" not in html(years_site.site, "regions/ningxia/2022/index.html").get_text()


@pytest.mark.slow
def test_the_national_coverage_page_counts_each_province(years_site):
    page = html(years_site.site, "coverage/2023/index.html")
    table = page.select_one("article table")
    heads = [th.get_text(strip=True) for th in table.select("thead th")]
    rows = {tr.select("td")[0].get_text(strip=True): [td.get_text(strip=True) for td in tr.select("td")]
            for tr in table.select("tbody tr")}
    assert list(rows) == ["北京市", "江苏省", "宁夏回族自治区", "全部"]
    assert rows["江苏省"][heads.index("上年有、本年无")] == "1"
    assert rows["宁夏回族自治区"][heads.index("逾期公布")] == "1"
    assert rows["全部"][1:3] == ["14", "15"]
    link = table.select_one("a[href*='jiangsu']")["href"]
    assert link.endswith("regions/jiangsu/#coverage")
    index = html(years_site.site, "coverage/index.html")
    years = [tr.select("td")[0].get_text(strip=True) for tr in index.select("article table tbody tr")]
    assert years == ["2022", "2023"]


def test_lateness_is_the_late_publication_checks(tmp_path):
    """On time, late, and a township (no deadline in the regulation): as the check says."""
    values = consistent_values("2021")
    cases = {"on-time": ("银川市兴庆区人民政府", "2024年1月20日", False),
             "late": ("银川市兴庆区人民政府", "2024年5月8日", True),
             "department-late": ("银川市兴庆区教育局", "2024年2月8日", True),
             "township": ("兴庆区月牙湖乡人民政府", "2024年6月1日", False)}
    for name, (agency, day, late) in cases.items():
        text = write_report(values, agency=agency, year=2023).replace("2024年1月20日", day)
        report = parse_text(tmp_path, text, f"{name}.txt")
        assert report["published"], name
        found = timeliness(report)
        assert found.late is late is bool(fired(report, "late_publication")), name
        if name == "township":
            assert found.deadline is None


def test_coverage_follows_bodies_across_renames():
    """A body keeps its body_id when its name (and so its agency id) changes: not missing, not new."""
    reports = [
        {"agency_id": "old-name", "body_id": "640104:环境保护局", "year": 2022, "published": "2023-01-10"},
        {"agency_id": "new-name", "body_id": "640104:环境保护局", "year": 2023, "published": "2024-01-10"},
        {"agency_id": "gone", "body_id": "640104:教育局", "year": 2022, "published": None},
        {"agency_id": "fresh", "body_id": None, "year": 2023, "published": None},
    ]
    cov = coverage(reports, 2023)
    assert [r["agency_id"] for r in cov.missing] == ["gone"]
    assert [r["agency_id"] for r in cov.new] == ["fresh"]
    assert (cov.bodies, cov.previous_bodies) == (2, 2)
    assert [t.report["agency_id"] for t in cov.undated] == ["fresh"]


def test_names_in_rankings_and_coverage_are_escaped():
    """Every string from a report is untrusted: a scope, agency or region name is written as text."""
    from builder.pages.rankings import rankings_markdown
    from builder.pages.regions import coverage_markdown

    hostile = "<img src=x onerror=alert(1)>[链接](javascript:alert(1))"
    values = consistent_values("2021", received=30)
    reports = [{"id": f"a{i}-2023", "agency_id": f"a{i}", "body_id": None, "agency": hostile, "year": year,
                "region": {"province": hostile}, "published": "2024-09-01", "level": "county", "values": values}
               for i, year in ((1, 2023), (2, 2022))]
    out = rankings_markdown([reports[0]], 2023, hostile, "years/2023/index.md") + coverage_markdown(
        coverage(reports, 2023), hostile, "years/2023/index.md")
    # Written as HTML (the tables and their paragraphs): the name is text there, whether the page's
    # Markdown wraps it in a <section markdown> (Python-Markdown leaves nested raw HTML as it is) or not.
    import markdown

    for wrapped in (out, f"<section markdown>\n\n{out}\n</section>\n"):
        page = BeautifulSoup(markdown.markdown(wrapped, extensions=["attr_list", "md_in_html", "tables"]), "lxml")
        assert not page.select("img") and not page.select("a[href^=javascript]")
        assert hostile in page.get_text() and "&lt;img src=x onerror=alert(1)&gt;" in out
