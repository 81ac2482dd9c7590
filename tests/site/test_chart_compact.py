"""A page holds each chart as the name of its shape and what the chart fills in; the site's shapes file
(assets/chart-shapes.json) holds the shapes. Expanded again, every chart is its whole spec, and the compact
form is much smaller than the spec (the saving is what the page no longer carries)."""

from __future__ import annotations

import json
import random

from builder.pages import charts
from builder.template import fields


def _report(year: int, scale: int, seed: int) -> dict:
    rng = random.Random(seed)
    return {"id": f"r{year}", "year": year, "agency": "淮安市人民政府",
            "values": {f: rng.randint(0, scale) for f in fields()}}


def _charts(scale: int) -> list[charts.Chart]:
    one, two = _report(2021, scale, 1), _report(2022, scale, 2)
    made = [charts.handled_chart([one]), charts.handled_chart([one, two], "handled-years"),
            charts.applicants_chart(one), charts.appeals_chart(one), charts.trend_chart([one, two]),
            charts.compare_chart([{"机构": f"机构{i}", "件数": i * scale} for i in range(12)], "compare", "比较")]
    assert all(made)
    return made


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
