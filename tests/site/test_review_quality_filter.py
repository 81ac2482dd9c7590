"""Review of the data-quality filters (site_src/assets/quality.js) as a reader sees them, in Chromium:

- a report the filter leaves out must disappear from the page, not only get a ``hidden`` attribute: Material
  gives every ``.md-typeset details`` ``display: flow-root``, which beat the browser's ``[hidden]`` rule, so
  "显示 1 / 2 份报告" stood above both reports;
- 查看 on the index with 全部年度 must open the newest year's page (the first the year list offers), not the
  oldest: the years were taken from ``Object.keys``, which puts integer-like keys in ascending order.

The small site of tests/site/test_quality_page.py (one report of 2020, two of 2021)."""

from __future__ import annotations

import pytest

from tests.site.test_quality_page import quality_site  # noqa: F401  (the module's small built site)


@pytest.fixture
def tab(quality_site, browser):  # noqa: F811
    """A fresh page of its own context, and the small site's address."""
    context = browser.new_context()
    try:
        yield context.new_page(), quality_site[1]
    finally:
        context.close()


@pytest.mark.browser
def test_a_filtered_out_report_is_not_shown(tab):
    page, url = tab
    page.goto(url + "quality/2021/")
    entries = page.locator("details.quality-report")
    assert entries.count() == 2 and entries.nth(0).is_visible() and entries.nth(1).is_visible()
    page.select_option("#quality-filter select[name=rule]", "empty_part")
    assert page.locator(".quality-shown").inner_text() == "显示 1 / 2 份报告"
    shown = [entries.nth(i).inner_text() for i in range(2) if entries.nth(i).is_visible()]
    assert len(shown) == 1 and "贺兰县" in shown[0]
    page.select_option("#quality-filter select[name=rule]", "row_total")  # only the 2020 report has it
    assert [i for i in range(2) if entries.nth(i).is_visible()] == []
    page.select_option("#quality-filter select[name=rule]", "")
    assert entries.nth(0).is_visible() and entries.nth(1).is_visible()


@pytest.mark.browser
def test_all_years_opens_the_newest_year(tab):
    page, url = tab
    page.goto(url + "quality/")
    years = page.locator("#quality-filter select[name=year] option").evaluate_all(
        "options => options.map(o => o.value).filter(Boolean)")
    assert years == ["2021", "2020"]  # newest first, as everywhere on the site
    assert page.locator("#quality-filter select[name=year]").input_value() == ""  # 全部年度
    page.select_option("#quality-filter select[name=rule]", "empty_part")
    with page.expect_navigation():
        page.locator("#quality-filter button", has_text="查看").click()
    assert page.url.endswith("/quality/2021/#rule=empty_part")
    visible = [e for e in page.locator("details.quality-report").all() if e.is_visible()]
    assert len(visible) == 1 and "贺兰县" in visible[0].inner_text()
