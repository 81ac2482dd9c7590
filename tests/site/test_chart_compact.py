"""A page holds each chart as the name of its shape and what the chart fills in; the site's shapes file
(assets/chart-shapes.json) holds the shapes. Expanded again, every chart is its whole spec, and the compact
form is much smaller than the spec (the saving is what the page no longer carries)."""

from __future__ import annotations

import json

from builder.pages import charts
from tests.site.test_charts_phone import _all_charts as _charts
from tests.site.test_charts_phone import _report


def test_every_chart_names_a_shape_of_the_file_and_expands_to_its_spec():
    shapes = json.loads(charts.chart_shapes_json())
    assert tuple(shapes) == tuple(charts.SHAPES) == charts.SHAPE_NAMES
    for scale in (0, 3, 4_000):
        for chart in _charts(scale):
            for spec in chart.specs:
                held = json.loads(json.dumps(charts.compact(spec)))
                assert held["usermeta"]["shape"] in shapes and "mark" not in held
                assert charts.expand(held, shapes) == json.loads(json.dumps(spec))
                assert len(json.dumps(held)) < len(json.dumps(spec))


def test_a_spec_without_a_known_shape_is_held_whole():
    spec = {"mark": "bar", "data": {"values": [{"a": 1}]}, "encoding": {"x": {"field": "a"}},
            "usermeta": {"shape": "no-such-shape"}}
    assert charts.compact(spec) == spec
    assert charts.expand(spec, json.loads(charts.chart_shapes_json())) == spec


def test_the_embedded_figure_holds_the_compact_form_and_keeps_its_data_table():
    chart = charts.appeals_chart(_report(2021, 9, 4))
    html = charts.embed(chart, "appeals")
    # (room kept before it is drawn: its plot, 110 px, the axis, 51, and its legend's two rows, 8 + 2 × 18)
    assert chart.specs[0]["height"] == 110 and charts.drawn_height(chart.specs[0]) == 205
    assert ('<div class="vega-chart" id="chart-appeals" role="img" aria-labelledby="cap-appeals"'
            ' style="min-height:205px"></div>') in html
    held = json.loads(html.split('class="vega-spec">', 1)[1].split("</script>", 1)[0])
    # every row of the shape's grid: the counts alone, in the grid's order
    assert held["usermeta"] == {"shape": "appeals"} and set(held["data"]) == {"counts"}
    assert '<table class="chart-data-table">' in html


def test_what_the_rows_say_is_not_held():
    """The count axis, the categories' order, the height, a trend panel's title and colours follow from a
    chart's rows (charts.derived, FILLS): a page holds the rows and nothing the rules make again."""
    for scale in (0, 3, 4_000):
        for chart in _charts(scale):
            for spec in chart.specs:
                held = charts.compact(spec)
                assert held["usermeta"] == {"shape": spec["usermeta"]["shape"]}  # not held "whole"
                assert set(held) <= {"usermeta", "data", "height", "title", "encoding"}
                assert "height" not in held and "title" not in held
                assert set(held["data"]) in ({"rows"}, {"counts"})
                # what is left of the channels: a sort the rows do not say (the handled chart's six results)
                assert all(set(options) <= {"sort"} for options in held.get("encoding", {}).values())


def test_a_chart_the_rules_would_make_wrongly_is_held_whole():
    chart = charts.applicants_chart(_report(2021, 3, 1))
    spec = {**chart.spec, "height": 999}  # not what its rows derive, nor its shape's
    held = charts.compact(spec)
    assert held["height"] == 999
    assert charts.expand(json.loads(json.dumps(held)), json.loads(charts.chart_shapes_json())) == spec
    odd = {**chart.spec, "encoding": {**chart.spec["encoding"], "x": {**chart.spec["encoding"]["x"], "title": "x"}}}
    held = charts.compact(odd)
    assert charts.expand(json.loads(json.dumps(held)), json.loads(charts.chart_shapes_json())) == odd


def test_a_chart_of_the_whole_grid_is_its_counts():
    chart = charts.appeals_chart(_report(2021, 3, 1))
    held = charts.compact(chart.spec)
    assert set(held["data"]) == {"counts"} and len(held["data"]["counts"]) == 12
    assert charts.expand(json.loads(json.dumps(held)), json.loads(charts.chart_shapes_json())) == chart.spec
    fewer = {**chart.spec, "data": {"values": chart.spec["data"]["values"][1:]}}  # not the whole grid
    held = charts.compact(fewer)
    assert "rows" in held["data"]
    assert charts.expand(json.loads(json.dumps(held)), json.loads(charts.chart_shapes_json())) == fewer


def test_in_a_report_s_section_the_file_name_and_title_are_not_written_when_they_follow():
    report = _report(2021, 3, 1)
    chart = charts.handled_chart([report], "handled-x-2021")
    assert chart.title == f"{report['agency']} 2021 年度：依申请公开的办理结果（件）"
    html = charts.embed(chart, "handled-2021", data_table=False, section=(report["agency"], "2021", "x-2021"))
    assert "data-title" not in html and "data-name" not in html and 'id="chart-handled-2021"' in html
    # another body in the section (the report's own name differs): the title is written
    html = charts.embed(chart, "handled-2021", data_table=False, section=("别的机关", "2021", "x-2021"))
    assert f'data-title="{chart.title}"' in html and "data-name" not in html
    # a name that does not follow from the id
    html = charts.embed(chart, "handled-2021", data_table=False, section=(report["agency"], "2021", "y-2021"))
    assert 'data-name="handled-x-2021"' in html
