"""Chart specs made for quoting and for phones (builder/pages/charts.py), checked on the specs
themselves: every number format is digits with thousands separators (axes and tooltips, never an SI
"k"); appeals are drawn on their own axis, not on the axis of thousands of requests; legends sit
under the plot in columns; the appeal groups have short axis labels and full names in the data;
every chart carries its numbers as a table and its exported image's title."""

from __future__ import annotations

import random
import re

import pytest
from bs4 import BeautifulSoup

from builder.pages import charts
from builder.template import APPEAL_GROUPS_ZH, fields
from builder.template.labels import APPEAL_GROUPS_SHORT_ZH


def _report(year: int, scale: int, seed: int, appeals: int = 3) -> dict:
    """Requests up to `scale`, appeals up to `appeals`: counts of different size, as real reports have."""
    rng = random.Random(seed)
    values = {f: rng.randint(0, appeals if f.startswith("appeals.") else scale) for f in fields()}
    return {"id": f"r{year}", "agency": "淮安市人民政府", "year": year, "values": values}


def _all_charts(scale: int) -> list[charts.Chart]:
    one, two = _report(2021, scale, 1), _report(2022, scale, 2)
    made = [charts.handled_chart([one]), charts.handled_chart([one, two], "handled-years"),
            charts.applicants_chart(one), charts.appeals_chart(one), charts.trend_chart([one, two]),
            charts.compare_chart([{"机构": f"某某市第{i}机构", "件数": i * scale} for i in range(12)], "compare", "比较")]
    assert all(made)
    return made


def _walk(node, key: str):
    """Every value of `key` anywhere in a spec."""
    if isinstance(node, dict):
        for k, value in node.items():
            if k == key:
                yield value
            yield from _walk(value, key)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value, key)


SCALES = (0, 7, 4_000, 250_000)


@pytest.mark.parametrize("scale", SCALES)
def test_no_si_format_anywhere(scale):
    """Axes, tooltips, legends: every format in every spec (panels too) is ",d" — 12,345, never 12k."""
    for chart in _all_charts(scale):
        for spec in chart.specs:
            formats = list(_walk(spec, "format"))
            assert formats, chart.name
            assert set(formats) == {",d"}, (chart.name, formats)
            assert not any(re.search(r"[sS~]", f) for f in formats)
            assert "formatType" not in str(spec)  # no custom formatter sneaking another notation in
            # every count in a tooltip is formatted as on the axis (vega's default prints 12345)
            for tip in next(_walk(spec["encoding"], "tooltip")):
                if tip["type"] == "quantitative":
                    assert tip["format"] == ",d", (chart.name, tip)


def test_appeals_on_their_own_axis():
    """4,000 requests and 3 appeals: the trend is two panels, the appeals' axis tops out at their own
    largest count (not at the requests' thousands, which drew them as a line on 0)."""
    reports = [_report(2021, 4_000, 1), _report(2022, 4_000, 2)]
    chart = charts.trend_chart(reports)
    assert len(chart.specs) == 2
    requests, appeals = chart.specs
    assert {r["指标"] for r in requests["data"]["values"]} == {"本年新收申请", "办理总计"}
    assert {r["指标"] for r in appeals["data"]["values"]} == {"行政复议", "行政诉讼"}
    largest_appeal = max(r["件数"] for r in appeals["data"]["values"])
    largest_request = max(r["件数"] for r in requests["data"]["values"])
    assert largest_request > 100 * max(largest_appeal, 1)
    # a small count axis has its exact domain and a tick per whole number; the requests' does not
    assert appeals["encoding"]["y"]["scale"]["domain"] == [0, max(1, largest_appeal)]
    assert "scale" not in requests["encoding"]["y"] or requests["encoding"]["y"]["scale"].get("domain") is None
    # each panel says what it counts; a figure keeps its colour in its panel's legend
    assert [s["title"]["text"] for s in chart.specs] == ["申请（件）", "复议和诉讼（件）"]
    assert appeals["encoding"]["color"]["scale"]["domain"] == ["行政复议", "行政诉讼"]


