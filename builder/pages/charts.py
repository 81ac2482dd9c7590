"""Chart specs for the pages (Vega-Lite, authored with Altair), and the HTML that embeds them.

Each chart is a Vega-Lite spec embedded in the page as JSON and drawn in the browser by the
site's own vega, vega-lite and vega-embed (site_src/assets/charts.js loads them when a chart
comes into view, applies the light or dark palette, and offers the chart as SVG or PNG through
vega-embed's menu, the exported image titled and with its source and licence). Nothing is rendered at
build time: each chart's numbers are in a table, readable without JavaScript, by a screen reader, and
by anyone who wants the exact figures: a <details> "数据" under the chart, or on an agency page the
page's own tables, which hold the same numbers (embed's data_table).

Made for a 390 px phone as much as for a desktop: legends sit under the plot in two columns, axis
labels are short (full names in tooltips and in the data table), and counts of different size get
their own axes (the trend chart draws requests and appeals as two panels: 3 lawsuits on the axis of
3,000 requests is a line on 0).

Altair authors the shapes, data is filled per report. The pages have five chart shapes (bars,
bars per year, stacked appeal outcomes, the year-over-year lines, a region's agencies side by
side); each is written once with Altair's grammar (marks, encodings, titles, legends, sort orders,
tooltips) and turned into a Vega-Lite dict once per process (``functools.cache``, a named dataset
in place of the data, no validation: tests/site/test_chart_specs.py validates every shape against
Altair's Vega-Lite schema). What a report costs is only filling a copy of that dict: its rows,
its height, its categories' order and its count axis. Going through Altair's object model for each
chart (``to_dict``, even without validation) cost more than the rest of a page; filling dicts costs
what building plain dicts did (benchmarks/chart_specs.py). Altair is imported by the first chart
built, not by ``import builder``.

Specs share the parts of their shape they do not fill (a tooltip list, a legend): treat a
``Chart.spec`` as read-only.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from builder import cache_format
from builder.pages.common import agency_name, html_attr, html_text, json_for_html
from builder.pages.figures import OUTCOME_GROUPS, key_figures, outcome
from builder.template import (
    APPEAL_GROUPS,
    APPEAL_GROUPS_ZH,
    APPEAL_OUTCOMES,
    APPEAL_OUTCOMES_ZH,
    APPLICANT_COLUMNS,
    APPLICANT_COLUMNS_ZH,
)
from builder.template.labels import APPEAL_GROUPS_SHORT_ZH, TREND_PANELS_ZH

WIDTH = 640  # the spec's width; in the browser charts fill their container (charts.js)
SCHEME = "tableau10"  # readable on both the light and the dark palette
BAR_COLOR = "#4e79a7"  # single-colour bars: tableau10's first colour
# The font and axis sizes are in charts.js's config (the same for every chart, so not repeated in
# each page's specs). Altair writes the "$schema" of its Vega-Lite (6.4.1, the version of
# site_src/assets/vendor/vega-lite@6.4.1.min.js): an id, never fetched.
DATA = "rows"  # the named dataset of every shape, replaced by the chart's own rows
COUNT_FORMAT = ",d"  # 1,234 and 12,345 — thousands separators, never an SI prefix ("1.2k")
TREND_LABELS = {key: label for _title, labels in TREND_PANELS_ZH for key, label in labels.items()}
LEGEND_COLUMNS = 2  # wraps a legend of 4 outcomes or 5 years to fit under a phone's plot
CATEGORY_LABEL_LIMIT = 150  # px of an agency name on the axis (the full name is in the tooltip and table)
APPEAL_OUTCOMES_SHOWN = [o for o in APPEAL_OUTCOMES_ZH if o != APPEAL_OUTCOMES_ZH[-1]]  # no 总计


@dataclass(frozen=True)
class Chart:
    name: str  # unique on its page: the element's id and the exported file's name
    caption: str  # what it shows, in Chinese
    spec: dict  # Vega-Lite (read-only: see the module's docstring)
    title: str = ""  # the exported image's title (whose figures, which year); the caption when empty
    panels: tuple[dict, ...] = ()  # more specs drawn under ``spec`` in the same figure, each on its own axis

    @property
    def specs(self) -> tuple[dict, ...]:
        return (self.spec, *self.panels)


def count_axis(top, title: str | None, across: bool = True) -> dict:
    """A count axis with whole-number ticks only (a count of 1 must not show a tick at 0.5).

    Numbers as Chinese reports write them: digits with thousands separators (12,345), never an SI
    prefix ("12k" — d3's "~s"). As many ticks as the drawn size has room for (``across``: a
    horizontal axis, whose labels need more room): on a phone "350" and "400" would run together.
    """
    top = top or 0
    if top <= 10:
        # Small counts: one tick per whole number, and a visible scale even when all are 0.
        return {"axis": {"format": COUNT_FORMAT, "values": list(range(0, int(max(1, top)) + 1))},
                "scale": {"domain": [0, max(1, top)], "nice": False}, "title": title}
    room = "ceil(width / 100)" if across else "ceil(height / 40)"
    return {"axis": {"format": COUNT_FORMAT, "tickMinStep": 1, "tickCount": {"expr": room}}, "title": title}


# ---------------------------------------------------------------- the shapes (Altair, once per process)

# Where the shapes are kept between processes (builder.site sets it to a file in the build folder): a
# build that writes a few pages then needs no Altair, whose import alone costs a third of a second. The
# file's name holds a hash of the code (builder.site's output_fingerprint: a shape has labels from
# builder/template in it), this module and Altair's version, so a changed shape is made afresh.
_SHAPE_STORE: dict = {"file": None, "shapes": None}


def keep_shapes_in(folder: Path | None, code: str = "") -> None:
    """Keep the shapes Altair made in folder (None: in this process only), for this code (a fingerprint of
    every module a shape reads: builder.pages.docs_tree.output_fingerprint)."""
    if folder is None:
        _SHAPE_STORE.update(file=None, shapes=None)
        return
    from importlib.metadata import version

    digest = hashlib.sha256(Path(__file__).read_bytes() + version("altair").encode() + code.encode()).hexdigest()[:16]
    _SHAPE_STORE.update(file=Path(folder) / f"chart-shapes-{digest}.msgpack", shapes=None)


# The kept shapes are a builder.cache_format file (authenticated: a shape is a Vega-Lite spec every page's
# charts are drawn from, and a planted one could carry expressions or links into them; see builder.state_key).
_SHAPES_KIND, _SHAPES_FORMAT = 4, 1


def _read_shapes(path: Path) -> dict:
    try:
        shapes = cache_format.read(path, _SHAPES_KIND, _SHAPES_FORMAT)
    except (OSError, cache_format.CacheUnreadable):
        return {}
    return shapes if isinstance(shapes, dict) and all(isinstance(v, dict) for v in shapes.values()) else {}


def _write_shapes(path: Path, shapes: dict) -> None:
    with contextlib.suppress(OSError):  # (not written: the next build makes them again)
        cache_format.write_whole(path, cache_format.dumps(shapes, _SHAPES_KIND, _SHAPES_FORMAT))


def _kept(make):
    """functools.cache, and the file of keep_shapes_in: make's dict for its arguments, made once."""

    @functools.cache
    def shape(*args) -> dict:
        path = _SHAPE_STORE["file"]
        if path is None:
            return make(*args)
        if _SHAPE_STORE["shapes"] is None:
            _SHAPE_STORE["shapes"] = _read_shapes(path)
        key = json.dumps([make.__name__, *args], ensure_ascii=False)
        if key not in _SHAPE_STORE["shapes"]:
            _SHAPE_STORE["shapes"][key] = make(*args)
            _write_shapes(path, _SHAPE_STORE["shapes"])
        return _SHAPE_STORE["shapes"][key]

    return shape


