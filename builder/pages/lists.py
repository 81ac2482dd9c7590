"""The 机构 page (agencies, by province) and the 未能解析 page (reports that could not be parsed)."""

from __future__ import annotations

from builder.export import Failure
from builder.pages.common import front_matter, md, md_table, page_chain, region_chain, rel
from builder.pages.regions import Region, agency_table

AGENCIES_PAGE = "agencies/index.md"
FAILURES_PAGE = "failures/index.md"


def agencies_index_files(roots: dict[tuple, Region], reports: list[dict]) -> dict[str, str]:
    """One line per province, linking to the sortable table of its agencies on the province's page: a
    table of every agency would grow without bound (tens of thousands of rows). Agencies without a
    known region are listed here."""
    agencies = len({r["agency_id"] for r in reports})
    out = [front_matter("机构"), "# 机构\n\n",
           f"共 {agencies:,} 个机构，按省份列出；点击省份查看该省全部机构（可排序）。\n\n"]
    rows = []
    for root in sorted(roots.values(), key=lambda r: r.name):
        rows.append([f"[{md(root.name)}]({rel(AGENCIES_PAGE, root.page)}#agencies)",
                     f"{len({r['agency_id'] for r in root.reports}):,}", f"{len(root.reports):,}"])
    if rows:
        out.append(md_table(["省份", "机构", "报告"], rows, ["l", "r", "r"]) + "\n")
    unplaced = [r for r in reports if not page_chain(region_chain(r))]
    if unplaced:
        out += ["## 地区未知\n\n", '<section data-search-exclude markdown>\n\n',
                agency_table(unplaced, AGENCIES_PAGE), "\n</section>\n"]
    return {AGENCIES_PAGE: "".join(out)}


def failures_page_files(failures: list[Failure]) -> dict[str, str]:
    out = [front_matter("未能解析"), "# 未能解析\n\n"]
    if not failures:
        out.append("所有报告都解析成功了。\n")
    else:
        out.append(f"以下 {len(failures)} 个文件无法解析，没有进入数据集。每行是程序给出的原因；"
                   "修正文件或补充附属文件（`.yml`）后重新构建即可。\n\n")
        # <code> with escaped text, not a `code span`: a backtick or pipe in a file name cannot end it.
        out.append(md_table(["文件", "原因"], [[f"<code>{md(f.path)}</code>", md(f.error)] for f in failures]))
    return {FAILURES_PAGE: "".join(out)}
