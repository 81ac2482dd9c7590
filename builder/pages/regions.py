"""Region pages: every province, city and county with reports — totals, its agencies, a comparison chart."""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.export import failed_checks
from builder.pages import charts
from builder.pages.common import (
    LEVEL_ZH,
    agency_page,
    front_matter,
    html_text,
    link,
    md,
    md_table,
    page_chain,
    region_chain,
    region_page,
)
from builder.pages.figures import fmt, key_figures, pct, sum_figures


@dataclass
class Region:
    chain: tuple[tuple[str, str], ...]  # ((level, name), …) from the province down
    reports: list[dict] = field(default_factory=list)
    children: dict[tuple, Region] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.chain[-1][1]

    @property
    def level(self) -> str:
        return self.chain[-1][0]

    @property
    def page(self) -> str:
        return region_page(self.chain)


def region_tree(reports: list[dict]) -> dict[tuple, Region]:
    """Top-level regions (usually provinces), each with its sub-regions; every node holds all its reports."""
    roots: dict[tuple, Region] = {}
    for report in reports:
        chain = page_chain(region_chain(report))
        level = roots
        for i in range(len(chain)):
            key = chain[: i + 1]
            node = level.setdefault(key, Region(key))
            node.reports.append(report)
            level = node.children
    return roots


def walk(nodes: dict[tuple, Region]):
    for node in nodes.values():
        yield node
        yield from walk(node.children)


def latest_by_agency(reports: list[dict]) -> list[dict]:
    latest: dict[str, dict] = {}
    for report in reports:
        old = latest.get(report["agency_id"])
        if old is None or (report.get("year") or 0) >= (old.get("year") or 0):
            latest[report["agency_id"]] = report
    return list(latest.values())


def agency_table(reports: list[dict], page: str) -> str:
    """Sortable table of agencies (latest year of each), linking to their pages."""
    rows = []
    for report in sorted(latest_by_agency(reports), key=lambda r: r["agency_id"]):
        f = key_figures(report)
        rows.append([
            link(report.get("agency") or report["agency_id"], page, agency_page(report["agency_id"])),
            md(LEVEL_ZH.get(report.get("level"), "未知")), str(report.get("year") or ""),
            fmt(f["received"]), fmt(f["processed"]), pct(f["granted_share"]),
            fmt(f["reconsideration"]), fmt(f["reconsideration_corrected"]), fmt(f["litigation"]),
            str(len(failed_checks(report))),
        ])
    return md_table(["机构", "层级", "年度", "新收申请", "办理总计", "予以公开占比", "行政复议", "复议纠正",
                     "行政诉讼", "未通过检查"], rows, ["l", "l", "r", "r", "r", "r", "r", "r", "r", "r"])


def totals_table(reports: list[dict]) -> str:
    s = sum_figures(reports)
    agencies = len({r["agency_id"] for r in reports})
    years = sorted({str(r["year"]) for r in reports if r.get("year")})
    rows = [
        ["报告", f"{len(reports):,}"], ["机构", f"{agencies:,}"], ["年度", "、".join(years)],
        ["本年新收申请合计", fmt(s.get("received"))], ["办理结果合计", fmt(s.get("processed"))],
        ["予以公开占比", pct(s.get("granted_share"))], ["部分公开占比", pct(s.get("partially_granted_share"))],
        ["行政复议合计", fmt(s.get("reconsideration"))], ["复议结果纠正", fmt(s.get("reconsideration_corrected"))],
        ["行政诉讼合计", fmt(s.get("litigation"))], ["诉讼结果纠正", fmt(s.get("litigation_corrected"))],
    ]
    # A grid of figures (raw HTML): eleven numbers read better side by side than in a tall table.
    cards = "".join(f'<div class="stat"><div class="stat-value">{html_text(value) or "—"}</div>'
                    f'<div class="stat-label">{html_text(label)}</div></div>' for label, value in rows)
    return f'<div class="stats">{cards}</div>\n'



def region_page_files(region: Region) -> dict[str, str]:
    page = region.page
    crumbs = [link("全部地区", page, "regions/index.md")]
    for i in range(len(region.chain) - 1):
        crumbs.append(link(region.chain[i][1], page, region_page(region.chain[: i + 1])))
    s = sum_figures(region.reports)
    out = [front_matter(region.name, boost=1.5), f"# {md(region.name)}\n\n",
           " → ".join(crumbs) + f" → {md(region.name)}\n\n",
           f"{md(region.name)}（{LEVEL_ZH[region.level]}）共有 {len(region.reports)} 份报告、"
           f"{len({r['agency_id'] for r in region.reports})} 个机构；本年新收申请合计 {fmt(s.get('received')) or 0} 件，"
           f"行政复议 {fmt(s.get('reconsideration')) or 0} 件，行政诉讼 {fmt(s.get('litigation')) or 0} 件。\n\n",
           "<section data-search-exclude markdown>\n\n## 合计\n\n", totals_table(region.reports), "\n"]
    if region.children:
        out.append("## 下级地区\n\n")
        rows = []
        for child in sorted(region.children.values(), key=lambda c: c.name):
            cs = sum_figures(child.reports)
            rows.append([link(child.name, page, child.page), md(LEVEL_ZH[child.level]), str(len(child.reports)),
                         fmt(cs.get("received")), fmt(cs.get("reconsideration")), fmt(cs.get("litigation"))])
        out.append(md_table(["地区", "层级", "报告", "新收申请", "行政复议", "行政诉讼"], rows,
                            ["l", "l", "r", "r", "r", "r"]) + "\n")
    latest = latest_by_agency(region.reports)
    chart = charts.compare_chart(
        [{"机构": r.get("agency") or r["agency_id"], "件数": key_figures(r)["received"]} for r in latest],
        "compare", f"{region.name}各机构本年新收政府信息公开申请件数（各机构最近一个年度"
                   + ("，只列最多的 30 个" if len(latest) > 30 else "") + "）")
    if chart and len(latest) > 1:  # one agency: its own page has its charts
        out.append("## 机构比较\n\n" + charts.embed(chart, "compare") + "\n")
    out.append("## 机构 {#agencies}\n\n点击表头可以排序。\n\n" + agency_table(region.reports, page) + "\n</section>\n")
    return {page: "".join(out)}


def regions_index_files(roots: dict[tuple, Region], reports: list[dict]) -> dict[str, str]:
    page = "regions/index.md"
    out = [front_matter("地区"), "# 地区\n\n", "有报告的省、市、县。点击地区名查看合计、机构列表和比较图。\n\n"]
    for root in sorted(roots.values(), key=lambda r: r.name):
        out.append(f"## {link(root.name, page, root.page)}\n\n")
        lines = []
        for child in sorted(root.children.values(), key=lambda c: c.name):
            grand = "、".join(link(g.name, page, g.page) for g in sorted(child.children.values(), key=lambda c: c.name))
            lines.append(f"- {link(child.name, page, child.page)}（{len(child.reports)} 份报告）" +
                         (f"：{grand}" if grand else ""))
        out.append("\n".join(lines) + "\n\n" if lines else f"{len(root.reports)} 份报告。\n\n")
    unplaced = [r for r in reports if not region_chain(r)]
    if unplaced:
        out.append("## 地区未知\n\n" + "\n".join(
            f"- {link(r.get('agency') or r['agency_id'], page, agency_page(r['agency_id']))}" for r in unplaced) + "\n")
    return {page: "".join(out)}
