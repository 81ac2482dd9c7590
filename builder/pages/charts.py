"""Altair charts for the pages, and the HTML that embeds them.

Each chart becomes a Vega-Lite spec embedded in the page (rendered in the
browser by the site's own vega-embed, see site_src/assets/charts.js, which
applies the light or dark palette) plus a static SVG made by vl-convert: shown
inside <noscript> and offered for download. SVGs are cached by spec hash, so a
warm rebuild does not render them again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import altair as alt

from builder.files import write_text_atomic
from builder.pages.common import html_attr, html_text, json_for_html
from builder.pages.figures import OUTCOME_GROUPS, key_figures, outcome
from builder.template import (
    APPEAL_GROUPS,
    APPEAL_GROUPS_ZH,
    APPEAL_OUTCOMES,
    APPEAL_OUTCOMES_ZH,
    APPLICANT_COLUMNS,
    APPLICANT_COLUMNS_ZH,
)

WIDTH = 640  # the static SVG's width; in the browser charts fill their container
SCHEME = "tableau10"  # readable on both the light and the dark palette
VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])  # the Vega-Lite Altair writes
FONT = "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif"


@dataclass(frozen=True)
class Chart:
    name: str  # file stem of its SVG, unique on its page
    caption: str  # what it shows, in Chinese
    spec: dict  # Vega-Lite


def _spec(chart: alt.TopLevelMixin) -> dict:
    # validate=False: the specs are built here from fixed code; schema validation of thousands of
    # charts would cost more than the rest of the page generation.
    spec = (chart.configure(font=FONT).configure_view(stroke=None)
            .configure_axis(labelFontSize=12, titleFontSize=12).configure_legend(labelFontSize=12, titleFontSize=12)
            .to_dict(validate=False))
    spec.pop("$schema", None)
    spec["$schema"] = f"https://vega.github.io/schema/vega-lite/v{VL_VERSION}.json"  # an id, never fetched
    return spec


def count_axis(top, title: str) -> dict:
    """A count axis with whole-number ticks only (a count of 1 must not show a tick at 0.5)."""
    top = top or 0
    if top <= 10:
        # Small counts: one tick per whole number, and a visible scale even when all are 0.
        return dict(title=title, scale=alt.Scale(domain=[0, max(1, top)], nice=False),
                    axis=alt.Axis(values=list(range(0, int(max(1, top)) + 1)), format="d"))
    return dict(title=title, axis=alt.Axis(tickMinStep=1, format="~s"))


def _bars(rows: list[dict], y: str, x: str, y_title: str, x_title: str, color: str | None = None,
          order: list[str] | None = None, color_order: list | None = None, height_per_bar: int = 22) -> dict:
    categories = order or list(dict.fromkeys(r[y] for r in rows))
    n_colors = len({r[color] for r in rows}) if color else 1
    height = max(60, height_per_bar * len(categories) * (n_colors if color else 1))
    enc = {
        "y": alt.Y(f"{y}:N", title=None, sort=categories),
        "x": alt.X(f"{x}:Q", **count_axis(max(r[x] for r in rows), x_title)),
        "tooltip": [alt.Tooltip(f"{y}:N", title=y_title), alt.Tooltip(f"{x}:Q", title=x_title)],
    }
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=None, sort=color_order,
                                 scale=alt.Scale(scheme=SCHEME), legend=alt.Legend(orient="bottom"))
        enc["yOffset"] = alt.YOffset(f"{color}:N", sort=color_order)
        enc["tooltip"].append(alt.Tooltip(f"{color}:N", title=""))
    else:
        enc["color"] = alt.value("#4e79a7")
    chart = alt.Chart(alt.Data(values=rows)).mark_bar().encode(**enc).properties(width=WIDTH, height=height)
    return _spec(chart)


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
    spec = _bars(rows, "办理结果", "件数", "办理结果", "件数", color="年度" if several else None,
                 order=[label for _k, label, _r in OUTCOME_GROUPS], color_order=years)
    caption = f"{scope}依申请公开的办理结果：予以公开、部分公开、不予公开、无法提供、不予处理和其他处理各多少件" + (
        "，按年度分列" if several else f"（{years[0]}）")
    return Chart(name, caption, spec)


def applicants_chart(report: dict, name: str = "applicants") -> Chart | None:
    """Who asked: new requests by kind of applicant."""
    v = report.get("values") or {}
    rows = [{"申请人": label, "件数": v.get(f"requests.new_received.{col}")}
            for col, label in zip(APPLICANT_COLUMNS, APPLICANT_COLUMNS_ZH, strict=True)
            if col != "total" and v.get(f"requests.new_received.{col}") is not None]
    if not rows:
        return None
    spec = _bars(rows, "申请人", "件数", "申请人", "本年新收申请（件）",
                 order=[r["申请人"] for r in rows])
    return Chart(name, f"{report.get('year')} 年度新收的政府信息公开申请按申请人类别：自然人、商业企业、科研机构、"
                       "社会公益组织、法律服务机构和其他", spec)


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
    outcomes = [o for o in APPEAL_OUTCOMES_ZH if o != APPEAL_OUTCOMES_ZH[-1]]
    group_sums: dict[str, float] = {}
    for row in rows:
        group_sums[row["类别"]] = group_sums.get(row["类别"], 0) + row["件数"]
    none = "（全部为 0）" if not any(group_sums.values()) else ""
    chart = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        y=alt.Y("类别:N", title=None, sort=list(APPEAL_GROUPS_ZH)),
        x=alt.X("sum(件数):Q", **count_axis(max(group_sums.values()), "件数")),
        color=alt.Color("结果:N", sort=outcomes, scale=alt.Scale(scheme=SCHEME), legend=alt.Legend(orient="bottom")),
        order=alt.Order("结果序:Q"),
        tooltip=["类别:N", "结果:N", "件数:Q"],
    ).transform_calculate(**{"结果序": "indexof(" + json.dumps(outcomes, ensure_ascii=False) + ", datum['结果'])"}
                          ).properties(width=WIDTH, height=110)
    return Chart(name, f"{report.get('year')} 年度政府信息公开行政复议和行政诉讼的结果：维持、纠正、其他结果、尚未审结{none}",
                 _spec(chart))


def trend_chart(reports: list[dict], name: str = "trend") -> Chart | None:
    """Year over year: requests received and handled, reconsiderations, lawsuits."""
    years = sorted({r.get("year") for r in reports if r.get("year")})
    if len(years) < 2:
        return None
    labels = {"received": "本年新收申请", "processed": "办理总计", "reconsideration": "行政复议",
              "litigation": "行政诉讼"}
    rows = []
    for report in reports:
        figures = key_figures(report)
        for key, label in labels.items():
            if report.get("year") and figures[key] is not None:
                rows.append({"年度": str(report["year"]), "指标": label, "件数": figures[key]})
    chart = alt.Chart(alt.Data(values=rows)).mark_line(point=True).encode(
        x=alt.X("年度:O", title="年度", sort=[str(y) for y in years]),
        y=alt.Y("件数:Q", **count_axis(max(r["件数"] for r in rows), "件数")),
        color=alt.Color("指标:N", sort=list(labels.values()), scale=alt.Scale(scheme=SCHEME),
                        legend=alt.Legend(orient="bottom")),
        tooltip=["年度:O", "指标:N", "件数:Q"],
    ).properties(width=WIDTH, height=240)
    return Chart(name, "各年度的新收申请、办理总计、行政复议和行政诉讼件数", _spec(chart))


def compare_chart(rows: list[dict], name: str, caption: str, limit: int = 30) -> Chart | None:
    """Agencies of a region side by side: rows of {"机构": …, "件数": …}, largest first."""
    rows = sorted((r for r in rows if r["件数"] is not None), key=lambda r: -r["件数"])[:limit]
    if not rows:
        return None
    spec = _bars(rows, "机构", "件数", "机构", "本年新收申请（件）", order=[r["机构"] for r in rows],
                 height_per_bar=18)
    return Chart(name, caption, spec)


# ---------------------------------------------------------------- embedding


def svg_of(spec: dict, cache_dir: Path | None) -> str:
    import vl_convert

    key = hashlib.sha256(json.dumps(spec, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    cached = cache_dir / "svg" / f"{key}.svg" if cache_dir else None
    if cached is not None and cached.is_file() and cached.stat().st_size:
        return cached.read_text(encoding="utf-8")
    svg = vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION)
    if cached is not None:
        write_text_atomic(cached, svg)
    return svg


def embed(chart: Chart, page_dir: Path, cache_dir: Path | None, uid: str) -> str:
    """HTML for one chart; writes its SVG beside the page (page_dir) under chart.name."""
    svg_name = f"{chart.name}.svg"
    (page_dir / svg_name).write_text(svg_of(chart.spec, cache_dir), encoding="utf-8")
    # Agency and region names are data in the spec: vega draws them as SVG text and its tooltip
    # escapes them; the spec itself is JSON with no "<" left (json_for_html).
    spec = json_for_html(chart.spec)
    uid, svg = html_attr(uid), html_attr(svg_name)
    return (
        f'<figure class="chart" data-search-exclude>\n'
        f'<div class="vega-chart" id="chart-{uid}" role="img" aria-label="{html_attr(chart.caption)}"></div>\n'
        f'<script type="application/json" class="vega-spec" data-for="chart-{uid}">{spec}</script>\n'
        f'<noscript><img src="{svg}" alt="{html_attr(chart.caption)}"></noscript>\n'
        f'<figcaption>{html_text(chart.caption)} · <a href="{svg}" download>下载 SVG 图</a></figcaption>\n'
        f"</figure>\n"
    )