def _shape(chart) -> dict:
    """An Altair chart as the Vega-Lite dict that charts are filled from."""
    spec = chart.to_dict(validate=False)
    spec.pop("config", None)  # Altair's default theme's view size: charts.js configures the charts
    return spec


def _legend():
    """Under the plot, in columns: a legend in one row is wider than a phone (and vega cuts it)."""
    import altair as alt

    return alt.Legend(orient="bottom", direction="horizontal", columns=LEGEND_COLUMNS, title=None,
                      labelLimit=CATEGORY_LABEL_LIMIT)


def _count_tooltip(field: str, title: str | None = None):
    """A count in a tooltip as on the axis: 12,345 (vega's default would print 12345)."""
    import altair as alt

    return alt.Tooltip(field=field, type="quantitative", title=title or field, format=COUNT_FORMAT)


@_kept
def _bars_shape(y: str, x: str, y_title: str, x_title: str, color: str | None) -> dict:
    """Horizontal bars, one per category of ``y`` (per category and ``color`` when there is one)."""
    import altair as alt

    tooltip = [alt.Tooltip(field=y, type="nominal", title=y_title), _count_tooltip(x, x_title)]
    encoding = {
        "x": alt.X(field=x, type="quantitative", title=x_title),
        # sort: the chart's categories
        "y": alt.Y(field=y, type="nominal", sort=[], title=None, axis=alt.Axis(labelLimit=CATEGORY_LABEL_LIMIT)),
    }
    if color:
        encoding["color"] = alt.Color(field=color, type="nominal", legend=_legend(),
                                      scale=alt.Scale(scheme=SCHEME), sort=[], title=None)
        encoding["yOffset"] = alt.YOffset(field=color, type="nominal", sort=[])
        tooltip.append(alt.Tooltip(field=color, type="nominal", title=""))
    else:
        encoding["color"] = alt.value(BAR_COLOR)
    chart = alt.Chart(alt.Data(name=DATA), width=WIDTH, height=60).mark_bar().encode(
        tooltip=tooltip, **encoding)
    return _shape(chart)


