"""An agency page cut to fewer bytes, in a real browser (Debian's Chromium): what it still gives a reader,
with JavaScript and without."""

from __future__ import annotations

import pytest

from builder.pages.agency import NO_SCRIPT_CSV
from tests.site.test_browser import Visit, visit  # noqa: F401  (visit: the fixture, requests kept on the site)

pytestmark = pytest.mark.browser

YUEYAHU = "agencies/xingqingqu-yueyahuxiang-renminzhengfu/"



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


@pytest.mark.parametrize("path", [YUEYAHU, "regions/ningxia/", ""])
def test_charts_js_expands_every_chart_as_charts_py_does(visit, built_site, path):
    """The page holds what neither the shape nor the rows say; charts.js derives the rest (derive()) as
    builder/pages/charts.py derived() does: every drawn spec is the one Python expands."""
    import json

    from bs4 import BeautifulSoup

    from builder.pages import charts

    v = visit()
    page = v.open(path)
    n = page.locator(".vega-chart").count()
    assert n
    page.evaluate("document.querySelectorAll('.vega-chart').forEach(c => c.scrollIntoView())")
    page.wait_for_function(f"[...document.querySelectorAll('.vega-chart')].filter(c => c.vegaView).length === {n}",
                           timeout=20000)
    drawn = page.eval_on_selector_all(".vega-chart", "cs => cs.map(c => [c.id, JSON.stringify(c.vegaSpec)])")
    shapes = json.loads((built_site.site / "assets" / "chart-shapes.json").read_text(encoding="utf-8"))
    soup = BeautifulSoup((built_site.site / path / "index.html").read_text(encoding="utf-8"), "lxml")
    python = {s.find_previous_sibling("div")["id"]: charts.expand(json.loads(s.string), shapes)
              for s in soup.select("script.vega-spec")}
    assert {cid: json.loads(spec) for cid, spec in drawn} == python
    assert v.errors == []


def test_charts_js_expands_charts_of_every_shape_as_charts_py_does(visit):
    """Charts of every shape at three scales (tests/site/test_charts_phone.py's: trends of two panels, years
    side by side, small counts with a tick per number), embedded as the pages embed them, drawn by charts.js."""
    import json

    from builder.pages import charts
    from tests.site.test_charts_phone import _all_charts

    made = {}
    for scale in (0, 3, 4_000):
        for i, chart in enumerate(_all_charts(scale)):
            uid = f"t{scale}-{i}"
            made[uid] = chart
    shapes = json.loads(charts.chart_shapes_json())
    python = {}
    for uid, chart in made.items():
        for i, spec in enumerate(chart.specs):
            python[f"chart-{uid}" if i == 0 else f"chart-{uid}-{i + 1}"] = json.loads(json.dumps(spec))
            assert charts.expand(json.loads(json.dumps(charts.compact(spec))), shapes) == python[
                f"chart-{uid}" if i == 0 else f"chart-{uid}-{i + 1}"]
    html = "".join(charts.embed(chart, uid, data_table=False) for uid, chart in made.items())
    v = visit()
    page = v.open(YUEYAHU)
    page.evaluate("""html => {
        const holder = document.createElement("section");
        holder.innerHTML = html;
        document.querySelector("article").appendChild(holder);
        document.dispatchEvent(new Event("site:charts"));
    }""", html)
    page.wait_for_function(f"[...document.querySelectorAll('.vega-chart')].filter(c => c.vegaView).length"
                           f" === {len(python) + 3}", timeout=30000)
    drawn = dict(page.eval_on_selector_all(".vega-chart", "cs => cs.map(c => [c.id, JSON.stringify(c.vegaSpec)])"))
    assert {cid: json.loads(drawn[cid]) for cid in python} == python
    assert v.errors == []


