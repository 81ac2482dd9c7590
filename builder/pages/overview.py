"""The overview on the home page: counts, national totals, how requests were handled, top agencies."""

from __future__ import annotations

from builder.export import passes_checks
from builder.pages import charts
from builder.pages.common import agency_page, link, md_table
from builder.pages.figures import OUTCOME_GROUPS, fmt, key_figures, pct, sum_figures
from builder.pages.regions import latest_by_agency, region_tree, totals_table, walk

TOP = 10


def _top(reports: list[dict], page: str, key, value_label: str, fmt_value, minimum=None) -> str:
    ranked = []
    for report in reports:
        value = key(report)
        if value is not None and (minimum is None or minimum(report)):
            ranked.append((value, report))
    ranked.sort(key=lambda pair: (-pair[0], pair[1]["id"]))
    if not ranked or not ranked[0][0]:
        return "（暂无数据）\n"
    rows = [[link(r.get("agency") or r["agency_id"], page, agency_page(r["agency_id"])),
             str(r.get("year") or ""), fmt_value(v)] for v, r in ranked[:TOP] if v]
    return md_table(["机构", "年度", value_label], rows, ["l", "r", "r"])


def overview_markdown(reports: list[dict], page: str = "index.md") -> str:
    """Markdown for the home page's generated part."""
    if not reports:
        return "还没有解析成功的报告。\n"
    agencies = {r["agency_id"] for r in reports}
    regions = [n for n in walk(region_tree(reports))]
    years = sorted({r["year"] for r in reports if r.get("year")})
    passing = sum(passes_checks(r) for r in reports)
    s = sum_figures(reports)
    out = [
        f"目前收录 **{len(reports):,}** 份报告，来自 **{len(agencies):,}** 个机构、"
        f"**{len(regions):,}** 个地区（省、市、县），"
        + (f"{years[0]} 年度。" if len(years) == 1 else f"{years[0]}–{years[-1]} 年度。")
        if years else f"目前收录 **{len(reports):,}** 份报告。",
        f"其中 **{passing:,}** 份（{pct(passing / len(reports))}）通过了全部检查，"
        f"见[数据质量]({'quality/index.md'})。\n\n",
        '<section data-search-exclude markdown>\n\n',
        "## 全国合计\n\n", totals_table(reports), "\n",
        "## 依申请公开的办理结果\n\n",
    ]
    handled_rows = [[label, fmt(s.get(key)), pct(s.get(f"{key}_share"))] for key, label, _r in OUTCOME_GROUPS]
    out.append(md_table(["办理结果", "件数", "占办理总计"], handled_rows, ["l", "r", "r"]) + "\n")
    merged = {"id": "all", "year": "全部", "values": {}}
    for _key, _label, rows in OUTCOME_GROUPS:
        # One synthetic "report" holding the national sum of each result row, so the same chart code applies.
        for row in rows:
            total = None
            for r in reports:
                v = (r.get("values") or {}).get(f"requests.{row}.total")
                if v is not None:
                    total = (total or 0) + v
            merged["values"][f"requests.{row}.total"] = total
    chart = charts.handled_chart([merged], "handled-all", scope="全部报告")
    if chart:
        chart = charts.Chart(chart.name, f"全部 {len(reports):,} 份报告中依申请公开的办理结果合计", chart.spec)
        out.append(charts.embed(chart, "handled-all") + "\n")

    latest = latest_by_agency(reports)
    out.append("## 收到申请最多的机构\n\n")
    out.append(_top(latest, page, lambda r: key_figures(r)["received"], "本年新收申请", fmt) + "\n")
    out.append("## 予以公开比例最高的机构\n\n只计办理总计不少于 5 件的机构。\n\n")
    out.append(_top(latest, page, lambda r: key_figures(r)["granted_share"], "予以公开占比", pct,
                    minimum=lambda r: (key_figures(r)["processed"] or 0) >= 5) + "\n")
    out.append("## 行政复议被纠正最多的机构\n\n")
    out.append(_top(latest, page, lambda r: key_figures(r)["reconsideration_corrected"], "复议结果纠正", fmt) + "\n")
    out.append("</section>\n")
    return "".join(out)
