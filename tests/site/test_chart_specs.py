"""Every chart's spec is valid Vega-Lite (Altair's schema), its count axes show digits with thousands
separators (never an SI "k"), and filling a chart leaves the shared Altair shapes as they were."""

from __future__ import annotations

import copy
import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from builder.pages import charts
from builder.template import fields

ROOT = Path(__file__).resolve().parents[2]


def _report(year: int, scale: int, seed: int) -> dict:
    rng = random.Random(seed)
    return {"id": f"r{year}", "year": year, "values": {f: rng.randint(0, scale) for f in fields()}}


def _charts(scale: int) -> list[charts.Chart]:
    one, two = _report(2021, scale, 1), _report(2022, scale, 2)
    rng = random.Random(3)
    made = [charts.handled_chart([one]), charts.handled_chart([one, two], "handled-years"),
            charts.applicants_chart(one), charts.appeals_chart(one), charts.trend_chart([one, two]),
            charts.compare_chart([{"机构": f"机构{i}", "件数": rng.randint(0, scale)} for i in range(40)],
                                 "compare", "比较")]
    assert all(made)
    return made


SCALES = (0, 1, 7, 10, 11, 250_000)  # all zero, small counts (one tick each), large counts


@pytest.mark.parametrize("scale", SCALES)
def test_specs_are_valid_vega_lite(scale):
    alt = pytest.importorskip("altair")
    for chart in _charts(scale):
        alt.Chart.from_dict(chart.spec, validate=True)  # raises on anything the schema refuses


def test_seed_reports_specs_are_valid(seed_reports):
    alt = pytest.importorskip("altair")
    reports = list(seed_reports.values())
    made = [charts.trend_chart(reports), charts.handled_chart(reports)]
    for report in reports:
        made += [charts.handled_chart([report]), charts.applicants_chart(report), charts.appeals_chart(report)]
    made = [c for c in made if c]
    assert made
    for chart in made:
        alt.Chart.from_dict(chart.spec, validate=True)


def _formats(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "format":
                yield value
            else:
                yield from _formats(value)
    elif isinstance(node, list):
        for value in node:
            yield from _formats(value)


@pytest.mark.parametrize("scale", SCALES)
def test_count_axes_never_si(scale):
    for chart in _charts(scale):
        formats = list(_formats(chart.spec["encoding"]))
        assert formats, chart.name  # every chart has a count axis
        for fmt in formats:
            assert not re.search(r"[sS]$", fmt), (chart.name, fmt)  # d3's SI ("~s": 0.1k, 12k)
            assert fmt == ",d", (chart.name, fmt)  # whole numbers, thousands separators


def test_count_axis_formats():
    assert charts.count_axis(3, "件数")["axis"] == {"format": ",d", "values": [0, 1, 2, 3]}
    # As many ticks as the drawn width has room for (a phone's plot is 300 px, not 640).
    assert charts.count_axis(12_345, "件数")["axis"] == {"format": ",d", "tickMinStep": 1,
                                                          "tickCount": {"expr": "ceil(width / 100)"}}
    assert charts.count_axis(12_345, None, across=False)["axis"]["tickCount"] == {"expr": "ceil(height / 40)"}


def test_schema_is_the_vendored_vega_lite():
    version = re.search(r"/v([\d.]+)\.json$", _charts(5)[0].spec["$schema"]).group(1)
    assert (ROOT / "site_src/assets/vendor" / f"vega-lite@{version}.min.js").exists(), version


def test_filling_leaves_the_shapes_alone():
    first = _charts(11)
    before = copy.deepcopy([c.spec for c in first])
    shapes = copy.deepcopy([charts._appeals_shape(), charts._trend_shape()])
    _charts(250_000)
    _charts(0)
    assert [c.spec for c in first] == before
    assert [charts._appeals_shape(), charts._trend_shape()] == shapes
    for shape in shapes:
        assert shape["data"] == {"name": charts.DATA} and "config" not in shape


def test_specs_embed_as_json():
    for chart in _charts(7):
        html = charts.embed(chart, chart.name)
        spec = html.split('class="vega-spec"', 1)[1].split(">", 1)[1].split("</script>", 1)[0]
        # the page holds the compact form (the shape by name): expanded with the site's shapes file it is the spec
        shapes = json.loads(charts.chart_shapes_json())
        assert charts.expand(json.loads(spec), shapes) == json.loads(json.dumps(chart.spec))


def test_import_does_not_load_altair():
    code = ("import sys, builder, builder.pages.agency, builder.pages.regions, builder.pages.overview\n"
            "print('altair' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_no_trend_chart_for_years_without_a_key_figure():
    """Two years but not one key figure printed: no chart (max() of nothing once failed the whole page)."""
    from builder.pages.charts import trend_chart

    reports = [{"year": 2021, "values": {}}, {"year": 2022, "values": {}}]
    assert trend_chart(reports) is None
