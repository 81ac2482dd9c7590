"""The built site in a real browser: Debian's Chromium driven by Playwright.

Charts render (SVG inside every chart container), no console errors, search finds
月牙湖 / 行政复议 / 宁夏, a CSV link downloads, and no request leaves 127.0.0.1.
Without /usr/bin/chromium the tests skip locally and FAIL in CI (env CI set).
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

YUEYAHU = "agencies/xingqingqu-yueyahuxiang-renminzhengfu/"


class Visit:
    """A browser context that records every request and console message."""

    def __init__(self, browser, base: str, **options):
        self.base = base
        self.context = browser.new_context(accept_downloads=True, **options)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def open(self, path: str):
        self.page.goto(self.base + path)
        # The charts are drawn once one comes into view (assets/charts.js): scroll to it, as a reader does.
        self.page.evaluate("document.querySelector('.vega-chart')?.scrollIntoView()")
        return self.page

    def outside(self) -> list[str]:
        # (a blob: URL is made in the page, e.g. an exported chart image: no request leaves)
        return [url for url in self.requests if not url.startswith(self.base) and not url.startswith("blob:")]


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


def test_agency_charts_render(visit):
    v = visit()
    page = v.open(YUEYAHU)
    containers = page.locator(".vega-chart")
    assert containers.count() == 3
    page.wait_for_function("document.querySelectorAll('.vega-chart svg.marks').length === 3", timeout=15000)
    for i in range(3):
        assert containers.nth(i).locator("svg .mark-rect, svg .mark-group").count() > 0
    # The 无法提供 bar of 月牙湖乡's one request is drawn with a positive width.
    widths = page.eval_on_selector_all(
        "#chart-handled-2020 svg .mark-rect path",
        "paths => paths.map(p => p.getBBox().width)")
    assert max(widths) > 100
    # Counts as Chinese reports write them: digits and thousands separators, never an SI "0.1k".
    labels = page.eval_on_selector_all(".vega-chart svg .role-axis-label text", "ts => ts.map(t => t.textContent)")
    assert any(label.isdigit() for label in labels)
    assert not [label for label in labels if re.fullmatch(r"[\d.,]+[kMGµm]", label)]
    assert v.errors == []


def test_charts_follow_dark_palette(visit):
    v = visit(color_scheme="dark")
    page = v.open(YUEYAHU)
    page.wait_for_function("document.querySelectorAll('.vega-chart svg.marks').length === 3", timeout=15000)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    label_fill = page.eval_on_selector(".vega-chart svg .role-axis-label text", "t => getComputedStyle(t).fill")
    # Light text on the dark palette: every colour channel bright.
    channels = [int(c) for c in label_fill[label_fill.index("(") + 1:label_fill.index(")")].split(",")[:3]]
    assert min(channels) > 150, label_fill
    # Toggle to light: the charts are drawn again, with dark labels.
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
    page.wait_for_function(
        "(() => { const t = document.querySelector('.vega-chart svg .role-axis-label text');"
        " return t && getComputedStyle(t).fill.match(/\\d+/g).slice(0, 3).every(c => +c < 120); })()",
        timeout=15000)
    assert v.errors == []


def test_without_javascript_a_chart_says_where_its_numbers_are(visit):
    v = visit(java_script_enabled=False)
    page = v.open(YUEYAHU)
    said = page.eval_on_selector(".vega-chart", "c => getComputedStyle(c, '::before').content")
    assert "JavaScript" in said and "表格" in said
    assert page.locator("p.chart-numbers").first.is_visible()


@pytest.mark.parametrize(("query", "expected"), [
    ("月牙湖", YUEYAHU),
    ("韵家口", "agencies/chengdongqu-yunjiakouzhen-renminzhengfu/"),
    ("宁夏", "regions/ningxia/"),
    ("行政复议", "agencies/"),
])
def test_search_finds_pages(visit, query, expected):
    v = visit()
    page = v.open("")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # Material searches on keyup; fill() inserts text without one (a typing reader makes it)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15000)
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    assert any(expected in href for href in hrefs), hrefs
    if query == "月牙湖":
        assert YUEYAHU in hrefs[0]
    assert v.errors == []


def test_csv_link_downloads(visit, tmp_path):
    v = visit()
    page = v.open("downloads/")
    with page.expect_download() as info:
        page.locator("a[href='2020/reports.csv']").click()  # the year's file (downloads are split by year)
    target = tmp_path / "reports.csv"
    info.value.save_as(target)
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel reads as UTF-8
    text = target.read_text(encoding="utf-8-sig")
    assert text.startswith("report_id,agency,agency_id,year,")
    assert "xingqingqu-yueyahuxiang-renminzhengfu-2020,兴庆区月牙湖乡人民政府" in text

    page = v.open(YUEYAHU)
    with page.expect_download() as info:
        page.locator("a.agency-csv").click()  # the agency's CSV, made in the browser (assets/tables.js)
    assert info.value.suggested_filename == "xingqingqu-yueyahuxiang-renminzhengfu.csv"
    agency = tmp_path / "agency.csv"
    info.value.save_as(agency)
    assert agency.read_bytes().startswith(b"\xef\xbb\xbf")
    lines = agency.read_text(encoding="utf-8-sig").splitlines()
    # the columns of reports.csv, and the agency's row as the year's file has it
    assert lines[0] == text.splitlines()[0] and len(lines) == 2
    assert lines[1] in text.splitlines()
    assert v.errors == []


def test_region_table_sorts(visit):
    v = visit()
    page = v.open("regions/ningxia/")
    page.wait_for_function("document.querySelectorAll('.vega-chart svg.marks').length === 1", timeout=15000)
    table = page.locator("table[data-sortable]").last
    header = table.locator("th", has_text="新收申请")
    header.click()
    header.click()
    first = table.locator("tbody tr").first.locator("td").first.inner_text()
    assert first  # an agency name, and the table now carries a sort direction
    assert table.locator("th[aria-sort]").count() == 1
    assert v.errors == []


def test_the_palette_choice_is_kept_from_page_to_page(visit):
    """Material's scope and palette scripts, served as files (assets/md-scope.js, palette.js): a reader's
    dark choice on one page is the scheme of the next page, under the site's scope in localStorage."""
    v = visit()
    page = v.open(YUEYAHU)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    assert page.evaluate("__md_scope.href") == v.base
    page = v.open("regions/")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert v.errors == []


