"""An agency page cut to fewer bytes, in a real browser (Debian's Chromium): what it still gives a reader,
with JavaScript and without."""

from __future__ import annotations

import pytest

from builder.pages.agency import NO_SCRIPT_CSV
from tests.site.test_browser import Visit

pytestmark = pytest.mark.browser

YUEYAHU = "agencies/xingqingqu-yueyahuxiang-renminzhengfu/"


@pytest.fixture
def visit(browser, site_url):
    visits = []

    def make(**options):
        v = Visit(browser, site_url, **options)
        visits.append(v)
        return v

    yield make
    for v in visits:
        assert v.outside() == [], "requests left 127.0.0.1"
        v.context.close()


def test_without_javascript_the_agency_csv_link_says_it_opens_the_downloads_page(visit):
    v = visit(java_script_enabled=False)
    page = v.open(YUEYAHU)
    link = page.locator("a.agency-csv")
    assert link.inner_text() == NO_SCRIPT_CSV and ".csv" not in link.inner_text()
    link.click()
    page.wait_for_url("**/downloads/")
    assert page.locator("a[href='2020/reports.csv']").count() == 1  # the year's file that holds its rows


def test_with_javascript_the_agency_csv_link_is_named_by_its_file(visit):
    v = visit()
    page = v.open(YUEYAHU)
    page.wait_for_function("document.querySelector('a.agency-csv').textContent.endsWith('.csv')")
    link = page.locator("a.agency-csv")
    assert link.inner_text() == "xingqingqu-yueyahuxiang-renminzhengfu.csv"
    assert link.get_attribute("title") == "下载本机构的 CSV"
    assert v.errors == []