def test_legends_fit_under_the_plot():
    for chart in _all_charts(4_000):
        for spec in chart.specs:
            for legend in _walk(spec["encoding"], "legend"):
                assert legend["orient"] == "bottom" and legend["columns"] == charts.LEGEND_COLUMNS, chart.name
                assert legend["title"] is None  # the labels say it; a title costs a phone a line


def test_appeal_groups_short_on_the_axis_full_in_the_data():
    chart = charts.appeals_chart(_report(2021, 4_000, 1))
    expr = chart.spec["encoding"]["y"]["axis"]["labelExpr"]
    for full, short in zip(APPEAL_GROUPS_ZH, APPEAL_GROUPS_SHORT_ZH, strict=True):
        assert full in expr and short in expr
    assert {r["类别"] for r in chart.spec["data"]["values"]} == set(APPEAL_GROUPS_ZH)
    header, rows = charts.data_view(chart)
    assert header == ["类别", "结果维持", "结果纠正", "其他结果", "尚未审结"]
    assert [r[0] for r in rows] == list(APPEAL_GROUPS_ZH)


def test_data_view_holds_the_chart_numbers():
    one, two = _report(2021, 250_000, 1), _report(2022, 250_000, 2)
    chart = charts.handled_chart([one, two])
    header, rows = charts.data_view(chart)
    assert header == ["办理结果", "2021 年度", "2022 年度"]
    granted = next(r for r in rows if r[0] == "予以公开")
    assert granted[1] == f"{one['values']['requests.granted.total']:,}"  # thousands separators, as on the axis
    assert granted[2] == f"{two['values']['requests.granted.total']:,}"

    trend = charts.trend_chart([one, two])
    header, rows = charts.data_view(trend)  # both panels in one table
    assert header == ["年度", "本年新收申请", "办理总计", "行政复议", "行政诉讼"]
    assert [r[0] for r in rows] == ["2021", "2022"]
    assert rows[0][3] == str(one["values"]["appeals.reconsideration.total"])


def test_every_embedded_chart_has_its_table_and_export_title():
    for chart in _all_charts(4_000):
        soup = BeautifulSoup(charts.embed(chart, chart.name), "html.parser")
        figure = soup.figure
        assert len(figure.select(".vega-chart")) == len(chart.specs) == len(figure.select("script.vega-spec"))
        table = figure.select_one("details.chart-data > summary + .table-wrap > table.chart-data-table")
        assert table is not None and figure.details.summary.get_text() == "数据"
        header, rows = charts.data_view(chart)
        assert [th.get_text() for th in table.thead.select("th")] == header
        assert len(table.tbody.select("tr")) == len(rows) > 0
        assert figure["data-title"] == (chart.title or chart.caption)
    one = _report(2021, 10, 1)
    assert charts.appeals_chart(one).title == "淮安市人民政府 2021 年度：行政复议和行政诉讼的结果（件）"
    assert charts.handled_chart([one], scope="全部报告").title.startswith("全部报告 2021 年度")


def test_data_view_shows_names_as_text_even_read_as_markdown():
    """Region pages put charts inside `<section markdown>`, where md_in_html reads the figure's text as
    Markdown again: a name's "{: onclick=… }" (attr_list) or "[x](javascript:…)" must stay text."""
    import markdown

    name = "<b>某局</b> {: onclick=alert(1) } [x](javascript:alert(1)) *em* `code` a_b_c"
    chart = charts.compare_chart([{"机构": name, "件数": 3}, {"机构": "乙", "件数": 1}], "compare", f"比较{name}")
    html = charts.embed(chart, "compare")
    page = markdown.markdown(f'<section markdown>\n\n## 比较\n\n{html}\n</section>\n',
                             extensions=["attr_list", "md_in_html", "tables", "pymdownx.superfences"])
    soup = BeautifulSoup(page, "html.parser")
    assert soup.select_one("table.chart-data-table tbody th").get_text() == name
    assert soup.figcaption.get_text() == f"比较{name}"
    assert not soup.find_all(attrs={"onclick": True})
    assert not soup.find_all(["a", "b", "em", "code"])


def test_panels_are_valid_vega_lite():
    alt = pytest.importorskip("altair")
    for scale in (0, 4_000):
        for chart in _all_charts(scale):
            for spec in chart.specs:
                alt.Chart.from_dict(spec, validate=True)