def test_header_icons_are_painted_and_the_palette_form_is_written(visit):
    """The header's icons are empty <svg>s painted through site.css's masks, and the light/dark toggle is
    written by palette.js: each icon is drawn (its box is not all one colour) at Material's size."""
    v = visit()
    page = v.open(YUEYAHU)
    assert page.locator("form[data-md-component='palette'] input[name='__palette']").count() == 2
    for selector in (".md-header__button.md-logo svg", "label.md-header__button[for^='__palette']:visible svg"):
        icon = page.locator(selector).first
        box = icon.bounding_box()
        assert 16 <= box["width"] <= 32 and 16 <= box["height"] <= 32, (selector, box)
        assert icon.evaluate("i => getComputedStyle(i).maskImage").startswith("url(")
        shot = icon.screenshot()
        from io import BytesIO

        from PIL import Image

        colours = Image.open(BytesIO(shot)).convert("RGB").getcolors(maxcolors=100000)
        # drawn: the icon's colour beside the header's, neither covering the whole box
        assert len(colours) >= 2 and max(c for c, _ in colours) < 0.9 * sum(c for c, _ in colours), selector
    assert v.errors == []


def test_a_chart_keeps_room_for_its_plot_before_it_is_drawn(visit):
    """Charts are drawn only when one nears the viewport (assets/charts.js); before that each container
    is already as tall as its spec's plot, so what a reader jumped to does not move down when they draw."""
    v = visit()
    v.context.route(re.compile(r".*/vendor/vega.*\.js$"), lambda route: route.abort())  # never drawn
    page = v.page
    page.goto(v.base + YUEYAHU)
    heights = page.eval_on_selector_all(".vega-chart", "cs => cs.map(c => c.getBoundingClientRect().height)")
    # 月牙湖乡 2020: the handled and applicants charts' plots are 132 px, the appeals chart's 110 px
    # (builder/pages/charts.py: 22 px a bar).
    assert len(heights) == 3 and all(h >= 110 for h in heights), heights
    v.errors.clear()  # the aborted libraries' load errors


def test_a_drawn_chart_is_as_tall_as_the_room_kept_for_it(visit):
    """The room kept before drawing (builder/pages/charts.py drawn_height: plot, axis, legend) is what vega
    draws, within a few pixels: a page does not grow under a reader when its charts draw (they pushed an
    agency page's tables ~50 px down a chart before)."""
    v = visit()
    page = v.open(YUEYAHU)
    page.wait_for_function("document.querySelectorAll('.vega-chart svg.marks').length === 3", timeout=15000)
    # (the container's height once drawn, its min-height let go: the plot and vega-embed's wrapper around it)
    kept = page.eval_on_selector_all(".vega-chart", "cs => cs.map(c => { const room = parseFloat(c.style.minHeight);"
                                                     " c.style.minHeight = ''; return [c.id, room, c.getBoundingClientRect().height]; })")
    assert [k[0] for k in kept] == ["chart-handled-2020", "chart-applicants-2020", "chart-appeals-2020"], kept
    for cid, room, drawn in kept:
        assert abs(room - drawn) <= 6, (cid, room, drawn)
