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
    held = json.loads(html.split('class="vega-spec" data-for="chart-appeals">', 1)[1].split("</script>", 1)[0])
    assert held["usermeta"] == {"shape": "appeals"} and held["data"]["columns"] == ["类别", "结果", "件数"]
    assert '<table class="chart-data-table">' in html