@_kept
def _appeals_shape() -> dict:
    """Reconsideration and litigation: one bar per group, its outcomes stacked in their order."""
    import altair as alt

    def array(items) -> str:
        return json.dumps(list(items), ensure_ascii=False)

    order = f"indexof({array(APPEAL_OUTCOMES_SHOWN)}, datum['结果'])"
    # The axis shows the short names (a phone has no room for "行政诉讼 · 未经复议直接起诉"); the data,
    # tooltip and data table keep the full ones.
    short = (f"indexof({array(APPEAL_GROUPS_ZH)}, datum.label) >= 0 ? "
             f"{array(APPEAL_GROUPS_SHORT_ZH)}[indexof({array(APPEAL_GROUPS_ZH)}, datum.label)] : datum.label")
    chart = alt.Chart(alt.Data(name=DATA), width=WIDTH, height=110).mark_bar().encode(
        color=alt.Color(field="结果", type="nominal", legend=_legend(), scale=alt.Scale(scheme=SCHEME),
                        sort=APPEAL_OUTCOMES_SHOWN, title=None),
        order=alt.Order(field="结果序", type="quantitative"),
        tooltip=[alt.Tooltip(field="类别", type="nominal"), alt.Tooltip(field="结果", type="nominal"),
                 _count_tooltip("件数")],
        x=alt.X(field="件数", type="quantitative", aggregate="sum", title="件数"),
        y=alt.Y(field="类别", type="nominal", sort=list(APPEAL_GROUPS_ZH), title=None,
                axis=alt.Axis(labelExpr=short)),
    ).transform_calculate(结果序=order)
    return _shape(chart)


@_kept
def _trend_shape() -> dict:
    """Year over year: one line (with points) per key figure of one panel (its colours filled per panel,
    so each figure keeps its colour whichever panel it is in)."""
    import altair as alt

    chart = alt.Chart(alt.Data(name=DATA), width=WIDTH, height=160).mark_line(point=True).encode(
        color=alt.Color(field="指标", type="nominal", legend=_legend(), scale=alt.Scale(scheme=SCHEME),
                        sort=list(TREND_LABELS.values()), title=None),
        tooltip=[alt.Tooltip(field="年度", type="ordinal"), alt.Tooltip(field="指标", type="nominal"),
                 _count_tooltip("件数")],
        # sort: the chart's years
        x=alt.X(field="年度", type="ordinal", sort=[], title="年度", axis=alt.Axis(labelAngle=0)),
        y=alt.Y(field="件数", type="quantitative", title=None),  # the panel's title says 件
    )
    return _shape(chart)


# Every shape a page draws, by the short name a page's chart gives instead of the shape itself: the
# shapes are written once for the whole site (CHART_SHAPES_FILE, fetched by assets/charts.js with the
# chart libraries), a chart on a page carries only what it fills in (embed: 8 full specs were ~12 KB of
# a 75 KB agency page, most of it the same shape again). A spec names its shape in Vega-Lite's own
# "usermeta" (free for its users, ignored when drawn), so the spec itself stays whole and valid.
CHART_SHAPES_FILE = "assets/chart-shapes.json"
SHAPE_NAMES = ("handled", "handled-years", "applicants", "compare", "appeals", "trend")
SHAPES = {  # name → (the shape's maker, its arguments: for bars y, x, y's title, x's title, colour)
    "handled": (_bars_shape, ("办理结果", "件数", "办理结果", "件数", None)),
    "handled-years": (_bars_shape, ("办理结果", "件数", "办理结果", "件数", "年度")),
    "applicants": (_bars_shape, ("申请人", "件数", "申请人", "本年新收申请（件）", None)),
    "compare": (_bars_shape, ("机构", "件数", "机构", "本年新收申请（件）", None)),
    "appeals": (_appeals_shape, ()),
    "trend": (_trend_shape, ()),
}


def shape_named(name: str) -> dict:
    make, args = SHAPES[name]
    return make(*args)


