"""The data-quality page: every failed check across the dataset, grouped by rule, and the share passing all."""

from __future__ import annotations

from builder.export import passes_checks
from builder.pages.common import SEVERITY_ZH, agency_page, front_matter, link, md, md_table
from builder.pages.figures import pct
from builder.template import RULES

PAGE = "quality/index.md"


def quality_page_files(reports: list[dict]) -> dict[str, str]:
    passing = sum(passes_checks(r) for r in reports)
    share = pct(passing / len(reports)) if reports else "—"
    out = [front_matter("数据质量"), "# 数据质量\n\n",
           f"**{passing:,}** / {len(reports):,} 份报告（{share}）通过了全部检查"
           "（没有未确认的错误或警告）。\n\n",
           "每份报告都按模板自身的勾稽关系和以下规则检查。“已确认”表示报告的附属文件"
           "（`known_issues`）说明这是报告原文的问题，不是解析错误。\n\n"]

    summary = []
    by_rule: dict[str, list[tuple[dict, dict]]] = {}
    for report in reports:
        for check in report["checks"]:
            by_rule.setdefault(check["rule"], []).append((report, check))
    for rule in RULES:
        found = by_rule.get(rule.name, [])
        summary.append([f"[{md(rule.title_zh)}](#{rule.name})", f"`{rule.name}`", SEVERITY_ZH[rule.severity],
                        str(len(found)), str(len({r['id'] for r, _c in found}))])
    out.append(md_table(["规则", "编号", "级别", "条数", "涉及报告"], summary, ["l", "l", "l", "r", "r"]) + "\n")

    for rule in RULES:
        found = by_rule.get(rule.name, [])
        out.append(f"## {md(rule.title_zh)} {{#{rule.name}}}\n\n")
        out.append(f"`{rule.name}` · {SEVERITY_ZH[rule.severity]} · {md(rule.what_zh)}\n\n")
        if not found:
            out.append("没有报告触发这条规则。\n\n")
            continue
        rows = [[link(r.get("agency") or r["agency_id"], PAGE, agency_page(r["agency_id"])),
                 str(r.get("year") or ""), md(c.get("message") or ""), "已确认" if c.get("acknowledged") else ""]
                for r, c in found]
        out.append('<section data-search-exclude markdown>\n\n'
                   + md_table(["机构", "年度", "说明", ""], rows, ["l", "r", "l", "l"]) + "\n</section>\n\n")
    unknown = sorted(set(by_rule) - {r.name for r in RULES})
    for name in unknown:
        out.append(f"## {md(name)}\n\n{len(by_rule[name])} 条。\n\n")
    return {PAGE: "".join(out)}