def test_a_report_s_chart_is_named_and_titled_by_its_section(visit):
    """An agency page's charts carry no data-name or data-title: charts.js names the exported file by the
    report (handled-<report id>, as the page used to say) and titles it by the body and year."""
    v = visit()
    page = v.open(YUEYAHU)
    page.evaluate("document.querySelectorAll('.vega-chart').forEach(c => c.scrollIntoView())")
    page.wait_for_function("[...document.querySelectorAll('.vega-chart')].every(c => c.vegaView)", timeout=20000)
    got = page.eval_on_selector_all(".vega-chart", "cs => cs.map(c => [c.id, c.fileName, c.exportTitle,"
                                    " c.hasAttribute('data-name'), c.closest('figure').hasAttribute('data-title')])")
    report = "xingqingqu-yueyahuxiang-renminzhengfu-2020"
    assert got == [
        ["chart-handled-2020", f"handled-{report}", "兴庆区月牙湖乡人民政府 2020 年度：依申请公开的办理结果（件）", False, False],
        ["chart-applicants-2020", f"applicants-{report}", "兴庆区月牙湖乡人民政府 2020 年度：新收申请按申请人类别（件）", False, False],
        ["chart-appeals-2020", f"appeals-{report}", "兴庆区月牙湖乡人民政府 2020 年度：行政复议和行政诉讼的结果（件）", False, False],
    ]
    # the exported image still carries that title (exportSpec), drawn for the purpose
    svg = page.evaluate("document.getElementById('chart-handled-2020').exportImage('svg')"
                        ".then(url => fetch(url)).then(r => r.text())")
    assert "兴庆区月牙湖乡人民政府 2020 年度：依申请公开的办理结果（件）" in svg and "CC BY 4.0" in svg
    assert v.errors == []


def test_cite_js_quotes_the_place_tables_py_reads(visit, built_site):
    """Every value cell's place as cite.js reads it (the title of its link to the viewer) is the place
    builder/pages/tables.py cell_place reads from the same page: a row of a text report that does not say
    its line is on the line after the row above."""
    from bs4 import BeautifulSoup

    from builder.pages.tables import cell_place, value_cells

    v = visit()
    page = v.open(YUEYAHU)
    got = dict(page.eval_on_selector_all("td[id^='v-'] a.value-place", "as => as.map(a => [a.parentElement.id, a.title])"))
    soup = BeautifulSoup((built_site.site / YUEYAHU / "index.html").read_text(encoding="utf-8"), "lxml")
    python = {anchor: cell_place(td) for anchor, td in value_cells(soup).items() if td.get_text(strip=True)}
    assert len(got) > 50 and got == python
    assert soup.select("table.report-table[data-lines]")
    assert v.errors == []


def test_row_labels_are_row_headers_without_scope(visit):
    """No scope="row" on every row label: Chromium (as HTML's auto scope says) makes a th in a row of data
    cells a row header and one of a heading row a column header; the stylesheets still find them."""
    v = visit()
    page = v.open(YUEYAHU)
    requests = page.locator("table.report-table[data-table=requests]").first
    snapshot = requests.aria_snapshot()
    assert '- rowheader "一、本年新收政府信息公开申请数量"' in snapshot
    assert '- columnheader "自然人"' in snapshot and '- rowheader "自然人"' not in snapshot
    label = requests.locator("tr[data-row] > th").first
    style = label.evaluate("el => { const s = getComputedStyle(el); return [s.position, s.textAlign, s.fontWeight]; }")
    assert style == ["sticky", "left", "400"]
    heading = requests.locator("tr:not([data-row]) > th").nth(1)
    assert heading.evaluate("el => getComputedStyle(el).fontWeight") == "600"
    years = page.locator("table.years-table")
    snapshot = years.aria_snapshot()
    assert '- columnheader "新收申请"' in snapshot and "- rowheader" in snapshot
    year = years.locator("tbody th").first
    assert year.evaluate("el => [getComputedStyle(el).position, getComputedStyle(el).whiteSpace]") == ["sticky", "nowrap"]
    assert v.errors == []