# tableau10's first colours, in TREND_LABELS' order: a figure's colour in either panel of the trend.
TREND_COLORS = dict(zip(TREND_LABELS.values(), ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2"), strict=True))

TITLE_STYLE = {"anchor": "start", "fontSize": 12, "fontWeight": "normal"}  # a trend panel's title

# What a chart of each shape fills in that follows from its rows alone (derived(): the rules _bars,
# appeals_chart and trend_chart fill by), so that a page need not hold it: the shape's file carries these
# rules (in the shape's "usermeta", which a chart's own replaces) and charts.js derives the same.
#   columns: the fields of a row, in order; bars: (category, count, colour or None) and px per bar;
#   stack: (category, count) — the count axis over each category's sum; lines: the figures in order,
#   their colours and their panel's title.
#   grid: the labels of every row, in order, when a chart's rows are usually all of them: the page then
#   holds the counts alone. title: an agency page's export title after "<body> <year> 年度：" (embed).
FILLS = {
    "handled": {"columns": ["办理结果", "件数"], "bars": ["办理结果", "件数", None], "perBar": 22,
                "grid": [[label] for _key, label, _rows in OUTCOME_GROUPS], "title": "依申请公开的办理结果（件）"},
    "handled-years": {"columns": ["办理结果", "件数", "年度"], "bars": ["办理结果", "件数", "年度"], "perBar": 22},
    "applicants": {"columns": ["申请人", "件数"], "bars": ["申请人", "件数", None], "perBar": 22,
                   "grid": [[label] for col, label in zip(APPLICANT_COLUMNS, APPLICANT_COLUMNS_ZH, strict=True)
                            if col != "total"], "title": "新收申请按申请人类别（件）"},
    "compare": {"columns": ["机构", "件数"], "bars": ["机构", "件数", None], "perBar": 18},
    "appeals": {"columns": ["类别", "结果", "件数"], "stack": ["类别", "件数"], "title": "行政复议和行政诉讼的结果（件）",
                "grid": [[group, out] for group in APPEAL_GROUPS_ZH for out in APPEAL_OUTCOMES_SHOWN]},
    "trend": {"columns": ["年度", "指标", "件数"], "lines": {
        "order": list(TREND_LABELS.values()),
        "colors": [TREND_COLORS[label] for label in TREND_LABELS.values()],
        "titles": {label: f"{title}（件）" for title, labels in TREND_PANELS_ZH for label in labels.values()},
        "style": TITLE_STYLE}},
}
# Which rule of FILLS a shape's charts derive by (English: derived() dispatches on it, not on FILLS' own
# Chinese field names, which are the charts' vocabulary, never compared with a report's words).
FILL_KINDS = {name: next(kind for kind in ("bars", "stack", "lines") if FILLS[name].get(kind))
              for name in SHAPE_NAMES if FILLS.get(name)}


def _same(ours, shapes) -> bool:
    """A page's own chart rows or fields against its shape's (both made here from the template's labels:
    not a report's text matched, which builder/template/ alone does)."""
    return ours == shapes


def chart_shapes_json() -> str:
    """The file of every shape by name (CHART_SHAPES_FILE), the same for every build of this code; each
    with the rules of what its charts derive from their rows (FILLS) in its usermeta."""
    return json.dumps({name: {**shape_named(name), "usermeta": {"fill": FILLS[name]}} for name in SHAPE_NAMES},
                      ensure_ascii=False, separators=(",", ":"))


def _unique(values) -> list:
    return list(dict.fromkeys(values))


def derived(name: str, rows: list[dict]) -> dict:
    """What a chart of the shape named name fills in that follows from its rows (FILLS): its height and
    title, and per channel the options (the same dicts _bars, appeals_chart and trend_chart fill in;
    charts.js derive() makes them alike in the browser). {} for a shape without rules or no rows."""
    if name not in FILL_KINDS or not rows:
        return {}
    kind = FILL_KINDS[name]
    fill, own = FILLS[name], shape_named(name)["encoding"]
    if kind == "bars":
        y, x, color = fill["bars"]
        categories = _unique(r[y] for r in rows)
        colors = sorted(_unique(r[color] for r in rows)) if color else []
        out = {"height": max(60, fill["perBar"] * len(categories) * (len(colors) if color else 1)),
               "encoding": {"x": count_axis(max(r[x] for r in rows), own["x"].get("title")),
                            "y": {"sort": categories}}}
        if color:
            out["encoding"]["color"] = {"sort": colors}
            out["encoding"]["yOffset"] = {"sort": colors}
        return out
    if kind == "stack":
        category, count = fill["stack"]
        sums: dict = {}
        for r in rows:
            sums[r[category]] = sums.get(r[category], 0) + r[count]
        return {"encoding": {"x": count_axis(max(sums.values()), own["x"].get("title"))}}
    lines = fill["lines"]
    present = {r["指标"]: True for r in rows}
    shown = [label for label in lines["order"] if present.get(label)]
    colors = dict(zip(lines["order"], lines["colors"], strict=True))
    return {"title": {"text": lines["titles"].get(shown[0], "") if shown else "", **lines["style"]},
            "encoding": {"x": {"sort": sorted(_unique(r["年度"] for r in rows))},
                         "y": count_axis(max(r["件数"] for r in rows), own["y"].get("title"), across=False),
                         "color": {"scale": {"domain": shown, "range": [colors[label] for label in shown]}}}}


def _fill(name: str, rows: list[dict], height: int | None = None, **channels: dict) -> dict:
    """A chart's spec: the shape of SHAPES named name with its rows, its height and its channels' options
    filled in.

    Only the dicts on the way to what changes are copied; the rest is the shape's own. What this does
    to a shape, compact() takes back and charts.js (expand) does again in the browser.
    """
    shape = shape_named(name)
    spec = dict(shape)
    spec["usermeta"] = {"shape": name}
    spec["data"] = {"values": rows}
    if height is not None:
        spec["height"] = height
    encoding = spec["encoding"] = dict(shape["encoding"])
    for channel, options in channels.items():
        encoding[channel] = {**encoding[channel], **options}
    return spec


# ---------------------------------------------------------------- the charts (data, per report)



def _bars(rows: list[dict], name: str, order: list[str] | None = None, color_order: list | None = None,
          height_per_bar: int = 22) -> dict:
    """The bars of the shape named name (SHAPES: its fields and titles) over rows."""
    y, x, _y_title, x_title, color = SHAPES[name][1]
    categories = order or list(dict.fromkeys(r[y] for r in rows))
    n_colors = len({r[color] for r in rows}) if color else 1
    height = max(60, height_per_bar * len(categories) * (n_colors if color else 1))
    channels = {"x": count_axis(max(r[x] for r in rows), x_title), "y": {"sort": categories}}
    if color:
        channels["color"] = channels["yOffset"] = {"sort": color_order}
    return _fill(name, rows, height, **channels)


def _whose(reports: list[dict], scope: str) -> str:
    """Whose figures, for an exported image's title: the body's name (one body) or the scope."""
    names = {agency_name(r) for r in reports if agency_name(r)}
    return names.pop() if len(names) == 1 and not scope else scope


def handled_chart(reports: list[dict], name: str = "handled", scope: str = "") -> Chart | None:
    """How requests were handled, one bar per result group (per year when there are several)."""
    rows = []
    for report in reports:
        for _key, label, result_rows in OUTCOME_GROUPS:
            value = outcome(report.get("values") or {}, result_rows)
            if value is not None:
                rows.append({"办理结果": label, "件数": value, "年度": f"{report.get('year')} 年度"})
    if not rows:
        return None
    years = sorted({r["年度"] for r in rows})
    several = len(years) > 1
    if not several:  # one year: its bars are not coloured by year, and the caption names it
        rows = [{"办理结果": r["办理结果"], "件数": r["件数"]} for r in rows]
    spec = _bars(rows, "handled-years" if several else "handled",
                 order=[label for _k, label, _r in OUTCOME_GROUPS], color_order=years)
    caption = f"{scope}依申请公开的办理结果：予以公开、部分公开、不予公开、无法提供、不予处理和其他处理各多少件" + (
        "，按年度分列" if several else f"（{years[0]}）")
    title = f"{_whose(reports, scope)} {'、'.join(years)}：依申请公开的办理结果（件）"
    return Chart(name, caption, spec, title=title.strip())


def applicants_chart(report: dict, name: str = "applicants") -> Chart | None:
    """Who asked: new requests by kind of applicant."""
    v = report.get("values") or {}
    rows = [{"申请人": label, "件数": v.get(f"requests.new_received.{col}")}
            for col, label in zip(APPLICANT_COLUMNS, APPLICANT_COLUMNS_ZH, strict=True)
            if col != "total" and v.get(f"requests.new_received.{col}") is not None]
    if not rows:
        return None
    spec = _bars(rows, "applicants",
                 order=[r["申请人"] for r in rows])
    title = f"{_whose([report], '')} {report.get('year')} 年度：新收申请按申请人类别（件）"
    return Chart(name, f"{report.get('year')} 年度新收的政府信息公开申请按申请人类别：自然人、商业企业、科研机构、"
                       "社会公益组织、法律服务机构和其他", spec, title=title.strip())


def appeals_chart(report: dict, name: str = "appeals") -> Chart | None:
    """Reconsideration and litigation outcomes, stacked per group."""
    v = report.get("values") or {}
    rows = []
    for group, group_zh in zip(APPEAL_GROUPS, APPEAL_GROUPS_ZH, strict=True):
        for out, out_zh in zip(APPEAL_OUTCOMES, APPEAL_OUTCOMES_ZH, strict=True):
            value = v.get(f"appeals.{group}.{out}")
            if out != "total" and value is not None:
                rows.append({"类别": group_zh, "结果": out_zh, "件数": value})
    if not rows:
        return None
    group_sums: dict[str, float] = {}
    for row in rows:
        group_sums[row["类别"]] = group_sums.get(row["类别"], 0) + row["件数"]
    none = "（全部为 0）" if not any(group_sums.values()) else ""
    spec = _fill("appeals", rows, x=count_axis(max(group_sums.values()), "件数"))
    title = f"{_whose([report], '')} {report.get('year')} 年度：行政复议和行政诉讼的结果（件）"
    return Chart(name, f"{report.get('year')} 年度政府信息公开行政复议和行政诉讼的结果：维持、纠正、其他结果、尚未审结{none}",
                 spec, title=title.strip())


def trend_chart(reports: list[dict], name: str = "trend") -> Chart | None:
    """Year over year: requests received and handled in one panel, reconsiderations and lawsuits in
    another, each panel on its own count axis (a few appeals would be a line on 0 beside thousands of
    requests)."""
    years = sorted({r.get("year") for r in reports if r.get("year")})
    if len(years) < 2:
        return None
    by_year = [(str(r["year"]), key_figures(r)) for r in sorted((r for r in reports if r.get("year")),
                                                                 key=lambda r: r["year"])]
    specs = []
    for panel_title, labels in TREND_PANELS_ZH:
        rows = []
        for year, figures in by_year:
            for key, label in labels.items():
                if figures[key] is not None:
                    rows.append({"年度": year, "指标": label, "件数": figures[key]})
        if not rows:
            continue
        shown = [label for label in labels.values() if any(r["指标"] == label for r in rows)]
        spec = _fill("trend", rows, x={"sort": [str(y) for y in years]},
                     y=count_axis(max(r["件数"] for r in rows), None, across=False),
                     color={"scale": {"domain": shown, "range": [TREND_COLORS[label] for label in shown]}})
        spec["title"] = {"text": f"{panel_title}（件）", **TITLE_STYLE}
        specs.append(spec)
    if not specs:  # years, but none with a key figure: nothing to draw
        return None
    title = f"{_whose(reports, '')} {years[0]}–{years[-1]} 年度：申请、行政复议和行政诉讼件数"
    return Chart(name, "各年度的新收申请、办理总计、行政复议和行政诉讼件数（申请和复议诉讼各有纵轴）", specs[0],
                 title=title.strip(), panels=tuple(specs[1:]))


def compare_chart(rows: list[dict], name: str, caption: str, limit: int = 30) -> Chart | None:
    """Agencies of a region side by side: rows of {"机构": …, "件数": …}, largest first."""
    rows = sorted((r for r in rows if r["件数"] is not None), key=lambda r: -r["件数"])[:limit]
    if not rows:
        return None
    spec = _bars(rows, "compare", order=[r["机构"] for r in rows],
                 height_per_bar=18)
    return Chart(name, caption, spec, title=caption)


# ---------------------------------------------------------------- the data view


def data_view(chart: Chart) -> tuple[list[str], list[list[str]]]:
    """A chart's numbers as a table: (header, rows of cells), all text.

    One row per category (the axis that is not a count), one column per colour (year, outcome,
    figure) or a single count column. Read from the specs themselves, so every chart — and a Chart a
    page re-captioned — has one.
    """
    categories: dict[str, None] = {}
    columns: dict[str, None] = {}
    cells: dict[tuple[str, str], float] = {}
    row_title = value_title = ""
    for spec in chart.specs:
        enc = spec["encoding"]
        count, category = ("x", "y") if enc["x"].get("type") == "quantitative" else ("y", "x")
        row_field, value_field = enc[category]["field"], enc[count]["field"]
        color = enc.get("color", {}).get("field")
        row_title = row_title or enc[category].get("title") or row_field
        value_title = value_title or enc[count].get("title") or value_field
        sort = enc[category].get("sort")
        for value in sort if isinstance(sort, list) else ():  # the chart's order of its categories
            categories.setdefault(str(value))
        for row in spec["data"]["values"]:
            key, column = str(row[row_field]), (str(row[color]) if color else value_title)
            categories.setdefault(key)
            columns.setdefault(column)
            cells[(key, column)] = cells.get((key, column), 0) + row[value_field]
    header = [row_title, *columns]
    body = [[key, *(_count(cells.get((key, column))) for column in columns)]
            for key in categories if any((key, column) in cells for column in columns)]
    return header, body


def _count(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


# A figure may sit inside a page's `<section markdown>` (md_in_html), where the text of its HTML is
# read as Markdown again: a name holding "{: onclick=… }" (attr_list) or "[x](javascript:…)" would
# become markup. Markdown's punctuation as character references reads the same in either case.
_MARKDOWN_PUNCTUATION = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]()#+!|~:"}


def _text(text) -> str:
    """Text safe as an element's content whether or not Markdown reads it again."""
    return html_text(text).translate(_MARKDOWN_PUNCTUATION)


def _data_table(chart: Chart) -> str:
    header, body = data_view(chart)
    head = "".join(f'<th>{_text(h)}</th>' for h in header)
    rows = "".join(f'<tr><th>{_text(row[0])}</th>'
                   # the counts: digits, separators and "—" only (_count), nothing to escape
                   + "".join(f'<td>{cell}</td>' for cell in row[1:]) + "</tr>" for row in body)
    return (f'<details class="chart-data"><summary>数据</summary>\n'
            f'<div class="table-wrap"><table class="chart-data-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{rows}</tbody></table></div>\n</details>\n')


# ---------------------------------------------------------------- embedding


# Said where a chart would be when scripts do not run (site.css, html.no-js: Material's class until its
# script runs; once in the stylesheet, not in every figure): its numbers are in a table of the page.
NO_SCRIPT = "图表需要 JavaScript 才能显示；图中的数字见本页的表格。"


def _merged(own, options):
    both = isinstance(options, dict) and isinstance(own, dict)
    return {**own, **options} if both else options


def _held(spec: dict, shape: dict, rules: dict) -> dict:
    """compact() given the shape and what the rows derive (rules: derived() or {})."""
    name = spec["usermeta"]["shape"]
    out = {key: value for key, value in spec.items() if key != "encoding" and shape.get(key) != value}
    for key, value in rules.items():  # a key the rows derive: held only when the chart's is not that
        if key == "encoding":
            continue
        if spec.get(key) == value:
            out.pop(key, None)
        else:
            out[key] = spec.get(key)
    values = (spec.get("data") or {}).get("values")
    if isinstance(values, list) and values and set(spec["data"]) == {"values"}:
        # rows as a table: the field names once (or not at all: the shape's own), not in every row
        columns = list(values[0])
        if all(isinstance(row, dict) and list(row) == columns for row in values):
            rows = [list(row.values()) for row in values]
            fill = FILLS.get(name, {})
            if _same(columns, fill.get("columns")) and _same([row[:-1] for row in rows], fill.get("grid")):
                out["data"] = {"counts": [row[-1] for row in rows]}  # every row of the grid, in order
            else:
                out["data"] = {"rows": rows}
                if not _same(columns, fill.get("columns")):
                    out["data"]["columns"] = columns
    encoding = _held_encoding(spec["encoding"], shape["encoding"], rules.get("encoding", {}))
    if encoding:
        out["encoding"] = encoding
    return out


def _held_encoding(encoding: dict, own_encoding: dict, derived_channels: dict) -> dict:
    """Per channel what neither the shape nor the rows say ({}: the shape's own, not what the rows derive)."""
    out = {}
    for channel, options in encoding.items():
        own = own_encoding.get(channel)
        if channel in derived_channels and options == _merged(own, derived_channels[channel]):
            continue  # the rows say it
        if not (isinstance(options, dict) and isinstance(own, dict)):  # a tooltip's list: whole or not at all
            if own != options or channel in derived_channels:
                out[channel] = options
            continue
        changed = {key: value for key, value in options.items() if own.get(key) != value}
        if changed or channel in derived_channels:
            out[channel] = changed
    return out


def compact(spec: dict) -> dict:
    """What a page holds of a spec: the name of its shape and what the chart fills in that neither the
    shape nor the chart's rows say (derived(): the count axis, the categories' order, the height …): the
    keys that are not the shape's, per channel the options that are not, the data's rows as lists (under
    their columns when they are not the shape's). The whole spec when it has no shape of SHAPES.
    expand() (and charts.js in the browser) makes the spec again; a chart the rules would make wrongly
    says so ("whole" in its usermeta) and holds what the shape does not say, as before the rules."""
    name = (spec.get("usermeta") or {}).get("shape")
    if name not in SHAPE_NAMES:  # (the names, not SHAPES: its labels are not what is compared)
        return spec
    shape = shape_named(name)
    values = (spec.get("data") or {}).get("values")
    rules = derived(name, values) if isinstance(values, list) and set(spec["data"]) == {"values"} else {}
    held = _held(spec, shape, rules)
    if rules and _expanded(json.loads(json.dumps(held)), shape, FILLS[name]) != json.loads(json.dumps(spec)):
        held = {**_held(spec, shape, {}), "usermeta": {"shape": name, "whole": True}}
    return held


def _expanded(held: dict, shape: dict, fill: dict | None) -> dict:
    name = held["usermeta"]["shape"]
    whole = bool(held["usermeta"].get("whole"))
    spec = {**shape, **{key: value for key, value in held.items() if key != "encoding"}}
    spec["usermeta"] = {"shape": name}
    data = held.get("data") or {}
    if "counts" in data:
        data = {"rows": [[*labels, count] for labels, count in zip((fill or {}).get("grid") or [], data["counts"],
                                                                     strict=True)]}
    if "rows" in data:
        columns = data.get("columns") or (fill or {}).get("columns") or []
        spec["data"] = {"values": [dict(zip(columns, row, strict=True)) for row in data["rows"]]}
    values = spec["data"].get("values") if isinstance(spec.get("data"), dict) else None
    rules = derived(name, values) if fill and not whole and isinstance(values, list) else {}
    for key, value in rules.items():
        if key != "encoding" and key not in held:
            spec[key] = value
    spec["encoding"] = {**shape["encoding"]}
    for channel, options in rules.get("encoding", {}).items():
        spec["encoding"][channel] = _merged(shape["encoding"].get(channel), options)
    for channel, options in (held.get("encoding") or {}).items():
        spec["encoding"][channel] = _merged(shape["encoding"].get(channel), options)
    return spec


def expand(held: dict, shapes: dict) -> dict:
    """The spec a page's compact() form stands for, given the shapes by name (the site's shapes file, whose
    shapes carry their rules in usermeta.fill): what charts.js does."""
    name = (held.get("usermeta") or {}).get("shape")
    if "mark" in held or name not in shapes:
        return held
    shape = {key: value for key, value in shapes[name].items() if key != "usermeta"}
    return _expanded(held, shape, (shapes[name].get("usermeta") or {}).get("fill"))


def _exported_as(chart: Chart, uid: str, section: tuple[str, str, str] | None) -> tuple[str, str]:
    """(the exported file's name, the exported image's title) as charts.js makes them when the page does
    not say: the name from the container's id ("chart-" and, in a report's section, the year at its end
    off, that report's id on instead), the title of a chart in a report's section from its body, its
    year and its shape's title (FILLS)."""
    name = uid
    title = ""
    if section is not None:
        body, year, report_id = section
        if uid.endswith(f"-{year}"):
            name = f"{uid[: -len(year) - 1]}-{report_id}"
        what = FILLS.get((chart.spec.get("usermeta") or {}).get("shape"), {}).get("title")
        title = f"{body} {year} 年度：{what}" if what else ""
    return name, title


# What vega draws around a plot of the spec's height (measured in Chromium, Vega 6 / Vega-Lite 6 at the site's
# fonts): the axis under the plot with its labels and title, and the padding (51 px); a colour legend below it,
# 8 px and 18 px a row of entries (appeals' four results in two columns: 44 px); a trend panel's title (26 px).
AXIS_ROOM, LEGEND_ROOM, LEGEND_ROW, TITLE_ROOM = 51, 8, 18, 26


def drawn_height(spec: dict) -> int | None:
    """The height of the chart vega draws from spec (its plot, axis and legend), or None when the spec has no
    fixed height: the room its container keeps before charts.js draws it, so that a page does not grow under
    a reader who jumped to an anchor below it."""
    height = spec.get("height")
    if not isinstance(height, int) or height <= 0:
        return None
    title = spec.get("title")
    height += AXIS_ROOM + (TITLE_ROOM if (title.get("text") if isinstance(title, dict) else title) else 0)
    color = (spec.get("encoding") or {}).get("color") or {}
    legend = color.get("legend", {}) if color.get("field") else None
    if legend is None:
        return height
    values = (spec.get("data") or {}).get("values") or []
    entries = len({row.get(color["field"]) for row in values if isinstance(row, dict)})
    rows = -(-entries // max(1, int(legend.get("columns") or 1)))
    return height + LEGEND_ROOM + LEGEND_ROW * rows


def embed(chart: Chart, uid: str, data_table: bool = True, section: tuple[str, str, str] | None = None) -> str:
    """HTML for one chart: a container and its spec per panel (drawn by assets/charts.js), the caption
    and the data view. The figure's data-title is the exported image's title (charts.js adds the
    source and licence). data_table=False: the page shows the chart's numbers in tables of its own
    (an agency page: the 历年数据 table, the year's 关键数字 and report tables) and says so once.
    section: (body, year, report id) of the report's section (section[data-report]: data-body,
    data-year, data-report) the figure is in, from which charts.js makes the file's name and the title
    when the page does not give them (_exported_as)."""
    # Agency and region names are data in the spec: vega draws them as SVG text and its tooltip
    # escapes them; the spec itself is JSON with no "<" left (json_for_html).
    uid = html_attr(uid)
    derived_name, derived_title = _exported_as(chart, uid, section)
    title = chart.title or chart.caption
    title_attr = "" if title == derived_title else f' data-title="{html_attr(title)}"'
    panels = []
    for i, spec in enumerate(chart.specs):
        cid = f"chart-{uid}" if i == 0 else f"chart-{uid}-{i + 1}"
        name = chart.name if i == 0 else f"{chart.name}-{i + 1}"
        # Named by the figure's caption (aria-labelledby), not by a copy of it in every panel. The exported
        # file is named by the container's id without "chart-" unless data-name says otherwise, and the
        # spec is the container's next element (charts.js): the ~50-byte name once, not four times.
        made = derived_name if i == 0 else f"{derived_name}-{i + 1}"
        named = "" if made == html_attr(name) else f' data-name="{html_attr(name)}"'
        # Room for the plot before it is drawn (charts.js draws a chart only near the viewport, and a page
        # that grew under the reader would move an anchor just jumped to: #y2022, a cited cell).
        height = drawn_height(spec)
        room = f' style="min-height:{height}px"' if height else ""
        panels.append(
            f'<div class="vega-chart" id="{cid}" role="img" aria-labelledby="cap-{uid}"{named}{room}></div>\n'
            f'<script type="application/json" class="vega-spec">{json_for_html(compact(spec))}</script>\n')
    return (
        f'<figure class="chart" data-search-exclude{title_attr}>\n'
        + "".join(panels)
        + f'<figcaption id="cap-{uid}">{_text(chart.caption)}</figcaption>\n'
        + (_data_table(chart) if data_table else "")
        + "</figure>\n"
    )
