"""The data-quality pages: one entry per report with its findings under it, the rules (the newer
ones too) explained in Chinese, derived cells marked, pages of bounded size, and filters by rule,
severity, province and year in a real browser (one small site for the module)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from builder.pages.quality import PAGE_BYTES, list_pages, quality_page_files
from builder.template import RULES
from tests.textreport import consistent_values, write_report

SIX_ZEROS = ("属于国家秘密\t0\t0\t0\t0\t0\t0\t0", "属于国家秘密\t0\t0\t0\t0\t0\t0")


def _report(n: int, year: int | None, province: str | None, checks: list[dict], derived: dict | None = None) -> dict:
    return {"id": f"body-{n}-{year}", "agency_id": f"body-{n}", "agency": f"机关{n}", "year": year,
            "region": {"province": province, "city": None, "county": None, "township": None},
            "checks": checks, "derived": derived or {}, "known_issues": []}


def _check(rule: str, severity: str, fields: list[str] | None = None, message: str = "说明") -> dict:
    return {"rule": rule, "severity": severity, "fields": fields or [], "message": message, "acknowledged": False}


def _soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "lxml")


def test_one_entry_per_report_with_its_findings_in_chinese():
    reports = [
        _report(1, 2023, "江苏省", [_check("row_total", "error", ["requests.granted.natural_person",
                                                                  "requests.granted.total"], "“予以公开”一行：总计为 5"),
                                  _check("empty_part", "warning", message="第五部分没有内容<script>")]),
        _report(2, 2023, "宁夏回族自治区", [], {"requests.granted.total": {
            "value": 0, "rule": "row_total", "from": [], "note": "该行只印出 6 个数字"}}),
        _report(3, 2023, "江苏省", []),  # nothing to say: not listed
    ]
    files = quality_page_files(reports)
    assert set(files) == {"quality/index.md", "quality/2023/index.md"}
    page = _soup(files["quality/2023/index.md"])
    entries = page.select("details.quality-report")
    assert [e.summary.a.get_text() for e in entries] == ["机关1", "机关2"]  # 江苏 (32) before 宁夏 (64)
    first = entries[0]
    assert first["data-rules"] == "empty_part row_total" and first["data-year"] == "2023"
    assert first["data-province"] == "江苏省" and first["data-severities"] == "error warning"
    findings = first.select("li.quality-finding")
    assert [li["data-rule"] for li in findings] == ["row_total", "empty_part"]  # errors first
    assert "行合计" in findings[0].get_text() and "予以公开（自然人、总计）" in findings[0].get_text()
    assert "<script>" in findings[1].get_text() and not page.select("li script")  # escaped, shown as text
    derived = entries[1].select_one("li.quality-derived")
    assert "推定单元格" in derived.get_text() and "予以公开（总计 = 0）" in derived.get_text()
    index = files["quality/index.md"]
    for rule in RULES:  # every rule, the newer ones too, with its Chinese name and explanation
        assert f"### {rule.title_zh} {{#{rule.name}}}" in index and rule.what_zh[:12] in index
    assert "第四十九条" in index and "推定单元格 {#derived}" in index
    assert "| 机构 | 年度 | 单元格 | 推定值 | 依据规则 |" in index and "**0**（推定）" in index


def _list_pages(plan) -> list[str]:
    """The pages of a plan (builder.pages.quality.list_pages) that list entries."""
    def pages(listing) -> list[str]:
        return [p for _name, sub in listing.places for p in pages(sub)] if listing.places else [listing.page]

    return [page for split in plan.values() for listing in split.values() for page in pages(listing)]


def test_pages_stay_bounded_however_many_reports():
    provinces = ["江苏省", "宁夏回族自治区", None]
    reports = [_report(n, 2020 + n % 2, provinces[n % 3], [_check("blank_cells", "info")]) for n in range(700)]
    reports.append(_report(999, None, "江苏省", [_check("missing_part", "error")]))
    plan = list_pages(reports)
    files = quality_page_files(reports)
    pages = _list_pages(plan)
    # 350 reports a year (~260 KB of entries, past PAGE_BYTES): a page per province, the year's page counts them.
    assert set(files) == {"quality/index.md", "quality/2021/index.md", "quality/2020/index.md", *pages}
    assert sorted(pages) == ["quality/2020/jiangsu/index.md", "quality/2020/ningxia/index.md",
                             "quality/2020/unknown/index.md", "quality/2021/jiangsu/index.md",
                             "quality/2021/ningxia/index.md", "quality/2021/unknown/index.md",
                             "quality/unknown/index.md"]
    seen = []
    for page in pages:
        entries = _soup(files[page]).select("details.quality-report")
        assert 0 < len(entries) <= 117 and len(files[page].encode()) < PAGE_BYTES
        seen += [e.summary.a.get_text() for e in entries]
    assert sorted(seen) == sorted(r["agency"] for r in reports)  # each report once
    # The index lists pages, not reports: it grows with years × provinces only.
    assert len(files["quality/index.md"]) < 20_000


def _small_data(root):
    folder = root / "reports" / "ningxia"
    folder.mkdir(parents=True)
    broken = consistent_values()
    broken["requests.granted.total"] = 4  # row_total and results_sum fail
    (folder / "yueyahu-2020.txt").write_text(write_report(broken, year=2020), encoding="utf-8")
    empty = write_report(consistent_values("2021"), agency="贺兰县人民政府", year=2021)
    (folder / "helan-2021.txt").write_text(empty.replace("信息公开的及时性仍需提高。", "无。"), encoding="utf-8")
    short = write_report(consistent_values("2021"), agency="永宁县人民政府", year=2021)
    assert SIX_ZEROS[0] in short
    (folder / "yongning-2021.txt").write_text(short.replace(*SIX_ZEROS), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def quality_site(tmp_path_factory):
    from tests.conftest import build_site_into, serve

    root = tmp_path_factory.mktemp("quality-site")
    built = build_site_into(_small_data(root / "data"), root)
    with serve(built.site) as url:
        yield built, url


def test_the_built_pages_group_by_report(quality_site):
    built, _url = quality_site
    for year, count in (("2020", 1), ("2021", 2)):
        page = _soup((built.site / "quality" / year / "index.html").read_text(encoding="utf-8"))
        assert len(page.select("details.quality-report")) == count
    page = _soup((built.site / "quality" / "2021" / "index.html").read_text(encoding="utf-8"))
    helan = next(e for e in page.select("details.quality-report") if "贺兰县" in e.summary.get_text())
    assert "empty_part" in helan["data-rules"].split()
    yongning = next(e for e in page.select("details.quality-report") if "永宁县" in e.summary.get_text())
    [derived] = yongning.select("li.quality-derived")  # the seven cells of one row: one item
    assert derived.get_text().count(" = 0") == 7
    assert (built.site / "assets" / "quality.js").exists()


@pytest.mark.browser
def test_filters_by_rule_and_by_year_in_a_browser(quality_site, browser):
    _built, url = quality_site
    context = browser.new_context()
    requests: list[str] = []
    errors: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(url + "quality/2021/")
        form = page.locator("#quality-filter")
        assert form.is_visible()
        entries = page.locator("details.quality-report")
        assert entries.count() == 2
        page.select_option("#quality-filter select[name=rule]", "empty_part")
        visible = page.locator("details.quality-report:not([hidden])")
        assert visible.count() == 1 and "贺兰县" in visible.first.inner_text()
        assert "rule=empty_part" in page.url
        assert page.locator(".quality-shown").inner_text() == "显示 1 / 2 份报告"
        page.select_option("#quality-filter select[name=rule]", "derived")
        assert "永宁县" in page.locator("details.quality-report:not([hidden])").first.inner_text()
        # Year: the other year's page, the rule carried over in the hash and applied there.
        page.select_option("#quality-filter select[name=rule]", "row_total")
        assert page.locator("details.quality-report:not([hidden])").count() == 0
        with page.expect_navigation():
            page.select_option("#quality-filter select[name=year]", "2020")
        assert re.search(r"/quality/2020/#rule=row_total$", page.url)
        assert page.locator("#quality-filter select[name=rule]").input_value() == "row_total"
        shown = page.locator("details.quality-report:not([hidden])")
        assert shown.count() == 1 and "月牙湖乡" in shown.first.inner_text()
        shown.first.locator("summary").click()
        findings = shown.first.locator("li.quality-finding:not([hidden])")
        assert findings.count() >= 1 and all(
            "行合计" in findings.nth(i).inner_text() for i in range(findings.count()))
        # From the index: pick a year, and go there.
        page.goto(url + "quality/")
        with page.expect_navigation():
            page.select_option("#quality-filter select[name=year]", "2021")
        assert page.url.endswith("/quality/2021/")
        assert errors == []
        assert [r for r in requests if not r.startswith(url)] == []
    finally:
        context.close()
